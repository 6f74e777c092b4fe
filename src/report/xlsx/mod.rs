//! The Excel workbook a business owner opens: every score of the run, explained.
//!
//! A view of the same [`Summary`] and visit stream as the CSV/JSON reports, never a
//! second computation. The Visits and Issues sheets stream in constant-memory mode.

use anyhow::Result;

use super::{Report, ScoredVisit, Staging};
use crate::issue::Issue;
use crate::rubric::Rubric;
use crate::summary::Summary;

/// What the workbook needs beyond the run's results.
#[derive(Debug, Clone, Default)]
pub struct XlsxOptions {
    /// File name inside the output folder (`--xlsx-name`); default
    /// `<rubric-name>-<first period>[_<last period>].xlsx`.
    pub name: Option<String>,
    /// The command's settings, as (name, value), for the About sheet.
    pub settings: Vec<(String, String)>,
}

/// The workbook format.
pub struct Xlsx {
    #[allow(dead_code)]
    options: XlsxOptions,
}

impl Xlsx {
    pub fn new(_rubric: &Rubric, options: XlsxOptions) -> Result<Xlsx> {
        Ok(Xlsx { options })
    }
}

impl Report for Xlsx {
    fn visit(&mut self, _visit: &ScoredVisit) -> Result<()> {
        Ok(())
    }

    fn issue(&mut self, _issue: &Issue) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, _summary: &Summary, _staging: &mut Staging) -> Result<()> {
        Ok(())
    }
}
