//! Visit dates to periods (`YYYY-MM`), per SCORING.md §3.

use std::fmt::Write;

use chrono::format::{Item, StrftimeItems};
use chrono::{Datelike, NaiveDate};

/// The period of a visit whose date cannot be read.
pub const UNKNOWN_PERIOD: &str = "unknown";

/// The calendar month of `date`, or `None` if it does not parse with `format`.
pub fn period(date: &str, format: &str) -> Option<String> {
    month(date, format).map(|(y, m)| format!("{y:04}-{m:02}"))
}

/// Year and month of `date`, or `None` if it does not parse with `format`.
pub fn month(date: &str, format: &str) -> Option<(i32, u32)> {
    let d = NaiveDate::parse_from_str(date.trim(), format).ok()?;
    Some((d.year(), d.month()))
}

/// A format is usable when it has no unknown codes and a date survives the round trip
/// through it (so it holds a year, a month and a day).
pub fn format_is_valid(format: &str) -> bool {
    if StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
        return false;
    }
    let Some(probe) = NaiveDate::from_ymd_opt(2026, 3, 14) else {
        return false;
    };
    let mut text = String::new();
    if write!(text, "{}", probe.format(format)).is_err() {
        return false;
    }
    NaiveDate::parse_from_str(&text, format).ok() == Some(probe)
}

/// An example date written in `format`, for `shopscore template`.
pub fn example(format: &str) -> String {
    let mut text = String::new();
    match NaiveDate::from_ymd_opt(2026, 3, 14) {
        Some(d) if write!(text, "{}", d.format(format)).is_ok() => text,
        _ => "2026-03-14".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_give_their_month() {
        assert_eq!(period("2026-09-30", "%Y-%m-%d").as_deref(), Some("2026-09"));
        assert_eq!(period(" 2026-01-01 ", "%Y-%m-%d").as_deref(), Some("2026-01"));
    }

    #[test]
    fn impossible_and_foreign_dates_do_not_parse() {
        assert_eq!(period("2026-09-31", "%Y-%m-%d"), None);
        assert_eq!(period("2026-02-29", "%Y-%m-%d"), None);
        assert_eq!(period("31/08/2026", "%Y-%m-%d"), None);
        assert_eq!(period("", "%Y-%m-%d"), None);
    }

    #[test]
    fn rubric_date_format_is_used() {
        assert_eq!(period("31/08/2026", "%d/%m/%Y").as_deref(), Some("2026-08"));
        assert_eq!(period("2024-02-29", "%Y-%m-%d").as_deref(), Some("2024-02"));
    }

    #[test]
    fn formats_without_a_day_or_with_bad_codes_are_refused() {
        assert!(format_is_valid("%d/%m/%Y"));
        assert!(!format_is_valid("%Y-%m"));
        assert!(!format_is_valid("%Q"));
    }
}
