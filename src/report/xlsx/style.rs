//! The workbook's look, shared by every sheet: formats, the header row, the fills of the
//! one colour language ([`Fills`]), and small writers for numbers so that every score is a
//! number cell shown with one decimal.

use rust_xlsxwriter::{ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};

use crate::report::palette;
use crate::target::TargetStatus;

/// Scores, pass rates and shares are 0-100 numbers shown with one decimal.
pub const ONE_DECIMAL: &str = "0.0";

/// A change in points, with its sign.
pub const SIGNED: &str = "+0.0;-0.0;0.0";

/// The formats every sheet uses.
pub struct Styles {
    pub header: Format,
    /// A block's title inside a sheet (Summary, About).
    pub block: Format,
    pub score: Format,
    pub change: Format,
    /// Text that looks like a formula: quote-prefixed, so editing it keeps it text.
    pub quoted: Format,
    pub wrap: Format,
    /// A short word (a status, a grade, yes / no) centred, clear of the numbers beside it.
    pub word: Format,
    /// Text indented from a number on its left.
    pub indent: Format,
    /// Centred (line numbers in the long sheets).
    pub center: Format,
}

impl Styles {
    pub fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            block: Format::new().set_bold().set_font_size(12),
            score: Format::new().set_num_format(ONE_DECIMAL),
            change: Format::new().set_num_format(SIGNED),
            quoted: Format::new().set_quote_prefix(),
            wrap: Format::new().set_text_wrap(),
            word: Format::new().set_align(FormatAlign::Center),
            indent: Format::new().set_indent(1),
            center: Format::new().set_align(rust_xlsxwriter::FormatAlign::Center),
        }
    }
}

/// The cell fills of the one colour language ([`palette`]), written per cell so a cell's
/// colour is decided by the same number as the word or symbol beside it and can never
/// disagree with it: a score against the target (its symbol after the number: `94.5 ✓`,
/// `82.0 ~`, `61.3 ✗`), and each grade band. One fill per cell, black text on every fill.
pub struct Fills {
    /// On, near and under the target.
    status: [Format; 3],
    /// Per grade band (rubric order), then scores that reach no band.
    grades: Vec<Format>,
}

impl Fills {
    /// Fills for a rubric whose grade bands are named `bands` (rubric order). A grade fill
    /// shows the band's name after the number (`72.8 Fair`), so a score coloured by band
    /// carries its word too; a name with other characters than letters, digits, spaces and
    /// `-` (which a number format would have to escape) is shown without it.
    pub fn new(bands: &[&str]) -> Fills {
        let fill = |rgb: palette::Rgb| {
            Format::new()
                .set_background_color(Color::RGB(rgb))
                .set_font_color(Color::RGB(palette::TEXT))
                .set_num_format(ONE_DECIMAL)
        };
        let status =
            |s: TargetStatus| fill(palette::status(s)).set_num_format(format!("{ONE_DECIMAL}\" {}\"", s.symbol()));
        Fills {
            status: [TargetStatus::On, TargetStatus::Near, TargetStatus::Under].map(status),
            grades: (0..=bands.len())
                .map(|i| {
                    let colour = fill(palette::grade(Some(i), bands.len()));
                    match bands.get(i).filter(|n| plain(n)) {
                        Some(name) => colour.set_num_format(format!("{ONE_DECIMAL}\" {name}\"")),
                        None => colour,
                    }
                })
                .collect(),
        }
    }

    /// A score's fill against the target, showing the status's symbol after the number.
    pub fn status(&self, s: TargetStatus) -> &Format {
        let [on, near, under] = &self.status;
        match s {
            TargetStatus::On => on,
            TargetStatus::Near => near,
            TargetStatus::Under => under,
        }
    }

    /// The fill of grade band `band` (rubric order); no band's grey for `None`.
    pub fn grade(&self, band: Option<usize>) -> &Format {
        let last = self.grades.len() - 1;
        &self.grades[band.unwrap_or(last).min(last)]
    }
}

/// A band name a number format can show as it is: 1 to 20 letters, digits, spaces or `-`.
fn plain(name: &str) -> bool {
    (1..=20).contains(&name.chars().count()) && name.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
}

