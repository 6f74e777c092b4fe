//! Sheet 6, Visits: one row per visit in input order: where it came from (the file by its
//! name, [`super::files`]), its scores as in visits.csv, then every answer and comment
//! exactly as the shopper wrote it, then the rubric's kept text (`fields.keep`: a
//! narrative, a receipt number), headed by its column names. With two or more rubric
//! versions a Version column follows Grade, and a question the visit's version does not
//! ask has blank cells. With a corrections file or re-shops, their marks follow (as in
//! visits.csv: Corrected, Status, Score as shot, Replaced by), and with corrections the
//! answers are the corrected ones (the Corrections sheet shows each as shot).

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::cell::Cell;
use super::long_sheet::{Column, Limits, LongSheet};
use super::style::Styles;
use crate::rubric::Rubric;
use crate::sink::{MarkColumns, ScoredVisit};

/// The marks' columns after Grade, each where the run has it ([`MarkColumns::each`]).
const MARKS: [(&str, f64); 4] = [("Corrected", 10.0), ("Status", 9.0), ("Score as shot", 8.0), ("Replaced by", 10.0)];

/// Excel's longest table column name.
const HEADER_CHARS: usize = 255;

pub struct VisitsSheet {
    pub sheet: LongSheet,
    /// Per question: whether the rubric names a comment column for it.
    comments: Vec<bool>,
    /// How many `fields.keep` columns follow the answers.
    kept: usize,
    /// The marks' columns the run has (a corrections file's, a re-shop's).
    marks: MarkColumns,
    /// The rubric versions' labels, by index; empty with one rubric file (no column).
    versions: Vec<String>,
}

/// Comments wrap at this width (Excel's character units), kept text at [`KEPT_WIDTH`].
const COMMENT_WIDTH: f64 = 40.0;
const KEPT_WIDTH: f64 = 60.0;

impl VisitsSheet {
    pub fn new(rubric: &Rubric, limits: Limits, marks: MarkColumns) -> VisitsSheet {
        let fixed = [
            ("File", 10.0),
            ("Line", 7.0),
            ("Visit ID", 10.0),
            ("Date", 11.0),
            ("Period", 9.0),
            ("Location", 12.0),
            ("Region", 9.0),
            ("Shopper", 9.0),
            ("Channel", 9.0),
            ("Score", 8.0),
            ("Grade", 8.0),
        ];
        let versions = rubric.version_labels();
        let mut columns: Vec<Column> = fixed
            .iter()
            .chain(versions.first().map(|_| &("Version", 9.0)))
            .chain(&marks.each(MARKS).collect::<Vec<_>>())
            .chain(&[("Critical failures", 10.0)])
            .map(|(h, w)| match *h {
                "Score" | "Score as shot" => Column::new(*h, *w).scores(),
                "Line" | "Critical failures" => Column::new(*h, *w).centered(),
                _ => Column::new(*h, *w),
            })
            .collect();
        columns.extend(rubric.sections.iter().map(|s| Column::new(s.title.clone(), 10.0).scores()));
        for q in &rubric.questions {
            columns.push(Column::new(q.column.clone(), 10.0));
            if let Some(c) = &q.comment {
                columns.push(Column::new(c.clone(), 12.0).wrapped(COMMENT_WIDTH));
            }
        }
        columns.extend(rubric.fields.keep.iter().map(|k| Column::new(k.clone(), 12.0).wrapped(KEPT_WIDTH)));
        let headers = unique(columns.iter().map(|c| c.header.as_str()));
        let columns = headers.into_iter().zip(columns).map(|(header, c)| Column { header, ..c }).collect();
        let comments = rubric.questions.iter().map(|q| q.comment.is_some()).collect();
        let kept = rubric.fields.keep.len();
        VisitsSheet { sheet: LongSheet::new("Visits", columns, limits), comments, kept, marks, versions }
    }

    /// How many columns a visit row has (with a corrections file's marks).
    pub fn width(rubric: &Rubric, marks: MarkColumns) -> usize {
        let comments = rubric.questions.iter().filter(|q| q.comment.is_some()).count();
        let version = usize::from(rubric.versioned());
        let marks = marks.each(MARKS).count();
        12 + version + marks + rubric.sections.len() + rubric.questions.len() + comments + rubric.fields.keep.len()
    }

    /// `file`: the input as the sheet names it ([`super::files::FileNames`]).
    pub fn push(&mut self, wb: &mut Workbook, v: &ScoredVisit, file: &str, styles: &Styles) -> Result<(), XlsxError> {
        let visit = v.visit;
        let opt = |s: Option<f64>| s.map_or(Cell::Blank, Cell::Score);
        let mut cells = Vec::with_capacity(14 + v.score.sections.len() + 2 * self.comments.len() + self.kept);
        cells.extend([
            Cell::Text(file),
            Cell::Number(visit.line as f64),
            Cell::Text(&visit.visit_id),
            Cell::Text(&visit.date),
            Cell::Text(&visit.period),
            Cell::Text(&visit.location),
            Cell::Text(&visit.region),
            Cell::Text(&visit.shopper),
            Cell::Text(&visit.channel),
            opt(v.score.score),
            Cell::Text(v.grade.unwrap_or("")),
        ]);
        if !self.versions.is_empty() {
            cells.push(Cell::Text(visit.version.and_then(|i| self.versions.get(i)).map_or("", String::as_str)));
        }
        let m = v.marks;
        let marks = [
            Cell::Text(if m.corrected { "yes" } else { "" }),
            Cell::Text(m.standing.status()),
            opt(m.score_as_shot),
            Cell::Text(m.replaced_by),
        ];
        cells.extend(self.marks.each(marks));
        cells.push(Cell::Number(f64::from(v.score.critical_failures)));
        cells.extend(v.score.sections.iter().map(|s| opt(*s)));
        for (i, has_comment) in self.comments.iter().enumerate() {
            cells.push(Cell::Text(visit.cells.get(i).map_or("", String::as_str)));
            if *has_comment {
                cells.push(Cell::Text(visit.comments.get(i).map_or("", String::as_str)));
            }
        }
        cells.extend((0..self.kept).map(|i| Cell::Text(visit.kept.get(i).map_or("", String::as_str))));
        self.sheet.push(wb, &cells, styles)
    }

    pub fn finish(self, wb: &mut Workbook, styles: &Styles) -> Result<Vec<Worksheet>, XlsxError> {
        self.sheet.finish(wb, styles)
    }
}

/// Headers as a table needs them: unique ignoring case (a repeat gets ` (2)`, ...), at most
/// 255 characters, never blank.
pub fn unique<'a>(headers: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, h) in headers.enumerate() {
        let base: String = match h.trim() {
            "" => format!("Column {}", i + 1),
            h => h.chars().take(HEADER_CHARS - 6).collect(),
        };
        let mut name = base.clone();
        let mut n = 1;
        while !seen.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{base} ({n})");
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_unique_ignoring_case() {
        let got = unique(["Score", "score", "Q1", "", "Score"].into_iter());
        assert_eq!(got, ["Score", "score (2)", "Q1", "Column 4", "Score (3)"]);
    }
}
