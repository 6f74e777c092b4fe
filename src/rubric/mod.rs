//! The checked rubric: what a visit is scored against.
//!
//! A [`Rubric`] only exists after [`load`] has validated every rule of SCORING.md §1 and
//! §6, so the rest of the crate can rely on its invariants (ids unique, fractions in
//! [0, 1], weights on all sections or none, ...) without checking them again.

use std::collections::HashMap;

mod bounds;
mod error;
mod load;
mod locate;
mod overlaps;
mod programme;
mod raw;
mod text;
mod tree;
mod validate;
mod versions;
mod yaml;

pub use bounds::{AMOUNT_MAX, AMOUNT_MIN, MAX_SCALE_STEPS, VALUE_LIMIT};
pub use error::RubricError;
pub use load::{RubricErrors, load, parse, syntax_error, yaml_text};
pub use programme::{LadderRule, Programme};
pub use text::{MAX_BYTES, MAX_DEPTH, MAX_INDENT};
pub use tree::allowed_keys;
pub use validate::{MAX_NAME_CHARS, STEP_TOLERANCE};
pub use versions::{Change, Version, changes, load_versions, shared};

/// A validated rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub name: String,
    pub version: Option<String>,
    /// The first day this version of the programme scores (SCORING.md §7); a visit
    /// dated before it is scored by no version.
    pub effective_from: Option<chrono::NaiveDate>,
    pub target: Option<f64>,
    /// Grade bands, highest `min` first.
    pub grades: Vec<Grade>,
    pub critical_effect: CriticalEffect,
    pub bonus_cap: bool,
    /// strftime-style format of the visit date; `%Y-%m-%d` unless the rubric says otherwise.
    pub date_format: String,
    pub fields: Fields,
    /// Shopper-integrity checks (all off unless the rubric turns them on).
    pub checks: Checks,
    /// Period changes within ± this many points count as steady (`--steady-within`
    /// overrides); 2 when unset.
    pub steady_within: Option<f64>,
    /// Alerts, actions, the ladder and the shopper margin, as written.
    pub programme: Programme,
    pub sections: Vec<Section>,
    /// Every question in rubric order; sections refer to ranges of this list.
    pub questions: Vec<Question>,
    /// The SHA-256 (hex) of the file's bytes as [`load`] read them, so the reports name
    /// the rubric that was scored (not the file as it is later); `None` when parsed from
    /// text.
    pub sha256: Option<String>,
    /// What is legal but likely a slip (gaps and overlaps between bands), each at its
    /// line; `check` shows them, scoring ignores them.
    pub warnings: Vec<RubricError>,
    /// With two or more rubric files ([`load_versions`]), each version, oldest first, and
    /// this rubric is their merged view: the union of sections and questions by id (each
    /// visit is scored by its own version, its answers placed at this view's indices).
    /// Empty for one rubric file.
    pub versions: Vec<Version>,
    /// Line and column of every key and item written, by its path in the rubric, as
    /// errors across versions are placed.
    pub positions: HashMap<String, (usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub name: String,
    pub min: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriticalEffect {
    ZeroVisit,
    ZeroSection,
    Flag,
}

impl CriticalEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            CriticalEffect::ZeroVisit => "zero_visit",
            CriticalEffect::ZeroSection => "zero_section",
            CriticalEffect::Flag => "flag",
        }
    }
}

