//! The bytes of a YAML file (a rubric or a run file) as text, checked before any parser
//! sees them: at most [`MAX_BYTES`], a UTF-8 byte-order mark dropped, UTF-16 decoded,
//! other encodings named; then ([`check`]) at most [`MAX_BYTES`] long and nested no deeper
//! than [`MAX_DEPTH`] brackets or [`MAX_INDENT`] columns (a YAML parser's time and stack
//! grow with nesting: 100,000 nested `[` took 40 s).

/// The largest rubric or run file read: real ones are a few KiB.
pub const MAX_BYTES: usize = 1 << 20;
/// The deepest nesting of flow brackets (`[`, `{`).
pub const MAX_DEPTH: usize = 32;
/// The widest indentation, in columns, of any line.
pub const MAX_INDENT: usize = 200;

/// Why the bytes are not usable text, with the line and column where known.
#[derive(Debug, PartialEq)]
pub struct TextError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: String,
    pub hint: String,
}

/// Decodes `bytes` (UTF-8 with or without a byte-order mark, or UTF-16 with or without
/// one), then [`check`]s the text.
pub fn decode(bytes: &[u8]) -> Result<String, TextError> {
    too_big(bytes.len() as u64)?;
    let text = match utf16(bytes) {
        Some(encoding) => {
            let (text, _, bad) = encoding.decode(bytes);
            if bad {
                return Err(TextError {
                    line: None,
                    column: None,
                    problem: format!("the file looks like {} text but is not valid {0}", encoding.name()),
                    hint: "save it as UTF-8 text".into(),
                });
            }
            text.into_owned()
        }
        None => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => text.to_string(),
                Err(e) => return Err(not_utf8(bytes, e.valid_up_to())),
            }
        }
    };
    Ok(check(&text)?.to_string())
}

/// Checks size and nesting of text already decoded, and drops a leading byte-order mark.
pub fn check(text: &str) -> Result<&str, TextError> {
    too_big(text.len() as u64)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    depth(text)?;
    one_document(text)?;
    Ok(text)
}

/// Refuses a second YAML document (a `---` line after content, or content after `...`),
/// which a parser reading one document would silently ignore. Such markers can only
/// stand at column 1, and no scalar of the document can hold them there.
fn one_document(text: &str) -> Result<(), TextError> {
    let (mut content, mut ended) = (false, false);
    for (i, line) in text.lines().enumerate() {
        let marker =
            |m: &str| line.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if marker("---") && !content {
            content = true;
        } else if marker("---") || ended {
            return Err(TextError {
                line: Some(i + 1),
                column: Some(1),
                problem: "a second YAML document starts here; one file holds one rubric".into(),
                hint: "remove the `---` line and what follows, or put it in its own file".into(),
            });
        } else if marker("...") {
            ended = true;
        } else {
            content = true;
        }
    }
    Ok(())
}

/// Refuses a file of `len` bytes above [`MAX_BYTES`].
pub fn too_big(len: u64) -> Result<(), TextError> {
    if len > MAX_BYTES as u64 {
        return Err(TextError {
            line: None,
            column: None,
            problem: format!("the file is {len} bytes; at most {MAX_BYTES} (1 MiB) are read"),
            hint: "a rubric or run file is a few KiB of text: check that this is the right file".into(),
        });
    }
    Ok(())
}

/// UTF-16 by its byte-order mark, or by NUL bytes in every other place of the first
/// characters (ASCII text saved as UTF-16 without a mark).
fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(encoding_rs::UTF_16BE);
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.is_empty() {
        return None;
    }
    let pairs = head.chunks_exact(2);
    let (mut even, mut odd) = (0, 0);
    for p in pairs {
        even += usize::from(p[0] == 0 && p[1] != 0);
        odd += usize::from(p[1] == 0 && p[0] != 0);
    }
    let half = head.len() / 4;
    if odd > half {
        Some(encoding_rs::UTF_16LE)
    } else if even > half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn not_utf8(bytes: &[u8], at: usize) -> TextError {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    let byte = bytes.get(at).copied().unwrap_or(0);
    TextError {
        line: Some(line),
        column: Some(column),
        problem: format!("the byte 0x{byte:02X} is not UTF-8 text (the file may be Windows-1252 or Latin-1)"),
        hint: "save the file as UTF-8 (in Notepad: Save as, Encoding: UTF-8)".into(),
    }
}

