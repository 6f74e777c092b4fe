//! The rubric exactly as written in YAML, before any rule is checked.
//!
//! `tree` fills these from the YAML tree and refuses unknown keys, so a typo such as
//! `wieght:` is an error with its line and column instead of a silently ignored setting.
//! Type-specific keys live on one flat question struct; `validate` says which type each
//! belongs to.

/// A list's items in written order; `None` where an item could not be read (its error is
/// already reported), so every other item keeps its own index.
pub type Items<T> = Vec<Option<T>>;

#[derive(Debug)]
pub struct RawRubric {
    pub name: Option<String>,
    pub version: Option<String>,
    /// `YYYY-MM-DD`: the first day this version of the programme scores.
    pub effective_from: Option<String>,
    pub target: Option<f64>,
    pub grades: Option<Items<RawGrade>>,
    pub critical_effect: Option<String>,
    pub bonus_cap: Option<bool>,
    pub date_format: Option<String>,
    /// `wide` (one row per visit) or `long` (one row per answer).
    pub layout: Option<String>,
    pub fields: Option<RawFields>,
    pub checks: Option<RawChecks>,
    pub steady_within: Option<f64>,
    pub alert_below: Option<f64>,
    pub actions: Option<RawActions>,
    pub ladder: Option<RawLadder>,
    pub shopper_margin: Option<f64>,
    pub sections: Option<Items<RawSection>>,
}

#[derive(Debug, Default)]
pub struct RawActions {
    pub min_failures: Option<u64>,
    pub in_a_row: Option<u64>,
}

#[derive(Debug)]
pub struct RawLadder {
    pub pass: Option<f64>,
    pub steps: Option<Items<String>>,
    pub reset: Option<String>,
}

#[derive(Debug)]
pub struct RawGrade {
    pub name: String,
    pub min: f64,
}

#[derive(Debug, Default)]
pub struct RawFields {
    pub visit_id: Option<String>,
    pub location: Option<String>,
    pub date: Option<String>,
    pub region: Option<String>,
    /// The headers of the levels above the location, top first (`fields.levels`).
    pub levels: Option<Items<String>>,
    pub shopper: Option<String>,
    pub channel: Option<String>,
    pub time: Option<String>,
    /// Headers of text columns no question scores, carried into the Visits sheet.
    pub keep: Option<Items<String>>,
    /// The header of the column naming the visit a re-shop replaces.
    pub replaces: Option<String>,
    /// The header of the date that chooses a visit's rubric version, when not the visit date.
    pub version_date: Option<String>,
    /// With `layout: long`: the headers of the question, answer and comment columns.
    pub question: Option<String>,
    pub answer: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Default)]
pub struct RawChecks {
    pub max_visits_per_shopper_location: Option<u64>,
    pub min_minutes_between_locations: Option<u64>,
    pub straight_lining: Option<bool>,
    pub future_dates: Option<bool>,
}

#[derive(Debug)]
pub struct RawSection {
    pub id: String,
    pub title: Option<String>,
    pub weight: Option<f64>,
    pub pass_mark: Option<f64>,
    pub questions: Option<Items<RawQuestion>>,
}

#[derive(Debug)]
pub struct RawQuestion {
    pub id: String,
    pub text: Option<String>,
    pub column: Option<String>,
    pub kind: String,
    pub points: Option<f64>,
    pub na: Option<bool>,
    pub critical: Option<bool>,
    pub bonus: Option<bool>,
    pub comment: Option<String>,
    pub comment_required_on_fail: Option<bool>,
    pub expected: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub step: Option<f64>,
    /// `label: fraction` in written order; a fraction that is not a number is NaN.
    pub options: Option<Vec<(String, f64)>>,
    pub bands: Option<Items<RawBand>>,
}

#[derive(Debug)]
pub struct RawBand {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub score: f64,
}
