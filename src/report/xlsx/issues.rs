//! Sheet 7, Issues: the data issues exactly as issues.csv lists them (same columns, same
//! order), filterable, so bad reports can go back to the shoppers from Excel.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::long_sheet::{Cell, Column, Limits, LongSheet};
use super::style::Styles;
use crate::issue::Issue;

pub struct IssuesSheet {
    pub sheet: LongSheet,
}

impl IssuesSheet {
    pub fn new(limits: Limits) -> IssuesSheet {
        let columns =
            [("file", 18.0), ("line", 7.0), ("visit_id", 14.0), ("column", 22.0), ("value", 24.0), ("problem", 80.0)]
                .map(|(header, width)| Column { header: header.to_string(), width, scores: false });
        IssuesSheet { sheet: LongSheet::new("Issues", columns.into(), limits) }
    }

    pub fn push(&mut self, wb: &mut Workbook, i: &Issue, styles: &Styles) -> Result<(), XlsxError> {
        let cells = [
            Cell::Text(&i.file),
            Cell::Number(i.line as f64),
            Cell::Text(&i.visit_id),
            Cell::Text(&i.column),
            Cell::Text(&i.value),
            Cell::Text(&i.problem),
        ];
        self.sheet.push(wb, &cells, styles)
    }

    pub fn finish(self, wb: &mut Workbook, styles: &Styles) -> Result<Vec<Worksheet>, XlsxError> {
        self.sheet.finish(wb, styles)
    }
}
