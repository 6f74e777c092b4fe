//! CSV rows to visits: encodings, delimiters, header mapping, answers and data issues.
//!
//! Rows stream through one reused [`csv::ByteRecord`] and one reused [`Visit`]; what a
//! run keeps per visit is only what the sinks keep. Several files may be read in one run,
//! each with its own encoding, delimiter and column order.

pub mod answer;
mod columns;
mod crlf;
pub mod date;
mod duplicates;
pub mod encoding;
mod issues;
mod known;
mod not_text;
mod records;
mod utf8;
mod visit;

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use columns::{ColumnError, Columns, MissingColumn};
pub use duplicates::Duplicates;
pub use encoding::Sniffed;
pub use visit::Visit;

use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;
use encoding::SNIFF_BYTES;
use records::{Record, Records};
use visit::set;

/// The most an Excel cell holds, in UTF-16 units (what Excel counts: an emoji is two).
pub const EXCEL_CELL_UNITS: usize = 32_767;

/// A file that cannot be read at all: the run stops before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    // The io error is in the message, so it is not also a `source` (which `{:#}` would
    // print a second time).
    #[error("{}: cannot read: {error}\n  hint: {}", .file.display(), open_hint(.error))]
    Io { file: PathBuf, error: io::Error },
    #[error("{}:{line}: cannot read: {error}\n  hint: the file may have changed or its disk failed while it was read; read it again", .file.display())]
    Read { file: PathBuf, line: u64, error: io::Error },
    #[error("{}: this is {}\n  hint: {}", .file.display(), .not.what, .not.hint)]
    NotText { file: PathBuf, not: not_text::NotText },
    #[error("{}: line 1 is blank: the header must be on line 1\n  hint: delete the blank line(s) above the header{}", .file.display(), on_line(*.header_line))]
    BlankFirstLine {
        file: PathBuf,
        /// Where the first line that is not blank is, if it holds names.
        header_line: Option<u64>,
    },
    #[error("{}:1: the header of column {column} holds bytes that are not UTF-8: `{shown}`\n  hint: which column it names cannot be known; retype that header, or save the file as CSV UTF-8", .file.display())]
    HeaderNotUtf8 { file: PathBuf, column: usize, shown: String },
    #[error("{}: the file is empty: it has no header line\n  hint: export the survey with its header row", .file.display())]
    Empty { file: PathBuf },
    #[error(transparent)]
    Columns(#[from] ColumnError),
}

/// One input file, open, with its header mapped.
pub struct Input {
    pub path: PathBuf,
    /// The path as the user gave it, as issues name the file.
    pub name: String,
    pub sniffed: Sniffed,
    pub columns: Columns,
    reader: Records<Box<dyn Read + Send>>,
    /// Records read so far (visits and rows that are not visits).
    pub rows: u64,
    /// The file's size in bytes, for progress.
    pub size: u64,
    /// The common answers of the rubric's questions, read without parsing.
    known: known::Known,
    /// Keep each visit's answer and comment text ([`Visit::cells`]) for formats that
    /// show them; off by default, as copying them costs time on large runs.
    pub keep_text: bool,
    /// The run date and the latest visit date accepted ([`Input::set_run_date`]).
    dates: Option<RunDates>,
}

/// The run's date, and the latest visit date it accepts ([`date::horizon`]).
#[derive(Debug, Clone, Copy)]
pub struct RunDates {
    pub today: chrono::NaiveDate,
    pub latest: chrono::NaiveDate,
}

/// What one row turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Row {
    Visit,
    /// Not a visit: its issue is in the issue buffer; it is not scored.
    NotAVisit,
}