/// A header row at `row`, frozen when it is the first.
pub fn header(ws: &mut Worksheet, row: RowNum, headers: &[&str], styles: &Styles) -> Result<(), XlsxError> {
    for (col, h) in (0..).zip(headers) {
        ws.write_string_with_format(row, col, *h, &styles.header)?;
    }
    if row == 0 {
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(())
}

/// A sheet's columns, each with its header and width, written as a header row tall enough
/// for every header to wrap between words (none is cut).
#[derive(Debug, Default)]
pub struct Columns {
    names: Vec<String>,
    widths: Vec<f64>,
}

impl Columns {
    /// Adds a column at least `width` wide and wide enough for the longest word of its
    /// header; returns its number.
    pub fn add(&mut self, name: impl Into<String>, width: f64) -> ColNum {
        let name = name.into();
        self.widths.push(width.max(word_width(&name)));
        self.names.push(name);
        col(self.names.len() - 1)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Widens every column to at least the width of the same column of `other`.
    pub fn widen_to(&mut self, other: &Columns) {
        self.widths.iter_mut().zip(&other.widths).for_each(|(w, o)| *w = w.max(*o));
    }

    /// The header row at `row` (frozen when it is the first), the widths, and the row's height.
    pub fn write(&self, ws: &mut Worksheet, row: RowNum, styles: &Styles) -> Result<(), XlsxError> {
        let names: Vec<&str> = self.names().collect();
        header(ws, row, &names, styles)?;
        widths(ws, &self.widths)?;
        self.write_height(ws, row)
    }

    /// Another header row with the same columns' names at `row` (a second block of a sheet).
    pub fn write_again(&self, ws: &mut Worksheet, row: RowNum, styles: &Styles) -> Result<(), XlsxError> {
        let names: Vec<&str> = self.names().collect();
        header(ws, row, &names, styles)?;
        self.write_height(ws, row)
    }

    fn write_height(&self, ws: &mut Worksheet, row: RowNum) -> Result<(), XlsxError> {
        let lines = self.names.iter().zip(&self.widths).map(|(n, w)| lines(n, *w, BOLD_AVERAGE)).max().unwrap_or(1);
        ws.set_row_height(row, row_height(lines))?;
        Ok(())
    }
}

/// Bold header text is up to this much wider than the character units column widths count
/// (Calibri's digit width in Excel; LibreOffice without Calibri's metric twin draws
/// DejaVu Sans, wider still, as the sample printed through LibreOffice shows).
const BOLD: f64 = 1.3;

/// What a line of bold words takes on average (letters and spaces are narrower than digits).
const BOLD_AVERAGE: f64 = 1.0;

/// What a line of plain text takes on average, per character unit.
pub const PLAIN_AVERAGE: f64 = 0.9;

/// The height in points of a row of `lines` lines of 11-point text.
pub fn row_height(lines: usize) -> f64 {
    15.0 * lines.max(1) as f64 + 2.0
}

/// The width a column needs so that the longest word of `text` (in bold) is not split.
fn word_width(text: &str) -> f64 {
    let longest = text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    (longest as f64 * BOLD + 2.0).ceil()
}

/// How many lines `text` wraps to, between words, in a column `width` characters wide;
/// `scale` is how much wider than a character unit its letters are.
pub fn lines(text: &str, width: f64, scale: f64) -> usize {
    let room = ((width - 1.0) / scale).max(1.0);
    let mut n = 0;
    for paragraph in text.split('\n') {
        let (mut count, mut used) = (1, 0.0);
        for word in paragraph.split_whitespace() {
            let len = word.chars().count() as f64;
            if used > 0.0 && used + 1.0 + len > room {
                (count, used) = (count + 1, 0.0);
            }
            if used > 0.0 {
                used += 1.0 + len;
            } else {
                // A word longer than a line is split over as many lines as it needs.
                let extra = ((len / room).ceil() as usize).saturating_sub(1);
                count += extra;
                used = len - extra as f64 * room;
            }
        }
        n += count;
    }
    n
}

/// The formats of a listing whose rows may wrap (the Alerts and Actions sheets): every
/// cell aligned to the top, so a row's cells line up when one of them runs to several
/// lines; long text wraps inside its column, so the sheet prints at a readable size.
pub struct Listing {
    pub text: Format,
    pub wrap: Format,
    /// Words after a number on their left.
    pub indent: Format,
    pub score: Format,
    pub count: Format,
    pub word: Format,
}

impl Listing {
    pub fn new() -> Listing {
        let top = Format::new().set_align(FormatAlign::Top);
        Listing {
            wrap: top.clone().set_text_wrap(),
            indent: top.clone().set_indent(1).set_text_wrap(),
            score: top.clone().set_num_format(ONE_DECIMAL),
            count: top.clone(),
            word: top.clone().set_align(FormatAlign::Center),
            text: top,
        }
    }

    /// Gives row `r` the height its wrapped `cells` need, each `(text, column width)`.
    pub fn fit_row(ws: &mut Worksheet, r: RowNum, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
        let most = cells.iter().map(|(text, width)| lines(text, *width, PLAIN_AVERAGE)).max().unwrap_or(1);
        if most > 1 {
            ws.set_row_height(r, row_height(most))?;
        }
        Ok(())
    }

    /// After `listed` rows of a listing of `total` (columns 0 to `last`): a filter over
    /// them, and a line naming `file` for the rest.
    pub fn end(ws: &mut Worksheet, listed: usize, total: usize, last: ColNum, file: &str) -> Result<(), XlsxError> {
        ws.autofilter(0, 0, row(listed), last)?;
        if total > listed {
            ws.write_string(row(listed + 2), 0, format!("and {} more: {file} lists every one", total - listed))?;
        }
        Ok(())
    }
}

/// The most rows the Alerts and Actions sheets list (Excel's limit is 1,048,576); their
/// CSV files have every one.
pub const MAX_LISTED: usize = 100_000;

/// Column widths from the first column on, in Excel's character units.
pub fn widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, w) in (0..).zip(widths) {
        ws.set_column_width(col, *w)?;
    }
    Ok(())
}

