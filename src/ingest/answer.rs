//! One cell to one [`Answer`], by the question's type (SCORING.md §2 and §1 per type).

use crate::rubric::STEP_TOLERANCE;
use crate::rubric::{Question, QuestionKind};

/// What a shopper's cell means for one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// Blank: excluded from scoring, reported as a data issue.
    Missing,
    /// N/A on a question that allows it: excluded from scoring.
    NotApplicable,
    /// A valid answer with its fraction f in [0, 1].
    Scored(f64),
    /// Anything else: excluded from scoring, reported as a data issue.
    Invalid(Invalid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// N/A on a question with `na: false`.
    NaNotAllowed,
    /// Not a value the question's type accepts.
    NotAValue,
}

impl Answer {
    pub fn fraction(self) -> Option<f64> {
        match self {
            Answer::Scored(f) => Some(f),
            _ => None,
        }
    }
}

/// `n/a`, `na` or `-`, any case (trimmed by the caller).
pub fn is_na_token(s: &str) -> bool {
    s == "-" || s.eq_ignore_ascii_case("n/a") || s.eq_ignore_ascii_case("na")
}

/// Reads one cell as an answer to `q`. Inlined, so the answer is built where it goes.
#[inline]
pub fn parse(q: &Question, cell: &str) -> Answer {
    let cell = cell.trim();
    if cell.is_empty() {
        return Answer::Missing;
    }
    if is_na_token(cell) {
        return if q.na { Answer::NotApplicable } else { Answer::Invalid(Invalid::NaNotAllowed) };
    }
    value(&q.kind, cell).map_or(Answer::Invalid(Invalid::NotAValue), Answer::Scored)
}

fn value(kind: &QuestionKind, cell: &str) -> Option<f64> {
    match kind {
        QuestionKind::YesNo { expected } => yes_no(cell).map(|v| if v == *expected { 1.0 } else { 0.0 }),
        QuestionKind::Scale { min, max, step } => {
            let v = number(cell)?;
            let steps = (v - min) / step;
            let on_step = (steps - steps.round()).abs() * step <= STEP_TOLERANCE;
            // "Within 1e-9" holds at the ends too; f stays inside [0, 1].
            let in_range = v >= min - STEP_TOLERANCE && v <= max + STEP_TOLERANCE;
            (in_range && on_step).then(|| ((v - min) / (max - min)).clamp(0.0, 1.0))
        }
        QuestionKind::Choice { options } => find_label(options, cell).map(|i| options[i].fraction),
        QuestionKind::Multi { options } => {
            let mut chosen: Vec<usize> = Vec::new();
            for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let i = find_label(options, part)?;
                if !chosen.contains(&i) {
                    chosen.push(i);
                }
            }
            // Sum in rubric order so the same labels give the same digits in any order.
            chosen.sort_unstable();
            let sum: f64 = chosen.iter().map(|&i| options[i].fraction).sum();
            (!chosen.is_empty()).then_some(sum.min(1.0))
        }
        QuestionKind::Number { bands } => {
            let v = number(cell)?;
            bands.iter().find(|b| b.contains(v)).map(|b| b.score)
        }
    }
}

/// The option whose label matches `text` in any case. ASCII text (nearly every answer)
/// is compared without building a lower-cased copy.
fn find_label(options: &[crate::rubric::Choice], text: &str) -> Option<usize> {
    if text.is_ascii() {
        options.iter().position(|o| o.key.eq_ignore_ascii_case(text))
    } else {
        let key = text.to_lowercase();
        options.iter().position(|o| o.key == key)
    }
}

