//! Groups by key on the hot path: each key is interned once into a dense id, so adding
//! a visit costs one hash lookup per dimension (none when the key repeats the previous
//! row's), not an ordered-map walk with string comparisons; groups are found by ids.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::Group;
use super::tally::{Contribution, Counts, Shape, Sums};

/// Text keys to dense ids, in first-seen order.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    last: Option<u32>,
}

impl Interner {
    pub fn id(&mut self, key: &str) -> u32 {
        if let Some(last) = self.last
            && *self.keys[last as usize] == *key
        {
            return last;
        }
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                let id = self.keys.len() as u32;
                self.ids.insert(key.into(), id);
                self.keys.push(key.into());
                id
            }
        };
        self.last = Some(id);
        id
    }

    /// [`Interner::id`], trying `hint` first: one comparison instead of a lookup when the
    /// key is the one expected.
    pub fn id_or(&mut self, key: &str, hint: Option<u32>) -> u32 {
        match hint {
            Some(h) if self.keys.get(h as usize).is_some_and(|k| **k == *key) => {
                self.last = Some(h);
                h
            }
            _ => self.id(key),
        }
    }

    pub fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }

    /// `key` has an id.
    pub fn contains(&self, key: &str) -> bool {
        self.ids.contains_key(key)
    }

    /// Keys interned so far (ids are 0 to this, exclusive).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Groups keyed by text: ids by [`Interner`], sums by id. A group exists once a visit
/// has been added to it. Brief groups (shoppers, channels) keep no question detail and,
/// being outside the (location, region, period) cells, count their own visits.
#[derive(Debug, Clone, Default)]
pub(super) struct Dimension {
    pub(super) names: Interner,
    brief: bool,
    groups: Vec<Option<(Sums, Option<Counts>)>>,
}

impl Dimension {
    pub(super) fn brief() -> Dimension {
        Dimension { brief: true, ..Dimension::default() }
    }

    pub(super) fn id(&mut self, key: &str) -> u32 {
        self.names.id(key)
    }

    pub(super) fn id_or(&mut self, key: &str, hint: Option<u32>) -> u32 {
        self.names.id_or(key, hint)
    }

    pub(super) fn add(&mut self, id: u32, shape: &Shape, c: &Contribution) {
        let (i, brief) = (id as usize, self.brief);
        if i >= self.groups.len() {
            self.groups.resize_with(i + 1, || None);
        }
        let (sums, counts) =
            self.groups[i].get_or_insert_with(|| (shape.sums(!brief), brief.then(|| shape.counts(false))));
        sums.add(c);
        if let Some(counts) = counts {
            counts.add(c);
        }
    }

    /// The groups by key, ordered; counts from `counts` by id for groups without their own.
    pub(super) fn into_map(self, shape: &Shape, counts: &FxHashMap<u32, Counts>) -> BTreeMap<String, Group> {
        let (names, empty) = (&self.names, shape.counts(true));
        self.groups
            .into_iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let (sums, own) = g?;
                let counts = own.as_ref().or_else(|| counts.get(&(i as u32))).unwrap_or(&empty);
                Some((names.key(i as u32).to_string(), shape.group(sums, counts)))
            })
            .collect()
    }
}

/// (location, region, period) ids.
pub(super) type CellKey = (u32, u32, u32);

/// A (location, region, period) cell: its visits' counts, and where they go in
/// `location_periods` and `region_periods` (found once per cell, not per visit).
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub(super) counts: Counts,
    pub(super) location_period: usize,
    pub(super) region_period: usize,
}

/// Every cell, in first-seen order.
#[derive(Debug, Clone, Default)]
pub(super) struct Cells {
    index: FxHashMap<CellKey, usize>,
    pub(super) list: Vec<(CellKey, Cell)>,
    /// Per location id, its latest cell: a location's visits nearly always share one
    /// region and period, so this spares the hash lookup.
    latest: Vec<Option<(CellKey, usize)>>,
}

impl Cells {
    /// The cell of `key`, made on first sight with its slots in `lp` and `rp`.
    #[inline]
    pub(super) fn get(&mut self, key: CellKey, lp: &mut Pairs, rp: &mut Pairs, shape: &Shape) -> &mut Cell {
        let (location, region, period) = key;
        let index = match self.latest.get(location as usize).copied().flatten() {
            Some((k, i)) if k == key => i,
            _ => {
                let next = self.list.len();
                let i = *self.index.entry(key).or_insert(next);
                if i == next {
                    let cell = Cell {
                        counts: shape.counts(true),
                        location_period: lp.slot((location, period), shape),
                        region_period: rp.slot((region, period), shape),
                    };
                    self.list.push((key, cell));
                }
                if self.latest.len() <= location as usize {
                    self.latest.resize(location as usize + 1, None);
                }
                self.latest[location as usize] = Some((key, i));
                i
            }
        };
        // `index` is a position in `list` by construction (found or just pushed).
        &mut self.list[index].1
    }
}

