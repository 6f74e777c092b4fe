//! Horizontal bar charts, the shape of three charts (ranking, section profile, question
//! pass rates): one labelled row per bar, optional heading rows, a 0-100 value axis,
//! the value printed at the end of each bar, and the image growing with the number of
//! rows so that labels never overlap.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Area, Drawn, HEAD_HEIGHT, Head, Scale, left, right, text};
use super::legend::{self, Entry};
use super::render::Chart;
use super::style::{self, INK, MARGIN, MIN_HEIGHT, MUTED, TARGET, WHITE, WIDTH, size, tint};
use super::text::{Font, score};

/// One bar.
pub struct Bar {
    pub label: String,
    /// Drawn in its own column between the label and the bar (e.g. `n=12`).
    pub note: String,
    /// `None` draws `missing` instead of a bar.
    pub value: Option<f64>,
    pub color: RGBColor,
    /// Pale fill with an outline: a score from a small sample.
    pub hollow: bool,
    /// Bold label (the overall row, critical questions).
    pub strong: bool,
    /// No label, note or value: another store on a report card, unnamed.
    pub quiet: bool,
}

pub enum Row {
    Heading(String),
    Bar(Bar),
}

pub struct HBars {
    pub head: Head,
    pub legend: Vec<Entry>,
    pub rows: Vec<Row>,
    /// Name of the value axis.
    pub axis: String,
    pub target: Option<f64>,
    /// Widest a label may be before it is cut with an ellipsis.
    pub label_room: i32,
    /// Drawn instead of a bar when a row has no value.
    pub missing: String,
    pub footnote: String,
    /// Shown when there are no rows.
    pub empty: &'static str,
}

/// Row heights: the plot fills a 1000-pixel page until rows would be thinner than this.
const ROW_MIN: i32 = 30;
const ROW_MAX: i32 = 64;
/// Below the plot: tick labels, axis name, footnote.
const BOTTOM: i32 = 130;
/// A safety net on image size (about 15,000 pixels high): rows past it are not drawn.
/// The charts keep well below it by showing the two ends of long lists ([`ends`]).
pub const MAX_ROWS: usize = 500;

/// `items` whole when there are at most `2 × each` of them, else the first `each`, how
/// many were left out, and the last `each`.
pub fn ends<T>(mut items: Vec<T>, each: usize) -> (Vec<T>, usize, Vec<T>) {
    if items.len() <= 2 * each {
        return (items, 0, Vec::new());
    }
    let tail = items.split_off(items.len() - each);
    let left_out = items.len() - each;
    items.truncate(each);
    (items, left_out, tail)
}

/// Where everything goes, worked out once for both image formats.
struct Geometry {
    height: i32,
    top: i32,
    row: i32,
    font: Font,
    labels: Vec<String>,
    /// Right edge of the labels, right edge of the notes.
    label_right: i32,
    note_right: i32,
    x: Scale,
}

impl HBars {
    fn geometry(&self) -> Geometry {
        let top = HEAD_HEIGHT + legend::height(&self.legend) + 44;
        let n = self.rows().len().max(1) as i32;
        let row = ((MIN_HEIGHT as i32 - top - BOTTOM) / n).clamp(ROW_MIN, ROW_MAX);
        let height = (top + n * row + BOTTOM).max(MIN_HEIGHT as i32);
        let font = Font::new((f64::from(row) * 0.6).clamp(size::LABEL_MIN, size::LABEL));
        let bold = Font { bold: true, ..font };
        let labels: Vec<String> = self
            .rows()
            .iter()
            .map(|r| match r {
                Row::Heading(h) => bold.fit(h, WIDTH as i32 - 2 * MARGIN),
                Row::Bar(b) => (if b.strong { bold } else { font }).fit(&b.label, self.label_room),
            })
            .collect();
        let widest = |f: &dyn Fn(&Bar) -> i32| self.bars().map(f).max().unwrap_or(0);
        let label_w = widest(&|b| if b.strong { bold } else { font }.width(&b.label)).min(self.label_room);
        let note_w = widest(&|b| font.width(&b.note));
        let label_right = MARGIN + label_w;
        let note_right = label_right + if note_w > 0 { 14 + note_w } else { 0 };
        let hi = layout::score_top(self.bars().filter_map(|b| b.value));
        let value_room = font.width(&score(hi)) + 16;
        let x = Scale { lo: 0.0, hi, from: note_right + 18, to: WIDTH as i32 - MARGIN - value_room };
        Geometry { height, top, row, font, labels, label_right, note_right, x }
    }

