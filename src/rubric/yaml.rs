//! A rubric's text as a YAML tree (marked-yaml: every node keeps its line and column),
//! read on past two mistakes so that the rest of the file is still checked in the same
//! pass: a line indented with a tab (made spaces, at the tab stop that reads furthest) and
//! a key written twice (the second copy renamed and passed over). Every such change is
//! kept in [`Edits`] so that positions are given in the file as written. A YAML syntax
//! error or a construct rubrics do not use (anchors, tags) stops the reading.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use marked_yaml::{LoadError, Node};

use super::{RubricError, RubricErrors};

/// The tree of a rubric's text, and what was forgiven to build it.
pub struct Parsed<'t> {
    pub node: Node,
    /// The text the tree was built from: the file's, or with tab indents made spaces.
    pub text: Cow<'t, str>,
    /// One error per line indented with a tab or key written twice: reported, but the
    /// rest is still checked.
    pub forgiven: Vec<RubricError>,
    /// Where (line, column in `text`) each second copy of a key was renamed to read on;
    /// the reader passes over the keys there (each copy's error is in `forgiven`).
    pub renamed: HashSet<(usize, usize)>,
    /// What was changed in `text`, to give positions in the file as written.
    pub edits: Edits,
}

/// The changes made to a rubric's text to read on past an error; each moves the rest of
/// its line.
#[derive(Debug, Default)]
pub struct Edits(Vec<Edit>);

#[derive(Debug)]
struct Edit {
    line: usize,
    /// The first column (1-based, in the text after the edit) past the changed part.
    end: usize,
    /// How many characters longer the changed part became.
    grew: usize,
    /// Where the changed part starts.
    start: usize,
}

impl Edits {
    /// The column in the file as written of `column` on `line` of the edited text.
    pub fn column(&self, line: usize, column: usize) -> usize {
        self.0.iter().rev().fold(column, |col, e| {
            if e.line != line || col < e.start {
                col
            } else if col >= e.end {
                col - e.grew
            } else {
                e.start
            }
        })
    }

    /// `error` placed in the file as written.
    pub fn place(&self, mut error: RubricError) -> RubricError {
        if let (Some(line), Some(col)) = (error.line, error.column) {
            error.column = Some(self.column(line, col));
        }
        error
    }
}

/// At most this many keys written twice are passed over, and this many tab-indented
/// lines mended, before the next such error is reported alone (each mend parses the
/// text again, a few times for a tab).
const MAX_RENAMED: usize = 100;
const MAX_UNTABBED: usize = 20;

fn load(text: &str) -> Result<Node, LoadError> {
    let options = marked_yaml::LoaderOptions::default().error_on_duplicate_keys(true).prevent_coercion(true);
    marked_yaml::parse_yaml_with_options(0, text, options)
}

