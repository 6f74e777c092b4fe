//! Duplicate visit ids across every file of a run (SCORING.md §5).
//!
//! Ids are kept as 128-bit hashes, not strings: the set is the one thing that grows with
//! the number of visits, and 24 bytes an entry keeps a million visits near 50 MB. A
//! collision between two different ids is about 1 in 10^26 for a million visits.

use rustc_hash::FxHashMap;

use xxhash_rust::xxh3::xxh3_128;

#[derive(Debug, Default)]
pub struct Duplicates {
    /// Hash of the id (as two words: 8-byte alignment keeps an entry at 24 bytes)
    /// → (file index, line) of its first occurrence.
    seen: FxHashMap<[u64; 2], (u32, u32)>,
}

impl Duplicates {
    /// Records an occurrence; returns where the id was first seen if it was.
    pub fn first_seen(&mut self, id: &str, file: usize, line: u64) -> Option<(usize, u64)> {
        let file = u32::try_from(file).unwrap_or(u32::MAX);
        // Lines past 4 billion (a 400 GB file) would be named as 4294967295.
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        let hash = xxh3_128(id.as_bytes());
        match self.seen.entry([hash as u64, (hash >> 64) as u64]) {
            std::collections::hash_map::Entry::Occupied(e) => Some((e.get().0 as usize, u64::from(e.get().1))),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert((file, line));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_after_the_first_points_to_the_first() {
        let mut d = Duplicates::default();
        assert_eq!(d.first_seen("R-1", 0, 2), None);
        assert_eq!(d.first_seen("R-2", 0, 3), None);
        assert_eq!(d.first_seen("R-1", 1, 7), Some((0, 2)));
        assert_eq!(d.first_seen("R-1", 1, 9), Some((0, 2)));
        assert_eq!(d.first_seen("r-1", 1, 10), None);
    }
}
