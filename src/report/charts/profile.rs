//! `section-profile`: one group of bars per section (overall first, then each region, or
//! each location in ranking order with `--chart-by location`), on a 0-100 axis, all on
//! the focus month (the `--period`, else the latest month; the subtitle names it).
//!
//! Up to [`MAX_COLUMNS`] series fit a slide as grouped columns (colours in legend order,
//! lightness rising series by series); beyond that each section becomes a block of
//! labelled horizontal bars and the image grows taller.

use plotters::prelude::*;

use super::ChartBy;
use super::columns::{self, Columns};
use super::hbars::{Bar, HBars, Row, ends};
use super::layout::{Area, Drawn, Head};
use super::render::Chart;
use super::style;
use super::text::clean;
use crate::aggregate::Group;
use crate::summary::Summary;

/// The most series (overall included) drawn as grouped columns.
pub const MAX_COLUMNS: usize = 8;
/// By location, past twice this many locations the best and the worst this many are drawn.
pub const EACH_END: usize = 15;

pub enum Profile {
    Columns(Columns),
    Bars(HBars),
}

impl Chart for Profile {
    fn size(&self) -> (u32, u32) {
        match self {
            Profile::Columns(c) => c.size(),
            Profile::Bars(b) => b.size(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        match self {
            Profile::Columns(c) => c.draw(root),
            Profile::Bars(b) => b.draw(root),
        }
    }
}

pub fn chart(summary: &Summary, by: ChartBy) -> Profile {
    let a = &summary.aggregates;
    let focus = summary.focus();
    let mut detail = String::new();
    let (by_name, groups): (&str, Vec<(String, Option<&Group>)>) = match by {
        ChartBy::Location => {
            // Locations without a score in the focus month have nothing to draw.
            let ranked: Vec<(String, Option<&Group>)> = summary
                .stores()
                .into_iter()
                .filter(|h| h.score().is_some())
                .enumerate()
                .map(|(i, h)| (format!("#{} {}", i + 1, clean(h.key, "(no location)")), h.now))
                .collect();
            let total = ranked.len();
            let (mut best, left_out, worst) = ends(ranked, EACH_END);
            if left_out > 0 {
                detail = format!("overall, best {EACH_END} and worst {EACH_END} of {total} locations");
            }
            best.extend(worst);
            ("location", best)
        }
        // Without a region column every visit is in the blank region: nothing to compare.
        ChartBy::Region if a.regions.keys().all(|k| k.trim().is_empty()) => ("region", Vec::new()),
        ChartBy::Region => (
            "region",
            a.regions
                .iter()
                .map(|(k, g)| (clean(k, "(no region)"), focus.as_ref().map_or(Some(g), |f| f.region(k))))
                .collect(),
        ),
    };
    if detail.is_empty() {
        detail = if groups.is_empty() { "overall".to_string() } else { format!("overall and by {by_name}") };
    }
    let head = Head::focus(summary, "section profile", &detail);
    let overall = focus.as_ref().map_or(Some(&a.overall), |f| f.overall());
    let series: Vec<(String, Option<&Group>)> =
        std::iter::once(("Overall".to_string(), overall)).chain(groups).collect();
    if series.len() <= MAX_COLUMNS {
        Profile::Columns(as_columns(summary, head, &series))
    } else {
        Profile::Bars(as_bars(summary, head, &series))
    }
}

const AXIS: &str = "Section score (mean of the visits' section scores)";

fn as_columns(summary: &Summary, head: Head, series: &[(String, Option<&Group>)]) -> Columns {
    let sections = &summary.rubric.sections;
    let n = series.len();
    Columns {
        head,
        groups: sections.iter().map(|s| clean(&s.title, &s.id)).collect(),
        series: series
            .iter()
            .enumerate()
            .map(|(i, (name, group))| columns::Series {
                name: name.clone(),
                color: if i == 0 { style::INK } else { style::ramp(i - 1, n - 1) },
                values: (0..sections.len())
                    .map(|s| group.and_then(|g| g.sections.get(s)).and_then(|m| m.value()))
                    .collect(),
            })
            .collect(),
        axis: AXIS.to_string(),
        footnote: "A dash: no visit of that group had a score in the section.".to_string(),
    }
}

fn as_bars(summary: &Summary, head: Head, series: &[(String, Option<&Group>)]) -> HBars {
    let mut rows = Vec::new();
    for (s, section) in summary.rubric.sections.iter().enumerate() {
        if s > 0 {
            rows.push(Row::Heading(String::new()));
        }
        rows.push(Row::Heading(clean(&section.title, &section.id)));
        for (i, (name, group)) in series.iter().enumerate() {
            let mean = group.and_then(|g| g.sections.get(s)).copied().unwrap_or_default();
            rows.push(Row::Bar(Bar {
                label: name.clone(),
                note: format!("n={}", mean.n),
                value: mean.value(),
                color: if i == 0 { style::INK } else { style::NEUTRAL },
                hollow: false,
                strong: i == 0,
                quiet: false,
            }));
        }
    }
    HBars {
        head,
        legend: Vec::new(),
        rows,
        axis: AXIS.to_string(),
        target: None,
        label_room: 440,
        missing: "no score".to_string(),
        footnote: "n = visits with a score in the section.".to_string(),
        empty: "The rubric has no sections.",
    }
}
