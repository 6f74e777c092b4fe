//! CSV rows to visits: encodings, delimiters, header mapping, answers and data issues.
//!
//! Rows stream through one reused [`csv::ByteRecord`] and one reused [`Visit`]; what a
//! run keeps per visit is only what the sinks keep. Several files may be read in one run,
//! each with its own encoding, delimiter and column order.

pub mod answer;
mod columns;
mod crlf;
mod date_hint;
mod duplicates;
pub mod encoding;
mod issues;
mod known;
mod latest;
mod not_text;
mod records;
pub mod source;
mod utf8;
mod visit;

use std::borrow::Cow;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use columns::{ColumnError, Columns, Missing, MissingColumn};
pub use duplicates::Duplicates;
pub use encoding::Sniffed;
pub use issues::SCORED_UNKNOWN;
pub use latest::Dated;
pub use visit::Visit;

use crate::date;
use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;
use encoding::SNIFF_BYTES;
use records::{ReadError, Record, Records};
use source::{Changed, Source};
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
    #[error("{}:{line}: the record starting on this line holds more than {} MiB of text, the most a record may hold\n  hint: this is not a shopper export (no line ends?), or a quote opened here is never closed and the rest of the file ran into one cell", .file.display(), .limit >> 20)]
    TooLong { file: PathBuf, line: u64, limit: usize },
    #[error("{}:{line}: the record starting on this line holds more than {limit} fields, the most a record may hold\n  hint: this is not a shopper export, or its delimiter is not `,` `;` or tab", .file.display())]
    TooManyFields { file: PathBuf, line: u64, limit: usize },
    #[error("{}: the file changed while it was read: {source}\n  hint: it was still being written or copied; score it again once it is complete", .file.display())]
    Changed { file: PathBuf, source: Changed },
    #[error(transparent)]
    Columns(#[from] ColumnError),
}

impl InputError {
    /// A file that cannot be opened or read from its start, or that changed.
    fn io(file: &Path, source: io::Error) -> InputError {
        match changed(&source) {
            Some(source) => InputError::Changed { file: file.to_path_buf(), source },
            None => InputError::Io { file: file.to_path_buf(), error: source },
        }
    }

    /// What went wrong reading `file` at `line` (where the reader was).
    fn reading(file: &Path, line: u64, e: ReadError) -> InputError {
        let file = file.to_path_buf();
        match e {
            ReadError::Io(source) => match changed(&source) {
                Some(source) => InputError::Changed { file, source },
                None => InputError::Read { file, line, error: source },
            },
            ReadError::TooLong { line, limit } => InputError::TooLong { file, line, limit },
            ReadError::TooManyFields { line, limit } => InputError::TooManyFields { file, line, limit },
        }
    }
}

/// The [`Changed`] an error from a [`Source`] carries, through the decoding readers.
fn changed(e: &io::Error) -> Option<Changed> {
    e.get_ref().and_then(|e| e.downcast_ref::<Changed>()).copied()
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
    /// The SHA-256 of the raw bytes, taken as they are read.
    digest: source::Digest,
    /// The run date and the latest visit date accepted ([`Input::set_run_date`]).
    dates: Option<RunDates>,
    /// Records read so far that gave no date that reads: rows that are not visits, and
    /// visits whose date does not read. Counted on those rows only; the rest of
    /// [`Input::rows`] had one, which a `bad_date` hint tells ([`date_hint`]).
    undated: u64,
    /// A record above had a date that reads only with `date_format`, not with day and
    /// month swapped (its day is over 12); true from the start when `date_format` has no
    /// swapped twin ([`date_hint::swapped`]). Checked until it is true, then no more.
    one_way: bool,
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
    /// Opens `given` (`-`: standard input, named `stdin`), guesses its encoding and
    /// delimiter and maps its header. Its SHA-256 is taken as it is read, unless
    /// [`Input::skip_hash`] says no report needs it.
    pub fn open(given: &Path, rubric: &Rubric) -> Result<Input, InputError> {
        let shown = source::shown(given);
        let path = shown.as_path();
        let io_err = |source| InputError::io(path, source);
        let (mut file, digest) = Source::open(given).map_err(io_err)?;
        let size = file.size();
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
        let header = reader.next_record().map_err(|e| InputError::reading(path, 1, e))?;
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
            undated: 0,
            one_way: date_hint::swapped(&rubric.date_format).is_none(),
            digest,
        })
    }

    /// No report shows this input's SHA-256: stop taking it (it costs time).
    pub fn skip_hash(&self) {
        self.digest.stop();
    }

    /// The SHA-256 (hex) of the raw bytes read, the whole input once it is read; `None`
    /// after [`Input::skip_hash`].
    pub fn sha256(&self) -> Option<String> {
        self.digest.hex()
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
        let record = self.reader.next_record().map_err(|e| InputError::reading(file, line, e))?;
        let Some(record) = record else { return Ok(None) };
        self.rows += 1;
        let row = RowReader {
            name: &self.name,
            columns: &self.columns,
            known: &self.known,
            delimiter: self.sniffed.delimiter,
            keep_text: self.keep_text,
            dates: self.dates,
            above: date_hint::Above { dated: self.rows.saturating_sub(1 + self.undated), one_way: self.one_way },
        };
        let row = row.read(rubric, &Fields::new(&record), (record.line, record.last_line), visit, issues);
        if row == Row::NotAVisit || visit.day.is_none() {
            self.undated += 1;
        } else if !self.one_way && visit.day.is_some_and(|d| chrono::Datelike::day(&d) > 12) {
            self.one_way = true;
        }
        Ok(Some(row))
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
    /// The records above this one whose date read.
    above: date_hint::Above,
}

