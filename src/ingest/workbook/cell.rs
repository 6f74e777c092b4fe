//! One workbook cell as the text a shopper's CSV would hold ([`render`]): numbers as
//! their shortest text (`4`, not `4.0`), booleans `TRUE`/`FALSE`, a date in the rubric's
//! date column in its `date_format`, a date elsewhere as ISO text, an error cell as
//! Excel writes it (`#N/A`). What the cell was, where the row reader cannot tell from
//! the text (a date, an error), is returned as a [`Mark`].

use std::fmt::Write;

use calamine::{Data, ExcelDateTime};

/// What a column is to the run, which decides how a date or error cell in it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The visit date, or `fields.version_date`: a date cell reads in `date_format`.
    Date,
    /// `fields.time`: a time cell reads as `HH:MM`.
    Time,
    /// A question's answer: a date or error cell keeps its text and is marked, so the
    /// invalid answer says what the cell was.
    Answer,
    /// Another column the run reads: an error cell reads as blank and is marked.
    Read,
    /// A column the run does not read (or the header row): every cell as its text.
    Unread,
}

/// A cell whose text alone does not say what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mark {
    /// An Excel date (a number shown with a date format).
    Date,
    /// An error cell (a formula that failed), as Excel writes it: `#N/A`, `#DIV/0!`.
    Error(String),
}

/// Appends `data`'s text to `out`, as a cell of a column of `role` reads.
pub(super) fn render(out: &mut String, data: &Data, role: Role, date_format: &str) -> Option<Mark> {
    match data {
        Data::Empty => {}
        Data::String(s) if s.contains('\r') => out.push_str(&s.replace("\r\n", "\n").replace('\r', "\n")),
        Data::String(s) => out.push_str(s),
        Data::DateTimeIso(s) => return iso_date_time(out, s, role, date_format),
        Data::DurationIso(s) => {
            match (role, iso_duration(s)) {
                (Role::Time, Some((h, m))) if h < 24 => {
                    let _ = write!(out, "{h:02}:{m:02}");
                }
                _ => out.push_str(s),
            }
            return (role == Role::Answer).then_some(Mark::Date);
        }
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => number(out, *f),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => return date_time(out, dt, role, date_format),
        Data::Error(e) => {
            let text = e.to_string();
            match role {
                Role::Unread => out.push_str(&text),
                Role::Answer => {
                    out.push_str(&text);
                    return Some(Mark::Error(text));
                }
                Role::Date | Role::Time | Role::Read => return Some(Mark::Error(text)),
            }
        }
    }
    None
}

