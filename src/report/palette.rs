//! The one colour language of every report: each grade band has one colour, and each
//! [`TargetStatus`] has one, the same in every chart, conditional format and card.
//!
//! The colours run from a clear "bad" red through gold to a clear "good" blue (a
//! red-blue diverging scheme, after ColorBrewer's RdYlBu, with the pale middle made gold
//! so it shows on white). Red against blue survives the common colour-blind views and
//! grey-scale printing (lightness rises towards the middle and falls again, and the ends
//! differ in hue for every viewer); no meaning is carried by colour alone: every coloured
//! cell or bar has its grade or status in words beside it. Every colour is light enough
//! for black text.

use crate::target::TargetStatus;

/// An RGB colour, `0xRRGGBB`.
pub type Rgb = u32;

/// Worst to best.
pub const SCALE: [Rgb; 5] = [0xD6604D, 0xF4A582, 0xFDDB6D, 0x92C5DE, 0x4393C3];

/// Scores that reach no grade band.
pub const NO_BAND: Rgb = 0xBDBDBD;

/// The target line, drawn dashed in every chart: a purple that is no band's colour.
pub const TARGET: Rgb = 0x762A83;

/// A store's own bars and line where it is set against the chain (cards).
pub const STORE: Rgb = 0x0072B2;

/// The chain average beside a store (cards).
pub const CHAIN: Rgb = 0x708096;

/// Text on any of these colours.
pub const TEXT: Rgb = 0x1A1A1A;

/// The colour of grade band `band` (rubric order: the best band first) of `bands`;
/// [`NO_BAND`] for `None` or an index past the last band.
pub fn grade(band: Option<usize>, bands: usize) -> Rgb {
    let Some(i) = band.filter(|&i| i < bands) else { return NO_BAND };
    // The best band is the last colour of the scale, the worst the first.
    let rank = bands - 1 - i;
    position(rank, bands)
}

/// The colour of a status against the target.
pub fn status(s: TargetStatus) -> Rgb {
    match s {
        TargetStatus::On => SCALE[4],
        TargetStatus::Near => SCALE[2],
        TargetStatus::Under => SCALE[0],
    }
}

/// The colour at step `i` of `n` from worst (0) to best (n - 1): up to five steps take
/// whole colours of [`SCALE`] (two its ends, three its ends and gold, four its ends and
/// the light red and blue beside them), so no band gets a muddy blend; more steps blend
/// between neighbours.
fn position(i: usize, n: usize) -> Rgb {
    const PICKS: [&[usize]; 6] = [&[], &[4], &[0, 4], &[0, 2, 4], &[0, 1, 3, 4], &[0, 1, 2, 3, 4]];
    if let Some(pick) = PICKS.get(n) {
        return pick.get(i).map_or(SCALE[4], |&k| SCALE[k]);
    }
    let x = i.min(n - 1) as f64 * 4.0 / (n - 1) as f64;
    let lo = (x.floor() as usize).min(3);
    let f = x - lo as f64;
    mix(SCALE[lo], SCALE[lo + 1], f)
}

/// `a` blended towards `b` by `f` in [0, 1].
fn mix(a: Rgb, b: Rgb, f: f64) -> Rgb {
    let ch = |c: Rgb, shift: u32| f64::from((c >> shift) & 0xFF);
    [16, 8, 0].iter().fold(0, |acc, &shift| {
        let v = (ch(a, shift) + (ch(b, shift) - ch(a, shift)) * f).round().clamp(0.0, 255.0) as Rgb;
        acc | (v << shift)
    })
}

/// The three channels of a colour.
pub fn channels(c: Rgb) -> (u8, u8, u8) {
    let [_, r, g, b] = c.to_be_bytes();
    (r, g, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_run_from_red_for_the_worst_to_blue_for_the_best() {
        // Two bands: best blue, worst red.
        assert_eq!((grade(Some(0), 2), grade(Some(1), 2)), (0x4393C3, 0xD6604D));
        // Three: the middle one gold.
        assert_eq!([0, 1, 2].map(|i| grade(Some(i), 3)), [0x4393C3, 0xFDDB6D, 0xD6604D]);
        // Five: the whole scale, best first.
        assert_eq!([0, 1, 2, 3, 4].map(|i| grade(Some(i), 5)), [0x4393C3, 0x92C5DE, 0xFDDB6D, 0xF4A582, 0xD6604D]);
        // Four: the scale without its gold middle.
        assert_eq!([0, 1, 2, 3].map(|i| grade(Some(i), 4)), [0x4393C3, 0x92C5DE, 0xF4A582, 0xD6604D]);
        // Seven: the second worst sits at 4/6 of the scale, two thirds of the way from
        // 0xD6604D to 0xF4A582: 214 + 30 × 2/3 = 234, 96 + 69 × 2/3 = 142, 77 + 53 × 2/3 = 112.33.
        assert_eq!(grade(Some(5), 7), 0xEA8E70);
        assert_eq!(grade(None, 3), NO_BAND);
        assert_eq!(grade(Some(3), 3), NO_BAND, "past the last band");
        assert_eq!(grade(Some(0), 1), 0x4393C3);
    }

    #[test]
    fn status_colours_are_the_ends_and_middle_of_the_scale() {
        assert_eq!(status(TargetStatus::Under), 0xD6604D);
        assert_eq!(status(TargetStatus::Near), 0xFDDB6D);
        assert_eq!(status(TargetStatus::On), 0x4393C3);
        assert_eq!(channels(0x4393C3), (0x43, 0x93, 0xC3));
    }
}
