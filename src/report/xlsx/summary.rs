//! Sheet 1, Summary: the owner's first screen, printed on one landscape page. It answers,
//! for the focus month ([`crate::focus`]): how did we do, better or worse than last month,
//! which stores are below target, which behaviours to fix first, any critical failures.
//!
//! Layout (columns A-L, [`COLUMNS`]): a title naming the month; six headline tiles (two
//! columns each: score, grade, visits, critical-failure visits, stores below target, and
//! the window's score when the window holds more than the focus month), each with its
//! change since the previous month; across the page the hot alerts ([`alerts`]); on the left the stores below target and the best and
//! worst three, in one table shape ([`tables`]); on the right the ranking chart ([`chart`])
//! and the stores with critical failures; across the bottom the weakest behaviours, then the
//! year to date against last year when the run holds both ([`ytd`]). Every
//! colour comes from [`crate::report::palette`] with its word in the same cell.

mod alerts;
mod chart;
mod funnel;
mod tables;
mod tiles;
mod unscored;
mod ytd;

use std::cell::RefCell;
use std::collections::BTreeMap;

use rust_xlsxwriter::{ColNum, Color, Format, FormatAlign, RowNum, Worksheet, XlsxError};

use super::text::{cut, put_in};
use super::view::View;
use crate::aggregate::Group;
use crate::compare::Change;
use crate::focus::Headline;
use crate::report::palette::{self, Rgb};
use crate::target::TargetStatus;

/// Column widths (Excel's character units): the tables use A-F (rank, store, score, grade,
/// against target, change), G is a gap, the chart and the right-hand blocks use H-M.
const COLUMNS: [f64; 13] = [6.0, 24.0, 10.0, 12.0, 14.0, 10.0, 2.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0];

/// The first column of the right-hand blocks (H).
const RIGHT: ColNum = 7;

/// The last printed column (M).
const LAST_COL: ColNum = 12;

/// The columns each headline tile spans, left to right.
const TILE_COLUMNS: [(ColNum, ColNum); 6] = [(0, 1), (2, 3), (4, 6), (7, 8), (9, 10), (11, 12)];

/// The rows of the headline tiles: label, figure, change, note.
const TILES_ROW: RowNum = 3;

/// The blocks below the tiles start here.
const BLOCKS_ROW: RowNum = 8;

/// What every block of the sheet reads: the focus month's figures and labels.
struct Page<'v, 'a> {
    v: &'v View<'a>,
    /// The focus month (`2026-10`), or `(all visits)` when no visit has a date.
    label: String,
    /// The month before, if the run has it.
    previous: Option<&'a str>,
    /// The whole run in the focus month.
    now: &'a Group,
    /// The whole run in the previous month.
    before: Option<&'a Group>,
    /// The run's score, focus against previous month.
    change: Option<&'a Change>,
    /// Every store, ranked on its focus-month score.
    ranked: Vec<Headline<'a>>,
    formats: Formats,
    /// Rows given a height of their own (points), so the chart beside them knows how many
    /// rows it covers.
    heights: RefCell<BTreeMap<RowNum, f64>>,
}

/// The sheet's own formats (the shared [`super::style::Styles`] hold the header row's).
struct Formats {
    title: Format,
    subtitle: Format,
    /// The line on what the figures leave out.
    notice: Format,
    block: Format,
    tile_label: Format,
    tile_figure: Format,
    tile_text: Format,
    tile_note: Format,
    plain: Format,
    score: Format,
    /// Ranks and counts in a table, centred.
    rank: Format,
}

impl Formats {
    fn new() -> Formats {
        let centred = Format::new().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new().set_bold().set_font_size(18),
            subtitle: Format::new().set_font_size(11).set_font_color(Color::RGB(0x404040)),
            notice: Format::new().set_bold().set_font_size(11).set_align(FormatAlign::VerticalCenter),
            block: Format::new().set_bold().set_font_size(12),
            tile_label: centred.clone().set_bold().set_background_color(Color::RGB(0xEDEDED)),
            tile_figure: centred.clone().set_bold().set_font_size(24).set_num_format("0.0"),
            tile_text: centred.clone(),
            tile_note: centred,
            plain: Format::new(),
            score: Format::new().set_num_format(super::style::ONE_DECIMAL),
            rank: Format::new().set_align(FormatAlign::Center),
        }
    }
}

