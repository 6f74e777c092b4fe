//! Report cards (`--per-location`): for each location its own workbook and charts under
//! `locations/`, to send to its store manager.
//!
//! A card is the ordinary workbook and chart set built from that location's visits alone:
//! each visit (and the issues that follow it) is routed to its location's own aggregator
//! and workbook as the run streams, so a card cannot hold another location's visit rows,
//! comments or shopper ids. From the whole run it gets only numbers ([`CardContext`]):
//! its rank on the focus month, the chain average per month and per section, and the
//! other locations' focus-month scores, unnamed, for the ranking picture. Its Summary
//! sheet is the store's own (`xlsx::card_summary`), and its charts compare the store with
//! the chain (`charts::Charts::for_card`).

mod names;
mod org;

use std::collections::HashMap;

use anyhow::{Context, Result};

pub use names::{CARDS_MAP, CardNames};

use super::charts::{ChartOptions, Charts, Drawing};
use super::xlsx::{CardContext, Xlsx, XlsxOptions};
use super::{Report, Staging};
use crate::aggregate::Aggregator;
use crate::gate::Gates;
use crate::issue::{Issue, IssueCounts, IssueKind};
use crate::rubric::Rubric;
use crate::sink::{ScoredVisit, Sink};
use crate::summary::{Judging, Streamed, Summary};

/// How the cards are made: the run's own settings.
#[derive(Debug, Clone)]
pub struct CardOptions {
    pub charts: ChartOptions,
    pub focus: Option<String>,
    pub steady_within: f64,
    pub min_visits: u64,
    pub settings: Vec<(String, String)>,
    /// Where the cards' streamed sheets keep their temporary files.
    pub tempdir: Option<std::path::PathBuf>,
    /// A corrections file is given: the Visits sheet marks corrected and void visits.
    pub corrections: bool,
}

pub struct Cards {
    rubric: Rubric,
    options: CardOptions,
    cards: Vec<Card>,
    by_location: HashMap<String, usize>,
    /// File, line and card of the last visit, whose issues follow it (the file name is
    /// rewritten only when the file changes: no allocation per visit).
    last_file: String,
    last: Option<(u64, usize)>,
    /// The folder's card file names, as the last run left them.
    names: CardNames,
}

struct Card {
    location: String,
    aggregator: Aggregator,
    workbook: Xlsx,
    issues: IssueCounts,
}

impl Cards {
    /// Cards whose file names follow `names` (the output folder's map).
    pub fn new(rubric: &Rubric, options: CardOptions, names: CardNames) -> Cards {
        Cards {
            rubric: rubric.clone(),
            options,
            cards: Vec::new(),
            by_location: HashMap::new(),
            last_file: String::new(),
            last: None,
            names,
        }
    }
}

impl Cards {
    /// The card of `location`, made on first sight.
    fn card(&mut self, location: &str) -> Result<usize> {
        Ok(match self.by_location.get(location) {
            Some(&i) => i,
            None => {
                let settings = self.options.settings.clone();
                // A placeholder context marks it a card from the start (small memory
                // limits); the real rank is known only at the end.
                let card = Some(CardContext::default());
                let (tempdir, corrections) = (self.options.tempdir.clone(), self.options.corrections);
                let options = XlsxOptions { name: None, settings, card, tempdir, corrections };
                self.cards.push(Card {
                    location: location.to_string(),
                    aggregator: Aggregator::new(&self.rubric, self.options.focus.clone()),
                    workbook: Xlsx::new(&self.rubric, options)?,
                    issues: IssueCounts::default(),
                });
                self.by_location.insert(location.to_string(), self.cards.len() - 1);
                self.cards.len() - 1
            }
        })
    }
}

impl Sink for Cards {
    fn visit(&mut self, v: &ScoredVisit) -> Result<()> {
        let i = self.card(&v.visit.location)?;
        let card = &mut self.cards[i];
        // A void or replaced visit is listed on its card, never added up.
        if v.marks.standing.counts() {
            card.aggregator.add(&self.rubric, v.visit, v.score);
        }
        card.workbook.visit(v)?;
        if self.last_file != v.file {
            self.last_file.clear();
            self.last_file.push_str(v.file);
        }
        self.last = Some((v.visit.line, i));
        Ok(())
    }

    /// Counts in the card's per-period totals (its trend and comparison) only.
    fn compared(&mut self, v: &ScoredVisit) -> Result<()> {
        let i = self.card(&v.visit.location)?;
        if v.marks.standing.counts() {
            self.cards[i].aggregator.add(&self.rubric, v.visit, v.score);
        }
        Ok(())
    }

