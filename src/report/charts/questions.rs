//! `question-pass-rates`: every question as a horizontal bar, weakest first, labelled
//! with its question text (cut with an ellipsis when long); critical questions carry a
//! ▲, a bold label and a dark bar. Bonus questions (extra credit: an unearned one is no
//! failure) are never among the weakest: they come last, as pale bars marked `(bonus)`,
//! which the legend explains. Pass rates cover the run's window, which the subtitle names.

use super::hbars::{Bar, HBars, Row};
use super::layout::Head;
use super::legend::{Entry, Swatch};
use super::style::{CRITICAL, NEUTRAL};
use super::text::clean;
use crate::summary::Summary;

/// The mark in front of a critical question's label.
pub const CRITICAL_MARK: &str = "▲";
/// The mark in front of a bonus question's label.
pub const BONUS_MARK: &str = "(bonus)";
/// The legend's entry for them.
pub const BONUS_LEGEND: &str = "(bonus) Bonus question, listed last";

pub fn chart(summary: &Summary) -> HBars {
    let rubric = &summary.rubric;
    let stats = &summary.aggregates.overall.questions;
    let bonus = |i: &usize| rubric.questions.get(*i).is_some_and(|q| q.bonus);
    // Weakest first, bonus questions after all others (each part keeps that order).
    let (extra, order): (Vec<usize>, Vec<usize>) = summary.weakest_questions().into_iter().partition(bonus);
    let bar = |i: usize| {
        let q = rubric.questions.get(i)?;
        let text = clean(&q.text, &q.id);
        let label = if q.critical {
            format!("{CRITICAL_MARK} {text}")
        } else if q.bonus {
            format!("{BONUS_MARK} {text}")
        } else {
            text
        };
        Some(Row::Bar(Bar {
            label,
            note: format!("n={}", stats.get(i).map_or(0, |s| s.scored)),
            value: stats.get(i).and_then(|s| s.pass_rate()),
            color: if q.critical { CRITICAL } else { NEUTRAL },
            hollow: q.bonus,
            strong: q.critical,
            quiet: false,
        }))
    };
    let mut rows: Vec<Row> = order.into_iter().filter_map(bar).collect();
    let mut footnote = "n = scored answers (N/A, blank and invalid answers left out).".to_string();
    let mut legend = vec![
        Entry::new(Swatch::Fill(NEUTRAL), "Question"),
        Entry::new(Swatch::Fill(CRITICAL), format!("{CRITICAL_MARK} Critical question")),
    ];
    if !extra.is_empty() {
        rows.extend(extra.into_iter().filter_map(bar));
        legend.push(Entry::new(Swatch::Hollow(NEUTRAL), BONUS_LEGEND));
        footnote.push_str(" Bonus questions are extra credit, never a weakness.");
    }
    let detail = format!("{} questions · {} visits", rubric.questions.len(), summary.aggregates.overall.visits);
    HBars {
        head: Head::new(summary, "question pass rates", &detail),
        legend,
        rows,
        axis: "Pass rate (100 × mean answer fraction)".to_string(),
        target: None,
        label_room: 760,
        missing: "no scored answers".to_string(),
        footnote,
        empty: "The rubric has no questions.",
    }
}
