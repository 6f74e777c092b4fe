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
    CorrectionBadAction,
    CorrectionBadStatus,
    CorrectionMissingField,
    CorrectionUnknownQuestion,
    CorrectionUnknownVisit,
    CorrectionInvalidValue,
    ReplacesUnknown,
    ReplacesOtherLocation,
    ReplacesOtherPeriod,
    ReplacesNotEarlier,
    ReplacesAlreadyReplaced,
    /// Dated before the first rubric version's `effective_from`: not scored.
    NoVersion,
    /// A workbook cell holding an Excel error (`#N/A`) outside the answers: read as blank.
    CellError,
    /// Long format: a visit field of a later row disagrees with the visit's first row.
    ConflictingField,
    /// Long format: a question answered a second time for one visit.
    DuplicateAnswer,
    /// Long format: a row's question cell names no question of the rubric.
    UnknownQuestion,
    /// A location reported under two units of a level (`fields.levels`) in the window.
    Moved,
}

impl IssueKind {
    /// The kinds every run counts (`summary.json` lists each, 0 or not).
    pub const ALL: [IssueKind; 18] = [
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
    ];

    /// The kinds of a corrections file's rows (`--corrections`), listed only in a run
    /// with one ([`IssueCounts::list_corrections`]).
    pub const CORRECTIONS: [IssueKind; 6] = [
        IssueKind::CorrectionBadAction,
        IssueKind::CorrectionBadStatus,
        IssueKind::CorrectionMissingField,
        IssueKind::CorrectionUnknownQuestion,
        IssueKind::CorrectionUnknownVisit,
        IssueKind::CorrectionInvalidValue,
    ];

    /// The kinds of a `replaces` cell (a re-shop, `fields.replaces`), listed only in a
    /// run whose rubric names that field ([`IssueCounts::list_replaces`]), so a run
    /// without it lists the kinds it always did.
    pub const REPLACES: [IssueKind; 5] = [
        IssueKind::ReplacesUnknown,
        IssueKind::ReplacesOtherLocation,
        IssueKind::ReplacesOtherPeriod,
        IssueKind::ReplacesNotEarlier,
        IssueKind::ReplacesAlreadyReplaced,
    ];

    /// The kind of a visit dated before the first rubric version, listed only in a run
    /// whose rubric (or one of its versions) has an `effective_from`
    /// ([`IssueCounts::list_versions`]).
    pub const VERSIONS: [IssueKind; 1] = [IssueKind::NoVersion];

    /// The kind of an error cell in a workbook, listed only in a run that reads one
    /// ([`IssueCounts::list_workbook`]).
    pub const WORKBOOK: [IssueKind; 1] = [IssueKind::CellError];

    /// The kinds of a long-format input's grouping (`layout: long`), listed only in a run
    /// whose rubric has that layout ([`IssueCounts::list_long`]).
    pub const LONG: [IssueKind; 3] =
        [IssueKind::ConflictingField, IssueKind::DuplicateAnswer, IssueKind::UnknownQuestion];

    /// The kind of a location that moved between units of the org chart, listed only in
    /// a run whose rubric names `fields.levels` ([`IssueCounts::list_levels`]).
    pub const LEVELS: [IssueKind; 1] = [IssueKind::Moved];

