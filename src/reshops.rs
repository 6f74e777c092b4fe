//! Re-shops that replace a visit (`fields.replaces`, SCORING.md §7).
//!
//! A visit whose `replaces` cell names the id of a visit of the same location and period,
//! dated strictly earlier, replaces it: that visit is listed but counts nowhere
//! ([`Standing::Replaced`]). Otherwise the cell is a data issue and the re-shop is an
//! ordinary visit that replaces nothing.
//!
//! The replaced visit may come before or after its re-shop, so [`prepass`] reads the
//! inputs once before the run, four cells a row ([`Input::each_visit_key`]), and keeps
//! only the re-shops and, of the visits they name, the first one met after a re-shop
//! naming it: memory grows with the re-shops, not the visits. The run then hands
//! [`Reshops::visit`] every visit it reads, in input order, which completes the picture:
//! a named visit met before any re-shop naming it is met by the run before that re-shop.
//!
//! Decided where the contract is silent:
//! - A visit id met more than once (a `duplicate_visit_id`): a re-shop names its first
//!   occurrence in input order, the only one it can replace.
//! - Two re-shops replacing one visit: the first in input order replaces it; each later
//!   one is a `replaces_already_replaced` issue and an ordinary visit.
//! - A re-shop may itself be replaced by a later re-shop: each replaces its own.
//! - `named` and `replaced` count the visits the run reports (the focus month's with
//!   `--period`); a re-shop in an earlier month read for comparison still replaces, so
//!   the comparison leaves its replaced visit out too, and its issues are not listed,
//!   as no issue of a compared visit is.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::date::{self, UNKNOWN_PERIOD};
use crate::ingest::source::read_once;
use crate::ingest::{Columns, Input, Visit, VisitKey};
use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;
use crate::standing::Standing;
use crate::summary::ReshopCounts;
use crate::window::Window;

/// A visit as the rules compare it: where it is read, its location, period and date.
#[derive(Debug, Clone, PartialEq)]
struct Place {
    /// Index of its input, as the run numbers them.
    file: usize,
    line: u64,
    id: String,
    location: String,
    period: String,
    /// The date cell as written, for messages.
    date: String,
    day: Option<NaiveDate>,
}

/// A visit whose `replaces` cell is not blank.
#[derive(Debug, Clone)]
struct Shop {
    at: Place,
    /// The id it names.
    target: String,
}

/// Why a re-shop replaces nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    Unknown,
    OtherLocation,
    OtherPeriod,
    NotEarlier,
    /// Another re-shop (its index), earlier in the input, replaces that visit.
    Taken(usize),
}

/// The re-shops of a run, and what they replace; see the module doc.
#[derive(Debug, Default)]
pub struct Reshops {
    /// In input order.
    shops: Vec<Shop>,
    /// A re-shop's index by its row (input, line).
    at: HashMap<(usize, u64), usize>,
    /// The re-shops naming each id, in input order.
    naming: HashMap<String, Vec<usize>>,
    /// The first occurrence known of each named id: after [`prepass`], the first met after
    /// a re-shop naming it; once the run has met the id, the first in the input.
    first: HashMap<String, Place>,
    /// The named ids the run has met.
    met: HashSet<String>,
    counts: ReshopCounts,
}

/// Reads `files` once, as the run will read them (`window`: the visits of the run;
/// `today`: the run date, as dates are judged against it), for their re-shops. An input
/// that can be read only once (standard input, a pipe) is refused.
pub fn prepass(files: &[PathBuf], rubric: &Rubric, today: NaiveDate, window: &Window) -> Result<Reshops> {
    for file in files {
        if let Some(what) = read_once(file) {
            let header = rubric.fields.replaces.as_deref().unwrap_or_default();
            bail!(
                "the rubric's `fields.replaces` ({header}) makes the run read the inputs once before scoring them, to find the visits re-shops replace, and {what} can be read only once\n  hint: save {} to a file and name that",
                if what.starts_with("standard input") { "standard input" } else { "it" },
            );
        }
    }
    let mut reshops = Reshops::default();
    for (index, file) in files.iter().enumerate() {
        let mut input = Input::open(file, rubric)?;
        input.skip_hash();
        input.set_run_date(today);
        input.each_visit_key(rubric, |key| reshops.read_ahead(index, &key, window))?;
    }
    Ok(reshops)
}

