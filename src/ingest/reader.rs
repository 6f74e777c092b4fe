//! Where an input's records come from, behind one API: today CSV text split by
//! [`Records`]. Every kind hands out the same [`Record`] (its physical line, its bytes and
//! its fields' bounds), so the row reader, the pre-pass and the header mapping do not know
//! which kind they read.

use std::io::Read;

use super::records::{ReadError, Record, Records};

/// The records of one input.
pub(super) enum Reader {
    /// Decoded UTF-8 CSV text.
    Text(Records<Box<dyn Read + Send>>),
}

impl Reader {
    /// The next record, or `None` at the end of the input.
    pub(super) fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        match self {
            Reader::Text(records) => records.next_record(),
        }
    }

    /// The line the next record starts on or after, for errors that stop a read.
    pub(super) fn line(&self) -> u64 {
        match self {
            Reader::Text(records) => records.line(),
        }
    }

    /// How far the read has gone, in the units of [`super::Input::size`], for progress.
    pub(super) fn position(&self) -> u64 {
        match self {
            Reader::Text(records) => records.position(),
        }
    }
}
