//! Text as the charts show it: data made safe to draw (control characters out, blank names
//! named), measured with the embedded font, and cut to a width with an ellipsis.

use plotters::style::{FontDesc, FontFamily, FontStyle, TextStyle};
use plotters::style::{RGBColor, text_anchor::Pos};

use super::font::FAMILY;

/// A face and size of the embedded font.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Font {
    pub const fn new(size: f64) -> Font {
        Font { size, bold: false }
    }

    pub const fn bold(size: f64) -> Font {
        Font { size, bold: true }
    }

    fn desc(&self) -> FontDesc<'static> {
        let style = if self.bold { FontStyle::Bold } else { FontStyle::Normal };
        // Not `into_font().style(..)`: that keeps the regular face's glyphs.
        FontDesc::new(FontFamily::from(FAMILY), self.size, style)
    }

    /// A text style in `color`, anchored at `pos`.
    pub fn style(&self, color: RGBColor, pos: Pos) -> TextStyle<'static> {
        self.desc().color(&color).pos(pos)
    }

    /// The width of `text` in pixels (an estimate if the font is not registered); of its
    /// first [`LONGEST`] characters when it is longer, which is wider than any chart.
    pub fn width(&self, text: &str) -> i32 {
        let text = head(text).0;
        match self.desc().box_size(text) {
            Ok((w, _)) => i32::try_from(w).unwrap_or(i32::MAX),
            Err(_) => (text.chars().count() as f64 * self.size * 0.6) as i32,
        }
    }

    /// `text` as it is if it fits in `max` pixels, else its longest prefix that fits with
    /// `…` after it.
    /// Text longer than [`LONGEST`] characters is always cut: only its head is measured.
    pub fn fit(&self, text: &str, max: i32) -> String {
        let (text, cut) = head(text);
        if !cut && self.width(text) <= max {
            return text.to_string();
        }
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let with_ellipsis = |n: usize| {
            let cut = ends.get(n).copied().unwrap_or(text.len());
            format!("{}…", text.get(..cut).unwrap_or_default().trim_end())
        };
        // The longest n with a fitting prefix of n characters: binary search on n.
        let (mut lo, mut hi) = (0, ends.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.width(&with_ellipsis(mid)) <= max { lo = mid } else { hi = mid - 1 }
        }
        with_ellipsis(lo)
    }
}

impl Font {
    /// `text` broken at spaces into at most `lines` lines of at most `max` pixels; the last
    /// line is cut with an ellipsis when the text does not fit.
    pub fn wrap(&self, text: &str, max: i32, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() && out.len() + 1 < lines {
            // The longest run of whole words that fits; a single long word is cut below.
            let mut end = None;
            for (i, _) in rest.match_indices(' ').chain([(rest.len(), "")]) {
                match rest.get(..i) {
                    Some(head) if self.width(head) <= max => end = Some(i),
                    _ => break,
                }
            }
            let Some(end) = end else { break };
            out.push(rest.get(..end).unwrap_or_default().trim_end().to_string());
            rest = rest.get(end..).unwrap_or_default().trim_start();
        }
        if !rest.is_empty() {
            out.push(self.fit(rest, max));
        }
        out
    }
}

/// More characters than any line of a chart holds (1,600 pixels wide, and no glyph of the
/// embedded font at the sizes used is under 2 pixels but the zero-width ones): longer text
/// is measured and cut by its first this many, so a 50 MB name costs what a long one does
/// (it took plotters' layout 40 s, measured whole at every step of [`Font::fit`]'s search).
pub const LONGEST: usize = 1000;

/// The first [`LONGEST`] characters of `text`, and whether that cut anything.
fn head(text: &str) -> (&str, bool) {
    match text.char_indices().nth(LONGEST) {
        Some((i, _)) => (text.get(..i).unwrap_or(text), true),
        None => (text, false),
    }
}

/// Data text made safe to draw as one line: control characters (line breaks, tabs, NUL)
/// and the two code points XML forbids (U+FFFE, U+FFFF) become spaces, runs of spaces
/// collapse, and a name that is left blank reads `blank`.
pub fn clean(text: &str, blank: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() { blank.to_string() } else { trimmed.to_string() }
}

/// A score for people: one decimal, halves away from zero (as the terminal table).
pub fn score(v: f64) -> String {
    crate::number::one_decimal(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_what_breaks_a_line_or_xml() {
        assert_eq!(clean("a\nb\t\tc\0d\u{FFFF}", "-"), "a b c d");
        assert_eq!(clean("  \r\n ", "(blank)"), "(blank)");
        assert_eq!(clean("../\"x\" 🙂", "-"), "../\"x\" 🙂");
    }

    #[test]
    fn fit_cuts_on_characters_with_an_ellipsis() {
        assert!(super::super::font::ensure_registered().is_ok());
        let font = Font::new(20.0);
        assert_eq!(font.fit("Leeds", 500), "Leeds");
        let long = "é🙂x".repeat(70);
        let cut = font.fit(&long, 300);
        assert!(cut.ends_with('…') && cut.len() < long.len(), "{cut}");
        assert!(font.width(&cut) <= 300);
        assert_eq!(font.fit(&long, 1), "…");
    }

    /// A name of 10 million characters is cut from its first 1,000 at once; one of
    /// zero-width spaces, which would fit whole, is cut too.
    #[test]
    fn fit_of_a_huge_text_measures_only_its_head() {
        assert!(super::super::font::ensure_registered().is_ok());
        let font = Font::new(20.0);
        let huge = "L".repeat(10_000_000);
        let cut = font.fit(&huge, 300);
        assert!(cut.ends_with('…') && font.width(&cut) <= 300, "{cut}");
        // The same width as its head's: only the head was measured (no clock needed).
        assert_eq!(font.width(&huge), font.width(&huge[..LONGEST]));
        let invisible = "\u{200B}".repeat(LONGEST + 1);
        assert!(font.fit(&invisible, 300).ends_with('…'));
        let exactly = "i".repeat(LONGEST);
        assert_eq!(font.fit(&exactly, i32::MAX), exactly, "as long as the head: not cut");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_the_last_line() {
        assert!(super::super::font::ensure_registered().is_ok());
        let font = Font::new(20.0);
        assert_eq!(font.wrap("Product knowledge and honesty", 2000, 2), ["Product knowledge and honesty"]);
        let two = font.wrap("Product knowledge and honesty", font.width("Product knowledge"), 2);
        assert_eq!(two, ["Product knowledge", "and honesty"]);
        let cut = font.wrap("aaaa bbbb cccc dddd eeee", font.width("aaaa bbbb"), 2);
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[0], "aaaa bbbb");
        assert!(cut[1].ends_with('…'), "{cut:?}");
        assert_eq!(font.wrap("", 100, 2), Vec::<String>::new());
    }
}
