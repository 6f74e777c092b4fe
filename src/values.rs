//! The numbers, switches and paths of [`crate::cli::Settings`] as people write them, on the
//! command line (clap value parsers) and in a run file (serde): `85%` is 85, and a value
//! that is not one says what was expected (`a number (percent), e.g. 80`), never a
//! parser's words (`invalid float literal`, `expected f64`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// A percentage from 0 to 100 (`--fail-under`): `85`, `85.5`, `85%` or `85 %`. A value
/// strictly between 0 and 1 without `%` is refused as a likely fraction (`0.85` meant as
/// 85%): a gate that low passes any run, and `0.85%` still says it.
///
/// ```
/// use shopscore::values::percent;
/// assert_eq!(percent("85%"), Ok(85.0));
/// assert_eq!(percent(" 85.5 "), Ok(85.5));
/// assert!(percent("0.85").is_err(), "a fraction, not a percent");
/// assert!(percent("eighty").unwrap_err().contains("e.g. 80"));
/// ```
pub fn percent(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (t, sign) = match t.strip_suffix('%') {
        Some(t) => (t.trim_end(), true),
        None => (t, false),
    };
    let v = decimal(t, "a number (percent), e.g. 80")?;
    if !(0.0..=100.0).contains(&v) {
        return Err("not a percentage: use a number from 0 to 100".into());
    }
    if !sign && v > 0.0 && v < 1.0 {
        return Err(format!(
            "a fraction, not a percent: write {} for {0}% (or {v}% if you mean less than one percent)",
            (v * 100.0 * 1e9).round() / 1e9
        ));
    }
    Ok(v)
}

/// Points of score from 0 to 100 (`--steady-within`).
pub fn points(text: &str) -> Result<f64, String> {
    let v = decimal(text.trim(), "a number (points), e.g. 2")?;
    if (0.0..=100.0).contains(&v) { Ok(v) } else { Err("not a number of points from 0 to 100".into()) }
}

/// A count (`--min-visits`, `--max-issues`): a whole number, 0 or more.
pub fn count(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u64>() {
        return Ok(n);
    }
    // A whole number written with a point (`3.0`, as a YAML float is shown) is one.
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole number below is an f64
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v.fract() == 0.0 && (0.0..EXACT).contains(&v) => Ok(v as u64),
        Ok(v) if v.is_finite() && v < 0.0 => Err("not a count: use a whole number, 0 or more".into()),
        Ok(v) if v.is_finite() && v.fract() == 0.0 => Err("too large a number".into()),
        _ => Err("not a whole number, e.g. 3".into()),
    }
}

/// `true` or `false`: a run file's switches (`strict: true`).
pub fn switch(text: &str) -> Result<bool, String> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("not true or false".into()),
    }
}

/// A finite decimal number with a `.` point, or why `t` is not one: `expected` as
/// `not {expected}`, or how to write a decimal comma.
fn decimal(t: &str, expected: &str) -> Result<f64, String> {
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => match crate::ingest::answer::decimal_comma(t) {
            Some(p) => Err(format!("not a number: write the decimal with a point, {p}")),
            None => Err(format!("not {expected}")),
        },
    }
}

/// `fail_under:` and `fail_location_under:` in a run file, as [`percent`] reads them.
pub fn de_percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(Written { expecting: "a number (percent), e.g. 80", parse: percent, _t: PhantomData })
}

/// `steady_within:` in a run file, as [`points`] reads it.
pub fn de_points<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(Written { expecting: "a number (points), e.g. 2", parse: points, _t: PhantomData })
}

/// `min_visits:` and `max_issues:` in a run file, as [`count`] reads them.
pub fn de_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_option(Written { expecting: "a whole number, e.g. 3", parse: count, _t: PhantomData })
}

/// A switch (`strict:`, `json:`, ...) in a run file, as [`switch`] reads it.
pub fn de_switch<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(Written { expecting: "true or false", parse: switch, _t: PhantomData })
}

