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
//! Measured on 1M generated visits (333 MB, `--no-xlsx --charts none`, a shared 2-core
//! machine): the pass before the run adds 0.5 to 1.2 s to a run of 1.3 to 2.1 s. Peak
//! memory is 48 to 50 MB without the field and with it but no re-shop, 61 MB with 30,103
//! re-shops (3 %), 75 MB with 100,000, 292 MB with every visit a re-shop: about 190
//! bytes a re-shop (a first version that kept each place as strings took 1.3 KB: 89 MB
//! with 30,103).
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

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};

use crate::ingest::source::read_once;
use crate::ingest::{Columns, Input, Visit, VisitKey};
use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;
use crate::standing::Standing;
use crate::summary::ReshopCounts;
use crate::window::Window;

/// A visit as the rules compare it, in few bytes (one is kept per re-shop and per visit
/// named): where it is read, its location (an index into [`Reshops::locations`]) and
/// date; its period is its date's month (none when undated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    /// Index of its input, as the run numbers them.
    file: u32,
    location: u32,
    line: u64,
    day: Option<NaiveDate>,
}

/// A visit whose `replaces` cell is not blank.
#[derive(Debug, Clone)]
struct Shop {
    at: Place,
    id: Box<str>,
    /// The id it names (an index into [`Reshops::targets`]).
    target: u32,
    /// The next re-shop naming the same id, in input order.
    next: Option<u32>,
}

/// An id some re-shop names.
#[derive(Debug, Clone)]
struct Target {
    /// The re-shops naming it, the first and the last in input order (a chain through
    /// [`Shop::next`]).
    shops: (u32, u32),
    /// Its first occurrence known: after [`prepass`], the first met after a re-shop naming
    /// it; once the run has met the id (`met`), the first in the input.
    first: Option<Place>,
    met: bool,
}

/// Why a re-shop replaces nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    Unknown,
    OtherLocation,
    OtherPeriod,
    NotEarlier,
    /// Another re-shop (its index), earlier in the input, replaces that visit.
    Taken(u32),
}

/// The re-shops of a run, and what they replace; see the module doc.
#[derive(Debug, Default)]
pub struct Reshops {
    /// In input order, so sorted by (input, line): a row's re-shop is found by a binary
    /// search, with no index to keep.
    shops: Vec<Shop>,
    targets: Vec<Target>,
    /// A target's index by its id.
    by_id: HashMap<Box<str>, u32>,
    /// The locations of re-shops and named visits, each once, and their indexes.
    locations: Vec<Box<str>>,
    location_ids: HashMap<Box<str>, u32>,
    counts: ReshopCounts,
}

/// Reads `files` once, as the run will read them (`window`: the visits of the run;
/// `today`: the run date, as dates are judged against it), for their re-shops. An input
/// that can be read only once (standard input, a pipe) is refused. `sheet`: each
/// workbook's sheet to read (`--sheet`).
pub fn prepass(
    files: &[PathBuf],
    (rubric, sheet): (&Rubric, Option<&str>),
    today: NaiveDate,
    window: &Window,
) -> Result<Reshops> {
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
        let mut input = Input::open_sheet(file, rubric, sheet)?;
        input.skip_hash();
        input.set_run_date(today);
        input.each_visit_key(rubric, |key| reshops.read_ahead(index, &key, window))?;
    }
    // Held through the run: without the room left for growth.
    reshops.shops.shrink_to_fit();
    reshops.targets.shrink_to_fit();
    reshops.by_id.shrink_to_fit();
    Ok(reshops)
}

impl Reshops {
    /// One visit row of the pass before the run, in input order.
    fn read_ahead(&mut self, file: usize, key: &VisitKey<'_>, window: &Window) {
        // Unbounded, a run reads every visit: no period to write out per row. A visit no
        // rubric version scores is not the run's either.
        if !key.versioned || (window.bounded() && !window.reads(&period_of(key.day))) {
            return;
        }
        if !key.replaces.is_empty() {
            let at = self.place(file, key.line, key.location, key.day);
            self.add_shop(at, key.id, key.replaces);
        }
        if let Some(&t) = self.by_id.get(key.id)
            && self.targets[t as usize].first.is_none()
        {
            let at = self.place(file, key.line, key.location, key.day);
            self.targets[t as usize].first = Some(at);
        }
    }

    fn place(&mut self, file: usize, line: u64, location: &str, day: Option<NaiveDate>) -> Place {
        let location = match self.location_ids.get(location) {
            Some(&l) => l,
            None => {
                let l = self.locations.len() as u32;
                self.locations.push(location.into());
                self.location_ids.insert(location.into(), l);
                l
            }
        };
        Place { file: file as u32, location, line, day }
    }