impl Input {
    /// Opens `path`, guesses its encoding and delimiter and maps its header.
    pub fn open(path: &Path, rubric: &Rubric) -> Result<Input, InputError> {
        let io_err = |error| InputError::Io { file: path.to_path_buf(), error };
        let mut file = File::open(path).map_err(io_err)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut prefix = Vec::with_capacity(SNIFF_BYTES);
        (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut prefix).map_err(io_err)?;
        if let Some(not) = not_text::refuse_non_text(&prefix) {
            return Err(InputError::NotText { file: path.to_path_buf(), not });
        }
        encoding::read_more_if_unsure(&mut prefix, &mut file).map_err(io_err)?;
        let sniffed = encoding::sniff(&prefix);
        let body = io::Cursor::new(prefix).chain(file);
        let text: Box<dyn Read + Send> = if sniffed.encoding == encoding_rs::UTF_8 {
            let mut body = body;
            io::copy(&mut (&mut body).take(sniffed.bom as u64), &mut io::sink()).map_err(io_err)?;
            Box::new(body)
        } else {
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(sniffed.encoding))
                    .strip_bom(true)
                    .build(body),
            )
        };
        let mut reader = Records::new(text, sniffed.delimiter);
        let header = reader.next_record().map_err(io_err)?;
        let header = match header {
            Some(h) if !(h.bounds.len() == 1 && h.bounds[0].0 == h.bounds[0].1) => h,
            _ => return Err(InputError::Empty { file: path.to_path_buf() }),
        };
        let headers = header_names(path, &header)?;
        let columns = Columns::map(path, rubric, headers)?;
        Ok(Input {
            name: path.display().to_string(),
            path: path.to_path_buf(),
            sniffed,
            columns,
            reader,
            known: known::Known::new(&rubric.questions),
            rows: 0,
            size,
            keep_text: false,
            dates: None,
        })
    }

    /// Dates after a year from `today` become bad dates (period `unknown`); without a
    /// run date every date that parses is taken.
    pub fn set_run_date(&mut self, today: chrono::NaiveDate) {
        self.dates = Some(RunDates { today, latest: date::horizon(today) });
    }

    /// Reads the next row into `visit`, pushing its data issues onto `issues`.
    /// `None` at the end of the file.
    pub fn next_row(
        &mut self,
        rubric: &Rubric,
        visit: &mut Visit,
        issues: &mut Vec<Issue>,
    ) -> Result<Option<Row>, InputError> {
        let (file, line) = (&self.path, self.reader.line());
        let record = self.reader.next_record().map_err(|error| InputError::Read { file: file.clone(), line, error })?;
        let Some(record) = record else { return Ok(None) };
        self.rows += 1;
        let row = RowReader {
            name: &self.name,
            columns: &self.columns,
            known: &self.known,
            delimiter: self.sniffed.delimiter,
            keep_text: self.keep_text,
            dates: self.dates,
        };
        Ok(Some(row.read(rubric, &Fields::new(&record), record.line, visit, issues)))
    }

    /// Byte offset reached in the file's decoded text, for progress.
    pub fn position(&self) -> u64 {
        self.reader.position()
    }
}

/// The header's names, trimmed. Line 1 must hold them: a blank line 1 (empty, or only
/// spaces and delimiters, as Excel saves an empty row) is refused, and so is a header
/// with bytes that are not UTF-8, as which column it names cannot be known.
fn header_names(path: &Path, header: &Record) -> Result<Vec<String>, InputError> {
    let fields = Fields::new(header);
    let names: Vec<String> = (0..fields.len()).map(|i| trim(&fields.cell(i)).to_string()).collect();
    if header.line > 1 || names.iter().all(String::is_empty) {
        let header_line = (header.line > 1 && names.iter().any(|n| !n.is_empty())).then_some(header.line);
        return Err(InputError::BlankFirstLine { file: path.to_path_buf(), header_line });
    }
    if fields.text.is_none()
        && let Some(i) = (0..fields.len()).find(|&i| utf8::bad_sequences(fields.bytes(i)) > 0)
    {
        let shown = utf8::excerpt(fields.bytes(i));
        return Err(InputError::HeaderNotUtf8 { file: path.to_path_buf(), column: i + 1, shown });
    }
    Ok(names)
}

/// ` on line N`, or nothing.
fn on_line(line: Option<u64>) -> String {
    line.map(|n| format!(" on line {n}")).unwrap_or_default()
}

