//! Rubric versions of one programme (SCORING.md §7): several rubric files, each in force
//! from its `effective_from`, loaded and checked together into one merged view.
//!
//! The merged view is a [`Rubric`] whose sections and questions are the union of every
//! version's by id: the latest version's in its order, then the ids only in earlier
//! versions (newest version first), each in its own version's order; each takes its
//! definition from the newest version holding it, and the view's top level (name,
//! grades, target, checks) is the latest version's. The aggregates and reports use the
//! view as they use one rubric; each visit is scored by its own [`Version`] and its
//! answers and section scores are placed at the view's indices.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Question, Rubric, RubricError, RubricErrors, load};

mod changes;
mod check;

pub use changes::{Change, changes, shared};
#[cfg(test)]
mod tests;

/// One rubric version of a programme, as loaded from its file.
#[derive(Debug, Clone)]
pub struct Version {
    /// Its `version:` when written, else its file name as given.
    pub label: String,
    /// The file as given.
    pub file: PathBuf,
    pub rubric: Rubric,
    /// For each of this version's questions, its index in the merged view.
    pub questions: Vec<usize>,
    /// For each of this version's sections, its index in the merged view.
    pub sections: Vec<usize>,
    /// For each question of the merged view, its index in this version (`None`: not asked).
    pub asks: Vec<Option<usize>>,
}

impl Version {
    pub fn effective_from(&self) -> Option<NaiveDate> {
        self.rubric.effective_from
    }
}

impl Rubric {
    /// The index in [`Rubric::versions`] of the version in force on `day`: the one with
    /// the latest `effective_from` on or before it; undated, the latest. `Err` with the
    /// earliest `effective_from` when `day` is before it. With one rubric file (no
    /// versions) `Ok(0)`, unless the rubric's own `effective_from` is after `day`.
    pub fn version_on(&self, day: Option<NaiveDate>) -> Result<usize, NaiveDate> {
        let Some(day) = day else {
            return Ok(self.versions.len().saturating_sub(1));
        };
        let first = self.versions.first().map_or(self.effective_from, Version::effective_from);
        match first {
            Some(from) if day < from => Err(from),
            _ => Ok(self.versions.iter().rposition(|v| v.effective_from().is_none_or(|f| f <= day)).unwrap_or(0)),
        }
    }

    /// The last day version `index` is in force: the day before the next version's
    /// `effective_from`; `None` for the latest.
    pub fn version_until(&self, index: usize) -> Option<NaiveDate> {
        self.versions.get(index + 1)?.effective_from()?.pred_opt()
    }

    /// The label of version `index` (empty with one rubric file).
    pub fn version_label(&self, index: usize) -> &str {
        self.versions.get(index).map_or("", |v| v.label.as_str())
    }

    /// The label of the earliest version (or of the one rubric: its `version:`, else its name).
    pub fn first_label(&self) -> &str {
        match self.versions.first() {
            Some(v) => &v.label,
            None => self.version.as_deref().unwrap_or(&self.name),
        }
    }

    /// Each version's label, by index, with two or more versions (the outputs name each
    /// visit's); none with one rubric file.
    pub fn version_labels(&self) -> Vec<String> {
        if self.versioned() { self.versions.iter().map(|v| v.label.clone()).collect() } else { Vec::new() }
    }

    /// Question `i` of the merged view as version `version` asks it (its type and scale
    /// there); `None` when that version does not ask it. With one rubric file, question
    /// `i` itself.
    pub fn asked(&self, version: usize, i: usize) -> Option<&Question> {
        match self.versions.get(version) {
            Some(v) if self.versioned() => v.asks.get(i).copied().flatten().and_then(|j| v.rubric.questions.get(j)),
            _ => self.questions.get(i),
        }
    }

    /// The rubric the reports describe: the latest version's, or the one rubric.
    pub fn latest(&self) -> &Rubric {
        self.versions.last().map_or(self, |v| &v.rubric)
    }

    /// Two or more versions: the outputs name each visit's.
    pub fn versioned(&self) -> bool {
        self.versions.len() >= 2
    }
}