fn yes_no(cell: &str) -> Option<bool> {
    const YES: [&str; 4] = ["yes", "y", "true", "1"];
    const NO: [&str; 4] = ["no", "n", "false", "0"];
    if YES.iter().any(|t| cell.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if NO.iter().any(|t| cell.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// A finite decimal number; `inf` and `NaN` are not.
pub fn number(cell: &str) -> Option<f64> {
    let digits = cell.as_bytes();
    // Whole numbers below 10^15 are exact in an f64: the same value the parser gives.
    if (1..=15).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
        return Some(digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0')) as f64);
    }
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}

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
    let word = match text.get(..8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        Some(w) => u64::from_le_bytes(w),
        None => text.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)),
    };
    lower(word)
}

/// `word` with each byte 'A'..='Z' lower-cased, without carries between bytes.
fn lower(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte: its high bit set when it is 'A'..='Z'.
    let low7 = word & !HIGH;
    let from_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = from_a & !past_z & !word & HIGH;
    word | upper >> 2
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
                let mut texts: Vec<String> = ["n/a", "na", "-"].map(String::from).to_vec();
                match &q.kind {
                    QuestionKind::YesNo { .. } => {
                        texts.extend(["yes", "y", "true", "1", "no", "n", "false", "0"].map(String::from))
                    }
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

    /// The answer to question `i` when `cell` is one of its known answers: then `parse`
    /// would give the same (the cell is ASCII, as every known answer is). For tests: rows
    /// use [`Known::get_in`], which reads the same words from the row's line.
    #[cfg(test)]
    fn get(&self, i: usize, cell: &[u8]) -> Option<&Answer> {
        let text = cell.trim_ascii();
        // A non-ASCII end may be Unicode white space, which `parse` trims: leave it to it.
        if !(text.first().is_some_and(u8::is_ascii) && text.last().is_some_and(u8::is_ascii)) {
            return None;
        }
        self.per_question.get(i)?.get(text)
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
        let word_at =
            |at: usize| line.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_le_bytes);
        let h = match word_at(start) {
            Some(w) if n >= 8 => lower(w),
            Some(w) => lower(w & ((1u64 << (8 * n)) - 1)),
            None => head(text),
        };
        let t = if n <= 8 { h } else { word_at(start + n - 8).map_or_else(|| tail(text), lower) };
        self.per_question.get(i)?.get_words(text, h, t)
    }

    /// [`parse`] of the answer to question `i`, `q`, through the table where it can.
    #[cfg(test)]
    fn answer(&self, i: usize, q: &Question, cell: &str) -> Answer {
        self.get(i, cell.as_bytes()).copied().unwrap_or_else(|| parse(q, cell))
    }
}

/// Words for the issue list: what the question would have accepted.
pub fn accepted(kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::YesNo { .. } => "yes or no".into(),
        QuestionKind::Scale { min, max, step } => format!("a number from {min} to {max} in steps of {step}"),
        QuestionKind::Choice { options } => format!("one of {}", labels(options)),
        QuestionKind::Multi { options } => format!("labels separated by `;` from {}", labels(options)),
        QuestionKind::Number { .. } => "a number inside one of the question's bands".into(),
    }
}