    /// Every kind, in the enum's order: [`IssueKind::ALL`], [`IssueKind::CORRECTIONS`],
    /// [`IssueKind::REPLACES`], [`IssueKind::VERSIONS`], [`IssueKind::WORKBOOK`], [`IssueKind::LONG`], then
    /// [`IssueKind::LEVELS`].
    pub const EVERY: [IssueKind; 35] = {
        let mut every = [IssueKind::MissingAnswer; 35];
        let mut i = 0;
        while i < every.len() {
            every[i] = if i < 18 {
                IssueKind::ALL[i]
            } else if i < 24 {
                IssueKind::CORRECTIONS[i - 18]
            } else if i < 29 {
                IssueKind::REPLACES[i - 24]
            } else if i < 30 {
                IssueKind::VERSIONS[i - 29]
            } else if i < 31 {
                IssueKind::WORKBOOK[i - 30]
            } else if i < 34 {
                IssueKind::LONG[i - 31]
            } else {
                IssueKind::LEVELS[i - 34]
            };
            i += 1;
        }
        every
    };

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
            IssueKind::CorrectionBadAction => "correction_bad_action",
            IssueKind::CorrectionBadStatus => "correction_bad_status",
            IssueKind::CorrectionMissingField => "correction_missing_field",
            IssueKind::CorrectionUnknownQuestion => "correction_unknown_question",
            IssueKind::CorrectionUnknownVisit => "correction_unknown_visit",
            IssueKind::CorrectionInvalidValue => "correction_invalid_value",
            IssueKind::ReplacesUnknown => "replaces_unknown",
            IssueKind::ReplacesOtherLocation => "replaces_other_location",
            IssueKind::ReplacesOtherPeriod => "replaces_other_period",
            IssueKind::ReplacesNotEarlier => "replaces_not_earlier",
            IssueKind::ReplacesAlreadyReplaced => "replaces_already_replaced",
            IssueKind::NoVersion => "no_version",
            IssueKind::CellError => "cell_error",
            IssueKind::ConflictingField => "conflicting_field",
            IssueKind::DuplicateAnswer => "duplicate_answer",
            IssueKind::UnknownQuestion => "unknown_question",
            IssueKind::Moved => "moved",
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
#[derive(Debug, Clone)]
pub struct IssueCounts {
    counts: [u64; IssueKind::EVERY.len()],
    /// The run reads a corrections file: [`IssueKind::CORRECTIONS`] are listed too.
    corrections: bool,
    /// The run reads re-shops: [`IssueKind::REPLACES`] are listed too.
    replaces: bool,
    /// The run's rubric has an `effective_from`: [`IssueKind::VERSIONS`] are listed too.
    versions: bool,
    /// The run reads a workbook: [`IssueKind::WORKBOOK`] are listed too.
    workbook: bool,
    /// The run's rubric reads long-format inputs: [`IssueKind::LONG`] are listed too.
    long: bool,
    /// The run's rubric names `fields.levels`: [`IssueKind::LEVELS`] are listed too.
    levels: bool,
}

// By hand: std derives `Default` for arrays of at most 32.
impl Default for IssueCounts {
    fn default() -> Self {
        IssueCounts {
            counts: [0; IssueKind::EVERY.len()],
            corrections: false,
            replaces: false,
            versions: false,
            workbook: false,
            long: false,
            levels: false,
        }
    }
}

impl IssueCounts {
    /// Lists [`IssueKind::CORRECTIONS`] in [`IssueCounts::by_kind`] (0 or not): the run
    /// reads a corrections file.
    pub fn list_corrections(&mut self) {
        self.corrections = true;
    }

    /// Lists [`IssueKind::REPLACES`] in [`IssueCounts::by_kind`] (0 or not): the run's
    /// rubric names `fields.replaces`.
    pub fn list_replaces(&mut self) {
        self.replaces = true;
    }

    /// Lists [`IssueKind::VERSIONS`] in [`IssueCounts::by_kind`] (0 or not): the run's
    /// rubric, or one of its versions, has an `effective_from`.
    pub fn list_versions(&mut self) {
        self.versions = true;
    }

    /// Lists [`IssueKind::WORKBOOK`] in [`IssueCounts::by_kind`] (0 or not): the run
    /// reads an Excel workbook.
    pub fn list_workbook(&mut self) {
        self.workbook = true;
    }

    /// Lists [`IssueKind::LONG`] in [`IssueCounts::by_kind`] (0 or not): the run's rubric
    /// has `layout: long`.
    pub fn list_long(&mut self) {
        self.long = true;
    }

