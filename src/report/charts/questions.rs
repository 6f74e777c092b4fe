//! `question-pass-rates`: every question as a horizontal bar, weakest first, labelled
//! with its question text (cut with an ellipsis when long); critical questions carry a
//! ▲, a bold label and a vermillion bar.

use super::hbars::{Bar, HBars, Row};
use super::layout::Head;
use super::legend::{Entry, Swatch};
use super::style::{CRITICAL, NEUTRAL};
use super::text::clean;
use crate::summary::Summary;

/// The mark in front of a critical question's label.
pub const CRITICAL_MARK: &str = "▲";

pub fn chart(summary: &Summary) -> HBars {
    let rubric = &summary.rubric;
    let stats = &summary.aggregates.overall.questions;
    let order = summary.weakest_questions().into_iter().map(|i| (i, stats.get(i).and_then(|s| s.pass_rate())));
    let rows = order
        .into_iter()
        .filter_map(|(i, rate)| {
            let q = rubric.questions.get(i)?;
            let text = clean(&q.text, &q.id);
            Some(Row::Bar(Bar {
                label: if q.critical { format!("{CRITICAL_MARK} {text}") } else { text },
                note: format!("n={}", stats.get(i).map_or(0, |s| s.scored)),
                value: rate,
                color: if q.critical { CRITICAL } else { NEUTRAL },
                hollow: false,
                strong: q.critical,
            }))
        })
        .collect();
    let legend = vec![
        Entry::new(Swatch::Fill(NEUTRAL), "Question"),
        Entry::new(Swatch::Fill(CRITICAL), format!("{CRITICAL_MARK} Critical question")),
    ];
    let detail = format!("{} questions · {} visits", rubric.questions.len(), summary.aggregates.overall.visits);
    HBars {
        head: Head::new(summary, "question pass rates", &detail),
        legend,
        rows,
        axis: "Pass rate (100 × mean answer fraction)".to_string(),
        target: None,
        label_room: 760,
        missing: "no scored answers",
        footnote: "n = scored answers (N/A, blank and invalid answers left out).".to_string(),
        empty: "The rubric has no questions.",
    }
}