/// Parses `text` into a tree. A line indented with tabs and a key written twice are
/// errors, but the rest of the file is still read (the tabs made spaces, the second key
/// renamed and ignored) so its other errors come in the same pass. A syntax error or a
/// construct rubrics do not use (anchors, tags) stops the reading: it is reported after
/// the tab and duplicate-key errors before it.
pub fn parse<'t>(file: &Path, text: &'t str) -> Result<Parsed<'t>, RubricErrors> {
    let mut text = Cow::Borrowed(text);
    let mut parsed = load(&text);
    let (mut forgiven, mut renamed, mut edits) = (Vec::new(), HashSet::new(), Edits::default());
    let (mut tabs, mut twice) = (0, 0);
    loop {
        let e = match parsed {
            Ok(node) => return Ok(Parsed { node, text, forgiven, renamed, edits }),
            Err(e) => e,
        };
        let copy = match &e {
            LoadError::DuplicateKey(d) if twice < MAX_RENAMED => d.key.span().start().copied().and_then(|m| {
                let (fixed, name, quote) = rename(&text, m.character(), d.key.as_str(), twice)?;
                Some((m, fixed, name, quote, d.key.as_str().chars().count()))
            }),
            _ => None,
        };
        if let Some((m, fixed, name, quote, key)) = copy {
            twice += 1;
            let line = m.line();
            let start = m.column() + quote;
            forgiven.push(edits.place(load_error(file, &text, e)));
            let grew = name.chars().count() - key;
            edits.0.push(Edit { line, start, end: start + key + grew, grew });
            // Where the renamed key starts in the edited text, as the tree will place it.
            renamed.insert((line, m.column()));
            text = Cow::Owned(fixed);
            parsed = load(&text);
            continue;
        }
        if let LoadError::ScanError(m, scan) = &e
            && scan.info().contains("tab")
        {
            let tabbed = find_tab(&text, m.line());
            let (line, column) =
                tabbed.as_ref().map_or((m.line(), edits.column(m.line(), m.column())), |t| (t.line, t.column));
            forgiven.push(RubricError {
                file: file.to_path_buf(),
                line: Some(line),
                column: Some(column),
                path: String::new(),
                problem: "YAML does not allow tabs for indentation".into(),
                hint: Some("indent with spaces (set your editor to insert spaces for the Tab key)".into()),
            });
            let Some(t) = tabbed.filter(|_| tabs < MAX_UNTABBED) else {
                return Err(RubricErrors(forgiven));
            };
            tabs += 1;
            let (fixed, spaces, reparsed) = t.best(&text);
            // A tab-indented line has not been edited before: its columns are the file's.
            edits.0.push(Edit { line: t.line, start: 1, end: spaces + 1, grew: spaces - t.indent });
            text = Cow::Owned(fixed);
            parsed = reparsed;
            continue;
        }
        forgiven.push(edits.place(load_error(file, &text, e)));
        return Err(RubricErrors(forgiven));
    }
}

/// `text` with the key `key` written at character `at` (plain or quoted) renamed to a
/// name no rubric uses, that name, and how many characters (a quote) precede the key;
/// `None` if the key is not found there as written.
fn rename(text: &str, at: usize, key: &str, n: usize) -> Option<(String, String, usize)> {
    let start = text.char_indices().nth(at).map(|(i, _)| i)?;
    let rest = &text[start..];
    let offset = match rest.as_bytes().first() {
        Some(b'"' | b'\'') => 1,
        _ => 0,
    };
    let key_at = start + offset;
    if !text[key_at..].starts_with(key) || key.is_empty() || key.contains(['"', '\'', '\\']) {
        return None;
    }
    // A name the text does not hold anywhere, so it cannot meet a key the author wrote.
    let name = (n..).map(|i| format!("{key}_written_twice_{i}")).find(|name| !text.contains(name.as_str()))?;
    let mut fixed = String::with_capacity(text.len() + name.len());
    fixed.push_str(&text[..key_at]);
    fixed.push_str(&name);
    fixed.push_str(&text[key_at + key.len()..]);
    Some((fixed, name, offset))
}

/// A line whose indent holds a tab, and the indents of spaces it may have meant.
struct Tabbed {
    line: usize,
    /// The column (1-based) of the line's first tab.
    column: usize,
    /// The indent's length in characters, as written.
    indent: usize,
    /// Widths in spaces to try, most likely first: the indent at tab stops of 8, 4 and 2.
    widths: Vec<usize>,
}

impl Tabbed {
    /// `text` with this line's indent made the spaces that let the YAML read furthest
    /// (to its end if one does; the most likely of equals), how many, and that reading.
    fn best(&self, text: &str) -> (String, usize, Result<Node, LoadError>) {
        let reach = |r: &Result<Node, LoadError>| match r {
            Ok(_) => (true, usize::MAX, 0),
            Err(e) => error_at(e),
        };
        let mut best: Option<(String, usize, Result<Node, LoadError>)> = None;
        for &spaces in &self.widths {
            let fixed = self.with_indent(text, spaces);
            let parsed = load(&fixed);
            let done = parsed.is_ok();
            if best.as_ref().is_none_or(|b| reach(&parsed) > reach(&b.2)) {
                best = Some((fixed, spaces, parsed));
            }
            if done {
                break;
            }
        }
        // `widths` is never empty (it ends with the three tab stops).
        best.unwrap_or_else(|| {
            let fixed = self.with_indent(text, 8);
            let parsed = load(&fixed);
            (fixed, 8, parsed)
        })
    }

