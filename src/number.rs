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

#[cfg(test)]
mod tests {
    use super::*;

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
}
