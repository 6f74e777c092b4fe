//! Duplicate visit ids across every file of a run (SCORING.md §5).
//!
//! Ids are kept as 96-bit hashes, not strings: the set is the one thing that grows with
//! the number of visits, and 20 bytes an entry keeps a million visits near 45 MB. A
//! collision between two different ids is about 1 in 10^17 for a million visits.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;

use xxhash_rust::xxh3::xxh3_128;

/// The first 96 bits of an id's xxh3-128 hash; 4-byte words keep an entry, with its
/// value, at 20 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Id([u32; 3]);

impl Hash for Id {
    // Already a hash: one word of it is all the table needs.
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.0[0]) | u64::from(self.0[1]) << 32);
    }
}

#[derive(Debug, Default)]
pub struct Duplicates {
    /// Id → (file index, line) of its first occurrence.
    seen: FxHashMap<Id, (u32, u32)>,
}

impl Duplicates {
    /// Records an occurrence; returns where the id was first seen if it was.
    pub fn first_seen(&mut self, id: &str, file: usize, line: u64) -> Option<(usize, u64)> {
        let file = u32::try_from(file).unwrap_or(u32::MAX);
        // Lines past 4 billion (a 400 GB file) would be named as 4294967295.
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        let hash = xxh3_128(id.as_bytes());
        let key = Id([hash as u32, (hash >> 32) as u32, (hash >> 64) as u32]);
        match self.seen.entry(key) {
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
