//! Grouped vertical columns on a 0-100 axis: one group per category, one column per
//! series in legend order, each with its value on top when there is room. The section
//! profile uses it while the series fit across a slide.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Area, Drawn, Head, Scale, text};
use super::legend::{self, Entry, Swatch};
use super::render::Chart;
use super::style::{INK, MARGIN, MIN_HEIGHT, MUTED, WIDTH, shade, size};
use super::text::{Font, score};

pub struct Series {
    pub name: String,
    pub color: RGBColor,
    /// One value per group; `None` draws a dash on the axis.
    pub values: Vec<Option<f64>>,
}

pub struct Columns {
    pub head: Head,
    pub groups: Vec<String>,
    pub series: Vec<Series>,
    pub axis: String,
    pub footnote: String,
}

impl Chart for Columns {
    fn size(&self) -> (u32, u32) {
        (WIDTH, MIN_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        self.head.draw(root)?;
        let entries: Vec<Entry> =
            self.series.iter().map(|s| Entry::new(Swatch::Fill(s.color), s.name.clone())).collect();
        let top = legend::draw_under_head(root, &entries, 76)?;
        let bottom = MIN_HEIGHT as i32 - 150;
        let (left, right) = (MARGIN + 60, WIDTH as i32 - MARGIN);
        let hi = layout::score_top(self.series.iter().flat_map(|s| s.values.iter().flatten().copied()));
        let y = Scale { lo: 0.0, hi, from: bottom, to: top };
        let ticks: Vec<f64> = layout::ticks(0.0, hi, 10).into_iter().filter(|t| *t <= hi).collect();
        layout::y_grid(root, y, (left, right), &ticks, &self.axis)?;
        let k = self.groups.len().max(1) as i32;
        let group_w = (right - left) / k;
        let n = self.series.len().max(1) as i32;
        let col_w = (group_w * 82 / 100 / n).clamp(2, 110);
        let value_font = Font::new(size::NOTE.min(f64::from(col_w) * 0.55).max(12.0));
        let label_font = Font::bold(size::TICK);
        for (g, name) in self.groups.iter().enumerate() {
            let x0 = left + group_w * g as i32 + (group_w - col_w * n) / 2;
            for (i, s) in self.series.iter().enumerate() {
                let cx = x0 + col_w * i as i32;
                let Some(v) = s.values.get(g).copied().flatten() else {
                    text(
                        root,
                        "–",
                        (cx + col_w / 2, bottom - 4),
                        value_font,
                        MUTED,
                        Pos::new(HPos::Center, VPos::Bottom),
                    )?;
                    continue;
                };
                let yv = y.px(v).min(bottom - 2);
                root.draw(&Rectangle::new([(cx + 1, yv), (cx + col_w - 1, bottom)], s.color.filled()))?;
                let edge = vec![(cx + 1, bottom), (cx + 1, yv), (cx + col_w - 1, yv), (cx + col_w - 1, bottom)];
                root.draw(&PathElement::new(edge, shade(s.color, 0.35).stroke_width(1)))?;
                let label = score(v);
                if value_font.width(&label) <= col_w + 2 {
                    text(
                        root,
                        &label,
                        (cx + col_w / 2, yv - 4),
                        value_font,
                        INK,
                        Pos::new(HPos::Center, VPos::Bottom),
                    )?;
                }
            }
            let lines = label_font.wrap(name, group_w - 12, 3);
            for (l, line) in lines.iter().enumerate() {
                let at = (left + group_w * g as i32 + group_w / 2, bottom + 12 + 28 * l as i32);
                text(root, line, at, label_font, INK, Pos::new(HPos::Center, VPos::Top))?;
            }
        }
        layout::footnote(root, &self.footnote, MIN_HEIGHT as i32)
    }
}
