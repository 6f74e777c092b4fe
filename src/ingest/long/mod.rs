//! Long-format inputs (`layout: long`): one row per answer, the visit fields repeated on
//! each, then the question and its answer (and a comment). [`LongRows`] wraps any inner
//! reader of records ([`Rows`]: CSV text, or a workbook's sheet): it maps the long header ([`shape`]),
//! gives the input a wide header (the visit fields, then each question's column and
//! comment column), and at its first record reads every row and groups them by visit id
//! ([`store`]). Then it hands out one wide record per visit, in the order of the visits'
//! first rows, each at its first row's line, as a wide file's row would be read.
//!
//! What a wide file cannot have is a data issue with its line: a later row whose visit
//! field disagrees with the first row's (the first is kept), a question answered twice
//! (the first is kept), a question cell naming no question (the row is not used), as well
//! as the rows that are not visits (no visit id, a wrong field count). A visit's issues are
//! handed out with it ([`LongRows::place`]); a row that is not a visit is handed out in
//! its place among the visits by line ([`LongRows::not_a_visit`]). An issue about an
//! answer (invalid, N/A not allowed, a missing comment) names the line of the answer's
//! own row: the record keeps a line per cell.

mod shape;
mod store;

use std::path::Path;

use super::columns::Columns;
use super::error::InputError;
use super::records::{ReadError, Record};
use crate::issue::{Issue, IssueKind};
use crate::rubric::{LongLayout, Rubric};
use shape::Shape;
use store::{Context, NONE, Store};

/// Where a long-format input's rows come from: any kind of input's records (the input
/// module's reader implements it).
pub(super) trait Rows: Send {
    /// The next record, or `None` at the end.
    fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError>;
    /// The line the next record starts on or after.
    fn line(&self) -> u64;
    /// How far the read has gone, for progress.
    fn position(&self) -> u64;
    /// The long file's header is mapped (a sheet reads date and answer cells by column).
    fn map(&mut self, columns: &Columns, date_format: &str);
}

/// A long-format input's records, as visits.
pub(super) struct LongRows {
    inner: Box<dyn Rows>,
    shape: Shape,
    /// The file as issues name it.
    name: String,
    delimiter: u8,
    /// Every row, grouped, once the first record is asked for.
    store: Option<Store>,
    /// The next visit and row that is not a visit to hand out, and the next visit issue.
    next_visit: usize,
    next_bad: usize,
    next_issue: usize,
    /// The record handed out: its text and its fields' bounds in it.
    out: Vec<u8>,
    bounds: Vec<(usize, usize)>,
    /// Per cell of the record handed out, the line of the row it comes from and, for an
    /// answer or comment given, the long file's column it was in.
    lines: Vec<(u64, Option<usize>)>,
    /// The line of the record handed out.
    line: u64,
    /// Its visit's grouping issues, for [`LongRows::place`].
    pending: Vec<Issue>,
    /// Per wide cell, scratch: the answer chosen for it.
    chosen: Vec<u32>,
    /// Per answer and comment cell, scratch: its text in the arena, its row's line and
    /// its long column.
    cells: Vec<(usize, usize, (u64, Option<usize>))>,
}

impl LongRows {
    /// Wraps `inner`, whose header (`headers`) is read, for `rubric`'s `layout`; returns the
    /// wide header the input's columns are mapped from.
    pub fn wrap(
        path: &Path,
        inner: Box<dyn Rows>,
        delimiter: u8,
        rubric: &Rubric,
        layout: &LongLayout,
        headers: Vec<String>,
    ) -> Result<(LongRows, Vec<String>), InputError> {
        let shape = Shape::new(path, rubric, layout, headers)?;
        let wide = shape.wide.clone();
        let rows = LongRows {
            inner,
            shape,
            name: path.display().to_string(),
            delimiter,
            store: None,
            next_visit: 0,
            next_bad: 0,
            next_issue: 0,
            out: Vec::new(),
            bounds: Vec::new(),
            lines: Vec::new(),
            line: 0,
            pending: Vec::new(),
            chosen: Vec::new(),
            cells: Vec::new(),
        };
        Ok((rows, wide))
    }

