//! Colours and type sizes shared by every chart.
//!
//! Grade and target meaning come from [`crate::report::palette`], the colours of every
//! report: grade bands run from red for the worst to blue for the best ([`grade`]), and
//! nothing here picks a grade colour of its own. Everything else stays out of that scale:
//! the target is a dashed dark purple line (never a band colour), bars without a grade
//! are slate grey, line series use the Okabe-Ito palette with a distinct marker each, and
//! groups of columns a grey-purple ramp whose lightness alone orders them. No meaning is
//! carried by hue alone: labels, markers, hollow bars and the ▲ / "bonus" marks repeat it.

use plotters::style::RGBColor;

use crate::report::palette;

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
/// The target line: dark purple, outside the grade scale, drawn dashed so it reads
/// without colour.
pub const TARGET: RGBColor = rgb(palette::TARGET);
/// Bars that carry no grade: question pass rates, other stores on a card.
pub const NEUTRAL: RGBColor = RGBColor(112, 128, 150);
/// Critical questions (with a ▲ marker and a bold label).
pub const CRITICAL: RGBColor = RGBColor(55, 55, 68);
/// A funnel point outside the 99.8% limits: the palette's red (its marker a square).
pub const OUTSIDE_998: RGBColor = rgb(palette::SCALE[0]);
/// A funnel point outside the 95% limits only: the palette's gold (its marker a diamond).
pub const OUTSIDE_95: RGBColor = rgb(palette::SCALE[2]);

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

/// A palette colour for plotters.
pub const fn rgb(c: palette::Rgb) -> RGBColor {
    let [_, r, g, b] = c.to_be_bytes();
    RGBColor(r, g, b)
}

/// The series colour of entry `i` (0 is overall), cycling after the palette.
pub fn series(i: usize) -> RGBColor {
    SERIES.get(i % SERIES.len()).copied().unwrap_or(INK)
}

/// The colour of grade band `band` of `bands` (rubric order, best first): the palette's;
/// `None` is a score outside every band.
pub fn grade(band: Option<usize>, bands: usize) -> RGBColor {
    let (r, g, b) = palette::channels(palette::grade(band, bands));
    RGBColor(r, g, b)
}

/// The darkest and lightest colours of [`ramp`].
const RAMP: [(f64, f64, f64); 2] = [(62.0, 50.0, 96.0), (200.0, 194.0, 220.0)];

/// Colour `i` of `n` groups told apart by lightness alone (dark to light grey-purple,
/// outside the grade scale).
pub fn ramp(i: usize, n: usize) -> RGBColor {
    let t = if n <= 1 { 0.0 } else { i as f64 / (n - 1) as f64 };
    let [a, b] = RAMP;
    let mix = |p: f64, q: f64| (p + (q - p) * t).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
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
    fn grade_and_status_colours_are_the_palettes() {
        // Four bands (the retail rubric): best blue 0x4393C3, worst red 0xD6604D.
        assert_eq!(grade(Some(0), 4), RGBColor(0x43, 0x93, 0xC3));
        assert_eq!(grade(Some(3), 4), RGBColor(0xD6, 0x60, 0x4D));
        assert_eq!(grade(None, 4), RGBColor(0xBD, 0xBD, 0xBD));
        // The target line is no band's colour at any band count.
        for bands in 1..=7 {
            assert!((0..bands).all(|b| grade(Some(b), bands) != TARGET), "{bands}");
        }
    }

    #[test]
    fn ramp_gets_lighter_step_by_step() {
        let greys: Vec<f64> = (0..6).map(|i| grey(ramp(i, 6))).collect();
        assert!(greys.windows(2).all(|w| w[1] - w[0] > 12.0), "{greys:?}");
    }

    #[test]
    fn tint_and_shade_reach_white_and_black() {
        assert_eq!(tint(NEUTRAL, 1.0), WHITE);
        assert_eq!(shade(NEUTRAL, 1.0), RGBColor(0, 0, 0));
        assert_eq!(tint(NEUTRAL, 0.0), NEUTRAL);
    }
}
