//! Groups by key on the hot path: each key is interned once into a dense id, so adding a
//! visit costs one hash lookup per dimension (none when the key repeats the previous
//! row's), not an ordered-map walk with string comparisons.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::Group;

/// Groups keyed by text, in first-seen order.
#[derive(Debug, Clone, Default)]
pub struct Keyed {
    ids: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    pub groups: Vec<Group>,
    last: Option<u32>,
}

impl Keyed {
    /// The id of `key`, creating its group from `template` on first sight.
    pub fn id(&mut self, key: &str, template: &Group) -> u32 {
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
                self.groups.push(template.clone());
                id
            }
        };
        self.last = Some(id);
        id
    }

    pub fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }

    /// The groups by key, ordered.
    pub fn into_map(self) -> BTreeMap<String, Group> {
        self.keys.into_iter().map(String::from).zip(self.groups).collect()
    }
}
