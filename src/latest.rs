//! `--period latest` (`period: latest` in a run file): the month a monthly job scores
//! and gates on is the latest month its inputs' visits are dated in, found by reading
//! the inputs' dates once before the run.

use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};

use crate::ingest::Input;
use crate::ingest::source::is_stdin;
use crate::rubric::Rubric;

/// The `--period` value that asks for the latest month.
pub const LATEST: &str = "latest";

/// The month (`YYYY-MM`) of the latest visit in `files` dated on or before `today`: a
/// visit dated later is not the month's work but a mistake (the run lists it as dated
/// after the period being scored). Each file is read here once, its date column only.
pub fn latest_month(files: &[PathBuf], rubric: &Rubric, today: NaiveDate) -> Result<String> {
    if files.iter().any(|f| is_stdin(f)) {
        bail!(
            "--period latest reads the inputs once before the run to find their latest month, and standard input (`-`) can be read only once\n  hint: save standard input to a file and name that, or give the month, e.g. --period 2026-10"
        );
    }
    let mut latest: Option<NaiveDate> = None;
    for file in files {
        let mut input = Input::open(file, rubric)?;
        input.skip_hash();
        input.set_run_date(today);
        latest = latest.max(input.latest_day(rubric, today)?);
    }
    let Some(day) = latest else {
        bail!(
            "--period latest: no visit in the inputs is dated on or before the run date {today}, so there is no latest month to score\n  hint: check the `{}` column against the rubric's date_format `{}`, or give the month, e.g. --period 2026-10",
            rubric.fields.date,
            rubric.date_format
        );
    };
    let mut month = String::new();
    crate::ingest::date::write_period(&mut month, day.year(), day.month());
    Ok(month)
}
