//! One cell to one [`Answer`], by the question's type (SCORING.md §2 and §1 per type).

use crate::rubric::STEP_TOLERANCE;
use crate::rubric::{Question, QuestionKind};
use crate::tokens::{NO, YES, is_na_token};

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
    /// A question the visit's rubric version does not ask (SCORING.md §7): it counts
    /// nowhere, not even as N/A or missing.
    NotAsked,
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

/// The fraction a valid answer `cell` (trimmed, not N/A) gives for `kind`.
pub fn value(kind: &QuestionKind, cell: &str) -> Option<f64> {
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

/// A number written with a decimal comma (`7,5`), written with a point (`7.5`): one comma
/// between digits, and not three digits after it (`1,000` may be a thousand).
pub fn decimal_comma(text: &str) -> Option<String> {
    let (whole, frac) = text.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole.strip_prefix('-').unwrap_or(whole)) && digits(frac) && frac.len() != 3)
        .then(|| format!("{whole}.{frac}"))
}

/// Words for the issue list: what the question would have accepted.
pub fn accepted(kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::YesNo { .. } => "yes or no".into(),
        QuestionKind::Scale { min, max, step } => format!("a number from {min} to {max} in steps of {step}"),
        QuestionKind::Choice { options } => format!("one of {}", labels(options)),
        QuestionKind::Multi { options } => format!("labels separated by `;` from {}", labels(options)),
        QuestionKind::Number { bands } => format!("a number in one of its bands ({})", band_list(bands)),
    }
}

/// A number question's bands as a consultant wrote them, in rubric order: `0-30, 30-60,
/// 60 or more` (both ends inclusive; `to` where an end is negative).
pub fn band_list(bands: &[crate::rubric::Band]) -> String {
    let each = |b: &crate::rubric::Band| match (b.min, b.max) {
        (Some(lo), Some(hi)) if lo == hi => format!("{lo}"),
        (Some(lo), Some(hi)) if lo < 0.0 || hi < 0.0 => format!("{lo} to {hi}"),
        (Some(lo), Some(hi)) => format!("{lo}-{hi}"),
        (Some(lo), None) => format!("{lo} or more"),
        (None, Some(hi)) => format!("{hi} or less"),
        (None, None) => "any number".to_string(),
    };
    bands.iter().map(each).collect::<Vec<_>>().join(", ")
}

