//! Data issues (SCORING.md §5): every problem found in the data, as data.
//!
//! Issues are never printed and forgotten: each one flows to the sinks (issues.csv, the
//! summary's counts, `check`'s listing) with the facts a shopper needs to fix the report.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    MissingAnswer,
    InvalidAnswer,
    NaNotAllowed,
    MissingComment,
    BadDate,
    MissingLocation,
    DuplicateVisitId,
    WrongFieldCount,
    NoVisitId,
    CellTooLong,
    BadTime,
    StraightLining,
    Rotation,
    FutureDate,
    TooClose,
    SwallowedRows,
    OutsidePeriod,
    InvalidUtf8,
    /// Dated before the first rubric version's `effective_from`: not scored.
    NoVersion,
}

impl IssueKind {
    pub const ALL: [IssueKind; 19] = [
        IssueKind::MissingAnswer,
        IssueKind::InvalidAnswer,
        IssueKind::NaNotAllowed,
        IssueKind::MissingComment,
        IssueKind::BadDate,
        IssueKind::MissingLocation,
        IssueKind::DuplicateVisitId,
        IssueKind::WrongFieldCount,
        IssueKind::NoVisitId,
        IssueKind::CellTooLong,
        IssueKind::BadTime,
        IssueKind::StraightLining,
        IssueKind::Rotation,
        IssueKind::FutureDate,
        IssueKind::TooClose,
        IssueKind::SwallowedRows,
        IssueKind::OutsidePeriod,
        IssueKind::InvalidUtf8,
        IssueKind::NoVersion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::MissingAnswer => "missing_answer",
            IssueKind::InvalidAnswer => "invalid_answer",
            IssueKind::NaNotAllowed => "na_not_allowed",
            IssueKind::MissingComment => "missing_comment",
            IssueKind::BadDate => "bad_date",
            IssueKind::MissingLocation => "missing_location",
            IssueKind::DuplicateVisitId => "duplicate_visit_id",
            IssueKind::WrongFieldCount => "wrong_field_count",
            IssueKind::NoVisitId => "no_visit_id",
            IssueKind::CellTooLong => "cell_too_long",
            IssueKind::BadTime => "bad_time",
            IssueKind::StraightLining => "straight_lining",
            IssueKind::Rotation => "rotation",
            IssueKind::FutureDate => "future_date",
            IssueKind::TooClose => "too_close",
            IssueKind::SwallowedRows => "swallowed_rows",
            IssueKind::OutsidePeriod => "outside_period",
            IssueKind::InvalidUtf8 => "invalid_utf8",
            IssueKind::NoVersion => "no_version",
        }
    }
}

/// One problem in the data: where it is, what was read, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub file: String,
    /// 1-based physical line where the record starts (the header is line 1).
    pub line: u64,
    pub visit_id: String,
    /// The file's header of the cell, empty for a whole row.
    pub column: String,
    /// The value as read; the row's raw text for a row that is not a visit.
    pub value: String,
    pub kind: IssueKind,
    /// The problem in plain words, with what would have been accepted.
    pub problem: String,
}

/// Issue counts, by kind, in a fixed order.
#[derive(Debug, Clone, Default)]
pub struct IssueCounts {
    counts: [u64; IssueKind::ALL.len()],
}

impl IssueCounts {
    pub fn add(&mut self, kind: IssueKind) {
        self.counts[kind as usize] += 1;
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    pub fn by_kind(&self) -> impl Iterator<Item = (IssueKind, u64)> + '_ {
        IssueKind::ALL.into_iter().zip(self.counts.iter().copied())
    }
}
