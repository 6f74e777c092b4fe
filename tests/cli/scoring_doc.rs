//! `docs/scoring.md` stays true: its key tables list exactly the keys a rubric may hold,
//! its issue table exactly the issue kinds the code can emit, and each worked example,
//! run through the built binary, writes and prints what the page shows.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;

use crate::support::{code, stderr, stdout};

/// The command every worked example is run with, as the page gives it, unless the example
/// gives its own in a block named `example-N/command` (one line, words split at spaces).
const COMMAND: &str = "shopscore score --rubric rubric.yaml --out out visits.csv";

fn doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scoring.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text under `heading` (a whole line), up to the next heading of any level.
fn part<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("no heading `{heading}`")) + 1;
    let body = &doc[start + heading.len()..];
    let end = body.find("\n#").map_or(body.len(), |i| i + 1);
    &body[..end]
}

/// The `code` names in the first column of the tables' rows in `text` (`| `key` | ...`);
/// header rows (those above a `|---` line) left out.
fn first_column(text: &str) -> BTreeSet<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !lines.get(i + 1).is_some_and(|next| next.starts_with("|---")))
        .filter_map(|(_, l)| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Which heading lists the keys of each place a rubric key is written.
fn heading_of(place: &str) -> &'static str {
    match place {
        "" => "### Top-level keys",
        "grades" => "### `grades` items",
        "fields" => "### `fields`",
        "checks" => "### `checks`",
        "actions" => "### `actions`",
        "ladder" => "### `ladder`",
        "sections" => "### Section keys",
        "questions" => "### Question keys",
        "bands" => "### Band keys",
        other => panic!("the page has no table for the keys of `{other}`: add one"),
    }
}

#[test]
fn every_rubric_key_is_in_the_key_reference() {
    let doc = doc();
    for (place, keys) in shopscore::rubric::allowed_keys() {
        let heading = heading_of(place);
        let listed = first_column(part(&doc, heading));
        let allowed: BTreeSet<String> = keys.iter().map(|k| k.to_string()).collect();
        assert_eq!(listed, allowed, "under `{heading}`: the table's keys against the rubric's allowed keys");
    }
}

#[test]
fn every_issue_kind_is_in_the_issue_table() {
    let doc = doc();
    let listed = first_column(part(&doc, "## 14. Data issues"));
    let kinds: BTreeSet<String> = shopscore::issue::IssueKind::EVERY.iter().map(|k| k.as_str().to_string()).collect();
    assert_eq!(listed, kinds, "the issue table's kinds against the kinds the code can emit");
}

/// Fenced blocks named like ```` ```csv example-1/visits.csv ````: (name, text).
fn named_blocks(doc: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in doc.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                let name = info.split_whitespace().nth(1).unwrap_or("").to_string();
                open = Some((name, String::new()));
            }
            (Some(_), Some("")) => {
                let (name, text) = open.take().unwrap();
                if name.starts_with("example-") {
                    blocks.push((name, text));
                }
            }
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a fenced block is not closed");
    blocks
}

#[test]
fn every_worked_example_gives_the_numbers_the_page_shows() {
    let doc = doc();
    assert!(doc.contains(COMMAND), "the page gives the command the examples are run with");
    let blocks = named_blocks(&doc);
    let mut examples: Vec<&str> = blocks.iter().map(|(name, _)| name.split('/').next().unwrap()).collect();
    examples.dedup();
    assert!(examples.len() >= 3, "at least three worked examples: {examples:?}");
    for example in examples {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(&str, &str)> = blocks
            .iter()
            .filter_map(|(name, text)| Some((name.strip_prefix(example)?.strip_prefix('/')?, text.as_str())))
            .collect();
        let command = files.iter().find(|(name, _)| *name == "command").map_or(COMMAND, |(_, text)| text.trim());
        let (expected, inputs): (Vec<_>, Vec<_>) = files
            .iter()
            .filter(|(name, _)| *name != "command")
            .partition(|(name, _)| name.starts_with("out/") || *name == "stdout");
        for (name, text) in &inputs {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        assert!(command.starts_with("shopscore score "), "{example}: {command}");
        let args: Vec<&str> = command.split(' ').skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_shopscore"))
            .current_dir(dir.path())
            .env("COLUMNS", "100")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{example}: {}", stderr(&out));
        assert!(expected.iter().any(|(name, _)| *name == "out/visits.csv"), "{example} shows its visits.csv");
        for (name, text) in expected {
            let got = if name == "stdout" {
                stdout(&out)
            } else {
                std::fs::read_to_string(dir.path().join(name)).unwrap_or_else(|e| panic!("{example}/{name}: {e}"))
            };
            assert_eq!(got, text, "{example}/{name}: what the run gave against what the page shows");
        }
    }
}
