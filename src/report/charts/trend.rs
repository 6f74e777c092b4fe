//! `trend`: the overall score per period and that of the best and worst locations, as
//! lines with points (a gap where a location has no scored visit), with the target as a
//! dashed line. Only drawn when the run has two or more dated periods.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Area, Drawn, Head, Scale, text};
use super::legend::{self, Entry, Marker, Swatch};
use super::render::Chart;
use super::style::{self, MARGIN, MIN_HEIGHT, MUTED, TARGET, WIDTH, size};
use super::text::{Font, clean};
use crate::summary::Summary;

/// How many of the best and of the worst locations get a line.
const EACH_END: usize = 3;

struct Series {
    name: String,
    /// One value per period.
    values: Vec<Option<f64>>,
}

pub struct Trend {
    head: Head,
    periods: Vec<String>,
    series: Vec<Series>,
    target: Option<f64>,
}

/// The chart, or `None` when the run has fewer than two dated periods.
pub fn chart(summary: &Summary) -> Option<Trend> {
    let a = &summary.aggregates;
    let periods = summary.dated_periods();
    if periods.len() < 2 {
        return None;
    }
    let overall = periods.iter().map(|p| a.periods.get(*p).and_then(|g| g.score.value())).collect();
    let mut series = vec![Series { name: "Overall".to_string(), values: overall }];
    let ranked: Vec<(usize, &str)> =
        a.ranking().into_iter().filter(|(_, g)| g.score.n > 0).map(|(k, _)| k).enumerate().collect();
    let split = ranked.len().saturating_sub(EACH_END).max(EACH_END);
    for (rank, name) in ranked.iter().take(EACH_END).chain(ranked.iter().skip(split)) {
        let cells = a.location_periods.get(*name);
        let values = periods.iter().map(|p| cells.and_then(|c| c.get(*p)).and_then(|g| g.score.value())).collect();
        series.push(Series { name: format!("#{} {}", rank + 1, clean(name, "(no location)")), values });
    }
    let shown = series.len() - 1;
    let detail = if shown < ranked.len() {
        format!("overall, best {EACH_END} and worst {EACH_END} of {} locations", ranked.len())
    } else {
        "overall and every location".to_string()
    };
    Some(Trend {
        head: Head::new(summary, "score trend", &detail),
        periods: periods.iter().map(|p| clean(p, "-")).collect(),
        series,
        target: summary.rubric.target,
    })
}

impl Trend {
    fn legend(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| Entry::new(Swatch::Line(style::series(i), Marker::nth(i)), s.name.clone()))
            .collect();
        if let Some(t) = self.target {
            entries.push(legend::target(t));
        }
        entries
    }
}

impl Chart for Trend {
    fn size(&self) -> (u32, u32) {
        (WIDTH, MIN_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        self.head.draw(root)?;
        let top = legend::draw_under_head(root, &self.legend(), 76)?;
        let bottom = MIN_HEIGHT as i32 - 120;
        let (left, right) = (MARGIN + 60, WIDTH as i32 - MARGIN - 20);
        let values = self.series.iter().flat_map(|s| s.values.iter().flatten().copied());
        let hi = layout::score_top(values);
        let y = Scale { lo: 0.0, hi, from: bottom, to: top };
        let ticks: Vec<f64> = layout::ticks(0.0, hi, 10).into_iter().filter(|t| *t <= hi).collect();
        layout::y_grid(root, y, (left, right), &ticks, "Score (mean of the visit scores)")?;
        let k = self.periods.len().max(1) as i32;
        let step = (right - left) / k;
        let x = |i: usize| left + step * i as i32 + step / 2;
        let font = Font::new(size::TICK);
        let every = ((font.width("0000-00") + 24) / step.max(1) + 1).max(1) as usize;
        for (i, p) in self.periods.iter().enumerate().filter(|(i, _)| i % every == 0) {
            text(
                root,
                &font.fit(p, step * every as i32),
                (x(i), bottom + 10),
                font,
                MUTED,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
        let name = Pos::new(HPos::Center, VPos::Top);
        text(
            root,
            "Period (month of the visit date)",
            ((left + right) / 2, bottom + 48),
            Font::new(size::AXIS),
            style::INK,
            name,
        )?;
        if let Some(t) = self.target {
            layout::dashed(root, (left, y.px(t)), (right, y.px(t)), TARGET, 3)?;
            let at = (right, y.px(t) - 6);
            text(
                root,
                &format!("Target {t}"),
                at,
                Font::bold(size::NOTE),
                TARGET,
                Pos::new(HPos::Right, VPos::Bottom),
            )?;
        }
        // Locations first, the overall line last so it stays on top.
        for (i, s) in self.series.iter().enumerate().rev() {
            let (color, width, r) = if i == 0 { (style::series(0), 5, 8) } else { (style::series(i), 3, 6) };
            let points: Vec<Option<(i32, i32)>> =
                s.values.iter().enumerate().map(|(p, v)| v.map(|v| (x(p), y.px(v)))).collect();
            for pair in points.windows(2) {
                if let [Some(a), Some(b)] = pair {
                    root.draw(&PathElement::new(vec![*a, *b], color.stroke_width(width)))?;
                }
            }
            for &at in points.iter().flatten() {
                Marker::nth(i).draw(root, at, r, color)?;
            }
        }
        let note = "A gap: no scored visit in that period. Visits without a valid date are left out.";
        layout::footnote(root, note, MIN_HEIGHT as i32)
    }
}
