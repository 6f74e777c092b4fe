//! The rules of SCORING.md §1 and §6 that YAML types alone cannot express.
//!
//! Every broken rule is collected (not just the first), so a consultant fixes a rubric
//! in one pass. Each error names its path in the rubric and, where the text shows it,
//! the line and column.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::bounds::MAX_SCALE_STEPS;
use super::locate::locate;
use super::raw::{Items, RawBand, RawFields, RawQuestion, RawRubric, RawSection};
use super::tree::Index;
use super::{Band, Choice, CriticalEffect, Fields, Grade, Question, QuestionKind, Rubric, RubricError, Section};
use crate::tokens::is_na_token;

const TYPES: [&str; 5] = ["yes_no", "scale", "choice", "number", "multi"];
const EFFECTS: [&str; 3] = ["zero_visit", "zero_section", "flag"];
/// The longest rubric name: the workbook's file name (at most 255 bytes on every common
/// file system) is made from it, and each character may take two there.
pub const MAX_NAME_CHARS: usize = 100;
/// Tolerance for scale steps, as SCORING.md §6 says.
pub const STEP_TOLERANCE: f64 = 1e-9;

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

    /// Records an error at `path`: at the key of that path where it is written, else
    /// located by the item `id` (and `key` in it) if given, else at the nearest written
    /// item holding it.
    pub(super) fn fail(
        &mut self,
        path: String,
        at: Option<(&str, Option<&str>)>,
        problem: String,
        hint: Option<String>,
    ) {
        if self.reported(&path) {
            return;
        }
        let written = self.index.get(&path).copied();
        let pos =
            written.or_else(|| at.and_then(|(id, key)| locate(self.text, id, key))).or_else(|| self.nearest(&path));
        self.errors.push(RubricError {
            file: self.file.to_path_buf(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            path,
            problem,
            hint,
        });
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
                self.fail(
                    "name".into(),
                    None,
                    format!("the name is {} characters long; at most {MAX_NAME_CHARS}", n.chars().count()),
                    Some(
                        "shorten it: the workbook's file name is made from it, and reports show it as the title".into(),
                    ),
                );
                n.to_string()
            }
            Some(n) if !n.is_empty() => n.to_string(),
            _ => {
                self.fail(
                    "name".into(),
                    None,
                    "the rubric has no name".into(),
                    Some("add a line such as `name: Retail store visit`".into()),
                );
                String::new()
            }
        };
        let version = raw.version;
        if let Some(t) = raw.target {
            self.percent("target".into(), None, t);
        }
        let grades = self.grades(raw.grades.unwrap_or_default());
        let critical_effect = match raw.critical_effect.as_deref() {
            None | Some("zero_visit") => CriticalEffect::ZeroVisit,
            Some("zero_section") => CriticalEffect::ZeroSection,
            Some("flag") => CriticalEffect::Flag,
            Some(other) => {
                self.fail(
                    "critical_effect".into(),
                    None,
                    format!("`{other}` is not a critical_effect"),
                    Some(one_of(other, &EFFECTS)),
                );
                CriticalEffect::ZeroVisit
            }
        };
        let date_format = raw.date_format.unwrap_or_else(|| "%Y-%m-%d".to_string());
        if !crate::date::format_is_valid(&date_format) {
            self.fail(
                "date_format".into(),
                None,
                format!("`{date_format}` is not a valid date format"),
                Some("use strftime codes with a year, a month and a day, e.g. \"%d/%m/%Y\"".into()),
            );
        }
        let mut raw_fields = raw.fields.unwrap_or_default();
        let raw_keep = raw_fields.keep.take().unwrap_or_default();
        let mut fields = self.fields(raw_fields);
        let mut columns: HashSet<String> = fields.all().into_iter().map(String::from).collect();
        let (sections, questions) = self.sections(raw.sections.unwrap_or_default(), &mut columns);
        fields.keep = self.keep(raw_keep, &mut columns);
        // Every check runs before the error list is read, so all its errors count.
        let checks = self.checks(raw.checks.unwrap_or_default());
        if let Some(p) = raw.steady_within {
            self.percent("steady_within".into(), None, p);
        }
        self.errors.is_empty().then_some(Rubric {
            name,
            version,
            target: raw.target,
            grades,
            critical_effect,
            bonus_cap: raw.bonus_cap.unwrap_or(true),
            date_format,
            fields,
            checks,
            steady_within: raw.steady_within,
            sections,
            questions,
            sha256: None,
            warnings: std::mem::take(&mut self.warnings),
        })
    }

    fn checks(&mut self, raw: crate::rubric::raw::RawChecks) -> crate::rubric::Checks {
        if raw.max_visits_per_shopper_location == Some(0) {
            self.fail(
                "checks.max_visits_per_shopper_location".into(),
                None,
                "a rotation limit of 0 would flag every visit".into(),
                Some("use 1 or more, or leave the key out".into()),
            );
        }
        crate::rubric::Checks {
            max_visits_per_shopper_location: raw.max_visits_per_shopper_location,
            min_minutes_between_locations: raw.min_minutes_between_locations,
            straight_lining: raw.straight_lining.unwrap_or(false),
            future_dates: raw.future_dates.unwrap_or(false),
        }
    }

    fn percent(&mut self, path: String, at: Option<(&str, Option<&str>)>, v: f64) {
        if !(0.0..=100.0).contains(&v) {
            self.fail(path, at, format!("{v} is not a percentage"), Some("use a number from 0 to 100".into()));
        }
    }

    fn fraction(&mut self, path: String, at: Option<(&str, Option<&str>)>, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.fail(
                path,
                at,
                format!("{v} is not a fraction"),
                Some("use a number from 0 to 1, e.g. 0.5 for half the points".into()),
            );
        }
    }

    fn grades(&mut self, raw: Items<crate::rubric::raw::RawGrade>) -> Vec<Grade> {
        let mut seen = Vec::new();
        let mut grades = Vec::new();
        for (i, g) in raw.into_iter().enumerate() {
            let Some(g) = g else { continue };
            let path = format!("grades[{i}]");
            if g.name.trim().is_empty() {
                self.fail(path.clone(), None, "a grade needs a name".into(), None);
            }
            self.percent(format!("{path}.min"), None, g.min);
            if seen.contains(&g.min) {
                self.fail(
                    path,
                    None,
                    format!("two grades start at {}", g.min),
                    Some("give each grade its own `min`".into()),
                );
            }
            seen.push(g.min);
            grades.push(Grade { name: g.name.trim().to_string(), min: g.min });
        }
        grades.sort_by(|a, b| b.min.total_cmp(&a.min));
        grades
    }

    /// `fields.keep`: each a header of its own, read by nothing else (`columns` holds the
    /// headers fields, questions and comments read).
    fn keep(&mut self, raw: Items<String>, columns: &mut HashSet<String>) -> Vec<String> {
        let mut keep = Vec::new();
        for (i, h) in raw.iter().enumerate() {
            let Some(h) = h else { continue };
            let (path, h) = (format!("fields.keep[{i}]"), h.trim());
            if h.is_empty() {
                self.fail(
                    path,
                    None,
                    "an empty CSV header".into(),
                    Some("name the column to keep, or remove the item".into()),
                );
            } else if keep.iter().any(|k: &String| k == h) {
                self.fail(path, None, format!("`{h}` is listed twice in `keep`"), Some("list each column once".into()));
            } else if !columns.insert(h.to_string()) {
                self.fail(
                    path,
                    None,
                    format!("the CSV header `{h}` is already read by a field, question or comment"),
                    Some("`keep` lists text no question scores: remove it from `keep` (each column feeds one thing only)".into()),
                );
            }
            keep.push(h.to_string());
        }
        keep
    }

    fn fields(&mut self, raw: RawFields) -> Fields {
        let mut written = Vec::new();
        let mut pick = |key: &'static str, v: Option<String>| -> String {
            if v.is_some() {
                written.push(key);
            }
            let v = v.unwrap_or_else(|| key.to_string()).trim().to_string();
            if v.is_empty() {
                self.fail(
                    format!("fields.{key}"),
                    None,
                    "a field needs a CSV header".into(),
                    Some(format!("leave `{key}` out to use the header `{key}`")),
                );
            }
            v
        };
        let fields = Fields {
            visit_id: pick("visit_id", raw.visit_id),
            location: pick("location", raw.location),
            date: pick("date", raw.date),
            region: pick("region", raw.region),
            shopper: pick("shopper", raw.shopper),
            channel: pick("channel", raw.channel),
            time: pick("time", raw.time),
            keep: Vec::new(),
            written,
        };
        let all = fields.all();
        for (i, a) in all.iter().enumerate() {
            if all[..i].contains(a) {
                self.fail(
                    "fields".into(),
                    None,
                    format!("two fields read the same header `{a}`"),
                    Some("give each field its own CSV header".into()),
                );
            }
        }
        fields
    }

    /// `columns`: the headers read so far (the fields'); each question and comment adds its own.
    fn sections(&mut self, raw: Items<RawSection>, columns: &mut HashSet<String>) -> (Vec<Section>, Vec<Question>) {
        if raw.is_empty() {
            self.fail(
                "sections".into(),
                None,
                "the rubric has no sections".into(),
                Some("add `sections:` with at least one section and its questions".into()),
            );
        }
        // A weight written but unreadable counts as given: its own error says what is wrong.
        let has_weight = |c: &Self, si: usize, s: &RawSection| {
            s.weight.is_some() || c.failed.contains(&format!("sections[{si}].weight"))
        };
        let weighted =
            raw.iter().enumerate().filter(|(si, s)| s.as_ref().is_some_and(|s| has_weight(self, *si, s))).count();
        let mut ids = HashMap::new();
        let mut sections = Vec::new();
        let mut questions = Vec::new();
        for (si, s) in raw.into_iter().enumerate() {
            let Some(s) = s else { continue };
            let path = format!("sections[{si}]");
            let _ = self.id(&path, &s.id, &mut ids);
            let at = Some((s.id.as_str(), None));
            if weighted > 0 && !has_weight(self, si, &s) {
                self.fail(
                    path.clone(),
                    at,
                    format!("section `{}` has no weight but others do", s.id),
                    Some("give every section a `weight`, or none".into()),
                );
            }
            if let Some(w) = s.weight {
                self.amount(format!("{path}.weight"), Some((&s.id, Some("weight"))), "weight", w);
            }
            if let Some(p) = s.pass_mark {
                self.percent(format!("{path}.pass_mark"), Some((&s.id, Some("pass_mark"))), p);
            }
            let raw_qs = s.questions.unwrap_or_default();
            if raw_qs.is_empty() && !self.reported(&format!("{path}.questions")) {
                self.fail(
                    path.clone(),
                    at,
                    format!("section `{}` has no questions", s.id),
                    Some("add at least one question or remove the section".into()),
                );
            }
            let first = questions.len();
            for (qi, q) in raw_qs.into_iter().enumerate() {
                let Some(q) = q else { continue };
                let qpath = format!("{path}.questions[{qi}]");
                // A duplicate id also duplicates its default column: say it once.
                let unique = self.id(&qpath, &q.id, &mut ids);
                let mut scratch = HashSet::new();
                if let Some(q) = self.question(&qpath, q, si, if unique { &mut *columns } else { &mut scratch }) {
                    questions.push(q);
                }
            }
            sections.push(Section {
                title: s.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).unwrap_or_else(|| s.id.clone()),
                id: s.id,
                weight: s.weight,
                pass_mark: s.pass_mark,
                questions: first..questions.len(),
            });
        }
        (sections, questions)
    }

    /// Checks an id; false when it is invalid or taken. `ids` holds each id seen with the
    /// path of the item that has it.
    fn id(&mut self, path: &str, id: &str, ids: &mut HashMap<String, String>) -> bool {
        let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            self.fail(
                format!("{path}.id"),
                Some((id, None)),
                format!("id `{id}` may only use a-z, 0-9 and _"),
                Some(format!("e.g. `{}`", suggest_id(id))),
            );
        } else if let Some(first) = ids.get(id) {
            // Named at the second item, where the cursor should go; the first is named.
            let line = self.index.get(&format!("{first}.id")).map_or_else(String::new, |p| format!("line {}, ", p.0));
            let problem = format!("id `{id}` is used twice (first at {line}{first})");
            let at = self.index.contains_key(&format!("{path}.id")).then_some((id, None));
            self.fail(
                format!("{path}.id"),
                at,
                problem,
                Some("ids must be unique across sections and questions: rename one of them".into()),
            );
        } else {
            ids.insert(id.to_string(), path.to_string());
            return true;
        }
        false
    }

    fn column(&mut self, path: String, at: (&str, Option<&str>), header: &str, columns: &mut HashSet<String>) {
        // An unreadable `column:` (a list) falls back to the id: claiming that header
        // would make a false "already read" error of another question's column.
        if self.reported(&path) {
            return;
        }
        if header.is_empty() {
            self.fail(path, Some(at), "empty CSV header".into(), None);
        } else if !columns.insert(header.to_string()) {
            self.fail(
                path,
                Some(at),
                format!("the CSV header `{header}` is already read by another field, question or comment"),
                Some("each column may feed one thing only".into()),
            );
        }
    }

    fn question(
        &mut self,
        path: &str,
        q: RawQuestion,
        section: usize,
        columns: &mut HashSet<String>,
    ) -> Option<Question> {
        let id = q.id.clone();
        let at = |key: &'static str| Some((id.as_str(), Some(key)));
        let column = q.column.as_deref().unwrap_or(&q.id).trim().to_string();
        // With no `column`, the header is the id, whose own error covers an empty one.
        if q.column.is_some() || !q.id.is_empty() {
            self.column(format!("{path}.column"), (&id, Some("column")), &column, columns);
        }
        let comment = q.comment.as_ref().map(|c| c.trim().to_string());
        if let Some(c) = &comment {
            self.column(format!("{path}.comment"), (&id, Some("comment")), c, columns);
        }
        let points = q.points.unwrap_or(1.0);
        self.amount(format!("{path}.points"), at("points"), "points", points);
        let critical = q.critical.unwrap_or(false);
        let bonus = q.bonus.unwrap_or(false);
        if critical && bonus {
            self.fail(
                format!("{path}.bonus"),
                at("bonus"),
                "a bonus question cannot be critical".into(),
                Some("a bonus only adds points; drop `critical` or `bonus`".into()),
            );
        }
        let comment_required_on_fail = q.comment_required_on_fail.unwrap_or(false);
        if comment_required_on_fail && comment.is_none() {
            self.fail(
                format!("{path}.comment_required_on_fail"),
                at("comment_required_on_fail"),
                "a comment is required but the question has no comment column".into(),
                Some("add `comment: <CSV header of the comment>`".into()),
            );
        }
        let kind = self.kind(path, &q)?;
        Some(Question {
            text: q.text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).unwrap_or_else(|| q.id.clone()),
            id: q.id,
            column,
            section,
            kind,
            points,
            na: q.na.unwrap_or(true),
            critical,
            bonus,
            comment,
            comment_required_on_fail,
        })
    }

    fn kind(&mut self, path: &str, q: &RawQuestion) -> Option<QuestionKind> {
        let id = q.id.as_str();
        let allowed: &[&str] = match q.kind.as_str() {
            "yes_no" => &["expected"],
            "scale" => &["min", "max", "step"],
            "choice" | "multi" => &["options"],
            "number" => &["bands"],
            other => {
                self.fail(
                    format!("{path}.type"),
                    Some((id, Some("type"))),
                    format!("unknown question type `{other}`"),
                    Some(one_of(other, &TYPES)),
                );
                return None;
            }
        };
        let present = [
            ("expected", q.expected.is_some()),
            ("min", q.min.is_some()),
            ("max", q.max.is_some()),
            ("step", q.step.is_some()),
            ("options", q.options.is_some()),
            ("bands", q.bands.is_some()),
        ];
        for (key, is_set) in present {
            if is_set && !allowed.contains(&key) {
                self.fail(
                    format!("{path}.{key}"),
                    Some((id, Some(key))),
                    format!("`{key}` does not apply to a {} question", q.kind),
                    Some(format!("a {} question takes {}", q.kind, allowed.join(", "))),
                );
            }
        }
        Some(match q.kind.as_str() {
            "yes_no" => QuestionKind::YesNo { expected: self.expected(path, id, q.expected.as_deref()) },
            "scale" => self.scale(path, id, q),
            "choice" => QuestionKind::Choice { options: self.options(path, id, q.options.as_deref(), false) },
            "multi" => QuestionKind::Multi { options: self.options(path, id, q.options.as_deref(), true) },
            _ => QuestionKind::Number { bands: self.bands(path, id, q.bands.as_deref()) },
        })
    }

    fn expected(&mut self, path: &str, id: &str, v: Option<&str>) -> bool {
        match v.map(str::to_ascii_lowercase).as_deref() {
            None | Some("yes") | Some("true") => true,
            Some("no") | Some("false") => false,
            Some(other) => {
                self.fail(
                    format!("{path}.expected"),
                    Some((id, Some("expected"))),
                    format!("expected must be yes or no, not `{other}`"),
                    Some("use `expected: no` for negatively worded questions".into()),
                );
                true
            }
        }
    }

    fn scale(&mut self, path: &str, id: &str, q: &RawQuestion) -> QuestionKind {
        let (min, max, step) = (q.min.unwrap_or(1.0), q.max.unwrap_or(5.0), q.step.unwrap_or(1.0));
        let min_ok = self.value(format!("{path}.min"), Some((id, Some("min"))), "scale min", min);
        let max_ok = self.value(format!("{path}.max"), Some((id, Some("max"))), "scale max", max);
        if !(min_ok && max_ok) {
            // Reported above; the other checks would only repeat it.
        } else if max <= min {
            self.fail(
                format!("{path}.max"),
                Some((id, Some("max"))),
                format!("scale max {max} must be above min {min}"),
                None,
            );
        } else if !(step.is_finite() && step > 0.0) {
            self.fail(format!("{path}.step"), Some((id, Some("step"))), format!("step {step} must be above 0"), None);
        } else if (max - min) / step > MAX_SCALE_STEPS {
            self.fail(
                format!("{path}.step"),
                Some((id, Some("step"))),
                format!("step {step} makes more than 1000000 steps from {min} to {max}"),
                Some("use a larger step; a scale has at most 1000000 steps".into()),
            );
        } else {
            let steps = (max - min) / step;
            if (steps - steps.round()).abs() * step > STEP_TOLERANCE {
                self.fail(
                    format!("{path}.step"),
                    Some((id, Some("step"))),
                    format!("step {step} does not divide the range {min} to {max}"),
                    Some("choose a step that reaches max exactly, e.g. 0.5 or 1".into()),
                );
            }
        }
        QuestionKind::Scale { min, max, step }
    }

    fn options(&mut self, path: &str, id: &str, raw: Option<&[(String, f64)]>, multi: bool) -> Vec<Choice> {
        let Some(raw) = raw.filter(|m| !m.is_empty()) else {
            self.fail(
                format!("{path}.options"),
                Some((id, Some("options"))),
                "the question has no options".into(),
                Some("add `options:` mapping each answer label to a fraction, e.g. `Yes: 1`".into()),
            );
            return Vec::new();
        };
        let mut out: Vec<Choice> = Vec::new();
        for (k, v) in raw {
            let label = k.trim().to_string();
            let opath = format!("{path}.options{}", super::tree::label_path(&label));
            let at = Some((id, Some("options")));
            let key = label.to_lowercase();
            if label.is_empty() || is_na_token(&label) || (multi && label.contains(';')) {
                self.fail(
                    opath.clone(),
                    at,
                    format!("`{label}` cannot be an answer label"),
                    Some(
                        "labels must be non-empty, not an N/A spelling (n/a, na, -) and, for multi, without `;`".into(),
                    ),
                );
            } else if out.iter().any(|c| c.key == key) {
                self.fail(
                    opath.clone(),
                    at,
                    format!("the label `{label}` is listed twice"),
                    Some("labels match in any case, so they must differ by more than case".into()),
                );
            }
            let fraction = *v;
            self.fraction(opath, at, fraction);
            out.push(Choice { label, key, fraction });
        }
        out
    }

    fn bands(&mut self, path: &str, id: &str, raw: Option<&[Option<RawBand>]>) -> Vec<Band> {
        let Some(raw) = raw.filter(|b| !b.is_empty()) else {
            self.fail(
                format!("{path}.bands"),
                Some((id, Some("bands"))),
                "the question has no bands".into(),
                Some("add `bands:` such as `- { max: 30, score: 1 }`".into()),
            );
            return Vec::new();
        };
        let errors_before = self.errors.len();
        let mut out = Vec::new();
        for (i, b) in raw.iter().enumerate() {
            let Some(b) = b else { continue };
            let bpath = format!("{path}.bands[{i}]");
            let at = Some((id, Some("bands")));
            let mut finite = true;
            for (key, edge) in [("min", b.min), ("max", b.max)] {
                if let Some(v) = edge {
                    finite &= self.value(format!("{bpath}.{key}"), at, &format!("band {key}"), v);
                }
            }
            if finite && matches!((b.min, b.max), (Some(lo), Some(hi)) if lo > hi) {
                self.fail(
                    bpath.clone(),
                    at,
                    "the band's min is above its max".into(),
                    Some("min and max are inclusive; leave one out for an open band".into()),
                );
            }
            self.fraction(format!("{bpath}.score"), at, b.score);
            out.push(Band { min: b.min, max: b.max, score: b.score });
        }
        // Gaps and overlaps only make sense between valid bands, all of them read.
        let bands_path = format!("{path}.bands");
        if errors_before == self.errors.len() && !self.failed.iter().any(|f| f.starts_with(&bands_path)) {
            for f in super::overlaps::find(&out) {
                let pos = self.index.get(&format!("{path}.bands[{}]", f.band)).copied();
                self.warnings.push(RubricError {
                    file: self.file.to_path_buf(),
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                    path: format!("{path}.bands[{}]", f.band),
                    problem: f.problem,
                    hint: Some(f.hint),
                });
            }
        }
        out
    }
}

/// A hint naming the closest allowed word, or all of them.
pub fn one_of(got: &str, allowed: &[&str]) -> String {
    match crate::closest(got, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? (one of {})", allowed.join(", ")),
        None => format!("use one of {}", allowed.join(", ")),
    }
}

fn suggest_id(id: &str) -> String {
    let s: String = id.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if s.is_empty() { "greeted_30s".into() } else { s }
}
