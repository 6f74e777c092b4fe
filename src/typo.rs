//! "Did you mean" hints: which of a few candidates (labels, headers, ids) a text the run
//! does not know was likely meant to be.
//!
//! Each distance is remembered, per thread, for the next [`REMEMBERED`] pairs: a file
//! with invalid answers asks for a hint on each one against each label of the question,
//! and the same few misspellings come back row after row. Measured with callgrind on the
//! realistic benchmark's first 100,000 visits (`benches/run.sh`: 11,991 invalid answers,
//! 29,966 distances, 2,568 M instructions in all), the hints took 237 M instructions
//! computed each time and 9 M remembered. (A table-driven Damerau-Levenshtein for
//! ASCII was tried first and took 225 M: the distance itself, not strsim's hash map, is
//! the cost.)

use std::cell::RefCell;
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

/// The candidate closest to `got` (case-insensitive), if it is close enough to be a
/// plausible typo; used for "did you mean" hints. Edit distance catches swapped letters
/// in short words (`yse`), Jaro-Winkler catches long headers with a changed tail.
///
/// ```
/// assert_eq!(shopscore::closest("yse", ["yes", "no"]), Some("yes"));
/// assert_eq!(shopscore::closest("banana", ["yes", "no"]), None);
/// ```
pub fn closest<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter_map(|c| typo_distance(got, c).map(|edits| (edits, c)))
        .min_by_key(|&(edits, _)| edits)
        .map(|(_, c)| c)
}

/// The edits (Damerau-Levenshtein, any case) from `got` to `candidate` when it is close
/// enough to be a plausible typo of it ([`closest`]'s test), else `None`.
pub fn typo_distance(got: &str, candidate: &str) -> Option<usize> {
    let mut hasher = FxHasher::default();
    // 0xFF is never in UTF-8: the two texts cannot run into each other.
    hasher.write(got.as_bytes());
    hasher.write_u8(0xFF);
    hasher.write(candidate.as_bytes());
    let key = hasher.finish();
    MEMO.with_borrow_mut(|memo| remember(memo, key, got, candidate))
}

/// The distance of the pair hashed to `key`: remembered when `memo` holds that very pair
/// (two pairs may share a key), else worked out and kept, the memory emptied first when
/// it is full.
fn remember(memo: &mut FxHashMap<u64, Remembered>, key: u64, got: &str, candidate: &str) -> Option<usize> {
    if let Some((g, c, edits)) = memo.get(&key)
        && **g == *got
        && **c == *candidate
    {
        return *edits;
    }
    let edits = measured(got, candidate);
    if memo.len() >= REMEMBERED {
        memo.clear();
    }
    memo.insert(key, (got.into(), candidate.into(), edits));
    edits
}

/// Pairs remembered per thread: a few hundred KB at most.
const REMEMBERED: usize = 4096;

/// A pair (got, candidate) and its distance.
type Remembered = (Box<str>, Box<str>, Option<usize>);

thread_local! {
    /// Each pair's distance by the hash of the pair, with the pair to check it against.
    static MEMO: RefCell<FxHashMap<u64, Remembered>> = RefCell::default();
}

/// [`typo_distance`] worked out.
fn measured(got: &str, candidate: &str) -> Option<usize> {
    let (got, lower) = (got.to_lowercase(), candidate.to_lowercase());
    let edits = strsim::damerau_levenshtein(&got, &lower);
    // Jaro-Winkler only when the edits alone do not decide.
    (edits <= (lower.chars().count() / 3).max(1) || strsim::jaro_winkler(&got, &lower) >= 0.85).then_some(edits)
}

#[cfg(test)]
mod tests {
    use super::{REMEMBERED, measured, remember, typo_distance};

    #[test]
    fn closest_finds_typos_and_nothing_for_strangers() {
        assert_eq!(super::closest("yse", ["yes", "no"]), Some("yes"));
        assert_eq!(super::closest("Visit Date", ["Visit ID", "Visit date"]), Some("Visit date"));
        assert_eq!(super::closest("Q3 Used name", ["Q3 Used my name", "Q4 Thanked"]), Some("Q3 Used my name"));
        assert_eq!(super::closest("banana", ["yes", "no"]), None);
    }

    /// Worked by hand: `yse` is one swap from `yes` (a third of 3 letters, at least 1:
    /// close); `nope` is two edits from `no` (over 1), and Jaro-Winkler says 0.83 (4
    /// letters against 2, both matched: (2/4 + 2/2 + 1) / 3 = 0.83, then 0.83 + 2 × 0.1 ×
    /// 0.17 = 0.87 with the common prefix `no`): close; `maybe` shares nothing with `no`.
    #[test]
    fn distances_are_edits_when_close() {
        assert_eq!(typo_distance("yse", "yes"), Some(1));
        assert_eq!(typo_distance("YSE", "yes"), Some(1));
        assert_eq!(typo_distance("nope", "no"), Some(2));
        assert_eq!(typo_distance("maybe", "no"), None);
        // Two substitutions in six letters: within a third (2), and Jaro-Winkler says no
        // (b, c, d, f match: (4/6 + 4/6 + 4/4) / 3 = 0.78, no common prefix).
        assert_eq!(typo_distance("xbcdxf", "abcdef"), Some(2));
    }

    /// Pairs that share a key (as two pairs may) each get their own distance; the memory
    /// keeps what it is given, up to its size, then starts again.
    #[test]
    fn a_shared_key_never_gives_another_pairs_distance() {
        let mut memo = Default::default();
        assert_eq!(remember(&mut memo, 7, "yse", "yes"), Some(1));
        // Same got, another candidate; same candidate, another got; then the first again.
        assert_eq!(remember(&mut memo, 7, "yse", "no"), None);
        assert_eq!(remember(&mut memo, 7, "nope", "yes"), None);
        assert_eq!(remember(&mut memo, 7, "yse", "yes"), Some(1));
        assert_eq!(remember(&mut memo, 8, "nope", "no"), Some(2));
        assert_eq!(memo.len(), 2);
        // 2 held, then 4,096 new keys: the 4,094th fills it, the 4,095th finds it full and
        // starts it again, the 4,096th makes 2.
        for key in 100..100 + REMEMBERED as u64 {
            remember(&mut memo, key, "a", "b");
        }
        assert_eq!(memo.len(), 2);
    }

    /// Asked again, and again once the memory has been emptied by more pairs than it
    /// holds, each pair gets the distance worked out afresh, never another pair's.
    #[test]
    fn remembered_distances_are_the_pairs_own() {
        let words: Vec<String> = (0..REMEMBERED + 50).map(|i| format!("w{}", i * 7919 % 10_007)).collect();
        for round in 0..2 {
            for (i, w) in words.iter().enumerate() {
                let other = &words[(i + round + 1) % words.len()];
                assert_eq!(typo_distance(w, other), measured(w, other), "{w} {other}");
                assert_eq!(typo_distance(other, w), measured(other, w), "{other} {w}");
            }
        }
    }
}
