//! A report card's own charts (`--per-location`), the store against the chain: where it
//! stands among all stores on the focus month (the others as unnamed grey bars, no label
//! or value), and its section scores beside the chain average. Both are about the chain's
//! focus month and say so. The card's trend is [`super::trend::for_card`]. The chain's
//! figures come from [`CardContext`]: numbers only.

use plotters::style::RGBColor;

use super::columns::{self, Columns};
use super::hbars::{Bar, HBars, Row};
use super::layout::Head;
use super::legend::{Entry, Swatch};
use super::ranking::{band_color, grade_legend};
use super::style::NEUTRAL;
use super::text::clean;
use crate::aggregate::Group;
use crate::report::card_context::CardContext;
use crate::summary::Summary;

/// The other stores' bars: light grey, no grade meaning.
pub const OTHERS: RGBColor = RGBColor(214, 214, 218);
/// The store's own columns and line.
pub const STORE: RGBColor = super::style::rgb(crate::report::palette::STORE);
/// Past this many scored stores the ranking picture is left out (the Summary sheet still
/// gives the rank).
pub const MAX_STORES: usize = 100;

/// `2026-10`, or `whole run` when no visit is dated.
fn month(context: &CardContext) -> String {
    context.period.as_deref().map_or_else(|| "whole run".to_string(), |p| clean(p, "-"))
}

/// The store's totals in the chain's focus month (the whole run when nothing is dated).
fn now<'a>(own: &'a Summary, context: &CardContext) -> Option<&'a Group> {
    match &context.period {
        Some(p) => own.aggregates.periods.get(p),
        None => Some(&own.aggregates.overall),
    }
}

/// Every scored store as a bar, best first: this one named, coloured by its grade, the
/// others grey and unnamed. `None` when the store has no score in the focus month or the
/// chain has more than [`MAX_STORES`].
pub fn ranking(own: &Summary, store: &str, context: &CardContext) -> Option<HBars> {
    let rank = context.rank?;
    if context.scores.len() > MAX_STORES {
        return None;
    }
    let name = clean(store, "(no location)");
    let m = month(context);
    let scored = now(own, context).map_or(0, |g| g.score.n);
    let rows = context
        .scores
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let mine = i + 1 == rank;
            Row::Bar(Bar {
                label: if mine { name.clone() } else { String::new() },
                note: if mine { format!("#{rank} of {}", context.of) } else { String::new() },
                value: Some(v),
                color: if mine { band_color(own, Some(v)) } else { OTHERS },
                hollow: mine && scored < own.min_visits,
                strong: mine,
                quiet: !mine,
            })
        })
        .collect();
    let mut legend = grade_legend(own);
    legend.push(Entry::new(Swatch::Fill(OTHERS), "Other locations (unnamed)"));
    if scored < own.min_visits {
        let text = format!("Hollow: fewer than {} scored visits", own.min_visits);
        legend.push(Entry::new(Swatch::Hollow(super::style::INK), text));
    }
    let detail = format!("{name}: #{rank} of {} locations", context.of);
    Some(HBars {
        head: Head::with(own, "where this location stands", format!("Scores, {m}"), &detail),
        legend,
        rows,
        axis: format!("Score {m} (mean of the visit scores)"),
        target: own.rubric.target,
        label_room: 520,
        missing: "no score".to_string(),
        footnote: format!("Every location scored in {m}, best at the top; only this one is named."),
        empty: "No location was scored.",
    })
}

/// The store's section scores beside the chain average's, in the focus month.
pub fn profile(own: &Summary, store: &str, context: &CardContext) -> Columns {
    let sections = &own.rubric.sections;
    let m = month(context);
    let name = clean(store, "(no location)");
    let mine = now(own, context);
    Columns {
        head: Head::with(own, "section profile", format!("Scores, {m}"), &format!("{name} and the chain average")),
        groups: sections.iter().map(|s| clean(&s.title, &s.id)).collect(),
        series: vec![
            columns::Series {
                name,
                color: STORE,
                values: (0..sections.len())
                    .map(|i| mine.and_then(|g| g.sections.get(i)).and_then(|s| s.value()))
                    .collect(),
            },
            columns::Series {
                name: "Chain average (every location's visits)".to_string(),
                color: NEUTRAL,
                values: (0..sections.len()).map(|i| context.chain_sections.get(i).copied().flatten()).collect(),
            },
        ],
        axis: format!("Section score {m} (mean of the visits' section scores)"),
        footnote: format!("A dash: no visit in {m} had a score in the section."),
    }
}