    /// An issue belongs to its visit's location, also for a visit read but not scored (an
    /// undated one in a bounded run, one after the period); otherwise to the visit it
    /// follows. A row that is not a visit has no location.
    fn issue(&mut self, issue: &Issue, visit: Option<&crate::ingest::Visit>) -> Result<()> {
        let i = match visit {
            Some(v) => Some(self.card(&v.location)?),
            None => self.last.filter(|(line, _)| self.last_file == issue.file && *line == issue.line).map(|(_, i)| i),
        };
        if let Some(card) = i.and_then(|i| self.cards.get_mut(i)) {
            card.issues.add(issue.kind);
            card.workbook.issue(&for_card(issue), visit)?;
        }
        Ok(())
    }
}

impl Report for Cards {
    fn finish(mut self: Box<Self>, summary: &Summary, staging: &mut Staging) -> Result<()> {
        let (chain, ranked) = chain_context(summary);
        let views = summary.hierarchy();
        let locations: Vec<&str> = self.cards.iter().map(|c| c.location.as_str()).collect();
        let names = self.names.assign(&locations);
        let map = self.names.to_json().context("cannot write the card names")?;
        staging.write_state(CARDS_MAP, &map)?;
        let o = &self.options;
        // The last card's charts, compressing while this card's workbook is built.
        let mut drawing = Drawing::default();
        for (card, name) in self.cards.into_iter().zip(names) {
            let aggregates = card.aggregator.finish();
            // No visit placed in any month (an undated one in a bounded run): nothing to
            // report. A store seen only in the months read to compare with gets its card:
            // "no visit in 2026-10" is news to its manager.
            if aggregates.periods.is_empty() {
                continue;
            }
            // The chain's focus month, even when this store had no visit in it: every card
            // is about the month the chain's reports are about.
            let focus = o.focus.as_deref().or(chain.period.as_deref());
            // Only what a card shares with the run; never the run's own groups. A card
            // has no gate of its own.
            let gates = Gates { min_visits: o.min_visits, ..Gates::default() };
            let streamed = Streamed {
                inputs: summary.inputs.clone(),
                aggregates,
                issues: card.issues,
                reshops: None,
                version_visits: Vec::new(),
                likes: None,
                collected: None,
            };
            let rules = summary.follow_up.rules.clone();
            let judging = Judging { gates: &gates, steady_within: o.steady_within, focus, rules: &rules };
            let mut own = Summary::new(
                self.rubric.clone(),
                summary.rubric_file.clone(),
                summary.period.clone(),
                streamed,
                judging,
            );
            own.follow_up = summary.follow_up.for_location(&card.location);
            let rank = ranked.get(card.location.as_str()).map(|p| p + 1);
            let context = CardContext { rank, org: org::org_of(&views, &card.location), ..chain.clone() };
            let workbook = card.workbook.with_name(format!("locations/{name}.xlsx")).with_card(context.clone());
            Box::new(workbook).finish(&own, staging)?;
            drawing.close(staging)?;
            let dir = format!("locations/{name}");
            drawing = Charts::for_card(o.charts, &dir, &card.location, context).draw(&own)?;
        }
        drawing.close(staging)
    }
}

/// What every card shares of the chain (its rank left unset), and each location scored in
/// the focus month with its 0-based place, best first (names stay here: a card gets only
/// its own rank).
fn chain_context(summary: &Summary) -> (CardContext, HashMap<&str, usize>) {
    let a = &summary.aggregates;
    let focus = summary.focus();
    let overall = focus.as_ref().map_or(Some(&a.overall), |f| f.overall());
    let scored: Vec<(&str, f64)> = summary.stores().iter().filter_map(|h| Some((h.key, h.score()?))).collect();
    let context = CardContext {
        period: focus.as_ref().map(|f| f.label().to_string()),
        previous: focus.as_ref().and_then(|f| f.previous).map(str::to_string),
        rank: None,
        of: scored.len(),
        chain_score: overall.and_then(|g| g.score.value()),
        chain_periods: summary
            .dated_periods()
            .into_iter()
            .map(|p| (p.to_string(), a.periods.get(p).and_then(|g| g.score.value())))
            .collect(),
        chain_sections: (0..summary.rubric.sections.len())
            .map(|i| overall.and_then(|g| g.sections.get(i)).and_then(|m| m.value()))
            .collect(),
        scores: scored.iter().map(|(_, s)| *s).collect(),
        org: None,
    };
    (context, scored.into_iter().enumerate().map(|(i, (k, _))| (k, i)).collect())
}

/// An issue as a store manager may see it: the travel-time check names the other
/// location and its row, which belong to another store's report, so a card says only
/// that there was one.
fn for_card(issue: &Issue) -> std::borrow::Cow<'_, Issue> {
    if issue.kind != IssueKind::TooClose {
        return std::borrow::Cow::Borrowed(issue);
    }
    let problem =
        "the same shopper visited another location too close in time to this visit; the agency has the details"
            .to_string();
    std::borrow::Cow::Owned(Issue { problem, ..issue.clone() })
}