impl Place {
    fn of_key(file: usize, key: &VisitKey<'_>) -> Place {
        let mut period = String::new();
        match key.day {
            Some(d) => date::write_period(&mut period, chrono::Datelike::year(&d), chrono::Datelike::month(&d)),
            None => period.push_str(UNKNOWN_PERIOD),
        }
        Place {
            file,
            line: key.line,
            id: key.id.to_string(),
            location: key.location.to_string(),
            period,
            date: key.date.to_string(),
            day: key.day,
        }
    }

    fn of_visit(file: usize, v: &Visit) -> Place {
        Place {
            file,
            line: v.line,
            id: v.visit_id.clone(),
            location: v.location.clone(),
            period: v.period.clone(),
            date: v.date.clone(),
            day: v.day,
        }
    }
}

impl Reshops {
    /// One visit row of the pass before the run, in input order.
    fn read_ahead(&mut self, file: usize, key: &VisitKey<'_>, window: &Window) {
        let place = || Place::of_key(file, key);
        let mut at: Option<Place> = None;
        if !key.replaces.is_empty() {
            let p = place();
            if !window.reads(&p.period) {
                return;
            }
            self.add_shop(p.clone(), key.replaces);
            at = Some(p);
        }
        if self.naming.contains_key(key.id) && !self.first.contains_key(key.id) {
            let p = match at {
                Some(p) => p,
                None => place(),
            };
            if window.reads(&p.period) {
                self.first.insert(p.id.clone(), p);
            }
        }
    }

    fn add_shop(&mut self, at: Place, target: &str) {
        let index = self.shops.len();
        self.at.insert((at.file, at.line), index);
        self.naming.entry(target.to_string()).or_default().push(index);
        self.shops.push(Shop { at, target: target.to_string() });
    }

    /// One visit of the run (scored, or `compared` only), in input order: whether it
    /// counts, and the issue of its `replaces` cell when it is a re-shop that replaces
    /// nothing (`None` for a compared visit: their issues are not listed). `names` and
    /// `columns` are the run's inputs', for the issue.
    pub fn visit(
        &mut self,
        names: &[String],
        columns: &Columns,
        file: usize,
        visit: &Visit,
        compared: bool,
    ) -> (Standing<'_>, Option<Issue>) {
        let id = visit.visit_id.as_str();
        // The first occurrence of a named id: the one a re-shop can replace.
        let first = self.naming.contains_key(id) && !self.met.contains(id);
        if first {
            self.met.insert(id.to_string());
            self.first.insert(id.to_string(), Place::of_visit(file, visit));
        }
        let issue = match self.at.get(&(file, visit.line)) {
            Some(&shop) => {
                let refused = self.refused(shop);
                if !compared {
                    self.counts.named += 1;
                }
                refused.filter(|_| !compared).map(|why| self.issue(names, columns, shop, why, visit))
            }
            None => None,
        };
        let winner = if first { self.winner(id) } else { None };
        if winner.is_some() && !compared {
            self.counts.replaced += 1;
        }
        let standing = match winner {
            Some(shop) => Standing::Replaced { by: &self.shops[shop].at.id },
            None => Standing::Counted,
        };
        (standing, issue)
    }

    /// The run's figures: named and replaced visits.
    pub fn counts(&self) -> ReshopCounts {
        self.counts
    }

    /// The re-shop that replaces the first occurrence of `id`: the first naming it that
    /// the rules let.
    fn winner(&self, id: &str) -> Option<usize> {
        let first = self.first.get(id)?;
        self.naming.get(id)?.iter().copied().find(|&s| rule(&self.shops[s].at, first).is_none())
    }

    /// Why re-shop `shop` replaces nothing, or `None` when it replaces its visit.
    fn refused(&self, shop: usize) -> Option<Refused> {
        let s = &self.shops[shop];
        let Some(first) = self.first.get(&s.target) else { return Some(Refused::Unknown) };
        if let Some(why) = rule(&s.at, first) {
            return Some(why);
        }
        self.winner(&s.target).filter(|&w| w != shop).map(Refused::Taken)
    }

