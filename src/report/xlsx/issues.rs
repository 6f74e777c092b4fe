//! Sheet 7, Issues: the data issues as issues.csv lists them (same columns, same order,
//! headed as the Visits sheet heads them; the file by its name, [`super::files`]),
//! filterable, so bad reports can go back to the shoppers from Excel; and their count per
//! shopper ([`super::by_shopper`]).

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::by_shopper::ShopperTally;
use super::cell::Cell;
use super::long_sheet::{Column, Limits, LongSheet};
use super::style::Styles;
use crate::ingest::Visit;
use crate::issue::Issue;

pub struct IssuesSheet {
    pub sheet: LongSheet,
    shoppers: ShopperTally,
    rows: u32,
}

impl IssuesSheet {
    pub fn new(limits: Limits) -> IssuesSheet {
        let columns = vec![
            Column::new("File", 10.0),
            Column::new("Line", 7.0).centered(),
            Column::new("Visit ID", 10.0),
            Column::new("Location", 12.0),
            Column::new("Shopper", 9.0),
            Column::new("Kind", 12.0),
            Column::new("Column", 10.0),
            Column::new("Value", 10.0).wrapped(30.0),
            Column::new("Problem", 30.0).wrapped(70.0),
        ];
        IssuesSheet {
            sheet: LongSheet::new("Issues", columns, limits),
            shoppers: ShopperTally::default(),
            rows: limits.sheet_rows,
        }
    }

    /// `file`: the input as the sheet names it; `visit`: the visit the issue is on.
    pub fn push(
        &mut self,
        wb: &mut Workbook,
        i: &Issue,
        file: &str,
        visit: Option<&Visit>,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        self.shoppers.add(i, visit);
        let (location, shopper) = visit.map_or(("", ""), |v| (v.location.as_str(), v.shopper.as_str()));
        let cells = [
            Cell::Text(file),
            Cell::Number(i.line as f64),
            Cell::Text(&i.visit_id),
            Cell::Text(location),
            Cell::Text(shopper),
            Cell::Text(i.kind.as_str()),
            Cell::Text(&i.column),
            Cell::Text(&i.value),
            Cell::Text(&i.problem),
        ];
        self.sheet.push(wb, &cells, styles)
    }

    /// The Issues sheets, then "Issues by shopper" when any issue names a shopper.
    pub fn finish(self, wb: &mut Workbook, styles: &Styles) -> Result<Vec<Worksheet>, XlsxError> {
        let mut sheets = self.sheet.finish(wb, styles)?;
        sheets.extend(self.shoppers.sheet(wb, styles, self.rows)?);
        Ok(sheets)
    }
}