/// The largest integer below which every integral f64 is exact (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// An integral value as an integer (`4`, `-0` as `0`), anything else as Rust's shortest
/// text that reads back as the same f64 (`0.1`).
fn number(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < EXACT {
        let _ = write!(out, "{}", v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// A date, time or duration cell: the date in `date_format` in a date column, the time
/// as `HH:MM` in a time column, else ISO text (`2026-10-03`, `14:30:00`,
/// `2026-10-03T14:30:00`), marked as a date in an answer column.
fn date_time(out: &mut String, dt: &ExcelDateTime, role: Role, date_format: &str) -> Option<Mark> {
    if dt.is_duration() {
        // Total hours, as Excel's `[h]:mm:ss` shows them.
        let secs = (dt.as_f64() * 86_400.0).round() as i64;
        let _ = write!(out, "{}:{:02}:{:02}", secs / 3600, (secs / 60 % 60).abs(), (secs % 60).abs());
        return (role == Role::Answer).then_some(Mark::Date);
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let day = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d));
    // A serial below 1 is a time of day with no day (Excel shows 0.4375 as 10:30).
    let time_only = (0.0..1.0).contains(&dt.as_f64());
    match role {
        // A time in the date column is no date: its time text, which fails the date format.
        Role::Date if time_only => {
            let _ = write!(out, "{h:02}:{mi:02}:{s:02}");
            return None;
        }
        Role::Date => {
            let start = out.len();
            if let Some(day) = day
                && write!(out, "{}", day.format(date_format)).is_ok()
            {
                return None;
            }
            out.truncate(start);
            let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
            return None;
        }
        Role::Time => {
            let _ = write!(out, "{h:02}:{mi:02}");
            if s > 0 || ms > 0 {
                let _ = write!(out, ":{s:02}");
            }
            return None;
        }
        Role::Answer | Role::Read | Role::Unread => {}
    }
    let timed = (h, mi, s, ms) != (0, 0, 0, 0);
    if time_only {
        let _ = write!(out, "{h:02}:{mi:02}:{s:02}");
    } else if timed {
        let _ = write!(out, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    } else {
        let _ = write!(out, "{y:04}-{mo:02}-{d:02}");
    }
    (role == Role::Answer).then_some(Mark::Date)
}

/// An ISO date or date and time, as OpenDocument sheets hold them (`2026-10-03`,
/// `2026-10-03T09:05:00`): in the date column the day in `date_format`, in the time
/// column the time as `HH:MM`, else the text (marked as a date in an answer column).
fn iso_date_time(out: &mut String, iso: &str, role: Role, date_format: &str) -> Option<Mark> {
    let day = iso.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let start = out.len();
    match (role, day) {
        (Role::Date, Some(day)) if write!(out, "{}", day.format(date_format)).is_ok() => return None,
        (Role::Time, _) if iso.as_bytes().get(10) == Some(&b'T') && iso.get(11..16).is_some() => {
            out.push_str(iso.get(11..16).unwrap_or_default());
            return None;
        }
        _ => {}
    }
    out.truncate(start);
    out.push_str(iso);
    (role == Role::Answer).then_some(Mark::Date)
}

/// The hours and minutes of an ISO duration as OpenDocument writes a time of day
/// (`PT14H30M00S`).
fn iso_duration(iso: &str) -> Option<(u32, u32)> {
    let rest = iso.strip_prefix("PT")?;
    let (h, rest) = rest.split_once('H')?;
    let (m, _) = rest.split_once('M')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    fn text(data: Data, role: Role, format: &str) -> (String, Option<Mark>) {
        let mut out = String::new();
        let mark = render(&mut out, &data, role, format);
        (out, mark)
    }

    fn plain(data: Data) -> String {
        text(data, Role::Read, "%Y-%m-%d").0
    }

    fn date(serial: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false))
    }

    #[test]
    fn numbers_are_their_shortest_text() {
        assert_eq!(plain(Data::Float(4.0)), "4");
        assert_eq!(plain(Data::Float(0.1)), "0.1");
        assert_eq!(plain(Data::Float(-2.5)), "-2.5");
        assert_eq!(plain(Data::Float(-0.0)), "0");
        assert_eq!(plain(Data::Float(1e300)), format!("{}", 1e300));
        // 2^53 itself is printed by Display, which writes every digit: the same text.
        assert_eq!(plain(Data::Float(EXACT)), "9007199254740992");
        assert_eq!(plain(Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(plain(Data::Int(-7)), "-7");
        assert_eq!(plain(Data::Bool(true)), "TRUE");
        assert_eq!(plain(Data::Bool(false)), "FALSE");
        assert_eq!(plain(Data::String("a\r\nb\rc\nd".into())), "a\nb\nc\nd");
        assert_eq!(plain(Data::Empty), "");
    }

    /// 46298 is 2026-10-03 (46023 is 2026-01-01; + 275 days to Oct 3); .5 is noon.
    #[test]
    fn dates_read_in_the_date_format_in_a_date_column_and_as_iso_elsewhere() {
        assert_eq!(text(date(46298.0), Role::Date, "%Y-%m-%d"), ("2026-10-03".into(), None));
        assert_eq!(text(date(46298.0), Role::Date, "%d/%m/%Y"), ("03/10/2026".into(), None));
        // A date and time in the date column: its day.
        assert_eq!(text(date(46298.5), Role::Date, "%Y-%m-%d"), ("2026-10-03".into(), None));
        assert_eq!(text(date(46298.0), Role::Answer, "%Y-%m-%d"), ("2026-10-03".into(), Some(Mark::Date)));
        assert_eq!(text(date(46298.5), Role::Read, "%Y-%m-%d"), ("2026-10-03T12:00:00".into(), None));
        // 14:30 is 0.6041666 of a day.
        assert_eq!(text(date(14.5 / 24.0), Role::Time, "%Y-%m-%d"), ("14:30".into(), None));
        assert_eq!(text(date(14.5 / 24.0), Role::Read, "%Y-%m-%d"), ("14:30:00".into(), None));
        let duration = Data::DateTime(ExcelDateTime::new(1.25, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(text(duration, Role::Read, "%Y-%m-%d"), ("30:00:00".into(), None));
        // The 1904 epoch: serial 1 is 1904-01-02 (serial 0 would be a time of day).
        let d1904 = Data::DateTime(ExcelDateTime::new(1.0, ExcelDateTimeType::DateTime, true));
        assert_eq!(text(d1904, Role::Date, "%Y-%m-%d").0, "1904-01-02");
        // Excel's 1900-02-29 (serial 60) is no day: its text, which is a bad date.
        assert_eq!(text(date(60.0), Role::Date, "%Y-%m-%d").0, "1900-02-29");
    }

    /// A time cell or a duration in the date column is no day: its time text, which
    /// fails any date format (a bad date), not 1899-12-31. 0.4375 of a day is 10:30
    /// (10.5 / 24); the duration 1.25 days is 30 hours; ODS's PT10H30M00S stays as is.
    #[test]
    fn a_time_or_duration_in_the_date_column_reads_as_its_time_text() {
        assert_eq!(text(date(0.4375), Role::Date, "%Y-%m-%d"), ("10:30:00".into(), None));
        assert_eq!(text(date(0.0), Role::Date, "%d/%m/%Y"), ("00:00:00".into(), None));
        let duration = Data::DateTime(ExcelDateTime::new(1.25, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(text(duration, Role::Date, "%Y-%m-%d"), ("30:00:00".into(), None));
        let iso = Data::DurationIso("PT10H30M00S".into());
        assert_eq!(text(iso, Role::Date, "%Y-%m-%d"), ("PT10H30M00S".into(), None));
    }

    /// OpenDocument sheets hold dates and times as ISO text.
    #[test]
    fn iso_dates_and_times_read_as_excel_dates_do() {
        let iso = |t: &str| Data::DateTimeIso(t.into());
        assert_eq!(text(iso("2026-10-03"), Role::Date, "%d/%m/%Y"), ("03/10/2026".into(), None));
        assert_eq!(text(iso("2026-10-03T09:05:00"), Role::Date, "%Y-%m-%d"), ("2026-10-03".into(), None));
        assert_eq!(text(iso("2026-10-03T09:05:00"), Role::Time, ""), ("09:05".into(), None));
        assert_eq!(text(iso("2026-10-03"), Role::Answer, ""), ("2026-10-03".into(), Some(Mark::Date)));
        assert_eq!(text(iso("2026-10-03"), Role::Read, ""), ("2026-10-03".into(), None));
        let duration = |t: &str| Data::DurationIso(t.into());
        assert_eq!(text(duration("PT14H30M00S"), Role::Time, ""), ("14:30".into(), None));
        assert_eq!(text(duration("PT30H00M00S"), Role::Time, ""), ("PT30H00M00S".into(), None));
        assert_eq!(text(duration("PT14H30M00S"), Role::Read, ""), ("PT14H30M00S".into(), None));
    }

    #[test]
    fn error_cells_are_marked_and_blank_outside_answers() {
        let na = || Data::Error(CellErrorType::NA);
        assert_eq!(text(na(), Role::Answer, ""), ("#N/A".into(), Some(Mark::Error("#N/A".into()))));
        assert_eq!(text(na(), Role::Read, ""), ("".into(), Some(Mark::Error("#N/A".into()))));
        assert_eq!(text(na(), Role::Date, ""), ("".into(), Some(Mark::Error("#N/A".into()))));
        assert_eq!(text(Data::Error(CellErrorType::Div0), Role::Unread, ""), ("#DIV/0!".into(), None));
    }
}
