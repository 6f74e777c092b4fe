//! Sheet "Alerts": every hot alert of the focus month (SCORING.md §8) in input order: a
//! visit with a critical failure, or scoring below `alert_below`, with what failed and
//! what the shopper wrote (last, one line per alert, so long comments run on to the right). The same rows as alerts.csv; the Summary sheet shows the first
//! few. Left out when there is none.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{Columns, fit, row, score};
use super::text::{put, put_in};
use super::view::View;
use crate::report::follow_up_text::{Digits, describe};

/// The most rows the sheet lists (Excel's limit is 1,048,576); alerts.csv has the rest.
pub const MAX_LISTED: usize = 100_000;

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    let f = &v.summary.follow_up;
    if f.alerts.is_empty() {
        return Ok(None);
    }
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Alerts")?;
    let words: Vec<(String, String, String)> =
        f.alerts.iter().take(MAX_LISTED).map(|a| describe(v.rubric, f.rules.alert_below, a, Digits::One)).collect();
    let failed: Vec<String> = words.iter().map(|w| w.1.clone()).collect();
    let mut cols = Columns::default();
    cols.add("Store", fit(f.alerts.iter().map(|a| a.location.as_str()), 14.0, 30.0));
    cols.add("Region", fit(f.alerts.iter().map(|a| a.region.as_str()), 8.0, 20.0));
    cols.add("Date", 11.0);
    cols.add("Visit ID", fit(f.alerts.iter().map(|a| a.visit_id.as_str()), 10.0, 24.0));
    cols.add("Shopper", fit(f.alerts.iter().map(|a| a.shopper.as_str()), 8.0, 20.0));
    cols.add("Score", 8.0);
    cols.add("Why", 24.0);
    cols.add("What failed", fit(failed.iter().map(String::as_str), 14.0, 40.0));
    cols.add("File", fit(f.alerts.iter().map(|a| a.file.as_str()), 10.0, 30.0));
    cols.add("Line", 7.0);
    cols.add("What the shopper wrote", 60.0);
    cols.write(&mut ws, 0, st)?;
    for ((i, a), (why, failed, comments)) in f.alerts.iter().enumerate().zip(&words).take(MAX_LISTED) {
        let r = row(i + 1);
        put(&mut ws, r, 0, &View::label(&a.location), st)?;
        put(&mut ws, r, 1, &a.region, st)?;
        put(&mut ws, r, 2, &a.date, st)?;
        put(&mut ws, r, 3, &a.visit_id, st)?;
        put(&mut ws, r, 4, &a.shopper, st)?;
        score(&mut ws, r, 5, a.score, st)?;
        put_in(&mut ws, r, 6, why, &st.indent)?;
        put(&mut ws, r, 7, failed, st)?;
        put(&mut ws, r, 8, &a.file, st)?;
        ws.write_number(r, 9, a.line as f64)?;
        put_in(&mut ws, r, 10, comments, &st.indent)?;
    }
    let listed = f.alerts.len().min(MAX_LISTED);
    ws.autofilter(0, 0, row(listed), 10)?;
    if f.alerts.len() > listed {
        ws.write_string(
            row(listed + 2),
            0,
            format!("and {} more: alerts.csv lists every one", f.alerts.len() - listed),
        )?;
    }
    Ok(Some(ws))
}
