//! Sheet 6, Visits: one row per visit in input order: where it came from, its scores as in
//! visits.csv, then every answer and comment exactly as the shopper wrote it.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::long_sheet::{Cell, Column, Limits, LongSheet};
use super::style::Styles;
use crate::report::ScoredVisit;
use crate::rubric::Rubric;

/// Excel's longest table column name.
const HEADER_CHARS: usize = 255;

pub struct VisitsSheet {
    pub sheet: LongSheet,
    /// Per question: whether the rubric names a comment column for it.
    comments: Vec<bool>,
}

impl VisitsSheet {
    pub fn new(rubric: &Rubric, limits: Limits) -> VisitsSheet {
        let fixed = [
            ("File", 16.0),
            ("Line", 7.0),
            ("Visit ID", 14.0),
            ("Date", 11.0),
            ("Period", 9.0),
            ("Location", 22.0),
            ("Region", 12.0),
            ("Shopper", 11.0),
            ("Channel", 11.0),
            ("Score", 8.0),
            ("Grade", 12.0),
            ("Critical failures", 9.0),
        ];
        let mut columns: Vec<(String, f64, bool)> =
            fixed.iter().map(|(h, w)| (h.to_string(), *w, *h == "Score")).collect();
        columns.extend(rubric.sections.iter().map(|s| (s.title.clone(), 12.0, true)));
        for q in &rubric.questions {
            columns.push((q.column.clone(), 14.0, false));
            if let Some(c) = &q.comment {
                columns.push((c.clone(), 30.0, false));
            }
        }
        let headers = unique(columns.iter().map(|(h, _, _)| h.as_str()));
        let columns = headers
            .into_iter()
            .zip(columns)
            .map(|(header, (_, width, scores))| Column { header, width, scores })
            .collect();
        let comments = rubric.questions.iter().map(|q| q.comment.is_some()).collect();
        VisitsSheet { sheet: LongSheet::new("Visits", columns, limits), comments }
    }

    /// How many columns a visit row has.
    pub fn width(rubric: &Rubric) -> usize {
        let comments = rubric.questions.iter().filter(|q| q.comment.is_some()).count();
        12 + rubric.sections.len() + rubric.questions.len() + comments
    }

    pub fn push(&mut self, wb: &mut Workbook, v: &ScoredVisit, styles: &Styles) -> Result<(), XlsxError> {
        let visit = v.visit;
        let opt = |s: Option<f64>| s.map_or(Cell::Blank, Cell::Score);
        let mut cells = Vec::with_capacity(12 + v.score.sections.len() + 2 * self.comments.len());
        cells.extend([
            Cell::Text(v.file),
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
            Cell::Number(f64::from(v.score.critical_failures)),
        ]);
        cells.extend(v.score.sections.iter().map(|s| opt(*s)));
        for (i, has_comment) in self.comments.iter().enumerate() {
            cells.push(Cell::Text(visit.cells.get(i).map_or("", String::as_str)));
            if *has_comment {
                cells.push(Cell::Text(visit.comments.get(i).map_or("", String::as_str)));
            }
        }
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
