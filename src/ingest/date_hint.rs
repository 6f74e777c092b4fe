//! Why a visit date did not read, in words for its `bad_date` issue: a day the calendar
//! does not have (`2026-02-30`), or a date written another way, with the `date_format`
//! that reads it. Worked out only when the issue is made, never for a date that reads.

use chrono::format::{Item, Numeric, ParseErrorKind, Parsed, StrftimeItems};
use chrono::{Datelike, NaiveDate};

use crate::date::{ISO, day};

/// The ways of writing a date a shopper export uses, tried on a date that does not
/// read with the rubric's format. Day first before month first: the hint lists them so.
const OTHER_FORMATS: [&str; 15] = [
    ISO,
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d %b %Y",
    "%b %d, %Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
];

/// The rows above a bad date in its file whose date read with the rubric's format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Above {
    /// How many.
    pub dated: u64,
    /// One of them reads only with the rubric's format, not with day and month swapped
    /// ([`swapped`]: a day over 12). When none does, they are no evidence between the two.
    pub one_way: bool,
}

/// The format with `%d` and `%m` swapped (`%m/%d/%Y` for `%d/%m/%Y`), when it is one of
/// the ways of writing a date tried here: a date with a day of 12 or less reads under
/// both, so it is no evidence of which one a file uses.
pub fn swapped(format: &str) -> Option<&'static str> {
    let twin = format.replace("%d", "\0").replace("%m", "%d").replace('\0', "%m");
    OTHER_FORMATS.iter().copied().find(|f| twin != format && *f == twin)
}

/// Why `value` (not blank) is not a date in `format`, as a `bad_date` problem says it
/// before what happens to the visit. `above`: the rows above it in its file whose date
/// read with `format`; with any that read only that way, the file does write its dates
/// so, and the hint is to correct this one, not to change `date_format` (which would
/// break them). `today`: the run date; a reading after it is left out when another is
/// not, and marked when none is.
pub fn why_not(value: &str, format: &str, above: Above, today: Option<NaiveDate>) -> String {
    let value = value.trim();
    let mut readers: Vec<(&str, NaiveDate)> =
        OTHER_FORMATS.iter().filter(|f| **f != format).filter_map(|f| day(value, f).map(|d| (*f, d))).collect();
    if readers.is_empty()
        && let Some(why) = no_such_day(value, format)
    {
        return format!("date is not a real date ({why})");
    }
    let later = |d: &NaiveDate| today.is_some_and(|t| *d > t);
    if readers.iter().any(|(_, d)| !later(d)) {
        readers.retain(|(_, d)| !later(d));
    }
    let mut text = format!("date does not match the format {format}");
    match above.dated {
        0 => {}
        1 => text += ", which the date above it in the file matches",
        n => text += &format!(", which the {n} dates above it in the file match"),
    }
    // The rows above are evidence for `format` only where they do not read the other way.
    let twin = swapped(format).filter(|t| readers.iter().any(|(f, _)| f == t));
    let undecided = above.dated > 0 && twin.is_some() && !above.one_way;
    if let Some(t) = twin.filter(|_| undecided) {
        text += &match above.dated {
            1 => format!(", but it reads as {t} too"),
            _ => format!(", but they read as {t} too"),
        };
    }
    if readers.is_empty()
        && let Some(d) = excel_serial(value)
    {
        text += &format!(
            "; it looks like an Excel date serial number, which is {}: format the column as dates in the workbook, or write the date as {format}",
            spoken(d)
        );
        return text;
    }
    let Some(((f, d), rest)) = readers.split_first() else { return text };
    let said = |d: &NaiveDate| match today.filter(|_| later(d)) {
        Some(t) => format!("{}, which is after the run date {t}", spoken(*d)),
        None => spoken(*d),
    };
    text += &format!("; as {f} it is {}", said(d));
    for (f, d) in rest {
        text += &format!(", as {f} {}", said(d));
    }
    text += &if let Some(t) = twin.filter(|_| undecided) {
        let first = if t.starts_with("%m") { "month-first" } else { "day-first" };
        format!(": the file may be {first}: set `date_format: \"{t}\"` in the rubric, or correct this date")
    } else if above.dated > 0 {
        ": correct this date".to_string()
    } else if rest.is_empty() {
        format!(": if the file writes its dates that way, set `date_format: \"{f}\"` in the rubric")
    } else {
        let quoted: Vec<String> = readers.iter().map(|(f, _)| format!("\"{f}\"")).collect();
        format!(
            ": if the file writes its dates one of these ways, set `date_format:` in the rubric to the one it uses ({})",
            quoted.join(" or ")
        )
    };
    text
}

