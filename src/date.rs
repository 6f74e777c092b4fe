//! Visit dates to periods (`YYYY-MM`), per SCORING.md §3.

use std::fmt::Write;

use chrono::format::{Item, StrftimeItems};
use chrono::{Datelike, Months, NaiveDate};

/// The default date format, ISO `YYYY-MM-DD`.
pub const ISO: &str = "%Y-%m-%d";

/// The period of a visit whose date cannot be read.
pub const UNKNOWN_PERIOD: &str = "unknown";

/// The calendar month of `date`, or `None` if it does not parse with `format`.
pub fn period(date: &str, format: &str) -> Option<String> {
    month(date, format).map(|(y, m)| {
        let mut text = String::new();
        write_period(&mut text, y, m);
        text
    })
}

/// Appends the period `YYYY-MM` of year `y`, month `m` to `out` (no allocation).
pub fn write_period(out: &mut String, y: i32, m: u32) {
    use std::fmt::Write as _;
    match (u32::try_from(y), m) {
        // Every parsed date has a four-digit year; written by hand, as this runs per visit.
        (Ok(y @ 1000..=9999), 1..=12) => {
            let digit = |d: u32| char::from(b'0' + d as u8);
            out.extend([digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), '-']);
            out.extend([digit(m / 10), digit(m % 10)]);
        }
        _ => {
            let _ = write!(out, "{y:04}-{m:02}");
        }
    }
}

/// Year and month of `date`, or `None` if it does not parse with `format`.
pub fn month(date: &str, format: &str) -> Option<(i32, u32)> {
    day(date, format).map(|d| (d.year(), d.month()))
}

/// The calendar day of `date`, or `None` if it does not parse with `format`.
pub fn day(date: &str, format: &str) -> Option<NaiveDate> {
    if format == ISO
        && let Some(d) = iso_day(date.as_bytes())
    {
        return Some(d);
    }
    let date = date.trim();
    let d = NaiveDate::parse_from_str(date, format).ok()?;
    // chrono's %Y takes any number of digits and a sign: `26-01-05` would be year 26.
    // A shopper's date has a four-digit year (a format with %y maps two digits to one).
    ((1000..=9999).contains(&d.year()) && !date.contains('+')).then_some(d)
}

/// The common case without chrono's format interpreter: exactly `YYYY-MM-DD`, a real
/// calendar day. Anything else goes to chrono, so results are the same either way.
fn iso_day(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if y >= 1000 && d >= 1 && d <= days { NaiveDate::from_ymd_opt(y as i32, m, d) } else { None }
}

/// The latest visit date a run accepts, run on `today`: the same day a year later
/// (29 February gives 28 February). A date after it is a bad date: no shopper report is
/// dated that far ahead, and it would become the run's latest period.
pub fn horizon(today: NaiveDate) -> NaiveDate {
    today.checked_add_months(Months::new(12)).unwrap_or(NaiveDate::MAX)
}

/// The UTC day of `SOURCE_DATE_EPOCH`'s value (whole seconds since 1970-01-01 UTC,
/// spaces around allowed), or `None` if it is not one.
pub fn epoch_day(value: &str) -> Option<NaiveDate> {
    let secs = value.trim().parse::<i64>().ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
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

/// `HH:MM` or `HH:MM:SS` (hours 0-23) as minutes after midnight.
pub fn minutes(time: &str) -> Option<u32> {
    let mut parts = time.trim().split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s_ok = parts.next().is_none_or(|s| s.parse::<u32>().is_ok_and(|s| s < 60));
    (h < 24 && m < 60 && s_ok && parts.next().is_none()).then(|| h * 60 + m)
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
    fn periods_are_written_as_the_formatter_writes_them() {
        for (y, m) in [(2026, 1), (2026, 12), (1000, 7), (9999, 10), (999, 3), (-5, 2), (12345, 1)] {
            let mut text = String::new();
            write_period(&mut text, y, m);
            assert_eq!(text, format!("{y:04}-{m:02}"));
        }
    }

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
        assert_eq!(period("26-01-05", "%Y-%m-%d"), None);
        assert_eq!(period("+2026-01-05", "%Y-%m-%d"), None);
        assert_eq!(period("05/01/26", "%d/%m/%Y"), None);
        assert_eq!(period("12026-01-05", "%Y-%m-%d"), None);
    }

    #[test]
    fn fast_path_agrees_with_chrono() {
        let dates = ["2026-02-28", "2024-02-29", "2100-02-29", "2000-02-29", "2026-13-01", "2026-00-10", "2026-04-31"];
        let more = ["2026-04-30", "0000-01-01", "0999-12-31", "1000-01-01", "2026-1-01", "2026-01-1x"];
        for d in dates.into_iter().chain(more) {
            let chrono = NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .filter(|d| (1000..=9999).contains(&d.year()))
                .map(|d| (d.year(), d.month()));
            assert_eq!(iso_day(d.as_bytes()).map(|d| (d.year(), d.month())).or(chrono), chrono, "{d}");
            assert_eq!(month(d, "%Y-%m-%d"), chrono, "{d}");
        }
    }

    #[test]
    fn the_horizon_is_a_year_after_the_run_date() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(horizon(d(2026, 11, 23)), d(2027, 11, 23));
        assert_eq!(horizon(d(2028, 2, 29)), d(2029, 2, 28));
        assert_eq!(horizon(d(2026, 12, 31)), d(2027, 12, 31));
        assert_eq!(horizon(NaiveDate::MAX), NaiveDate::MAX);
    }

    #[test]
    fn source_date_epoch_values() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        // 1795392000 = 20,780 days of 86,400 s after 1970-01-01.
        assert_eq!(epoch_day("1795392000"), d(2026, 11, 23));
        assert_eq!(epoch_day(" 1795478399\n"), d(2026, 11, 23), "the day's last second");
        assert_eq!(epoch_day("0"), d(1970, 1, 1));
        assert_eq!(epoch_day("-1"), d(1969, 12, 31));
        for bad in ["", "soon", "1795392000.5", "1e9", "2026-11-23", "99999999999999999999"] {
            assert_eq!(epoch_day(bad), None, "{bad:?}");
        }
        assert_eq!(epoch_day(&i64::MAX.to_string()), None, "beyond chrono's dates");
    }

    #[test]
    fn times_of_day() {
        assert_eq!(minutes("09:30"), Some(570));
        assert_eq!(minutes(" 9:05:59 "), Some(545));
        assert_eq!(minutes("24:00"), None);
        assert_eq!(minutes("12:60"), None);
        assert_eq!(minutes("noon"), None);
        assert_eq!(minutes("12"), None);
        assert_eq!(minutes("99999999:00"), None, "no overflow before the range check");
    }

    #[test]
    fn rubric_date_format_is_used() {
        assert_eq!(period("31/08/2026", "%d/%m/%Y").as_deref(), Some("2026-08"));
        assert_eq!(period("2024-02-29", "%Y-%m-%d").as_deref(), Some("2024-02"));
        assert_eq!(period("2026-1-5", "%Y-%m-%d").as_deref(), Some("2026-01"));
        assert_eq!(period("05/01/26", "%d/%m/%y").as_deref(), Some("2026-01"));
    }

    #[test]
    fn formats_without_a_day_or_with_bad_codes_are_refused() {
        assert!(format_is_valid("%d/%m/%Y"));
        assert!(!format_is_valid("%Y-%m"));
        assert!(!format_is_valid("%Q"));
    }
}