fn labels(options: &[crate::rubric::Choice]) -> String {
    options.iter().map(|o| format!("`{}`", o.label)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::rubric::parse as parse_rubric;

    /// q_yes (yes_no), q_no (expected no, na: false), q_scale (0-10 step 0.5), q_choice,
    /// q_multi, q_number.
    pub(in crate::ingest) fn questions() -> Vec<Question> {
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

    #[test]
    fn whole_numbers_parse_as_the_standard_parser_does() {
        for cell in ["0", "7", "45", "000123", "999999999999999", "9999999999999999", "12345678901234567890", "1.5"] {
            assert_eq!(number(cell), cell.parse::<f64>().ok(), "{cell}");
        }
    }

    #[test]
    fn decimal_commas() {
        assert_eq!(decimal_comma("7,5").as_deref(), Some("7.5"));
        assert_eq!(decimal_comma("-0,25").as_deref(), Some("-0.25"));
        assert_eq!(decimal_comma("1,000"), None, "a thousand, or one?");
        for text in ["7,5,1", ",5", "7,", "a,5", "7.5", "7, 5"] {
            assert_eq!(decimal_comma(text), None, "{text}");
        }
    }

    #[test]
    fn bands_are_listed_as_written() {
        let QuestionKind::Number { bands } = &questions()[5].kind else { panic!("q_number") };
        assert_eq!(band_list(bands), "30 or less, 31-60, 61 or more");
        let band = |min, max| crate::rubric::Band { min, max, score: 1.0 };
        let odd = [band(Some(-10.0), Some(-0.5)), band(Some(2.5), Some(2.5)), band(None, None)];
        assert_eq!(band_list(&odd), "-10 to -0.5, 2.5, any number");
        // `to` where either end is negative: only the low end (-5 to 5); `-` from 0 up.
        let signs = [band(Some(-5.0), Some(5.0)), band(Some(0.0), Some(30.0)), band(Some(-3.0), None)];
        assert_eq!(band_list(&signs), "-5 to 5, 0-30, -3 or more");
        // Bands above their own max are refused by the rubric (validate.rs: "the band's min
        // is above its max"), but `band_list` takes any band, and its rule is the same for
        // them: `to` when an end is negative, here only the high one.
        let upside_down = [band(Some(5.0), Some(-5.0)), band(Some(5.0), Some(0.0))];
        assert_eq!(band_list(&upside_down), "5 to -5, 5-0");
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

    /// One question of `kind_yaml` (the flow mapping after `type:`), parsed by the rubric loader.
    fn question(kind_yaml: &str) -> Question {
        let yaml = format!("name: T\nsections:\n  - id: s\n    questions:\n      - {{ id: q, type: {kind_yaml} }}\n");
        parse_rubric(std::path::Path::new("t"), &yaml).unwrap().questions.remove(0)
    }

    fn fractions(q: &Question, cells: &[&str]) -> Vec<Answer> {
        cells.iter().map(|c| parse(q, c)).collect()
    }

    /// A scale whose min (0.5) is not a multiple of its step (1.5): the grid is 0.5, 2, 3.5,
    /// 5, 6.5, counted from min, not from 0. Every value here is exact in binary, so the
    /// fractions are exact: f = (v - 0.5) / 6.
    /// The cells cut down `value`'s arithmetic: `v + min` in place of `v - min` would count
    /// the grid from -0.5 (2.5 / 1.5 is off it), `% step` in place of `/ step` would accept
    /// 1.5 (1.0 % 1.5 = 1.0, a whole number), 8 is on the grid but above max.
    #[test]
    fn scale_grid_counted_from_min() {
        let q = question("scale, min: 0.5, max: 6.5, step: 1.5");
        // 0.5 → 0/6 = 0; 2 → 1.5/6 = 0.25; 3.5 → 3/6 = 0.5; 5 → 4.5/6 = 0.75; 6.5 → 6/6 = 1
        assert_eq!(
            fractions(&q, &["0.5", "2", "3.5", "5", "6.5"]),
            [Answer::Scored(0.0), Answer::Scored(0.25), Answer::Scored(0.5), Answer::Scored(0.75), Answer::Scored(1.0)]
        );
        // Off the grid from min (1.5: 1/1.5 = 0.67 steps; 3: 2.5/1.5 = 1.67; 1, 0, 4 likewise),
        // or on it but outside 0.5..6.5 (-1 = min - 1 step, 8 = max + 1 step).
        for cell in ["1.5", "3", "1", "0", "4", "-1", "8"] {
            assert_eq!(parse(&q, cell), BAD, "{cell}");
        }
    }

    /// SCORING.md §6: valid values are min + k × step "within 1e-9" (STEP_TOLERANCE),
    /// measured in the scale's own units. Same scale as above (0.5 to 6.5, step 1.5), so
    /// a test of `|Δ| × step` against `|Δ| / step` tells them apart (step ≠ 1).
    #[test]
    fn scale_values_at_the_tolerance_edge() {
        assert_eq!(STEP_TOLERANCE, 1e-9);
        let q = question("scale, min: 0.5, max: 6.5, step: 1.5");
        let f = |cell: &str| parse(&q, cell).fraction();
        // Just inside, 0.9e-9 from a grid value: f = (v - 0.5) / 6.
        // 2 + 0.9e-9: (1.5 + 0.9e-9) / 6 = 0.25 + 0.15e-9; 2 - 0.9e-9: 0.25 - 0.15e-9.
        let near = |got: Option<f64>, want: f64| got.is_some_and(|g| (g - want).abs() < 1e-15);
        assert!(near(f("2.0000000009"), 0.250_000_000_15), "{:?}", f("2.0000000009"));
        assert!(near(f("1.9999999991"), 0.249_999_999_85), "{:?}", f("1.9999999991"));
        // At the ends the fraction stays in [0, 1]: (6 + 0.9e-9) / 6 = 1.00000000015 → 1,
        // (-0.9e-9) / 6 → 0.
        assert_eq!(f("6.5000000009"), Some(1.0));
        assert_eq!(f("0.4999999991"), Some(0.0));
        // Just outside, 1.1e-9 away: 1.1e-9 off the step (0.73e-9 steps × 1.5) is invalid,
        // as is 1.1e-9 beyond either end.
        for cell in ["2.0000000011", "1.9999999989", "6.5000000011", "0.4999999989"] {
            assert_eq!(parse(&q, cell), BAD, "{cell}");
        }
    }

    /// A scale with a step above 1 (1 to 9 by 2): the distance to the grid is
    /// `|steps - round(steps)| × step`, so 2 (half a step from 1 and from 3) is 1 away.
    #[test]
    fn scale_step_above_one() {
        let q = question("scale, min: 1, max: 9, step: 2");
        // 3 → 2/8 = 0.25; 7 → 6/8 = 0.75
        assert_eq!(fractions(&q, &["3", "7"]), [Answer::Scored(0.25), Answer::Scored(0.75)]);
        for cell in ["2", "4", "8", "0", "10", "11"] {
            assert_eq!(parse(&q, cell), BAD, "{cell}");
        }
    }

    /// SCORING.md §1: choice labels match "trimmed, any case", for any letters: a
    /// non-ASCII answer is lower-cased in full (`TRÈS BIEN` → `très bien`), not only its
    /// ASCII letters. An unaccented spelling is another word, so it is invalid.
    #[test]
    fn non_ascii_labels_any_case() {
        let q = question("choice, options: { Très bien: 1, Bien: 0.5, Pas du tout: 0, Ça va: 0.25 }");
        assert_eq!(
            fractions(&q, &["Très bien", "TRÈS BIEN", " très BIEN ", "BIEN", "ça va", "ÇA VA", "pas du tout"]),
            [
                Answer::Scored(1.0),
                Answer::Scored(1.0),
                Answer::Scored(1.0),
                Answer::Scored(0.5),
                Answer::Scored(0.25),
                Answer::Scored(0.25),
                Answer::Scored(0.0)
            ]
        );
        for cell in ["TRES BIEN", "Très", "Ça"] {
            assert_eq!(parse(&q, cell), BAD, "{cell}");
        }
        // Multi too: 0.25 + 0.5 = 0.75; each label once however it is cased.
        let m = question("multi, options: { Thé: 0.25, Café: 0.5, Crème: 0.25 }");
        assert_eq!(
            fractions(&m, &["THÉ; café", "CAFÉ;Café;café", "thé;Lait"]),
            [Answer::Scored(0.75), Answer::Scored(0.5), BAD]
        );
    }

    #[test]
    fn accepted_names_what_each_type_takes() {
        let qs = questions();
        let words: Vec<String> = qs.iter().map(|q| accepted(&q.kind)).collect();
        assert_eq!(
            words,
            [
                "yes or no",
                "yes or no",
                "a number from 0 to 10 in steps of 0.5",
                "one of `Warmly`, `Politely`, `Not at all`",
                "labels separated by `;` from `Gift wrap`, `Delivery`, `Demo`",
                "a number in one of its bands (30 or less, 31-60, 61 or more)",
            ]
        );
    }
}
