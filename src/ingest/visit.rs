//! One visit as read from a row: its fields and answers.

use super::answer::Answer;

/// A visit row, reused from row to row so that reading allocates nothing per visit once
/// the buffers have grown.
#[derive(Debug, Clone, Default)]
pub struct Visit {
    /// 1-based line where the record starts.
    pub line: u64,
    pub visit_id: String,
    pub location: String,
    pub region: String,
    /// The cells of the rubric's `fields.levels`, trimmed, top first (empty without them).
    pub levels: Vec<String>,
    pub shopper: String,
    pub channel: String,
    pub date: String,
    /// `YYYY-MM`, or `unknown` when the date does not parse.
    pub period: String,
    /// The visit date, when it parses.
    pub day: Option<chrono::NaiveDate>,
    /// Minutes after midnight, when the rubric maps a time column and it parses.
    pub minutes: Option<u32>,
    /// The index in [`crate::rubric::Rubric::versions`] of the rubric version that scores
    /// it (0 with one rubric file); `None` when dated before the first version's
    /// `effective_from` (a `no_version` issue: not scored).
    pub version: Option<usize>,
    /// Per question, in rubric order (of the merged view with two or more versions, a
    /// question the visit's version does not ask being [`Answer::NotAsked`]).
    pub answers: Vec<Answer>,
    /// The answer cells as the shopper wrote them, per question; filled only when the
    /// input keeps text ([`super::Input::keep_text`]).
    pub cells: Vec<String>,
    /// The comment cells, per question (empty when the question has none); as `cells`.
    pub comments: Vec<String>,
    /// The cells of the rubric's `fields.keep` columns (a narrative), in its order; as `cells`.
    pub kept: Vec<String>,
    /// The `fields.replaces` cell, trimmed: the id of the visit this re-shop replaces
    /// (empty when the rubric has no such field or the cell is blank).
    pub replaces: String,
}

impl Visit {
    /// A visit with the given answers and nothing else, for scoring tests.
    pub fn with_answers(answers: Vec<Answer>) -> Visit {
        Visit { answers, ..Visit::default() }
    }
}

/// Replaces `dst` with `src` keeping `dst`'s allocation.
pub(crate) fn set(dst: &mut String, src: &str) {
    dst.clear();
    dst.push_str(src);
}
