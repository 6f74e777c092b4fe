//! A record's cells ([`Fields`]): each as bytes or as text, the whole record checked as
//! UTF-8 once; a cell trimmed ([`trim`]); and the row re-quoted as the file had it
//! ([`raw_text`]), for the issues that show a whole row.

use std::borrow::Cow;

use super::records::Record;
use super::utf8;

/// `str::trim`, without its Unicode scan for the usual cell that starts and ends with a
/// visible ASCII character (or is empty).
pub(super) fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    let visible = |c: Option<&u8>| c.is_none_or(u8::is_ascii_graphic);
    if visible(b.first()) && visible(b.last()) { text } else { text.trim() }
}

/// A record's cells: its bytes, checked as UTF-8 once for the whole record (or, with a
/// byte that is not UTF-8 somewhere, decoded cell by cell with U+FFFD for bad bytes).
pub(super) struct Fields<'a> {
    pub(super) all: &'a [u8],
    pub(super) text: Option<&'a str>,
    pub(super) bounds: &'a [(usize, usize)],
}

impl<'a> Fields<'a> {
    pub(super) fn new(record: &'a Record<'a>) -> Fields<'a> {
        // simdutf8 checks a row's 130-odd bytes in 32-byte steps where std goes by words:
        // the same answer (a test holds it to std's), 5% off a 1M-visit run.
        Fields { all: record.bytes, text: simdutf8::basic::from_utf8(record.bytes).ok(), bounds: record.bounds }
    }

    pub(super) fn len(&self) -> usize {
        self.bounds.len()
    }

    pub(super) fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.bounds.get(i).map_or(0..0, |&(a, b)| a..b)
    }

    pub(super) fn bytes(&self, i: usize) -> &'a [u8] {
        self.all.get(self.range(i)).unwrap_or_default()
    }

    pub(super) fn cell(&self, i: usize) -> Cow<'a, str> {
        // Fields end at ASCII delimiters, so a field of valid text is valid text.
        match self.text.and_then(|t| t.get(self.range(i))) {
            Some(text) => Cow::Borrowed(text),
            None => utf8::text(self.bytes(i)),
        }
    }

    /// The record as the csv crate holds one (tests hold [`raw_text`] to its quoting).
    #[cfg(test)]
    fn to_record(&self) -> csv::ByteRecord {
        (0..self.len()).map(|i| self.bytes(i)).collect()
    }
}

/// The row as the shopper's file had it, re-quoted where needed as the csv crate quotes
/// (a field holding the delimiter, `"`, `\r` or `\n`, and a lone empty field; a test holds
/// the bytes to its writer's), in one pass. Not through csv::Writer: csv_core searches the
/// rest of a quoted field for its next `"` each time the writer's 8 KiB buffer fills, so a
/// 60 MB row took 18 s.
pub(super) fn raw_text(fields: &Fields, delimiter: u8) -> String {
    let special = |b: &u8| *b == delimiter || matches!(b, b'"' | b'\r' | b'\n');
    let mut out = Vec::with_capacity(fields.all.len() + 3 * fields.len());
    for i in 0..fields.len() {
        if i > 0 {
            out.push(delimiter);
        }
        let field = fields.bytes(i);
        if field.iter().any(special) || (fields.len() == 1 && field.is_empty()) {
            out.push(b'"');
            for (j, piece) in field.split(|&b| b == b'"').enumerate() {
                if j > 0 {
                    out.extend_from_slice(b"\"\"");
                }
                out.extend_from_slice(piece);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field);
        }
    }
    // Bytes that are not UTF-8 are shown as `\xHH`, as an `invalid_utf8` issue shows them.
    utf8::escaped(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use crate::ingest::records::Records;

    /// The row check says what std says, on rows around its 32-byte steps: a stray
    /// Windows-1252 byte, a character cut short, an overlong form, a surrogate.
    #[test]
    fn rows_are_checked_as_std_checks_them() {
        let bad: [&[u8]; 6] = [b"\x92", b"\xC3", b"\xE2\x82", b"\xC0\xAF", b"\xED\xA0\x80", b"\xF4\x90\x80\x80"];
        let good = ["é", "€", "😀", "a"];
        for n in [0, 1, 30, 31, 32, 33, 63, 64, 130] {
            let pad = "x,".repeat(n / 2);
            for piece in bad.iter().copied().chain(good.iter().map(|g| g.as_bytes())) {
                let row = [pad.as_bytes(), piece, pad.as_bytes()].concat();
                let ours = simdutf8::basic::from_utf8(&row).is_ok();
                assert_eq!(ours, std::str::from_utf8(&row).is_ok(), "{row:?}");
                assert_eq!(ours, good.iter().any(|g| g.as_bytes() == piece), "{row:?}");
            }
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for text in ["", "a", " a", "a ", "\ta b\n", "\u{a0}x\u{a0}", "x\u{2003}", "\u{feff}y", "é", " é ", "a\u{85}"]
        {
            assert_eq!(super::trim(text), text.trim(), "{text:?}");
        }
    }

    /// raw_text quotes as the csv crate's writer does, byte for byte, and a huge quoted
    /// row in linear time.
    #[test]
    fn raw_text_is_the_csv_writers_quoting() {
        let texts = [
            "a,b,c\n",
            "\"x,y\",\"say \"\"hi\"\"\",plain\n",
            "\"line\none\",\"\",,\"cr\rx\"\n",
            "\"\"\n",
            "\"only\"\"quotes\"\"\"\n",
            "caf\u{e9},\" padded \", \n",
            "a;b\t\"c\"\n",
        ];
        for delimiter in [b',', b';', b'\t'] {
            for text in texts {
                let mut records = Records::new(text.as_bytes(), delimiter);
                let record = records.next_record().unwrap().unwrap();
                let fields = super::Fields::new(&record);
                let mut want = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
                want.write_byte_record(&fields.to_record()).unwrap();
                let want = String::from_utf8(want.into_inner().unwrap()).unwrap();
                assert_eq!(super::raw_text(&fields, delimiter), want.trim_end_matches('\n'), "{text:?} {delimiter}");
            }
        }
        let huge = format!("V1,\"{}\"\n", "a,b ".repeat(5_000_000));
        let mut records = Records::new(huge.as_bytes(), b',');
        let record = records.next_record().unwrap().unwrap();
        // No clock here (speed lives in benches/run.sh): a quadratic quoting of this 20 MB
        // row would not finish in any test run.
        assert_eq!(super::raw_text(&super::Fields::new(&record), b','), huge.trim_end());
    }
}
