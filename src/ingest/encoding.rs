//! Which text encoding and delimiter a CSV export uses, guessed from its first bytes.
//!
//! Excel saves "CSV" as UTF-8 (often with a byte-order mark), as the Windows code page
//! (Windows-1252 in Western Europe) or as "Unicode text" (UTF-16). We read the first
//! 64 KiB: a BOM settles it; NUL bytes on every other position mean UTF-16 without one;
//! valid UTF-8 means UTF-8; anything else is Windows-1252.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many bytes are read up front to guess the encoding and delimiter.
pub const SNIFF_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Copy)]
pub struct Sniffed {
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark at the start, 0 if none.
    pub bom: usize,
    pub delimiter: u8,
}

impl Sniffed {
    /// The encoding's name as users know it, e.g. `UTF-8 (with BOM)`.
    pub fn label(&self) -> String {
        let name = self.encoding.name();
        if self.bom > 0 { format!("{name} (with BOM)") } else { name.to_string() }
    }
}

pub fn sniff(prefix: &[u8]) -> Sniffed {
    let (encoding, bom) = match Encoding::for_bom(prefix) {
        Some((enc, len)) => (enc, len),
        None => (guess(prefix), 0),
    };
    let text = if encoding == UTF_8 {
        String::from_utf8_lossy(&prefix[bom..])
    } else {
        Cow::Owned(encoding.decode_without_bom_handling(&prefix[bom..]).0.into_owned())
    };
    Sniffed { encoding, bom, delimiter: delimiter(&text) }
}

fn guess(prefix: &[u8]) -> &'static Encoding {
    let even_nuls = prefix.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = prefix.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = prefix.len() / 2;
    if half > 0 && odd_nuls * 3 > half {
        return UTF_16LE;
    }
    if half > 0 && even_nuls * 3 > half {
        return UTF_16BE;
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => UTF_8,
        // Cut off in the middle of a character at the end of the prefix: still UTF-8.
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => WINDOWS_1252,
    }
}

/// The delimiter of the header line: the most frequent of `,` `;` and tab outside quotes;
/// a comma when there is none.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 { b',' } else { [b',', b';', b'\t'][best] }
}

/// Text of one cell of a file read as UTF-8. A stray byte that is not UTF-8 (a file
/// mostly ASCII, saved from Windows) is read as Windows-1252 rather than lost.
pub fn cell_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_decide_the_encoding() {
        let s = sniff(b"\xEF\xBB\xBFa;b\n1;2\n");
        assert_eq!((s.encoding, s.bom, s.delimiter), (UTF_8, 3, b';'));
        let s = sniff(b"\xFF\xFEa\0,\0b\0");
        assert_eq!((s.encoding, s.bom, s.delimiter), (UTF_16LE, 2, b','));
    }

    #[test]
    fn utf16_without_bom_is_seen_by_its_nuls() {
        assert_eq!(sniff(b"a\0\t\0b\0\n\0").encoding, UTF_16LE);
        assert_eq!(sniff(b"\0a\0;\0b\0\n").encoding, UTF_16BE);
    }

    #[test]
    fn invalid_utf8_is_windows_1252() {
        let s = sniff(b"store,comment\nCaf\xE9,ok\n");
        assert_eq!(s.encoding, WINDOWS_1252);
        assert_eq!(cell_text(b"Caf\xE9"), "Café");
    }

    #[test]
    fn delimiter_counts_only_outside_quotes_on_the_header_line() {
        assert_eq!(sniff(b"\"a,b\";c;d\n1,2,3,4,5,6\n").delimiter, b';');
        assert_eq!(sniff(b"a\tb\tc\n").delimiter, b'\t');
        assert_eq!(sniff(b"single\n").delimiter, b',');
    }
}
