//! Which text encoding and delimiter a CSV export uses, guessed from its first bytes.
//!
//! Excel saves "CSV" as UTF-8 (often with a byte-order mark), as the Windows code page
//! (Windows-1252 in Western Europe) or as "Unicode text" (UTF-16). We read the first
//! 64 KiB: a BOM settles it; NUL bytes on every other position mean UTF-16 without one.
//! Otherwise the non-ASCII text decides: UTF-8 unless the sequences that are not UTF-8
//! outnumber the characters that are ([`Tally`]). A UTF-8 file with a few stray bytes is
//! read as UTF-8, each stray byte a data issue ([`super::utf8`]); a Windows-1252 export,
//! whose accented letters are single bytes that are never valid UTF-8 after ASCII, is
//! read as Windows-1252 throughout. When the first 64 KiB lean to Windows-1252 on a few
//! bytes only (a stray byte in ASCII text whose accented names come later), up to
//! [`UNSURE_BYTES`] are read before deciding ([`read_more_if_unsure`]).

use std::borrow::Cow;
use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many bytes are read up front to guess the encoding and delimiter.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The most read up front when the first [`SNIFF_BYTES`] do not settle the encoding.
pub const UNSURE_BYTES: usize = 4 << 20;

/// From this many sequences that are not UTF-8 (outnumbering the UTF-8 characters),
/// Windows-1252 is sure: a UTF-8 file is not that broken.
const SURE_INVALID: usize = 16;

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

/// Reads more of `src` onto `prefix` (doubling it, up to [`UNSURE_BYTES`]) while the
/// encoding [`sniff`] would guess from it is Windows-1252 on fewer than [`SURE_INVALID`]
/// bytes: the UTF-8 characters that outvote a stray byte may come later.
pub fn read_more_if_unsure(prefix: &mut Vec<u8>, src: &mut impl Read) -> io::Result<()> {
    while prefix.len() < UNSURE_BYTES && unsure(prefix) {
        let before = prefix.len();
        let want = before.max(SNIFF_BYTES).min(UNSURE_BYTES - before);
        src.take(want as u64).read_to_end(prefix)?;
        if prefix.len() < before + want {
            break; // the end of the file
        }
    }
    Ok(())
}

fn unsure(prefix: &[u8]) -> bool {
    if Encoding::for_bom(prefix).is_some() || guess(prefix) != WINDOWS_1252 {
        return false;
    }
    Tally::of(prefix).invalid < SURE_INVALID
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
    let tally = Tally::of(prefix);
    if tally.invalid > tally.valid { WINDOWS_1252 } else { UTF_8 }
}

/// The evidence for UTF-8 in some bytes: non-ASCII characters that are valid UTF-8, and
/// maximal sequences that are not (overlong forms and UTF-16 surrogates among them). A
/// character cut off by the end of the bytes counts as neither.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub valid: usize,
    pub invalid: usize,
}

