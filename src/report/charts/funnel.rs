//! `funnel`: the focus month's funnel plot (SCORING.md §8), for comparing stores of
//! different sizes. Each store with a scored visit that month is a point at its number of
//! scored visits (x) and its score (y); the chain mean m is a horizontal line and the 95%
//! and 99.8% limits m ± z · s / √n ([`Funnel::limits_at`], clipped to 0-100 as the limits
//! are) are curves over the x range, drawn from n = 1. A point inside the limits is a
//! slate circle, outside the 95% ones a gold diamond, outside the 99.8% ones too a red
//! square: marker and label weight repeat what the colour says.
//!
//! The x axis runs from a little below the smallest n to a little above the largest, the
//! score axis over the points and the limits at the left edge (to the next 10). The
//! subtitle names the month ("Funnel, 2026-10"). Only drawn when the run has a funnel (two
//! or more scored visits in the focus month) with a store in it.
//!
//! Labels: each point is named beside it (right, left, or a line or two above or below,
//! joined to it by a thin line), points outside the 99.8% limits first, then outside the
//! 95%, then the rest, each group the farthest from the mean first, each where it covers
//! no point, no other name and, if it can, no line. A name that finds no such place is
//! left out and counted under the chart. Past [`LABEL_ALL`] stores (many stores, e.g.
//! 200) only the points outside the limits are named. Names are cut to [`LABEL_MAX`]
//! pixels with an ellipsis.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{self, Area, Drawn, Head, Scale, text};
use super::legend::{self, Entry, Marker, Swatch};
use super::render::Chart;
use super::style::{INK, MARGIN, MIN_HEIGHT, MUTED, NEUTRAL, OUTSIDE_95, OUTSIDE_998, WIDTH, shade, size};
use super::text::{Font, clean, score};
use crate::follow_up::{Funnel, Z95, Z998};
use crate::summary::Summary;

/// Up to this many stores every point is named; past it only those outside the limits.
pub const LABEL_ALL: usize = 40;
/// The widest a point's name may be, in pixels.
pub const LABEL_MAX: i32 = 280;
/// Samples along each limit curve (spaced evenly in log n: denser where it bends).
const SAMPLES: usize = 80;
/// Point radius.
const R: i32 = 7;

/// One store as drawn.
pub struct Dot {
    pub label: String,
    /// Scored visits.
    pub n: f64,
    pub score: f64,
    /// As [`crate::follow_up::FunnelPoint::outside`].
    pub outside: Option<f64>,
}

impl Dot {
    /// 2 outside the 99.8% limits, 1 outside the 95% ones only, 0 inside.
    fn rank(&self) -> u8 {
        match self.outside {
            Some(z) if z > 99.0 => 2,
            Some(_) => 1,
            None => 0,
        }
    }

    fn look(&self) -> (RGBColor, Marker) {
        match self.rank() {
            2 => (OUTSIDE_998, Marker::Square),
            1 => (OUTSIDE_95, Marker::Diamond),
            _ => (NEUTRAL, Marker::Circle),
        }
    }
}

pub struct FunnelPlot {
    pub head: Head,
    /// The month, as the axes name it.
    pub month: String,
    /// The chain mean and spread the limits come from (its points are [`FunnelPlot::dots`]).
    pub funnel: Funnel,
    /// In the funnel's order (by name).
    pub dots: Vec<Dot>,
}

/// The chart, or `None` when the run has no funnel or no store in it.
pub fn chart(summary: &Summary) -> Option<FunnelPlot> {
    let f = summary.follow_up.funnel.as_ref().filter(|f| !f.points.is_empty())?;
    let month = clean(&f.period, "-");
    let dots: Vec<Dot> = f
        .points
        .iter()
        .map(|p| Dot { label: clean(&p.location, "(no location)"), n: p.n as f64, score: p.score, outside: p.outside })
        .collect();
    let outside = dots.iter().filter(|d| d.rank() > 0).count();
    let far = dots.iter().filter(|d| d.rank() == 2).count();
    let counted = crate::number::counted;
    let stores = counted(dots.len() as u64, "location", "locations");
    let detail = match outside {
        0 => format!("{stores} · every one inside the 95% limits"),
        _ => format!("{stores} · {outside} outside the 95% limits ({far} outside the 99.8%)"),
    };
    Some(FunnelPlot {
        head: Head::with(summary, "funnel plot", format!("Funnel, {month}"), &detail),
        month,
        funnel: Funnel { points: Vec::new(), ..f.clone() },
        dots,
    })
}

