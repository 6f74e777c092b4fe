//! Sheet 8, About: what produced the workbook, so a figure can be traced and recomputed:
//! the tool and its version, the rubric and its SHA-256, every input file with its SHA-256
//! (taken as it was read, [`crate::ingest::source`]) and row counts, the command's
//! settings and the scoring rules in plain words.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use rust_xlsxwriter::{Worksheet, XlsxError};
use sha2::{Digest, Sha256};

use super::naming::DocDate;
use super::style::{count, header, score, widths};
use super::text::put;
use super::view::View;
use crate::report::json::delimiter_name;

pub fn sheet(v: &View, settings: &[(String, String)], date: &DocDate) -> Result<Worksheet, XlsxError> {
    let (st, r, s) = (&v.styles, v.rubric, v.summary);
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
        ("Rubric SHA-256", sha256_text(&s.rubric_file)),
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

    row += 1;
    ws.write_string_with_format(row, 0, "Input files", &st.block)?;
    header(&mut ws, row + 1, &["File", "SHA-256", "Rows", "Visits", "Encoding", "Delimiter"], st)?;
    row += 2;
    for input in &s.inputs {
        put(&mut ws, row, 0, &input.file, st)?;
        // Taken as the input was read: a pipe or standard input cannot be read again.
        put(&mut ws, row, 1, input.sha256.as_deref().unwrap_or("(not taken)"), st)?;
        count(&mut ws, row, 2, input.rows)?;
        count(&mut ws, row, 3, input.visits)?;
        put(&mut ws, row, 4, &input.encoding, st)?;
        put(&mut ws, row, 5, &delimiter_name(input.delimiter), st)?;
        row += 1;
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
        put(&mut ws, row, 1, rule, st)?;
        ws.set_cell_format(row, 1, &st.wrap)?;
        // Excel does not grow rows for wrapped text on its own: about 80 characters a line,
        // up to Excel's tallest row (409 points).
        let lines = rule.chars().count().div_ceil(80).clamp(1, 27);
        ws.set_row_height(row, 15 * lines as u32)?;
        row += 1;
    }
    Ok(ws)
}

/// The rubric file's SHA-256 in hex, read again now in 64 KiB pieces (it was read whole
/// and parsed before any row); what went wrong otherwise.
fn sha256_text(path: &Path) -> String {
    sha256(path).unwrap_or_else(|e| format!("(cannot read the file again: {e})"))
}

pub fn sha256(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_a_known_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.txt");
        std::fs::write(&p, "hello world").unwrap();
        assert_eq!(super::sha256(&p).unwrap(), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }
}
