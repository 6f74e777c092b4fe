//! Opening an input: the file (or standard input) read once, its SHA-256 taken as it is
//! read ([`source`](super::source)); text refused when it is not text, its encoding and
//! delimiter sniffed from its start ([`encoding`](super::encoding)) and decoded to UTF-8,
//! or, when its first bytes are a workbook's, its sheet read ([`workbook`](super::workbook));
//! then its header read as line 1 (a sheet's first row with a value), with `layout: long`
//! the records wrapped to be grouped into visits under a wide header ([`LongRows`]), and
//! mapped to the rubric's columns ([`Columns`]).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::cells::{Fields, trim};
use super::columns::Columns;
use super::encoding::{self, SNIFF_BYTES, Sniffed};
use super::error::InputError;
use super::long::LongRows;
use super::reader::Reader;
use super::records::{Record, Records};
use super::source::{self, Source};
use super::{date_hint, known, not_text, utf8, workbook};
use crate::date;
use crate::rubric::Rubric;

/// One input file, open, with its header mapped.
pub struct Input {
    pub path: PathBuf,
    /// The path as the user gave it, as issues name the file.
    pub name: String,
    pub sniffed: Sniffed,
    /// A workbook's sheet read; `None` for CSV text.
    pub sheet: Option<String>,
    /// A workbook's format (`xlsx`, `xls`, `xlsb`, `ods`); `None` for CSV text.
    pub(super) format: Option<&'static str>,
    pub columns: Columns,
    pub(super) reader: Reader,
    /// Records read so far (visits and rows that are not visits).
    pub rows: u64,
    /// The file's size in bytes, for progress.
    pub size: u64,
    /// The common answers of the rubric's questions, read without parsing.
    pub(super) known: known::Known,
    /// With two or more rubric versions, each version's columns and known answers, as
    /// a visit of that version is read (empty with one rubric file).
    pub(super) versions: Vec<(Columns, known::Known)>,
    /// Keep each visit's answer and comment text ([`Visit::cells`](super::Visit::cells)) for formats that
    /// show them; off by default, as copying them costs time on large runs.
    pub keep_text: bool,
    /// The SHA-256 of the raw bytes, taken as they are read.
    pub(super) digest: source::Digest,
    /// The run date and the latest visit date accepted ([`Input::set_run_date`]).
    pub(super) dates: Option<RunDates>,
    /// Records read so far that gave no date that reads: rows that are not visits, and
    /// visits whose date does not read. Counted on those rows only; the rest of
    /// [`Input::rows`] had one, which a `bad_date` hint tells ([`date_hint`]).
    pub(super) undated: u64,
    /// A record above had a date that reads only with `date_format`, not with day and
    /// month swapped (its day is over 12); true from the start when `date_format` has no
    /// swapped twin ([`date_hint::swapped`]). Checked until it is true, then no more.
    pub(super) one_way: bool,
}

/// The run's date, and the latest visit date it accepts ([`date::horizon`]).
#[derive(Debug, Clone, Copy)]
pub struct RunDates {
    pub today: chrono::NaiveDate,
    pub latest: chrono::NaiveDate,
}

impl Input {
    /// Opens `given` (`-`: standard input, named `stdin`), guesses its encoding and
    /// delimiter and maps its header. Its SHA-256 is taken as it is read, unless
    /// [`Input::skip_hash`] says no report needs it. A workbook's first sheet is read.
    pub fn open(given: &Path, rubric: &Rubric) -> Result<Input, InputError> {
        Input::open_sheet(given, rubric, None)
    }