    /// Every row read and grouped (once), into `store`.
    fn grouped(&mut self) -> Result<(), ReadError> {
        if self.store.is_none() {
            let at = Context { shape: &self.shape, name: &self.name, delimiter: self.delimiter };
            self.store = Some(Store::read(self.inner.as_mut(), &at)?);
        }
        Ok(())
    }

    /// The issues of the next row that is not a visit onto `issues`, when it comes before
    /// the next visit's first row (or after the last visit): `true` if there was one.
    pub fn not_a_visit(&mut self, issues: &mut Vec<Issue>) -> Result<bool, ReadError> {
        self.grouped()?;
        let Some(store) = self.store.as_ref() else { return Ok(false) };
        let Some(line) = store.bad.get(self.next_bad).map(|b| b.line) else { return Ok(false) };
        if store.visits.get(self.next_visit).is_some_and(|v| v.line < line) {
            return Ok(false);
        }
        // Its issues share its line: a runaway quote's, the row's own, a cut cell's.
        while let Some(issue) = store.bad.get(self.next_bad).filter(|b| b.line == line) {
            issues.push(issue.clone());
            self.next_bad += 1;
        }
        Ok(true)
    }

    /// The next visit as a wide record (rows that are not visits passed over: see
    /// [`LongRows::not_a_visit`]), or `None` after the last.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        self.grouped()?;
        let Some(store) = self.store.as_ref() else { return Ok(None) };
        let Some(visit) = store.visits.get(self.next_visit) else {
            self.next_bad = store.bad.len();
            return Ok(None);
        };
        while store.bad.get(self.next_bad).is_some_and(|b| b.line < visit.line) {
            self.next_bad += 1;
        }
        let (shape, v) = (&self.shape, self.next_visit as u32);
        self.next_visit += 1;
        self.line = visit.line;
        self.pending.clear();
        while let Some((_, issue)) = store.issues.get(self.next_issue).filter(|(w, _)| *w == v) {
            self.pending.push(issue.clone());
            self.next_issue += 1;
        }
        // The first answer of each slot; a later one is an issue.
        let fixed = shape.fixed.len();
        self.chosen.clear();
        self.chosen.resize(shape.wide.len(), NONE);
        let mut a = visit.first;
        while let Some(row) = store.answers.get(a as usize) {
            let slot = row.slot as usize;
            match self.chosen[slot] {
                NONE => self.chosen[slot] = a,
                first => self.pending.push(duplicate(store, shape, &self.name, v, (first, a))),
            }
            a = row.next;
        }
        self.pending.sort_by_key(|i| i.line);
        // The cells: the first row's visit fields, then each slot's answer or comment.
        let (out, bounds, lines) = (&mut self.out, &mut self.bounds, &mut self.lines);
        out.clear();
        bounds.clear();
        lines.clear();
        for p in 0..fixed {
            push(out, bounds, store.first_cell(v, p, fixed));
            lines.push((visit.line, None));
        }
        let cells = &mut self.cells;
        cells.clear();
        cells.resize(shape.wide.len() - fixed, (0, 0, (visit.line, None)));
        for slot in fixed..shape.wide.len() {
            let Some(row) = store.answers.get(self.chosen[slot] as usize) else { continue };
            let (text, answer, comment) = (row.text, row.answer as usize, row.comment as usize);
            cells[slot - fixed] = (text, text + answer, (row.line, Some(shape.answer)));
            if let Some(c) = shape.comment_of[slot] {
                cells[c - fixed] = (text + answer, text + answer + comment, (row.line, shape.comment));
            }
        }
        for &(a, b, line) in cells.iter() {
            push(out, bounds, &store.arena[a..b]);
            lines.push(line);
        }
        Ok(Some(Record { line: visit.line, last_line: visit.line, bytes: &self.out, bounds: &self.bounds }))
    }

    /// Once the record handed out is read: the issues it gave (`issues[from..]`) about an
    /// answer or comment given on a row moved to that row's line and named by the long
    /// file's column, and the visit's grouping issues added after them. `headers` is the
    /// wide header. (A question never answered keeps the visit's line and its own column.)
    pub fn place(&mut self, headers: &[String], issues: &mut Vec<Issue>, from: usize) {
        for issue in issues.iter_mut().skip(from).filter(|i| i.line == self.line && !i.column.is_empty()) {
            let Some(&(line, long)) = headers.iter().position(|h| *h == issue.column).and_then(|c| self.lines.get(c))
            else {
                continue;
            };
            issue.line = line;
            if let Some(c) = long {
                issue.column.clone_from(&self.shape.long_headers[c]);
            }
        }
        issues.append(&mut self.pending);
    }

    /// The input's (wide) header is mapped to `wide`: the inner reader gets the same
    /// mapping of the long file's columns (a visit field where the wide one is, every
    /// answer the answer column, every comment the comment column).
    pub fn map(&mut self, wide: &Columns, date_format: &str) {
        let shape = &self.shape;
        let to = |w: usize| match shape.fixed.get(w) {
            Some(&c) => c,
            None if shape.slot_ids.get(w).is_some_and(|id| !id.is_empty()) => shape.answer,
            None => shape.comment.unwrap_or(shape.answer),
        };
        let mut used: Vec<usize> = wide.used.iter().map(|&w| to(w)).collect();
        used.sort_unstable();
        used.dedup();
        let long = Columns {
            headers: shape.long_headers.clone(),
            visit_id: to(wide.visit_id),
            location: to(wide.location),
            date: to(wide.date),
            region: wide.region.map(to),
            shopper: wide.shopper.map(to),
            channel: wide.channel.map(to),
            time: wide.time.map(to),
            version_date: wide.version_date.map(to),
            answers: wide.answers.iter().map(|&w| to(w)).collect(),
            comments: wide.comments.iter().map(|c| c.map(to)).collect(),
            keep: wide.keep.iter().map(|&w| to(w)).collect(),
            replaces: wide.replaces.map(to),
            levels: wide.levels.iter().map(|&w| to(w)).collect(),
            used,
        };
        self.inner.map(&long, date_format);
    }

    /// The line reached, for errors that stop the read.
    pub fn line(&self) -> u64 {
        self.inner.line()
    }

    /// How far the read has gone, in the inner reader's units: its position while rows
    /// are grouped, then the share of the records handed out.
    pub fn position(&self) -> u64 {
        let Some(store) = &self.store else { return self.inner.position() };
        let total = (store.visits.len() + store.bad.len()).max(1) as u128;
        let handed = (self.next_visit + self.next_bad) as u128;
        u64::try_from(u128::from(store.end) * handed / total).unwrap_or(store.end)
    }
}