fn labels(options: &[crate::rubric::Choice]) -> String {
    options.iter().map(|o| format!("`{}`", o.label)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::parse as parse_rubric;

    /// q_yes (yes_no), q_no (expected no, na: false), q_scale (0-10 step 0.5), q_choice,
    /// q_multi, q_number.
    fn questions() -> Vec<Question> {
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q_yes, type: yes_no }\n      - { id: q_no, type: yes_no, expected: no, na: false }\n      - { id: q_scale, type: scale, min: 0, max: 10, step: 0.5 }\n      - { id: q_choice, type: choice, options: { Warmly: 1, Politely: 0.5, Not at all: 0 } }\n      - { id: q_multi, type: multi, options: { Gift wrap: 0.25, Delivery: 0.25, Demo: 0.75 } }\n      - { id: q_number, type: number, bands: [{ max: 30, score: 1 }, { min: 31, max: 60, score: 0.5 }, { min: 61, score: 0 }] }\n";
        parse_rubric(std::path::Path::new("t"), yaml).unwrap().questions
    }

    fn answers(q: usize, cells: &[&str]) -> Vec<Answer> {
        let qs = questions();
        cells.iter().map(|c| parse(&qs[q], c)).collect()
    }

    const BAD: Answer = Answer::Invalid(Invalid::NotAValue);

    #[test]
    fn yes_no_spellings() {
        let got = answers(0, &["yes", " Y ", "TRUE", "1", "no", "n", "False", "0", "yse", "2"]);
        let one = Answer::Scored(1.0);
        let zero = Answer::Scored(0.0);
        assert_eq!(got, [one, one, one, one, zero, zero, zero, zero, BAD, BAD]);
        assert_eq!(answers(1, &["no", "yes"]), [one, zero], "expected: no inverts");
    }

    #[test]
    fn blank_and_na() {
        assert_eq!(
            answers(0, &["", "   ", "N/A", "na", "-", "NA"]),
            [
                Answer::Missing,
                Answer::Missing,
                Answer::NotApplicable,
                Answer::NotApplicable,
                Answer::NotApplicable,
                Answer::NotApplicable
            ]
        );
        assert_eq!(answers(1, &["n/a", ""]), [Answer::Invalid(Invalid::NaNotAllowed), Answer::Missing]);
    }

    #[test]
    fn scale_steps() {
        // f = (v - 0) / 10
        let got = answers(2, &["0", "7.5", "10", "7.3", "-0.5", "10.5", "seven", "7.5000000001"]);
        assert_eq!(
            got,
            [
                Answer::Scored(0.0),
                Answer::Scored(0.75),
                Answer::Scored(1.0),
                BAD,
                BAD,
                BAD,
                BAD,
                Answer::Scored(0.75000000001)
            ]
        );
    }

    #[test]
    fn choice_labels_any_case() {
        assert_eq!(
            answers(3, &["warmly", " POLITELY ", "not at all", "Warm"]),
            [Answer::Scored(1.0), Answer::Scored(0.5), Answer::Scored(0.0), BAD]
        );
    }

    #[test]
    fn multi_sums_each_label_once_capped_at_1() {
        // 0.25 + 0.25 = 0.5; 0.25 + 0.75 = 1; 1.25 → 1; repeated label once: 0.25
        let got = answers(
            4,
            &[
                "Gift wrap; delivery",
                "demo;GIFT WRAP",
                "Gift wrap;Delivery;Demo",
                "Delivery; delivery",
                "Delivery;Balloon",
                ";",
            ],
        );
        assert_eq!(
            got,
            [Answer::Scored(0.5), Answer::Scored(1.0), Answer::Scored(1.0), Answer::Scored(0.25), BAD, BAD]
        );
    }

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
    fn heads_are_the_first_eight_bytes_lower_cased() {
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
        // Words of every kind of byte (a simple generator), against byte-by-byte lowering.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let bytes = x.to_le_bytes();
            let want = u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase()));
            assert_eq!(head(&bytes), want, "{bytes:?}");
        }
        for b in 0..=255u8 {
            assert_eq!(head(&[b]), u64::from(b.to_ascii_lowercase()), "{b:#x}");
        }
    }

    #[test]
    fn whole_numbers_parse_as_the_standard_parser_does() {
        for cell in ["0", "7", "45", "000123", "999999999999999", "9999999999999999", "12345678901234567890", "1.5"] {
            assert_eq!(number(cell), cell.parse::<f64>().ok(), "{cell}");
        }
    }

    #[test]
    fn number_bands_inclusive_first_match() {
        let got = answers(5, &["30", "31", "60", "61", "-4", "30.5", "inf", "NaN", "1e1"]);
        assert_eq!(
            got,
            [
                Answer::Scored(1.0),
                Answer::Scored(0.5),
                Answer::Scored(0.5),
                Answer::Scored(0.0),
                Answer::Scored(1.0),
                BAD,
                BAD,
                BAD,
                Answer::Scored(1.0)
            ]
        );
    }
}
