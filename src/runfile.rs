//! Run files: a monthly job's settings (rubric, inputs, output folder, gates, options)
//! in a small YAML file versioned with the data, so the job is `shopscore run`.
//!
//! Keys are exactly the `score` flags with underscores (see [`Settings`]); relative
//! paths are read from the run file's folder, so the job runs from anywhere.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::Settings;

/// The settings of the run file at `path`, paths resolved against its folder.
pub fn load(path: &Path) -> Result<Settings> {
    let bytes = std::fs::read(path).map_err(|e| {
        // Only a file that is not there wants a starter one.
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => "`shopscore init DIR` writes a starter one",
            std::io::ErrorKind::PermissionDenied => "you may not read this file: check its permissions",
            _ => "check the path and that the file is readable",
        };
        anyhow::anyhow!("cannot read the run file {}: {e}\n  hint: {hint}", path.display())
    })?;
    // A byte-order mark (Windows Notepad writes one) or UTF-16 is read as the text it is.
    let text = crate::rubric::yaml_text(path, &bytes)?;
    let mut settings: Settings =
        serde_yaml::from_str(&text).map_err(|e| anyhow::Error::new(crate::rubric::syntax_error(path, &e)))?;
    let base = path.parent().unwrap_or(Path::new(""));
    let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    settings.rubric = settings.rubric.into_iter().map(resolve).collect();
    settings.corrections = settings.corrections.map(resolve);
    // Without `out:`, reports go beside the run file, not into the caller's folder: two
    // clients' jobs started from one folder must not overwrite each other.
    settings.out = Some(resolve(settings.out.unwrap_or_else(|| PathBuf::from("reports"))));
    // `-` is standard input wherever the run file is, not a file named `-` beside it.
    let input = |p: PathBuf| if crate::ingest::source::is_stdin(&p) { p } else { resolve(p) };
    settings.inputs = settings.inputs.into_iter().map(input).collect();
    Ok(settings)
}

/// A starter run file for `shopscore init`.
pub const STARTER: &str = "\
# shopscore run file: `shopscore run audit.yaml` scores the month with these settings.
# Every key is a `shopscore score` flag (underscores here, dashes there); flags given
# to `shopscore run` override the values below. Paths are relative to this file.
rubric: rubric.yaml
inputs:
  - data/                   # every *.csv in the folder, in name order
# The month scored and gated: `latest` is the latest month a visit is dated in, up to
# today (earlier months are read only to compare with); `previous` is the month before
# today's (for a job scheduled early in the month, when the new month's first visits may
# have come in); or name one (2026-10). Without it every month read is scored together.
period: latest
out: reports/
# Gates: the run exits 1 (reports still written) when one fails.
fail_under: 80              # overall score
fail_location_under: 70     # any location with at least min_visits visits
min_visits: 3
max_issues: 25
strict: false               # true: any data issue fails the run
# Outputs
no_xlsx: false
raw_csv: false              # true: visits.csv/issues.csv cells exactly as read (for programs)
charts: all                 # none | png | svg | all
chart_by: region            # region | location
quiet: false
verbose: false              # true: name every report written on stderr
json: false
";
