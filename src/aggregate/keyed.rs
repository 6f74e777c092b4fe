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

/// Groups keyed by two interned keys (a location and a period, a region and a period).
#[derive(Debug, Clone, Default)]
pub struct Pairs {
    index: FxHashMap<(u32, u32), usize>,
    groups: Vec<Group>,
}

impl Pairs {
    /// The group of `(a, b)`, created from `template` on first use.
    pub fn group(&mut self, a: u32, b: u32, template: &Group) -> &mut Group {
        let next = self.groups.len();
        let i = *self.index.entry((a, b)).or_insert(next);
        if i == next {
            self.groups.push(template.clone());
        }
        &mut self.groups[i]
    }

    /// The groups as `a key → b key → group`, ordered.
    pub fn into_map(self, a: &Keyed, b: &Keyed) -> BTreeMap<String, BTreeMap<String, Group>> {
        let mut out: BTreeMap<String, BTreeMap<String, Group>> = BTreeMap::new();
        let mut groups: Vec<Option<Group>> = self.groups.into_iter().map(Some).collect();
        for ((ka, kb), i) in self.index {
            if let Some(g) = groups.get_mut(i).and_then(Option::take) {
                out.entry(a.key(ka).to_string()).or_default().insert(b.key(kb).to_string(), g);
            }
        }
        out
    }
}