    fn add_shop(&mut self, at: Place, id: &str, target: &str) {
        let index = self.shops.len() as u32;
        let t = match self.by_id.get(target) {
            Some(&t) => {
                let last = self.targets[t as usize].shops.1;
                self.shops[last as usize].next = Some(index);
                self.targets[t as usize].shops.1 = index;
                t
            }
            None => {
                let t = self.targets.len() as u32;
                self.targets.push(Target { shops: (index, index), first: None, met: false });
                self.by_id.insert(target.into(), t);
                t
            }
        };
        self.shops.push(Shop { at, id: id.into(), target: t, next: None });
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
        // The first occurrence of a named id: the one a re-shop can replace.
        let first = match self.by_id.get(visit.visit_id.as_str()) {
            Some(&t) if !self.targets[t as usize].met => {
                let at = self.place(file, visit.line, &visit.location, visit.day);
                let target = &mut self.targets[t as usize];
                (target.met, target.first) = (true, Some(at));
                Some(t)
            }
            _ => None,
        };
        let row = (file as u32, visit.line);
        let shop = self.shops.binary_search_by_key(&row, |s| (s.at.file, s.at.line)).ok().map(|s| s as u32);
        let issue = match shop {
            Some(shop) => {
                if !compared {
                    self.counts.named += 1;
                }
                let refused = self.refused(shop).filter(|_| !compared);
                refused.map(|why| self.issue(names, columns, shop, why, visit))
            }
            None => None,
        };
        let winner = first.and_then(|t| self.winner(t));
        if winner.is_some() && !compared {
            self.counts.replaced += 1;
        }
        let standing = match winner {
            Some(shop) => Standing::Replaced { by: &self.shops[shop as usize].id },
            None => Standing::Counted,
        };
        (standing, issue)
    }

    /// The run's figures: named and replaced visits.
    pub fn counts(&self) -> ReshopCounts {
        self.counts
    }

    /// The re-shop that replaces the first occurrence of target `t`: the first naming it
    /// that the rules let.
    fn winner(&self, t: u32) -> Option<u32> {
        let target = &self.targets[t as usize];
        let first = target.first?;
        let mut next = Some(target.shops.0);
        while let Some(s) = next {
            let shop = &self.shops[s as usize];
            if rule(&shop.at, &first).is_none() {
                return Some(s);
            }
            next = shop.next;
        }
        None
    }

    /// Why re-shop `shop` replaces nothing, or `None` when it replaces its visit.
    fn refused(&self, shop: u32) -> Option<Refused> {
        let s = &self.shops[shop as usize];
        let Some(first) = self.targets[s.target as usize].first else { return Some(Refused::Unknown) };
        if let Some(why) = rule(&s.at, &first) {
            return Some(why);
        }
        self.winner(s.target).filter(|&w| w != shop).map(Refused::Taken)
    }

    /// The issue of re-shop `shop` (read as `visit`, whose `replaces` cell names the
    /// target) that replaces nothing, `why`.
    fn issue(&self, names: &[String], columns: &Columns, shop: u32, why: Refused, visit: &Visit) -> Issue {
        let s = &self.shops[shop as usize];
        let first = self.targets[s.target as usize].first;
        let at = |p: &Place| format!("{} line {}", names[p.file as usize], p.line);
        let location = |p: &Place| &*self.locations[p.location as usize];
        let (kind, problem) = match (why, first) {
            (Refused::Unknown, _) | (_, None) => {
                (IssueKind::ReplacesUnknown, format!("no visit of this run has the id `{}`", visit.replaces))
            }
            (why, Some(t)) => {
                let named = format!("visit `{}` ({})", visit.replaces, at(&t));
                match why {
                    Refused::OtherLocation => (
                        IssueKind::ReplacesOtherLocation,
                        format!(
                            "{named} is of location `{}`, not this re-shop's `{}`: a re-shop replaces a visit of its own location",
                            location(&t),
                            location(&s.at)
                        ),
                    ),
                    Refused::OtherPeriod => (
                        IssueKind::ReplacesOtherPeriod,
                        format!(
                            "{named} is of period {}, this re-shop of {}: a re-shop replaces a visit of its own period",
                            period_of(t.day),
                            period_of(s.at.day)
                        ),
                    ),
                    Refused::Taken(w) => {
                        let w = &self.shops[w as usize];
                        (
                            IssueKind::ReplacesAlreadyReplaced,
                            format!(
                                "{named} is already replaced by `{}` ({}), the first re-shop naming it",
                                w.id,
                                at(&w.at)
                            ),
                        )
                    }
                    Refused::NotEarlier | Refused::Unknown => (
                        IssueKind::ReplacesNotEarlier,
                        match (t.day, s.at.day) {
                            (_, None) => format!(
                                "this re-shop's date `{}` does not read, so it cannot be placed after {named}",
                                visit.date
                            ),
                            (None, _) => {
                                format!("{named} has no date that reads, so it cannot be placed before this re-shop")
                            }
                            (Some(before), Some(after)) => format!(
                                "{named} is dated {before}, not before this re-shop's {after}: a re-shop replaces an earlier visit"
                            ),
                        },
                    ),
                }
            }
        };
        let column = columns.replaces.map(|c| columns.headers[c].clone()).unwrap_or_default();
        Issue {
            file: names[s.at.file as usize].clone(),
            line: visit.line,
            visit_id: visit.visit_id.clone(),
            column,
            value: visit.replaces.clone(),
            kind,
            problem: format!("{problem}; this re-shop is scored as an ordinary visit and replaces nothing"),
        }
    }
}

