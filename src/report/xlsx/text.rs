//! Text from the data into cells, literally: always a string cell (never a formula, even
//! for `=HYPERLINK(...)`, `+1`, `-1` or `@SUM(...)`), never over Excel's cell limit.

use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

use super::style::Styles;

/// The most a cell holds, in UTF-16 units: what Excel and rust_xlsxwriter count (the
/// same as characters for all text outside the astral planes, such as emoji). The same
/// limit ingest reports cut cells by.
pub const CELL_LIMIT: usize = crate::ingest::EXCEL_CELL_UNITS;

/// `text` cut on a character boundary where it would pass [`CELL_LIMIT`]. The data issue
/// for a cut cell comes from ingest; here it is only cut. (Literal `_xHHHH_` sequences, which
/// the file format uses to escape characters, are escaped by rust_xlsxwriter itself.)
pub fn cut(text: &str) -> &str {
    // UTF-16 units never outnumber UTF-8 bytes, so a short text fits as it is.
    if text.len() <= CELL_LIMIT {
        return text;
    }
    let mut units = 0;
    for (i, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > CELL_LIMIT {
            return text.get(..i).unwrap_or_default();
        }
    }
    text
}

/// Text that a spreadsheet would take for a formula if someone retyped it: such cells get
/// Excel's quote prefix, so editing them keeps them text.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes `text` as a string cell; nothing for empty text.
pub fn put(ws: &mut Worksheet, row: RowNum, col: ColNum, text: &str, styles: &Styles) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let text = cut(text);
    if looks_like_formula(text) {
        ws.write_string_with_format(row, col, text, &styles.quoted)?;
    } else {
        ws.write_string(row, col, text)?;
    }
    Ok(())
}

/// Writes `text` as a string cell in `format`, quote-prefixed (and still in `format`)
/// when it looks like a formula; nothing for empty text.
pub fn put_in(ws: &mut Worksheet, row: RowNum, col: ColNum, text: &str, format: &Format) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let text = cut(text);
    if looks_like_formula(text) {
        ws.write_string_with_format(row, col, text, &format.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// Writes `text` wrapped in its cell, as [`put_in`] does.
pub fn put_wrapped(ws: &mut Worksheet, row: RowNum, col: ColNum, text: &str, styles: &Styles) -> Result<(), XlsxError> {
    put_in(ws, row, col, text, &styles.wrap)
}

/// A short word centred ([`Styles::word`]), as [`put_in`] writes text.
pub fn word(ws: &mut Worksheet, row: RowNum, col: ColNum, text: &str, styles: &Styles) -> Result<(), XlsxError> {
    put_in(ws, row, col, text, &styles.word)
}

/// `text` cut to `max` characters, with `…` when cut: for a cell that must fit its
/// column on a printed page.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}\u{2026}", text.get(..i).unwrap_or(text).trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc\u{2026}");
        assert_eq!(shorten("ab d", 3), "ab\u{2026}");
    }

    #[test]
    fn short_text_is_kept() {
        assert_eq!(cut("=HYPERLINK(\"http://x\")"), "=HYPERLINK(\"http://x\")");
        assert_eq!(cut("é".repeat(100).as_str()), "é".repeat(100));
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        assert_eq!(cut(&"a".repeat(40_000)).len(), CELL_LIMIT);
        assert_eq!(cut(&"é".repeat(40_000)).chars().count(), CELL_LIMIT);
        assert_eq!(cut(&"é".repeat(CELL_LIMIT)).chars().count(), CELL_LIMIT);
        // An emoji is two UTF-16 units: 16,383 of them fit, the next would pass the limit.
        assert_eq!(cut(&"😀".repeat(20_000)).chars().count(), 16_383);
    }

    #[test]
    fn formula_lookalikes() {
        for t in ["=1+1", "+1 great", "-1 slow", "@SUM(A1)"] {
            assert!(looks_like_formula(t), "{t}");
        }
        assert!(!looks_like_formula("great =)"));
    }
}
