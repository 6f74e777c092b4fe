//! Reading a row: [`Input::next_row`] reads the next record, and [`RowReader`] makes it
//! a visit (its fields, date and period, each answer, the text kept for the workbook)
//! with its data issues, or a row that is not a visit (wrong field count, no visit id).

use super::answer;
use super::cells::{Fields, trim};
use super::columns::Columns;
use super::error::InputError;
use super::input::{Input, RunDates};
use super::not_a_visit::{EXCEL_CELL_UNITS, not_a_visit};
use super::swallowed::swallowed_rows;
use super::visit::{Visit, set};
use super::{date_hint, issues, known, utf8, version, workbook};
use crate::date;
use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;

/// What one row turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Row {
    Visit,
    /// Not a visit: its issue is in the issue buffer; it is not scored.
    NotAVisit,
}

impl Input {
    /// Reads the next row into `visit`, pushing its data issues onto `issues`.
    /// `None` at the end of the file.
    pub fn next_row(
        &mut self,
        rubric: &Rubric,
        visit: &mut Visit,
        issues: &mut Vec<Issue>,
    ) -> Result<Option<Row>, InputError> {
        let (file, line) = (&self.path, self.reader.line());
        if self.reader.not_a_visit(issues).map_err(|e| InputError::reading(file, line, e))? {
            (self.rows, self.undated) = (self.rows + 1, self.undated + 1);
            return Ok(Some(Row::NotAVisit));
        }
        let record = self.reader.next_record().map_err(|e| InputError::reading(file, line, e))?;
        let Some(record) = record else { return Ok(None) };
        self.rows += 1;
        let row = RowReader {
            name: &self.name,
            columns: &self.columns,
            known: &self.known,
            versions: &self.versions,
            delimiter: self.sniffed.delimiter,
            keep_text: self.keep_text,
            dates: self.dates,
            above: date_hint::Above { dated: self.rows.saturating_sub(1 + self.undated), one_way: self.one_way },
        };
        let (line, from) = (record.line, issues.len());
        let row = row.read(rubric, &Fields::new(&record), (record.line, record.last_line), visit, issues);
        let marks = self.reader.marks();
        if !marks.is_empty() {
            let visit_id = if row == Row::Visit { visit.visit_id.as_str() } else { "" };
            let at = workbook::marks::At { file: &self.name, line, visit_id };
            workbook::marks::cell_issues(marks, &self.columns, &at, from, issues);
        }
        self.reader.place(&self.columns.headers, issues, from);
        if row == Row::NotAVisit || visit.day.is_none() {
            self.undated += 1;
        } else if !self.one_way && visit.day.is_some_and(|d| chrono::Datelike::day(&d) > 12) {
            self.one_way = true;
        }
        Ok(Some(row))
    }
}

/// [`Input::next_row`] once the record is read: what it needs of its [`Input`], which
/// is all but the record reader (it holds the row).
struct RowReader<'a> {
    name: &'a str,
    columns: &'a Columns,
    known: &'a known::Known,
    /// Each rubric version's columns and known answers ([`Input`]'s).
    versions: &'a [(Columns, known::Known)],
    delimiter: u8,
    keep_text: bool,
    dates: Option<RunDates>,
    /// The records above this one whose date read.
    above: date_hint::Above,
}