    fn with_indent(&self, text: &str, spaces: usize) -> String {
        let mut fixed = String::with_capacity(text.len() + spaces);
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == self.line {
                fixed.extend(std::iter::repeat_n(' ', spaces));
                fixed.push_str(&l[indent_len(l)..]);
            } else {
                fixed.push_str(l);
            }
        }
        fixed
    }
}

/// How far a reading gets before a YAML error: whether the reading can go on past it (a
/// key written twice, a tab indent: both mended in turn, wherever they are; the loader
/// may see a key written twice above the line being mended only after scanning it),
/// then its line and column. Reading on beats stopping; then the later error wins.
fn error_at(e: &LoadError) -> (bool, usize, usize) {
    let (m, mended) = match e {
        LoadError::ScanError(m, scan) => (Some(*m), scan.info().contains("tab")),
        LoadError::TopLevelMustBeMapping(m)
        | LoadError::TopLevelMustBeSequence(m)
        | LoadError::UnexpectedAnchor(m)
        | LoadError::UnexpectedTag(m)
        | LoadError::MappingKeyMustBeScalar(m) => (Some(*m), false),
        LoadError::DuplicateKey(d) => (d.key.span().start().copied(), true),
    };
    m.map_or((mended, 0, 0), |m| (mended, m.line(), m.column()))
}

/// Bytes of spaces and tabs starting `line`.
fn indent_len(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The line `near` if its indent holds a tab, else the first of the next two that does
/// (the parser may stop at the end of the line before); `None` when none does.
fn find_tab(text: &str, near: usize) -> Option<Tabbed> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line =
        (near..near + 3).find(|&n| n > 0 && lines.get(n - 1).is_some_and(|l| l[..indent_len(l)].contains('\t')))?;
    let target = lines[line - 1];
    let indent = &target[..indent_len(target)];
    let first_tab = indent.find('\t')?;
    let expand =
        |width: usize| indent.chars().fold(0, |col, c| if c == '\t' { (col / width + 1) * width } else { col + 1 });
    // Tab stops of 8 (a terminal's), 4 and 2, deepest first (under a block opener such as
    // `bands:`, the line most likely belongs inside it); `best` keeps the one that reads
    // furthest.
    let mut widths: Vec<usize> = Vec::new();
    for w in [8, 4, 2] {
        if !widths.contains(&expand(w)) {
            widths.push(expand(w));
        }
    }
    Some(Tabbed { line, column: first_tab + 1, indent: indent.chars().count(), widths })
}