/// A field of the record handed out.
fn push(out: &mut Vec<u8>, bounds: &mut Vec<(usize, usize)>, cell: &[u8]) {
    let start = out.len();
    out.extend_from_slice(cell);
    bounds.push((start, out.len()));
}

/// The issue of answer `again` of visit `v` to the slot its answer `first` already gave
/// (the first kept).
fn duplicate(store: &Store, shape: &Shape, name: &str, v: u32, (first, again): (u32, u32)) -> Issue {
    let text = |a: u32| {
        let row = &store.answers[a as usize];
        super::utf8::text(&store.arena[row.text..row.text + row.answer as usize]).into_owned()
    };
    let (kept, row) = (text(first), &store.answers[again as usize]);
    let id = shape.fixed.iter().position(|&c| c == shape.visit_id).map(|p| store.first_cell(v, p, shape.fixed.len()));
    Issue {
        file: name.to_string(),
        line: row.line,
        visit_id: super::utf8::text(id.unwrap_or_default().trim_ascii()).into_owned(),
        column: shape.long_headers[shape.answer].clone(),
        value: text(again),
        kind: IssueKind::DuplicateAnswer,
        problem: format!(
            "question {} is answered a second time for this visit (first on line {}: `{}`); the first answer is kept",
            shape.slot_ids[row.slot as usize],
            store.answers[first as usize].line,
            kept.trim()
        ),
    }
}

#[cfg(test)]
mod tests;