/// What to do about a file that cannot be opened, by the kind of error.
fn open_hint(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::NotFound => "no file has that name: check the path (and the current folder)",
        io::ErrorKind::PermissionDenied => {
            "you may not read this file: check its permissions, or copy it somewhere you can"
        }
        io::ErrorKind::InvalidFilename => "the name is too long or not allowed here: shorten the path",
        _ => "check the path and that the file is readable",
    }
}

/// [`Input::next_row`] once the record is read: what it needs of its [`Input`], which
/// is all but the record reader (it holds the row).
struct RowReader<'a> {
    name: &'a str,
    columns: &'a Columns,
    known: &'a known::Known,
    delimiter: u8,
    keep_text: bool,
    dates: Option<RunDates>,
}

impl RowReader<'_> {
    fn read(&self, rubric: &Rubric, fields: &Fields, line: u64, visit: &mut Visit, issues: &mut Vec<Issue>) -> Row {
        if let Some(issue) = swallowed_rows(fields, self.delimiter, &self.columns.headers) {
            issues.push(Issue { file: self.name.to_string(), line, ..issue });
        }
        let cols = self.columns;
        let id = fields.cell(cols.visit_id);
        let id = trim(&id);
        let problem = if fields.len() != cols.headers.len() {
            Some((
                IssueKind::WrongFieldCount,
                format!(
                    "the row has {} fields but the header has {}; the row is not scored",
                    fields.len(),
                    cols.headers.len()
                ),
            ))
        } else if id.is_empty() {
            Some((IssueKind::NoVisitId, "no visit id; the row is not scored".to_string()))
        } else {
            None
        };
        if let Some((kind, problem)) = problem {
            let visit_id = if kind == IssueKind::WrongFieldCount { id.to_string() } else { String::new() };
            let value = raw_text(fields, self.delimiter);
            let units = value.encode_utf16().count();
            let issue =
                Issue { file: self.name.to_string(), line, visit_id, column: String::new(), value, kind, problem };
            // The workbook's Issues sheet cuts the raw row like any cell: say so.
            let cut = (units > EXCEL_CELL_UNITS).then(|| Issue {
                kind: IssueKind::CellTooLong,
                value: issue.value.chars().take(80).chain("…".chars()).collect(),
                problem: format!("the row holds {units} characters (UTF-16 units), more than an Excel cell's {EXCEL_CELL_UNITS}; the workbook's Issues sheet shows it cut, issues.csv whole"),
                ..issue.clone()
            });
            issues.push(issue);
            issues.extend(cut);
            return Row::NotAVisit;
        }
        if fields.text.is_none() {
            self.invalid_utf8(fields, line, id, issues);
        }
        visit.line = line;
        set(&mut visit.visit_id, id);
        let cell = |i: usize| fields.cell(i);
        let opt = |i: Option<usize>| i.map(|i| fields.cell(i)).unwrap_or_default();
        set(&mut visit.location, trim(&cell(cols.location)));
        set(&mut visit.region, trim(&opt(cols.region)));
        set(&mut visit.shopper, trim(&opt(cols.shopper)));
        set(&mut visit.channel, trim(&opt(cols.channel)));
        set(&mut visit.date, trim(&cell(cols.date)));
        visit.period.clear();
        visit.day = date::day(&visit.date, &rubric.date_format);
        if let (Some(d), Some(dates)) = (visit.day, self.dates)
            && d > dates.latest
        {
            visit.day = None;
        }
        visit.minutes = cols.time.and_then(|c| date::minutes(&cell(c)));
        match visit.day {
            Some(d) => date::write_period(&mut visit.period, chrono::Datelike::year(&d), chrono::Datelike::month(&d)),
            None => visit.period.push_str(date::UNKNOWN_PERIOD),
        }
        visit.answers.clear();
        visit.answers.resize(rubric.questions.len(), answer::Answer::Missing);
        let n = if self.keep_text { rubric.questions.len() } else { 0 };
        visit.cells.resize_with(n, String::new);
        visit.comments.resize_with(n, String::new);
        for ((i, q), slot) in rubric.questions.iter().enumerate().zip(visit.answers.iter_mut()) {
            let col = cols.answers[i];
            // The common answers are found from the bytes and copied from the table in one
            // move (a value built first would be stored in parts and read back whole, which
            // stalls); the rest are decoded and parsed.
            match self.known.get_in(i, fields.all, fields.range(col)) {
                Some(known) => *slot = *known,
                None => *slot = answer::parse(q, &cell(col)),
            }
            if self.keep_text {
                set(&mut visit.cells[i], &cell(col));
                set(&mut visit.comments[i], &opt(cols.comments[i]));
            }
        }
        issues::visit_issues(rubric, cols, self.name, visit, self.dates, &cell, issues);
        // UTF-16 units never outnumber UTF-8 bytes: only rows this long hold a long cell.
        if fields.all.len() > EXCEL_CELL_UNITS {
            for &c in &cols.used {
                self.long_cell(fields, c, visit, issues);
            }
        }
        Row::Visit
    }

    /// Each cell the run reads that holds bytes that are not UTF-8, as an issue: the cell
    /// is read with U+FFFD in their place.
    fn invalid_utf8(&self, fields: &Fields, line: u64, visit_id: &str, issues: &mut Vec<Issue>) {
        for &c in &self.columns.used {
            let bytes = fields.bytes(c);
            let n = utf8::bad_sequences(bytes);
            if n > 0 {
                issues.push(Issue {
                    file: self.name.to_string(),
                    line,
                    visit_id: visit_id.to_string(),
                    column: self.columns.headers[c].clone(),
                    value: utf8::excerpt(bytes),
                    kind: IssueKind::InvalidUtf8,
                    problem: format!(
                        "{n} byte sequence(s) here are not UTF-8 (shown as \\xHH): read as U+FFFD (\u{fffd}); retype the text, or save the file as CSV UTF-8"
                    ),
                });
            }
        }
    }

    /// A cell longer than Excel holds, as an issue: the workbook shows it cut.
    fn long_cell(&self, fields: &Fields, c: usize, visit: &Visit, issues: &mut Vec<Issue>) {
        let bytes = fields.bytes(c);
        let units = if bytes.len() > EXCEL_CELL_UNITS { utf8::text(bytes).encode_utf16().count() } else { 0 };
        if units > EXCEL_CELL_UNITS {
            issues.push(Issue {
                file: self.name.to_string(),
                line: visit.line,
                visit_id: visit.visit_id.clone(),
                column: self.columns.headers[c].clone(),
                value: utf8::text(bytes).chars().take(80).chain("…".chars()).collect(),
                kind: IssueKind::CellTooLong,
                problem: format!("the cell holds {units} characters (UTF-16 units, as Excel counts them), more than an Excel cell's {EXCEL_CELL_UNITS}; the workbook shows it cut, the scores use it whole"),
            });
        }
    }
}

