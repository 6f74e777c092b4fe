//! The ids held in memory: a list of (id, where first seen) in the order they came, and
//! an index over it of 4-byte slots, each an id's 11-bit fingerprint and its place in
//! the list. A lookup reads one slot in a table of 8 MB (for 1,572,864 ids) rather than
//! an entry in a table of entries six times the size, and new entries are written one
//! after the other.
//!
//! Measured 2026-12-02 against the plain code (an `FxHashMap<Id, Seen>`, no `touch`, the same spill), release builds, outputs
//! byte-identical (`diff -r`): `valgrind --tool=callgrind` of `shopscore score --quiet
//! --rubric benches/bench-rubric.yaml --no-xlsx --charts none` on 100,000 bench visits
//! (`gen_samples ... --visits 100000 --seed 42 --locations 200 --regions 7`), median of
//! 3-6 runs (threads make it vary by about 2%), and wall-clock on 1,000,000 (9 alternating
//! runs, median and spread):
//! instructions are the same within their noise (1,055 M against 1,065 M; realistic
//! export 1,838 M against 1,895 M), as 100,000 ids fit in cache; the gain is the cache
//! misses of a million ids: 0.94 s (0.91-1.46) against 1.10 s (1.08-1.15), -14%.

use std::io;

use super::{Id, Seen};

/// At most 3 slots in 4 are used: a lookup for a new id reads about 2.5 slots at half
/// load and 8.5 at the limit (linear probing), one or two cache lines.
const LOAD_NUM: usize = 3;
const LOAD_DEN: usize = 4;
const MIN_SLOTS: usize = 16;
/// A slot's low 21 bits hold a place in the list plus one; the 11 above, a fingerprint
/// (the top of the id's high word: the slot comes from its low word). A fingerprint
/// that matches by chance (1 in 2048) costs one read of the entry, never a wrong answer.
const PLACE_BITS: u32 = 21;
const PLACE: u32 = (1 << PLACE_BITS) - 1;
/// The most ids held: each place plus one fits [`PLACE_BITS`].
pub(super) const MAX_HELD: usize = PLACE as usize - 1;

#[derive(Debug)]
pub(super) struct Held {
    /// Open addressing, `2^k` slots: 0 is empty, else the id's fingerprint above its
    /// position in `entries` plus one.
    slots: Vec<u32>,
    /// 64 − k: an id starts probing at the top k bits of its low word.
    shift: u32,
    entries: Vec<(Id, Seen)>,
}

/// Slots for `ids` ids within the load limit.
fn slots_for(ids: usize) -> usize {
    // `find` grows when (held + 1) × 4 > slots × 3: this is the least that it never does.
    ids.saturating_mul(LOAD_DEN).div_ceil(LOAD_NUM).next_power_of_two().max(MIN_SLOTS)
}

/// The slot of the id at `index` in the entries: its fingerprint above `index + 1`.
fn slot_value(id: Id, index: usize) -> u32 {
    fingerprint(id) | (index as u32 + 1)
}

fn fingerprint(id: Id) -> u32 {
    id.high & !PLACE
}

