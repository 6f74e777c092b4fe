//! The sections: at least one; weights on all sections or none; each with an id, its
//! weight and pass mark in range and at least one question. Ids (of sections and
//! questions alike) are unique and use only a-z, 0-9 and _.

use std::collections::{HashMap, HashSet};

use super::{Checker, Spot};
use crate::rubric::raw::{Items, RawSection};
use crate::rubric::{Question, Section};

impl Checker<'_> {
    /// `columns`: the headers read so far (the fields'); each question and comment adds its own.
    pub(super) fn sections(
        &mut self,
        raw: Items<RawSection>,
        columns: &mut HashSet<String>,
    ) -> (Vec<Section>, Vec<Question>) {
        if raw.is_empty() {
            self.error("sections", "the rubric has no sections")
                .hint("add `sections:` with at least one section and its questions");
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
            let at = Spot::item(path.clone(), &s.id, None);
            if weighted > 0 && !has_weight(self, si, &s) {
                self.error(at.clone(), format!("section `{}` has no weight but others do", s.id))
                    .hint("give every section a `weight`, or none");
            }
            if let Some(w) = s.weight {
                self.amount(Spot::key(&path, &s.id, "weight"), "weight", w);
            }
            if let Some(p) = s.pass_mark {
                self.percent(Spot::key(&path, &s.id, "pass_mark"), p);
            }
            let raw_qs = s.questions.unwrap_or_default();
            if raw_qs.is_empty() && !self.reported(&format!("{path}.questions")) {
                self.error(at, format!("section `{}` has no questions", s.id))
                    .hint("add at least one question or remove the section");
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
            self.error(Spot::item(format!("{path}.id"), id, None), format!("id `{id}` may only use a-z, 0-9 and _"))
                .hint(format!("e.g. `{}`", suggest_id(id)));
        } else if let Some(first) = ids.get(id) {
            // Named at the second item, where the cursor should go; the first is named.
            // Placed by its path only: searching the text for the id would find the first.
            let line = self.index.get(&format!("{first}.id")).map_or_else(String::new, |p| format!("line {}, ", p.0));
            self.error(format!("{path}.id"), format!("id `{id}` is used twice (first at {line}{first})"))
                .hint("ids must be unique across sections and questions: rename one of them");
        } else {
            ids.insert(id.to_string(), path.to_string());
            return true;
        }
        false
    }
}

fn suggest_id(id: &str) -> String {
    let s: String = id.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if s.is_empty() { "greeted_30s".into() } else { s }
}