/// What makes `value`, written in `format`, a day the calendar does not have: `February
/// 2026 has 28 days`, `a year has 12 months`; `None` when it is not written in `format`.
fn no_such_day(value: &str, format: &str) -> Option<String> {
    let mut parsed = Parsed::new();
    match chrono::format::parse(&mut parsed, value, StrftimeItems::new(format)) {
        // Every field read, and no such day: 30 February.
        Ok(()) if parsed.to_naive_date().is_err() => {
            let (y, m) = (parsed.year()?, parsed.month()?);
            Some(month_days(y, m)?)
        }
        // A day or month number out of its range (32, 13) stops the parse at it, so it is
        // the first of them in the format that is not set.
        Err(e) if e.kind() == ParseErrorKind::OutOfRange => {
            let unset = StrftimeItems::new(format).find_map(|item| match item {
                Item::Numeric(Numeric::Day, _) if parsed.day().is_none() => Some(Numeric::Day),
                Item::Numeric(Numeric::Month, _) if parsed.month().is_none() => Some(Numeric::Month),
                _ => None,
            })?;
            Some(match (unset, parsed.year(), parsed.month()) {
                (Numeric::Month, ..) => "a year has 12 months".to_string(),
                (_, Some(y), Some(m)) => month_days(y, m)?,
                _ => "a month has at most 31 days".to_string(),
            })
        }
        _ => None,
    }
}

/// `February 2026 has 28 days`.
fn month_days(year: i32, month: u32) -> Option<String> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let days = next.signed_duration_since(first).num_days();
    Some(format!("{} {year} has {days} days", month_name(month)?))
}

/// `August` for 8.
fn month_name(month: u32) -> Option<&'static str> {
    Some(chrono::Month::try_from(u8::try_from(month).ok()?).ok()?.name())
}

/// `14 August 2026`.
/// The day an Excel date serial number stands for (days after 1899-12-30, the 1900 date
/// system), for a whole number of five digits from 20000 (1954) to 80000 (2119): a date
/// cell that reached the file as its number. `None` for anything else.
fn excel_serial(value: &str) -> Option<NaiveDate> {
    if value.len() != 5 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = value.parse().ok()?;
    if !(20_000..=80_000).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n))
}

