//! The Excel workbook a business owner opens: every score of the run, explained.
//!
//! A view of the same [`Summary`] and visit stream as the CSV/JSON reports, never a
//! second computation. Sheets, in order, one module each: [`summary`], [`locations`],
//! [`sections`], [`questions`], [`trend`] (several months only), [`visits`] (continued on
//! `Visits (2)`, ... past Excel's row limit), [`issues`] and [`about`]. The Visits and
//! Issues rows stream past as the run reads them and go to constant-memory worksheets
//! ([`long_sheet`]); the other sheets are written at the end from the [`Summary`].
//!
//! The same inputs give the same bytes: no clock is read (see [`naming::doc_date`]).

mod about;
mod actions;
mod alerts;
mod by_shopper;
mod card_summary;
mod cell;
mod colours;
mod corrections;
mod files;
mod held;
mod issues;
mod levels;
mod locations;
mod long_sheet;
mod naming;
mod print;
mod questions;
mod rules;
mod sections;
mod shoppers;
mod style;
mod summary;
mod text;
mod trend;
mod view;
mod visits;
mod ytd_columns;

use std::io::Write;

use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{DocProperties, Workbook};

use super::{Report, Staging};
use crate::issue::Issue;
use crate::rubric::Rubric;
use crate::sink::{MarkColumns, ScoredVisit, Sink};
use crate::summary::Summary;
use issues::IssuesSheet;
use long_sheet::Limits;
use style::Styles;
use view::View;

pub use crate::report::card_context::CardContext;
pub use naming::file_name;
use visits::VisitsSheet;

/// The most columns an Excel sheet has.
const MAX_COLUMNS: usize = 16_384;

/// Past this many bytes of sheet data the zip needs 64-bit sizes (its limit is 4 GiB a
/// file; the estimate errs high).
const LARGE_ZIP_BYTES: u64 = 1 << 31;

/// Zip compression for workbooks too large for tables: 1M visits save in about 60% of the
/// time of the default level 6, in a file about 20% larger (level 1 is no faster: more bytes).
const FAST_ZIP_LEVEL: u8 = 3;

/// What the workbook needs beyond the run's results.
#[derive(Debug, Clone, Default)]
pub struct XlsxOptions {
    /// File name inside the output folder (`--xlsx-name`); default
    /// `<rubric-name>-<first period>[_<last period>].xlsx`.
    pub name: Option<String>,
    /// The command's settings, as (name, value), for the About sheet.
    pub settings: Vec<(String, String)>,
    /// For a location's report card: where it stands in the whole run.
    pub card: Option<CardContext>,
    /// Where the streamed sheets keep their temporary files (the system's temp folder
    /// when unset).
    pub tempdir: Option<std::path::PathBuf>,
    /// A corrections file is given: the Visits sheet marks corrected and void visits, and
    /// a Corrections sheet follows it.
    pub corrections: bool,
}

/// The workbook format.
pub struct Xlsx {
    options: XlsxOptions,
    workbook: Workbook,
    styles: Styles,
    visits: VisitsSheet,
    issues: IssuesSheet,
    files: files::FileNames,
}

impl Xlsx {
    pub fn new(rubric: &Rubric, options: XlsxOptions) -> Result<Xlsx> {
        let marks = MarkColumns { corrections: options.corrections, reshops: rubric.fields.replaces.is_some() };
        let width = VisitsSheet::width(rubric, marks);
        if width > MAX_COLUMNS {
            bail!(
                "the workbook's Visits sheet would need {width} columns for this rubric, more than Excel's {MAX_COLUMNS}\n  hint: use --no-xlsx"
            );
        }
        // Many cards are open at once: each holds less in memory before its sheets stream.
        let limits = if options.card.is_some() { Limits::CARD } else { Limits::EXCEL };
        let mut workbook = Workbook::new();
        if let Some(dir) = &options.tempdir {
            workbook.set_tempdir(dir)?;
        }
        Ok(Xlsx {
            options,
            workbook,
            styles: Styles::new(),
            visits: VisitsSheet::new(rubric, limits, marks),
            issues: IssuesSheet::new(limits),
            files: files::FileNames::default(),
        })
    }
}

