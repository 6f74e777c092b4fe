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
    // chrono refuses a day its month does not have (2026-02-29, 2026-04-31, month 13).
    if y >= 1000 { NaiveDate::from_ymd_opt(y as i32, m, d) } else { None }
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
    // At midnight, so a format with a time of day (`%Y-%m-%d %H:%M`, as exports write
    // their dates and the bad-date hint suggests) writes, and reads back to its day.
    let Some(probe) = NaiveDate::from_ymd_opt(2026, 3, 14).and_then(|d| d.and_hms_opt(0, 0, 0)) else {
        return false;
    };
    let mut text = String::new();
    if write!(text, "{}", probe.format(format)).is_err() {
        return false;
    }
    NaiveDate::parse_from_str(&text, format).ok() == Some(probe.date())
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
    match NaiveDate::from_ymd_opt(2026, 3, 14).and_then(|d| d.and_hms_opt(0, 0, 0)) {
        Some(d) if write!(text, "{}", d.format(format)).is_ok() => text,
        _ => "2026-03-14".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Equivalent mutant (cargo mutants: "delete match arm (Ok(y @1000..= 9999), 1..= 12) in
    // write_period"): the hand-written arm is a fast path for what the other arm writes,
    // `{y:04}-{m:02}`, digit for digit (this test checks exactly that), so without it every
    // input still gives the same text; only the speed differs.
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

    /// The fast path itself: it gives the day for every real `YYYY-MM-DD` (the day written,
    /// as chrono reads it too), and `day()` the same; it refuses every impossible one, as
    /// chrono does (2026 and 2100 are not leap years: 2100 is a century not divisible by
    /// 400; 2024 and 2000 are); any other shape is left to chrono.
    #[test]
    fn fast_path_gives_every_real_iso_day() {
        let real = [
            ("2026-02-28", 2026, 2, 28),
            ("2024-02-29", 2024, 2, 29),
            ("2000-02-29", 2000, 2, 29),
            ("2026-04-30", 2026, 4, 30),
            ("2026-01-01", 2026, 1, 1),
            ("2026-12-31", 2026, 12, 31),
            ("2026-03-14", 2026, 3, 14),
            ("1000-01-01", 1000, 1, 1),
            ("9999-12-31", 9999, 12, 31),
            ("1987-06-05", 1987, 6, 5),
        ];
        for (text, y, m, d) in real {
            let day_written = NaiveDate::from_ymd_opt(y, m, d);
            assert!(day_written.is_some(), "{text}");
            assert_eq!(iso_day(text.as_bytes()), day_written, "{text}: the fast path fires");
            assert_eq!(NaiveDate::parse_from_str(text, ISO).ok(), day_written, "{text}: chrono agrees");
            assert_eq!(day(text, ISO), day_written, "{text}");
        }
        let impossible = [
            "2026-02-29",
            "2100-02-29",
            "2026-04-31",
            "2026-09-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-01-32",
            "0000-01-01",
            "0999-12-31",
        ];
        for text in impossible {
            assert_eq!(iso_day(text.as_bytes()), None, "{text}");
            assert_eq!(day(text, ISO), None, "{text}");
        }
        // Not exactly `YYYY-MM-DD`: the fast path declines, chrono decides.
        let other = [
            ("2026-1-01", Some((2026, 1, 1))),
            (" 2026-01-01", Some((2026, 1, 1))),
            ("2026-01-01 ", Some((2026, 1, 1))),
            ("2026-01-1x", None),
            ("2026/01/01", None),
            ("2026-01/01", None),
            ("2026/01-01", None),
            ("20x6-01-01", None),
            ("2026-0x-01", None),
            ("2026-01", None),
            ("", None),
        ];
        for (text, expected) in other {
            assert_eq!(iso_day(text.as_bytes()), None, "{text:?}");
            let expected = expected.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            assert_eq!(day(text, ISO), expected, "{text:?}");
        }
    }

    /// The fast path is for the ISO format only: under any other `date_format` an ISO-looking
    /// date is read by that format. `%d/%m/%Y` wants `/` after two day digits ("20" then
    /// "2"): no date. `%m-%d-%Y` reads month "20": no date. `%Y-%d-%m` reads "2026-03-04"
    /// as 3 April (the fast path would say 4 March). A space in a strftime format matches
    /// zero or more spaces (POSIX strptime; chrono's `Item::Space` trims), so `"%Y-%m-%d "`
    /// reads "2026-03-14" as 14 March.
    #[test]
    fn iso_looking_dates_under_another_format() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(day("2026-03-14", "%d/%m/%Y"), None);
        assert_eq!(period("2026-03-14", "%d/%m/%Y"), None);
        assert_eq!(day("2026-03-14", "%m-%d-%Y"), None);
        assert_eq!(day("2026-03-04", "%Y-%d-%m"), d(2026, 4, 3));
        assert_eq!(period("2026-03-04", "%Y-%d-%m").as_deref(), Some("2026-04"));
        assert_eq!(day("2026-03-14", "%Y-%m-%d "), d(2026, 3, 14));
        assert_eq!(day("14/03/2026", "%d/%m/%Y"), d(2026, 3, 14));
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
        // Seconds 0-59: 12 × 60 + 0 = 720; a 60th second does not exist.
        assert_eq!(minutes("12:00:59"), Some(720));
        assert_eq!(minutes("12:00:00"), Some(720));
        assert_eq!(minutes("12:00:60"), None);
        assert_eq!(minutes("12:00:xx"), None);
        assert_eq!(minutes("12:00:00:00"), None, "no fourth part");
        // 23 × 60 + 59 = 1439, the last minute; 0 × 60 + 0 = 0, the first.
        assert_eq!(minutes("23:59"), Some(1439));
        assert_eq!(minutes("00:00"), Some(0));
        assert_eq!(minutes("1:02"), Some(62));
    }

    #[test]
    fn example_dates_follow_the_format() {
        assert_eq!(example(ISO), "2026-03-14");
        assert_eq!(example("%d/%m/%Y"), "14/03/2026");
        assert_eq!(example("%m/%d/%y"), "03/14/26");
        // A format chrono cannot write falls back to the ISO example.
        assert_eq!(example("%d/%Q"), "2026-03-14");
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
        assert!(!format_is_valid("%H:%M"), "a time of day alone names no day");
    }

    /// A format with a time of day, as the bad-date hint suggests for `2026-08-14 09:30`,
    /// is taken, reads the day and ignores the time, and the template writes midnight.
    #[test]
    fn a_format_with_a_time_of_day_reads_its_day() {
        assert!(format_is_valid("%Y-%m-%d %H:%M"));
        assert_eq!(day("2026-08-14 09:30", "%Y-%m-%d %H:%M"), NaiveDate::from_ymd_opt(2026, 8, 14));
        assert_eq!(period("31/08/2026 17:05", "%d/%m/%Y %H:%M").as_deref(), Some("2026-08"));
        assert_eq!(example("%Y-%m-%d %H:%M"), "2026-03-14 00:00");
    }
}
