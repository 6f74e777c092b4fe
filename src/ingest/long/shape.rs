//! Where a long-format export's columns are ([`Shape`]), and the wide header its visits
//! are handed out under: the visit fields as the file has them, then each question's
//! column and, with a comment column, each question's comment column.

use std::collections::HashMap;
use std::path::Path;

use super::super::columns::{duplicate, is_used, missing};
use super::super::error::InputError;
use crate::rubric::{LongLayout, Rubric};

/// A long-format file's columns, and the wide record its visits become.
pub(super) struct Shape {
    /// The long file's header, trimmed.
    pub long_headers: Vec<String>,
    pub visit_id: usize,
    pub question: usize,
    pub answer: usize,
    pub comment: Option<usize>,
    /// The long file's columns that are visit fields (all but question, answer and
    /// comment), in file order: the wide record's first cells.
    pub fixed: Vec<usize>,
    /// The positions in `fixed` of the columns the rubric reads: these must agree
    /// between a visit's rows.
    pub compared: Vec<usize>,
    /// The wide header: the `fixed` columns' headers, then the answer and comment slots.
    pub wide: Vec<String>,
    /// Per wide cell: for an answer slot with a comment slot, that slot.
    pub comment_of: Vec<Option<usize>>,
    /// Per wide cell: for an answer slot, the id of the question it answers.
    pub slot_ids: Vec<String>,
    /// A question's id or column, trimmed and lower-cased, to its answer slot.
    names: HashMap<String, usize>,
}

impl Shape {
    /// The shape of a file with `headers` under `rubric` (its versions' questions too),
    /// or the error naming the long-format columns it lacks.
    pub fn new(file: &Path, rubric: &Rubric, layout: &LongLayout, headers: Vec<String>) -> Result<Shape, InputError> {
        let f = &rubric.fields;
        let key = |k: &str| format!("the rubric's `fields.{k}`");
        let mut required = vec![
            (f.visit_id.as_str(), "visit_id", key("visit_id")),
            (layout.question.as_str(), "the question of each row (layout long)", key("question")),
            (layout.answer.as_str(), "the answer of each row (layout long)", key("answer")),
        ];
        if let Some(c) = &layout.comment {
            required.push((c.as_str(), "the comment of each row (layout long)", key("comment")));
        }
        if let Some(e) = missing(file, rubric, &required, &headers) {
            return Err(e.into());
        }
        // The question, answer and comment columns and the visit fields are each read once.
        if let Some(e) = duplicate(file, &headers, |h| is_used(rubric, h) || required.iter().any(|r| r.0 == h)) {
            return Err(e.into());
        }
        let find = |h: &str| headers.iter().position(|x| x == h).unwrap_or(0);
        let (visit_id, question, answer) = (find(&f.visit_id), find(&layout.question), find(&layout.answer));
        let comment = layout.comment.as_deref().map(find);
        let fixed: Vec<usize> =
            (0..headers.len()).filter(|&i| i != question && i != answer && Some(i) != comment).collect();
        let compared = (0..fixed.len()).filter(|&p| is_used(rubric, &headers[fixed[p]])).collect();
        let mut wide: Vec<String> = fixed.iter().map(|&i| headers[i].clone()).collect();
        let (mut comment_of, mut slot_ids) = (vec![None; wide.len()], vec![String::new(); wide.len()]);
        let mut names = HashMap::new();
        let versions = rubric.versions.iter().flat_map(|v| &v.rubric.questions);
        for q in rubric.questions.iter().chain(versions) {
            let slot = match wide[fixed.len()..].iter().position(|h| *h == q.column) {
                Some(at) => fixed.len() + at,
                None => {
                    wide.push(q.column.clone());
                    comment_of.push(None);
                    slot_ids.push(q.id.clone());
                    wide.len() - 1
                }
            };
            if let (Some(_), Some(c), None) = (&layout.comment, &q.comment, comment_of[slot]) {
                wide.push(c.clone());
                comment_of.push(None);
                slot_ids.push(String::new());
                comment_of[slot] = Some(wide.len() - 1);
            }
            for name in [&q.id, &q.column] {
                names.entry(name.trim().to_lowercase()).or_insert(slot);
            }
        }
        // A visit field named as an answer or comment slot would be read twice.
        if let Some(p) = (0..fixed.len()).find(|&p| wide[fixed.len()..].contains(&wide[p])) {
            let (header, column) = (wide[p].clone(), fixed[p] + 1);
            return Err(InputError::LongQuestionColumn { file: file.to_path_buf(), header, column });
        }
        let long_headers = headers;
        Ok(Shape {
            long_headers,
            visit_id,
            question,
            answer,
            comment,
            fixed,
            compared,
            wide,
            comment_of,
            slot_ids,
            names,
        })
    }

    /// The answer slot a row's question cell names (by id or column, trimmed, any case);
    /// `key` is scratch space, reused from row to row.
    pub fn slot(&self, question: &str, key: &mut String) -> Option<usize> {
        key.clear();
        key.extend(question.trim().chars().flat_map(char::to_lowercase));
        self.names.get(key.as_str()).copied()
    }

    /// The question id closest to an unknown question cell, for a hint.
    pub fn closest(&self, question: &str) -> Option<&str> {
        crate::closest(question.trim(), self.slot_ids.iter().filter(|id| !id.is_empty()).map(String::as_str))
    }
}
