//! Files that are not CSV text at all, told by their first bytes before any column is
//! looked for: a renamed workbook or archive, a PDF, or bytes padded with NULs. Said once,
//! in words, rather than as a missing-column line for every column of the rubric.

/// What the file looks like, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    /// Completes "this is ...".
    pub what: String,
    pub hint: String,
}

/// A run of this many NUL bytes is never text, in any encoding we read (UTF-16 text
/// has at most one NUL in a row, between ASCII characters).
const NUL_RUN: usize = 8;

/// Why `prefix` (a file's first bytes) cannot be CSV text, or `None` if it may be.
pub fn refuse_non_text(prefix: &[u8]) -> Option<NotText> {
    let save_as_csv = "open it in Excel (or the survey tool) and save it as CSV UTF-8, then score that file";
    let utf32 = "save it as CSV UTF-8 (or UTF-16, Excel's \"Unicode text\")";
    let known: [(&[u8], &str, &str); 8] = [
        (b"PK\x03\x04", "a zip archive (an .xlsx workbook?), not CSV text", save_as_csv),
        (b"PK\x05\x06", "an empty zip archive, not CSV text", save_as_csv),
        (
            b"\x1F\x8B",
            "a gzip-compressed file, not CSV text",
            "decompress it first (with gunzip) and score the CSV it holds",
        ),
        (b"%PDF", "a PDF document, not CSV text", "export the visit reports as CSV from the survey tool"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an Excel 97-2003 workbook (.xls) or another Office document, not CSV text",
            save_as_csv,
        ),
        (
            b"\xFD7zXZ\x00",
            "an xz-compressed file, not CSV text",
            "decompress it first (with unxz) and score the CSV it holds",
        ),
        // Before UTF-16 is guessed from its byte-order mark, which this one starts with.
        (b"\xFF\xFE\x00\x00", "UTF-32 text, which shopscore does not read", utf32),
        (b"\x00\x00\xFE\xFF", "UTF-32 text, which shopscore does not read", utf32),
    ];
    if let Some((_, what, hint)) = known.iter().find(|(magic, _, _)| prefix.starts_with(magic)) {
        return Some(NotText { what: what.to_string(), hint: hint.to_string() });
    }
    let run = nul_run(prefix)?;
    Some(NotText {
        what: format!("not CSV text: it holds a run of NUL bytes from byte {}", run + 1),
        hint: "a text file padded with NULs (a copy cut short, or a file written by a program that crashed) or a binary file; export or copy the CSV again".to_string(),
    })
}

/// Where the first run of [`NUL_RUN`] NUL bytes starts (0-based), if there is one.
fn nul_run(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = memchr::memchr(0, &bytes[at..]) {
        let start = at + i;
        let len = bytes[start..].iter().take_while(|&&b| b == 0).count();
        if len >= NUL_RUN {
            return Some(start);
        }
        at = start + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_workbooks_and_pdfs_are_named() {
        let what = |b: &[u8]| refuse_non_text(b).map(|n| n.what);
        assert_eq!(
            what(b"PK\x03\x04\x14\x00\x06\x00").as_deref(),
            Some("a zip archive (an .xlsx workbook?), not CSV text")
        );
        assert!(what(b"\x1F\x8B\x08\x00").unwrap().starts_with("a gzip-compressed file"));
        assert!(what(b"%PDF-1.7\n").unwrap().starts_with("a PDF document"));
        assert!(what(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0").unwrap().contains("(.xls)"));
        assert!(what(b"\xFF\xFE\0\0V\0\0\0").unwrap().starts_with("UTF-32 text"));
        // UTF-16 with its byte-order mark is text.
        assert_eq!(what(b"\xFF\xFEV\0i\0"), None);
        // CSV text, with a letter P or a NUL here and there, is not refused.
        assert_eq!(what(b"PK,Store\n1,Leeds\n"), None);
        assert_eq!(what(b"Visit ID,Store\0,Date\n"), None);
    }

    #[test]
    fn nul_padding_is_seen_by_a_run_of_eight() {
        let text = [b"Visit ID,Store\nV1,Leeds\n".as_slice(), &[0; 4096]].concat();
        assert_eq!(
            refuse_non_text(&text).map(|n| n.what),
            Some("not CSV text: it holds a run of NUL bytes from byte 25".into())
        );
        // Seven NULs, twice, and UTF-16 (one NUL between ASCII characters) are not a run.
        assert_eq!(nul_run(b"a\0\0\0\0\0\0\0b\0\0\0\0\0\0\0"), None);
        assert_eq!(nul_run(b"V\0i\0s\0i\0t\0"), None);
        assert_eq!(nul_run(b"ab\0\0\0\0\0\0\0\0"), Some(2));
    }
}