impl<'v, 'a> Page<'v, 'a> {
    fn new(v: &'v View<'a>) -> Page<'v, 'a> {
        let ranked = v.summary.stores();
        let formats = Formats::new();
        match &v.focus {
            Some(f) => Page {
                v,
                label: f.label().to_string(),
                previous: f.previous,
                now: f.overall().unwrap_or(&v.agg.overall),
                before: f.previous_overall(),
                change: v.summary.comparison.as_ref().map(|c| &c.overall),
                ranked,
                formats,
                heights: RefCell::default(),
            },
            None => Page {
                v,
                label: "(all visits)".to_string(),
                previous: None,
                now: &v.agg.overall,
                before: None,
                change: None,
                ranked,
                formats,
                heights: RefCell::default(),
            },
        }
    }

    /// A store's status against the target in the focus month.
    fn status(&self, h: &Headline) -> Option<TargetStatus> {
        TargetStatus::of(h.score(), self.v.rubric.target)
    }

    /// The grade band of a score and its colour.
    fn grade(&self, score: Option<f64>) -> Option<(&'a str, Rgb)> {
        let r = self.v.rubric;
        let band = score.and_then(|s| r.grade_index(s))?;
        Some((r.grades.get(band)?.name.as_str(), palette::grade(Some(band), r.grades.len())))
    }