/// A score (or pass rate, or share) with one decimal; an empty cell when there is none.
pub fn score(ws: &mut Worksheet, row: RowNum, col: ColNum, v: Option<f64>, styles: &Styles) -> Result<(), XlsxError> {
    number(ws, row, col, v, &styles.score)
}

/// A number in `format`; an empty cell for `None` (and, defensively, for a non-finite value).
pub fn number(ws: &mut Worksheet, row: RowNum, col: ColNum, v: Option<f64>, format: &Format) -> Result<(), XlsxError> {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        ws.write_number_with_format(row, col, v, format)?;
    }
    Ok(())
}

/// A count.
pub fn count(ws: &mut Worksheet, row: RowNum, col: ColNum, n: u64) -> Result<(), XlsxError> {
    ws.write_number(row, col, n as f64)?;
    Ok(())
}

/// `yes` / `no`, or nothing.
pub fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// A width in character units for a column holding `texts`, between `min` and `max`.
pub fn fit<'a>(texts: impl Iterator<Item = &'a str>, min: f64, max: f64) -> f64 {
    let longest = texts.map(|t| t.chars().count()).max().unwrap_or(0) as f64;
    (longest + 2.0).clamp(min, max)
}

/// A 0-based index as a row number, saturating (Excel stops far below `u32::MAX`, and
/// rust_xlsxwriter rejects rows past its limit with an error).
pub fn row(i: usize) -> RowNum {
    RowNum::try_from(i).unwrap_or(RowNum::MAX)
}

/// A 0-based index as a column number, saturating like [`row`].
pub fn col(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_wrap_between_words() {
        // 11 characters of room over 1.2 each = 9.2: "Score" (5) and "2026-10" (5 + 1 + 7 = 13) do not share a line.
        assert_eq!(lines("Score 2026-10", 12.0, 1.2), 2);
        // 19 / 1.2 = 15.8: "Score 2026-10" (13) fits on one.
        assert_eq!(lines("Score 2026-10", 20.0, 1.2), 1);
        assert_eq!(lines("", 10.0, 1.0), 1);
        assert_eq!(lines("a\nb", 10.0, 1.0), 2, "a line break starts a line");
        // A 20-letter word in 10 characters of room takes two lines, the next word a third.
        assert_eq!(lines(&format!("{} abcdefghij", "x".repeat(20)), 11.0, 1.0), 3);
    }

    #[test]
    fn a_column_is_wide_enough_for_its_longest_header_word() {
        let mut cols = Columns::default();
        // "Rank": 4 × 1.3 + 2 = 7.2, rounded up to 8, over the 6 asked for.
        assert_eq!(cols.add("Rank", 6.0), 0);
        // "Critical" has 8 letters: 8 × 1.3 + 2 = 12.4, rounded up.
        assert_eq!(cols.add("Critical failure visits 2026-10", 10.0), 1);
        assert_eq!(cols.add("Target", 20.0), 2, "wider than its word: as asked");
        assert_eq!(cols.widths, [8.0, 13.0, 20.0]);
        // At 13 wide: (13 - 1) / 1.0 = 12 letters a line; "Critical failure" takes 16,
        // "failure visits" 14 and "visits 2026-10" 14, so each word has a line of its own.
        assert_eq!(lines(&cols.names[1], 13.0, BOLD_AVERAGE), 4);
        assert_eq!(row_height(4), 62.0);
    }

    #[test]
    fn fills_are_the_palettes_with_the_status_symbol_after_the_number() {
        let fills = Fills::new(&["Good", "Poor"]);
        let on = Format::new()
            .set_background_color(Color::RGB(0x4393C3))
            .set_font_color(Color::RGB(0x1A1A1A))
            .set_num_format("0.0\" ✓\"");
        assert!(*fills.status(TargetStatus::On) == on);
        let worst = Format::new()
            .set_background_color(Color::RGB(0xD6604D))
            .set_font_color(Color::RGB(0x1A1A1A))
            .set_num_format("0.0\" Poor\"");
        assert!(*fills.grade(Some(1)) == worst, "the second of two bands is the worst: red, with its name");
        let odd = Fills::new(&["A \"B\"", "Poor"]);
        let plain_blue = Format::new()
            .set_background_color(Color::RGB(0x4393C3))
            .set_font_color(Color::RGB(0x1A1A1A))
            .set_num_format(ONE_DECIMAL);
        assert!(*odd.grade(Some(0)) == plain_blue, "a name with quotes is left out of the format");
        assert!(*fills.grade(None) == fills.grades[2], "no band: grey");
        assert!(*fills.grade(Some(7)) == fills.grades[2]);
    }
}
