//! The ids held in memory: a list of (id, where first seen) in the order they came, and
//! an index over it of 8-byte slots, each an id's 32-bit fingerprint and its place in
//! the list. A lookup reads one slot in a table of 16 MB (for 1,572,864 ids) rather than
//! an entry in one of 42 MB, and new entries are written one after the other.

use super::{Id, Seen};

/// At most 3 slots in 4 are used, so a lookup seldom reads past its first slot's line.
const LOAD_NUM: usize = 3;
const LOAD_DEN: usize = 4;
const MIN_SLOTS: usize = 16;

#[derive(Debug)]
pub(super) struct Held {
    /// Open addressing, `2^k` slots: 0 is empty, else the id's high word above its
    /// position in `entries` plus one.
    slots: Vec<u64>,
    /// 64 − k: an id starts probing at the top k bits of its low word.
    shift: u32,
    entries: Vec<(Id, Seen)>,
}

/// Slots for `ids` ids within the load limit.
fn slots_for(ids: usize) -> usize {
    (ids.saturating_mul(LOAD_DEN) / LOAD_NUM + 1).next_power_of_two().max(MIN_SLOTS)
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

    /// Where `id` was first seen, or the empty slot to [`Held::insert`] it at; makes room
    /// for one more id first, so the slot stays good until then.
    pub(super) fn find(&mut self, id: Id) -> Result<Seen, usize> {
        if (self.entries.len() + 1) * LOAD_DEN > self.slots.len() * LOAD_NUM {
            self.rebuild(self.slots.len() * 2);
        }
        let (fingerprint, mask) = (u64::from(id.high), self.slots.len() - 1);
        let mut slot = (id.low >> self.shift) as usize;
        loop {
            let s = self.slots[slot];
            if s == 0 {
                return Err(slot);
            }
            if s >> 32 == fingerprint
                && let Some(&(held, seen)) = self.entries.get((s as u32 as usize).wrapping_sub(1))
                && held == id
            {
                return Ok(seen);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Records `id` at the empty `slot` [`Held::find`] gave. At most `u32::MAX - 1` ids
    /// are held (the caller spills long before).
    pub(super) fn insert(&mut self, slot: usize, id: Id, seen: Seen) {
        self.slots[slot] = u64::from(id.high) << 32 | (self.entries.len() as u64 + 1);
        self.entries.push((id, seen));
    }

    /// Every id held, sorted, for spilling; the set is empty afterwards.
    pub(super) fn drain_sorted(&mut self, f: impl FnOnce(&[(Id, Seen)])) {
        self.entries.sort_unstable_by_key(|&(id, _)| id);
        f(&self.entries);
        self.entries.clear();
        self.slots.fill(0);
    }

    fn rebuild(&mut self, slots: usize) {
        self.slots.clear();
        self.slots.resize(slots, 0);
        self.shift = 64 - slots.trailing_zeros();
        let mask = slots - 1;
        for (i, &(id, _)) in self.entries.iter().enumerate() {
            let mut slot = (id.low >> self.shift) as usize;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = u64::from(id.high) << 32 | (i as u64 + 1);
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
            assert_eq!(get_or_insert(&mut h, id, (0, n as u32)), None, "id {n} is new");
        }
        // 40 ids grew the table from 16 slots to 64 (40 × 4 / 3 needs more than 32).
        assert_eq!(h.slots(), 64);
        for (n, &id) in ids.iter().enumerate() {
            assert_eq!(get_or_insert(&mut h, id, (1, 0)), Some((0, n as u32)), "id {n} again");
        }
        assert_eq!(get_or_insert(&mut h, Id { low: 5 << 60 | 40, high: 9 }, (2, 0)), None);
        let mut sorted = Vec::new();
        h.drain_sorted(|entries| sorted = entries.iter().map(|(id, _)| id.low & 0xff).collect());
        assert_eq!(sorted, (0..41).collect::<Vec<u64>>());
        assert_eq!((h.len(), get_or_insert(&mut h, ids[0], (3, 0))), (0, None), "empty after draining");
    }
}
