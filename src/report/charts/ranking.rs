//! `location-ranking`: every location as a horizontal bar, best at the top, coloured by its
//! grade band, with its number of scored visits beside the name, hollow when that sample
//! is small, the score at the end of the bar and the target as a dashed line.

use super::hbars::{Bar, HBars, Row, ends};
use super::layout::Head;
use super::legend::{self, Entry, Swatch};
use super::style::{self, INK};
use super::text::clean;
use crate::aggregate::Group;
use crate::summary::Summary;

/// Past twice this many locations, the best and the worst this many are drawn.
pub const EACH_END: usize = 100;

pub fn chart(summary: &Summary) -> HBars {
    let rubric = &summary.rubric;
    let a = &summary.aggregates;
    let bands = rubric.grades.len();
    let bar = |(name, group): (&str, &Group)| {
        let value = group.score.value();
        Row::Bar(Bar {
            label: clean(name, "(no location)"),
            note: format!("n={}", group.score.n),
            value,
            color: band_color(summary, value),
            // A small sample as everywhere else: fewer scored visits than --min-visits.
            hollow: group.score.n < summary.min_visits,
            strong: false,
        })
    };
    let (best, left_out, worst) = ends(a.ranking(), EACH_END);
    let mut rows: Vec<Row> = best.into_iter().map(bar).collect();
    if left_out > 0 {
        let (from, to) = (EACH_END + 1, EACH_END + left_out);
        rows.push(Row::Heading(format!(
            "⋯ {left_out} locations ranked {from} to {to} not shown (all are in summary.json)"
        )));
    }
    rows.extend(worst.into_iter().map(bar));
    let mut legend: Vec<Entry> = rubric
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| {
            Entry::new(Swatch::Fill(style::grade(Some(i), bands)), format!("{} ≥ {}", clean(&g.name, "-"), g.min))
        })
        .collect();
    if let Some(t) = rubric.target {
        legend.push(legend::target(t));
    }
    legend.push(Entry::new(Swatch::Hollow(INK), format!("Fewer than {} scored visits", summary.min_visits)));
    let detail = format!("{} locations · {} visits", a.locations.len(), a.overall.visits);
    HBars {
        head: Head::new(summary, "location ranking", &detail),
        legend,
        rows,
        axis: "Score (mean of the visit scores)".to_string(),
        target: rubric.target,
        label_room: 520,
        missing: "no score",
        footnote: "n = scored visits. Bars are coloured by grade band; hollow bars rest on few visits.".to_string(),
        empty: "No visits were scored.",
    }
}

/// The grade-band colour of a score (grey outside every band or without a score).
pub fn band_color(summary: &Summary, value: Option<f64>) -> plotters::style::RGBColor {
    let grades = &summary.rubric.grades;
    let band = value.and_then(|v| summary.rubric.grade(v)).and_then(|name| grades.iter().position(|g| g.name == name));
    style::grade(band, grades.len())
}
