//! Sheets "Corrections" and "Disputes" (a corrections file only): the audit trail as
//! corrections.csv has it, one row per corrections row that met a visit; and the dispute
//! figures, rows per location, shopper and question with the share accepted, most
//! disputed first, so an agency sees whose reports are queried most.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::cell::Cell;
use super::long_sheet::{Column, Limits, LongSheet};
use super::style::{Styles, count, header, score, widths};
use super::text::put;
use crate::audit::{CorrectionsReport, Disputed};

/// The Corrections sheet's headers, in corrections.csv's order.
const HEADERS: [(&str, f64); 15] = [
    ("Line", 7.0),
    ("Visit ID", 10.0),
    ("Location", 12.0),
    ("Shopper", 9.0),
    ("Question", 10.0),
    ("Answer as shot", 10.0),
    ("Answer corrected", 10.0),
    ("Score before", 9.0),
    ("Score after", 9.0),
    ("Action", 9.0),
    ("Status", 9.0),
    ("Acted", 7.0),
    ("Reason", 30.0),
    ("By", 10.0),
    ("Date", 11.0),
];

/// The Corrections sheet(s) and the Disputes sheet.
pub fn sheets(
    wb: &mut Workbook,
    report: &CorrectionsReport,
    styles: &Styles,
    limits: Limits,
) -> Result<Vec<Worksheet>, XlsxError> {
    let columns = HEADERS
        .iter()
        .map(|&(h, w)| match h {
            "Score before" | "Score after" => Column::new(h, w).scores(),
            "Line" | "Acted" => Column::new(h, w).centered(),
            "Reason" => Column::new(h, w).wrapped(50.0),
            _ => Column::new(h, w),
        })
        .collect();
    let mut trail = LongSheet::new("Corrections", columns, limits);
    let opt = |s: Option<f64>| s.map_or(Cell::Blank, Cell::Score);
    for r in &report.audit {
        let cells = [
            Cell::Number(r.line as f64),
            Cell::Text(&r.visit_id),
            Cell::Text(&r.location),
            Cell::Text(&r.shopper),
            Cell::Text(&r.question),
            Cell::Text(&r.answer_as_shot),
            Cell::Text(&r.answer_corrected),
            opt(r.score_before),
            opt(r.score_after),
            Cell::Text(&r.action),
            Cell::Text(&r.status),
            Cell::Text(if r.acted { "yes" } else { "no" }),
            Cell::Text(&r.reason),
            Cell::Text(&r.by),
            Cell::Text(&r.date),
        ];
        trail.push(wb, &cells, styles)?;
    }
    let mut out = trail.finish(wb, styles)?;
    out.push(disputes(report, styles)?);
    Ok(out)
}

/// The run's counts, then three blocks one under the other: by location, by shopper, by question.
fn disputes(report: &CorrectionsReport, styles: &Styles) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Disputes")?;
    widths(&mut ws, &[24.0, 8.0, 9.0, 10.0])?;
    let counted = crate::number::counted;
    let totals = format!(
        "{}: {} accepted, {} rejected, {} pending; {} acted; {} void, {} changed",
        counted(report.rows, "row", "rows"),
        report.accepted,
        report.rejected,
        report.pending,
        report.acted,
        counted(report.void_visits, "visit", "visits"),
        report.changed_visits
    );
    put(&mut ws, 0, 0, &totals, styles)?;
    let mut r = 2;
    for (name, list) in
        [("Location", report.by_location()), ("Shopper", report.by_shopper()), ("Question", report.by_question())]
    {
        header(&mut ws, r, &[name, "Rows", "Accepted", "% accepted"], styles)?;
        let blank = format!("(no {})", name.to_lowercase());
        for Disputed { name, rows, accepted, share_accepted } in &list {
            r += 1;
            // A visit with no shopper (or no location) is disputed too: named as the
            // Issues by shopper sheet names it.
            put(&mut ws, r, 0, if name.is_empty() { &blank } else { name }, styles)?;
            count(&mut ws, r, 1, *rows)?;
            count(&mut ws, r, 2, *accepted)?;
            score(&mut ws, r, 3, Some(*share_accepted), styles)?;
        }
        r += 2;
    }
    Ok(ws)
}
