//! The answers shoppers write most (`yes`, `Fixed at once`, `4`, `n/a`), per question,
//! found without parsing: the common cell costs one lookup, and reads exactly as
//! [`parse`] reads it, as every entry is what [`parse`] makes of its text.
//!
//! Measured 2026-12-02 against the plain code (`answer::parse` of every cell), release builds, outputs
//! byte-identical (`diff -r`): `valgrind --tool=callgrind` of `shopscore score --quiet
//! --rubric benches/bench-rubric.yaml --no-xlsx --charts none` on 100,000 bench visits
//! (`gen_samples ... --visits 100000 --seed 42 --locations 200 --regions 7`), median of
//! 3-6 runs (threads make it vary by about 2%), and wall-clock on 1,000,000 (9 alternating
//! runs, median and spread):
//! 1,055 M instructions against 1,213 M (-13%); on a realistic export of 100,000 (a
//! quoted comment in 80% of rows, 3% blank and 1.5% invalid answers, 1% bad dates)
//! 1,838 M against 2,029 M (-9%); 0.94 s (0.91-1.46) against 1.30 s (1.27-1.47).

use super::answer::{Answer, parse};
use crate::bytes::{lower, word_at};
use crate::rubric::{Question, QuestionKind};
use crate::tokens::{NA_TOKENS, NO, YES};

/// The answers shoppers write most (`yes`, `Fixed at once`, `4`, `n/a`) per question,
/// each with what [`parse`] makes of it, so a common cell costs one short comparison.
/// The table is filled by calling [`parse`] itself, and a cell matches an entry only
/// where [`parse`] could not tell them apart (same ASCII text in another case), so a
/// cell reads the same with or without it.
#[derive(Debug, Clone, Default)]
pub struct Known {
    per_question: Vec<Table>,
}

/// One question's known answers, found by a hash of the lower-cased text. A slot is
/// small (its key as two words, and its answer), so every question's table stays in the
/// fastest cache; keys longer than sixteen bytes keep their bytes aside.
#[derive(Debug, Clone)]
struct Table {
    /// Open addressing over `1 << bits` slots, at least four per key (few collisions, so
    /// a lookup seldom probes a second slot).
    slots: Vec<Slot>,
    bits: u32,
    /// The bytes of keys longer than sixteen, by [`Slot::long`].
    long: Vec<Box<[u8]>>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    answer: Answer,
    /// The key's first and last eight bytes, ASCII-lower-cased ([`head`]); with its
    /// length, these are the whole key up to sixteen bytes.
    head: u64,
    tail: u64,
    /// The key's length; 0 for an empty slot (no key is empty).
    len: u32,
    /// For a key longer than sixteen bytes, its index in [`Table::long`].
    long: u32,
}

const EMPTY: Slot = Slot { answer: Answer::Missing, head: 0, tail: 0, len: 0, long: 0 };

/// Scales with more values than this are left to [`parse`].
const MAX_SCALE_VALUES: f64 = 200.0;

/// The first eight bytes of `text` (zero after its end) as a word, with ASCII capitals
/// lower-cased: two texts of up to eight bytes are equal in any ASCII case exactly when
/// their heads are equal, and one comparison tells.
fn head(text: &[u8]) -> u64 {
    let word = word_at(text, 0).unwrap_or_else(|| text.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)));
    lower(word)
}

/// The last eight bytes of `text` as [`head`] makes them (the whole text if shorter).
fn tail(text: &[u8]) -> u64 {
    head(text.get(text.len().saturating_sub(8)..).unwrap_or_default())
}

