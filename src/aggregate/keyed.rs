//! Keys on the hot path: each key is interned once into a dense id, so adding a visit
//! costs one hash lookup per dimension (none when the key repeats the previous row's),
//! not an ordered-map walk with string comparisons.

use rustc_hash::FxHashMap;

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

    pub fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }
}
