//! The five year-to-date columns (docs/scoring.md §19) that the Locations sheet and each
//! level's sheet show when the run holds both spans: the year to date and its visits, last
//! year's same months and their visits, and the change (`new` when last year's months
//! hold no scored visit). One header set and one cell writer for every sheet.

use rust_xlsxwriter::{ColNum, Worksheet, XlsxError};

use crate::year_to_date::{Pair, YearToDate};

use super::style::{Styles, count, number, score};
use super::text::word;

/// One of the five columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YtdCol {
    Ytd,
    Visits,
    Last,
    LastVisits,
    Change,
}

/// The five columns in sheet order, each with its header and width.
pub fn headers(y: &YearToDate) -> [(YtdCol, String, f64); 5] {
    let (this, last) = (y.this.label(), y.last.label());
    [
        (YtdCol::Ytd, format!("Year to date {this}"), 10.0),
        (YtdCol::Visits, format!("Visits {this}"), 9.0),
        (YtdCol::Last, format!("Last year {last}"), 10.0),
        (YtdCol::LastVisits, format!("Visits {last}"), 9.0),
        (YtdCol::Change, "Year to date change".into(), 9.0),
    ]
}

/// The `kind` cell of a unit's pair `p` at (`r`, `c`); blank for a unit with no visit in
/// either span (`None`).
pub fn cell(
    ws: &mut Worksheet,
    r: u32,
    c: ColNum,
    kind: YtdCol,
    p: Option<&Pair>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let Some(p) = p else { return Ok(()) };
    match kind {
        YtdCol::Ytd => score(ws, r, c, p.this.score(), st),
        YtdCol::Visits => count(ws, r, c, p.this.visits),
        YtdCol::Last => score(ws, r, c, p.last.score(), st),
        YtdCol::LastVisits => count(ws, r, c, p.last.visits),
        YtdCol::Change if p.is_new() => word(ws, r, c, "new", st),
        YtdCol::Change => number(ws, r, c, p.change(), &st.change),
    }
}
