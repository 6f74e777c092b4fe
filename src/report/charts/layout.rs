//! Page layout shared by the charts: the title block, value scales, grid lines with tick
//! labels, dashed lines and plain text, all in pixels on the root drawing area.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, GRID, INK, MARGIN, MUTED, WIDTH, size};
use super::text::{Font, clean};
use crate::summary::Summary;

/// The root area every chart draws on, in pixels from the top left.
pub type Area<DB> = DrawingArea<DB, Shift>;
/// What drawing on [`Area`] returns.
pub type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Height of the title block; the legend starts below it.
pub const HEAD_HEIGHT: i32 = 118;

/// Title (rubric and chart) and subtitle (the period the figures cover and counts).
pub struct Head {
    pub title: String,
    pub subtitle: String,
}

impl Head {
    /// A chart of the run's window: `Retail store visit: score distribution` over
    /// `Aug-Oct 2026 · version 2 · ...`.
    pub fn new(summary: &Summary, chart: &str, detail: &str) -> Head {
        Head::with(summary, chart, period_range(summary), detail)
    }

    /// A chart of one score per location, the focus month's: its subtitle starts
    /// `Scores, 2026-10` (`Scores, whole run` when no visit is dated).
    pub fn focus(summary: &Summary, chart: &str, detail: &str) -> Head {
        Head::with(summary, chart, format!("Scores, {}", focus_label(summary)), detail)
    }

    pub fn with(summary: &Summary, chart: &str, mut subtitle: String, detail: &str) -> Head {
        let rubric = &summary.rubric;
        if let Some(v) = &rubric.version {
            subtitle.push_str(&format!(" · version {}", clean(v, "-")));
        }
        if !detail.is_empty() {
            subtitle.push_str(" · ");
            subtitle.push_str(detail);
        }
        Head { title: format!("{}: {chart}", clean(&rubric.name, "Rubric")), subtitle }
    }

    /// A report card's chart of its store's own visits: the subtitle starts with its name.
    pub fn name_store(&mut self, store: &str) {
        self.subtitle = format!("{} · {}", clean(store, "(no location)"), self.subtitle);
    }

    pub fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        let room = WIDTH as i32 - 2 * MARGIN;
        let (title, sub) = (Font::bold(size::TITLE), Font::new(size::SUBTITLE));
        text(root, &title.fit(&self.title, room), (MARGIN, 34), title, INK, left())?;
        text(root, &sub.fit(&self.subtitle, room), (MARGIN, 84), sub, MUTED, left())
    }
}

/// The window the run's totals cover, as people say it: `Aug-Oct 2026`, `2026-10`, or
/// `no dated visits`.
pub fn period_range(summary: &Summary) -> String {
    match summary.focus() {
        Some(f) => clean(&f.window_label(), "-"),
        None => "no dated visits".to_string(),
    }
}

/// The dated months of the window alone (`Aug-Oct 2026`, never `+ undated`): what a chart
/// drawn per month covers, visits of no readable date being in no month.
pub fn months_range(summary: &Summary) -> String {
    match summary.focus() {
        Some(f) => clean(&crate::window::label(&f.window), "-"),
        None => "no dated visits".to_string(),
    }
}

/// The focus month (`2026-10`), or `whole run` when no visit is dated.
pub fn focus_label(summary: &Summary) -> String {
    summary.focus().map_or_else(|| "whole run".to_string(), |f| clean(f.label(), "-"))
}

/// A linear map from values in `lo..hi` to pixels in `from..to`.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub from: i32,
    pub to: i32,
}

impl Scale {
    pub fn px(&self, v: f64) -> i32 {
        let span = if self.hi > self.lo { self.hi - self.lo } else { 1.0 };
        let t = ((v - self.lo) / span).clamp(0.0, 1.0);
        self.from + (t * f64::from(self.to - self.from)).round() as i32
    }
}

/// The top of a 0-100 score axis: 100, or above it (to the next 10) when bonus points
/// without a cap pushed a score past 100.
pub fn score_top(values: impl IntoIterator<Item = f64>) -> f64 {
    let max = values.into_iter().filter(|v| v.is_finite()).fold(100.0, f64::max);
    (max / 10.0).ceil() * 10.0
}

/// Ticks from `lo` to at least `hi` on a 1-2-5 step, at most about `count` of them.
pub fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = (hi - lo).max(1.0);
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag).max(1.0);
    let n = (span / step).ceil() as usize;
    (0..=n).map(|i| lo + step * i as f64).collect()
}

