//! Sheet "Actions": each store's behaviours to fix in the focus month (SCORING.md §8),
//! stores by name, most severe first within each (critical questions first): the
//! behaviour, its section, why it is listed ("failed 3 of 5", "failed 4 in a row"), its
//! pass rate this month and last, the severity and the shoppers' latest comments (long
//! text wraps in its column). The same rows as actions.csv, at most [`MAX_LISTED`]. Left
//! out when no store has an action.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{Columns, Listing, MAX_LISTED, fit, number, row, yes_no};
use super::text::put_in;
use super::view::View;
use crate::report::follow_up_text::rule_words;

/// The widths of the columns that wrap.
const BEHAVIOUR: f64 = 40.0;
const WHY: f64 = 18.0;
const COMMENTS: f64 = 50.0;

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    let f = &v.summary.follow_up;
    if f.actions.is_empty() {
        return Ok(None);
    }
    let (st, l) = (&v.styles, Listing::new());
    let mut ws = Worksheet::new();
    ws.set_name("Actions")?;
    let month = f.period.as_deref().unwrap_or("all visits");
    let listed = &f.actions[..f.actions.len().min(MAX_LISTED)];
    let mut cols = Columns::default();
    cols.add("Store", fit(listed.iter().map(|a| a.location.as_str()), 14.0, 30.0));
    cols.add("Behaviour", BEHAVIOUR);
    cols.add("Question", fit(v.rubric.questions.iter().map(|q| q.id.as_str()), 10.0, 24.0));
    let section_width = fit(v.rubric.sections.iter().map(|s| s.title.as_str()), 10.0, 20.0);
    cols.add("Section", section_width);
    cols.add(format!("Why, {month}"), WHY);
    cols.add(format!("Pass rate {month} (%)"), 10.0);
    match &f.previous {
        Some(p) => cols.add(format!("Pass rate {p} (%)"), 10.0),
        None => cols.add("Pass rate, month before (%): none in the run", 12.0),
    };
    cols.add("Failed in a row", 8.0);
    cols.add("Critical", 8.0);
    cols.add("Severity (points)", 9.0);
    cols.add("Latest comments", COMMENTS);
    cols.write(&mut ws, 0, st)?;
    for (i, a) in listed.iter().enumerate() {
        let r = row(i + 1);
        let q = v.rubric.questions.get(a.question);
        put_in(&mut ws, r, 0, &View::label(&a.location), &l.text)?;
        let behaviour = q.map_or("", |q| q.text.as_str());
        put_in(&mut ws, r, 1, behaviour, &l.wrap)?;
        put_in(&mut ws, r, 2, q.map_or("", |q| q.id.as_str()), &l.text)?;
        let section = q.and_then(|q| v.rubric.sections.get(q.section)).map_or("", |s| s.title.as_str());
        put_in(&mut ws, r, 3, section, &l.wrap)?;
        let why = rule_words(a);
        put_in(&mut ws, r, 4, &why, &l.wrap)?;
        number(&mut ws, r, 5, a.pass_rate, &l.score)?;
        number(&mut ws, r, 6, a.previous_pass_rate, &l.score)?;
        ws.write_number_with_format(r, 7, a.in_a_row as f64, &l.count)?;
        put_in(&mut ws, r, 8, yes_no(Some(a.critical)), &l.word)?;
        number(&mut ws, r, 9, Some(a.severity), &l.score)?;
        let more = a.comments_total.saturating_sub(a.comments.len() as u64);
        let mut comments = a.comments.join("\n");
        if more > 0 {
            comments.push_str(&format!("\n(and {more} more)"));
        }
        put_in(&mut ws, r, 10, &comments, &l.wrap)?;
        let wrapped = [(behaviour, BEHAVIOUR), (section, section_width), (&why, WHY), (&comments, COMMENTS)];
        Listing::fit_row(&mut ws, r, &wrapped)?;
    }
    Listing::end(&mut ws, listed.len(), f.actions.len(), 10, "actions.csv")?;
    Ok(Some(ws))
}
