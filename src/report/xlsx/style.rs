//! The workbook's look, shared by every sheet: formats, the header row, and small writers
//! for numbers so that every score is a number cell shown with one decimal.

use rust_xlsxwriter::{ColNum, Color, Format, FormatBorder, RowNum, Worksheet, XlsxError};

/// Scores, pass rates and shares are 0-100 numbers shown with one decimal.
pub const ONE_DECIMAL: &str = "0.0";

/// A change in points, with its sign.
pub const SIGNED: &str = "+0.0;-0.0;0.0";

/// Fills for red-amber-green against the target.
const GREEN: u32 = 0xC6EFCE;
const AMBER: u32 = 0xFFEB9C;
const RED: u32 = 0xFFC7CE;

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
    /// [`Styles::quoted`] and [`Styles::wrap`] together.
    pub quoted_wrap: Format,
    /// Centred (line numbers in the long sheets).
    pub center: Format,
    pub good: Format,
    pub amber: Format,
    pub bad: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let fill = |bg: u32, fg: u32| Format::new().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg));
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
            quoted_wrap: Format::new().set_quote_prefix().set_text_wrap(),
            center: Format::new().set_align(rust_xlsxwriter::FormatAlign::Center),
            good: fill(GREEN, 0x006100),
            amber: fill(AMBER, 0x9C5700),
            bad: fill(RED, 0x9C0006),
        }
    }
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
