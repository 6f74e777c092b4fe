//! `--period latest` (`period: latest` in a run file): the month a monthly job scores
//! and gates on is the latest month its inputs' visits are dated in, found by reading
//! the inputs' dates once before the run.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};

use crate::ingest::source::{is_stdin, read_once};
use crate::ingest::{Dated, Input};
use crate::rubric::Rubric;

/// The `--period` value that asks for the latest month.
pub const LATEST: &str = "latest";

/// The month (`YYYY-MM`) of the latest visit in `files` dated on or before `today`: a
/// visit dated later is not the month's work but a mistake (the run lists it as dated
/// after the period being scored). Each file is read here once, its date column only,
/// so an input that can be read only once (standard input, a pipe) is refused.
/// `sheet`: each workbook's sheet to read (`--sheet`).
pub fn latest_month(files: &[PathBuf], rubric: &Rubric, today: NaiveDate, sheet: Option<&str>) -> Result<String> {
    for file in files {
        refuse_read_once(file)?;
    }
    let mut dated = Dated::default();
    for file in files {
        let mut input = Input::open_sheet(file, rubric, sheet)?;
        input.skip_hash();
        input.set_run_date(today);
        dated = dated.join(input.latest_day(rubric, today)?);
    }
    match dated {
        Dated { latest: Some(day), .. } => Ok(month(day)),
        Dated { latest: None, after: Some((earliest, last)) } => bail!(
            "period `latest`: every dated visit in the inputs is after the run date {today} (the earliest is dated {earliest}), so there is no latest month to score\n  hint: {}, or give the month ({})",
            run_date_hint(),
            give_month(&month(last))
        ),
        Dated { latest: None, after: None } => bail!(
            "period `latest`: no visit in the inputs is dated on or before the run date {today}, so there is no latest month to score\n  hint: check the `{}` column against the rubric's date_format `{}`, or give the month ({})",
            rubric.fields.date,
            rubric.date_format,
            give_month("2026-10")
        ),
    }
}

/// Where the run date came from, as a hint says what to check: `SOURCE_DATE_EPOCH` when
/// set (as [`crate::config::run_date`] reads it), else the system clock.
fn run_date_hint() -> String {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => format!(
            "the run date is SOURCE_DATE_EPOCH ({}): set it to the day the visits are scored, or unset it to use today's date",
            v.trim()
        ),
        _ => "the run date is the system clock's day (UTC): check the clock".to_string(),
    }
}

/// A month given instead of `latest`, as the command line and a run file write it: the
/// period may have come from either.
fn give_month(month: &str) -> String {
    format!("--period {month}, or `period: {month}` in a run file")
}

/// `2026-10`.
fn month(day: NaiveDate) -> String {
    let mut month = String::new();
    crate::date::write_period(&mut month, day.year(), day.month());
    month
}

/// Standard input, a pipe (`<(cat visits.csv)`), a fifo or a device would be used up by
/// the read that finds the latest month, and the run would find it empty: refused. A
/// path that is not there is left to the run's own error.
fn refuse_read_once(file: &Path) -> Result<()> {
    let Some(what) = read_once(file) else { return Ok(()) };
    bail!(
        "period `latest` reads the inputs once before the run to find their latest month, and {what} can be read only once\n  hint: save {} to a file and name that, or give the month ({})",
        if is_stdin(file) { "standard input" } else { "it" },
        give_month("2026-10")
    )
}
