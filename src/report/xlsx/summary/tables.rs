//! The Summary's tables. On the left, in one shape so they align (rank, store, score, grade,
//! against target, change; columns A-F): the stores below target, the best three and the
//! worst three. On the right (H-M), under the chart: the stores with critical failures.
//! Across the page at the bottom: the weakest behaviours (non-bonus questions). All for the
//! focus month.

use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};

use super::{Page, RIGHT, fill};
use crate::aggregate::QuestionStats;
use crate::focus::Headline;
use crate::report::palette;
use crate::rubric::Question;

/// At most this many stores below target are listed; the rest are counted.
const MAX_BELOW: usize = 10;

/// At most this many stores are listed with critical failures.
const MAX_CRITICAL: usize = 5;

/// The behaviour's text spans columns B to this one (I: about 95 characters on one line).
const BEHAVIOUR_LAST: u16 = 8;

/// How many weakest behaviours are shown.
const WEAKEST: usize = 3;

/// The stores below target (near or under), worst first.
pub(super) fn below_target(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<RowNum, XlsxError> {
    let Some(t) = p.v.rubric.target else { return Ok(r) };
    let below = p.below_target();
    let title = format!("Stores below target ({t}), {}", p.label);
    let mut r = store_header(ws, p, r, &title)?;
    if below.is_empty() {
        ws.write_string(r, 1, "Every store with a score is on target.")?;
        return Ok(r + 1);
    }
    for (rank, h) in below.iter().take(MAX_BELOW) {
        store_row(ws, p, r, *rank, h)?;
        r += 1;
    }
    if below.len() > MAX_BELOW {
        ws.write_string(r, 1, format!("and {} more: see Locations", below.len() - MAX_BELOW))?;
        r += 1;
    }
    Ok(r)
}

/// The best three and the worst three stores with a score (no store in both).
pub(super) fn best_and_worst(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<RowNum, XlsxError> {
    let scored = p.ranked.iter().take_while(|h| h.score().is_some()).count();
    let best: Vec<usize> = (0..scored.min(3)).collect();
    let worst: Vec<usize> = (scored.max(6) - 3..scored).rev().collect();
    let mut r = r;
    let blocks = [
        (format!("Best stores, {}", p.label), &best, "(no store has a score)"),
        (format!("Worst stores, {}", p.label), &worst, "(every store with a score is listed above)"),
    ];
    for (title, which, none) in blocks {
        r = store_header(ws, p, r, &title)?;
        if which.is_empty() {
            ws.write_string(r, 1, none)?;
            r += 1;
        }
        for &i in which {
            if let Some(h) = p.ranked.get(i) {
                store_row(ws, p, r, i, h)?;
                r += 1;
            }
        }
        r += 1;
    }
    Ok(r)
}

/// A block title and the store table's header; returns the first data row.
fn store_header(ws: &mut Worksheet, p: &Page, r: RowNum, title: &str) -> Result<RowNum, XlsxError> {
    ws.write_string_with_format(r, 0, title, &p.formats.block)?;
    let score = format!("Score\n{}", p.label);
    let change = change_header(p);
    let against = if p.v.rubric.target.is_some() { "Against target" } else { "" };
    let headers = ["Rank", "Store", score.as_str(), "Grade", against, change.as_str()];
    for (c, h) in (0..).zip(headers) {
        ws.write_string_with_format(r + 1, c, h, &p.v.styles.header)?;
    }
    p.row_height(ws, r + 1, 30.0)?;
    Ok(r + 2)
}

/// The change column's header: empty (the column stays, so the tables align) without a
/// previous month.
fn change_header(p: &Page) -> String {
    p.previous.map_or_else(String::new, |prev| format!("Change vs\n{prev}"))
}

/// One store: rank (1-based from `index`), name, focus-month score, grade (in its band's
/// colour), status against target (in its colour), change since the previous month.
fn store_row(ws: &mut Worksheet, p: &Page, r: RowNum, index: usize, h: &Headline) -> Result<(), XlsxError> {
    let f = &p.formats;
    ws.write_number_with_format(r, 0, index as f64 + 1.0, &f.rank)?;
    super::put_in(ws, r, 1, &super::super::view::View::label(h.key), &f.plain)?;
    super::super::style::number(ws, r, 2, h.score(), &f.score)?;
    if let Some((name, colour)) = p.grade(h.score()) {
        super::put_in(ws, r, 3, name, &fill(&f.plain, colour))?;
    }
    if let Some(s) = p.status(h) {
        super::put_in(ws, r, 4, s.word(), &fill(&f.plain, palette::status(s)))?;
    }
    super::super::style::number(ws, r, 5, h.change.and_then(|c| c.change), &p.v.styles.change)
}

/// The behaviours to fix first, across the page's width (one line each): the non-bonus
/// questions with the lowest pass rate in the focus month, with the change since the
/// previous month.
pub(super) fn weakest(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<RowNum, XlsxError> {
    let st = &p.v.styles;
    ws.write_string_with_format(r, 0, format!("Fix first: weakest behaviours, {}", p.label), &p.formats.block)?;
    let rate = format!("Pass rate\n{} (%)", p.label);
    let change = change_header(p);
    ws.write_string_with_format(r + 1, 0, "#", &st.header)?;
    ws.merge_range(r + 1, 1, r + 1, BEHAVIOUR_LAST, "Behaviour", &st.header)?;
    ws.merge_range(r + 1, BEHAVIOUR_LAST + 1, r + 1, BEHAVIOUR_LAST + 2, "Question", &st.header)?;
    ws.write_string_with_format(r + 1, BEHAVIOUR_LAST + 3, rate, &st.header)?;
    ws.write_string_with_format(r + 1, BEHAVIOUR_LAST + 4, change, &st.header)?;
    p.row_height(ws, r + 1, 30.0)?;
    let mut r = r + 2;
    let list = weakest_questions(p);
    if list.is_empty() {
        ws.write_string(r, 1, format!("(no question has a scored answer in {})", p.label))?;
        return Ok(r + 1);
    }
    let f = &p.formats;
    for (n, (i, q, stats)) in (1..).zip(list) {
        ws.write_number_with_format(r, 0, f64::from(n), &f.rank)?;
        let behaviour = if q.text.is_empty() { q.id.as_str() } else { q.text.as_str() };
        ws.merge_range(r, 1, r, BEHAVIOUR_LAST, "", &f.plain)?;
        super::put_in(ws, r, 1, behaviour, &f.plain)?;
        ws.merge_range(r, BEHAVIOUR_LAST + 1, r, BEHAVIOUR_LAST + 2, "", &f.plain)?;
        super::put_in(ws, r, BEHAVIOUR_LAST + 1, &q.id, &f.plain)?;
        super::super::style::number(ws, r, BEHAVIOUR_LAST + 3, stats.pass_rate(), &f.score)?;
        let change = p.v.summary.comparison.as_ref().and_then(|c| c.questions.get(i)).and_then(|n| n.change.change);
        super::super::style::number(ws, r, BEHAVIOUR_LAST + 4, change, &st.change)?;
        r += 1;
    }
    Ok(r)
}

/// Non-bonus questions by focus-month pass rate, lowest first (ties in rubric order), the
/// first [`WEAKEST`], with their rubric index.
fn weakest_questions<'a>(p: &Page<'_, 'a>) -> Vec<(usize, &'a Question, &'a QuestionStats)> {
    // The Questions sheet's order: bonus questions last, so never among the weakest.
    let questions = &p.v.rubric.questions;
    crate::report::xlsx::questions::order(p.v)
        .into_iter()
        .filter_map(|i| {
            let (q, stats) = (questions.get(i)?, p.now.questions.get(i)?);
            (!q.bonus && stats.pass_rate().is_some()).then_some((i, q, stats))
        })
        .take(WEAKEST)
        .collect()
}

/// The stores with a critical failure in the focus month, most first.
pub(super) fn critical(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<RowNum, XlsxError> {
    let st = &p.v.styles;
    ws.write_string_with_format(r, RIGHT, format!("Critical failures, {}", p.label), &p.formats.block)?;
    let mut stores: Vec<(&str, u64, u64)> = p
        .ranked
        .iter()
        .filter_map(|h| h.now.filter(|g| g.critical_visits > 0).map(|g| (h.key, g.critical_visits, g.visits)))
        .collect();
    stores.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if stores.is_empty() {
        ws.write_string(r + 1, RIGHT, format!("No visit had a critical failure in {}.", p.label))?;
        return Ok(r + 2);
    }
    // One-line headers: the rows are shared with the store tables on the left.
    ws.merge_range(r + 1, RIGHT, r + 1, RIGHT + 1, "Store", &st.header)?;
    ws.merge_range(r + 1, RIGHT + 2, r + 1, RIGHT + 4, "Visits with a critical failure", &st.header)?;
    ws.write_string_with_format(r + 1, RIGHT + 5, "Visits", &st.header)?;
    let mut r = r + 2;
    let f = &p.formats;
    for (name, critical, visits) in stores.iter().take(MAX_CRITICAL) {
        ws.merge_range(r, RIGHT, r, RIGHT + 1, "", &f.plain)?;
        super::put_in(ws, r, RIGHT, &super::super::view::View::label(name), &f.plain)?;
        ws.merge_range(r, RIGHT + 2, r, RIGHT + 4, "", &f.rank)?;
        ws.write_number_with_format(r, RIGHT + 2, *critical as f64, &f.rank)?;
        ws.write_number_with_format(r, RIGHT + 5, *visits as f64, &f.rank)?;
        r += 1;
    }
    if stores.len() > MAX_CRITICAL {
        ws.write_string(r, RIGHT, format!("and {} more: see Locations", stores.len() - MAX_CRITICAL))?;
        r += 1;
    }
    Ok(r)
}