fn load_error(file: &Path, text: &str, e: LoadError) -> RubricError {
    let at = |m: &marked_yaml::Marker| (Some(m.line()), Some(m.column()));
    let ((line, column), problem, hint) = match e {
        LoadError::ScanError(m, e) => (at(&m), e.info().to_string(), None),
        LoadError::DuplicateKey(d) => {
            let first =
                d.prev_key.span().start().map_or_else(String::new, |m| format!(" (first on line {})", m.line()));
            let pos = d.key.span().start().map_or((None, None), at);
            (pos, format!("the key `{}` is written twice{first}", d.key.as_str()), Some("keep one of them".into()))
        }
        LoadError::TopLevelMustBeMapping(m) => (
            at(&m),
            if text.trim().is_empty() {
                "the file is empty".into()
            } else {
                "the file is not a mapping of keys".into()
            },
            Some("a rubric starts with keys such as `name:` and `sections:`".into()),
        ),
        LoadError::TopLevelMustBeSequence(m) => (at(&m), "the file is not a mapping of keys".into(), None),
        LoadError::UnexpectedAnchor(m) => (
            at(&m),
            "anchors and aliases (`&name`, `*name`) are not supported".into(),
            Some("write the value out in full".into()),
        ),
        LoadError::UnexpectedTag(m) => {
            (at(&m), "YAML tags (`!name`) are not supported".into(), Some("remove the tag".into()))
        }
        LoadError::MappingKeyMustBeScalar(m) => {
            (at(&m), "a key must be plain text".into(), Some("write keys such as `name:`".into()))
        }
    };
    RubricError { file: file.to_path_buf(), line, column, path: String::new(), problem, hint }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_yaml_is_an_error_not_a_panic() {
        let file = Path::new("r.yaml");
        for text in [
            "",
            "# only a comment\n",
            "---\n",
            "- a\n- b\n",
            "just text",
            "a: &x 1\nb: *x\n",
            "a: *x\n",
            "a: !!str 1\n",
            "? [a, b]\n: 1\n",
            "a: [1, 2\n",
            "a: 1\n  b: 2\n",
            "a: 'open\n",
            "a: 1\n---\nb: 2\n",
            "\t- x\n",
            "{a: 1, a: 2}\n",
        ] {
            let _ = parse(file, text);
        }
    }

    /// The tab stop is the one that reads on: 8 first, else 4, else 2, whichever lets the
    /// rest of the file be read.
    #[test]
    fn a_tab_becomes_the_indent_that_reads_furthest() {
        let file = Path::new("r.yaml");
        for (text, spaces) in [
            // `questions:` belongs to the section item (key at column 5): 4 spaces.
            ("name: T\nsections:\n  - id: s\n\tquestions:\n      - { id: q, type: yes_no }\n", 4),
            // `type:` under `- id: q` at 4 spaces: its key is at 6 (2 spaces + `- `).
            ("name: T\nsections:\n  - id: s\n    questions:\n    - id: q\n\t  type: yes_no\n", 6),
            // Two spaces then a tab: the tab stop of 8 gives 8 (not 2 + 8).
            ("name: T\nsections:\n  - id: s\n    questions:\n  \t- { id: q, type: yes_no }\n", 8),
            // Under `text: Hello` at 8: 8.
            ("name: T\nsections:\n  - id: s\n    questions:\n      - id: q\n        text: Hello\n\ttype: yes_no\n", 8),
            // A second section item: 4 (the key column above, tried first) cannot be read
            // there; 2 (the first item's dash) reads to the end.
            (
                "name: T\nsections:\n  - id: s\n    questions: [{ id: q, type: yes_no }]\n\t- id: s2\n    questions: [{ id: q2, type: yes_no }]\n",
                2,
            ),
            // Under `bands:` (key at 8), `\t  - {...}`: 6 (the `- id: q` line's indent)
            // would also parse, as a new question; inside the block, 10 is meant.
            (
                "name: T\nsections:\n  - id: s\n    questions:\n      - id: q\n        type: number\n        bands:\n\t  - { max: 3, score: 1 }\n",
                10,
            ),
        ] {
            let parsed = parse(file, text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(parsed.forgiven.len(), 1, "{text:?}");
            let line = text.lines().position(|l| l.contains('\t')).unwrap();
            let mended = parsed.text.lines().nth(line).unwrap();
            assert_eq!(mended.len() - mended.trim_start().len(), spaces, "{text:?} -> {mended:?}");
        }
    }

    /// Only the renamed copy is passed over: a key the author wrote with the same name
    /// as a renamed one is still read (and refused by the reader as unknown).
    #[test]
    fn renamed_keys_are_known_by_their_place_not_their_name() {
        let text = "a: 1\na: 2\na_written_twice_0: 3\n";
        let parsed = parse(Path::new("r.yaml"), text).unwrap();
        // The second `a` (line 2, column 1) was renamed; line 3's key is the author's.
        assert_eq!(parsed.renamed, HashSet::from([(2, 1)]));
        assert_eq!(parsed.text, "a: 1\na_written_twice_1: 2\na_written_twice_0: 3\n");
        assert_eq!(parsed.forgiven.len(), 1);
    }
}