/// The colours of the 95% and 99.8% limit curves: darker than the points beyond them.
fn limit_colors() -> (RGBColor, RGBColor) {
    (shade(OUTSIDE_95, 0.4), shade(OUTSIDE_998, 0.2))
}

/// A label's box: left, top, right, bottom.
type Room = [i32; 4];

fn overlaps(a: &Room, b: &Room) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

impl FunnelPlot {
    fn legend(&self) -> Vec<Entry> {
        let (l95, l998) = limit_colors();
        vec![
            Entry::new(Swatch::Rule(INK), format!("Chain mean {}", score(self.funnel.mean))),
            Entry::new(Swatch::DashedRule(l95), "95% limits"),
            Entry::new(Swatch::Rule(l998), "99.8% limits"),
            Entry::new(Swatch::Point(NEUTRAL, Marker::Circle), "Inside the limits"),
            Entry::new(Swatch::Point(OUTSIDE_95, Marker::Diamond), "Outside the 95% limits"),
            Entry::new(Swatch::Point(OUTSIDE_998, Marker::Square), "Outside the 99.8% limits"),
        ]
    }

    /// Ticks of the x axis (whole numbers of visits): a little below the smallest n to a
    /// little above the largest.
    fn x_ticks(&self) -> Vec<f64> {
        let ns = self.dots.iter().map(|d| d.n);
        let (min, max) = ns.fold((f64::INFINITY, 0.0f64), |(lo, hi), n| (lo.min(n), hi.max(n)));
        let min = if min.is_finite() { min } else { 1.0 };
        let pad = ((max - min) * 0.08).max(1.0);
        let (lo, hi) = ((min - pad).max(0.0), max + pad);
        let step = match layout::ticks(lo, hi, 10).as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        };
        let lo = (lo / step).floor() * step;
        let count = ((hi - lo) / step).ceil().max(1.0) as usize;
        (0..=count).map(|i| lo + step * i as f64).collect()
    }

    /// The score axis: every point, the mean and the 99.8% limits at `start` (the left
    /// edge of the curves, where they are widest), to the next 10.
    fn y_range(&self, start: f64) -> (f64, f64) {
        let (lo998, hi998) = self.funnel.limits_at(start, Z998);
        let scores = || self.dots.iter().map(|d| d.score);
        let lo = scores().fold(lo998.min(self.funnel.mean), f64::min);
        let hi = scores().fold(hi998.max(self.funnel.mean), f64::max);
        let top = layout::score_top(scores());
        let lo = (((lo - 2.0) / 10.0).floor() * 10.0).clamp(0.0, top - 10.0);
        let hi = (((hi + 2.0) / 10.0).ceil() * 10.0).clamp(lo + 10.0, top);
        (lo, hi)
    }
}

/// A point's name where it is drawn: `at`, anchored by `pos` and centred vertically.
struct Name {
    text: String,
    font: Font,
    color: RGBColor,
    at: (i32, i32),
    pos: HPos,
    /// A thin line from the point to a name set above or below it.
    leader: Option<[(i32, i32); 2]>,
}

