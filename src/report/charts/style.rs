//! Colours and type sizes shared by every chart.
//!
//! Colours are chosen to survive grey-scale printing and colour-blind viewers: grade bands
//! are sampled from viridis (dark blue for the best band to yellow for the worst, so the
//! lightness alone orders them), series use the Okabe-Ito palette with a distinct marker
//! each, and no meaning is carried by hue alone (labels, markers and hollow bars repeat it).

use plotters::style::RGBColor;

/// Image width: a 16:10 slide.
pub const WIDTH: u32 = 1600;
/// The smallest image height; charts with many bars grow taller.
pub const MIN_HEIGHT: u32 = 1000;
/// Left and right page margin.
pub const MARGIN: i32 = 48;

pub const WHITE: RGBColor = RGBColor(255, 255, 255);
/// Text and axes.
pub const INK: RGBColor = RGBColor(26, 26, 26);
/// Secondary text: subtitles, notes, "no score".
pub const MUTED: RGBColor = RGBColor(90, 90, 90);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(222, 222, 222);
/// The target line: Okabe-Ito vermillion, drawn dashed so it reads without colour.
pub const TARGET: RGBColor = RGBColor(213, 94, 0);
/// Bars that carry no grade: question pass rates, histogram counts.
pub const NEUTRAL: RGBColor = RGBColor(0, 114, 178);
/// Critical questions (with a ▲ marker on the label).
pub const CRITICAL: RGBColor = RGBColor(213, 94, 0);
/// Scores outside every grade band.
pub const NO_BAND: RGBColor = RGBColor(150, 150, 150);

/// Series colours: Okabe-Ito without yellow (it vanishes on white) and vermillion (the
/// target's), then a dark brown; the first is the overall series.
pub const SERIES: [RGBColor; 7] = [
    RGBColor(0, 0, 0),
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(140, 81, 10),
];

/// The series colour of entry `i` (0 is overall), cycling after the palette.
pub fn series(i: usize) -> RGBColor {
    SERIES.get(i % SERIES.len()).copied().unwrap_or(INK)
}

/// Viridis at 0, 0.25, 0.5, 0.75 and 1.
const VIRIDIS: [(f64, f64, f64); 5] =
    [(68.0, 1.0, 84.0), (59.0, 82.0, 139.0), (33.0, 145.0, 140.0), (94.0, 201.0, 98.0), (253.0, 231.0, 37.0)];

/// Viridis at `t` in [0, 1], interpolated between its quarter points.
fn viridis(t: f64) -> RGBColor {
    let x = t.clamp(0.0, 1.0) * 4.0;
    let i = (x.floor() as usize).min(3);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS.get(i).copied().unwrap_or_default(), VIRIDIS.get(i + 1).copied().unwrap_or_default());
    let mix = |p: f64, q: f64| (p + (q - p) * f).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour of grade band `band` of `bands` (rubric order, best first); `None` is a score
/// outside every band.
pub fn grade(band: Option<usize>, bands: usize) -> RGBColor {
    match band {
        None => NO_BAND,
        Some(_) if bands <= 1 => viridis(0.3),
        Some(b) => viridis(0.15 + 0.73 * b as f64 / (bands - 1) as f64),
    }
}

/// Colour `i` of `n` series told apart by lightness alone (viridis, dark to light).
pub fn ramp(i: usize, n: usize) -> RGBColor {
    if n <= 1 { viridis(0.3) } else { viridis(0.12 + 0.8 * i as f64 / (n - 1) as f64) }
}

/// `c` mixed with white: `amount` 0 is `c`, 1 is white.
pub fn tint(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * amount).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// `c` mixed with black: `amount` 0 is `c`, 1 is black.
pub fn shade(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) * (1.0 - amount)).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Type sizes in pixels (ab_glyph's scale: ascender to descender).
pub mod size {
    pub const TITLE: f64 = 44.0;
    pub const SUBTITLE: f64 = 25.0;
    pub const LEGEND: f64 = 22.0;
    pub const TICK: f64 = 21.0;
    pub const AXIS: f64 = 23.0;
    pub const NOTE: f64 = 20.0;
    /// Bar labels: the largest size; rows shrink it down to [`LABEL_MIN`].
    pub const LABEL: f64 = 24.0;
    pub const LABEL_MIN: f64 = 19.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative luminance, enough to check that grey-scale keeps the bands apart.
    fn grey(c: RGBColor) -> f64 {
        0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)
    }

    #[test]
    fn grade_colours_get_lighter_band_by_band() {
        for bands in 1..=7 {
            let greys: Vec<f64> = (0..bands).map(|b| grey(grade(Some(b), bands))).collect();
            assert!(greys.windows(2).all(|w| w[1] - w[0] > 12.0), "{bands} bands: {greys:?}");
        }
    }

    #[test]
    fn tint_and_shade_reach_white_and_black() {
        assert_eq!(tint(NEUTRAL, 1.0), WHITE);
        assert_eq!(shade(NEUTRAL, 1.0), RGBColor(0, 0, 0));
        assert_eq!(tint(NEUTRAL, 0.0), NEUTRAL);
    }
}