/// Vertical grid lines at `ticks` between `top` and `bottom`, tick labels under them and
/// the axis name under those.
pub fn x_grid<DB: DrawingBackend>(
    root: &Area<DB>,
    x: Scale,
    (top, bottom): (i32, i32),
    ticks: &[f64],
    name: &str,
) -> Drawn<DB> {
    let font = Font::new(size::TICK);
    for &t in ticks {
        let px = x.px(t);
        root.draw(&PathElement::new(vec![(px, top), (px, bottom)], GRID.stroke_width(1)))?;
        text(root, &format!("{t}"), (px, bottom + 8), font, MUTED, Pos::new(HPos::Center, VPos::Top))?;
    }
    root.draw(&PathElement::new(vec![(x.from, bottom), (x.to, bottom)], INK.stroke_width(2)))?;
    let centre = (x.from + x.to) / 2;
    text(root, name, (centre, bottom + 40), Font::new(size::AXIS), INK, Pos::new(HPos::Center, VPos::Top))
}

/// Horizontal grid lines at `ticks` between `left` and `right`, tick labels left of them
/// and the axis name above the top one.
pub fn y_grid<DB: DrawingBackend>(
    root: &Area<DB>,
    y: Scale,
    (left, right): (i32, i32),
    ticks: &[f64],
    name: &str,
) -> Drawn<DB> {
    let font = Font::new(size::TICK);
    for &t in ticks {
        let py = y.px(t);
        root.draw(&PathElement::new(vec![(left, py), (right, py)], GRID.stroke_width(1)))?;
        text(root, &format!("{t}"), (left - 10, py), font, MUTED, Pos::new(HPos::Right, VPos::Center))?;
    }
    root.draw(&PathElement::new(vec![(left, y.from), (left, y.to)], INK.stroke_width(2)))?;
    text(root, name, (left - 10, y.to - 22), Font::new(size::AXIS), INK, Pos::new(HPos::Left, VPos::Bottom))
}

/// A dashed straight line.
pub fn dashed<DB: DrawingBackend>(
    root: &Area<DB>,
    from: (i32, i32),
    to: (i32, i32),
    color: RGBColor,
    width: u32,
) -> Drawn<DB> {
    root.draw(&DashedPathElement::new(vec![from, to], 12, 8, color.stroke_width(width)))
}

/// One line of text at `at`, anchored by `pos`.
pub fn text<DB: DrawingBackend>(
    root: &Area<DB>,
    s: &str,
    at: (i32, i32),
    font: Font,
    color: RGBColor,
    pos: Pos,
) -> Drawn<DB> {
    root.draw(&Text::new(s.to_string(), at, font.style(color, pos)))
}

/// Left-aligned, vertically centred.
pub fn left() -> Pos {
    Pos::new(HPos::Left, VPos::Center)
}

/// Right-aligned, vertically centred.
pub fn right() -> Pos {
    Pos::new(HPos::Right, VPos::Center)
}

/// The note at the bottom left of a chart of height `height`.
pub fn footnote<DB: DrawingBackend>(root: &Area<DB>, note: &str, height: i32) -> Drawn<DB> {
    let font = Font::new(size::NOTE);
    text(root, &font.fit(note, WIDTH as i32 - 2 * MARGIN), (MARGIN, height - 26), font, MUTED, left())
}

/// The message of a chart with nothing to show, in the middle of the page.
pub fn nothing<DB: DrawingBackend>(root: &Area<DB>, message: &str, height: i32) -> Drawn<DB> {
    let at = (WIDTH as i32 / 2, height / 2);
    text(root, message, at, Font::new(size::SUBTITLE), style::MUTED, Pos::new(HPos::Center, VPos::Center))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_step_on_one_two_five() {
        assert_eq!(ticks(0.0, 100.0, 10), (0..=10).map(|i| f64::from(i) * 10.0).collect::<Vec<_>>());
        assert_eq!(ticks(0.0, 7.0, 8), (0..=7).map(f64::from).collect::<Vec<_>>());
        assert_eq!(ticks(0.0, 130.0, 8), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 120.0, 140.0]);
        assert_eq!(ticks(0.0, 0.0, 8), vec![0.0, 1.0]);
    }

    #[test]
    fn scale_maps_and_clamps() {
        let s = Scale { lo: 0.0, hi: 100.0, from: 100, to: 1100 };
        assert_eq!((s.px(0.0), s.px(50.0), s.px(100.0), s.px(150.0)), (100, 600, 1100, 1100));
        assert_eq!(score_top([12.0, 99.0]), 100.0);
        assert_eq!(score_top([102.5]), 110.0);
    }
}
