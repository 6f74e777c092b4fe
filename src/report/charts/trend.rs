//! `trend`: the overall score per period and that of the best and worst locations (ranked
//! on the focus month), as lines with points (a gap where a location has no scored
//! visit), with the target as a dashed line. At most seven lines, each with its own
//! colour and marker; the score axis stops at 100 unless uncapped bonus points pass it.
//! Only drawn when the run has two or more dated periods. A report card draws its store
//! against the chain average ([`for_card`]).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Area, Drawn, Head, Scale, focus_label, text};
use super::legend::{self, Entry, Marker, Swatch};
use super::render::Chart;
use super::style::{self, MARGIN, MIN_HEIGHT, MUTED, SERIES, TARGET, WIDTH, size};
use super::text::{Font, clean};
use crate::summary::Summary;

/// How many of the best and of the worst locations get a line.
const EACH_END: usize = 3;
// Overall and both ends fit the series colours and markers: no two lines look alike.
const _: () = assert!(2 * EACH_END < SERIES.len() && SERIES.len() <= Marker::ALL.len());

pub struct Series {
    pub name: String,
    /// One value per period.
    pub values: Vec<Option<f64>>,
    pub color: RGBColor,
    pub marker: Marker,
    /// Drawn thicker (the overall line, the card's store).
    pub strong: bool,
}

pub struct Trend {
    pub head: Head,
    pub periods: Vec<String>,
    /// Drawn last to first, so the first stays on top.
    pub series: Vec<Series>,
    pub target: Option<f64>,
    /// Scores are capped at 100: the axis stops there.
    pub capped: bool,
}

/// The chart, or `None` when the run has fewer than two dated periods.
pub fn chart(summary: &Summary) -> Option<Trend> {
    let a = &summary.aggregates;
    let periods = summary.dated_periods();
    if periods.len() < 2 {
        return None;
    }
    let overall = periods.iter().map(|p| a.periods.get(*p).and_then(|g| g.score.value())).collect();
    let mut series = vec![Series {
        name: "Overall".to_string(),
        values: overall,
        color: style::series(0),
        marker: Marker::nth(0),
        strong: true,
    }];
    let ranked: Vec<(usize, &str)> =
        summary.stores().into_iter().filter(|h| h.score().is_some()).map(|h| h.key).enumerate().collect();
    let split = ranked.len().saturating_sub(EACH_END).max(EACH_END);
    for (rank, name) in ranked.iter().take(EACH_END).chain(ranked.iter().skip(split)) {
        let cells = a.location_periods.get(*name);
        let values = periods.iter().map(|p| cells.and_then(|c| c.get(*p)).and_then(|g| g.score.value())).collect();
        let i = series.len();
        series.push(Series {
            name: format!("#{} {}", rank + 1, clean(name, "(no location)")),
            values,
            color: style::series(i),
            marker: Marker::nth(i),
            strong: false,
        });
    }
    let shown = series.len() - 1;
    let month = focus_label(summary);
    let detail = if shown < ranked.len() {
        format!("overall, best {EACH_END} and worst {EACH_END} of {} locations (ranked on {month})", ranked.len())
    } else {
        format!("overall and every location (ranked on {month})")
    };
    Some(Trend {
        head: Head::with(summary, "score trend", layout::months_range(summary), &detail),
        periods: periods.iter().map(|p| clean(p, "-")).collect(),
        series,
        target: summary.rubric.target,
        capped: summary.rubric.bonus_cap,
    })
}

/// A report card's trend: its store (`own` is the card's summary, `store` its name)
/// against the chain average per period (`chain`: period and score, oldest first), with
/// the target; `None` with fewer than two dated periods in the chain.
pub fn for_card(own: &Summary, store: &str, chain: &[(String, Option<f64>)]) -> Option<Trend> {
    if chain.len() < 2 {
        return None;
    }
    let periods: Vec<&str> = chain.iter().map(|(p, _)| p.as_str()).collect();
    let mine = periods.iter().map(|p| own.aggregates.periods.get(*p).and_then(|g| g.score.value())).collect();
    let series = vec![
        Series {
            name: clean(store, "(no location)"),
            values: mine,
            color: style::series(1),
            marker: Marker::Square,
            strong: true,
        },
        Series {
            name: "Chain average (every location's visits)".to_string(),
            values: chain.iter().map(|(_, v)| *v).collect(),
            color: style::series(0),
            marker: Marker::Circle,
            strong: false,
        },
    ];
    Some(Trend {
        head: Head::with(
            own,
            "score trend",
            layout::months_range(own),
            &format!("{} against the chain average", clean(store, "(no location)")),
        ),
        periods: periods.iter().map(|p| clean(p, "-")).collect(),
        series,
        target: own.rubric.target,
        capped: own.rubric.bonus_cap,
    })
}

impl Trend {
    fn legend(&self) -> Vec<Entry> {
        let mut entries: Vec<Entry> =
            self.series.iter().map(|s| Entry::new(Swatch::Line(s.color, s.marker), s.name.clone())).collect();
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
        let hi = if self.capped { 100.0 } else { layout::score_top(values) };
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
        // The first series last, so that it stays on top.
        for s in self.series.iter().rev() {
            let (color, width, r) = if s.strong { (s.color, 5, 8) } else { (s.color, 3, 6) };
            let points: Vec<Option<(i32, i32)>> =
                s.values.iter().enumerate().map(|(p, v)| v.map(|v| (x(p), y.px(v)))).collect();
            for pair in points.windows(2) {
                if let [Some(a), Some(b)] = pair {
                    root.draw(&PathElement::new(vec![*a, *b], color.stroke_width(width)))?;
                }
            }
            for &at in points.iter().flatten() {
                s.marker.draw(root, at, r, color)?;
            }
        }
        let note = "A gap: no scored visit in that period. Visits without a valid date are left out.";
        layout::footnote(root, note, MIN_HEIGHT as i32)
    }
}