    /// As [`Input::open`], reading the sheet named `sheet` of a workbook (a CSV input
    /// ignores it).
    pub fn open_sheet(given: &Path, rubric: &Rubric, sheet: Option<&str>) -> Result<Input, InputError> {
        let shown = source::shown(given);
        let path = shown.as_path();
        let io_err = |source| InputError::io(path, source);
        let (mut file, digest) = Source::open(given).map_err(io_err)?;
        let size = file.size();
        let head = workbook::head(&mut file).map_err(io_err)?;
        let (mut reader, sniffed, sheet) = match workbook::kind(&head) {
            Some(kind) => {
                let opened = workbook::sheet_reader(path, kind, head, file, sheet)?;
                let sniffed = Sniffed { encoding: encoding_rs::UTF_8, bom: 0, delimiter: b',' };
                (Reader::Sheet(opened.sheet), sniffed, Some((opened.name, opened.format)))
            }
            None => {
                let (reader, sniffed) = text_reader(path, io::Cursor::new(head).chain(file))?;
                (reader, sniffed, None)
            }
        };
        // A sheet's issues and errors name it: `visits.xlsx[Visits]`.
        let name = match &sheet {
            Some((s, _)) => format!("{}[{s}]", path.display()),
            None => path.display().to_string(),
        };
        let named = PathBuf::from(&name);
        let anywhere = reader.header_anywhere();
        let header = reader.next_record().map_err(|e| InputError::reading(&named, 1, e))?;
        let header = match header {
            Some(h) if !(h.bounds.len() == 1 && h.bounds[0].0 == h.bounds[0].1) => h,
            _ => return Err(InputError::Empty { file: named }),
        };
        let headers = header_names(&named, &header, anywhere)?;
        let (mut reader, headers) = match &rubric.fields.long {
            Some(layout) => {
                let (rows, wide) =
                    LongRows::wrap(&named, Box::new(reader), sniffed.delimiter, rubric, layout, headers)?;
                (Reader::Long(Box::new(rows)), wide)
            }
            None => (reader, headers),
        };
        let columns = Columns::map(&named, rubric, headers)?;
        reader.map(&columns, &rubric.date_format);
        // Each version's own columns (its required comments too) once the merged view's are found.
        let version = |v: &crate::rubric::Version| -> Result<_, InputError> {
            Ok((Columns::map(&named, &v.rubric, columns.headers.clone())?, known::Known::new(&v.rubric.questions)))
        };
        let versions = if rubric.versioned() {
            rubric.versions.iter().map(version).collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        Ok(Input {
            versions,
            name,
            path: path.to_path_buf(),
            sniffed,
            format: sheet.as_ref().map(|(_, f)| *f),
            sheet: sheet.map(|(s, _)| s),
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

    /// Byte offset reached in the file's decoded text (a sheet's bytes in the share of
    /// its rows read), for progress.
    pub fn position(&self) -> u64 {
        self.reader.position()
    }

    /// How the input was read, as reports name it: the encoding (`UTF-8 (with BOM)`),
    /// or a workbook's format (`xlsx workbook`).
    pub fn read_as(&self) -> String {
        match self.format {
            Some(format) => format!("{format} workbook"),
            None => self.sniffed.label(),
        }
    }

    /// The delimiter split on; 0 for a workbook, which has none.
    pub fn delimiter(&self) -> u8 {
        if self.format.is_some() { 0 } else { self.sniffed.delimiter }
    }
}

/// A CSV input's records: its encoding and delimiter sniffed from its start (text that is
/// not text refused), decoded to UTF-8 as it is read.
fn text_reader(path: &Path, mut file: impl Read + Send + 'static) -> Result<(Reader, Sniffed), InputError> {
    let io_err = |source| InputError::io(path, source);
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
    Ok((Reader::Text(Records::new(text, sniffed.delimiter)), sniffed))
}

/// The header's names, trimmed. Line 1 must hold them (unless `anywhere`: a sheet's
/// first row with a value): a blank line 1 (empty, or only spaces and delimiters, as
/// Excel saves an empty row) is refused, and so is a header with bytes that are not
/// UTF-8, as which column it names cannot be known.
fn header_names(path: &Path, header: &Record, anywhere: bool) -> Result<Vec<String>, InputError> {
    let fields = Fields::new(header);
    let names: Vec<String> = (0..fields.len()).map(|i| trim(&fields.cell(i)).to_string()).collect();
    if (header.line > 1 && !anywhere) || names.iter().all(String::is_empty) {
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

#[cfg(test)]
mod tests {
    use crate::ingest::Visit;

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
        let (mut visit, mut issues) = (Visit::default(), Vec::new());
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
}
