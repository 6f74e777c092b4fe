//! An `.xlsx` sheet's rows streamed ([`Stream`]): a thread owns the workbook and reads
//! the sheet's XML cell by cell (calamine's `worksheet_cells_reader`, which borrows the
//! workbook, so it cannot sit beside it in the input), sending each row with a value as
//! it ends. Memory holds the file's bytes, its shared strings and a few hundred rows in
//! the channel, not the sheet's every cell.

use std::io;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef, Xlsx, XlsxError};

/// Rows waiting between the reading thread and the run.
const QUEUED: usize = 256;

/// One row: its 0-based sheet row and its cells with a value, by 0-based column.
type Cells = (u32, Vec<(u32, Data)>);

enum Msg {
    /// The sheet opened; its last row and column (0-based), as its XML declares them.
    Start(u32, u32),
    Row(Cells),
    /// Every row was sent: without it a closed channel is a reader that died.
    End,
    Failed(String),
}

/// The rows of a sheet, as the thread reading it sends them.
pub(super) struct Stream {
    rx: Receiver<Msg>,
    /// The last row, for progress.
    end: u32,
    /// The last column of the sheet's used range.
    last_column: u32,
    /// The 0-based row after the last one received.
    next: u64,
    /// Every row was received.
    done: bool,
}

impl Stream {
    /// Starts reading sheet `name` of `book` on a thread; an error opening the sheet is
    /// returned here.
    pub(super) fn open(book: Xlsx<super::Bytes>, name: String) -> Result<Stream, String> {
        let (tx, rx) = sync_channel(QUEUED);
        std::thread::Builder::new()
            .name("xlsx-reader".into())
            .spawn(move || {
                if let Err(panicked) = super::guard::guarded(|| read(book, &name, &tx)) {
                    let _ = tx.send(Msg::Failed(panicked));
                }
            })
            .map_err(|e| e.to_string())?;
        match rx.recv() {
            Ok(Msg::Start(end, last_column)) => Ok(Stream { rx, end, last_column, next: 0, done: false }),
            Ok(Msg::Failed(e)) => Err(e),
            Ok(Msg::Row(_) | Msg::End) | Err(_) => Err("the sheet's reader stopped".to_string()),
        }
    }

    /// The next row with a value: its 1-based row number, its cells from column A into
    /// `cells`. `None` after the last.
    pub(super) fn next_row(&mut self, cells: &mut Vec<Data>, max: usize) -> io::Result<Option<u64>> {
        if self.done {
            return Ok(None);
        }
        let (row, values) = match self.rx.recv() {
            Ok(Msg::Row(row)) => row,
            Ok(Msg::End) => {
                self.done = true;
                return Ok(None);
            }
            Ok(Msg::Failed(e)) => return Err(io::Error::other(e)),
            Ok(Msg::Start(..)) | Err(_) => {
                return Err(io::Error::other("the sheet's reader stopped before the end of the sheet"));
            }
        };
        self.next = u64::from(row) + 1;
        cells.clear();
        for (c, value) in values {
            let c = c as usize;
            if c >= max {
                return Err(io::Error::other(format!("a cell of row {} is past column {max}", row + 1)));
            }
            if c >= cells.len() {
                cells.resize(c + 1, Data::Empty);
            }
            cells[c] = value;
        }
        Ok(Some(self.next))
    }

    /// The 0-based row after the last received (the 1-based row number of that last).
    pub(super) fn reached(&self) -> u64 {
        self.next
    }

    /// The columns of the sheet's used range, as its XML declares it (from column A).
    pub(super) fn width(&self) -> usize {
        self.last_column as usize + 1
    }

    /// The rows the sheet declares, for progress.
    pub(super) fn height(&self) -> u64 {
        u64::from(self.end) + 1
    }
}

/// The thread's work: open the sheet, say so, then send its rows until the end, an
/// error, or the run no longer listening.
fn read(mut book: Xlsx<super::Bytes>, name: &str, tx: &SyncSender<Msg>) {
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        // A chart sheet holds no cells: an empty sheet.
        Err(XlsxError::NotAWorksheet(_)) => {
            let _ = tx.send(Msg::Start(0, 0)).and_then(|()| tx.send(Msg::End));
            return;
        }
        Err(e) => {
            let _ = tx.send(Msg::Failed(e.to_string()));
            return;
        }
    };
    let (end, last_column) = cells.dimensions().end;
    if tx.send(Msg::Start(end, last_column)).is_err() {
        return;
    }
    let mut row: Option<Cells> = None;
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Msg::Failed(e.to_string()));
                return;
            }
        };
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        match &mut row {
            Some((at, values)) if *at == r => values.push((c, value)),
            _ => {
                if let Some(done) = row.replace((r, vec![(c, value)]))
                    && tx.send(Msg::Row(done)).is_err()
                {
                    return;
                }
            }
        }
    }
    if let Some(done) = row
        && tx.send(Msg::Row(done)).is_err()
    {
        return;
    }
    let _ = tx.send(Msg::End);
}
