//! What a report card knows of the chain, shared by the card's workbook and charts.

/// What a report card knows of the chain: numbers about all locations, never another
/// location's rows, comments, shopper ids or names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CardContext {
    /// The chain's focus month and the one before it (`None` when no visit is dated:
    /// then every figure is the whole run's).
    pub period: Option<String>,
    pub previous: Option<String>,
    /// 1-based rank on the focus month among the locations scored then (`None`: this one
    /// has no score that month), and how many were scored.
    pub rank: Option<usize>,
    pub of: usize,
    /// The chain's overall score in the focus month.
    pub chain_score: Option<f64>,
    /// The chain's overall score in every dated period, oldest first.
    pub chain_periods: Vec<(String, Option<f64>)>,
    /// The chain's section scores in the focus month, in rubric order.
    pub chain_sections: Vec<Option<f64>>,
    /// Every scored location's focus-month score, best first, unnamed (this one's is at
    /// `rank - 1`).
    pub scores: Vec<f64>,
    /// With `fields.levels`: the store's line of the org chart (`None` without levels).
    pub org: Option<Org>,
}

/// A store's place in the org chart, as its card shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Org {
    /// `North / Leeds area / Leeds Briggate`: the units of its latest visit, then itself.
    pub line: String,
    /// The lowest level's name (`Area`) and the unit's own name (`Leeds area`).
    pub level: String,
    pub unit: String,
    /// That unit's score in the focus month (every store's visits under it).
    pub unit_score: Option<f64>,
    /// The other units of the lowest level it was reported under in the window (paths),
    /// when it moved; empty when it did not.
    pub also: Vec<String>,
}