/// Sums keyed by two ids, in first-seen order.
#[derive(Debug, Clone, Default)]
pub(super) struct Pairs {
    index: FxHashMap<(u32, u32), usize>,
    keys: Vec<(u32, u32)>,
    pub(super) sums: Vec<Sums>,
}

impl Pairs {
    /// The index in `sums` of `key`, created on first use.
    fn slot(&mut self, key: (u32, u32), shape: &Shape) -> usize {
        let next = self.sums.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.keys.push(key);
            self.sums.push(shape.sums(true));
        }
        i
    }

    /// The groups as `a key → b key → group`, ordered.
    pub(super) fn into_map(
        self,
        a: &Interner,
        b: &Interner,
        shape: &Shape,
        counts: &FxHashMap<(u32, u32), Counts>,
    ) -> BTreeMap<String, BTreeMap<String, Group>> {
        let mut out: BTreeMap<String, BTreeMap<String, Group>> = BTreeMap::new();
        let empty = shape.counts(true);
        for ((ka, kb), sums) in self.keys.into_iter().zip(self.sums) {
            let group = shape.group(sums, counts.get(&(ka, kb)).unwrap_or(&empty));
            out.entry(a.key(ka).to_string()).or_default().insert(b.key(kb).to_string(), group);
        }
        out
    }
}

/// Adds `counts` into the entry of `key`.
pub(super) fn merge_into<K: std::hash::Hash + Eq>(
    map: &mut FxHashMap<K, Counts>,
    key: K,
    counts: &Counts,
    shape: &Shape,
) {
    map.entry(key).or_insert_with(|| shape.counts(true)).merge(counts);
}

#[cfg(test)]
mod tests {
    use super::*;

    // Equivalent mutant: "replace match guard self.keys.get(h as usize).is_some_and(..) with
    // false in Interner::id_or". The hint is a shortcut only: without it `id` looks the key
    // up, finds the id it was given (an id never changes once given) and sets `last` to it,
    // as the shortcut does, so every later answer is the same.
    #[test]
    fn keys_get_dense_ids_in_first_seen_order() {
        let mut i = Interner::default();
        assert_eq!([i.id("b"), i.id("a"), i.id("a"), i.id("b"), i.id("c")], [0, 1, 1, 0, 2]);
        assert_eq!([i.key(0), i.key(1), i.key(2)], ["b", "a", "c"]);
        assert_eq!(i.id_or("a", Some(1)), 1, "the hint is right");
        assert_eq!(i.id_or("c", Some(1)), 2, "the hint is wrong: looked up");
        assert_eq!(i.id_or("d", Some(7)), 3, "a hint past the end: a new key");
        assert_eq!(i.id_or("b", None), 0);
        assert_eq!(i.id("d"), 3);
        assert_eq!(i.key(3), "d");
    }

    // Equivalent mutant: "replace match guard k == key with false in Cells::get". The
    // latest cell per location is a shortcut only: without it the key is looked up in
    // `index`, which holds every cell made, and gives the same position.
    /// Cells in first-seen order, each with its (location, period) and (region, period)
    /// slots: (0,0,0) makes lp (0,0) = 0, rp (0,0) = 0; again: the same cell; (0,1,0) finds
    /// lp (0,0) = 0 and makes rp (1,0) = 1; back to (0,0,0): cell 0 (not the latest);
    /// (1,0,1) makes lp (1,1) = 1 and rp (0,1) = 2.
    #[test]
    fn cells_are_made_once_with_their_slots() {
        let shape = Shape::new(1, 1, 1);
        let (mut cells, mut lp, mut rp) = (Cells::default(), Pairs::default(), Pairs::default());
        let mut slots = |key| {
            let cell = cells.get(key, &mut lp, &mut rp, &shape);
            (cell.location_period, cell.region_period)
        };
        assert_eq!(slots((0, 0, 0)), (0, 0));
        assert_eq!(slots((0, 0, 0)), (0, 0));
        assert_eq!(slots((0, 1, 0)), (0, 1));
        assert_eq!(slots((0, 0, 0)), (0, 0));
        assert_eq!(slots((1, 0, 1)), (1, 2));
        assert_eq!(slots((0, 1, 0)), (0, 1));
        let keys: Vec<CellKey> = cells.list.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, [(0, 0, 0), (0, 1, 0), (1, 0, 1)]);
        assert_eq!((lp.keys, rp.keys), (vec![(0, 0), (1, 1)], vec![(0, 0), (1, 0), (0, 1)]));
    }
}
