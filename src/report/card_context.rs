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
}
