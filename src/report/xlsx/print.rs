//! Page setup for every sheet of every workbook (the chain's and the cards'), applied in one
//! place as the sheets are added: landscape, one page wide (as many pages down as needed),
//! the header row repeated on every page, narrow margins, and a footer with the rubric, the
//! period, the sheet's name and "Page N of M". The Summary prints on one page, its print
//! area set by [`super::summary`] (its chart's data and the funnel plot sit outside it).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::view::View;

/// Excel ignores (and rust_xlsxwriter refuses) a footer past 255 characters.
const FOOTER_LIMIT: usize = 255;

/// The longest rubric name kept in the footer.
const RUBRIC_IN_FOOTER: usize = 80;

/// Margins in inches: left, right, top, bottom, header, footer.
const MARGINS: [f64; 6] = [0.4, 0.4, 0.5, 0.6, 0.2, 0.25];

/// The page setup every sheet of a workbook shares.
pub struct Print {
    footer: String,
}

impl Print {
    pub fn new(v: &View) -> Print {
        let r = v.rubric;
        let version = r.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
        let name: String = format!("{}{version}", r.name).chars().take(RUBRIC_IN_FOOTER).collect();
        let period = match &v.focus {
            Some(f) if f.split() => format!("{}; {}", f.label(), f.window_label()),
            Some(f) => f.label().to_string(),
            None => "no dated visit".to_string(),
        };
        let left = escape(&format!("{name} · {period}"));
        let footer = format!("&L{left}&C&A&RPage &P of &N");
        // A footer Excel would refuse loses the rubric's name, never the page numbers.
        let footer = if footer.encode_utf16().count() > FOOTER_LIMIT {
            format!("&L{}&C&A&RPage &P of &N", escape(&period))
        } else {
            footer
        };
        Print { footer }
    }

    /// Sets `ws` up for printing.
    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_landscape();
        let [left, right, top, bottom, header, footer] = MARGINS;
        ws.set_margins(left, right, top, bottom, header, footer);
        ws.set_footer(&self.footer);
        ws.set_print_center_horizontally(true);
        if ws.name() == "Summary" {
            ws.set_print_fit_to_pages(1, 1);
        } else {
            ws.set_print_fit_to_pages(1, 0);
            ws.set_repeat_rows(0, 0)?;
        }
        Ok(())
    }
}

/// Text for a header or footer: `&` starts a code there, so a literal one is doubled.
fn escape(text: &str) -> String {
    text.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn ampersands_are_doubled_so_they_print_as_written() {
        assert_eq!(escape("Bed & Bath &P"), "Bed && Bath &&P");
        assert_eq!(escape("plain"), "plain");
    }
}
