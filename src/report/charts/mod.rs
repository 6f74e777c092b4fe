//! Charts people would rather look at than read: PNG and SVG, drawn with plotters and an
//! embedded font (no system libraries), written to `charts/` in the output folder.
//!
//! Every chart is a view of the [`Summary`]: its numbers come from the aggregates as they
//! are, never recomputed. File names come from the chart kind, never from the data; data
//! text (location, region, question, rubric names) only ever appears as labels. The same
//! summary always gives byte-identical files (no clock, no randomness, no hash order, a
//! fixed PNG encoding).
//!
//! Grade and target colours are the palette's ([`crate::report::palette`], red for the
//! worst band to blue for the best); charts of one score per location show the focus month
//! and name it ("Scores, 2026-10"; the funnel plot "Funnel, 2026-10"), the others name the
//! window they cover ("Aug-Oct 2026").
//!
//! Layout: one file per chart (`ranking`, `profile`, `questions`, `trend`, `funnel`,
//! `distribution`), a report card's own versions of three of them (`card`), the horizontal
//! bar chart three of them share (`hbars`), and helpers for the page (`layout`), legends and
//! markers (`legend`), colours (`style`), text (`text`), the embedded font (`font`) and the
//! two image formats (`render`).

mod card;
mod columns;
mod distribution;
mod font;
mod funnel;
mod hbars;
mod layout;
mod legend;
mod profile;
mod questions;
mod ranking;
mod render;
mod style;
mod text;
mod trend;

use anyhow::{Context, Result};

use super::card_context::CardContext;
use super::{Report, Staging};
use crate::sink::Sink;
use crate::summary::Summary;
use render::Chart;

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
    options: ChartOptions,
    /// Folder inside the output folder: `charts`, or a report card's own.
    dir: String,
    /// A report card's store and what it knows of the chain.
    card: Option<(String, CardContext)>,
}

impl Charts {
    pub fn new(options: ChartOptions) -> Charts {
        Charts::in_dir(options, "charts")
    }

    /// Charts written under `dir` (a path made by us, never from data as is).
    pub fn in_dir(options: ChartOptions, dir: &str) -> Charts {
        Charts { options, dir: dir.to_string(), card: None }
    }

    /// A report card's charts, under `dir`: `store` against the chain (`context`).
    pub fn for_card(options: ChartOptions, dir: &str, store: &str, context: CardContext) -> Charts {
        Charts { options, dir: dir.to_string(), card: Some((store.to_string(), context)) }
    }
}

impl Sink for Charts {}

impl Report for Charts {
    fn finish(self: Box<Self>, summary: &Summary, staging: &mut Staging) -> Result<()> {
        self.draw(summary)?.close(staging)
    }
}

impl Charts {
    /// Draws every chart: the SVGs at once, the PNGs compressing on threads of their own
    /// until [`Drawing::close`] stages them. Report cards close one card's charts after
    /// the next card's workbook is built, so the two overlap.
    pub fn draw(&self, summary: &Summary) -> Result<Drawing> {
        let (png, svg) = match self.options.formats {
            ChartFormats::None => return Ok(Drawing::default()),
            ChartFormats::Png => (true, false),
            ChartFormats::Svg => (false, true),
            ChartFormats::All => (true, true),
        };
        let mut out = Output { png, svg, dir: &self.dir, drawing: Drawing::default() };
        if let Some((store, context)) = &self.card {
            if let Some(chart) = card::ranking(summary, store, context) {
                out.write("location-ranking", &chart)?;
            }
            out.write("section-profile", &card::profile(summary, store, context))?;
            let mut questions = questions::chart(summary);
            questions.head.name_store(store);
            out.write("question-pass-rates", &questions)?;
            if let Some(trend) = trend::for_card(summary, store, &context.chain_periods) {
                out.write("trend", &trend)?;
            }
            let mut distribution = distribution::chart(summary);
            distribution.head.name_store(store);
            out.write("score-distribution", &distribution)?;
            return Ok(out.drawing);
        }
        out.write("location-ranking", &ranking::chart(summary))?;
        out.write("section-profile", &profile::chart(summary, self.options.by))?;
        out.write("question-pass-rates", &questions::chart(summary))?;
        if let Some(trend) = trend::chart(summary) {
            out.write("trend", &trend)?;
        }
        if let Some(funnel) = funnel::chart(summary) {
            out.write("funnel", &funnel)?;
        }
        out.write("score-distribution", &distribution::chart(summary))?;
        Ok(out.drawing)
    }
}

/// The location ranking as PNG bytes, for the workbook's Summary sheet.
pub fn location_ranking_png(summary: &Summary) -> Result<Vec<u8>> {
    render::png(&ranking::chart(summary)).context("cannot draw the location-ranking chart")
}

/// The funnel plot as PNG bytes, for the workbook; `None` when the run has no funnel.
pub fn funnel_png(summary: &Summary) -> Result<Option<Vec<u8>>> {
    funnel::chart(summary).map(|chart| render::png(&chart).context("cannot draw the funnel chart")).transpose()
}

/// Draws each chart in the chosen formats under `dir/`.
struct Output<'a> {
    png: bool,
    svg: bool,
    dir: &'a str,
    drawing: Drawing,
}

/// Chart files drawn and not yet staged, in the order drawn: the SVGs' bytes, the PNGs'
/// on their way ([`render::png_in_background`]).
#[derive(Default)]
pub struct Drawing {
    files: Vec<(String, Drawn)>,
}

/// A chart file drawn, its bytes there or on their way.
enum Drawn {
    Ready(Vec<u8>),
    Compressing(render::Encoding),
}

impl Output<'_> {
    /// `name` is one of the fixed chart names above, never data.
    fn write<C: Chart>(&mut self, name: &'static str, chart: &C) -> Result<()> {
        let files = &mut self.drawing.files;
        if self.png {
            let png = render::png_in_background(chart).with_context(|| format!("cannot draw the {name} chart"))?;
            files.push((format!("{}/{name}.png", self.dir), Drawn::Compressing(png)));
        }
        if self.svg {
            let bytes = render::svg(chart).with_context(|| format!("cannot draw the {name} chart"))?;
            files.push((format!("{}/{name}.svg", self.dir), Drawn::Ready(bytes)));
        }
        Ok(())
    }
}

impl Drawing {
    /// Stages every file drawn, in order, each PNG once its compression is done.
    pub fn close(self, staging: &mut Staging) -> Result<()> {
        for (path, drawn) in self.files {
            let bytes = match drawn {
                Drawn::Ready(bytes) => bytes,
                Drawn::Compressing(png) => png.bytes().with_context(|| format!("cannot draw {path}"))?,
            };
            staging.write(&path, &bytes).with_context(|| format!("cannot write {path}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests;
