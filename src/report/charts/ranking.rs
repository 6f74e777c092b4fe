//! `location-ranking`: every location as a horizontal bar, best at the top, on its focus
//! month score (the `--period`, else the latest month: [`Summary::headlines`]), coloured
//! by its grade band, with its number of scored visits that month beside the name, hollow
//! when that sample is small, the score at the end of the bar and the target as a dashed
//! line. The subtitle names the month ("Scores, 2026-10").

use super::hbars::{Bar, HBars, Row, ends};
use super::layout::Head;
use super::legend::{self, Entry, Swatch};
use super::style::{self, INK};
use super::text::clean;
use crate::focus::Headline;
use crate::summary::Summary;

/// Past twice this many locations, the best and the worst this many are drawn.
pub const EACH_END: usize = 100;

pub fn chart(summary: &Summary) -> HBars {
    let rubric = &summary.rubric;
    let month = summary.focus().map(|f| clean(f.label(), "-"));
    let (of_month, in_month) = match &month {
        Some(m) => (format!(" {m}"), format!(" in {m}")),
        None => (String::new(), String::new()),
    };
    let bar = |h: Headline| {
        let value = h.score();
        Row::Bar(Bar {
            label: clean(h.key, "(no location)"),
            note: format!("n={}", h.scored()),
            value,
            color: band_color(summary, value),
            // A small sample as everywhere else: fewer scored visits than --min-visits.
            hollow: h.scored() < summary.min_visits,
            strong: false,
            quiet: false,
        })
    };
    // A store with no visit in the focus month has no bar and is not counted: it is
    // named in one line at the end, as the table and the Summary name it.
    let (headlines, unvisited): (Vec<Headline>, Vec<Headline>) =
        summary.stores().into_iter().partition(|h| !h.unvisited());
    let locations = headlines.len();
    let (best, left_out, worst) = ends(headlines, EACH_END);
    let mut rows: Vec<Row> = best.into_iter().map(bar).collect();
    if left_out > 0 {
        let (from, to) = (EACH_END + 1, EACH_END + left_out);
        rows.push(Row::Heading(format!(
            "⋯ {left_out} locations ranked {from} to {to} not shown (all are in summary.json)"
        )));
    }
    rows.extend(worst.into_iter().map(bar));
    if !unvisited.is_empty() {
        let names: Vec<String> = unvisited.iter().take(3).map(|h| clean(h.key, "(no location)")).collect();
        let more = match unvisited.len() - names.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        rows.push(Row::Heading(format!("No visit{in_month}: {}{more}", names.join(", "))));
    }
    let mut legend = grade_legend(summary);
    legend.push(Entry::new(Swatch::Hollow(INK), format!("Fewer than {} scored visits", summary.min_visits)));
    let visits = summary.focus().and_then(|f| f.overall()).map_or(summary.aggregates.overall.visits, |g| g.visits);
    let counted = crate::number::counted;
    let detail =
        format!("{} · {}", counted(locations as u64, "location", "locations"), counted(visits, "visit", "visits"));
    HBars {
        head: Head::focus(summary, "location ranking", &detail),
        legend,
        rows,
        axis: format!("Score{of_month} (mean of the visit scores)"),
        target: rubric.target,
        label_room: 520,
        missing: if month.is_some() { format!("no scored visit{in_month}") } else { "no score".to_string() },
        footnote: format!(
            "n = scored visits{in_month}. Bars are coloured by grade band; hollow bars rest on few visits."
        ),
        empty: "No visits were scored.",
    }
}

/// One swatch per grade band (`Good ≥ 75`), then the target line.
pub fn grade_legend(summary: &Summary) -> Vec<Entry> {
    let rubric = &summary.rubric;
    let bands = rubric.grades.len();
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
    legend
}

/// The grade-band colour of a score (grey outside every band or without a score).
pub fn band_color(summary: &Summary, value: Option<f64>) -> plotters::style::RGBColor {
    let band = value.and_then(|v| summary.rubric.grade_index(v));
    style::grade(band, summary.rubric.grades.len())
}