impl RowReader<'_> {
    /// `lines`: the physical lines the record starts and ends on.
    fn read(
        &self,
        rubric: &Rubric,
        fields: &Fields,
        lines: (u64, u64),
        visit: &mut Visit,
        issues: &mut Vec<Issue>,
    ) -> Row {
        let line = lines.0;
        if let Some(issue) = swallowed_rows(fields, self.delimiter, &self.columns.headers, lines) {
            issues.push(Issue { file: self.name.to_string(), ..issue });
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
        if self.keep_text {
            self.kept_text(fields, visit);
        }
        let at = issues::Place { file: self.name, dates: self.dates, above: self.above };
        issues::visit_issues(rubric, cols, &at, visit, &cell, issues);
        // UTF-16 units never outnumber UTF-8 bytes: only rows this long hold a long cell.
        if fields.all.len() > EXCEL_CELL_UNITS {
            for &c in &cols.used {
                self.long_cell(fields, c, visit, issues);
            }
        }
        Row::Visit
    }

    /// The `fields.keep` cells (a narrative) into `visit`, for the workbook. Out of line:
    /// the per-row code stays as it was for runs that keep no text.
    #[inline(never)]
    fn kept_text(&self, fields: &Fields, visit: &mut Visit) {
        visit.kept.resize_with(self.columns.keep.len(), String::new);
        for (slot, &c) in visit.kept.iter_mut().zip(&self.columns.keep) {
            set(slot, &fields.cell(c));
        }
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

    /// The record as the csv crate holds one (tests hold [`raw_text`] to its quoting).
    #[cfg(test)]
    fn to_record(&self) -> csv::ByteRecord {
        (0..self.len()).map(|i| self.bytes(i)).collect()
    }
}

/// The lines of a record that a quote left open swallowed, as one issue on the record.
///
/// A line of the record "looks like a whole row" when it holds at least as many
/// delimiters as the header (counted on the line as written: quotes hold no delimiter
/// and no line break, so the fields tell). The record's own row is its first line, or,
/// when that does not look like a row (a first cell that runs over lines), the first
/// line that does. Every later line that looks like a row was swallowed; the issue names
/// the lines from the first of them to the record's last (`lines 5-9 were read into this
/// cell`), so every line of the file is a visit, a whole-row issue, or named here.
fn swallowed_rows(fields: &Fields, delimiter: u8, headers: &[String], lines: (u64, u64)) -> Option<Issue> {
    let (line, last_line) = lines;
    if headers.len() < 3 || last_line <= line {
        return None;
    }
    let row_like = |delimiters: usize| delimiters + 1 >= headers.len();
    // Walk the record's physical lines: `at` is the line (0 = the record's first), `seen`
    // its delimiters so far; `own` the record's own row once found.
    let (mut at, mut seen, mut own) = (0u64, 0usize, None);
    // The first swallowed line, the field its line starts in, and how many look like rows.
    let mut first: Option<(u64, usize)> = None;
    let mut rows = 0u64;
    let mut end_line = |at: u64, seen: usize, field: usize, own: &mut Option<u64>| {
        if !row_like(seen) {
            return;
        }
        if own.is_none() {
            *own = Some(at);
        } else {
            rows += 1;
            first.get_or_insert((at, field));
        }
    };
    // Where each line starts: the field holding the line break before it.
    let mut started_in = 0;
    for i in 0..fields.len() {
        if i > 0 {
            seen += 1;
        }
        let field = fields.bytes(i);
        let mut from = 0;
        for nl in memchr::memchr_iter(b'\n', field) {
            seen += memchr::memchr_iter(delimiter, &field[from..nl]).count();
            end_line(at, seen, started_in, &mut own);
            (at, seen, from, started_in) = (at + 1, 0, nl + 1, i);
        }
        seen += memchr::memchr_iter(delimiter, &field[from..]).count();
    }
    end_line(at, seen, started_in, &mut own);
    let (first, field) = first?;
    let first = line + first;
    let lines =
        if first >= last_line { format!("line {first} was") } else { format!("lines {first}-{last_line} were") };
    let looks = if rows == 1 { "1 of them looks".to_string() } else { format!("{rows} of them look") };
    Some(Issue {
        file: String::new(),
        line,
        visit_id: String::new(),
        column: headers.get(field).cloned().unwrap_or_default(),
        value: utf8::text(fields.bytes(field)).chars().take(80).collect(),
        kind: IssueKind::SwallowedRows,
        problem: format!(
            "{lines} read into this cell, not as rows ({looks} like a whole row): a quote is probably not closed where it should be; fix the quote and score the file again"
        ),
    })
}

/// The row as the shopper's file had it, re-quoted where needed as the csv crate quotes
/// (a field holding the delimiter, `"`, `\r` or `\n`, and a lone empty field; a test holds
/// the bytes to its writer's), in one pass. Not through csv::Writer: csv_core searches the
/// rest of a quoted field for its next `"` each time the writer's 8 KiB buffer fills, so a
/// 60 MB row took 18 s.
fn raw_text(fields: &Fields, delimiter: u8) -> String {
    let special = |b: &u8| *b == delimiter || matches!(b, b'"' | b'\r' | b'\n');
    let mut out = Vec::with_capacity(fields.all.len() + 3 * fields.len());
    for i in 0..fields.len() {
        if i > 0 {
            out.push(delimiter);
        }
        let field = fields.bytes(i);
        if field.iter().any(special) || (fields.len() == 1 && field.is_empty()) {
            out.push(b'"');
            for (j, piece) in field.split(|&b| b == b'"').enumerate() {
                if j > 0 {
                    out.extend_from_slice(b"\"\"");
                }
                out.extend_from_slice(piece);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field);
        }
    }
    // Bytes that are not UTF-8 are shown as `\xHH`, as an `invalid_utf8` issue shows them.
    utf8::escaped(&out).into_owned()
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

    /// The swallowed_rows issue of the record after the header, as (column, lines named).
    fn swallowed(text: &str) -> Option<(String, String)> {
        let mut records = super::Records::new(text.as_bytes(), b',');
        let header = records.next_record().unwrap().unwrap();
        let fields = super::Fields::new(&header);
        let headers: Vec<String> = (0..fields.len()).map(|i| fields.cell(i).into_owned()).collect();
        let record = records.next_record().unwrap().unwrap();
        let issue =
            super::swallowed_rows(&super::Fields::new(&record), b',', &headers, (record.line, record.last_line))?;
        assert_eq!((issue.kind, issue.line), (crate::issue::IssueKind::SwallowedRows, 2));
        let named = issue.problem.split(" read into").next().unwrap_or_default().to_string();
        Some((issue.column, named))
    }

    /// Header `a,b,c,d`: a line with 3 delimiters looks like a whole row.
    #[test]
    fn swallowed_rows_are_named_line_by_line() {
        let some = |column: &str, named: &str| Some((column.to_string(), named.to_string()));
        let h = "a,b,c,d\n";
        // Opened in the last field, closed by the next row.
        assert_eq!(swallowed(&format!("{h}1,2,3,\"x\n5,6,7,8\"\n")), some("d", "line 3 was"));
        // ... closed three rows later: the rows between and the closing one.
        let text = format!("{h}1,2,3,\"x\n5,6,7,8\nshort\n9,9,9,9\n1,1,1,1\"\n2,2,2,2\n");
        assert_eq!(swallowed(&text), some("d", "lines 3-6 were"));
        // Opened in a middle field: the closing row's fields after the quote are the record's.
        assert_eq!(swallowed(&format!("{h}1,\"2,3,4\n5,6,7,8\n9,9\",9,9\n")), some("b", "lines 3-4 were"));
        // Opened in the first field and never closed: to the end of the text.
        assert_eq!(swallowed(&format!("{h}\"1,2,3,4\n5,6,7,8\n")), some("a", "line 3 was"));
        assert_eq!(swallowed(&format!("{h}1,2,3,\"x\n5,6,7,8\n\n")), some("d", "lines 3-4 were"));
        // A first cell over two lines: its second line is the record's own row.
        assert_eq!(swallowed(&format!("{h}\"x\ny\",2,3,4\n")), None);
        // ... and a row it swallowed after that is named.
        assert_eq!(swallowed(&format!("{h}\"x\ny\",2,3,\"4\n5,6,7,8\"\n")), some("d", "line 4 was"));
        // A comment over lines, commas and all, swallows nothing.
        assert_eq!(swallowed(&format!("{h}1,2,3,\"a, b\nc, d\"\n")), None);
        assert_eq!(swallowed(&format!("{h}1,\"a, b\nc\",3,4\n")), None);
    }

    /// A file that grows while it is read stops the run with an error naming it: its
    /// rows so far would be a partial month. (Appended after the header was read and
    /// before the reader reached the end, as the file is larger than the 256 KiB read
    /// at open: the rest is read to the new end, not the size the file had when opened.)
    #[test]
    fn a_file_that_grows_while_it_is_read_is_an_error() {
        use std::io::Write;
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 4 }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.csv");
        let rows: String = (0..20_000).map(|r| format!("V{r},L,2026-10-01,3\n")).collect();
        std::fs::write(&path, format!("visit_id,location,date,q\n{rows}")).unwrap();
        let mut input = super::Input::open(&path, &rubric).unwrap();
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"V20000,L,2026-10-02,4\n").unwrap();
        let (mut visit, mut issues) = (super::Visit::default(), Vec::new());
        let err = loop {
            match input.next_row(&rubric, &mut visit, &mut issues) {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("read to the end without noticing the file grew"),
                Err(e) => break e,
            }
        };
        assert!(matches!(err, super::InputError::Changed { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{}: the file changed while it was read: its size changed", path.display())),
            "{text}"
        );
        assert!(text.contains("hint:"), "{text}");
        // Unchanged, the same file reads to its end.
        let mut input = super::Input::open(&path, &rubric).unwrap();
        while input.next_row(&rubric, &mut visit, &mut issues).unwrap().is_some() {}
        assert_eq!(input.rows, 20_001);
    }

    /// raw_text quotes as the csv crate's writer does, byte for byte, and a huge quoted
    /// row in linear time.
    #[test]
    fn raw_text_is_the_csv_writers_quoting() {
        let texts = [
            "a,b,c\n",
            "\"x,y\",\"say \"\"hi\"\"\",plain\n",
            "\"line\none\",\"\",,\"cr\rx\"\n",
            "\"\"\n",
            "\"only\"\"quotes\"\"\"\n",
            "caf\u{e9},\" padded \", \n",
            "a;b\t\"c\"\n",
        ];
        for delimiter in [b',', b';', b'\t'] {
            for text in texts {
                let mut records = super::Records::new(text.as_bytes(), delimiter);
                let record = records.next_record().unwrap().unwrap();
                let fields = super::Fields::new(&record);
                let mut want = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
                want.write_byte_record(&fields.to_record()).unwrap();
                let want = String::from_utf8(want.into_inner().unwrap()).unwrap();
                assert_eq!(super::raw_text(&fields, delimiter), want.trim_end_matches('\n'), "{text:?} {delimiter}");
            }
        }
        let huge = format!("V1,\"{}\"\n", "a,b ".repeat(5_000_000));
        let mut records = super::Records::new(huge.as_bytes(), b',');
        let record = records.next_record().unwrap().unwrap();
        let start = std::time::Instant::now();
        assert_eq!(super::raw_text(&super::Fields::new(&record), b','), huge.trim_end());
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?} for a 20 MB row", start.elapsed());
    }
}
