//! A corrections file (`--corrections FILE`, SCORING.md §7): the disputes a consultant
//! settled, as a CSV kept beside the data, read and checked once before any row of the
//! data is.
//!
//! `file` reads it: the bytes (hashed), the header (every one of [`COLUMNS`], any order
//! and case, else [`CorrectionsError`] and the run stops before anything is written) and
//! the rows. `rules` checks each row on its own (action, status, the fields it needs, its
//! question): every rule a row fails is a data issue of the corrections file of its own
//! (a row may have several, so all are fixed in one go), and the row acts not. Every row
//! is kept whatever it fails, whatever its status: what needs the visit (is it in the
//! inputs, is the question in the visit's rubric, does the value read as an answer to it)
//! is [`Correction::answer`]'s and the pipeline's (`crate::run`), and a row naming a
//! known visit is in the audit trail even when it acts not.

mod file;
mod rules;

use std::collections::HashMap;

use crate::issue::{Issue, IssueKind};
use crate::rubric::Question;

pub use file::CorrectionsError;

/// The corrections file's columns, in the order its header is described in.
pub const COLUMNS: [&str; 8] = ["visit_id", "question", "value", "action", "status", "reason", "by", "date"];

/// What an accepted row does to its visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Replaces the answer to the row's question by its value.
    Set,
    /// Keeps the visit out of every figure (it stays listed).
    Void,
    /// Undoes a `void`.
    Restore,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Set => "set",
            Action::Void => "void",
            Action::Restore => "restore",
        }
    }
}

/// Where the dispute stands: only an accepted row acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Accepted,
    Rejected,
    Pending,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Pending => "pending",
        }
    }
}

/// One data row of the file, checked on its own (its cells trimmed).
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// 1-based physical line where the row starts (the header is line 1).
    pub line: u64,
    pub visit_id: String,
    /// The question's id when the row names one of the rubric's (a header in the file is
    /// read as the id it names), whatever the action.
    pub question: Option<String>,
    /// The question as the row names it (trimmed).
    pub question_as_written: String,
    /// The new answer, as written (trimmed); blank makes the answer missing.
    pub value: String,
    /// `None` when the cell is not an action (a `correction_bad_action`).
    pub action: Option<Action>,
    pub action_as_written: String,
    /// `None` when the cell is not a status (a `correction_bad_status`).
    pub status: Option<Status>,
    pub status_as_written: String,
    pub reason: String,
    pub by: String,
    pub date: String,
    /// The row passed every rule that needs no visit.
    pub sound: bool,
}

/// A corrections file read and checked on its own.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    /// The file as the user named it.
    pub file: String,
    pub sha256: String,
    /// The file's header for each of [`COLUMNS`], as written (issues name it).
    pub headers: [String; 8],
    /// Data rows in the file (blank lines left out).
    pub rows: u64,
    /// Rows whose status reads, by status: accepted, rejected, pending.
    pub by_status: [u64; 3],
    /// Every data row, in file order.
    pub records: Vec<Correction>,
    /// The data issues of the rules that need no visit, in file order.
    pub problems: Vec<Issue>,
    /// Indices into `records` per (non-blank) visit id, in file order.
    by_visit: HashMap<String, Vec<usize>>,
}

impl Corrections {
    /// The rows naming `visit_id`, in file order (indices into `records`).
    pub fn for_visit(&self, visit_id: &str) -> &[usize] {
        self.by_visit.get(visit_id).map_or(&[], Vec::as_slice)
    }

    /// A data issue of this file at `line`, on the column `column` (an index into
    /// [`COLUMNS`]).
    pub fn issue(
        &self,
        line: u64,
        visit_id: &str,
        column: usize,
        value: &str,
        kind: IssueKind,
        problem: String,
    ) -> Issue {
        Issue {
            file: self.file.clone(),
            line,
            visit_id: visit_id.to_string(),
            column: self.headers[column].clone(),
            value: value.to_string(),
            kind,
            problem,
        }
    }

    /// The issue of a row naming a visit the run did not read.
    pub fn unknown_visit(&self, c: &Correction) -> Issue {
        let problem = format!(
            "no visit `{}` was read in the inputs (or in the months this run reads: check the id \
             against visits.csv, or widen --period/--since/--until); the row acts not",
            crate::terminal_text::one_line(&c.visit_id, crate::terminal_text::VALUE)
        );
        self.issue(c.line, &c.visit_id, COL_VISIT_ID, &c.visit_id, IssueKind::CorrectionUnknownVisit, problem)
    }
}

impl Correction {
    /// The row's action as the audit trail shows it: the action's name, else as written.
    pub fn action_shown(&self) -> String {
        self.action.map_or_else(|| self.action_as_written.clone(), |a| a.as_str().to_string())
    }

    /// The row's status as the audit trail shows it: the status's name, else as written.
    pub fn status_shown(&self) -> String {
        self.status.map_or_else(|| self.status_as_written.clone(), |s| s.as_str().to_string())
    }

    /// The row's value read as a shopper's answer to `q` would be (the ingest parser):
    /// `Err` with the issue's problem when a shopper would get an `invalid_answer` or
    /// `na_not_allowed` for it.
    pub fn answer(&self, q: &Question) -> Result<super::answer::Answer, String> {
        use super::answer::{Answer, Invalid, accepted, parse};
        match parse(q, &self.value) {
            Answer::Invalid(Invalid::NaNotAllowed) => {
                Err(format!("N/A is not allowed for {}; expected {}; the row acts not", q.id, accepted(&q.kind)))
            }
            Answer::Invalid(Invalid::NotAValue) => Err(format!(
                "`{}` is not an answer to {}; expected {}; the row acts not",
                crate::terminal_text::one_line(&self.value, crate::terminal_text::VALUE),
                q.id,
                accepted(&q.kind)
            )),
            answer => Ok(answer),
        }
    }
}

/// Positions in [`COLUMNS`].
pub const COL_VISIT_ID: usize = 0;
pub const COL_QUESTION: usize = 1;
pub const COL_VALUE: usize = 2;
pub const COL_ACTION: usize = 3;
pub const COL_STATUS: usize = 4;

#[cfg(test)]
mod tests;
