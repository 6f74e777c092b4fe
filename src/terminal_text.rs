//! Text from the data, the rubric or the command line as a terminal shows it.
//!
//! A location name holding `\r` or an ANSI escape (`\x1b[2K`) could move the cursor and
//! paint a line the run never wrote (a fake "Overall 100.0"); a bidi override (U+202E)
//! could turn the rest of a line around; a 50 MB name would print a 50 MB table. So
//! everything printed to a terminal passes through [`one_line`] (a table cell, a value in
//! a message) or [`message`] (a whole error or hint, its lines kept), which
//!
//! - write every control character visibly instead: `\t` `\n` `\r` as such, the other C0
//!   controls and DEL as `\xNN`, C1 controls and the bidi embedding, override and isolate
//!   characters (U+202A-U+202E, U+2066-U+2069) and marks (U+200E, U+200F, U+061C) as
//!   `\u{NNNN}`; a backslash is left alone, so Windows paths read as typed;
//! - cut text wider than its room to fit it, the last column an ellipsis `…`. Widths are
//!   display columns (a CJK character or an emoji takes two, a combining accent none).
//!
//! The files a run writes hold the text as read; this is only what people see.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// The most a name (location, region, grade, visit id, column) takes in the ranked table
/// and in `check`'s lines, in display columns.
pub const NAME: usize = 40;

/// The most a value quoted in a message (`value `...``) takes, in display columns.
pub const VALUE: usize = 80;

/// The most one line of a message takes: enough for any path or list a message names
/// (a gate lists every location below its threshold), far less than a runaway cell.
pub const LINE: usize = 4096;

/// The escape a character is shown as, or `None` if it shows as itself.
fn escape(c: char) -> Option<Cow<'static, str>> {
    Some(match c {
        '\t' => Cow::Borrowed("\\t"),
        '\n' => Cow::Borrowed("\\n"),
        '\r' => Cow::Borrowed("\\r"),
        '\0'..='\x1f' | '\x7f' => Cow::Owned(format!("\\x{:02x}", u32::from(c))),
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => Cow::Owned(format!("\\u{{{:x}}}", u32::from(c))),
        _ => return None,
    })
}

/// Whether a terminal could act on `c` (move the cursor, start an escape, turn text
/// around) rather than show it: what [`one_line`] writes as an escape.
pub fn acts_on_terminal(c: char) -> bool {
    escape(c).is_some()
}

/// Columns `c` takes on a terminal (an escape is measured by what [`escape`] writes).
fn columns(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Display columns of `text` as a terminal shows it after [`one_line`].
pub fn width(text: &str) -> usize {
    text.chars().map(|c| escape(c).map_or_else(|| columns(c), |e| e.len())).sum()
}

/// `text` on one line of at most `max` display columns: controls escaped, and text wider
/// than `max` cut to `max - 1` columns and `…`. Plain short text is returned as it is.
///
/// ```
/// use shopscore::terminal_text::one_line;
/// assert_eq!(one_line("Leeds Briggate", 20), "Leeds Briggate");
/// assert_eq!(one_line("Leeds Briggate", 8), "Leeds B…");
/// assert_eq!(one_line("two\nlines", 20), "two\\nlines");
/// ```
pub fn one_line(text: &str, max: usize) -> Cow<'_, str> {
    let plain = text.bytes().all(|b| (0x20..0x7f).contains(&b));
    if plain && text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * max));
    // Where the text is cut if it turns out too wide: after the last character that
    // leaves a column for the ellipsis. Escapes go whole (`\x1` of `\x1b` would read as
    // another character).
    let (mut used, mut keep) = (0, 0);
    for c in text.chars() {
        match escape(c) {
            Some(e) => {
                used += e.len();
                out.push_str(&e);
            }
            None => {
                used += columns(c);
                out.push(c);
            }
        }
        if used > max {
            out.truncate(keep);
            out.push('…');
            return Cow::Owned(out);
        }
        if used < max {
            keep = out.len();
        }
    }
    Cow::Owned(out)
}

