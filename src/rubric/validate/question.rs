//! A question's own keys: its `column` and `comment` headers, `points`, a bonus that is
//! not critical, a comment column when one is required, and its `type` with only the
//! keys that type takes (each type's keys are checked in `kinds`).

use std::collections::HashSet;

use super::{Checker, Spot, one_of};
use crate::rubric::raw::RawQuestion;
use crate::rubric::{Question, QuestionKind};

const TYPES: [&str; 5] = ["yes_no", "scale", "choice", "number", "multi"];

impl Checker<'_> {
    /// The question at `path` in section number `section`; `columns` holds the headers
    /// read so far. None when its type is unknown.
    pub(super) fn question(
        &mut self,
        path: &str,
        q: RawQuestion,
        section: usize,
        columns: &mut HashSet<String>,
    ) -> Option<Question> {
        let id = q.id.clone();
        let key = |key: &'static str| Spot::key(path, &id, key);
        let column = q.column.as_deref().unwrap_or(&q.id).trim().to_string();
        // With no `column`, the header is the id, whose own error covers an empty one.
        if q.column.is_some() || !q.id.is_empty() {
            self.column(key("column"), &column, columns);
        }
        let comment = q.comment.as_ref().map(|c| c.trim().to_string());
        if let Some(c) = &comment {
            self.column(key("comment"), c, columns);
        }
        let points = q.points.unwrap_or(1.0);
        self.amount(key("points"), "points", points);
        let critical = q.critical.unwrap_or(false);
        let bonus = q.bonus.unwrap_or(false);
        if critical && bonus {
            self.error(key("bonus"), "a bonus question cannot be critical")
                .hint("a bonus only adds points; drop `critical` or `bonus`");
        }
        let comment_required_on_fail = q.comment_required_on_fail.unwrap_or(false);
        if comment_required_on_fail && comment.is_none() {
            self.error(key("comment_required_on_fail"), "a comment is required but the question has no comment column")
                .hint("add `comment: <CSV header of the comment>`");
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

    /// The question's type and the keys of that type; None when the type is unknown.
    fn kind(&mut self, path: &str, q: &RawQuestion) -> Option<QuestionKind> {
        let id = q.id.as_str();
        let allowed: &[&str] = match q.kind.as_str() {
            "yes_no" => &["expected"],
            "scale" => &["min", "max", "step"],
            "choice" | "multi" => &["options"],
            "number" => &["bands"],
            other => {
                self.error(Spot::key(path, id, "type"), format!("unknown question type `{other}`"))
                    .hint(one_of(other, &TYPES));
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
                self.error(Spot::key(path, id, key), format!("`{key}` does not apply to a {} question", q.kind))
                    .hint(format!("a {} question takes {}", q.kind, allowed.join(", ")));
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
}