/// A scalar of a YAML file read as its text by `parse`; its error names the value:
/// `` `eighty` is not a number (percent), e.g. 80 ``. A blank value (`fail_under:`) is
/// unset, as before.
struct Written<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
    _t: PhantomData<T>,
}

impl<T> Written<T> {
    fn read<E: de::Error>(&self, text: &str) -> Result<Option<T>, E> {
        let shown = crate::terminal_text::one_line(text, crate::terminal_text::VALUE);
        (self.parse)(text).map(Some).map_err(|why| E::custom(format!("`{shown}` is {why}")))
    }
}

impl<'de, T> Visitor<'de> for Written<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.read(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.read(if v { "true" } else { "false" })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.read(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.read(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.read(&v.to_string())
    }
}

/// `inputs:` or `rubric:` as one path (`inputs: data/`) or a list of them; blank is none.
pub fn one_or_more<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<std::path::PathBuf>, D::Error> {
    struct Paths;
    impl<'de> serde::de::Visitor<'de> for Paths {
        type Value = Vec<std::path::PathBuf>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a path, or a list of paths")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![std::path::PathBuf::from(v)])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut paths = Vec::new();
            while let Some(p) = seq.next_element::<std::path::PathBuf>()? {
                paths.push(p);
            }
            Ok(paths)
        }
    }
    d.deserialize_any(Paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_with_or_without_the_sign() {
        for (text, want) in [("85", 85.0), ("85%", 85.0), ("85 %", 85.0), (" 85.5% ", 85.5), ("0", 0.0), ("100", 100.0)]
        {
            assert_eq!(percent(text), Ok(want), "{text}");
        }
        let not = |why: &str| Err(why.to_string());
        assert_eq!(percent("eighty"), not("not a number (percent), e.g. 80"));
        assert_eq!(percent("%"), not("not a number (percent), e.g. 80"));
        assert_eq!(percent("85%%"), not("not a number (percent), e.g. 80"));
        assert_eq!(percent("NaN"), not("not a number (percent), e.g. 80"));
        assert_eq!(percent("inf"), not("not a number (percent), e.g. 80"));
        assert_eq!(percent("85,5"), not("not a number: write the decimal with a point, 85.5"));
        assert_eq!(percent("1,000,000"), not("not a number (percent), e.g. 80"));
        assert_eq!(percent("1,000"), not("not a number (percent), e.g. 80"), "a thousand, or one?");
        assert_eq!(percent("150"), not("not a percentage: use a number from 0 to 100"));
        assert_eq!(percent("-1%"), not("not a percentage: use a number from 0 to 100"));
        // 0.85 is almost surely 85% written as a fraction (0.85 x 100 = 85; 0.125 x 100 =
        // 12.5); with `%` it is taken as written, and 0 and 1 are whole percents.
        assert_eq!(
            percent("0.85"),
            not("a fraction, not a percent: write 85 for 85% (or 0.85% if you mean less than one percent)")
        );
        assert_eq!(
            percent("0.125"),
            not("a fraction, not a percent: write 12.5 for 12.5% (or 0.125% if you mean less than one percent)")
        );
        assert_eq!(percent("0.85%"), Ok(0.85));
        assert_eq!((percent("0"), percent("1")), (Ok(0.0), Ok(1.0)));
    }

    #[test]
    fn points_counts_and_switches() {
        assert_eq!(points("2.5"), Ok(2.5));
        assert_eq!(points("two"), Err("not a number (points), e.g. 2".into()));
        assert_eq!(points("101"), Err("not a number of points from 0 to 100".into()));
        assert_eq!(count(" 3 "), Ok(3));
        assert_eq!(count("three"), Err("not a whole number, e.g. 3".into()));
        assert_eq!(count("3.0"), Ok(3));
        assert_eq!(count("2.5"), Err("not a whole number, e.g. 3".into()));
        assert_eq!(count("-1"), Err("not a count: use a whole number, 0 or more".into()));
        assert_eq!(count("99999999999999999999"), Err("too large a number".into()));
        assert_eq!(switch("true"), Ok(true));
        assert_eq!(switch("yes"), Err("not true or false".into()));
    }
}
