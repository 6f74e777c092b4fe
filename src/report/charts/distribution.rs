//! `score-distribution`: how many visits scored in each 5-point bin (0-5, ..., 95-100, and
//! exactly 100 on its own), over the grade bands shaded in their colours, with the target.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Area, Drawn, Head, Scale, text};
use super::legend::{self, Entry, Swatch};
use super::render::Chart;
use super::style::{self, INK, MARGIN, MIN_HEIGHT, TARGET, WIDTH, size, tint};
use super::text::{Font, clean};
use crate::summary::Summary;

/// Bin width in score points.
const BIN: f64 = 5.0;
/// Bars: dark enough to stand out on every band's tint.
const BAR: RGBColor = RGBColor(55, 55, 68);

/// A grade band as shaded: its name and score span.
struct Band {
    name: String,
    from: f64,
    to: f64,
    color: RGBColor,
}

pub struct Distribution {
    pub head: Head,
    /// Scores can pass 100 (bonus points without a cap): the last bin is "100 and above".
    uncapped: bool,
    bins: Vec<u64>,
    bands: Vec<Band>,
    target: Option<f64>,
}

pub fn chart(summary: &Summary) -> Distribution {
    let rubric = &summary.rubric;
    let overall = &summary.aggregates.overall;
    let bins = overall.score_bins.clone();
    let top = BIN * bins.len() as f64;
    let n = rubric.grades.len();
    let bands = rubric
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let to = if i == 0 { top } else { rubric.grades.get(i - 1).map_or(top, |h| h.min.min(top)) };
            Band { name: clean(&g.name, "-"), from: g.min.max(0.0), to, color: style::grade(Some(i), n) }
        })
        .filter(|b| b.from < b.to)
        .collect();
    let detail = format!("{} scored visits of {}", overall.score.n, overall.visits);
    let head = Head::new(summary, "score distribution", &detail);
    Distribution { head, uncapped: !rubric.bonus_cap, bins, bands, target: rubric.target }
}

impl Distribution {
    fn legend(&self) -> Vec<Entry> {
        let mut entries = vec![Entry::new(Swatch::Fill(BAR), "Visits per 5-point bin")];
        entries.extend(self.bands.iter().map(|b| Entry::new(Swatch::Fill(tint(b.color, 0.72)), b.name.clone())));
        if let Some(t) = self.target {
            entries.push(legend::target(t));
        }
        entries
    }
}

impl Chart for Distribution {
    fn size(&self) -> (u32, u32) {
        (WIDTH, MIN_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        self.head.draw(root)?;
        let top = legend::draw_under_head(root, &self.legend(), 76)?;
        let bottom = MIN_HEIGHT as i32 - 130;
        let (left, right) = (MARGIN + 70, WIDTH as i32 - MARGIN - 10);
        let x = Scale { lo: 0.0, hi: BIN * self.bins.len().max(1) as f64, from: left, to: right };
        let max = self.bins.iter().copied().max().unwrap_or(0);
        // Headroom above the tallest bar for its count and the band names.
        let yticks = layout::ticks(0.0, max as f64 * 1.15 + 1.0, 8);
        let y = Scale { lo: 0.0, hi: yticks.last().copied().unwrap_or(1.0), from: bottom, to: top };
        let font = Font::new(size::TICK);
        for b in &self.bands {
            let (x0, x1) = (x.px(b.from), x.px(b.to));
            root.draw(&Rectangle::new([(x0, top), (x1, bottom)], tint(b.color, 0.72).filled()))?;
            let name = font.fit(&b.name, x1 - x0 - 10);
            text(
                root,
                &name,
                ((x0 + x1) / 2, top + 8),
                Font::bold(size::TICK),
                INK,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
        layout::y_grid(root, y, (left, right), &yticks, "Visits")?;
        let xticks: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
        let last = if self.uncapped { "100 and above" } else { "exactly 100" };
        let name = format!("Visit score (5-point bins; the last bar is {last})");
        layout::x_grid(root, x, (bottom, bottom), &xticks, &name)?;
        for (i, &count) in self.bins.iter().enumerate().filter(|(_, c)| **c > 0) {
            let (x0, x1) = (x.px(BIN * i as f64) + 3, x.px(BIN * (i + 1) as f64) - 3);
            let y0 = y.px(count as f64);
            root.draw(&Rectangle::new([(x0, y0), (x1, bottom)], BAR.filled()))?;
            text(root, &count.to_string(), ((x0 + x1) / 2, y0 - 4), font, INK, Pos::new(HPos::Center, VPos::Bottom))?;
        }
        if let Some(t) = self.target {
            let px = x.px(t);
            layout::dashed(root, (px, top), (px, bottom), TARGET, 3)?;
            let (label, font) = (format!("Target {t}"), Font::bold(size::NOTE));
            // Right of the line, or left of it when it is near the right edge.
            let (at, pos) = if px + 8 + font.width(&label) < right {
                ((px + 8, top + 40), layout::left())
            } else {
                ((px - 8, top + 40), layout::right())
            };
            text(root, &label, at, font, TARGET, pos)?;
        }
        let note = "Shaded: the rubric's grade bands. Visits without a score are not counted.";
        layout::footnote(root, note, MIN_HEIGHT as i32)
    }
}