/// `str::trim`, without its Unicode scan for the usual cell that starts and ends with a
/// visible ASCII character (or is empty).
fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    let visible = |c: Option<&u8>| c.is_none_or(u8::is_ascii_graphic);
    if visible(b.first()) && visible(b.last()) { text } else { text.trim() }
}

/// A record's cells: its bytes, checked as UTF-8 once for the whole record (or, with a
/// byte that is not UTF-8 somewhere, decoded cell by cell with U+FFFD for bad bytes).
struct Fields<'a> {
    all: &'a [u8],
    text: Option<&'a str>,
    bounds: &'a [(usize, usize)],
}

impl<'a> Fields<'a> {
    fn new(record: &'a Record<'a>) -> Fields<'a> {
        // simdutf8 checks a row's 130-odd bytes in 32-byte steps where std goes by words:
        // the same answer (a test holds it to std's), 5% off a 1M-visit run.
        Fields { all: record.bytes, text: simdutf8::basic::from_utf8(record.bytes).ok(), bounds: record.bounds }
    }

    fn len(&self) -> usize {
        self.bounds.len()
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.bounds.get(i).map_or(0..0, |&(a, b)| a..b)
    }

    fn bytes(&self, i: usize) -> &'a [u8] {
        self.all.get(self.range(i)).unwrap_or_default()
    }

    fn cell(&self, i: usize) -> Cow<'a, str> {
        // Fields end at ASCII delimiters, so a field of valid text is valid text.
        match self.text.and_then(|t| t.get(self.range(i))) {
            Some(text) => Cow::Borrowed(text),
            None => utf8::text(self.bytes(i)),
        }
    }

    /// The record as the csv crate holds one, for the rare paths that re-quote it.
    fn to_record(&self) -> csv::ByteRecord {
        (0..self.len()).map(|i| self.bytes(i)).collect()
    }
}

