//! Why an input cannot be read at all ([`InputError`]): it cannot be opened or read, it
//! is not text (or a workbook that cannot be read, or has no such sheet, or an empty
//! one), its header is missing or not UTF-8, the rubric's columns are missing or
//! doubled in it (or, in a long-format file, a visit field has a question's column
//! name), a record is too long, or the file changed while it was read. Each
//! names the file (and line where there is one) and says what to do.

use std::io;
use std::path::{Path, PathBuf};

use super::columns::ColumnError;
use super::not_text;
use super::records::ReadError;
use super::source::Changed;

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
    #[error("{}: this is {what}, but not a workbook that can be read ({error})\n  hint: {hint}", .file.display())]
    NotWorkbook { file: PathBuf, what: &'static str, error: String, hint: &'static str },
    #[error("{}: the workbook has no sheet named `{sheet}`\n  hint: its sheets are {sheets}; give one of them with --sheet (run file: `sheet:`)", .file.display())]
    NoSheet { file: PathBuf, sheet: String, sheets: String },
    #[error("{}: the sheet is empty: it has no header row\n  hint: {}", .file.display(), sheet_hint(.sheets))]
    EmptySheet {
        /// The workbook's path, with the sheet in brackets.
        file: PathBuf,
        /// The workbook's sheets, listed (empty when it has none).
        sheets: String,
    },
    #[error(transparent)]
    Columns(#[from] ColumnError),
    #[error("{}: column {column}, `{header}`, is named as a question's answer or comment column, but with `layout: long` the answers come from the question and answer columns\n  hint: rename or delete that column (or read the file with a wide rubric)", .file.display())]
    LongQuestionColumn { file: PathBuf, header: String, column: usize },
}

/// What to do about an empty sheet: name the sheet holding the visits.
fn sheet_hint(sheets: &str) -> String {
    if sheets.is_empty() {
        "the workbook has no sheet; save the visits into one".to_string()
    } else {
        format!(
            "the run reads the first sheet unless --sheet NAME (run file: `sheet:`) names another; the workbook's sheets are {sheets}"
        )
    }
}

impl InputError {
    /// A file that cannot be opened or read from its start, or that changed.
    pub(super) fn io(file: &Path, source: io::Error) -> InputError {
        match changed(&source) {
            Some(source) => InputError::Changed { file: file.to_path_buf(), source },
            None => InputError::Io { file: file.to_path_buf(), error: source },
        }
    }

    /// What went wrong reading `file` at `line` (where the reader was).
    pub(super) fn reading(file: &Path, line: u64, e: ReadError) -> InputError {
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

/// The [`Changed`] an error from a [`Source`](super::source::Source) carries, through the decoding readers.
fn changed(e: &io::Error) -> Option<Changed> {
    e.get_ref().and_then(|e| e.downcast_ref::<Changed>()).copied()
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
