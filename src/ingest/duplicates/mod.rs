//! Duplicate visit ids across every file of a run (SCORING.md §5).
//!
//! Ids are kept as 96-bit hashes, not strings: the set is the one thing that grows with
//! the number of visits, and 24 bytes an entry (with where it was first seen) keeps a
//! million visits near 40 MB. A collision between two different ids is about 1 in 10^17
//! for a million visits (xxh3 is not seeded: the odds are for ids nobody crafted to
//! collide).
//!
//! Memory stays bounded whatever the number of visits: once [`MEMORY_IDS`] ids are held,
//! they are sorted and spilled to a temporary file (`spill`), and a Bloom filter of fixed
//! size (`filter`) tells which new ids need looking up there. The answer is exact either
//! way; past the limit a run is only slower.

mod filter;
mod held;
mod spill;

use std::io;

use xxhash_rust::xxh3::xxh3_128;

use filter::Filter;
use held::Held;
use spill::Spilled;

/// Ids held in memory before they spill: as many as an index of 2^21 slots holds (3/4
/// of them), 46 MB with the index.
pub const MEMORY_IDS: usize = (1 << 21) / 4 * 3;
const _: () = assert!(MEMORY_IDS <= held::MAX_HELD, "every id held has a place in a slot");

/// The Bloom filter over spilled ids: 24 bits an id for the first 11 million.
const FILTER_BYTES: usize = 32 << 20;

/// The first 96 bits of an id's xxh3-128 hash, packed to 12 bytes so an entry, with its
/// value, is 24. As one 8-byte and one 4-byte word (not three of 4 bytes) it is stored
/// and read back whole: a key kept across the table lookup lives on the stack, and an
/// 8-byte read of two 4-byte stores would stall until every miss before it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(C, packed(4))]
struct Id {
    low: u64,
    high: u32,
}

impl Id {
    fn of(id: &str) -> Id {
        let hash = xxh3_128(id.as_bytes());
        Id { low: hash as u64, high: (hash >> 64) as u32 }
    }

    fn from_words([a, b, c]: [u32; 3]) -> Id {
        Id { low: u64::from(a) | u64::from(b) << 32, high: c }
    }

    fn words(self) -> [u32; 3] {
        let low = self.low;
        [low as u32, (low >> 32) as u32, self.high]
    }
}

/// A visit id as [`Duplicates`] looks it up.
#[derive(Debug, Clone, Copy)]
pub struct Key(Id);

/// Where an id was first seen: file index and line, in 4-byte words (the line in two,
/// as blank lines count and a 4 GB file can pass line 2^32), so an entry is 24 bytes
/// without padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    file: u32,
    line: [u32; 2],
}

impl Seen {
    fn new(file: usize, line: u64) -> Seen {
        // More than 4 billion input files cannot be named on one command line.
        let file = u32::try_from(file).unwrap_or(u32::MAX);
        Seen { file, line: [line as u32, (line >> 32) as u32] }
    }

    fn get(self) -> (usize, u64) {
        (self.file as usize, u64::from(self.line[0]) | u64::from(self.line[1]) << 32)
    }
}

#[derive(Debug)]
pub struct Duplicates {
    /// Id → where it was first seen, for the ids not spilled.
    seen: Held,
    limit: usize,
    filter_bytes: usize,
    spilled: Option<(Filter, Spilled)>,
}

impl Default for Duplicates {
    fn default() -> Self {
        Duplicates::with_limit(MEMORY_IDS, FILTER_BYTES)
    }
}

impl Duplicates {
    /// A set that spills past `limit` ids held, with a filter of `filter_bytes`.
    pub fn with_limit(limit: usize, filter_bytes: usize) -> Duplicates {
        let limit = limit.clamp(1, held::MAX_HELD);
        Duplicates { seen: Held::new(), limit, filter_bytes, spilled: None }
    }

    /// Makes room for `ids` ids (as many as are held in memory at most) ahead of time.
    pub fn reserve(&mut self, ids: usize) {
        self.seen.reserve(ids.min(self.limit));
    }

    /// Records an occurrence; returns where the id was first seen if it was. Fails only
    /// when the temporary file of spilled ids cannot be written or read.
    pub fn first_seen(&mut self, id: &str, file: usize, line: u64) -> io::Result<Option<(usize, u64)>> {
        let key = self.key(id);
        self.first_seen_key(key, file, line)
    }

    /// The key of `id`, for [`Duplicates::first_seen_key`].
    pub fn key(&self, id: &str) -> Key {
        Key(Id::of(id))
    }