    fn issue(&self, names: &[String], columns: &Columns, shop: usize, why: Refused, visit: &Visit) -> Issue {
        let s = &self.shops[shop];
        let named = || {
            let t = &self.first[&s.target];
            format!("visit `{}` ({} line {})", t.id, names[t.file], t.line)
        };
        let t = self.first.get(&s.target);
        let (kind, problem) = match (why, t) {
            (Refused::Unknown, _) | (_, None) => {
                (IssueKind::ReplacesUnknown, format!("no visit of this run has the id `{}`", s.target))
            }
            (Refused::OtherLocation, Some(t)) => (
                IssueKind::ReplacesOtherLocation,
                format!(
                    "{} is of location `{}`, not this re-shop's `{}`: a re-shop replaces a visit of its own location",
                    named(),
                    t.location,
                    s.at.location
                ),
            ),
            (Refused::OtherPeriod, Some(t)) => (
                IssueKind::ReplacesOtherPeriod,
                format!(
                    "{} is of period {}, this re-shop of {}: a re-shop replaces a visit of its own period",
                    named(),
                    t.period,
                    s.at.period
                ),
            ),
            (Refused::NotEarlier, Some(t)) => (
                IssueKind::ReplacesNotEarlier,
                match (t.day, s.at.day) {
                    (_, None) => format!(
                        "this re-shop's date `{}` does not read, so it cannot be placed after {}",
                        s.at.date,
                        named()
                    ),
                    (None, _) => format!(
                        "the date `{}` of {} does not read, so it cannot be placed before this re-shop",
                        t.date,
                        named()
                    ),
                    _ => format!(
                        "{} is dated {}, not before this re-shop's {}: a re-shop replaces an earlier visit",
                        named(),
                        t.date,
                        s.at.date
                    ),
                },
            ),
            (Refused::Taken(w), Some(_)) => {
                let w = &self.shops[w].at;
                (
                    IssueKind::ReplacesAlreadyReplaced,
                    format!(
                        "{} is already replaced by `{}` ({} line {}), the first re-shop naming it",
                        named(),
                        w.id,
                        names[w.file],
                        w.line
                    ),
                )
            }
        };
        let column = columns.replaces.map(|c| columns.headers[c].clone()).unwrap_or_default();
        Issue {
            file: names[s.at.file].clone(),
            line: visit.line,
            visit_id: visit.visit_id.clone(),
            column,
            value: visit.replaces.clone(),
            kind,
            problem: format!("{problem}; this re-shop is scored as an ordinary visit and replaces nothing"),
        }
    }
}

