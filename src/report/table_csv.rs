//! A CSV report written whole at the end of a run from the [`crate::summary::Summary`]
//! (corrections.csv, alerts.csv, actions.csv): a header, then rows of cells, text from
//! the data guarded against formula injection unless `--raw-csv`, numbers with every digit.

use std::io::Write;

use anyhow::Result;

use super::csv::guarded;
use super::{ReportWriter, Staging};
use crate::number::write_opt;

pub struct TableCsv<W: Write = ReportWriter> {
    out: csv::Writer<W>,
    /// Text cells are guarded against formula injection (not with `--raw-csv`).
    guard: bool,
}

impl TableCsv {
    /// `name` in the output folder; `raw`: `--raw-csv`.
    pub fn create(staging: &mut Staging, name: &str, raw: bool) -> Result<TableCsv> {
        Ok(TableCsv::to(staging.create(name)?, !raw))
    }
}

impl<W: Write> TableCsv<W> {
    pub fn to(out: W, guard: bool) -> TableCsv<W> {
        TableCsv { out: csv::Writer::from_writer(out), guard }
    }

    /// A text cell from the data.
    pub fn text(&self, t: &str) -> Vec<u8> {
        guarded(t, self.guard).into_owned()
    }

    /// A number with every digit; empty for none.
    pub fn number(v: Option<f64>) -> Vec<u8> {
        let mut t = String::new();
        write_opt(&mut t, v);
        t.into_bytes()
    }

    pub fn row<I: AsRef<[u8]>>(&mut self, cells: impl IntoIterator<Item = I>) -> Result<()> {
        self.out.write_record(cells)?;
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    /// What was written, for tests.
    #[cfg(test)]
    pub fn into_inner(self) -> W {
        match self.out.into_inner() {
            Ok(w) => w,
            Err(e) => panic!("{e}"),
        }
    }
}