    /// Lists [`IssueKind::LEVELS`] in [`IssueCounts::by_kind`] (0 or not): the run's
    /// rubric names `fields.levels`.
    pub fn list_levels(&mut self) {
        self.levels = true;
    }

    pub fn add(&mut self, kind: IssueKind) {
        self.counts[kind as usize] += 1;
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// [`IssueKind::ALL`] with their counts, then [`IssueKind::CORRECTIONS`],
    /// [`IssueKind::REPLACES`], [`IssueKind::VERSIONS`], [`IssueKind::WORKBOOK`],
    /// [`IssueKind::LONG`] and [`IssueKind::LEVELS`] where the run lists them.
    pub fn by_kind(&self) -> impl Iterator<Item = (IssueKind, u64)> + '_ {
        IssueKind::EVERY.into_iter().zip(self.counts.iter().copied()).filter(|&(k, _)| {
            (self.corrections || !IssueKind::CORRECTIONS.contains(&k))
                && (self.replaces || !IssueKind::REPLACES.contains(&k))
                && (self.versions || !IssueKind::VERSIONS.contains(&k))
                && (self.workbook || !IssueKind::WORKBOOK.contains(&k))
                && (self.long || !IssueKind::LONG.contains(&k))
                && (self.levels || !IssueKind::LEVELS.contains(&k))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `EVERY[i]` is the kind numbered `i` (counts are indexed so), each named once.
    #[test]
    fn every_kind_is_at_its_own_index_with_its_own_name() {
        for (i, k) in IssueKind::EVERY.into_iter().enumerate() {
            assert_eq!(k as usize, i, "{k:?}");
        }
        let names: std::collections::BTreeSet<&str> = IssueKind::EVERY.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), IssueKind::EVERY.len());
    }

    /// A feature's kinds are listed only in a run that has the feature, each with its
    /// count; the total counts them either way (2 + 1 + 1 = 4).
    #[test]
    fn feature_kinds_are_listed_only_in_a_run_with_the_feature() {
        let mut counts = IssueCounts::default();
        counts.add(IssueKind::BadDate);
        counts.add(IssueKind::BadDate);
        counts.add(IssueKind::ReplacesNotEarlier);
        counts.add(IssueKind::CorrectionUnknownVisit);
        let listed: Vec<IssueKind> = counts.by_kind().map(|(k, _)| k).collect();
        assert_eq!(listed, IssueKind::ALL);
        assert_eq!(counts.total(), 4);
        counts.list_replaces();
        let listed: Vec<(IssueKind, u64)> = counts.by_kind().skip(IssueKind::ALL.len()).collect();
        assert_eq!(
            listed,
            [
                (IssueKind::ReplacesUnknown, 0),
                (IssueKind::ReplacesOtherLocation, 0),
                (IssueKind::ReplacesOtherPeriod, 0),
                (IssueKind::ReplacesNotEarlier, 1),
                (IssueKind::ReplacesAlreadyReplaced, 0),
            ]
        );
        let mut counts = IssueCounts::default();
        counts.add(IssueKind::CorrectionUnknownVisit);
        counts.list_corrections();
        let listed: Vec<(IssueKind, u64)> = counts.by_kind().skip(IssueKind::ALL.len()).collect();
        let want: Vec<(IssueKind, u64)> = IssueKind::CORRECTIONS
            .into_iter()
            .map(|k| (k, u64::from(k == IssueKind::CorrectionUnknownVisit)))
            .collect();
        assert_eq!(listed, want);
        let mut counts = IssueCounts::default();
        counts.add(IssueKind::NoVersion);
        assert_eq!(counts.by_kind().count(), IssueKind::ALL.len());
        counts.list_versions();
        assert_eq!(counts.by_kind().last(), Some((IssueKind::NoVersion, 1)));
        counts.add(IssueKind::Moved);
        assert_eq!(counts.by_kind().last(), Some((IssueKind::NoVersion, 1)), "levels not listed yet");
        counts.list_levels();
        assert_eq!(counts.by_kind().last(), Some((IssueKind::Moved, 1)));
    }
}
