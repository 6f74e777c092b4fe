//! Every row of a long-format export, read before the first visit is handed out (a
//! visit's rows may be anywhere in the file), kept compact ([`Store`]): the text of the
//! cells it needs in one arena, and per answer and per visit a small fixed-size entry.
//! The issues found while grouping (a visit field that disagrees with the visit's first
//! row, an unknown question, a row that is not a visit) are kept with their lines.

use std::collections::HashMap;
use std::io;

use super::super::cells::{Fields, trim};
use super::super::not_a_visit::not_a_visit;
use super::super::records::ReadError;
use super::super::swallowed::swallowed_rows;
use super::super::utf8;
use super::Rows;
use super::shape::Shape;
use crate::issue::{Issue, IssueKind};

/// "No entry" in an answer chain.
pub(super) const NONE: u32 = u32::MAX;

/// One visit: where its first row is, its visit fields as that row has them, and the
/// chain of its answers in file order. 24 bytes.
pub(super) struct VisitRows {
    /// The line of its first row: the visit's line.
    pub line: u64,
    /// Where its first row's visit-field cells start in the arena (their lengths are
    /// [`Store::fixed_lens`]).
    pub fixed: usize,
    /// Its first and last answer in [`Store::answers`], or [`NONE`].
    pub first: u32,
    pub last: u32,
}

/// One answer row: its line, its answer and comment text (one after the other in the
/// arena), the wide slot it answers and the visit's next answer. 32 bytes.
pub(super) struct AnswerRow {
    pub line: u64,
    pub text: usize,
    pub answer: u32,
    pub comment: u32,
    pub slot: u32,
    pub next: u32,
}

/// A long-format file, grouped.
#[derive(Default)]
pub(super) struct Store {
    pub arena: Vec<u8>,
    /// In the order of their first rows.
    pub visits: Vec<VisitRows>,
    pub answers: Vec<AnswerRow>,
    /// Per visit, the lengths of its first row's visit-field cells (`shape.fixed.len()`
    /// each).
    pub fixed_lens: Vec<u32>,
    /// The issues of visits' rows, with the visit's index, by visit and, within one, by line.
    pub issues: Vec<(u32, Issue)>,
    /// The issues of rows that are not visits, in line order.
    pub bad: Vec<Issue>,
    /// The inner reader's position at the end, for progress.
    pub end: u64,
}

/// What the grouping reads a row by: the file's shape, its name as issues give it, and
/// its delimiter (a row that is not a visit is shown re-quoted with it).
pub(super) struct Context<'a> {
    pub shape: &'a Shape,
    /// The file as issues name it.
    pub name: &'a str,
    pub delimiter: u8,
}

impl Store {
    /// Reads every record of `inner` (its header already read) and groups them by visit id.
    pub fn read(inner: &mut dyn Rows, at: &Context) -> Result<Store, ReadError> {
        let mut store = Store::default();
        let mut ids: HashMap<Box<str>, u32> = HashMap::new();
        let mut key = String::new();
        while let Some(record) = inner.next_record()? {
            let fields = Fields::new(&record);
            store.row(&fields, (record.line, record.last_line), at, &mut ids, &mut key)?;
        }
        store.end = inner.position();
        store.issues.sort_by_key(|(v, _)| *v);
        Ok(store)
    }