    /// Stores with a focus-month score that is not on target, worst first.
    fn below_target(&self) -> Vec<(usize, Headline<'a>)> {
        let mut below: Vec<(usize, Headline<'a>)> = self
            .ranked
            .iter()
            .enumerate()
            .filter(|(_, h)| self.status(h).is_some_and(|s| s != TargetStatus::On))
            .map(|(i, h)| (i, *h))
            .collect();
        below.reverse();
        below
    }

    /// Stores below target in the previous month (of those with a score then).
    fn below_target_before(&self) -> Option<u64> {
        let (f, t) = (self.v.focus.as_ref()?, self.v.rubric.target?);
        f.previous?;
        let below = self
            .ranked
            .iter()
            .filter_map(|h| f.previous_location(h.key).and_then(|g| g.score.value()))
            .filter(|&s| s < t)
            .count();
        Some(below as u64)
    }

    /// Sets a row's height in points, and remembers it.
    fn row_height(&self, ws: &mut Worksheet, r: RowNum, points: f64) -> Result<(), XlsxError> {
        ws.set_row_height(r, points)?;
        self.heights.borrow_mut().insert(r, points);
        Ok(())
    }

    /// How many rows from `r` down an object `pixels` tall covers (a row is 15 points, 20
    /// pixels, unless given its own height).
    fn rows_covered(&self, r: RowNum, pixels: u32) -> RowNum {
        let heights = self.heights.borrow();
        let (mut covered, mut row) = (0.0, r);
        while covered < f64::from(pixels) {
            covered += heights.get(&row).copied().unwrap_or(15.0) * 4.0 / 3.0;
            row += 1;
        }
        row - r
    }

    /// "vs 2026-09" for a change, or `None` without a previous month.
    fn versus(&self) -> Option<String> {
        self.previous.map(|p| format!("vs {p}"))
    }
}

/// The chain workbook's Summary (a report card has its own: [`super::card_summary`]);
/// `funnel` is the funnel plot's PNG, for its second page.
pub fn sheet(v: &View, funnel: Option<&[u8]>) -> Result<Worksheet, XlsxError> {
    let p = Page::new(v);
    let mut ws = Worksheet::new();
    ws.set_name("Summary")?;
    super::style::widths(&mut ws, &COLUMNS)?;
    ws.set_screen_gridlines(false);
    title(&mut ws, &p)?;
    tiles::write(&mut ws, &p, TILES_ROW)?;
    let blocks = alerts::block(&mut ws, &p, BLOCKS_ROW)? + 1;
    let mut left = tables::below_target(&mut ws, &p, blocks)? + 1;
    left = tables::best_and_worst(&mut ws, &p, left)?;
    let mut right = blocks;
    if let Some(height) = chart::insert(&mut ws, &p, right)? {
        right += height + 1;
    }
    right = tables::critical(&mut ws, &p, right)?;
    let mut last = tables::weakest(&mut ws, &p, left.max(right) + 1)?;
    // The year to date, when the run holds it, closes the printed page.
    if let Some(end) = ytd::block(&mut ws, &p, last + 1)? {
        last = end;
    }
    ws.set_print_area(0, 0, last, LAST_COL)?;
    funnel::insert(&mut ws, &p, last + 2, funnel)?;
    Ok(ws)
}

/// Row 0: what and when; row 1: against what, and the window when it is shown apart.
fn title(ws: &mut Worksheet, p: &Page) -> Result<(), XlsxError> {
    let r = p.v.rubric;
    let version = r.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let month = p.v.focus.as_ref().and_then(|f| long_month(f.label()));
    let when = match &month {
        Some(m) => format!("{m} ({})", p.label),
        None => p.label.clone(),
    };
    let head = format!("{}{version}: {when}", r.name);
    ws.merge_range(0, 0, 0, LAST_COL, cut(&head), &p.formats.title)?;
    ws.set_row_height(0, 28)?;
    let mut parts = vec![match p.previous {
        Some(prev) => {
            format!("Every figure is for {} unless labelled otherwise; changes are against {prev}.", p.label)
        }
        None => format!("Every figure is for {}.", p.label),
    }];
    if let Some(t) = r.target {
        parts.push(format!("Target {t}."));
    }
    if let Some(f) = p.v.focus.as_ref().filter(|f| f.split()) {
        // Without a window, visits whose date cannot be read count in the window's totals
        // (and its label ends `+ undated`).
        let of_them = match f.undated {
            0 => String::new(),
            n => format!(", {} undated", crate::number::thousands(n)),
        };
        parts.push(format!(
            "{} figures: the whole window ({}{of_them}).",
            f.window_label(),
            crate::number::counted(p.v.agg.overall.visits, "visit", "visits")
        ));
    }
    ws.merge_range(1, 0, 1, LAST_COL, &parts.join(" "), &p.formats.subtitle)?;
    // Row 2: what the figures leave out (unscored visits, data issues, unvisited stores).
    let left_out = unscored::line(p.v.summary);
    // Across a rubric version change, the like-for-like figure beside the change.
    let left_out = match p.v.summary.version_change_note() {
        Some(said) if left_out.is_empty() => said,
        Some(said) => format!("{left_out} {said}"),
        None => left_out,
    };
    // About 150 characters fit across A-M; a longer line wraps onto a second.
    let (format, height) = if left_out.chars().count() > 150 {
        (p.formats.notice.clone().set_text_wrap(), 30)
    } else {
        (p.formats.notice.clone(), 15)
    };
    ws.merge_range(2, 0, 2, LAST_COL, "", &format)?;
    put_in(ws, 2, 0, &left_out, &format)?;
    ws.set_row_height(2, height)?;
    Ok(())
}

/// A fill in one of the palette's colours, with the palette's text colour.
fn fill(base: &Format, colour: Rgb) -> Format {
    base.clone().set_background_color(Color::RGB(colour)).set_font_color(Color::RGB(palette::TEXT))
}

/// `2026-10` as `October 2026`.
fn long_month(period: &str) -> Option<String> {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (year, m) = period.split_once('-')?;
    let m: usize = m.parse().ok()?;
    Some(format!("{} {year}", NAMES.get(m.checked_sub(1)?)?))
}

#[cfg(test)]
mod tests {
    use super::long_month;

    #[test]
    fn months_are_named_in_full() {
        assert_eq!(long_month("2026-10").as_deref(), Some("October 2026"));
        assert_eq!(long_month("2026-01").as_deref(), Some("January 2026"));
        assert_eq!(long_month("2026-13"), None);
        assert_eq!(long_month("2026-00"), None);
        assert_eq!(long_month("unknown"), None);
    }
}
