//! Sheet "Alerts": every hot alert of the focus month (SCORING.md §8) in input order: a
//! visit with a critical failure, or scoring below `alert_below`, with what failed and
//! what the shopper wrote (wrapped in its column). The same rows as alerts.csv, at most
//! [`MAX_LISTED`]; the Summary sheet shows the first few. Left out when there is none.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{Columns, Listing, MAX_LISTED, fit, number, row};
use super::text::put_in;
use super::view::View;
use crate::report::follow_up_text::{Digits, describe};

/// The widths of the columns that wrap.
const WHY: f64 = 24.0;
const FAILED: f64 = 30.0;
const COMMENTS: f64 = 50.0;

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    let f = &v.summary.follow_up;
    if f.alerts.is_empty() {
        return Ok(None);
    }
    let (st, l) = (&v.styles, Listing::new());
    let mut ws = Worksheet::new();
    ws.set_name("Alerts")?;
    let listed = &f.alerts[..f.alerts.len().min(MAX_LISTED)];
    let mut cols = Columns::default();
    cols.add("Store", fit(listed.iter().map(|a| a.location.as_str()), 14.0, 30.0));
    cols.add("Region", fit(listed.iter().map(|a| a.region.as_str()), 8.0, 20.0));
    cols.add("Date", 11.0);
    cols.add("Visit ID", fit(listed.iter().map(|a| a.visit_id.as_str()), 10.0, 24.0));
    cols.add("Shopper", fit(listed.iter().map(|a| a.shopper.as_str()), 8.0, 20.0));
    cols.add("Score", 8.0);
    cols.add("Why", WHY);
    cols.add("What failed", FAILED);
    cols.add("What the shopper wrote", COMMENTS);
    cols.add("File", fit(listed.iter().map(|a| a.file.as_str()), 10.0, 30.0));
    cols.add("Line", 7.0);
    cols.write(&mut ws, 0, st)?;
    for (i, a) in listed.iter().enumerate() {
        let r = row(i + 1);
        let (why, failed, comments) = describe(v.rubric, f.rules.alert_below, a, Digits::One);
        let comments = comments.replace(" | ", "\n");
        for (c, text) in [(0, View::label(&a.location)), (1, a.region.clone()), (2, a.date.clone())] {
            put_in(&mut ws, r, c, &text, &l.text)?;
        }
        put_in(&mut ws, r, 3, &a.visit_id, &l.text)?;
        put_in(&mut ws, r, 4, &a.shopper, &l.text)?;
        number(&mut ws, r, 5, a.score, &l.score)?;
        put_in(&mut ws, r, 6, &why, &l.indent)?;
        put_in(&mut ws, r, 7, &failed, &l.wrap)?;
        put_in(&mut ws, r, 8, &comments, &l.wrap)?;
        put_in(&mut ws, r, 9, &a.file, &l.text)?;
        ws.write_number_with_format(r, 10, a.line as f64, &l.count)?;
        Listing::fit_row(&mut ws, r, &[(&why, WHY), (&failed, FAILED), (&comments, COMMENTS)])?;
    }
    Listing::end(&mut ws, listed.len(), f.alerts.len(), 10, "alerts.csv")?;
    Ok(Some(ws))
}