impl FunnelPlot {
    /// Where each point's name goes (points at pixels `at`, in the order of the dots),
    /// inside `bounds` (a [`Room`]): the farthest out first, each beside its point where it
    /// covers no point, no name placed before and none of the `lines`, else no point and no
    /// name; and how many names found no place.
    fn place_names(&self, at: &[(i32, i32)], lines: &[Room], bounds: Room) -> (Vec<Name>, usize) {
        let mut taken: Vec<Room> =
            at.iter().map(|&(px, py)| [px - R - 3, py - R - 3, px + R + 3, py + R + 3]).collect();
        let deviation = |d: &Dot| (d.score - self.funnel.mean).abs() * d.n.sqrt();
        let mut order: Vec<usize> = (0..self.dots.len())
            .filter(|&i| self.dots.len() <= LABEL_ALL || self.dots.get(i).is_some_and(|d| d.rank() > 0))
            .collect();
        order.sort_by(|&a, &b| match (self.dots.get(a), self.dots.get(b)) {
            (Some(da), Some(db)) => {
                db.rank().cmp(&da.rank()).then(deviation(db).total_cmp(&deviation(da))).then(a.cmp(&b))
            }
            _ => a.cmp(&b),
        });
        let h = size::NOTE as i32 + 4;
        let gap = R + 6;
        let (mut names, mut left_out) = (Vec::new(), 0);
        for i in order {
            let (Some(d), Some(&(px, py))) = (self.dots.get(i), at.get(i)) else { continue };
            let (font, color) =
                if d.rank() > 0 { (Font::bold(size::NOTE), INK) } else { (Font::new(size::NOTE), MUTED) };
            let text = font.fit(&d.label, LABEL_MAX);
            let w = font.width(&text);
            // Right, left, then a line or two above or below on either side.
            let spots = [
                (px + gap, py, HPos::Left),
                (px - gap, py, HPos::Right),
                (px + gap - 4, py - h, HPos::Left),
                (px + gap - 4, py + h, HPos::Left),
                (px - gap + 4, py - h, HPos::Right),
                (px - gap + 4, py + h, HPos::Right),
                (px + gap - 4, py - 2 * h, HPos::Left),
                (px + gap - 4, py + 2 * h, HPos::Left),
                (px - gap + 4, py - 2 * h, HPos::Right),
                (px - gap + 4, py + 2 * h, HPos::Right),
            ];
            // The name's box, and the line to it from the point when it is above or below.
            let place = |&(ax, ay, pos): &(i32, i32, HPos)| -> (Room, Option<[(i32, i32); 2]>) {
                let x0 = if matches!(pos, HPos::Left) { ax } else { ax - w };
                let r = [x0, ay - h / 2, x0 + w, ay + h / 2];
                let x = if matches!(pos, HPos::Left) { r[0] } else { r[2] };
                let leader = match ay.cmp(&py) {
                    std::cmp::Ordering::Less => Some([(px, py - R), (x, r[3])]),
                    std::cmp::Ordering::Greater => Some([(px, py + R), (x, r[1])]),
                    std::cmp::Ordering::Equal => None,
                };
                (r, leader)
            };
            // The leader's box, short of its own point's.
            let span = |[(x0, y0), (x1, y1)]: [(i32, i32); 2]| -> Room {
                let (y0, y1) = if y1 < y0 { (y1, y0 - 4) } else { (y0 + 4, y1) };
                [x0.min(x1), y0, x0.max(x1), y1]
            };
            let fits = |spot: &(i32, i32, HPos), clear: &[Room]| {
                let (r, leader) = place(spot);
                r[0] >= bounds[0]
                    && r[1] >= bounds[1]
                    && r[2] <= bounds[2]
                    && r[3] <= bounds[3]
                    && !taken.iter().chain(clear).any(|t| overlaps(&r, t))
                    && leader.is_none_or(|l| !taken.iter().any(|t| overlaps(&span(l), t)))
            };
            let spot = spots.iter().find(|s| fits(s, lines)).or_else(|| spots.iter().find(|s| fits(s, &[])));
            match spot {
                Some(spot) => {
                    let (r, leader) = place(spot);
                    taken.push(r);
                    taken.extend(leader.map(span));
                    names.push(Name { text, font, color, at: (spot.0, spot.1), pos: spot.2, leader });
                }
                None => left_out += 1,
            }
        }
        (names, left_out)
    }
}

