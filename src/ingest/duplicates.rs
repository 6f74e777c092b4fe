//! Duplicate visit ids across every file of a run (SCORING.md §5).
//!
//! Ids are kept as 128-bit hashes, not strings: the set is the one thing that grows with
//! the number of visits, and 24 bytes a visit keeps a million visits under 50 MB. A
//! collision between two different ids is about 1 in 10^26 for a million visits.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_128;

#[derive(Debug, Default)]
pub struct Duplicates {
    /// Hash of the id → (file index, line) of its first occurrence.
    seen: HashMap<u128, (u32, u64)>,
}

impl Duplicates {
    /// Records an occurrence; returns where the id was first seen if it was.
    pub fn first_seen(&mut self, id: &str, file: usize, line: u64) -> Option<(usize, u64)> {
        let file = u32::try_from(file).unwrap_or(u32::MAX);
        match self.seen.entry(xxh3_128(id.as_bytes())) {
            std::collections::hash_map::Entry::Occupied(e) => Some((e.get().0 as usize, e.get().1)),
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