/// Refuses nesting deeper than [`MAX_DEPTH`] flow brackets or indented wider than
/// [`MAX_INDENT`] columns. A cheap scan, not a parser: quotes start only where a YAML
/// scalar can start, and `#` after a space starts a comment; a bracket inside plain text
/// counts, so it errs towards refusing, only past a depth no rubric needs.
fn depth(text: &str) -> Result<(), TextError> {
    for (i, line) in text.lines().enumerate() {
        // Spaces and `- ` list markers (each one a level); a run of dashes is text.
        let mut rest = line.trim_start_matches([' ', '\t']);
        while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("-\t")) {
            rest = after.trim_start_matches([' ', '\t']);
        }
        let indent = line.len() - rest.len();
        if indent > MAX_INDENT {
            return Err(too_deep(i + 1, 1, format!("the line is indented {indent} columns; at most {MAX_INDENT}")));
        }
    }
    let (mut depth, mut line, mut column) = (0usize, 1, 0);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            prev = c;
            continue;
        }
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
                column += 1;
            }
            Some(q) if c == q => {
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                    column += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None if comment => {}
            None => match c {
                '#' if prev.is_whitespace() => comment = true,
                '"' | '\'' if matches!(prev, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':' | '-') => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(too_deep(line, column, format!("brackets nest deeper than {MAX_DEPTH} levels")));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    Ok(())
}

fn too_deep(line: usize, column: usize, problem: String) -> TextError {
    TextError {
        line: Some(line),
        column: Some(column),
        problem,
        hint: "a rubric needs only a few levels: sections, questions, options or bands".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFname: T\n").unwrap(), "name: T\n");
        assert_eq!(decode("name: Café\n".as_bytes()).unwrap(), "name: Café\n");
    }

    #[test]
    fn utf16_with_and_without_a_mark() {
        let le: Vec<u8> = "name: Café\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "name: Café\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [[&b"\xFF\xFE"[..], &le].concat(), [&b"\xFE\xFF"[..], &be].concat(), le, be] {
            assert_eq!(decode(&bytes).unwrap(), "name: Café\n", "{bytes:?}");
        }
    }

    #[test]
    fn a_stray_nul_does_not_make_utf8_utf16() {
        // One NUL pair in 12 bytes (6 pairs) is not more than a quarter of the bytes.
        assert_eq!(decode(b"a: 1\0\nb: 22\n").unwrap(), "a: 1\0\nb: 22\n");
        // Exactly half of the pairs with a NUL, on either side, is not more than half.
        assert_eq!(decode(b"a\0b\0c: 1").unwrap(), "a\0b\0c: 1");
        assert_eq!(decode(b"\0a\0bc: 1").unwrap(), "\0a\0bc: 1");
    }

    #[test]
    fn other_encodings_are_named_with_their_position() {
        let e = decode(b"name: T\ntitle: Caf\xE9\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(11)));
        assert!(e.problem.contains("0xE9") && e.problem.contains("Windows-1252"), "{}", e.problem);
        assert!(e.hint.contains("UTF-8"));
    }

    #[test]
    fn size_is_capped() {
        let big = vec![b'#'; MAX_BYTES + 1];
        assert!(decode(&big).unwrap_err().problem.contains("1048577 bytes"));
        let fits = vec![b'#'; MAX_BYTES];
        assert!(decode(&fits).is_ok());
    }

    #[test]
    fn flow_depth_is_capped_where_it_is_passed() {
        let ok = format!("a: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(decode(ok.as_bytes()).is_ok());
        // Depth, not count: 40 closed lists side by side nest 2 deep.
        let wide = format!("a: [{}]\nb: {{ c: {{ d: 1 }} }}\n", ["[1]"; 40].join(", "));
        assert!(decode(wide.as_bytes()).is_ok());
        let deep = format!("a: {}\n", "[".repeat(MAX_DEPTH + 1));
        let e = decode(deep.as_bytes()).unwrap_err();
        // `a: ` is 3 columns; the 33rd bracket is column 36.
        assert_eq!((e.line, e.column), (Some(1), Some(3 + MAX_DEPTH + 1)));
        assert!(e.problem.contains("32"));
        let e = decode(format!("a: 1\nb: 2\nc: {}\n", "{".repeat(MAX_DEPTH + 1)).as_bytes()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(3 + MAX_DEPTH + 1)));
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let many = "[".repeat(MAX_DEPTH + 1);
        for text in [
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: 1 # {many}\n"),
            format!("a: 'it''s {many}'\n"),
            format!("a: \"say \\\" {many}\"\n"),
        ] {
            assert!(decode(text.as_bytes()).is_ok(), "{text}");
        }
        // A quote closes at its closing mark: the brackets after it count.
        assert!(decode(format!("a: \"ab\" {many}\n").as_bytes()).is_err());
        assert!(decode(format!("a: 'ab' {many}\n").as_bytes()).is_err());
        // An escaped quote takes two columns: `a: "\""` is 7, the 33rd bracket 8 + 33.
        let e = decode(format!("a: \"\\\"\" {many}\n").as_bytes()).unwrap_err();
        assert_eq!(e.column, Some(8 + MAX_DEPTH + 1));
        let e = decode(format!("a: 'it''s' {many}\n").as_bytes()).unwrap_err();
        assert_eq!(e.column, Some(11 + MAX_DEPTH + 1));
        // An apostrophe inside a word starts no quote: the brackets after it count.
        assert!(decode(format!("a: don't {many}\n").as_bytes()).is_err());
        // A `#` inside a word starts no comment.
        assert!(decode(format!("a: x#{many}\n").as_bytes()).is_err());
    }

    #[test]
    fn one_document_only() {
        for text in ["a: 1\n", "---\na: 1\n", "# c\n--- \na: 1\n...\n# end\n", "a: \"---\"\nb: |\n  ---\n"] {
            assert!(check(text).is_ok(), "{text}");
        }
        let e = check("a: 1\n\n---\nb: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert_eq!(check("---\na: 1\n---\n").unwrap_err().line, Some(3));
        assert_eq!(check("a: 1\n...\nb: 2\n").unwrap_err().line, Some(3));
    }

    #[test]
    fn indentation_is_capped() {
        let ok = format!("a:\n{}b: 1\n", " ".repeat(MAX_INDENT));
        assert!(decode(ok.as_bytes()).is_ok());
        let wide = format!("a:\n{}b: 1\n", " ".repeat(MAX_INDENT + 1));
        assert_eq!(decode(wide.as_bytes()).unwrap_err().line, Some(2));
        let dashes = format!("a:\n{}x\n", "- ".repeat(MAX_INDENT));
        assert!(decode(dashes.as_bytes()).is_err());
        // A line of dashes inside a text block is text, not nesting.
        let rule = format!("a: |\n  {}\n", "-".repeat(MAX_INDENT * 2));
        assert!(decode(rule.as_bytes()).is_ok());
    }
}