/// Whether a re-shop at `shop` may replace the visit at `target` by SCORING.md §7 (same
/// location, same period, dated strictly earlier), or why not. An undated visit on either
/// side cannot be shown to be earlier: not earlier, whatever its period says.
fn rule(shop: &Place, target: &Place) -> Option<Refused> {
    if shop.location != target.location {
        return Some(Refused::OtherLocation);
    }
    let (Some(after), Some(before)) = (shop.day, target.day) else { return Some(Refused::NotEarlier) };
    if shop.period != target.period {
        return Some(Refused::OtherPeriod);
    }
    (before >= after).then_some(Refused::NotEarlier)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of one file: (id, location, date, replaces).
    type Rows<'a> = &'a [(&'a str, &'a str, &'a str, &'a str)];

    fn visit(line: u64, (id, location, date, replaces): (&str, &str, &str, &str)) -> Visit {
        let day = date::day(date, "%Y-%m-%d");
        let period = day.map_or(UNKNOWN_PERIOD.to_string(), |d| d.format("%Y-%m").to_string());
        let (id, location, date, replaces) = (id.into(), location.into(), date.into(), replaces.into());
        Visit { line, visit_id: id, location, date, day, period, replaces, ..Visit::default() }
    }

    /// The pass before the run then the run over `rows` (lines from 2, all of the run):
    /// each row's standing (the re-shop's id, or empty) and issue kind.
    fn run(rows: Rows<'_>) -> (Vec<(String, Option<IssueKind>)>, ReshopCounts) {
        let yaml = "name: T\nfields: { replaces: Redo }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let headers = ["visit_id", "location", "date", "q", "Redo"].map(String::from).to_vec();
        let columns = Columns::map(std::path::Path::new("v.csv"), &rubric, headers).unwrap();
        let visits: Vec<Visit> = rows.iter().zip(2..).map(|(r, line)| visit(line, *r)).collect();
        let mut reshops = Reshops::default();
        let window = Window::default();
        for v in &visits {
            let key = VisitKey {
                line: v.line,
                id: &v.visit_id,
                location: &v.location,
                date: &v.date,
                day: v.day,
                replaces: &v.replaces,
            };
            reshops.read_ahead(0, &key, &window);
        }
        let names = ["v.csv".to_string()];
        let got = visits
            .iter()
            .map(|v| {
                let (standing, issue) = reshops.visit(&names, &columns, 0, v, false);
                (standing.replaced_by().to_string(), issue.map(|i| i.kind))
            })
            .collect();
        (got, reshops.counts())
    }

    fn counted(issue: Option<IssueKind>) -> (String, Option<IssueKind>) {
        (String::new(), issue)
    }

    fn replaced_by(id: &str) -> (String, Option<IssueKind>) {
        (id.to_string(), None)
    }

    /// Before or after its re-shop, the visit is replaced the same.
    #[test]
    fn the_replaced_visit_may_come_before_or_after_its_re_shop() {
        let (got, counts) = run(&[("A", "L", "2026-10-01", ""), ("R", "L", "2026-10-09", "A")]);
        assert_eq!(got, [replaced_by("R"), counted(None)]);
        assert_eq!(counts, ReshopCounts { named: 1, replaced: 1 });
        let (got, _) = run(&[("R", "L", "2026-10-09", "A"), ("A", "L", "2026-10-01", "")]);
        assert_eq!(got, [counted(None), replaced_by("R")]);
    }

    /// An id seen before and after its re-shop: the first (line 2) is the one named, even
    /// though the pass before the run met the copy after the re-shop (line 4) first.
    #[test]
    fn a_repeated_id_is_named_at_its_first_occurrence() {
        let rows = [("A", "L", "2026-10-01", ""), ("R", "L", "2026-10-09", "A"), ("A", "M", "2026-10-02", "")];
        let (got, _) = run(&rows);
        assert_eq!(got, [replaced_by("R"), counted(None), counted(None)]);
        // The first occurrence is another store's: refused, though the copy would fit.
        let rows = [("A", "M", "2026-10-01", ""), ("R", "L", "2026-10-09", "A"), ("A", "L", "2026-10-02", "")];
        let (got, counts) = run(&rows);
        assert_eq!(got, [counted(None), counted(Some(IssueKind::ReplacesOtherLocation)), counted(None)]);
        assert_eq!(counts, ReshopCounts { named: 1, replaced: 0 });
    }

    /// The rules in order: location first, then undated (either side), period, date.
    /// Strictly earlier: the same day is not earlier.
    #[test]
    fn each_rule_refuses_with_its_own_kind() {
        let kind = |target: (&str, &str, &str, &str), shop: (&str, &str, &str, &str)| run(&[target, shop]).0[1].1;
        let shop = ("R", "L", "2026-10-09", "A");
        assert_eq!(kind(("A", "M", "2026-10-01", ""), shop), Some(IssueKind::ReplacesOtherLocation));
        assert_eq!(kind(("A", "M", "soon", ""), shop), Some(IssueKind::ReplacesOtherLocation));
        assert_eq!(kind(("A", "L", "soon", ""), shop), Some(IssueKind::ReplacesNotEarlier));
        assert_eq!(kind(("A", "L", "2026-09-30", ""), shop), Some(IssueKind::ReplacesOtherPeriod));
        assert_eq!(kind(("A", "L", "2026-10-09", ""), shop), Some(IssueKind::ReplacesNotEarlier));
        assert_eq!(kind(("A", "L", "2026-10-10", ""), shop), Some(IssueKind::ReplacesNotEarlier));
        assert_eq!(kind(("B", "L", "2026-10-01", ""), shop), Some(IssueKind::ReplacesUnknown));
        assert_eq!(kind(("A", "L", "2026-10-08", ""), shop), None);
        // A re-shop naming itself is its own first occurrence: the same day, not earlier.
        assert_eq!(run(&[("R", "L", "2026-10-09", "R")]).0, [counted(Some(IssueKind::ReplacesNotEarlier))]);
    }

    /// Two re-shops of one visit: the first in input order replaces it, even when the
    /// second is listed before the visit; a re-shop may itself be replaced (a chain).
    #[test]
    fn a_visit_is_replaced_once_and_a_re_shop_can_be_replaced() {
        let rows = [("R2", "L", "2026-10-12", "A"), ("A", "L", "2026-10-01", ""), ("R1", "L", "2026-10-09", "A")];
        let (got, counts) = run(&rows);
        assert_eq!(got, [counted(None), replaced_by("R2"), counted(Some(IssueKind::ReplacesAlreadyReplaced))]);
        assert_eq!(counts, ReshopCounts { named: 2, replaced: 1 });
        let rows = [("A", "L", "2026-10-01", ""), ("B", "L", "2026-10-05", "A"), ("C", "L", "2026-10-09", "B")];
        let (got, counts) = run(&rows);
        assert_eq!(got, [replaced_by("B"), replaced_by("C"), counted(None)]);
        assert_eq!(counts, ReshopCounts { named: 2, replaced: 2 });
    }
}
