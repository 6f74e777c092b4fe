//! Cells of a UTF-8 file that are not quite UTF-8: decoded with U+FFFD (`�`) in place of
//! each maximal invalid sequence (as std and the WHATWG decoder do: `\xE9` is one, the
//! overlong `\xC0\xAF` two, the UTF-16 surrogate `\xED\xA0\x80` three), and shown with
//! those bytes escaped (`Caf\xE9 Nord`) so the shopper can find and fix them.
//!
//! Only rows that fail the one UTF-8 check per record come here.

use std::borrow::Cow;
use std::fmt::Write;

/// How many bytes of a long cell an issue shows, around its first bad byte.
const SHOWN: usize = 160;

/// The cell's text, each invalid sequence read as U+FFFD.
pub fn text(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// How many maximal invalid sequences `bytes` holds (0 for valid UTF-8).
pub fn bad_sequences(bytes: &[u8]) -> usize {
    bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count()
}

/// The bytes as text, each byte of an invalid sequence written `\xHH`.
pub fn escaped(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    Cow::Owned(out)
}

/// [`escaped`], cut to about [`SHOWN`] bytes around the first invalid byte of a long cell
/// (`…` marks a cut), for an issue's value.
pub fn excerpt(bytes: &[u8]) -> String {
    if bytes.len() <= SHOWN {
        return escaped(bytes).into_owned();
    }
    let first_bad = bytes.utf8_chunks().next().map_or(0, |c| c.valid().len());
    // Before the first bad byte the text is valid: step back to a character's start.
    let is_continuation = |b: u8| (0x80..0xC0).contains(&b);
    let mut start = first_bad.saturating_sub(SHOWN / 4);
    while start > 0 && bytes.get(start).copied().is_some_and(is_continuation) {
        start -= 1;
    }
    let mut end = (start + SHOWN).min(bytes.len());
    // Do not cut a character after it in two (which would show as bad bytes).
    let mut extra = 0;
    while extra < 3 && bytes.get(end).copied().is_some_and(is_continuation) {
        end += 1;
        extra += 1;
    }
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < bytes.len() { "…" } else { "" };
    format!("{lead}{}{tail}", escaped(&bytes[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_maximal_invalid_sequence_is_one_replacement() {
        // A Windows-1252 é; an overlong `/` (C0 is never valid, AF alone is a stray
        // continuation); a UTF-16 surrogate in WTF-8 (ED must be followed by 80..9F);
        // a character cut short (E2 82 then ASCII) is one sequence.
        let cases: [(&[u8], &str, usize, &str); 5] = [
            (b"Caf\xE9 Nord", "Caf\u{fffd} Nord", 1, "Caf\\xE9 Nord"),
            (b"a\xC0\xAFb", "a\u{fffd}\u{fffd}b", 2, "a\\xC0\\xAFb"),
            (b"\xED\xA0\x80", "\u{fffd}\u{fffd}\u{fffd}", 3, "\\xED\\xA0\\x80"),
            (b"\xE2\x82x", "\u{fffd}x", 1, "\\xE2\\x82x"),
            ("Café".as_bytes(), "Café", 0, "Café"),
        ];
        for (bytes, text_, n, shown) in cases {
            assert_eq!(text(bytes), text_, "{bytes:?}");
            assert_eq!(bad_sequences(bytes), n, "{bytes:?}");
            assert_eq!(escaped(bytes), shown, "{bytes:?}");
        }
    }

    #[test]
    fn a_long_cell_is_shown_around_its_first_bad_byte() {
        // 1000 × `é` (2 bytes each), then a stray byte, then 1000 × `x`.
        let bytes = ["é".repeat(1000).as_bytes(), b"\xFF", "x".repeat(1000).as_bytes()].concat();
        let got = excerpt(&bytes);
        // 40 bytes (20 × é) before the bad byte, then 119 bytes of `x`: 160 in all.
        assert_eq!(got, format!("…{}\\xFF{}…", "é".repeat(20), "x".repeat(119)));
        // Short cells are shown whole.
        assert_eq!(excerpt(b"Caf\xE9"), "Caf\\xE9");
    }

    #[test]
    fn a_cut_does_not_split_a_character() {
        // The cut at byte 160 falls inside an `é`: it moves past it.
        let bytes = [b"\x80".as_slice(), "x".repeat(158).as_bytes(), "éé".as_bytes(), b"tail"].concat();
        assert_eq!(excerpt(&bytes), format!("\\x80{}é…", "x".repeat(158)));
    }
}