/// `YYYY-MM` of a day, `unknown` without one: the visit's period as the run reads it.
fn period_of(day: Option<NaiveDate>) -> String {
    let mut period = String::new();
    match day {
        Some(d) => crate::date::write_period(&mut period, d.year(), d.month()),
        None => period.push_str(crate::date::UNKNOWN_PERIOD),
    }
    period
}

/// Whether a re-shop at `shop` may replace the visit at `target` by SCORING.md §7 (same
/// location, same period, dated strictly earlier), or why not. An undated visit on either
/// side cannot be shown to be earlier: not earlier, whatever its period says.
fn rule(shop: &Place, target: &Place) -> Option<Refused> {
    if shop.location != target.location {
        return Some(Refused::OtherLocation);
    }
    let (Some(after), Some(before)) = (shop.day, target.day) else { return Some(Refused::NotEarlier) };
    if (after.year(), after.month()) != (before.year(), before.month()) {
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
        let day = crate::date::day(date, "%Y-%m-%d");
        let period = period_of(day);
        let (id, location, date, replaces) = (id.into(), location.into(), date.into(), replaces.into());
        Visit { line, visit_id: id, location, date, day, period, replaces, ..Visit::default() }
    }

    /// The pass before the run then the run over `rows` (lines from 2, all of the run):
    /// each row's standing (the re-shop's id, or empty) and issue kind.
    fn run(rows: Rows<'_>) -> (Vec<(String, Option<IssueKind>)>, ReshopCounts) {
        run_in(&Window::default(), rows)
    }

    /// [`run`] in `window`: the run hands over only the visits it reads.
    fn run_in(window: &Window, rows: Rows<'_>) -> (Vec<(String, Option<IssueKind>)>, ReshopCounts) {
        let yaml = "name: T\nfields: { replaces: Redo }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let headers = ["visit_id", "location", "date", "q", "Redo"].map(String::from).to_vec();
        let columns = Columns::map(std::path::Path::new("v.csv"), &rubric, headers).unwrap();
        let visits: Vec<Visit> = rows.iter().zip(2..).map(|(r, line)| visit(line, *r)).collect();
        let mut reshops = Reshops::default();
        let visits: Vec<Visit> = visits.into_iter().filter(|v| window.reads(&v.period)).collect();
        for v in &visits {
            let key = VisitKey {
                versioned: true,
                line: v.line,
                id: &v.visit_id,
                location: &v.location,
                date: &v.date,
                day: v.day,
                replaces: &v.replaces,
            };
            reshops.read_ahead(0, &key, window);
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

    /// A visit the run does not read (before `--since`, undated in a bounded run) is no
    /// visit of the run: unknown, though the file holds it.
    #[test]
    fn a_visit_outside_the_window_is_unknown() {
        let window = Window { since: Some("2026-10".into()), ..Window::default() };
        let rows = [
            ("A", "L", "2026-09-30", ""),
            ("B", "L", "soon", ""),
            ("R", "L", "2026-10-09", "A"),
            ("S", "L", "2026-10-09", "B"),
        ];
        let (got, _) = run_in(&window, &rows);
        assert_eq!(got, [counted(Some(IssueKind::ReplacesUnknown)), counted(Some(IssueKind::ReplacesUnknown))]);
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
