//! Sheet 8, About: what produced the workbook, so a figure can be traced and recomputed:
//! the tool and its version, the rubric and its SHA-256, every input file (its path as
//! given, where the other sheets name only the file) with its SHA-256
//! (taken as it was read, [`crate::ingest::source`]) and row counts, the command's
//! settings and the scoring rules in plain words.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::naming::DocDate;
use super::style::{count, header, score, widths};
use super::text::{put, put_wrapped};
use super::view::View;
use crate::report::json::delimiter_name;

/// The rubric versions from `row` on (a blank row first): each with its file, SHA-256,
/// dates in force and visits, then the questions changed from each to the next; the
/// row after them.
fn versions(ws: &mut Worksheet, mut row: u32, v: &View) -> Result<u32, XlsxError> {
    let (st, r, s) = (&v.styles, v.rubric, v.summary);
    let day = |d: Option<chrono::NaiveDate>, none: &str| d.map_or_else(|| none.to_string(), |d| d.to_string());
    row += 1;
    ws.write_string_with_format(row, 0, "Rubric versions", &st.block)?;
    // Laid out as the input files are: the SHA-256 in the wide column.
    header(ws, row + 1, &["Version", "SHA-256", "From", "Until", "File", "Visits"], st)?;
    row += 2;
    for (i, version) in r.versions.iter().enumerate() {
        put(ws, row, 0, &version.label, st)?;
        put(ws, row, 1, version.rubric.sha256.as_deref().unwrap_or("(not taken)"), st)?;
        put(ws, row, 2, &day(version.effective_from(), "the start"), st)?;
        put(ws, row, 3, &day(r.version_until(i), "now"), st)?;
        put(ws, row, 4, &version.file.display().to_string(), st)?;
        // A location's card counts no visits per version: left blank there.
        if let Some(n) = s.version_visits.get(i) {
            count(ws, row, 5, *n)?;
        }
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Question changes", &st.block)?;
    header(ws, row + 1, &["Question", "Change", "Versions"], st)?;
    row += 2;
    for pair in r.versions.windows(2) {
        let (older, newer) = (&pair[0], &pair[1]);
        let between = format!("{} → {}", older.label, newer.label);
        for change in crate::rubric::changes(&older.rubric, &newer.rubric) {
            put(ws, row, 0, &change.question, st)?;
            put(ws, row, 1, &change.what, st)?;
            put(ws, row, 2, &between, st)?;
            row += 1;
        }
    }
    Ok(row)
}

pub fn sheet(v: &View, settings: &[(String, String)], date: &DocDate) -> Result<Worksheet, XlsxError> {
    // With rubric versions, the rubric described is the latest; each is listed below.
    let (st, r, s) = (&v.styles, v.rubric.latest(), v.summary);
    let mut ws = Worksheet::new();
    ws.set_name("About")?;
    widths(&mut ws, &[26.0, 70.0, 10.0, 10.0, 22.0, 10.0])?;
    header(&mut ws, 0, &["Item", "Value"], st)?;
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    let items = [
        ("Tool", format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))),
        ("Rubric", r.name.clone()),
        ("Rubric version", r.version.clone().unwrap_or_default()),
        ("Rubric file", s.rubric_file.display().to_string()),
        ("Rubric SHA-256", r.sha256.clone().unwrap_or_else(|| "(not taken)".into())),
        ("Target", "none".to_string()),
        ("Critical effect", r.critical_effect.as_str().to_string()),
        ("Weighted sections", yes(r.weighted())),
        ("Bonus cap", yes(r.bonus_cap)),
        ("Date format", r.date_format.clone()),
        ("Document date", format!("{} ({})", date.text, date.source)),
    ];
    let mut row = 1;
    for (name, value) in &items {
        ws.write_string(row, 0, *name)?;
        match (*name, r.target) {
            ("Target", Some(t)) => score(&mut ws, row, 1, Some(t), st)?,
            _ => put(&mut ws, row, 1, value, st)?,
        }
        row += 1;
    }
    // A corrections file is part of what the scores rest on: named with its SHA-256.
    if let Some(c) = &s.corrections {
        for (name, value) in [("Corrections file", &c.file), ("Corrections SHA-256", &c.sha256)] {
            ws.write_string(row, 0, name)?;
            put(&mut ws, row, 1, value, st)?;
            row += 1;
        }
    }

    row += 1;
    ws.write_string_with_format(row, 0, "Input files", &st.block)?;
    header(&mut ws, row + 1, &["File", "SHA-256", "Rows", "Visits", "Encoding", "Delimiter"], st)?;
    row += 2;
    for input in &s.inputs {
        // The path as given (the Visits and Issues sheets name the file only), wrapped in
        // its column: about 24 characters a line.
        put_wrapped(&mut ws, row, 0, &input.file, st)?;
        let lines = input.file.chars().count().div_ceil(24).clamp(1, 27);
        if lines > 1 {
            ws.set_row_height(row, 15 * lines as u32)?;
        }
        // Taken as the input was read: a pipe or standard input cannot be read again.
        put(&mut ws, row, 1, input.sha256.as_deref().unwrap_or("(not taken)"), st)?;
        count(&mut ws, row, 2, input.rows)?;
        count(&mut ws, row, 3, input.visits)?;
        put(&mut ws, row, 4, &input.encoding, st)?;
        put(&mut ws, row, 5, &delimiter_name(input.delimiter), st)?;
        row += 1;
    }

    if v.rubric.versioned() {
        row = versions(&mut ws, row, v)?;
    }

    row += 1;
    ws.write_string_with_format(row, 0, "Settings", &st.block)?;
    header(&mut ws, row + 1, &["Setting", "Value"], st)?;
    row += 2;
    for (name, value) in settings {
        put(&mut ws, row, 0, name, st)?;
        put(&mut ws, row, 1, value, st)?;
        row += 1;
    }

    row += 1;
    ws.write_string_with_format(row, 0, "Scoring rules", &st.block)?;
    row += 1;
    for (i, rule) in super::rules::plain_words(r).iter().enumerate() {
        ws.write_string(row, 0, format!("{}.", i + 1))?;
        put_wrapped(&mut ws, row, 1, rule, st)?;
        // Excel does not grow rows for wrapped text on its own: about 80 characters a line,
        // up to Excel's tallest row (409 points).
        let lines = rule.chars().count().div_ceil(80).clamp(1, 27);
        ws.set_row_height(row, 15 * lines as u32)?;
        row += 1;
    }
    Ok(ws)
}