/// A cell whose later lines look like whole rows (as many delimiters as the header):
/// a quote that was never closed swallowed them. Reported so they are not lost in silence.
fn swallowed_rows(fields: &Fields, delimiter: u8, headers: &[String]) -> Option<Issue> {
    if headers.len() < 3 || memchr::memchr(b'\n', fields.all).is_none() {
        return None;
    }
    for (i, field) in (0..fields.len()).map(|i| fields.bytes(i)).enumerate() {
        if memchr::memchr(b'\n', field).is_none() {
            continue;
        }
        let rows = field
            .split(|&b| b == b'\n')
            .skip(1)
            .filter(|l| memchr::memchr_iter(delimiter, l).count() + 1 >= headers.len());
        let n = rows.count();
        if n > 0 {
            let text = utf8::text(field);
            return Some(Issue {
                file: String::new(),
                line: 0,
                visit_id: String::new(),
                column: headers.get(i).cloned().unwrap_or_default(),
                value: text.chars().take(80).collect(),
                kind: IssueKind::SwallowedRows,
                problem: format!(
                    "this cell runs over {n} more line(s) that look like whole rows: a quote is probably not closed, and those rows were read as part of this cell, not as visits"
                ),
            });
        }
    }
    None
}

/// The row as the shopper's file had it, re-quoted where needed.
fn raw_text(fields: &Fields, delimiter: u8) -> String {
    let record = fields.to_record();
    let mut out = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    let written = out.write_byte_record(&record).ok().and_then(|_| out.into_inner().ok());
    let bytes = written.unwrap_or_else(|| record.as_slice().to_vec());
    // Bytes that are not UTF-8 are shown as `\xHH`, as an `invalid_utf8` issue shows them.
    utf8::escaped(&bytes).trim_end_matches(['\r', '\n']).to_string()
}

#[cfg(test)]
mod tests {
    /// The row check says what std says, on rows around its 32-byte steps: a stray
    /// Windows-1252 byte, a character cut short, an overlong form, a surrogate.
    #[test]
    fn rows_are_checked_as_std_checks_them() {
        let bad: [&[u8]; 6] = [b"\x92", b"\xC3", b"\xE2\x82", b"\xC0\xAF", b"\xED\xA0\x80", b"\xF4\x90\x80\x80"];
        let good = ["é", "€", "😀", "a"];
        for n in [0, 1, 30, 31, 32, 33, 63, 64, 130] {
            let pad = "x,".repeat(n / 2);
            for piece in bad.iter().copied().chain(good.iter().map(|g| g.as_bytes())) {
                let row = [pad.as_bytes(), piece, pad.as_bytes()].concat();
                let ours = simdutf8::basic::from_utf8(&row).is_ok();
                assert_eq!(ours, std::str::from_utf8(&row).is_ok(), "{row:?}");
                assert_eq!(ours, good.iter().any(|g| g.as_bytes() == piece), "{row:?}");
            }
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for text in ["", "a", " a", "a ", "\ta b\n", "\u{a0}x\u{a0}", "x\u{2003}", "\u{feff}y", "é", " é ", "a\u{85}"]
        {
            assert_eq!(super::trim(text), text.trim(), "{text:?}");
        }
    }
}
