//! Reading a rubric file: YAML syntax and types first (serde_yaml, with positions),
//! then the rules (`validate`). The only module that knows about serde_yaml's errors.

use std::path::Path;

use super::raw::RawRubric;
use super::validate::Checker;
use super::{Rubric, RubricError};

/// Every problem found in one rubric file.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct RubricErrors(pub Vec<RubricError>);

/// Loads and validates the rubric at `path`.
pub fn load(path: &Path) -> Result<Rubric, RubricErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        RubricErrors(vec![RubricError {
            file: path.to_path_buf(),
            line: None,
            column: None,
            path: String::new(),
            problem: format!("cannot read the rubric: {e}"),
            hint: Some("check the path given to --rubric".into()),
        }])
    })?;
    parse(path, &text)
}

/// Validates rubric `text`; `path` only names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<Rubric, RubricErrors> {
    let raw: RawRubric = serde_yaml::from_str(text).map_err(|e| RubricErrors(vec![syntax_error(path, &e)]))?;
    let mut checker = Checker::new(path, text);
    match checker.rubric(raw) {
        Some(rubric) => Ok(rubric),
        None => Err(RubricErrors(checker.errors)),
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
