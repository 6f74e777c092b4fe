//! Which rubric version reads a visit (SCORING.md §7): the one in force on its date (the
//! `fields.version_date` cell's when the rubric names one), the latest when that date
//! does not read, none when it is before the first version; and the visit's answers
//! placed at the merged view's indices once its version has read them.

use chrono::NaiveDate;

use super::answer::Answer;
use super::date_hint::{self, Above};
use super::visit::Visit;
use crate::date;
use crate::issue::{Issue, IssueKind};
use crate::rubric::{Rubric, Version};

/// The version a visit is scored by: `Ok(index)` into [`Rubric::versions`] (0 with one
/// rubric file), or `Err(first effective_from)` when it is dated before the first.
pub(super) type Chosen = Result<usize, NaiveDate>;

/// The date that chooses the visit's version: the `fields.version_date` cell's day when
/// `cell` is given (that column's text; after `latest`, the latest date the run accepts,
/// it reads as no date, as a visit date does), else the visit's day.
pub(super) fn day(rubric: &Rubric, cell: Option<&str>, visit: &Visit, latest: Option<NaiveDate>) -> Option<NaiveDate> {
    match cell {
        Some(text) => date::day(text.trim(), &rubric.date_format).filter(|d| latest.is_none_or(|l| *d <= l)),
        None => visit.day,
    }
}

/// The issues of the version choice, onto `out`: `no_version` (on `column`, the
/// choosing date's) for a visit before the first version; for an undated one with two
/// or more versions, its `bad_date` issue says the latest version scores it (the
/// `fields.version_date` cell gets one of its own).
pub(super) fn issues(
    rubric: &Rubric,
    (chosen, day): (Chosen, Option<NaiveDate>),
    (column, cell): (&str, Option<&str>),
    (visit, above, file): (&Visit, Above, &str),
    out: &mut Vec<Issue>,
) {
    let value = cell.unwrap_or(&visit.date).trim();
    let issue = |kind, problem| Issue {
        file: file.to_string(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        column: column.to_string(),
        value: value.to_string(),
        kind,
        problem,
    };
    let latest =
        || format!("scored by version {}, the latest", rubric.version_label(rubric.versions.len().saturating_sub(1)));
    match chosen {
        Err(from) => {
            let first = rubric.first_label();
            let problem = format!("dated before the first version ({first}, effective from {from}); not scored");
            out.push(issue(IssueKind::NoVersion, problem));
        }
        Ok(_) if cell.is_some() && day.is_none() => {
            let why = if value.is_empty() {
                "missing version date".to_string()
            } else if date::day(value, &rubric.date_format).is_some() {
                "version date is more than a year after the run date".to_string()
            } else {
                date_hint::why_not(value, &rubric.date_format, above, None)
            };
            let then = if rubric.versioned() { latest() } else { "the visit is scored".into() };
            out.push(issue(IssueKind::BadDate, format!("{why}; {then}")));
        }
        Ok(_) if cell.is_none() && visit.day.is_none() && rubric.versioned() => {
            let note = latest();
            for i in out.iter_mut().filter(|i| i.kind == IssueKind::BadDate && i.line == visit.line) {
                i.problem = format!("{}; {note}", i.problem);
            }
        }
        Ok(_) => {}
    }
}

/// Moves the answers (and, when kept, the cells and comments) `visit` holds in
/// `version`'s order to the merged view's order; a question the version does not ask
/// becomes [`Answer::NotAsked`] with blank cells.
pub(super) fn place(version: &Version, visit: &mut Visit) {
    let n = version.asks.len();
    let own = std::mem::take(&mut visit.answers);
    visit.answers.resize(n, Answer::NotAsked);
    for (&i, a) in version.questions.iter().zip(own) {
        visit.answers[i] = a;
    }
    for texts in [&mut visit.cells, &mut visit.comments] {
        if texts.is_empty() {
            continue;
        }
        let own = std::mem::take(texts);
        texts.resize_with(n, String::new);
        for (&i, t) in version.questions.iter().zip(own) {
            texts[i] = t;
        }
    }
}