    /// One record: a row that is not a visit, or an answer of a visit (the first row of
    /// a visit keeps its visit fields; a later one is compared with it).
    fn row(
        &mut self,
        fields: &Fields,
        lines: (u64, u64),
        at: &Context,
        ids: &mut HashMap<Box<str>, u32>,
        key: &mut String,
    ) -> Result<(), ReadError> {
        let (shape, line) = (at.shape, lines.0);
        let swallowed = swallowed_rows(fields, at.delimiter, &shape.long_headers, lines)
            .map(|issue| Issue { file: at.name.to_string(), ..issue });
        let mut issues = Vec::new();
        if not_a_visit(at.name, fields, at.delimiter, (shape.long_headers.len(), shape.visit_id), line, &mut issues) {
            self.bad.extend(swallowed.into_iter().chain(issues));
            return Ok(());
        }
        let id = fields.cell(shape.visit_id);
        let id = trim(&id);
        let visit = match ids.get(id) {
            Some(&v) => {
                self.compare(v, fields, line, id, at);
                v
            }
            None => {
                let v = count(self.visits.len())?;
                ids.insert(id.into(), v);
                let fixed = self.arena.len();
                for &c in &shape.fixed {
                    let cell = fields.bytes(c);
                    self.arena.extend_from_slice(cell);
                    self.fixed_lens.push(count(cell.len())?);
                }
                self.visits.push(VisitRows { line, fixed, first: NONE, last: NONE });
                v
            }
        };
        self.issues.extend(swallowed.map(|issue| (visit, issue)));
        let question = fields.cell(shape.question);
        let Some(slot) = shape.slot(&question, key) else {
            let issue = unknown_question(at, shape, line, id, &question);
            self.issues.push((visit, issue));
            return Ok(());
        };
        let (answer, comment) = (fields.bytes(shape.answer), shape.comment.map_or(&[][..], |c| fields.bytes(c)));
        let entry = count(self.answers.len())?;
        let text = self.arena.len();
        self.arena.extend_from_slice(answer);
        self.arena.extend_from_slice(comment);
        let (answer, comment, slot) = (count(answer.len())?, count(comment.len())?, count(slot)?);
        self.answers.push(AnswerRow { line, text, answer, comment, slot, next: NONE });
        let v = &mut self.visits[visit as usize];
        match v.last {
            NONE => v.first = entry,
            last => self.answers[last as usize].next = entry,
        }
        v.last = entry;
        Ok(())
    }

    /// The visit fields of a later row of visit `v` against its first row's, trimmed: each
    /// that differs is an issue at this row (the first row's value is kept).
    fn compare(&mut self, v: u32, fields: &Fields, line: u64, id: &str, at: &Context) {
        let shape = at.shape;
        for &p in &shape.compared {
            let kept = self.first_cell(v, p, shape.fixed.len());
            let here = fields.bytes(shape.fixed[p]);
            if kept.trim_ascii() == here.trim_ascii() {
                continue;
            }
            let column = shape.long_headers[shape.fixed[p]].clone();
            let problem = format!(
                "visit {id}'s `{column}` is `{}` on its first row (line {}) but `{}` here; the first row's value is kept",
                utf8::text(kept.trim_ascii()),
                self.visits[v as usize].line,
                utf8::text(here.trim_ascii()),
            );
            let value = utf8::text(here).into_owned();
            let kind = IssueKind::ConflictingField;
            let issue =
                Issue { file: at.name.to_string(), line, visit_id: id.to_string(), column, value, kind, problem };
            self.issues.push((v, issue));
        }
    }
}

impl Store {
    /// Visit `v`'s first row's cell of visit field `p` (of `n`).
    pub fn first_cell(&self, v: u32, p: usize, n: usize) -> &[u8] {
        let (v, lens) = (v as usize, &self.fixed_lens);
        let start = self.visits[v].fixed + lens[v * n..v * n + p].iter().map(|&l| l as usize).sum::<usize>();
        &self.arena[start..start + lens[v * n + p] as usize]
    }
}

/// A row whose question cell names no question of the rubric: not used.
fn unknown_question(at: &Context, shape: &Shape, line: u64, id: &str, question: &str) -> Issue {
    let hint = match (question.trim().is_empty(), shape.closest(question)) {
        (true, _) => " (the question cell is blank)".to_string(),
        (false, Some(q)) => format!(" (did you mean {q}?)"),
        (false, None) => String::new(),
    };
    Issue {
        file: at.name.to_string(),
        line,
        visit_id: id.to_string(),
        column: shape.long_headers[shape.question].clone(),
        value: question.to_string(),
        kind: IssueKind::UnknownQuestion,
        problem: format!("no question of the rubric has this id or column{hint}; the row's answer is not scored"),
    }
}

/// `n` as an entry's 32-bit count or length; past 4,294,967,294 the file is refused (it
/// would not fit in memory anyway).
fn count(n: usize) -> Result<u32, ReadError> {
    u32::try_from(n).ok().filter(|&n| n != NONE).ok_or_else(|| {
        ReadError::Io(io::Error::other(
            "a long-format file with more than 4,294,967,294 answers, visits or bytes in one cell",
        ))
    })
}