    /// Reads the places of `keys` in the index, so that a batch's cache misses come at
    /// once, side by side, and the lookups that follow find their slots in cache.
    pub fn touch<'k>(&self, keys: impl IntoIterator<Item = &'k Key>) {
        self.seen.touch(keys.into_iter().map(|k| k.0));
    }

    /// [`Duplicates::first_seen`] of the id `key` was made from.
    pub fn first_seen_key(&mut self, Key(key): Key, file: usize, line: u64) -> io::Result<Option<(usize, u64)>> {
        let found = |seen: Seen| Some(seen.get());
        if self.seen.len() >= self.limit {
            self.spill()?;
        }
        let slot = match self.seen.find(key) {
            Ok(seen) => return Ok(found(seen)),
            Err(slot) => slot,
        };
        if let Some((filter, spilled)) = &mut self.spilled
            && filter.may_contain(key)
            && let Some(seen) = spilled.find(key)?
        {
            return Ok(found(seen));
        }
        self.seen.insert(slot, key, Seen::new(file, line));
        Ok(None)
    }

    /// Moves every id held in memory to a new sorted run on disk.
    fn spill(&mut self) -> io::Result<()> {
        let (filter, spilled) = match &mut self.spilled {
            Some(s) => s,
            None => self.spilled.insert((Filter::new(self.filter_bytes), Spilled::new()?)),
        };
        self.seen.drain_sorted(|run| {
            spilled.write(run)?;
            run.iter().for_each(|&(id, _)| filter.insert(id));
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_after_the_first_points_to_the_first() {
        let mut d = Duplicates::default();
        assert_eq!(d.first_seen("R-1", 0, 2).unwrap(), None);
        assert_eq!(d.first_seen("R-2", 0, 3).unwrap(), None);
        assert_eq!(d.first_seen("R-1", 1, 7).unwrap(), Some((0, 2)));
        assert_eq!(d.first_seen("R-1", 1, 9).unwrap(), Some((0, 2)));
        assert_eq!(d.first_seen("r-1", 1, 10).unwrap(), None);
    }

    /// Lines past 2^32 (blank lines count, so a 4 GB file has them) are named exactly,
    /// held in memory and spilled.
    #[test]
    fn a_line_past_four_billion_is_named_exactly() {
        let far = (1u64 << 32) + 7;
        // Two held at most: the fourth call spills A and B before it looks A up.
        let mut d = Duplicates::with_limit(2, 64);
        assert_eq!(d.first_seen("A", 0, far).unwrap(), None);
        assert_eq!(d.first_seen("A", 1, far + 1).unwrap(), Some((0, far)), "held");
        assert_eq!(d.first_seen("B", 1, far + 2).unwrap(), None);
        assert_eq!(d.first_seen("A", 2, far + 3).unwrap(), Some((0, far)), "spilled");
    }

    #[test]
    fn room_made_ahead_is_capped_at_the_ids_held_in_memory() {
        let mut d = Duplicates::with_limit(1_000, 64);
        d.reserve(usize::MAX);
        // 1,000 ids need 2,048 slots (3/4 of 1,024 is too few).
        assert_eq!(d.seen.slots(), 2_048);
        assert_eq!(d.first_seen("R-1", 0, 2).unwrap(), None);
    }

    /// Four occurrences of every id in a scrambled order, through sets that spill every
    /// 7 and every 600 ids (with filters small enough to give false positives) and one
    /// that never spills: each answer is the one a plain map of every id gives.
    #[test]
    fn spilling_gives_the_same_answers_as_keeping_every_id() {
        for (ids, limit, filter_bytes) in [(300, 7, 64), (5_000, 600, 1 << 10), (5_000, MEMORY_IDS, FILTER_BYTES)] {
            let mut d = Duplicates::with_limit(limit, filter_bytes);
            let mut all: std::collections::HashMap<String, (usize, u64)> = Default::default();
            for n in 0..4 * ids as u64 {
                // 7919 is a prime, so prime to `ids`: the first `ids` occurrences are every
                // id once, and each comes back three times, far apart.
                let id = format!("V-{}", n * 7919 % ids as u64);
                let (file, line) = ((n % 3) as usize, n + 2);
                let want = all.get(&id).copied();
                all.entry(id.clone()).or_insert((file, line));
                assert_eq!(d.first_seen(&id, file, line).unwrap(), want, "{id} (limit {limit}, occurrence {n})");
            }
            let spills = d.spilled.as_ref().map_or(0, |(_, s)| s.runs());
            // A set holding `limit` ids spills at the next occurrence: before new id number
            // k × limit + 1 (k = 1, 2, ...), or soon after the last new id.
            assert_eq!(spills, ids / limit, "limit {limit}");
        }
    }
}
