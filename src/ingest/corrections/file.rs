//! Reading a corrections file: its bytes (hashed), its header and its rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{COLUMNS, Corrections, rules};
use crate::rubric::Question;

/// A corrections file that cannot be used at all: the run stops before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("{}: cannot read the corrections file: {error}\n  hint: check the path given to --corrections (or `corrections:` in the run file)", .file.display())]
    Io { file: PathBuf, error: std::io::Error },
    #[error("{}: the corrections file is empty: it has no header line\n  hint: its first line must be `{}`", .file.display(), COLUMNS.join(","))]
    Empty { file: PathBuf },
    #[error("{}:{line}: cannot read the corrections file: {error}\n  hint: save it as CSV (comma-separated, UTF-8)", .file.display())]
    Csv { file: PathBuf, line: u64, error: String },
    #[error("{}:1: the corrections file's header has no `{column}` column{}\n  hint: the header must name all of {} (any order, any case)", .file.display(), closest_hint(.closest), COLUMNS.join(", "))]
    MissingColumn { file: PathBuf, column: &'static str, closest: Option<String> },
}

fn closest_hint(closest: &Option<String>) -> String {
    closest.as_ref().map_or_else(String::new, |c| format!(" (is `{c}` meant?)"))
}

impl Corrections {
    /// Reads and checks the corrections file at `path` against the rubric's `questions`
    /// (a row's question is one of their ids or CSV headers).
    pub fn load(path: &Path, questions: &[Question]) -> Result<Corrections, CorrectionsError> {
        let bytes = std::fs::read(path).map_err(|error| CorrectionsError::Io { file: path.to_path_buf(), error })?;
        let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        Corrections::parse(path, text, sha256, questions)
    }

    /// The corrections file `path` holding `text`.
    pub fn parse(
        path: &Path,
        text: &[u8],
        sha256: String,
        questions: &[Question],
    ) -> Result<Corrections, CorrectionsError> {
        let file = path.to_path_buf();
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter(text)).from_reader(text);
        let mut record = csv::ByteRecord::new();
        let csv_error = |e: csv::Error, file: &PathBuf| {
            let line = e.position().map_or(0, csv::Position::line);
            CorrectionsError::Csv { file: file.clone(), line, error: e.to_string() }
        };
        if !reader.read_byte_record(&mut record).map_err(|e| csv_error(e, &file))? {
            return Err(CorrectionsError::Empty { file });
        }
        let header: Vec<String> = record.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
        let mut at = [0usize; 8];
        let mut headers: [String; 8] = Default::default();
        for (i, name) in COLUMNS.iter().enumerate() {
            let Some(pos) = header.iter().position(|h| h.eq_ignore_ascii_case(name)) else {
                let closest = crate::closest(name, header.iter().map(String::as_str)).map(str::to_string);
                return Err(CorrectionsError::MissingColumn { file, column: name, closest });
            };
            at[i] = pos;
            headers[i] = header[pos].clone();
        }
        let mut out = Corrections { file: path.display().to_string(), sha256, headers, ..Corrections::default() };
        let mut by_visit: HashMap<String, Vec<usize>> = HashMap::new();
        loop {
            if !reader.read_byte_record(&mut record).map_err(|e| csv_error(e, &file))? {
                break;
            }
            let line = record.position().map_or(0, |p| start_line(text, p));
            let cell = |i: usize| {
                record.get(at[i]).map_or_else(String::new, |c| String::from_utf8_lossy(c).trim().to_string())
            };
            let cells: [String; 8] = std::array::from_fn(cell);
            if cells.iter().all(String::is_empty) {
                continue;
            }
            out.rows += 1;
            let (c, mut problems) = rules::check(&out, line, cells, questions);
            if let Some(s) = c.status {
                out.by_status[s as usize] += 1;
            }
            if !c.visit_id.is_empty() {
                by_visit.entry(c.visit_id.clone()).or_default().push(out.records.len());
            }
            out.records.push(c);
            out.problems.append(&mut problems);
        }
        out.by_visit = by_visit;
        Ok(out)
    }
}

/// The header line's delimiter: `,`, or `;` or tab when the header holds more of it (a
/// spreadsheet saving CSV with a decimal comma writes `;`).
fn delimiter(text: &[u8]) -> u8 {
    let header = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |d: u8| header.iter().filter(|&&b| b == d).count();
    [b';', b'\t'].into_iter().filter(|&d| count(d) > count(b',')).max_by_key(|&d| count(d)).unwrap_or(b',')
}

/// The line a record starts on: csv's position is where the reader stood, before any
/// blank lines it skipped to reach the record.
fn start_line(text: &[u8], at: &csv::Position) -> u64 {
    let skipped = text.get(usize::try_from(at.byte()).unwrap_or(usize::MAX)..).unwrap_or_default();
    let blank = skipped.iter().take_while(|b| matches!(b, b'\r' | b'\n')).filter(|&&b| b == b'\n').count();
    at.line() + blank as u64
}
