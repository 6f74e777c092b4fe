//! How numbers are written in the machine-readable reports.
//!
//! Scores are written with every digit the computation produced (the shortest text that
//! reads back as the same f64: at least the 6 significant decimals the contract asks for,
//! never an exponent), so a consultant can recompute any figure and get the same digits.

use std::fmt::Write;

/// `Some(x)` as its shortest exact decimal text, `None` as an empty cell.
pub fn write_opt(buf: &mut String, v: Option<f64>) {
    buf.clear();
    let Some(v) = v else { return };
    // ryu is the fast path; it writes `100.0` and, far from 1, exponents, which the
    // standard formatter (same digits, plain decimal) handles instead.
    let mut ryu = ryu::Buffer::new();
    let text = ryu.format_finite(v);
    if text.contains('e') || !v.is_finite() {
        let _ = write!(buf, "{v}");
    } else {
        buf.push_str(text.strip_suffix(".0").unwrap_or(text));
    }
}

/// [`write_opt`] with a memory of the numbers it has written: a run's visit and section
/// scores take few distinct values (each is a ratio of small sums of points), so most are
/// copied from the cache instead of formatted again. Same text as [`write_opt`], always.
pub struct NumberText {
    /// Direct-mapped by the value's bits: (bits, text length, text).
    slots: Vec<(u64, u8, [u8; CACHED_LEN])>,
    scratch: String,
}

/// The longest text a cache slot holds; longer ones (far from 1) are formatted each time.
const CACHED_LEN: usize = 23;
const SLOT_BITS: u32 = 12;

impl Default for NumberText {
    fn default() -> Self {
        // Length 0xFF marks an empty slot: no text is that long.
        NumberText { slots: vec![(0, u8::MAX, [0; CACHED_LEN]); 1 << SLOT_BITS], scratch: String::new() }
    }
}

/// The cache slot of a value's bits.
fn slot_of(bits: u64) -> usize {
    (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOT_BITS)) as usize
}

impl NumberText {
    /// The text of `v` as [`write_opt`] writes it.
    #[cfg(test)]
    pub fn get(&mut self, v: Option<f64>) -> Vec<u8> {
        let mut out = Vec::new();
        self.push(&mut out, v);
        out
    }

    /// Appends the text of `v` to `out`, as [`write_opt`] writes it.
    pub fn push(&mut self, out: &mut Vec<u8>, v: Option<f64>) {
        let Some(x) = v else { return };
        let bits = x.to_bits();
        let slot = slot_of(bits);
        let (seen, len, text) = &self.slots[slot];
        if *seen == bits && usize::from(*len) <= CACHED_LEN {
            // The whole slot, then cut: a copy of fixed size needs no call to memcpy,
            // which for a few bytes costs more than the copy.
            let end = out.len() + usize::from(*len);
            out.extend_from_slice(text);
            out.truncate(end);
            return;
        }
        write_opt(&mut self.scratch, v);
        let text = self.scratch.as_bytes();
        if text.len() <= CACHED_LEN {
            let entry = &mut self.slots[slot];
            (entry.0, entry.1) = (bits, text.len() as u8);
            entry.2[..text.len()].copy_from_slice(text);
        }
        out.extend_from_slice(text);
    }
}

