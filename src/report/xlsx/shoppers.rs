//! Sheet "Shoppers": how each shopper scores against the others at the same stores
//! (SCORING.md §8): visits, mean score, the deviation from the other shoppers' scores at
//! the same store in the same month with its 95% interval and the visits behind it, the
//! flag (lenient or severe: the interval clear of 0 and the deviation at least the margin),
//! the data issues on their visits, and with a corrections file their disputed visits.
//! For the agency, never on a card. Left out without a shopper column.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{Columns, count, fit, number, row, score};
use super::text::{put, word};
use super::view::View;

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    let f = &v.summary.follow_up;
    if f.shoppers.is_empty() {
        return Ok(None);
    }
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Shoppers")?;
    let disputes = f.shoppers.iter().any(|s| s.disputed.is_some());
    let mut cols = Columns::default();
    cols.add("Shopper", fit(f.shoppers.iter().map(|s| s.shopper.as_str()), 10.0, 30.0));
    cols.add("Visits", 8.0);
    cols.add("Scored visits", 8.0);
    cols.add("Mean score", 9.0);
    cols.add("Visits compared", 9.0);
    cols.add("Deviation (points)", 10.0);
    cols.add("95% interval low", 10.0);
    cols.add("95% interval high", 10.0);
    cols.add(format!("Flag (margin {} points)", f.rules.shopper_margin), 12.0);
    cols.add("Data issues", 8.0);
    if disputes {
        cols.add("Disputed visits", 9.0);
    }
    cols.write(&mut ws, 0, st)?;
    for (i, s) in f.shoppers.iter().enumerate() {
        let r = row(i + 1);
        put(&mut ws, r, 0, &s.shopper, st)?;
        count(&mut ws, r, 1, s.visits)?;
        count(&mut ws, r, 2, s.scored)?;
        score(&mut ws, r, 3, s.mean, st)?;
        count(&mut ws, r, 4, s.compared)?;
        number(&mut ws, r, 5, s.deviation, &st.change)?;
        number(&mut ws, r, 6, s.ci95.map(|c| c.0), &st.change)?;
        number(&mut ws, r, 7, s.ci95.map(|c| c.1), &st.change)?;
        word(&mut ws, r, 8, s.lean.map_or("", crate::follow_up::Lean::as_str), st)?;
        count(&mut ws, r, 9, s.issues)?;
        if let Some(d) = s.disputed {
            count(&mut ws, r, 10, d)?;
        }
    }
    let note = row(f.shoppers.len() + 2);
    let text = "Deviation: the mean, over a shopper's visits, of their score minus the mean score of the other shoppers' visits to the same store in the same month. Read a flag as a reason to look, not a verdict.";
    ws.write_string(note, 0, text)?;
    Ok(Some(ws))
}
