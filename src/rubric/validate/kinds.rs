//! The keys of each question type (SCORING.md §2): a yes/no question's `expected`, a
//! scale's `min`, `max` and `step`, the `options` of choice and multi questions, and a
//! number question's `bands` (gaps and overlaps between them are warnings, not errors).

use super::{Checker, Spot};
use crate::rubric::bounds::MAX_SCALE_STEPS;
use crate::rubric::raw::{RawBand, RawQuestion};
use crate::rubric::tree::label_path;
use crate::rubric::{Band, Choice, QuestionKind};
use crate::tokens::is_na_token;

/// Tolerance for scale steps, as SCORING.md §6 says.
pub const STEP_TOLERANCE: f64 = 1e-9;

impl Checker<'_> {
    /// `expected` of the yes/no question `id` at `path`: yes unless written no.
    pub(super) fn expected(&mut self, path: &str, id: &str, v: Option<&str>) -> bool {
        match v.map(str::to_ascii_lowercase).as_deref() {
            None | Some("yes") | Some("true") => true,
            Some("no") | Some("false") => false,
            Some(other) => {
                self.error(Spot::key(path, id, "expected"), format!("expected must be yes or no, not `{other}`"))
                    .hint("use `expected: no` for negatively worded questions");
                true
            }
        }
    }

    /// The scale of question `id` at `path`: 1 to 5 in steps of 1 unless written.
    pub(super) fn scale(&mut self, path: &str, id: &str, q: &RawQuestion) -> QuestionKind {
        let key = |key: &'static str| Spot::key(path, id, key);
        let (min, max, step) = (q.min.unwrap_or(1.0), q.max.unwrap_or(5.0), q.step.unwrap_or(1.0));
        let min_ok = self.value(key("min"), "scale min", min);
        let max_ok = self.value(key("max"), "scale max", max);
        if !(min_ok && max_ok) {
            // Reported above; the other checks would only repeat it.
        } else if max <= min {
            self.error(key("max"), format!("scale max {max} must be above min {min}"));
        } else if !(step.is_finite() && step > 0.0) {
            self.error(key("step"), format!("step {step} must be above 0"));
        } else if (max - min) / step > MAX_SCALE_STEPS {
            self.error(key("step"), format!("step {step} makes more than 1000000 steps from {min} to {max}"))
                .hint("use a larger step; a scale has at most 1000000 steps");
        } else {
            let steps = (max - min) / step;
            if (steps - steps.round()).abs() * step > STEP_TOLERANCE {
                self.error(key("step"), format!("step {step} does not divide the range {min} to {max}"))
                    .hint("choose a step that reaches max exactly, e.g. 0.5 or 1");
            }
        }
        QuestionKind::Scale { min, max, step }
    }

    /// The options of the choice (or, when `multi`, multi) question `id` at `path`.
    pub(super) fn options(&mut self, path: &str, id: &str, raw: Option<&[(String, f64)]>, multi: bool) -> Vec<Choice> {
        let Some(raw) = raw.filter(|m| !m.is_empty()) else {
            self.error(Spot::key(path, id, "options"), "the question has no options")
                .hint("add `options:` mapping each answer label to a fraction, e.g. `Yes: 1`");
            return Vec::new();
        };
        let mut out: Vec<Choice> = Vec::new();
        for (k, v) in raw {
            let label = k.trim().to_string();
            let at = Spot::item(format!("{path}.options{}", label_path(&label)), id, Some("options"));
            let key = label.to_lowercase();
            if label.is_empty() || is_na_token(&label) || (multi && label.contains(';')) {
                self.error(at.clone(), format!("`{label}` cannot be an answer label"))
                    .hint("labels must be non-empty, not an N/A spelling (n/a, na, -) and, for multi, without `;`");
            } else if out.iter().any(|c| c.key == key) {
                self.error(at.clone(), format!("the label `{label}` is listed twice"))
                    .hint("labels match in any case, so they must differ by more than case");
            }
            let fraction = *v;
            self.fraction(at, fraction);
            out.push(Choice { label, key, fraction });
        }
        out
    }

    /// The bands of the number question `id` at `path`.
    pub(super) fn bands(&mut self, path: &str, id: &str, raw: Option<&[Option<RawBand>]>) -> Vec<Band> {
        let Some(raw) = raw.filter(|b| !b.is_empty()) else {
            self.error(Spot::key(path, id, "bands"), "the question has no bands")
                .hint("add `bands:` such as `- { max: 30, score: 1 }`");
            return Vec::new();
        };
        let errors_before = self.errors.len();
        let mut out = Vec::new();
        for (i, b) in raw.iter().enumerate() {
            let Some(b) = b else { continue };
            let bpath = format!("{path}.bands[{i}]");
            let at = |p: String| Spot::item(p, id, Some("bands"));
            let mut finite = true;
            for (key, edge) in [("min", b.min), ("max", b.max)] {
                if let Some(v) = edge {
                    finite &= self.value(at(format!("{bpath}.{key}")), &format!("band {key}"), v);
                }
            }
            if finite && matches!((b.min, b.max), (Some(lo), Some(hi)) if lo > hi) {
                self.error(at(bpath.clone()), "the band's min is above its max")
                    .hint("min and max are inclusive; leave one out for an open band");
            }
            self.fraction(at(format!("{bpath}.score")), b.score);
            out.push(Band { min: b.min, max: b.max, score: b.score });
        }
        // Gaps and overlaps only make sense between valid bands, all of them read.
        let bands_path = format!("{path}.bands");
        if errors_before == self.errors.len() && !self.failed.iter().any(|f| f.starts_with(&bands_path)) {
            for f in crate::rubric::overlaps::find(&out) {
                self.warn(format!("{path}.bands[{}]", f.band), f.problem, f.hint);
            }
        }
        out
    }
}