impl Tally {
    pub fn of(bytes: &[u8]) -> Tally {
        // Every non-ASCII character of valid UTF-8 has exactly one lead byte (0xC0 and up).
        let leads = |text: &[u8]| text.iter().filter(|&&b| b >= 0xC0).count();
        let mut tally = Tally::default();
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => return Tally { valid: tally.valid + leads(rest), ..tally },
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    tally.valid += leads(good);
                    let Some(n) = e.error_len() else { return tally };
                    tally.invalid += 1;
                    rest = bad.get(n..).unwrap_or_default();
                }
            }
        }
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
    fn single_byte_accents_are_windows_1252() {
        // é, ü and ’ as Windows-1252 writes them: three bytes, none valid UTF-8.
        let s = sniff(b"store,comment\nCaf\xE9,M\xFCller\x92s\n");
        assert_eq!(s.encoding, WINDOWS_1252);
        assert_eq!(Tally::of(b"store,comment\nCaf\xE9,M\xFCller\x92s\n"), Tally { valid: 0, invalid: 3 });
    }

    #[test]
    fn a_few_stray_bytes_in_utf8_text_leave_it_utf8() {
        // One stray byte, two é: UTF-8. A tie is UTF-8 too (its stray byte is reported).
        assert_eq!(sniff(&[b"a\xE9,".as_slice(), "Café,Crème\n".as_bytes()].concat()).encoding, UTF_8);
        assert_eq!(sniff(b"\xC3\xA9,\xE9\n").encoding, UTF_8);
        assert_eq!(sniff(b"\xC3\xA9,\xE9,\xFC\n").encoding, WINDOWS_1252);
        // Pure ASCII, and a character cut off by the end of the prefix: UTF-8.
        assert_eq!(sniff(b"a,b\n").encoding, UTF_8);
        assert_eq!(sniff(b"a,b\nCaf\xC3").encoding, UTF_8);
    }

    /// A stray byte at the start of 100 KiB of ASCII, then `é`: read on until the `é`s
    /// outvote it. A Windows-1252 file with 16 accents in its first 64 KiB stops there.
    #[test]
    fn a_few_stray_bytes_are_weighed_against_more_of_the_file() {
        let ascii = "x,y\n".repeat(25_000);
        let file = [b"\xE9,\xE9\n".as_slice(), ascii.as_bytes(), "é,é,é\n".as_bytes(), b"tail"].concat();
        let mut prefix = file[..SNIFF_BYTES].to_vec();
        assert_eq!(sniff(&prefix).encoding, WINDOWS_1252);
        read_more_if_unsure(&mut prefix, &mut &file[SNIFF_BYTES..]).unwrap();
        // 64 KiB, then one more read of up to 64 KiB reaches the end.
        assert_eq!(prefix, file);
        assert_eq!(sniff(&prefix).encoding, UTF_8);

        let sure = [b"\xE9,\xFC\n".repeat(8).as_slice(), ascii.as_bytes()].concat();
        let mut prefix = sure[..SNIFF_BYTES].to_vec();
        read_more_if_unsure(&mut prefix, &mut &sure[SNIFF_BYTES..]).unwrap();
        assert_eq!((prefix.len(), sniff(&prefix).encoding), (SNIFF_BYTES, WINDOWS_1252));

        // UTF-8 from the start: nothing more is read.
        let mut prefix = b"a,\xC3\xA9\n".to_vec();
        read_more_if_unsure(&mut prefix, &mut &b"more"[..]).unwrap();
        assert_eq!(prefix, b"a,\xC3\xA9\n");
    }

    #[test]
    fn unsure_reads_stop_at_their_cap() {
        // One stray byte, then ASCII for ever: 4 MiB are read, not more.
        let mut prefix = b"\xE9\n".to_vec();
        read_more_if_unsure(&mut prefix, &mut io::repeat(b'x')).unwrap();
        assert_eq!(prefix.len(), UNSURE_BYTES);
        // From a length that leaves less than 64 KiB to the cap.
        let mut prefix = [b"\xE9\n".as_slice(), &vec![b'x'; UNSURE_BYTES - 10]].concat();
        read_more_if_unsure(&mut prefix, &mut io::repeat(b'x')).unwrap();
        assert_eq!(prefix.len(), UNSURE_BYTES);
    }

    #[test]
    fn overlong_forms_and_surrogates_count_as_invalid() {
        // C0 AF: two sequences (C0 never starts one); ED A0 80: three; F0 9F 98 80 is 😀.
        assert_eq!(Tally::of(b"\xC0\xAF"), Tally { valid: 0, invalid: 2 });
        assert_eq!(Tally::of(b"\xED\xA0\x80"), Tally { valid: 0, invalid: 3 });
        assert_eq!(Tally::of("😀 é € \u{10ffff}".as_bytes()), Tally { valid: 4, invalid: 0 });
        assert_eq!(Tally::of(b"\xE2\x82"), Tally { valid: 0, invalid: 0 });
    }

    #[test]
    fn delimiter_counts_only_outside_quotes_on_the_header_line() {
        assert_eq!(sniff(b"\"a,b\";c;d\n1,2,3,4,5,6\n").delimiter, b';');
        assert_eq!(sniff(b"a\tb\tc\n").delimiter, b'\t');
        assert_eq!(sniff(b"single\n").delimiter, b',');
    }
}
