//! Sheet "Actions": each store's behaviours to fix in the focus month (SCORING.md §8),
//! stores by name, most severe first within each (critical questions first): the
//! behaviour, its section, why it is listed ("failed 3 of 5", "failed 4 in a row"), its pass rate this month and last, the severity and the shoppers' latest
//! comments (last, one line per action, so they run on to the right). The same rows as
//! actions.csv. Left out when no store has an action.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{Columns, count, fit, row, score, yes_no};
use super::text::{put, put_in, word};
use super::view::View;
use crate::report::follow_up_text::rule_words;

/// The most rows the sheet lists (Excel's limit is 1,048,576); actions.csv has the rest.
pub const MAX_LISTED: usize = 100_000;

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    let f = &v.summary.follow_up;
    if f.actions.is_empty() {
        return Ok(None);
    }
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Actions")?;
    let month = f.period.as_deref().unwrap_or("all visits");
    let mut cols = Columns::default();
    cols.add("Store", fit(f.actions.iter().map(|a| a.location.as_str()), 14.0, 30.0));
    cols.add("Behaviour", fit(v.rubric.questions.iter().map(|q| q.text.as_str()), 30.0, 70.0));
    cols.add("Question", fit(v.rubric.questions.iter().map(|q| q.id.as_str()), 10.0, 24.0));
    cols.add("Section", fit(v.rubric.sections.iter().map(|s| s.title.as_str()), 10.0, 20.0));
    cols.add(format!("Why, {month}"), 26.0);
    cols.add(format!("Pass rate {month} (%)"), 10.0);
    match &f.previous {
        Some(p) => cols.add(format!("Pass rate {p} (%)"), 10.0),
        None => cols.add("Pass rate, month before (%): none in the run", 12.0),
    };
    cols.add("Failed in a row", 8.0);
    cols.add("Critical", 8.0);
    cols.add("Severity (points)", 9.0);
    cols.add("Latest comments", 60.0);
    cols.write(&mut ws, 0, st)?;
    for (i, a) in f.actions.iter().enumerate().take(MAX_LISTED) {
        let r = row(i + 1);
        let q = v.rubric.questions.get(a.question);
        put(&mut ws, r, 0, &View::label(&a.location), st)?;
        let behaviour = q.map_or("", |q| if q.text.is_empty() { &q.id } else { &q.text });
        put(&mut ws, r, 1, behaviour, st)?;
        put(&mut ws, r, 2, q.map_or("", |q| q.id.as_str()), st)?;
        let section = q.and_then(|q| v.rubric.sections.get(q.section)).map_or("", |s| s.title.as_str());
        put(&mut ws, r, 3, section, st)?;
        let why = rule_words(a);
        put_in(&mut ws, r, 4, &why, &st.indent)?;
        score(&mut ws, r, 5, a.pass_rate, st)?;
        score(&mut ws, r, 6, a.previous_pass_rate, st)?;
        count(&mut ws, r, 7, a.in_a_row)?;
        word(&mut ws, r, 8, yes_no(Some(a.critical)), st)?;
        score(&mut ws, r, 9, Some(a.severity), st)?;
        let more = a.comments_total.saturating_sub(a.comments.len() as u64);
        let mut comments = a.comments.join(" | ");
        if more > 0 {
            comments.push_str(&format!(" (and {more} more)"));
        }
        put_in(&mut ws, r, 10, &comments, &st.indent)?;
    }
    let listed = f.actions.len().min(MAX_LISTED);
    ws.autofilter(0, 0, row(listed), 10)?;
    if f.actions.len() > listed {
        ws.write_string(
            row(listed + 2),
            0,
            format!("and {} more: actions.csv lists every one", f.actions.len() - listed),
        )?;
    }
    Ok(Some(ws))
}
