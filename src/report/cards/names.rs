//! Card file names that stay put from month to month. A location's file name is made
//! from its name the first time it gets a card and kept in `.shopscore-cards` in the
//! output folder, so it never changes while the folder is used, and a name once given is
//! never given to another location (a store that closed keeps its name, in case a
//! manager still has last month's file).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

/// The map's file name at the top of the output folder.
pub const CARDS_MAP: &str = ".shopscore-cards";

/// Longest file name made from a location name, in bytes.
const MAX: usize = 60;

/// The map as stored: location name -> file name (without `.xlsx`).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    cards: BTreeMap<String, String>,
}

/// The file names of a folder's cards, old and new.
#[derive(Debug, Default)]
pub struct CardNames {
    stored: Stored,
    taken: HashSet<String>,
}

impl CardNames {
    /// The map as a run left it; every file name must be one this module could have made,
    /// and no two locations may share one.
    pub fn parse(bytes: &[u8]) -> Result<CardNames, String> {
        let stored: Stored = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let mut taken = HashSet::new();
        for (location, file) in &stored.cards {
            if file.is_empty()
                || super::super::safe_name(file, MAX + 12) != *file
                || super::super::is_windows_device_name(file)
            {
                return Err(format!("`{file}` (the card of `{location}`) is not a file name shopscore makes"));
            }
            if !taken.insert(file.clone()) {
                return Err(format!("`{file}` is given to two locations"));
            }
        }
        Ok(CardNames { stored, taken })
    }

    /// The file name of each of `locations`: the one it had, or for a location new to the
    /// folder a new one, taken in the order of the locations' names: its cleaned name, or
    /// that name with `-2`, `-3`, ... when any location ever had it.
    pub fn assign(&mut self, locations: &[&str]) -> Vec<String> {
        let mut order: Vec<usize> = (0..locations.len()).collect();
        order.sort_by_key(|&i| locations[i]);
        for &i in &order {
            if self.stored.cards.contains_key(locations[i]) {
                continue;
            }
            let base = clean(locations[i]);
            let mut name = base.clone();
            let mut k = 2;
            while self.taken.contains(&name) {
                name = format!("{base}-{k}");
                k += 1;
            }
            self.taken.insert(name.clone());
            self.stored.cards.insert(locations[i].to_string(), name);
        }
        locations.iter().map(|l| self.stored.cards.get(*l).cloned().unwrap_or_default()).collect()
    }

    /// Every file name given so far.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.stored.cards.values().map(String::as_str)
    }

    /// The map's bytes, to keep in the output folder.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(&self.stored)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// A location's name made safe for a file anywhere: lower-case ASCII letters and digits,
/// `-` between words, at most 60 characters, never empty, never a Windows device name
/// (`con` becomes `con-location`).
fn clean(location: &str) -> String {
    let out = super::super::safe_name(location, MAX);
    if out.is_empty() {
        "location".to_string()
    } else if super::super::is_windows_device_name(&out) {
        format!("{out}-location")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut names = CardNames::default();
        let got = names.assign(&["York / Coney St", "../etc", "Café!", "Cafe?", "", "☕", "York Coney St"]);
        assert_eq!(got, ["york-coney-st", "etc", "caf", "cafe", "location", "location-2", "york-coney-st-2"]);
        let long = "x".repeat(200);
        assert_eq!(CardNames::default().assign(&[&long])[0].len(), 60);
    }

    #[test]
    fn windows_device_names_are_never_file_names() {
        let got = CardNames::default().assign(&["CON", "nul", "Com1", "LPT9", "aux.", "prn store", "com10"]);
        assert_eq!(
            got,
            ["con-location", "nul-location", "com1-location", "lpt9-location", "aux-location", "prn-store", "com10"]
        );
    }

    /// Month 1 has `Caf Nord` and `Café Nord` (both `caf-nord`); month 2 only `Café Nord`,
    /// which keeps `caf-nord-2` and does not move to `caf-nord`; month 3 brings `Caf
    /// Nord!`, which must not take `caf-nord` from the store that had it.
    #[test]
    fn a_name_stays_with_its_location_across_runs() {
        let mut first = CardNames::default();
        assert_eq!(first.assign(&["Café Nord", "Caf Nord"]), ["caf-nord-2", "caf-nord"]);
        let saved = first.to_json().unwrap();
        let mut second = CardNames::parse(&saved).unwrap();
        assert_eq!(second.assign(&["Café Nord"]), ["caf-nord-2"]);
        let mut third = CardNames::parse(&second.to_json().unwrap()).unwrap();
        assert_eq!(third.assign(&["Caf Nord!", "Café Nord"]), ["caf-nord-3", "caf-nord-2"]);
    }

    #[test]
    fn a_map_that_shopscore_could_not_have_written_is_refused() {
        assert!(CardNames::parse(br#"{"cards":{"A":"../a"}}"#).is_err());
        assert!(CardNames::parse(br#"{"cards":{"A":"con"}}"#).is_err());
        assert!(CardNames::parse(br#"{"cards":{"A":"a","B":"a"}}"#).is_err());
        assert!(CardNames::parse(b"not json").is_err());
        assert!(CardNames::parse(br#"{"cards":{"A":"a","B":"b-2"}}"#).is_ok());
    }
}
