//! CSV rows (or a workbook sheet's) to visits: encodings, delimiters, header mapping,
//! answers and data issues.
//!
//! An [`Input`] is opened once (`input`: the bytes read once and hashed as they are read,
//! the encoding and delimiter sniffed, the header mapped to [`Columns`]), then read row by
//! row with [`Input::next_row`] (`row`). Rows are split by shopscore's own reader
//! (`records`): a row with no `"` in its first line is split at the delimiter straight
//! from the read buffer, a quoted one goes through csv_core; either way a record is its
//! bytes and its fields' bounds, borrowed from the reader's buffer, not copied. Each
//! record's cells (`cells`) fill one reused [`Visit`]; what a run keeps per visit is only
//! what the sinks keep. Several files may be read in one run, each with its own encoding,
//! delimiter and column order. A workbook (`workbook`) is read whole by calamine and its
//! sheet's rows handed out as the same records, each cell rendered as text. A
//! long-format export (`layout: long`, one row per answer; CSV or a sheet) is read whole
//! and grouped by visit id first (`long`), then handed out as one wide record per visit,
//! so the rest reads it as a wide row. An input that cannot be read at all is an
//! [`InputError`] (`error`); a row that is wrong is a data issue.

pub mod answer;
mod cells;
mod columns;
pub mod corrections;
mod crlf;
mod date_hint;
mod duplicates;
pub mod encoding;
mod error;
mod input;
mod issues;
mod known;
mod latest;
mod long;
mod not_a_visit;
mod not_text;
mod reader;
mod records;
mod replaces;
mod row;
pub mod source;
mod swallowed;
mod utf8;
mod version;
mod visit;
mod workbook;

pub use columns::{ColumnError, Columns, Missing, MissingColumn};
pub use duplicates::Duplicates;
pub use encoding::Sniffed;
pub use error::InputError;
pub use input::{Input, RunDates};
pub use issues::SCORED_UNKNOWN;
pub use latest::Dated;
pub use not_a_visit::EXCEL_CELL_UNITS;
pub use replaces::VisitKey;
pub use row::Row;
pub use visit::Visit;
pub use workbook::is_input_name;
