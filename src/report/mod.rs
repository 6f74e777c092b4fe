//! Report formats over one run, after hyperfine's `export` module: one small trait,
//! one file per format, one manager ([`Reports`]) that runs the chosen ones.
//!
//! A format sees each scored visit and each issue as they stream past (so visits.csv
//! never holds the run in memory) and then the aggregated [`Summary`] once at the end.

mod actions_csv;
mod alerts_csv;
mod audit_csv;
pub mod card_context;
pub mod cards;
pub mod charts;
pub mod csv;
mod follow_up_json;
mod follow_up_text;
pub mod json;
mod levels_json;
pub mod palette;
mod staging;
pub mod table;
mod table_csv;
pub mod xlsx;
mod ytd_json;

use std::path::PathBuf;

use anyhow::{Context, Result};

pub use staging::{OutError, ReportWriter, Staging, clean_up_on_signals};

use crate::ingest::Visit;
use crate::issue::Issue;
use crate::rubric::Rubric;
use crate::sink::{MarkColumns, ScoredVisit, Sink};
use crate::summary::Summary;

/// Text made safe for a file name: lower-case ASCII letters and digits, `-` between words,
/// at most `max` bytes, no leading or trailing `-` (possibly empty). Data never names a
/// file without passing through here.
///
/// ```
/// use shopscore::report::safe_name;
/// assert_eq!(safe_name("Leeds / Briggate (North)", 40), "leeds-briggate-north");
/// assert_eq!(safe_name("Café Été", 40), "caf-t");
/// assert_eq!(safe_name("../../etc", 40), "etc");
/// ```
pub fn safe_name(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max));
    for ch in text.chars().flat_map(char::to_lowercase) {
        if out.len() >= max {
            break;
        }
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(out.trim_end_matches('-').len());
    out
}

/// Whether `name` (a file or folder name) is one Windows keeps for a device (`con`, `nul`,
/// `com1`, ...), also with an extension and in any case: such a file cannot be opened there.
pub fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_ascii_lowercase();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| matches!(n, "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"))
    };
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul" | "conin$" | "conout$") || numbered("com") || numbered("lpt")
}

/// One report format: a [`Sink`] of the stream that writes its files at the end.
pub trait Report: Sink {
    /// Writes what is left once every visit has been seen.
    fn finish(self: Box<Self>, summary: &Summary, staging: &mut Staging) -> Result<()>;
}

/// The formats chosen for a run, writing into one staging area.
pub struct Reports {
    staging: Staging,
    formats: Vec<Box<dyn Report>>,
}

impl Reports {
    /// The machine-readable reports every `score` run writes (visits.csv, issues.csv,
    /// summary.json), plus the workbook when `xlsx` is given; `raw_csv` writes the CSV
    /// text cells as read, without the formula guard; `corrections`: a corrections file
    /// is given (visits.csv marks corrected visits, corrections.csv is the audit trail).
    pub fn new(
        mut staging: Staging,
        rubric: &Rubric,
        xlsx: Option<xlsx::XlsxOptions>,
        charts: charts::ChartOptions,
        cards: Option<cards::CardOptions>,
        raw_csv: bool,
        corrections: bool,
    ) -> Result<Reports> {
        let sections: Vec<String> = rubric.sections.iter().map(|s| s.id.clone()).collect();
        let marks = MarkColumns { corrections, reshops: rubric.fields.replaces.is_some() };
        let versions = rubric.version_labels();
        let visits = csv::VisitsCsv::new(&mut staging, &sections, versions, raw_csv, marks)
            .context("cannot create visits.csv")?;
        let issues = csv::IssuesCsv::new(&mut staging, raw_csv).context("cannot create issues.csv")?;
        let alerts = alerts_csv::AlertsCsv::new(&mut staging, raw_csv).context("cannot create alerts.csv")?;
        let actions = actions_csv::ActionsCsv::new(&mut staging, raw_csv).context("cannot create actions.csv")?;
        let mut formats: Vec<Box<dyn Report>> =
            vec![Box::new(visits), Box::new(issues), Box::new(alerts), Box::new(actions), Box::new(json::SummaryJson)];
        if corrections {
            let trail =
                audit_csv::CorrectionsCsv::new(&mut staging, raw_csv).context("cannot create corrections.csv")?;
            formats.push(Box::new(trail));
        }
        if charts.formats != charts::ChartFormats::None {
            formats.push(Box::new(charts::Charts::new(charts)));
        }
        let scratch = Some(staging.scratch().context("cannot create a temporary folder in the output folder")?);
        if let Some(mut options) = cards {
            options.tempdir = scratch.clone();
            let names = card_names(&staging)?;
            formats.push(Box::new(cards::Cards::new(rubric, options, names)));
        }
        if let Some(mut options) = xlsx {
            options.tempdir = scratch;
            formats.push(Box::new(xlsx::Xlsx::new(rubric, options)?));
        }
        Ok(Reports { staging, formats })
    }

    /// Finishes every format and moves the files into place; on error nothing moves.
    pub fn finish(mut self, summary: &Summary) -> Result<Vec<PathBuf>> {
        for format in self.formats {
            format.finish(summary, &mut self.staging)?;
        }
        let out = self.staging.out().display().to_string();
        self.staging.commit().with_context(|| format!("cannot move the reports into {out}"))
    }
}

/// The manager hands each event to every chosen format.
impl Sink for Reports {
    fn visit(&mut self, visit: &ScoredVisit) -> Result<()> {
        self.formats.iter_mut().try_for_each(|f| f.visit(visit))
    }

    fn issue(&mut self, issue: &Issue, visit: Option<&Visit>) -> Result<()> {
        self.formats.iter_mut().try_for_each(|f| f.issue(issue, visit))
    }

    fn compared(&mut self, visit: &ScoredVisit) -> Result<()> {
        self.formats.iter_mut().try_for_each(|f| f.compared(visit))
    }
}

/// The output folder's card file names (none before the first `--per-location` run), each
/// card's workbook and folder checked for links before any row is read.
fn card_names(staging: &Staging) -> Result<cards::CardNames> {
    let Some(bytes) = staging.read_state(cards::CARDS_MAP)? else { return Ok(cards::CardNames::default()) };
    let names = cards::CardNames::parse(&bytes).map_err(|e| {
        let path = staging.out().join(cards::CARDS_MAP);
        anyhow::anyhow!(
            "{}: {e}\n  hint: this file keeps each location's card file name from run to run; put back the one shopscore wrote, or delete it (card names are then made afresh)",
            path.display()
        )
    })?;
    for file in names.files() {
        staging.refuse_links(&format!("locations/{file}.xlsx"))?;
        staging.refuse_links(&format!("locations/{file}"))?;
    }
    Ok(names)
}
