//! The Summary's first block, across the page under the tiles: the focus month's hot
//! alerts (SCORING.md §8), the first few in input order, each with its store, date,
//! score, why and what failed with the shopper's comment; the rest are on the Alerts
//! sheet. With none, one line says so.

use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};

use super::Page;
use crate::follow_up::{Alert, Failed};
use crate::report::follow_up_text::{Digits, describe};
use crate::report::xlsx::text::shorten;

/// At most this many alerts are listed; the rest are counted.
const MAX_ALERTS: usize = 5;

/// The longest "what failed" text, in characters (about what columns G-M show on a line).
const FAILED_CHARS: usize = 100;

/// Writes the block from row `r`; returns the row after it.
pub(super) fn block(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<RowNum, XlsxError> {
    let (f, st) = (&p.v.summary.follow_up, &p.v.styles);
    let n = f.alerts.len();
    let title = match n {
        0 => format!("Hot alerts, {}", p.label),
        _ => format!("Hot alerts, {}: {}", p.label, crate::number::counted(n as u64, "visit", "visits")),
    };
    ws.write_string_with_format(r, 0, title, &p.formats.block)?;
    if n == 0 {
        let below = f.rules.alert_below.map(|b| format!(" and none scored below {b}")).unwrap_or_default();
        ws.write_string(r + 1, 0, format!("No visit had a critical failure{below}."))?;
        return Ok(r + 2);
    }
    ws.merge_range(r + 1, 0, r + 1, 1, "Store", &st.header)?;
    ws.write_string_with_format(r + 1, 2, "Date", &st.header)?;
    ws.write_string_with_format(r + 1, 3, "Score", &st.header)?;
    ws.merge_range(r + 1, 4, r + 1, 5, "Why", &st.header)?;
    ws.merge_range(r + 1, 6, r + 1, super::LAST_COL, "What failed, and what the shopper wrote", &st.header)?;
    let mut r = r + 2;
    let fm = &p.formats;
    for a in f.alerts.iter().take(MAX_ALERTS) {
        let (why, _, _) = describe(p.v.rubric, f.rules.alert_below, a, Digits::One);
        ws.merge_range(r, 0, r, 1, "", &fm.plain)?;
        super::put_in(ws, r, 0, &super::super::view::View::label(&a.location), &fm.plain)?;
        super::put_in(ws, r, 2, &a.date, &fm.plain)?;
        super::super::style::number(ws, r, 3, a.score, &fm.score)?;
        ws.merge_range(r, 4, r, 5, "", &st.indent)?;
        super::put_in(ws, r, 4, &why, &st.indent)?;
        ws.merge_range(r, 6, r, super::LAST_COL, "", &fm.plain)?;
        super::put_in(ws, r, 6, &shorten(&failed(p, a), FAILED_CHARS), &fm.plain)?;
        r += 1;
    }
    if n > MAX_ALERTS {
        ws.write_string(r, 0, format!("and {} more: see the Alerts sheet", n - MAX_ALERTS))?;
        r += 1;
    }
    Ok(r)
}

/// What failed in words: each critical question by its text's id with the shopper's
/// comment in quotes, each section by its title with its score and mark.
fn failed(p: &Page, a: &Alert) -> String {
    let r = p.v.rubric;
    let parts: Vec<String> = a
        .failed
        .iter()
        .map(|f| match f {
            Failed::Question { question, comment } => {
                let id = r.questions.get(*question).map_or("", |q| q.id.as_str());
                if comment.is_empty() { id.to_string() } else { format!("{id}: \u{201c}{comment}\u{201d}") }
            }
            Failed::Section { section, score, pass_mark } => {
                let title = r.sections.get(*section).map_or("", |s| s.title.as_str());
                format!("{title} {} (pass mark {pass_mark})", crate::number::one_decimal(Some(*score)))
            }
        })
        .collect();
    if parts.is_empty() {
        "(no critical failure; the score is under the alert line)".to_string()
    } else {
        parts.join("; ")
    }
}
