//! The rules of SCORING.md §1 and §6 that YAML types alone cannot express.
//!
//! Every broken rule is collected (not just the first), so a consultant fixes a rubric
//! in one pass. Each error names its path in the rubric and, where the text shows it,
//! the line and column: a check says where ([`Spot`]) and what, as
//! `self.error(spot, problem).hint(hint)`.
//!
//! This file holds the [`Checker`], its one way to record an error, and the rubric's
//! top-level keys; the rest is by concept: `numbers` (the range of every number),
//! `grades`, `columns` (the CSV headers fields, questions and `keep` read), `layout` (a
//! long-format export's columns), `sections`
//! (sections and ids), `question` (a question's own keys) and `kinds` (the keys of each
//! question type).

mod columns;
mod grades;
mod kinds;
mod layout;
mod levels;
mod numbers;
mod programme;
mod question;
mod sections;

use std::collections::HashSet;
use std::path::Path;

use super::locate::locate;
use super::raw::{RawChecks, RawRubric};
use super::tree::Index;
use super::{Checks, CriticalEffect, Rubric, RubricError};

pub use kinds::STEP_TOLERANCE;

const EFFECTS: [&str; 3] = ["zero_visit", "zero_section", "flag"];
/// The longest rubric name: the workbook's file name (at most 255 bytes on every common
/// file system) is made from it, and each character may take two there.
pub const MAX_NAME_CHARS: usize = 100;

pub struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
    index: Index,
    /// Paths the tree reader already reported (see `tree::Reader::failed`).
    failed: HashSet<String>,
    pub errors: Vec<RubricError>,
    /// Findings that do not stop the rubric ([`Rubric::warnings`]).
    warnings: Vec<RubricError>,
}

/// Where a rule was broken: its path in the rubric and, for an item the text can be
/// searched for, the item's `id` and the key in it.
#[derive(Debug, Clone)]
struct Spot<'s> {
    path: String,
    item: Option<(&'s str, Option<&'s str>)>,
}

impl<'s> Spot<'s> {
    /// `path`, placed where it is written, else at the item `id` in the text (at its
    /// `key:` when given there).
    fn item(path: impl Into<String>, id: &'s str, key: Option<&'s str>) -> Self {
        Spot { path: path.into(), item: Some((id, key)) }
    }

    /// `key` of the item at `item` whose id is `id`: `item.key`, found by the id and key
    /// when not written.
    fn key(item: &str, id: &'s str, key: &'s str) -> Self {
        Spot::item(format!("{item}.{key}"), id, Some(key))
    }
}

/// A path alone: placed where it is written, else at the nearest written item holding it.
impl From<String> for Spot<'_> {
    fn from(path: String) -> Self {
        Spot { path, item: None }
    }
}

impl From<&str> for Spot<'_> {
    fn from(path: &str) -> Self {
        Spot::from(path.to_string())
    }
}

/// An error just recorded (none when its path was already reported), to add a hint to.
struct Problem<'c>(Option<&'c mut RubricError>);