impl Chart for FunnelPlot {
    fn size(&self) -> (u32, u32) {
        (WIDTH, MIN_HEIGHT)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        self.head.draw(root)?;
        let top = legend::draw_under_head(root, &self.legend(), 76)?;
        let bottom = MIN_HEIGHT as i32 - 150;
        let (left, right) = (MARGIN + 70, WIDTH as i32 - MARGIN - 20);
        let xticks = self.x_ticks();
        let (first, last) = (xticks.first().copied().unwrap_or(0.0), xticks.last().copied().unwrap_or(1.0));
        let x = Scale { lo: first, hi: last, from: left, to: right };
        let start = first.max(1.0);
        let (lo, hi) = self.y_range(start);
        let yticks = layout::ticks(lo, hi, 10);
        let y = Scale { lo, hi: yticks.last().copied().unwrap_or(hi), from: bottom, to: top };
        let month = &self.month;
        layout::x_grid(root, x, (top, bottom), &xticks, &format!("Scored visits in {month} (n)"))?;
        layout::y_grid(root, y, (left, right), &yticks, &format!("Score in {month} (mean of the visit scores)"))?;

        // The limits, sampled evenly in log n from `start` to the right edge.
        let ns: Vec<f64> = (0..=SAMPLES).map(|i| start * (x.hi / start).powf(i as f64 / SAMPLES as f64)).collect();
        let (l95, l998) = limit_colors();
        // What a name had better not cover: each segment's box of the lines drawn.
        let mut lines: Vec<Room> = Vec::new();
        for (z, color, dashed) in [(Z998, l998, false), (Z95, l95, true)] {
            for upper in [false, true] {
                let path: Vec<(i32, i32)> = ns
                    .iter()
                    .map(|&n| {
                        let (low, high) = self.funnel.limits_at(n, z);
                        (x.px(n), y.px(if upper { high } else { low }))
                    })
                    .collect();
                lines.extend(path.windows(2).map(|w| match w {
                    [(x0, y0), (x1, y1)] => [*x0.min(x1) - 2, *y0.min(y1) - 2, *x0.max(x1) + 2, *y0.max(y1) + 2],
                    _ => [0; 4],
                }));
                if dashed {
                    root.draw(&DashedPathElement::new(path, 12, 8, color.stroke_width(3)))?;
                } else {
                    root.draw(&PathElement::new(path, color.stroke_width(3)))?;
                }
            }
        }
        let m = y.px(self.funnel.mean);
        root.draw(&PathElement::new(vec![(left, m), (right, m)], INK.stroke_width(3)))?;
        lines.push([left, m - 3, right, m + 3]);

        let at: Vec<(i32, i32)> = self.dots.iter().map(|d| (x.px(d.n), y.px(d.score))).collect();
        // Inside first, the farthest out last: on top.
        let mut order: Vec<usize> = (0..self.dots.len()).collect();
        order.sort_by_key(|&i| self.dots.get(i).map_or(0, Dot::rank));
        for &i in &order {
            if let (Some(d), Some(&p)) = (self.dots.get(i), at.get(i)) {
                let (color, marker) = d.look();
                marker.draw_edged(root, p, R, color)?;
            }
        }

        let (names, left_out) = self.place_names(&at, &lines, [left + 4, top, WIDTH as i32 - 12, bottom - 2]);
        for name in &names {
            if let Some(leader) = name.leader {
                root.draw(&PathElement::new(leader.to_vec(), MUTED.stroke_width(1)))?;
            }
            text(root, &name.text, name.at, name.font, name.color, Pos::new(name.pos, VPos::Center))?;
        }

        // What is named, on its own line above the footnote when not every store is.
        let mut naming = Vec::new();
        if self.dots.len() > LABEL_ALL {
            naming.push(format!("Past {LABEL_ALL} stores only those outside the limits are named."));
        }
        if left_out > 0 {
            let names = if left_out == 1 { "name was" } else { "names were" };
            naming.push(format!("{left_out} {names} left out where they would overlap."));
        }
        if !naming.is_empty() {
            let font = Font::new(size::NOTE);
            let line = font.fit(&naming.join(" "), WIDTH as i32 - 2 * MARGIN);
            text(root, &line, (MARGIN, MIN_HEIGHT as i32 - 54), font, MUTED, layout::left())?;
        }
        let note = format!(
            "n = scored visits in {month}. Limits: m ± z·s/√n, s the spread of the month's visit scores, clipped to 0-100."
        );
        layout::footnote(root, &note, MIN_HEIGHT as i32)
    }
}