/// Loads the rubric files of one programme: one file as [`load`] does; two or more
/// checked together (every file's errors at once) and merged ([`Rubric::versions`]).
pub fn load_versions(paths: &[PathBuf]) -> Result<Rubric, RubricErrors> {
    let mut errors = Vec::new();
    let mut loaded = Vec::new();
    for path in paths {
        match load(path) {
            Ok(r) => loaded.push((path.clone(), r)),
            Err(RubricErrors(e)) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(RubricErrors(errors));
    }
    if loaded.is_empty() {
        return Err(RubricErrors(vec![none_given()]));
    }
    if loaded.len() == 1
        && let Some((_, rubric)) = loaded.pop()
    {
        return Ok(rubric);
    }
    let mut versions: Vec<(PathBuf, Rubric)> = loaded;
    // Stable: with equal dates (an error below) the order given stays.
    versions.sort_by_key(|(_, r)| r.effective_from);
    let errors = check::check(&versions);
    if !errors.is_empty() {
        return Err(RubricErrors(errors));
    }
    merge(versions).ok_or_else(|| RubricErrors(vec![none_given()]))
}

fn none_given() -> RubricError {
    RubricError {
        file: PathBuf::new(),
        line: None,
        column: None,
        path: String::new(),
        problem: "no rubric given".into(),
        hint: Some("pass --rubric FILE, or set `rubric:` in the run file".into()),
    }
}

/// A version's label: its `version:` when written, else its file name as given.
pub(super) fn label(path: &Path, rubric: &Rubric) -> String {
    match rubric.version.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => path.display().to_string(),
    }
}

/// The merged view of `versions` (oldest first, checked); `None` for no version.
fn merge(versions: Vec<(PathBuf, Rubric)>) -> Option<Rubric> {
    let newest_first: Vec<&Rubric> = versions.iter().rev().map(|(_, r)| r).collect();
    let latest = *newest_first.first()?;
    let mut view = latest.clone();
    view.sections.clear();
    view.questions.clear();
    view.warnings = versions.iter().flat_map(|(_, r)| r.warnings.clone()).collect();
    let mut section_at: HashMap<String, usize> = HashMap::new();
    for r in &newest_first {
        for s in &r.sections {
            if !section_at.contains_key(&s.id) {
                section_at.insert(s.id.clone(), view.sections.len());
                view.sections.push(super::Section { questions: 0..0, ..s.clone() });
            }
        }
    }
    let mut question_at: HashMap<String, usize> = HashMap::new();
    for r in &newest_first {
        for q in &r.questions {
            if !question_at.contains_key(&q.id) {
                question_at.insert(q.id.clone(), view.questions.len());
                let section = section_at.get(&r.sections[q.section].id).copied().unwrap_or(0);
                view.questions.push(super::Question { section, ..q.clone() });
            }
        }
    }
    let n = view.questions.len();
    view.versions = versions
        .into_iter()
        .map(|(file, rubric)| {
            let questions: Vec<usize> = rubric.questions.iter().map(|q| question_at[&q.id]).collect();
            let sections = rubric.sections.iter().map(|s| section_at[&s.id]).collect();
            let mut asks = vec![None; n];
            for (j, &i) in questions.iter().enumerate() {
                asks[i] = Some(j);
            }
            Version { label: label(&file, &rubric), file, rubric, questions, sections, asks }
        })
        .collect();
    Some(view)
}

/// An error at `key` of `rubric` (read from `file`): at the key where it is written,
/// else at `fallback`'s, else at the top.
pub(super) fn at(file: &Path, rubric: &Rubric, key: &str, fallback: &str, problem: String, hint: &str) -> RubricError {
    let pos = rubric.positions.get(key).or_else(|| rubric.positions.get(fallback)).or_else(|| rubric.positions.get(""));
    RubricError {
        file: file.to_path_buf(),
        line: pos.map(|p| p.0),
        column: pos.map(|p| p.1),
        path: key.to_string(),
        problem,
        hint: Some(hint.to_string()),
    }
}