impl Problem<'_> {
    /// How to fix it.
    fn hint(self, hint: impl Into<String>) {
        if let Some(e) = self.0 {
            e.hint = Some(hint.into());
        }
    }
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a Path, text: &'a str, index: Index, failed: HashSet<String>) -> Self {
        Checker { file, text, index, failed, errors: Vec::new(), warnings: Vec::new() }
    }

    /// Whether `path` or an item holding it was already reported as unreadable: a rule
    /// about it would only repeat that error in other words.
    fn reported(&self, path: &str) -> bool {
        let mut p = path;
        loop {
            if self.failed.contains(p) {
                return true;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return false,
            }
        }
    }

    /// Records `problem` at `at`: at the key of its path where that is written, else
    /// located by the item's id (and key) if given, else at the nearest written item
    /// holding it. Nothing when the path was already reported.
    fn error<'s>(&mut self, at: impl Into<Spot<'s>>, problem: impl Into<String>) -> Problem<'_> {
        let Spot { path, item } = at.into();
        if self.reported(&path) {
            return Problem(None);
        }
        let written = self.index.get(&path).copied();
        let pos =
            written.or_else(|| item.and_then(|(id, key)| locate(self.text, id, key))).or_else(|| self.nearest(&path));
        self.errors.push(self.at(path, pos, problem.into()));
        Problem(self.errors.last_mut())
    }

    /// Records a finding that does not stop the rubric, at `path` where it is written.
    fn warn(&mut self, path: String, problem: String, hint: String) {
        let pos = self.index.get(&path).copied();
        let mut warning = self.at(path, pos, problem);
        warning.hint = Some(hint);
        self.warnings.push(warning);
    }

    /// `problem` at `path` in this file, at line and column `pos` when known; no hint yet.
    fn at(&self, path: String, pos: Option<(usize, usize)>, problem: String) -> RubricError {
        RubricError {
            file: self.file.to_path_buf(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            path,
            problem,
            hint: None,
        }
    }

    /// The position of the closest enclosing path that is written (`a.b[2].c` -> `a.b[2]`),
    /// else of the rubric's first key (a top-level key that is missing, such as `name`).
    fn nearest(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        while let Some(i) = p.rfind(['.', '[']) {
            p = &p[..i];
            if let Some(at) = self.index.get(p) {
                return Some(*at);
            }
        }
        self.index.get("").copied()
    }

    pub fn rubric(&mut self, raw: RawRubric) -> Option<Rubric> {
        let name = match raw.name.as_deref().map(str::trim) {
            Some(n) if n.chars().count() > MAX_NAME_CHARS => {
                let long = format!("the name is {} characters long; at most {MAX_NAME_CHARS}", n.chars().count());
                self.error("name", long)
                    .hint("shorten it: the workbook's file name is made from it, and reports show it as the title");
                n.to_string()
            }
            Some(n) if !n.is_empty() => n.to_string(),
            _ => {
                self.error("name", "the rubric has no name").hint("add a line such as `name: Retail store visit`");
                String::new()
            }
        };
        let version = raw.version;
        let effective_from = raw.effective_from.and_then(|d| self.effective_from(d.trim()));
        if let Some(t) = raw.target {
            self.percent("target", t);
        }
        let grades = self.grades(raw.grades.unwrap_or_default());
        let critical_effect = match raw.critical_effect.as_deref() {
            None | Some("zero_visit") => CriticalEffect::ZeroVisit,
            Some("zero_section") => CriticalEffect::ZeroSection,
            Some("flag") => CriticalEffect::Flag,
            Some(other) => {
                self.error("critical_effect", format!("`{other}` is not a critical_effect"))
                    .hint(one_of(other, &EFFECTS));
                CriticalEffect::ZeroVisit
            }
        };
        let date_format = raw.date_format.unwrap_or_else(|| "%Y-%m-%d".to_string());
        if !crate::date::format_is_valid(&date_format) {
            self.error("date_format", format!("`{date_format}` is not a valid date format"))
                .hint("use strftime codes with a year, a month and a day, e.g. \"%d/%m/%Y\"");
        }
        let mut raw_fields = raw.fields.unwrap_or_default();
        let raw_keep = raw_fields.keep.take().unwrap_or_default();
        let raw_replaces = raw_fields.replaces.take();
        let raw_long = layout::RawLong {
            layout: raw.layout,
            question: raw_fields.question.take(),
            answer: raw_fields.answer.take(),
            comment: raw_fields.comment.take(),
        };
        let raw_levels = raw_fields.levels.take();
        let mut fields = self.fields(raw_fields);
        if let Some(raw) = raw_levels {
            self.levels(raw, &mut fields);
        }
        let mut columns: HashSet<String> =
            fields.all().into_iter().chain(fields.levels.iter().map(String::as_str)).map(String::from).collect();
        if let Some(h) = &fields.version_date {
            self.column(Spot::from("fields.version_date"), h, &mut columns);
        }
        let (sections, questions) = self.sections(raw.sections.unwrap_or_default(), &mut columns);
        fields.keep = self.keep(raw_keep, &mut columns);
        fields.replaces = raw_replaces.map(|h| self.replaces(&h, &mut columns));
        fields.long = self.layout(raw_long, &questions, &mut columns);
        // Every check runs before the error list is read, so all its errors count.
        let checks = self.checks(raw.checks.unwrap_or_default());
        if let Some(p) = raw.steady_within {
            self.percent("steady_within", p);
        }
        let programme = self.programme(raw.alert_below, raw.actions, raw.ladder, raw.shopper_margin);
        self.errors.is_empty().then_some(Rubric {
            name,
            version,
            effective_from,
            target: raw.target,
            grades,
            critical_effect,
            bonus_cap: raw.bonus_cap.unwrap_or(true),
            date_format,
            fields,
            checks,
            steady_within: raw.steady_within,
            programme,
            sections,
            questions,
            sha256: None,
            warnings: std::mem::take(&mut self.warnings),
            versions: Vec::new(),
            positions: std::mem::take(&mut self.index),
        })
    }

    /// `effective_from`: a calendar date written `YYYY-MM-DD`.
    fn effective_from(&mut self, text: &str) -> Option<chrono::NaiveDate> {
        let day = crate::date::day(text, "%Y-%m-%d").filter(|_| text.len() == 10);
        if day.is_none() {
            self.error("effective_from", format!("`{text}` is not a date written YYYY-MM-DD"))
                .hint("write the first day this version scores, e.g. `effective_from: 2026-09-01`");
        }
        day
    }

    fn checks(&mut self, raw: RawChecks) -> Checks {
        if raw.max_visits_per_shopper_location == Some(0) {
            self.error("checks.max_visits_per_shopper_location", "a rotation limit of 0 would flag every visit")
                .hint("use 1 or more, or leave the key out");
        }
        Checks {
            max_visits_per_shopper_location: raw.max_visits_per_shopper_location,
            min_minutes_between_locations: raw.min_minutes_between_locations,
            straight_lining: raw.straight_lining.unwrap_or(false),
            future_dates: raw.future_dates.unwrap_or(false),
        }
    }
}

/// A hint naming the closest allowed word, or all of them.
fn one_of(got: &str, allowed: &[&str]) -> String {
    match crate::closest(got, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? (one of {})", allowed.join(", ")),
        None => format!("use one of {}", allowed.join(", ")),
    }
}