impl Held {
    pub(super) fn new() -> Held {
        let mut held = Held { slots: Vec::new(), shift: 0, entries: Vec::new() };
        held.rebuild(MIN_SLOTS);
        held
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Makes room for `ids` ids in all.
    pub(super) fn reserve(&mut self, ids: usize) {
        if slots_for(ids) > self.slots.len() {
            self.rebuild(slots_for(ids));
        }
        self.entries.reserve(ids.saturating_sub(self.entries.len()));
    }

    /// The slot `id` starts probing at: the top bits of its low word.
    fn start(&self, id: Id) -> usize {
        (id.low >> self.shift) as usize
    }

    /// Reads the slots `ids` start probing at, to have them in cache for [`Held::find`].
    /// The loads depend on nothing but their ids, so back to back they are all in flight
    /// at once; one value is kept of them all, so that they are not optimized away.
    pub(super) fn touch(&self, ids: impl Iterator<Item = Id>) {
        let loaded = ids.fold(0, |acc, id| acc ^ self.slots.get(self.start(id)).copied().unwrap_or(0));
        std::hint::black_box(loaded);
    }

    /// Where `id` was first seen, or the empty slot to [`Held::insert`] it at; makes room
    /// for one more id first, so the slot stays good until then.
    pub(super) fn find(&mut self, id: Id) -> Result<Seen, usize> {
        if (self.entries.len() + 1) * LOAD_DEN > self.slots.len() * LOAD_NUM {
            self.rebuild(self.slots.len() * 2);
        }
        let (fingerprint, mask) = (fingerprint(id), self.slots.len() - 1);
        let mut slot = self.start(id);
        loop {
            let s = self.slots[slot];
            if s == 0 {
                return Err(slot);
            }
            if s & !PLACE == fingerprint
                && let Some(&(held, seen)) = self.entries.get(((s & PLACE) as usize).wrapping_sub(1))
                && held == id
            {
                return Ok(seen);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Records `id` at the empty `slot` [`Held::find`] gave. At most [`MAX_HELD`] ids are
    /// held (the caller spills by then).
    pub(super) fn insert(&mut self, slot: usize, id: Id, seen: Seen) {
        self.slots[slot] = slot_value(id, self.entries.len());
        self.entries.push((id, seen));
    }

    /// Hands every id held, sorted, to `spill`; the set is empty afterwards, unless
    /// `spill` fails, and then it holds them still.
    pub(super) fn drain_sorted(&mut self, spill: impl FnOnce(&[(Id, Seen)]) -> io::Result<()>) -> io::Result<()> {
        self.entries.sort_unstable_by_key(|&(id, _)| id);
        if let Err(e) = spill(&self.entries) {
            // Sorting moved the entries the index points to.
            self.rebuild(self.slots.len());
            return Err(e);
        }
        self.entries.clear();
        self.slots.fill(0);
        Ok(())
    }

    fn rebuild(&mut self, slots: usize) {
        self.slots.clear();
        self.slots.resize(slots, 0);
        self.shift = 64 - slots.trailing_zeros();
        let mask = slots - 1;
        for (i, &(id, _)) in self.entries.iter().enumerate() {
            let mut slot = self.start(id);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = slot_value(id, i);
        }
    }

    #[cfg(test)]
    pub(super) fn slots(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::duplicates::MEMORY_IDS;

    /// 12 ids fit 16 slots at 3 in 4; the 13th doubles them. Room made for 100 ids after
    /// some are held keeps those: 100 × 4 / 3 needs 256 slots.
    #[test]
    fn the_index_grows_at_three_in_four_and_keeps_its_ids() {
        let mut h = Held::new();
        let id = |n: u64| Id { low: n.wrapping_mul(0x9E37_79B9_7F4A_7C15), high: n as u32 };
        (0..12).for_each(|n| assert_eq!(get_or_insert(&mut h, id(n), Seen::new(0, n)), None));
        assert_eq!(h.slots(), 16);
        assert_eq!(get_or_insert(&mut h, id(12), Seen::new(0, 12)), None);
        assert_eq!(h.slots(), 32);
        h.reserve(100);
        assert_eq!(h.slots(), 256);
        assert!((0..13).all(|n| get_or_insert(&mut h, id(n), Seen::new(1, 0)) == Some(Seen::new(0, n))));
        assert_eq!(slots_for(MEMORY_IDS), 1 << 21, "the ids held in memory fit 2^21 slots exactly");
    }

    fn get_or_insert(h: &mut Held, id: Id, seen: Seen) -> Option<Seen> {
        match h.find(id) {
            Ok(first) => Some(first),
            Err(slot) => {
                h.insert(slot, id, seen);
                None
            }
        }
    }

    /// Ids that start probing at the same slot and share a fingerprint (same top bits of
    /// the low word, same high word) are still told apart by the whole id.
    #[test]
    fn ids_with_the_same_slot_and_fingerprint_are_different_ids() {
        let mut h = Held::new();
        let ids: Vec<Id> = (0..40).map(|n| Id { low: 5 << 60 | n, high: 9 }).collect();
        for (n, &id) in ids.iter().enumerate() {
            assert_eq!(get_or_insert(&mut h, id, Seen::new(0, n as u64)), None, "id {n} is new");
        }
        // 40 ids grew the table from 16 slots to 64 (40 × 4 / 3 needs more than 32).
        assert_eq!(h.slots(), 64);
        for (n, &id) in ids.iter().enumerate() {
            assert_eq!(get_or_insert(&mut h, id, Seen::new(1, 0)), Some(Seen::new(0, n as u64)), "id {n} again");
        }
        assert_eq!(get_or_insert(&mut h, Id { low: 5 << 60 | 40, high: 9 }, Seen::new(2, 0)), None);
        let mut sorted = Vec::new();
        let failed = h.drain_sorted(|_| Err(io::Error::other("disk full")));
        assert!(failed.is_err() && h.len() == 41, "a failed spill keeps every id");
        assert_eq!(get_or_insert(&mut h, ids[7], Seen::new(4, 0)), Some(Seen::new(0, 7)), "and finds them");
        h.drain_sorted(|entries| {
            sorted = entries.iter().map(|(id, _)| id.low & 0xff).collect();
            Ok(())
        })
        .unwrap();
        assert_eq!(sorted, (0..41).collect::<Vec<u64>>());
        assert_eq!((h.len(), get_or_insert(&mut h, ids[0], Seen::new(3, 0))), (0, None), "empty after draining");
    }
}
