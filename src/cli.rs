//! The command line as typed: clap structs only. [`crate::config`] checks them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::charts::{ChartBy, ChartFormats};

const EXAMPLES: &str = "\
Examples:
  shopscore score --rubric rubrics/retail-visit.yaml samples/retail-*.csv
  shopscore score --rubric rubrics/retail-visit.yaml --out reports/2026-10 \\
      --fail-under 80 data/*.csv
  shopscore score --rubric rubrics/phone-call.yaml --json --quiet calls.csv \\
      > summary.json
  shopscore check --rubric rubrics/retail-visit.yaml samples/*.csv
  shopscore template --rubric rubrics/retail-visit.yaml > form.csv

Exit codes: 0 ok; 1 a gate failed (--fail-under, --strict, check found issues);
2 the run could not proceed (bad rubric, missing column, unreadable file).";

/// Scores mystery-shopper visit reports (CSV or Excel) against a YAML rubric and writes
/// exact, explainable reports.
#[derive(Debug, Parser)]
#[command(name = "shopscore", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score visit files and write visits.csv, issues.csv and summary.json.
    #[command(after_help = EXAMPLES)]
    Score(ScoreArgs),
    /// Validate a rubric and, if given, data files; writes nothing, exit 1 on data issues.
    #[command(
        after_help = "Examples:\n  shopscore check --rubric rubrics/retail-visit.yaml\n  shopscore check --rubric rubrics/retail-visit.yaml samples/*.csv\n  shopscore check --rubric v1.yaml --rubric v2.yaml --corrections fix.csv d.csv"
    )]
    Check(CheckArgs),
    /// Score as a run file says: `shopscore run audit.yaml` is a whole monthly job.
    #[command(
        after_help = "Examples:\n  shopscore run\n  shopscore run clients/acme/audit.yaml --out /tmp/preview --no-xlsx"
    )]
    Run(RunArgs),
    /// Write a starter run file, rubric, CSV template and empty data/ folder into DIR.
    #[command(after_help = "Example:\n  shopscore init acme && shopscore run acme/audit.yaml")]
    Init(InitArgs),
    /// Print the CSV header (and one example row) a shopper form must produce.
    #[command(after_help = "Example:\n  shopscore template --rubric rubrics/phone-call.yaml > phone-form.csv")]
    Template(TemplateArgs),
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub settings: Settings,
    /// Visit report files or folders of them (CSV; `,` `;` or tab; UTF-8, Windows-1252 or
    /// UTF-16; or workbooks, .xlsx .xlsm .xlsb .xls .ods: their first sheet, or --sheet's).
    /// A folder means its *.csv and workbook files in name order; `-` reads standard input
    /// (once at most), named `stdin` in issues and reports.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The run file (YAML) holding the rubric, inputs, output folder, gates and options.
    #[arg(value_name = "RUN_FILE", default_value = "audit.yaml")]
    pub file: PathBuf,
    /// Settings given here override the run file's.
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the starter files in (created if missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// Everything a scoring run can be told: each is a `score`/`run` flag and a run-file key
/// of the same name (underscores in the file, dashes on the command line). Switches are
/// `Option<bool>` so a flag can turn a run file's `true` off (`--strict=false`); plain
/// `--strict` means true.
#[derive(Debug, Clone, Default, Args, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The rubric (YAML) to score against; several times for the versions of one
    /// programme, each with its `effective_from` (a visit is scored by the one in force on
    /// its date).
    #[arg(long, value_name = "FILE")]
    #[serde(default, deserialize_with = "crate::values::one_or_more")]
    pub rubric: Vec<PathBuf>,
    /// Run file only: the input files and folders.
    #[arg(skip)]
    #[serde(default, deserialize_with = "crate::values::one_or_more")]
    pub inputs: Vec<PathBuf>,
    /// Score this month (YYYY-MM); `latest`: the latest month a visit is dated in, up to
    /// today; `previous`: the month before today's (for a job run early in the month). The
    /// months before it are read for comparison only.
    #[arg(long, value_name = "YYYY-MM|latest|previous")]
    pub period: Option<String>,
    /// A corrections file (CSV: visit_id, question, value, action, status, reason, by,
    /// date): accepted rows change answers (`set`) or exclude visits (`void`, `restore`).
    #[arg(long, value_name = "FILE")]
    pub corrections: Option<PathBuf>,
    /// The sheet of each Excel workbook input to read [default: its first sheet]; CSV
    /// inputs ignore it.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Points within which a change counts as steady [default: the rubric's, else 2].
    #[arg(long, value_name = "POINTS", value_parser = crate::values::points, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_points")]
    pub steady_within: Option<f64>,
    /// A focus-month visit scoring below PCT is a hot alert, as a critical failure is
    /// [default: the rubric's `alert_below`, else none].
    #[arg(long, value_name = "PCT", value_parser = crate::values::percent, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_percent")]
    pub alert_below: Option<f64>,
    /// A question a location failed in N or more focus-month visits is an action
    /// [default: the rubric's `actions.min_failures`, else 2].
    #[arg(long, value_name = "N", value_parser = crate::values::count, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_count")]
    pub action_failures: Option<u64>,
    /// A question a location failed in each of its last N answers in a row is an action
    /// [default: the rubric's `actions.in_a_row`, else 3].
    #[arg(long, value_name = "N", value_parser = crate::values::count, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_count")]
    pub action_streak: Option<u64>,
    /// Points a shopper's deviation must reach to flag them lenient or severe
    /// [default: the rubric's `shopper_margin`, else 5].
    #[arg(long, value_name = "POINTS", value_parser = crate::values::points, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_points")]
    pub shopper_margin: Option<f64>,
    /// Exit 1 when the focus month has any hot alert (reports are still written).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub fail_on_alert: Option<bool>,
    /// Exit 1 when a location is on the last step of the rubric's ladder (reports are
    /// still written).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub fail_on_breach: Option<bool>,
    /// Read only visits from this month on (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub since: Option<String>,
    /// Read only visits up to this month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub until: Option<String>,
    /// Folder for the reports; created if missing [default: reports; for `run`, beside the run
    /// file].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Exit 1 when the overall score is below PCT (reports are still written).
    #[arg(long, value_name = "PCT", value_parser = crate::values::percent, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_percent")]
    pub fail_under: Option<f64>,
    /// Exit 1 when any location with at least --min-visits scored visits is below PCT.
    #[arg(long, value_name = "PCT", value_parser = crate::values::percent, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_percent")]
    pub fail_location_under: Option<f64>,
    /// Visits a location needs before --fail-location-under judges it [default: 3].
    #[arg(long, value_name = "N", value_parser = crate::values::count, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_count")]
    pub min_visits: Option<u64>,
    /// Exit 1 when there are more than N data issues (reports are still written).
    #[arg(long, value_name = "N", value_parser = crate::values::count, allow_negative_numbers = true)]
    #[serde(default, deserialize_with = "crate::values::de_count")]
    pub max_issues: Option<u64>,
    /// Exit 1 when there is any data issue (reports are still written).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub strict: Option<bool>,
    /// Print the summary as JSON on stdout instead of the table.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub json: Option<bool>,
    /// Also write a report card per location: DIR/locations/<location>.xlsx and its charts.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub per_location: Option<bool>,
    /// Write the CSV reports (visits, issues, corrections) as read, without the `'` that
    /// keeps a spreadsheet from running a cell starting with = + - @ as a formula.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub raw_csv: Option<bool>,
    /// Do not write the Excel workbook.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub no_xlsx: Option<bool>,
    /// File name of the workbook inside DIR [default: <rubric name>-<first period>[_<last period>].xlsx].
    #[arg(long, value_name = "NAME")]
    pub xlsx_name: Option<String>,
    /// Which chart images to write into DIR/charts/ [default: all].
    #[arg(long, value_name = "WHICH", value_enum)]
    pub charts: Option<ChartFormats>,
    /// Group the section-profile chart by region or by location [default: region].
    #[arg(long, value_name = "GROUP", value_enum)]
    pub chart_by: Option<ChartBy>,
    /// The terminal table's rows: `location` (the stores), or a level of the rubric's
    /// `fields.levels` (`area`; any case) [default: location].
    #[arg(long, value_name = "LEVEL")]
    pub by: Option<String>,
    /// Print nothing but errors and gate failures (and the JSON with --json).
    #[arg(long, short, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub quiet: Option<bool>,
    /// Name every report written on stderr, one line each (else one line for them all).
    #[arg(long, short, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    #[serde(default, deserialize_with = "crate::values::de_switch")]
    pub verbose: Option<bool>,
}

impl Settings {
    /// These settings with every one given in `over` replacing ours.
    pub fn overridden_by(self, over: Settings) -> Settings {
        let period_given = over.period.is_some();
        Settings {
            rubric: if over.rubric.is_empty() { self.rubric } else { over.rubric },
            inputs: if over.inputs.is_empty() { self.inputs } else { over.inputs },
            period: over.period.or(self.period),
            corrections: over.corrections.or(self.corrections),
            sheet: over.sheet.or(self.sheet),
            steady_within: over.steady_within.or(self.steady_within),
            alert_below: over.alert_below.or(self.alert_below),
            action_failures: over.action_failures.or(self.action_failures),
            action_streak: over.action_streak.or(self.action_streak),
            shopper_margin: over.shopper_margin.or(self.shopper_margin),
            fail_on_alert: over.fail_on_alert.or(self.fail_on_alert),
            fail_on_breach: over.fail_on_breach.or(self.fail_on_breach),
            since: over.since.or(self.since),
            // --period reads up to its month: it replaces the file's `until`.
            until: if period_given { over.until } else { over.until.or(self.until) },
            out: over.out.or(self.out),
            fail_under: over.fail_under.or(self.fail_under),
            fail_location_under: over.fail_location_under.or(self.fail_location_under),
            min_visits: over.min_visits.or(self.min_visits),
            max_issues: over.max_issues.or(self.max_issues),
            strict: over.strict.or(self.strict),
            json: over.json.or(self.json),
            no_xlsx: over.no_xlsx.or(self.no_xlsx),
            raw_csv: over.raw_csv.or(self.raw_csv),
            per_location: over.per_location.or(self.per_location),
            xlsx_name: over.xlsx_name.or(self.xlsx_name),
            charts: over.charts.or(self.charts),
            chart_by: over.chart_by.or(self.chart_by),
            by: over.by.or(self.by),
            quiet: over.quiet.or(self.quiet),
            verbose: over.verbose.or(self.verbose),
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The rubric (YAML) to validate; several times for the versions of one programme.
    #[arg(long, value_name = "FILE", required = true)]
    pub rubric: Vec<PathBuf>,
    /// Print only the issue count.
    #[arg(long, short)]
    pub quiet: bool,
    /// A corrections file to check against the data files: its rows' problems are listed
    /// with the data's.
    #[arg(long, value_name = "FILE", requires = "files")]
    pub corrections: Option<PathBuf>,
    /// The sheet of each Excel workbook to check [default: its first sheet]; CSV files
    /// ignore it.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Data files to check against the rubric (`-`: standard input, once at most).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The rubric (YAML) whose form to print; with several versions, the latest's form.
    #[arg(long, value_name = "FILE", required = true)]
    pub rubric: Vec<PathBuf>,
    /// Print only the header line, without the example row.
    #[arg(long)]
    pub header_only: bool,
}
