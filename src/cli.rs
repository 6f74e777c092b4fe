//! The command line as typed: clap structs only. [`crate::config`] checks them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::charts::{ChartBy, ChartFormats};

const EXAMPLES: &str = "\
Examples:
  shopscore score --rubric rubrics/retail-visit.yaml samples/retail-*.csv
  shopscore score --rubric rubrics/retail-visit.yaml --out reports/2026-10 --fail-under 80 data/*.csv
  shopscore score --rubric rubrics/phone-call.yaml --json --quiet calls.csv > summary.json
  shopscore check --rubric rubrics/retail-visit.yaml samples/retail-2026-10.csv
  shopscore template --rubric rubrics/retail-visit.yaml > form.csv

Exit codes: 0 ok; 1 a gate failed (--fail-under, --strict, check found issues);
2 the run could not proceed (bad rubric, missing column, unreadable file).";

/// Scores mystery-shopper visit reports (CSV) against a YAML rubric and writes
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
        after_help = "Examples:\n  shopscore check --rubric rubrics/retail-visit.yaml\n  shopscore check --rubric rubrics/retail-visit.yaml samples/*.csv"
    )]
    Check(CheckArgs),
    /// Print the CSV header (and one example row) a shopper form must produce.
    #[command(after_help = "Example:\n  shopscore template --rubric rubrics/phone-call.yaml > phone-form.csv")]
    Template(TemplateArgs),
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The rubric (YAML) to score against.
    #[arg(long, value_name = "FILE")]
    pub rubric: PathBuf,
    /// Folder for the reports; created if missing.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Exit 1 when the overall score is below PCT (reports are still written).
    #[arg(long, value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Exit 1 when any location with at least --min-visits scored visits is below PCT.
    #[arg(long, value_name = "PCT")]
    pub fail_location_under: Option<f64>,
    /// Visits a location needs before --fail-location-under judges it.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min_visits: u64,
    /// Exit 1 when there are more than N data issues (reports are still written).
    #[arg(long, value_name = "N")]
    pub max_issues: Option<u64>,
    /// Exit 1 when there is any data issue (reports are still written).
    #[arg(long)]
    pub strict: bool,
    /// Print the summary as JSON on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Do not write the Excel workbook (CSV and JSON only).
    #[arg(long)]
    pub no_xlsx: bool,
    /// Which chart images to write into DIR/charts/.
    #[arg(long, value_name = "WHICH", value_enum, default_value = "all")]
    pub charts: ChartFormats,
    /// Group the section-profile chart by region or by location.
    #[arg(long, value_name = "GROUP", value_enum, default_value = "region")]
    pub chart_by: ChartBy,
    /// File name of the workbook inside DIR [default: <rubric name>-<first period>[_<last period>].xlsx]
    #[arg(long, value_name = "NAME", conflicts_with = "no_xlsx")]
    pub xlsx_name: Option<String>,
    /// Print nothing but errors (and the JSON with --json).
    #[arg(long, short)]
    pub quiet: bool,
    /// Visit report files (CSV; `,` `;` or tab; UTF-8, Windows-1252 or UTF-16).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The rubric (YAML) to validate.
    #[arg(long, value_name = "FILE")]
    pub rubric: PathBuf,
    /// Print only the issue count.
    #[arg(long, short)]
    pub quiet: bool,
    /// Data files to check against the rubric.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The rubric (YAML) whose form to print.
    #[arg(long, value_name = "FILE")]
    pub rubric: PathBuf,
    /// Print only the header line, without the example row.
    #[arg(long)]
    pub header_only: bool,
}