fn spoken(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()).unwrap_or_default(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first dated row of its file.
    fn why_not0(value: &str, format: &str) -> String {
        why_not(value, format, Above::default(), None)
    }

    /// `dated` rows above, one of which reads only `format`'s way, no run date.
    fn why_not_n(value: &str, format: &str, dated: u64) -> String {
        why_not(value, format, Above { dated, one_way: true }, None)
    }

    #[test]
    fn a_day_the_calendar_does_not_have() {
        assert_eq!(why_not0("2026-02-30", ISO), "date is not a real date (February 2026 has 28 days)");
        assert_eq!(why_not0("2024-02-30", ISO), "date is not a real date (February 2024 has 29 days)");
        assert_eq!(why_not0(" 2026-09-31 ", ISO), "date is not a real date (September 2026 has 30 days)");
        // 32 and 13 are out of any month's range: the parse stops at them.
        assert_eq!(why_not0("2026-10-32", ISO), "date is not a real date (October 2026 has 31 days)");
        assert_eq!(why_not0("2026-13-01", ISO), "date is not a real date (a year has 12 months)");
        assert_eq!(why_not0("32/10/2026", "%d/%m/%Y"), "date is not a real date (a month has at most 31 days)");
        assert_eq!(why_not0("31/04/2026", "%d/%m/%Y"), "date is not a real date (April 2026 has 30 days)");
    }

    #[test]
    fn a_date_written_another_way_names_the_format_that_reads_it() {
        assert_eq!(
            why_not0("14/08/2026", ISO),
            "date does not match the format %Y-%m-%d; as %d/%m/%Y it is 14 August 2026: if the file writes its dates that way, set `date_format: \"%d/%m/%Y\"` in the rubric"
        );
        // Day first and month first both read it: the rubric must choose.
        assert_eq!(
            why_not0("12/11/2026", ISO),
            "date does not match the format %Y-%m-%d; as %d/%m/%Y it is 12 November 2026, as %m/%d/%Y 11 December 2026: if the file writes its dates one of these ways, set `date_format:` in the rubric to the one it uses (\"%d/%m/%Y\" or \"%m/%d/%Y\")"
        );
        // Month 31 is out of range under %m/%d/%Y, but it is no mistake of the calendar:
        // day first reads it.
        assert_eq!(
            why_not0("31/08/2026", "%m/%d/%Y"),
            "date does not match the format %m/%d/%Y; as %d/%m/%Y it is 31 August 2026: if the file writes its dates that way, set `date_format: \"%d/%m/%Y\"` in the rubric"
        );
        assert_eq!(
            why_not0("2026-08-14", "%d/%m/%Y"),
            "date does not match the format %d/%m/%Y; as %Y-%m-%d it is 14 August 2026: if the file writes its dates that way, set `date_format: \"%Y-%m-%d\"` in the rubric"
        );
        assert_eq!(
            why_not0("2026-08-14 09:30", ISO),
            "date does not match the format %Y-%m-%d; as %Y-%m-%d %H:%M it is 14 August 2026: if the file writes its dates that way, set `date_format: \"%Y-%m-%d %H:%M\"` in the rubric"
        );
        assert_eq!(why_not0("last Tuesday", ISO), "date does not match the format %Y-%m-%d");
        assert_eq!(
            why_not_n("last Tuesday", ISO, 1),
            "date does not match the format %Y-%m-%d, which the date above it in the file matches"
        );
        assert_eq!(why_not0("26-01-05", ISO), "date does not match the format %Y-%m-%d");
    }

    /// With dates above it that read, the file writes its dates in the rubric's format:
    /// the hint is to correct this one, not to change `date_format`.
    /// A five-digit number is read as the Excel date serial it looks like: 46298 days after
    /// 1899-12-30 is 3 October 2026 (45658 is 1 January 2025, 365 days on is 46023, 1
    /// January 2026, and 275 days on is day 276 of 2026: 3 October). Outside 20000-80000,
    /// or not five digits, it is no serial.
    #[test]
    fn an_excel_date_serial_is_named_as_one() {
        assert_eq!(
            why_not0("46298", ISO),
            "date does not match the format %Y-%m-%d; it looks like an Excel date serial number, which is 3 October 2026: format the column as dates in the workbook, or write the date as %Y-%m-%d"
        );
        assert_eq!(excel_serial("20000"), NaiveDate::from_ymd_opt(1954, 10, 3));
        assert_eq!(excel_serial("80000"), NaiveDate::from_ymd_opt(2119, 1, 11));
        for no in ["19999", "80001", "4629", "462980", "4629a", "-4629"] {
            assert_eq!(excel_serial(no), None, "{no}");
        }
        assert_eq!(why_not0("19999", ISO), "date does not match the format %Y-%m-%d");
    }

    #[test]
    fn a_stray_date_in_a_file_of_good_ones_is_to_be_corrected() {
        assert_eq!(
            why_not_n("14/08/2026", ISO, 12),
            "date does not match the format %Y-%m-%d, which the 12 dates above it in the file match; as %d/%m/%Y it is 14 August 2026: correct this date"
        );
        assert_eq!(
            why_not_n("12/11/2026", ISO, 1),
            "date does not match the format %Y-%m-%d, which the date above it in the file matches; as %d/%m/%Y it is 12 November 2026, as %m/%d/%Y 11 December 2026: correct this date"
        );
        assert_eq!(why_not_n("2026-02-30", ISO, 12), "date is not a real date (February 2026 has 28 days)");
    }

    /// Rubric %d/%m/%Y, rows 10/03/2026 and 10/05/2026 above (both days 10: they read
    /// month first too), then 10/13/2026: nothing above tells the two apart, and the file
    /// may well be month-first.
    #[test]
    fn dates_above_that_read_either_way_are_no_evidence() {
        let dmy = "%d/%m/%Y";
        assert_eq!(swapped(dmy), Some("%m/%d/%Y"));
        assert_eq!((swapped(ISO), swapped("%d.%m.%Y")), (None, None));
        assert_eq!(
            why_not("10/13/2026", dmy, Above { dated: 2, one_way: false }, None),
            "date does not match the format %d/%m/%Y, which the 2 dates above it in the file match, but they read as %m/%d/%Y too; as %m/%d/%Y it is 13 October 2026: the file may be month-first: set `date_format: \"%m/%d/%Y\"` in the rubric, or correct this date"
        );
        assert_eq!(
            why_not("13/10/2026", "%m/%d/%Y", Above { dated: 1, one_way: false }, None),
            "date does not match the format %m/%d/%Y, which the date above it in the file matches, but it reads as %d/%m/%Y too; as %d/%m/%Y it is 13 October 2026: the file may be day-first: set `date_format: \"%d/%m/%Y\"` in the rubric, or correct this date"
        );
        // One of the 3 above (a day over 12) reads only day first: correct this date.
        assert_eq!(
            why_not("10/13/2026", dmy, Above { dated: 3, one_way: true }, None),
            "date does not match the format %d/%m/%Y, which the 3 dates above it in the file match; as %m/%d/%Y it is 13 October 2026: correct this date"
        );
        // 2026-08-14 reads only as ISO, which no slashed date above reads: correct it.
        assert_eq!(
            why_not("2026-08-14", dmy, Above { dated: 2, one_way: false }, None),
            "date does not match the format %d/%m/%Y, which the 2 dates above it in the file match; as %Y-%m-%d it is 14 August 2026: correct this date"
        );
    }

    /// Run date 2 December 2026: 12/11/2026 month first is 11 December, after it, so
    /// only the day-first reading (12 November) is offered; 12/13/2026 reads only month
    /// first, 13 December, which is said to be after it.
    #[test]
    fn a_reading_after_the_run_date_is_left_out_or_marked() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2);
        assert_eq!(
            why_not("12/11/2026", ISO, Above::default(), today),
            "date does not match the format %Y-%m-%d; as %d/%m/%Y it is 12 November 2026: if the file writes its dates that way, set `date_format: \"%d/%m/%Y\"` in the rubric"
        );
        assert_eq!(
            why_not("12/13/2026", ISO, Above::default(), today),
            "date does not match the format %Y-%m-%d; as %m/%d/%Y it is 13 December 2026, which is after the run date 2026-12-02: if the file writes its dates that way, set `date_format: \"%m/%d/%Y\"` in the rubric"
        );
        // Both readings before the run date: both offered, as without one.
        assert_eq!(
            why_not("02/11/2026", ISO, Above::default(), today),
            "date does not match the format %Y-%m-%d; as %d/%m/%Y it is 2 November 2026, as %m/%d/%Y 11 February 2026: if the file writes its dates one of these ways, set `date_format:` in the rubric to the one it uses (\"%d/%m/%Y\" or \"%m/%d/%Y\")"
        );
    }
}