impl Xlsx {
    /// The workbook written as `name` (a path inside the output folder made by us).
    pub fn with_name(mut self, name: String) -> Xlsx {
        self.options.name = Some(name);
        self
    }

    /// The workbook as a report card, with the location's place in the whole run.
    pub fn with_card(mut self, card: CardContext) -> Xlsx {
        self.options.card = Some(card);
        self
    }
}

impl Sink for Xlsx {
    fn visit(&mut self, visit: &ScoredVisit) -> Result<()> {
        let file = self.files.shown(visit.file);
        self.visits
            .push(&mut self.workbook, visit, file, &self.styles)
            .context("cannot write the workbook's Visits sheet")
    }

    fn issue(&mut self, issue: &Issue, visit: Option<&crate::ingest::Visit>) -> Result<()> {
        let file = self.files.shown(&issue.file);
        self.issues
            .push(&mut self.workbook, issue, file, visit, &self.styles)
            .context("cannot write the workbook's Issues sheet")
    }
}

impl Report for Xlsx {
    fn finish(self: Box<Self>, summary: &Summary, staging: &mut Staging) -> Result<()> {
        let Xlsx { options, mut workbook, styles, visits, issues, files: _ } = *self;
        let view = View::new(summary);
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        let date = naming::doc_date(epoch.as_deref(), view.reported.last().copied())?;
        let size = [&visits.sheet, &issues.sheet].iter().map(|s| s.text_bytes + 64 * s.cells).sum::<u64>();
        let streamed = visits.sheet.streamed() || issues.sheet.streamed();
        let first = match &options.card {
            Some(card) => card_summary::sheet(&view, card)?,
            None => {
                let funnel = crate::report::charts::funnel_png(summary)?;
                summary::sheet(&view, funnel.as_deref())?
            }
        };
        let mut sheets = vec![first];
        // The owner's work list next to the Summary: a card has its store's alerts and
        // actions on its first sheet; shoppers are the agency's, never a card's.
        if options.card.is_none() {
            sheets.extend(alerts::sheet(&view)?);
            sheets.extend(actions::sheet(&view)?);
        }
        sheets.push(locations::sheet(&view)?);
        // The org chart's levels beside the stores: the chain's own view, never a card's.
        if options.card.is_none() {
            sheets.extend(levels::sheets(&view)?);
        }
        sheets.extend([sections::sheet(&view)?, questions::sheet(&view)?]);
        sheets.extend(trend::sheet(&view)?);
        if options.card.is_none() {
            sheets.extend(shoppers::sheet(&view)?);
        }
        sheets.extend(visits.finish(&mut workbook, &styles)?);
        sheets.extend(issues.finish(&mut workbook, &styles)?);
        // A card's workbook holds its own visits only: the chain's audit trail is not its.
        if let (Some(report), None) = (&summary.corrections, &options.card) {
            sheets.extend(corrections::sheets(&mut workbook, report, &styles, Limits::EXCEL)?);
        }
        sheets.push(about::sheet(&view, &options.settings, &date)?);
        let print = print::Print::new(&view);
        for mut sheet in sheets {
            print.apply(&mut sheet)?;
            workbook.push_worksheet(sheet);
        }
        let version = summary.rubric.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("{}{version}: mystery-shopper scores", summary.rubric.name))
                .set_comment(format!("Written by {} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")))
                .set_creation_datetime(&date.date),
        );
        workbook.use_zip_large_file(size > LARGE_ZIP_BYTES);
        if streamed {
            workbook.set_zip_compression_level(FAST_ZIP_LEVEL);
        }
        let name = options.name.unwrap_or_else(|| naming::file_name(&summary.rubric.name, &view.reported));
        let mut out = staging.create(&name).with_context(|| format!("cannot create {name}"))?;
        workbook.save_to_writer(&mut out).with_context(|| format!("cannot write {name}"))?;
        out.flush().with_context(|| format!("cannot write {name}"))?;
        Ok(())
    }
}
