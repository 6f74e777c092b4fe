//! Ids spilled to disk once the in-memory set is full: sorted runs in one unnamed
//! temporary file (removed by the system when the run ends, however it ends), each with
//! a sparse index in memory, the first id of every page, so finding an id in a run reads
//! one page of it.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use super::{Id, Seen};

/// Bytes of one entry on disk: the id's three words, then the file and the line's two
/// words, little-endian.
const ENTRY: usize = 24;
/// Entries a page holds: 170 of 24 bytes are 4,080 bytes, about one page of the system.
const PAGE: usize = 170;

/// One spill: `len` entries sorted by id from byte `start`, and the first id of each page.
#[derive(Debug)]
struct Run {
    start: u64,
    len: usize,
    firsts: Vec<Id>,
}

#[derive(Debug)]
pub(super) struct Spilled {
    file: File,
    end: u64,
    runs: Vec<Run>,
    page: Vec<u8>,
}

impl Spilled {
    pub(super) fn new() -> io::Result<Spilled> {
        Ok(Spilled { file: tempfile::tempfile()?, end: 0, runs: Vec::new(), page: Vec::with_capacity(PAGE * ENTRY) })
    }

    /// Appends `entries`, sorted by id with no id twice, as a new run.
    pub(super) fn write(&mut self, entries: &[(Id, Seen)]) -> io::Result<()> {
        (&self.file).seek(SeekFrom::Start(self.end))?;
        let mut out = BufWriter::with_capacity(1 << 16, &self.file);
        for &(id, seen) in entries {
            out.write_all(&encode(id, seen))?;
        }
        out.flush()?;
        let firsts = entries.iter().step_by(PAGE).map(|(id, _)| *id).collect();
        self.runs.push(Run { start: self.end, len: entries.len(), firsts });
        self.end += (entries.len() * ENTRY) as u64;
        Ok(())
    }

    #[cfg(test)]
    pub(super) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Where `id` was first seen, if it is in any run.
    pub(super) fn find(&mut self, id: Id) -> io::Result<Option<Seen>> {
        for run in &self.runs {
            // The page whose first id is the last one not above `id`.
            let Some(page) = run.firsts.partition_point(|first| *first <= id).checked_sub(1) else { continue };
            let from = page * PAGE;
            let n = PAGE.min(run.len - from);
            (&self.file).seek(SeekFrom::Start(run.start + (from * ENTRY) as u64))?;
            self.page.resize(n * ENTRY, 0);
            (&self.file).read_exact(&mut self.page)?;
            let (mut low, mut high) = (0, n);
            while low < high {
                let mid = low + (high - low) / 2;
                let (entry, seen) = decode(&self.page[mid * ENTRY..(mid + 1) * ENTRY]);
                match entry.cmp(&id) {
                    std::cmp::Ordering::Less => low = mid + 1,
                    std::cmp::Ordering::Greater => high = mid,
                    std::cmp::Ordering::Equal => return Ok(Some(seen)),
                }
            }
        }
        Ok(None)
    }
}

/// An entry as it is on disk.
fn encode(id: Id, seen: Seen) -> [u8; ENTRY] {
    let [a, b, c] = id.words();
    let mut entry = [0; ENTRY];
    for (bytes, word) in entry.chunks_exact_mut(4).zip([a, b, c, seen.file, seen.line[0], seen.line[1]]) {
        bytes.copy_from_slice(&word.to_le_bytes());
    }
    entry
}

/// [`encode`] undone.
fn decode(entry: &[u8]) -> (Id, Seen) {
    let word = |i: usize| {
        let mut w = [0; 4];
        w.copy_from_slice(&entry[4 * i..4 * i + 4]);
        u32::from_le_bytes(w)
    };
    (Id::from_words([word(0), word(1), word(2)]), Seen { file: word(3), line: [word(4), word(5)] })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two runs of sorted ids (several pages each, the last page short): every id is found
    /// with its own place, ids between and around them are not.
    #[test]
    fn every_spilled_id_is_found_in_its_run() {
        let mut s = Spilled::new().unwrap();
        let run = |from: u32, n: u32| -> Vec<(Id, Seen)> {
            // Lines past 2^32 too, to hold both of the line's words.
            (0..n)
                .map(|i| (Id::from_words([0, from + 2 * i, 7]), Seen::new(from as usize, u64::from(i) << 31)))
                .collect()
        };
        let (first, second) = (run(0, 1_000), run(5_000, 450));
        s.write(&first).unwrap();
        s.write(&second).unwrap();
        for (id, seen) in first.iter().chain(&second) {
            assert_eq!(s.find(*id).unwrap(), Some(*seen), "{id:?}");
        }
        for missing in [
            Id::from_words([0, 1, 7]),
            Id::from_words([0, 4_999, 7]),
            Id::from_words([0, 0, 6]),
            Id::from_words([1, 0, 0]),
            Id::from_words([0, 999_999, 7]),
        ] {
            assert_eq!(s.find(missing).unwrap(), None, "{missing:?}");
        }
    }
}