/// `text` with every character a reader cannot see written visibly: the controls as
/// [`one_line`] writes them, and the characters that show as nothing or as a plain
/// space, escaped as `\u{NNNN}`: spaces other than the plain one (a no-break space
/// `\u{a0}`), zero-width characters and marks (`\u{200b}`, a byte-order mark `\u{feff}`
/// left in the middle of a file), the soft hyphen. So a user sees why a header
/// `Store\u{a0}` is not `Store`. Nothing is cut.
pub fn revealed(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_whitespace() && c != ' ')
            || matches!(c, '\u{ad}' | '\u{34f}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffd}')
    };
    if !text.chars().any(|c| hidden(c) || escape(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escape(c) {
            Some(e) => out.push_str(&e),
            None if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A whole message (an error with its `hint:` lines): its line breaks kept (a `\r\n` as
/// one), each line through [`one_line`] with [`LINE`] columns.
pub fn message(text: &str) -> String {
    let lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    lines.map(|l| one_line(l, LINE)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert!(matches!(one_line("Leeds", NAME), Cow::Borrowed("Leeds")));
        assert_eq!(one_line("Café Nord", NAME), "Café Nord");
        assert_eq!(one_line("C:\\data\\oct.csv", NAME), "C:\\data\\oct.csv");
        assert_eq!(one_line("", NAME), "");
    }

    #[test]
    fn controls_are_written_visibly() {
        assert_eq!(one_line("X\r\x1b[2KOverall 100.0", NAME), "X\\r\\x1b[2KOverall 100.0");
        assert_eq!(one_line("a\tb\nc\0d\x7fe", NAME), "a\\tb\\nc\\x00d\\x7fe");
        assert_eq!(one_line("\u{9b}31m", NAME), "\\u{9b}31m");
        assert_eq!(one_line("abc\u{202e}fed", NAME), "abc\\u{202e}fed");
        assert_eq!(one_line("\u{2066}x\u{2069}\u{200f}", NAME), "\\u{2066}x\\u{2069}\\u{200f}");
        // Just outside the ranges: shown as themselves.
        assert_eq!(one_line("\u{a0}\u{2029}\u{206a}", NAME), "\u{a0}\u{2029}\u{206a}");
    }

    #[test]
    fn invisible_characters_are_revealed() {
        assert!(matches!(revealed("Store"), Cow::Borrowed("Store")));
        assert_eq!(revealed("Café Nord"), "Café Nord");
        assert_eq!(revealed("Store\0"), "Store\\x00");
        assert_eq!(revealed("Visit\u{a0}ID"), "Visit\\u{a0}ID");
        assert_eq!(revealed("\u{200b}Date"), "\\u{200b}Date");
        assert_eq!(revealed("\u{feff}Q1\tGreeted\u{1b}"), "\\u{feff}Q1\\tGreeted\\x1b");
        assert_eq!(revealed("ab\u{202e}c"), "ab\\u{202e}c");
    }

    #[test]
    fn long_text_is_cut_to_its_columns() {
        assert_eq!(one_line("abcdef", 6), "abcdef");
        assert_eq!(one_line("abcdefg", 6), "abcde…");
        assert_eq!(one_line("abcdefg", 1), "…");
        assert_eq!(width(&one_line(&"x".repeat(1_000_000), NAME)), NAME);
        // Two columns each: five of them fill 10, so 9 columns of room keep four.
        assert_eq!(one_line("東京駅前店舗", 10), "東京駅前…");
        assert_eq!(one_line("東京駅前店", 10), "東京駅前店");
        // A combining accent takes no column.
        assert_eq!(one_line("e\u{301}e\u{301}e\u{301}", 3), "e\u{301}e\u{301}e\u{301}");
        // An escape is cut whole or not at all: `ab\x1b` is 6 columns.
        assert_eq!(one_line("ab\x1bcd", 6), "ab…");
        assert_eq!(one_line("ab\x1b", 6), "ab\\x1b");
    }

    #[test]
    fn widths_count_columns() {
        assert_eq!(width("Leeds"), 5);
        assert_eq!(width("東京"), 4);
        assert_eq!(width("a\u{301}"), 1);
        assert_eq!(width("\x1b"), 4);
    }

    #[test]
    fn messages_keep_their_lines() {
        let text = "bad.csv:2: missing column `Q\x1b[31m1`\n  hint: the closest header is `Q1\r`";
        assert_eq!(message(text), "bad.csv:2: missing column `Q\\x1b[31m1`\n  hint: the closest header is `Q1\\r`");
        assert_eq!(message("one\r\ntwo"), "one\ntwo");
        let long = message(&format!("error: `{}`\n  hint: h", "v".repeat(10_000)));
        let lines: Vec<&str> = long.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!((width(lines[0]), lines[0].ends_with('…')), (LINE, true));
        assert_eq!(lines[1], "  hint: h");
    }
}