impl RowReader<'_> {
    /// `lines`: the physical lines the record starts and ends on.
    fn read(
        &self,
        rubric: &Rubric,
        fields: &Fields,
        lines: (u64, u64),
        visit: &mut Visit,
        issues: &mut Vec<Issue>,
    ) -> Row {
        let line = lines.0;
        if let Some(issue) = swallowed_rows(fields, self.delimiter, &self.columns.headers, lines) {
            issues.push(Issue { file: self.name.to_string(), ..issue });
        }
        let cols = self.columns;
        let shape = (cols.headers.len(), cols.visit_id);
        if not_a_visit(self.name, fields, self.delimiter, shape, line, issues) {
            return Row::NotAVisit;
        }
        let id = fields.cell(cols.visit_id);
        let id = trim(&id);
        if fields.text.is_none() {
            self.invalid_utf8(fields, line, id, issues);
        }
        visit.line = line;
        set(&mut visit.visit_id, id);
        let cell = |i: usize| fields.cell(i);
        let opt = |i: Option<usize>| i.map(|i| fields.cell(i)).unwrap_or_default();
        set(&mut visit.location, trim(&cell(cols.location)));
        set(&mut visit.region, trim(&opt(cols.region)));
        if !cols.levels.is_empty() {
            visit.levels.resize_with(cols.levels.len(), String::new);
            for (cell, &c) in visit.levels.iter_mut().zip(&cols.levels) {
                set(cell, trim(&fields.cell(c)));
            }
        }
        set(&mut visit.shopper, trim(&opt(cols.shopper)));
        set(&mut visit.channel, trim(&opt(cols.channel)));
        set(&mut visit.date, trim(&cell(cols.date)));
        visit.period.clear();
        visit.day = date::day(&visit.date, &rubric.date_format);
        if let (Some(d), Some(dates)) = (visit.day, self.dates)
            && d > dates.latest
        {
            visit.day = None;
        }
        visit.minutes = cols.time.and_then(|c| date::minutes(&cell(c)));
        if let Some(c) = cols.replaces {
            set(&mut visit.replaces, trim(&cell(c)));
        }
        match visit.day {
            Some(d) => date::write_period(&mut visit.period, chrono::Datelike::year(&d), chrono::Datelike::month(&d)),
            None => visit.period.push_str(date::UNKNOWN_PERIOD),
        }
        let version_cell = cols.version_date.map(&cell);
        let version_day = version::day(rubric, version_cell.as_deref(), visit, self.dates.map(|d| d.latest));
        let chosen = rubric.version_on(version_day);
        visit.version = chosen.ok();
        // A visit before the first version is read as the latest reads it (its issues
        // are the record's; it is not scored).
        let reading = chosen.unwrap_or(rubric.versions.len().saturating_sub(1));
        let (own, own_cols, own_known) = match (rubric.versions.get(reading), self.versions.get(reading)) {
            (Some(v), Some((c, k))) if rubric.versioned() => (&v.rubric, c, k),
            _ => (rubric, cols, self.known),
        };
        self.answers(own, own_cols, own_known, fields, visit);
        if self.keep_text {
            self.kept_text(fields, visit);
        }
        let at = issues::Place { file: self.name, dates: self.dates, above: self.above };
        issues::visit_issues(own, own_cols, &at, visit, &cell, issues);
        let column = &cols.headers[cols.version_date.unwrap_or(cols.date)];
        let (version_cell, place) = (version_cell.as_deref(), (&*visit, self.above, self.name));
        version::issues(rubric, (chosen, version_day), (column, version_cell), place, issues);
        if rubric.versioned()
            && let Some(v) = rubric.versions.get(reading)
        {
            version::place(v, visit);
        }
        // UTF-16 units never outnumber UTF-8 bytes: only rows this long hold a long cell.
        if fields.all.len() > EXCEL_CELL_UNITS {
            for &c in &cols.used {
                self.long_cell(fields, c, visit, issues);
            }
        }
        Row::Visit
    }

    /// The answers of `rubric`'s questions (one version's, with two or more) into `visit`,
    /// in its order, read through its `columns` and `known` answers.
    #[inline]
    fn answers(&self, rubric: &Rubric, cols: &Columns, known: &known::Known, fields: &Fields, visit: &mut Visit) {
        let cell = |i: usize| fields.cell(i);
        let opt = |i: Option<usize>| i.map(|i| fields.cell(i)).unwrap_or_default();
        visit.answers.clear();
        visit.answers.resize(rubric.questions.len(), answer::Answer::Missing);
        let n = if self.keep_text { rubric.questions.len() } else { 0 };
        visit.cells.resize_with(n, String::new);
        // Comments on failed answers are always kept: alerts and actions quote them.
        let comments = if n > 0 || cols.comments.iter().any(Option::is_some) { rubric.questions.len() } else { 0 };
        visit.comments.resize_with(comments, String::new);
        for ((i, q), slot) in rubric.questions.iter().enumerate().zip(visit.answers.iter_mut()) {
            let col = cols.answers[i];
            // The common answers are found from the bytes and copied from the table in one
            // move (a value built first would be stored in parts and read back whole, which
            // stalls); the rest are decoded and parsed.
            match known.get_in(i, fields.all, fields.range(col)) {
                Some(known) => *slot = *known,
                None => *slot = answer::parse(q, &cell(col)),
            }
            if self.keep_text {
                set(&mut visit.cells[i], &cell(col));
                set(&mut visit.comments[i], &opt(cols.comments[i]));
            } else if let (Some(c), Some(text)) = (cols.comments[i], visit.comments.get_mut(i)) {
                match *slot {
                    answer::Answer::Scored(f) if f < 1.0 => set(text, &fields.cell(c)),
                    _ => text.clear(),
                }
            }
        }
    }

    /// The `fields.keep` cells (a narrative) into `visit`, for the workbook. Out of line:
    /// the per-row code stays as it was for runs that keep no text.
    #[inline(never)]
    fn kept_text(&self, fields: &Fields, visit: &mut Visit) {
        visit.kept.resize_with(self.columns.keep.len(), String::new);
        for (slot, &c) in visit.kept.iter_mut().zip(&self.columns.keep) {
            set(slot, &fields.cell(c));
        }
    }

    /// Each cell the run reads that holds bytes that are not UTF-8, as an issue: the cell
    /// is read with U+FFFD in their place.
    fn invalid_utf8(&self, fields: &Fields, line: u64, visit_id: &str, issues: &mut Vec<Issue>) {
        for &c in &self.columns.used {
            let bytes = fields.bytes(c);
            let n = utf8::bad_sequences(bytes);
            if n > 0 {
                issues.push(Issue {
                    file: self.name.to_string(),
                    line,
                    visit_id: visit_id.to_string(),
                    column: self.columns.headers[c].clone(),
                    value: utf8::excerpt(bytes),
                    kind: IssueKind::InvalidUtf8,
                    problem: format!(
                        "{n} byte sequence(s) here are not UTF-8 (shown as \\xHH): read as U+FFFD (\u{fffd}); retype the text, or save the file as CSV UTF-8"
                    ),
                });
            }
        }
    }

    /// A cell longer than Excel holds, as an issue: the workbook shows it cut.
    fn long_cell(&self, fields: &Fields, c: usize, visit: &Visit, issues: &mut Vec<Issue>) {
        let bytes = fields.bytes(c);
        let units = if bytes.len() > EXCEL_CELL_UNITS { utf8::text(bytes).encode_utf16().count() } else { 0 };
        if units > EXCEL_CELL_UNITS {
            issues.push(Issue {
                file: self.name.to_string(),
                line: visit.line,
                visit_id: visit.visit_id.clone(),
                column: self.columns.headers[c].clone(),
                value: utf8::text(bytes).chars().take(80).chain("…".chars()).collect(),
                kind: IssueKind::CellTooLong,
                problem: format!("the cell holds {units} characters (UTF-16 units, as Excel counts them), more than an Excel cell's {EXCEL_CELL_UNITS}; the workbook shows it cut, the scores use it whole"),
            });
        }
    }
}