/// CSV headers of the visit fields.
#[derive(Debug, Clone)]
pub struct Fields {
    pub visit_id: String,
    pub location: String,
    pub date: String,
    pub region: String,
    /// The headers of the org chart's levels above the location, top first
    /// (`fields.levels`; with `fields.region` written too, the region is the top one);
    /// empty without `levels`. The top level is also [`Fields::region`], so the region
    /// figures are the top level's. Each is a required column.
    pub levels: Vec<String>,
    pub shopper: String,
    pub channel: String,
    /// Optional visit time (`HH:MM`), used by the travel-time check.
    pub time: String,
    /// Headers of text columns no question scores (a narrative, a receipt number), carried
    /// as text into the workbook's Visits sheet; each is a required column. Not in
    /// [`Fields::all`]: no visit field reads them.
    pub keep: Vec<String>,
    /// `fields.replaces`: the header of the column where a re-shop names the id of the
    /// visit it replaces (SCORING.md §7); a required column when set. Not in
    /// [`Fields::all`], as `keep`: the run reads it only when it is set.
    pub replaces: Option<String>,
    /// The header of the date that chooses the visit's rubric version
    /// (`fields.version_date`), when not the visit date; a required column.
    pub version_date: Option<String>,
    /// With `layout: long` (one row per answer), the columns naming each row's question
    /// and holding its answer and comment; `None` for the usual one row per visit.
    pub long: Option<LongLayout>,
    /// The keys written under `fields:` (`region` for `region: region` too): the fields
    /// the rubric asks for, not left at their default header.
    pub written: Vec<&'static str>,
}

/// The columns of a long-format export (`layout: long`): every other column is a visit
/// field, repeated on each of the visit's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongLayout {
    /// The header of the column naming the question (its id or its `column`).
    pub question: String,
    /// The header of the column holding the answer.
    pub answer: String,
    /// The header of the column holding the shopper's comment on the answer, if any.
    pub comment: Option<String>,
}

impl Fields {
    /// Every field's CSV header, in form order: the one list the rest of the crate reads.
    pub fn all(&self) -> [&str; 7] {
        [&self.visit_id, &self.location, &self.date, &self.region, &self.shopper, &self.channel, &self.time]
    }
}

/// The quality control an agency runs before releasing reports; each finding is a data
/// issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// Rotation: a shopper may visit one location at most this often in a period.
    pub max_visits_per_shopper_location: Option<u64>,
    /// Two visits by one shopper at different locations on one date need this many
    /// minutes between them (needs the `time` field).
    pub min_minutes_between_locations: Option<u64>,
    /// Flag a report whose answers are all the same text.
    pub straight_lining: bool,
    /// Flag visits dated after today (`SOURCE_DATE_EPOCH` if set).
    pub future_dates: bool,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub weight: Option<f64>,
    pub pass_mark: Option<f64>,
    /// Indexes into [`Rubric::questions`]. Empty in the merged view of two or more
    /// versions ([`Rubric::versions`]), where a section's questions need not be next to
    /// each other: a visit is scored by its own version.
    pub questions: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// CSV header holding the answer.
    pub column: String,
    /// Index of the section holding this question.
    pub section: usize,
    pub kind: QuestionKind,
    pub points: f64,
    pub na: bool,
    pub critical: bool,
    pub bonus: bool,
    pub comment: Option<String>,
    pub comment_required_on_fail: bool,
}

/// Equal kinds read and score every answer alike (a question shared by two versions).
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    YesNo { expected: bool },
    Scale { min: f64, max: f64, step: f64 },
    Choice { options: Vec<Choice> },
    Multi { options: Vec<Choice> },
    Number { bands: Vec<Band> },
}

impl QuestionKind {
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::YesNo { .. } => "yes_no",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Multi { .. } => "multi",
            QuestionKind::Number { .. } => "number",
        }
    }
}

/// One answer label of a `choice` or `multi` question.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub label: String,
    /// The label lower-cased, as answers are matched.
    pub key: String,
    pub fraction: f64,
}

/// One band of a `number` question; both ends inclusive, `None` is unbounded.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub score: f64,
}

impl Band {
    pub fn contains(&self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

impl Rubric {
    /// The grade band a score reaches, if any.
    pub fn grade(&self, score: f64) -> Option<&str> {
        self.grade_index(score).map(|i| self.grades[i].name.as_str())
    }

    /// The index in [`Rubric::grades`] of the band a score reaches, if any.
    pub fn grade_index(&self, score: f64) -> Option<usize> {
        self.grades.iter().position(|g| score >= g.min)
    }

    pub fn on_target(&self, score: f64) -> Option<bool> {
        self.target.map(|t| score >= t)
    }

    pub fn weighted(&self) -> bool {
        self.sections.iter().all(|s| s.weight.is_some())
    }
}

#[cfg(test)]
mod tests;