/// The slot of `1 << bits` a text with this head and length starts probing at.
fn slot_of(head: u64, len: usize, bits: u32) -> usize {
    ((head ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl Table {
    fn new(entries: Vec<(Box<[u8]>, Answer)>) -> Table {
        let bits = (entries.len() * 4).next_power_of_two().max(16).trailing_zeros();
        let mut table = Table { slots: vec![EMPTY; 1 << bits], bits, long: Vec::new() };
        let mask = table.slots.len() - 1;
        for (key, answer) in entries {
            // The first spelling wins, as in `parse` (N/A tokens come first).
            if key.is_empty() || u32::try_from(key.len()).is_err() || table.get(&key).is_some() {
                continue;
            }
            let (h, n) = (head(&key), key.len());
            let mut slot = slot_of(h, n, bits);
            while table.slots[slot].len != 0 {
                slot = (slot + 1) & mask;
            }
            let long = table.long.len() as u32;
            if n > 16 {
                table.long.push(key.clone());
            }
            table.slots[slot] = Slot { answer, head: h, tail: tail(&key), len: n as u32, long };
        }
        table
    }

    fn get(&self, text: &[u8]) -> Option<&Answer> {
        self.get_words(text, head(text), tail(text))
    }

    /// [`Table::get`] with the text's [`head`] and [`tail`] already made.
    #[inline]
    fn get_words(&self, text: &[u8], h: u64, t: u64) -> Option<&Answer> {
        let n = text.len();
        let mask = self.slots.len().wrapping_sub(1);
        let mut slot = slot_of(h, n, self.bits);
        loop {
            let s = self.slots.get(slot)?;
            if s.len == 0 {
                return None;
            }
            if s.len as usize == n && s.head == h && s.tail == t {
                // Head and tail overlap or meet up to sixteen bytes; past that, the middle.
                let whole = n <= 16 || self.long.get(s.long as usize).is_some_and(|k| k.eq_ignore_ascii_case(text));
                if whole {
                    return Some(&s.answer);
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Every key (lower-cased), for tests: up to sixteen bytes rebuilt from head and tail.
    #[cfg(test)]
    fn keys(&self) -> Vec<Vec<u8>> {
        let short = self.slots.iter().filter(|s| s.len > 0 && s.len <= 16).map(|s| {
            let n = s.len as usize;
            let mut key = s.head.to_le_bytes()[..n.min(8)].to_vec();
            if n > 8 {
                key.extend_from_slice(&s.tail.to_le_bytes()[16 - n..]);
            }
            key
        });
        short.chain(self.long.iter().map(|k| k.to_ascii_lowercase())).collect()
    }
}

impl Known {
    pub fn new(questions: &[Question]) -> Known {
        let per_question = questions
            .iter()
            .map(|q| {
                let mut texts: Vec<String> = NA_TOKENS.map(String::from).to_vec();
                match &q.kind {
                    QuestionKind::YesNo { .. } => texts.extend(YES.iter().chain(&NO).map(|t| t.to_string())),
                    QuestionKind::Choice { options } | QuestionKind::Multi { options } => {
                        texts.extend(options.iter().map(|o| o.label.trim().to_string()));
                    }
                    QuestionKind::Scale { min, max, step } => {
                        let n = ((max - min) / step).round();
                        if n <= MAX_SCALE_VALUES {
                            texts.extend((0..=n as u32).map(|k| format!("{}", min + f64::from(k) * step)));
                        }
                    }
                    QuestionKind::Number { .. } => {}
                }
                texts.retain(|t| t.is_ascii() && !t.is_empty() && t.trim() == t);
                Table::new(texts.into_iter().map(|t| (t.as_bytes().into(), parse(q, &t))).collect())
            })
            .collect();
        Known { per_question }
    }

    /// [`Known::get_in`] of a cell on its own, for tests.
    #[cfg(test)]
    fn get(&self, i: usize, cell: &[u8]) -> Option<&Answer> {
        self.get_in(i, cell, 0..cell.len())
    }

    /// The answer to question `i` when the cell `line[cell]` is one of its known answers:
    /// then `parse` would give the same (the cell is ASCII, as every known answer is). A
    /// reference, so the caller copies it from the table to its place in one move. The
    /// cell's head and tail words are read from the line where eight bytes are there to
    /// read (a short cell masked): no loop over a cell whose length varies from row to
    /// row, and so no mispredicted loop exit.
    #[inline]
    pub fn get_in(&self, i: usize, line: &[u8], cell: std::ops::Range<usize>) -> Option<&Answer> {
        let bytes = line.get(cell.clone())?;
        let text = bytes.trim_ascii();
        if !(text.first().is_some_and(u8::is_ascii) && text.last().is_some_and(u8::is_ascii)) {
            return None;
        }
        let (start, n) = (cell.start + (bytes.len() - bytes.trim_ascii_start().len()), text.len());
        let h = match word_at(line, start) {
            Some(w) if n >= 8 => lower(w),
            Some(w) => lower(w & ((1u64 << (8 * n)) - 1)),
            None => head(text),
        };
        let t = if n <= 8 { h } else { word_at(line, start + n - 8).map_or_else(|| tail(text), lower) };
        self.per_question.get(i)?.get_words(text, h, t)
    }

    /// [`parse`] of the answer to question `i`, `q`, through the table where it can.
    #[cfg(test)]
    fn answer(&self, i: usize, q: &Question, cell: &str) -> Answer {
        self.get(i, cell.as_bytes()).copied().unwrap_or_else(|| parse(q, cell))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::answer::tests::questions;

    /// Every cell of every test above, and spellings around them, read the same through
    /// the table as through `parse`.
    #[test]
    fn known_answers_read_as_parse_reads_them() {
        let qs = questions();
        let known = Known::new(&qs);
        let cells = [
            "yes",
            " Y ",
            "TRUE",
            "1",
            "no",
            "n",
            "False",
            "0",
            "yse",
            "2",
            "",
            "   ",
            "N/A",
            "na",
            "-",
            "NA",
            "0.5",
            "7.5",
            "10",
            "7.3",
            "-0.5",
            "10.5",
            "seven",
            "7.5000000001",
            "07.5",
            "warmly",
            " POLITELY ",
            "not at all",
            "Warm",
            "Gift wrap; delivery",
            "demo",
            "DEMO",
            "Delivery;Balloon",
            ";",
            "30",
            "31",
            "61",
            "1e1",
            "inf",
            "\u{a0}yes\u{a0}",
            "yes\u{2003}",
            "\u{feff}no",
            "Nä",
            "4",
            "5",
        ];
        for (i, q) in qs.iter().enumerate() {
            for cell in cells {
                assert_eq!(known.answer(i, q, cell), parse(q, cell), "question {} cell {cell:?}", q.id);
            }
        }
        // Every key of every table, in other cases and with white space around it that
        // `trim_ascii` and `str::trim` treat differently (\x0B is Unicode white space only).
        for (i, q) in qs.iter().enumerate() {
            for key in known.per_question[i].keys() {
                let key = String::from_utf8_lossy(&key).to_string();
                let variants = [key.to_lowercase(), key.to_uppercase(), key.clone()];
                for v in variants {
                    for cell in
                        [v.clone(), format!(" {v}\t"), format!("\x0B{v}"), format!("{v}\x0C"), format!("\u{a0}{v}")]
                    {
                        assert_eq!(known.answer(i, q, &cell), parse(q, &cell), "question {} cell {cell:?}", q.id);
                    }
                }
            }
        }
        // Read in place from a line, at every position, as from the cell alone.
        for (i, q) in qs.iter().enumerate() {
            for cell in ["yes", " No ", "7.5", "Warmly", "not at all", "Gift wrap; delivery", "n/a", "x", "\x0Byes"] {
                for pad in 0..10 {
                    let line = format!("{}{cell}{}", ",".repeat(pad), ",".repeat(10 - pad));
                    let got = known.get_in(i, line.as_bytes(), pad..pad + cell.len());
                    assert_eq!(got, known.get(i, cell.as_bytes()), "question {} cell {cell:?} at {pad}", q.id);
                }
            }
        }
        // The table answers the common cells itself.
        let keys = known.per_question[3].keys();
        assert!(keys.contains(&b"warmly".to_vec()) && keys.contains(&b"not at all".to_vec()), "{keys:?}");
        assert_eq!(known.per_question[2].get(b"7.5"), Some(&Answer::Scored(0.75)));
        assert_eq!(known.per_question[3].get(b"NOT AT ALL"), Some(&Answer::Scored(0.0)));
        assert_eq!(known.per_question[3].get(b"Warm"), None);
    }

    #[test]
    fn heads_are_equal_exactly_when_texts_match_in_any_case() {
        let texts: [&[u8]; 12] = [
            b"",
            b"a",
            b"A",
            b"yes",
            b"YES",
            b"Yes",
            b"yes!",
            b"@[`{",
            b"Fixed at",
            b"fixed AT once",
            b"\xC3\xA9",
            b"\xE3",
        ];
        for a in texts {
            for b in texts.iter().filter(|b| b.len() == a.len()) {
                let (a8, b8) = (&a[..a.len().min(8)], &b[..b.len().min(8)]);
                assert_eq!(head(a) == head(b), a8.eq_ignore_ascii_case(b8), "{a:?} {b:?}");
            }
        }
        for b in 0..=255u8 {
            assert_eq!(head(&[b]), u64::from(b.to_ascii_lowercase()), "{b:#x}");
        }
    }
}
