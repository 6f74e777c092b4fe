//! Reading a rubric file: its bytes as text (`text`), the YAML tree with a position on
//! every node (`tree`, marked-yaml), then the rules (`validate`). serde_yaml remains for
//! run files, whose errors [`syntax_error`] formats the same way.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::text::{self, TextError};
use super::tree::Reader;
use super::validate::Checker;
use super::yaml;
use super::{Rubric, RubricError};

/// Every problem found in one rubric file. Shown one per `error:` line (the first's
/// `error: ` is the caller's), then how many there are when more than one.
#[derive(Debug, thiserror::Error)]
pub struct RubricErrors(pub Vec<RubricError>);

impl std::fmt::Display for RubricErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\nerror: ")?;
            }
            write!(f, "{e}")?;
        }
        if let [_, _, ..] = self.0.as_slice() {
            // Rubric versions are checked together: each file named once, in order.
            let mut files: Vec<String> = Vec::new();
            for e in &self.0 {
                let file = e.file.display().to_string();
                if !files.contains(&file) {
                    files.push(file);
                }
            }
            write!(f, "\n{} problems in {}", self.0.len(), files.join(", "))?;
        }
        Ok(())
    }
}

/// Loads and validates the rubric at `path`.
pub fn load(path: &Path) -> Result<Rubric, RubricErrors> {
    let one = |e| RubricErrors(vec![e]);
    let unreadable = |e: std::io::Error| {
        one(RubricError {
            file: path.to_path_buf(),
            line: None,
            column: None,
            path: String::new(),
            problem: format!("cannot read the rubric: {e}"),
            hint: Some(
                "check the rubric's path: `--rubric`, or `rubric:` in a run file (relative to the run file's folder)"
                    .into(),
            ),
        })
    };
    // Read once, and no more than the limit and a byte (a pipe has no size to ask first).
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(unreadable)?;
    file.take(text::MAX_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    text::too_big(bytes.len() as u64).map_err(|e| one(text_error(path, e)))?;
    let text = yaml_text(path, &bytes)?;
    let mut rubric = parse(path, &text)?;
    rubric.sha256 = Some(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect());
    Ok(rubric)
}

/// The text of a YAML file (rubric or run file) named `path`: UTF-8 with or without a
/// byte-order mark, or UTF-16; at most [`super::MAX_BYTES`] and nested no deeper than
/// [`super::MAX_DEPTH`].
pub fn yaml_text(path: &Path, bytes: &[u8]) -> Result<String, RubricErrors> {
    text::decode(bytes).map_err(|e| RubricErrors(vec![text_error(path, e)]))
}

fn text_error(path: &Path, e: TextError) -> RubricError {
    RubricError {
        file: path.to_path_buf(),
        line: e.line,
        column: e.column,
        path: String::new(),
        problem: e.problem,
        hint: Some(e.hint),
    }
}

/// Validates rubric `text`; `path` only names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Rubric, RubricErrors> {
    let text = text::check(text).map_err(|e| RubricErrors(vec![text_error(path, e)]))?;
    let parsed = yaml::parse(path, text)?;
    let edits = &parsed.edits;
    // Positions in the file as written, not in the text mended to read on (the parser's
    // own errors, `forgiven`, are placed already).
    let placed = |errors: Vec<RubricError>| errors.into_iter().map(|e| edits.place(e));
    let mut reader = Reader::new(path);
    reader.renamed = parsed.renamed.clone();
    let raw = reader.rubric(&parsed.node);
    let mut errors = parsed.forgiven.clone();
    errors.extend(placed(std::mem::take(&mut reader.errors)));
    let Some(raw) = raw else {
        return Err(RubricErrors(errors));
    };
    // The rules run even where the tree had errors, so one pass reports everything; the
    // checker stays quiet about what the reader already reported.
    let mut checker = Checker::new(path, &parsed.text, reader.index, reader.failed);
    let rubric = checker.rubric(raw);
    errors.extend(placed(std::mem::take(&mut checker.errors)));
    match rubric {
        Some(mut rubric) if errors.is_empty() => {
            rubric.warnings = placed(std::mem::take(&mut rubric.warnings)).collect();
            for (line, column) in rubric.positions.values_mut() {
                *column = edits.column(*line, *column);
            }
            Ok(rubric)
        }
        _ => {
            // In file order; errors without a position last (stable, so rule order stays).
            errors.sort_by_key(|e| (e.line.is_none(), e.line, e.column));
            Err(RubricErrors(errors))
        }
    }
}

/// A YAML syntax or type error with its position, hint and path; any YAML file of
/// shopscore's (rubrics, run files) reports this way.
pub fn syntax_error(path: &Path, e: &serde_yaml::Error) -> RubricError {
    let loc = e.location();
    let message = e.to_string();
    // serde_yaml appends " at line L column C"; we print the position ourselves.
    let message = match message.rfind(" at line ") {
        Some(i) if loc.is_some() => message[..i].to_string(),
        _ => message,
    };
    let (rubric_path, problem) = match message.split_once(": ") {
        Some((p, rest)) if !p.contains(' ') => (p.to_string(), rest.to_string()),
        _ => (String::new(), message.clone()),
    };
    RubricError {
        file: path.to_path_buf(),
        line: loc.as_ref().map(|l| l.line()),
        column: loc.as_ref().map(|l| l.column()),
        path: rubric_path,
        hint: syntax_hint(&problem),
        problem,
    }
}

/// For `unknown field `wieght`, expected one of ...`, names the closest key.
fn syntax_hint(problem: &str) -> Option<String> {
    let ticks: Vec<&str> = problem.split('`').skip(1).step_by(2).collect();
    if problem.starts_with("unknown field") || problem.starts_with("unknown variant") {
        // The problem already lists the allowed keys: the hint only names the likely one.
        let (got, allowed) = ticks.split_first()?;
        return Some(match crate::closest(got, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "remove it or check its spelling and indentation".into(),
        });
    }
    if problem.starts_with("missing field") {
        return Some(format!("add `{}:`", ticks.first()?));
    }
    if problem.starts_with("invalid type") {
        return Some("check the value's type: numbers unquoted, text in quotes if it has a `:`".into());
    }
    None
}
