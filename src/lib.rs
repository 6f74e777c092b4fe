//! shopscore: scores mystery-shopper visit reports against a YAML rubric.
//!
//! Data flows one way: [`rubric`] (load and validate) → [`ingest`] (CSV rows to
//! answers) → [`score`] (pure functions) → [`aggregate`] → [`report`]. [`run`] wires them
//! together for the CLI; tests and benches call the pieces directly.

pub mod aggregate;
pub mod app;
pub mod cli;
pub mod config;
pub mod ingest;
pub mod issue;
pub mod number;
pub mod report;
pub mod rubric;
pub mod run;
pub mod score;
pub mod summary;
pub mod template;

/// The candidate closest to `got` (case-insensitive), if it is close enough to be a
/// plausible typo; used for "did you mean" hints.
pub fn closest<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let got = got.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&got, &c.to_lowercase()), c))
        .filter(|(s, _)| *s >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