/// Appends `n` in decimal to `out` (what `itoa` or `Display` write). The digits are
/// stored straight into `out`: written to a scratch buffer first, they would be read
/// back at once by a wide copy, which waits for every byte store to land.
pub fn push_int(out: &mut Vec<u8>, n: u64) {
    let len = n.checked_ilog10().map_or(1, |l| l as usize + 1);
    let start = out.len();
    out.extend_from_slice(&[b'0'; 20]);
    out.truncate(start + len);
    let mut rest = n;
    for d in out[start..].iter_mut().rev() {
        *d = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
}

/// JSON text with every number in plain decimal: serde_json writes very small or very
/// large doubles with an exponent (`1e-7`), which the README promises never to do. Numbers
/// outside strings are rewritten with the same digits; everything else is left as it is.
pub fn plain_json(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let (mut i, mut in_string) = (0, false);
    while i < json.len() {
        let b = json[i];
        if in_string {
            out.push(b);
            if b == b'\\' && i + 1 < json.len() {
                out.push(json[i + 1]);
                i += 1;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
        }
        if b == b'-' || b.is_ascii_digit() {
            let end = json[i..]
                .iter()
                .position(|c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                .map_or(json.len(), |n| i + n);
            let token = &json[i..end];
            let parsed = std::str::from_utf8(token).ok().and_then(|t| t.parse::<f64>().ok());
            match parsed {
                Some(v) if token.iter().any(|c| matches!(c, b'e' | b'E')) => {
                    let mut text = String::new();
                    write_opt(&mut text, Some(v));
                    out.extend_from_slice(text.as_bytes());
                }
                _ => out.extend_from_slice(token),
            }
            i = end;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// A score for people: one decimal, halves rounded away from zero as Excel shows them
/// (56.25 → 56.3; Rust's `{:.1}` would print 56.2).
pub fn one_decimal(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{:.1}", (v * 10.0).round() / 10.0))
}

/// A count for people, with thousands separators: `1,000,002`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun, singular for one: `1 visit`, `0 visits`, `1,000,002 visits`.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_separators_and_plurals() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_002), "1,000,002");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(counted(1, "visit", "visits"), "1 visit");
        assert_eq!(counted(0, "visit", "visits"), "0 visits");
        assert_eq!(counted(12_345, "file", "files"), "12,345 files");
    }

    // Equivalent mutant (cargo mutants): `delete ! in write_opt`, which makes the test
    // `text.contains('e') || v.is_finite()`. It sends every finite value to the standard
    // formatter instead of ryu, and the two write the same text for every finite value
    // without an exponent (the shortest digits that read back, nearest the exact value on a
    // tie; ryu's `.0` on whole numbers is stripped; `-0` both): the loop below checks this
    // on whole, fractional, tiny and large values. Non-finite values reach the standard
    // formatter either way, since ryu's text for them has an exponent
    // (`non_finite_values_as_the_standard_formatter_writes_them`). Same text for every
    // input: no test can tell them apart.
    #[test]
    fn full_precision_without_exponent() {
        let mut b = String::new();
        write_opt(&mut b, Some(450.0 / 7.0));
        assert_eq!(b, "64.28571428571429");
        write_opt(&mut b, Some(85.0));
        assert_eq!(b, "85");
        write_opt(&mut b, Some(1e-7));
        assert_eq!(b, "0.0000001");
        write_opt(&mut b, None);
        assert_eq!(b, "");
        for v in [0.0, 12.5, 100.0, 1.0 / 3.0, 123456789.125, 2e-9, 66.66666666666667] {
            write_opt(&mut b, Some(v));
            assert_eq!(b, format!("{v}"), "same text as the standard formatter");
        }
    }

    #[test]
    fn cached_text_is_the_same_text() {
        let mut cache = NumberText::default();
        let mut direct = String::new();
        // Twice each: the second read comes from the cache. (1e-7 and 2e20 are 9 and 21
        // bytes, so they fit a slot too: the texts longer than a slot are in
        // `long_texts_are_formatted_each_time`.)
        for v in [85.0, 450.0 / 7.0, 85.0, 1e-7, 2e20, 0.0, -0.0, 450.0 / 7.0, 1e-7, 2e20, 100.0 / 3.0] {
            write_opt(&mut direct, Some(v));
            assert_eq!(cache.get(Some(v)), direct.as_bytes(), "{v}");
        }
        assert!(cache.get(None).is_empty());
        // Two values in one slot replace each other and each still reads right.
        let a = 1.5f64;
        let b = (1..1_000_000u32).map(|i| a + f64::from(i)).find(|x| same_slot(a, *x)).unwrap();
        for v in [a, b, a, b] {
            write_opt(&mut direct, Some(v));
            assert_eq!(cache.get(Some(v)), direct.as_bytes(), "{v}");
        }
    }

    fn same_slot(a: f64, b: f64) -> bool {
        a != b && slot_of(a.to_bits()) == slot_of(b.to_bits())
    }

    #[test]
    fn pushed_text_is_the_same_text() {
        let mut cache = NumberText::default();
        let (mut direct, mut out) = (String::new(), b"x".to_vec());
        let mut want = b"x".to_vec();
        for v in [Some(85.0), Some(450.0 / 7.0), Some(85.0), None, Some(1e-7), Some(2e20), Some(450.0 / 7.0)] {
            cache.push(&mut out, v);
            write_opt(&mut direct, v);
            want.extend_from_slice(direct.as_bytes());
        }
        assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&want));
        let mut out = Vec::new();
        for n in [0, 7, 10, 99, 100, 4_294_967_295, u64::MAX] {
            push_int(&mut out, n);
            out.push(b' ');
        }
        assert_eq!(String::from_utf8_lossy(&out), "0 7 10 99 100 4294967295 18446744073709551615 ");
    }

    #[test]
    fn json_numbers_never_use_exponents() {
        let json = br#"{"a": 1.0000000000000001e-7, "b": "1e5 stays text", "c": [2e20, -3.5, 12], "d": "q\"1e3"}"#;
        let got = String::from_utf8(plain_json(json)).unwrap();
        assert_eq!(
            got,
            r#"{"a": 0.00000010000000000000001, "b": "1e5 stays text", "c": [200000000000000000000, -3.5, 12], "d": "q\"1e3"}"#
        );
    }

    #[test]
    fn one_decimal_for_people() {
        assert_eq!(one_decimal(Some(64.28571)), "64.3");
        assert_eq!(one_decimal(Some(56.25)), "56.3");
        assert_eq!(one_decimal(None), "-");
    }

    /// Whether `v`'s slot holds `v`: the next read of `v` comes from the cache.
    fn cached(cache: &NumberText, v: f64) -> bool {
        let (bits, len, _) = cache.slots[slot_of(v.to_bits())];
        bits == v.to_bits() && usize::from(len) <= CACHED_LEN
    }

    #[test]
    fn long_texts_are_formatted_each_time() {
        // A slot holds 23 bytes. 2^-21 = 0.000000476837158203125 exactly: "0." + 6 zeros +
        // 15 digits = 23 bytes, cached. 2^-22 = 0.0000002384185791015625: 2 + 6 + 16 = 24
        // bytes, too long. (Both digit strings are the exact values, and the shortest that
        // read back: the doubles next to them differ in the 16th-17th significant digit.)
        // 1.0000000000000001e-7 is 25 bytes; 2e30 is "2" and 30 zeros, 31 bytes; 1e-300 is
        // 302 bytes, more than a u8 could count.
        let fits = 2f64.powi(-21);
        let long = [2f64.powi(-22), 1.000_000_000_000_000_1e-7, 2e30, 1e-300];
        let mut cache = NumberText::default();
        assert_eq!(cache.get(Some(fits)), b"0.000000476837158203125");
        assert!(cached(&cache, fits), "23 bytes fit a slot");
        assert_eq!(cache.get(Some(fits)), b"0.000000476837158203125", "read from the slot");
        let want = [
            "0.0000002384185791015625".to_string(),
            "0.00000010000000000000001".to_string(),
            format!("2{}", "0".repeat(30)),
            format!("0.{}1", "0".repeat(299)),
        ];
        for (v, want) in long.iter().zip(&want) {
            for _ in 0..2 {
                // The first read and the second both take the long path: the text is
                // formatted again, and the slot is left as it was (empty).
                assert_eq!(String::from_utf8(cache.get(Some(*v))).unwrap(), *want);
                assert!(!cached(&cache, *v), "{v} is never cached");
                assert_eq!(cache.slots[slot_of(v.to_bits())].1, u8::MAX, "{v}'s slot stays empty");
            }
        }
    }

    #[test]
    fn a_runs_few_scores_all_stay_cached() {
        // The scores of a run with two-point questions: 0, 12.5, ..., 100 (9 values). Each
        // is cached once written, and each in a slot of its own: a cache that put them all
        // in one slot would read the same texts but format every one, every time.
        let mut cache = NumberText::default();
        let scores: Vec<f64> = (0..=8).map(|i| 12.5 * f64::from(i)).collect();
        for v in &scores {
            cache.get(Some(*v));
        }
        for v in &scores {
            assert!(cached(&cache, *v), "{v}");
        }
        let mut slots: Vec<usize> = scores.iter().map(|v| slot_of(v.to_bits())).collect();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), 9);
    }

    #[test]
    fn non_finite_values_as_the_standard_formatter_writes_them() {
        // No score is ever infinite or NaN (score::cap), but write_opt is total.
        let mut b = String::new();
        for (v, want) in [(f64::INFINITY, "inf"), (f64::NEG_INFINITY, "-inf"), (f64::NAN, "NaN")] {
            write_opt(&mut b, Some(v));
            assert_eq!(b, want);
            // ryu's (unspecified) text for a non-finite value is that of a number past
            // f64::MAX, so it has an exponent: the `contains('e')` test alone already sends
            // these to the standard formatter. This is why deleting the `!` of
            // `!v.is_finite()` is an equivalent mutant: see `full_precision_without_exponent`.
            assert!(ryu::Buffer::new().format_finite(v).contains('e'), "{v}");
        }
    }

    #[test]
    fn json_strings_pass_through_untouched() {
        // Inside a string: digits and exponents stay text, `\"` does not end the string,
        // `\\` is one escaped backslash (so the `"` after it does end it).
        let json = br#"{"s": "x1e5 \"2E3\" 4e1\\", "n": 1e2, "t": "\\", "m": [-1e-2, 7], "u": "\\\"9e9"}"#;
        let got = String::from_utf8(plain_json(json)).unwrap();
        // 1e2 → 100, -1e-2 → -0.01; everything else as it was.
        assert_eq!(got, r#"{"s": "x1e5 \"2E3\" 4e1\\", "n": 100, "t": "\\", "m": [-0.01, 7], "u": "\\\"9e9"}"#);
        // A number without an exponent keeps its digits as written (1.0 stays 1.0, not
        // the 1 write_opt would make of it).
        let json = br#"[1.0, 12.50, -0, 0.1, 1E2]"#;
        assert_eq!(String::from_utf8(plain_json(json)).unwrap(), "[1.0, 12.50, -0, 0.1, 100]");
        // Text cut inside a string, right after a backslash: nothing to escape, nothing read
        // past the end.
        assert_eq!(plain_json(br#"["ab\"#), br#"["ab\"#);
        assert_eq!(plain_json(br#""1e1\"#), br#""1e1\"#);
        assert_eq!(plain_json(b""), b"");
    }
}