    /// The rows drawn: all of them up to [`MAX_ROWS`].
    fn rows(&self) -> &[Row] {
        self.rows.get(..MAX_ROWS).unwrap_or(&self.rows)
    }

    fn bars(&self) -> impl Iterator<Item = &Bar> {
        self.rows().iter().filter_map(|r| match r {
            Row::Bar(b) => Some(b),
            Row::Heading(_) => None,
        })
    }

    fn draw_bar<DB: DrawingBackend>(&self, root: &Area<DB>, g: &Geometry, b: &Bar, label: &str, y: i32) -> Drawn<DB> {
        let font = Font { bold: b.strong, ..g.font };
        if !b.quiet {
            text(root, label, (g.label_right, y), font, INK, right())?;
            text(root, &b.note, (g.note_right, y), g.font, MUTED, right())?;
        }
        let Some(v) = b.value else {
            return if b.quiet { Ok(()) } else { text(root, &self.missing, (g.x.from + 10, y), g.font, MUTED, left()) };
        };
        let half = (g.row * 34 / 100).max(6);
        let end = g.x.px(v).max(g.x.from + 2);
        let fill = if b.hollow { tint(b.color, 0.72) } else { b.color };
        root.draw(&Rectangle::new([(g.x.from, y - half), (end, y + half)], fill.filled()))?;
        let edge = style::shade(b.color, 0.35).stroke_width(if b.hollow { 3 } else { 1 });
        let outline =
            vec![(g.x.from, y - half), (end, y - half), (end, y + half), (g.x.from, y + half), (g.x.from, y - half)];
        root.draw(&PathElement::new(outline, edge))
    }

    /// The value at the end of a bar, on a white patch so that the target line never runs
    /// through it (drawn after the target line).
    fn draw_value<DB: DrawingBackend>(&self, root: &Area<DB>, g: &Geometry, v: f64, y: i32) -> Drawn<DB> {
        let label = score(v);
        let x = g.x.px(v).max(g.x.from + 2) + 8;
        let (w, h) = (g.font.width(&label), (g.font.size * 0.8) as i32);
        root.draw(&Rectangle::new([(x - 3, y - h / 2 - 2), (x + w + 3, y + h / 2 + 2)], WHITE.filled()))?;
        text(root, &label, (x, y), g.font, INK, left())
    }
}

impl Chart for HBars {
    fn size(&self) -> (u32, u32) {
        (WIDTH, u32::try_from(self.geometry().height).unwrap_or(MIN_HEIGHT))
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        let g = self.geometry();
        self.head.draw(root)?;
        legend::draw(root, &self.legend, HEAD_HEIGHT)?;
        if self.rows.is_empty() {
            return layout::nothing(root, self.empty, g.height);
        }
        let bottom = g.top + g.row * self.rows().len() as i32;
        let ticks: Vec<f64> = layout::ticks(0.0, g.x.hi, 10).into_iter().filter(|t| *t <= g.x.hi).collect();
        layout::x_grid(root, g.x, (g.top, bottom), &ticks, &self.axis)?;
        let y = |i: usize| g.top + g.row * i as i32 + g.row / 2;
        for (i, (row, label)) in self.rows().iter().zip(&g.labels).enumerate() {
            match row {
                Row::Heading(_) => text(root, label, (MARGIN, y(i)), Font { bold: true, ..g.font }, INK, left())?,
                Row::Bar(b) => self.draw_bar(root, &g, b, label, y(i))?,
            }
        }
        if let Some(t) = self.target {
            let x = g.x.px(t);
            layout::dashed(root, (x, g.top - 6), (x, bottom), TARGET, 3)?;
            let pos = Pos::new(HPos::Center, VPos::Bottom);
            text(root, &format!("Target {t}"), (x, g.top - 10), Font::bold(size::NOTE), TARGET, pos)?;
        }
        for (i, row) in self.rows().iter().enumerate() {
            if let Row::Bar(Bar { value: Some(v), quiet: false, .. }) = row {
                self.draw_value(root, &g, *v, y(i))?;
            }
        }
        let note = match self.rows.len().checked_sub(MAX_ROWS) {
            Some(cut) if cut > 0 => format!("{} Not shown: the last {cut} rows.", self.footnote),
            _ => self.footnote.clone(),
        };
        layout::footnote(root, &note, bottom + BOTTOM)
    }
}
