//! Legend entries (swatch and text, flowed along lines) and the point markers that tell
//! series apart without colour.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::layout::{Area, Drawn, left, text};
use super::style::{INK, MARGIN, WIDTH, shade, size, tint};
use super::text::Font;

/// A point marker; each series gets its own so lines stay apart in grey-scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    InvertedTriangle,
    Cross,
    Plus,
}

impl Marker {
    pub const ALL: [Marker; 7] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
        Marker::InvertedTriangle,
        Marker::Cross,
        Marker::Plus,
    ];

    /// The marker of series `i`, cycling.
    pub fn nth(i: usize) -> Marker {
        Marker::ALL.get(i % Marker::ALL.len()).copied().unwrap_or(Marker::Circle)
    }

    /// Draws the marker centred on `(x, y)` with radius `r`, outlined in white so that
    /// overlapping points stay distinct.
    pub fn draw<DB: DrawingBackend>(self, root: &Area<DB>, (x, y): (i32, i32), r: i32, color: RGBColor) -> Drawn<DB> {
        let outline = |points: Vec<(i32, i32)>| {
            let mut closed = points.clone();
            closed.extend(points.first().copied());
            (Polygon::new(points, color.filled()), PathElement::new(closed, WHITE.stroke_width(2)))
        };
        let (shape, edge) = match self {
            Marker::Circle => {
                root.draw(&Circle::new((x, y), r + 1, WHITE.filled()))?;
                return root.draw(&Circle::new((x, y), r, color.filled()));
            }
            Marker::Square => outline(vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]),
            Marker::Triangle => outline(vec![(x, y - r - 2), (x + r + 1, y + r), (x - r - 1, y + r)]),
            Marker::InvertedTriangle => outline(vec![(x, y + r + 2), (x + r + 1, y - r), (x - r - 1, y - r)]),
            Marker::Diamond => outline(vec![(x, y - r - 2), (x + r + 2, y), (x, y + r + 2), (x - r - 2, y)]),
            Marker::Cross | Marker::Plus => {
                let arms = if self == Marker::Cross {
                    [[(x - r, y - r), (x + r, y + r)], [(x - r, y + r), (x + r, y - r)]]
                } else {
                    [[(x - r - 1, y), (x + r + 1, y)], [(x, y - r - 1), (x, y + r + 1)]]
                };
                for arm in arms {
                    root.draw(&PathElement::new(arm.to_vec(), color.stroke_width(4)))?;
                }
                return Ok(());
            }
        };
        root.draw(&shape)?;
        root.draw(&edge)
    }

    /// Like [`Marker::draw`], but edged in a darker shade of `color` instead of white,
    /// so that a pale colour (gold) still stands out on the white page.
    pub fn draw_edged<DB: DrawingBackend>(
        self,
        root: &Area<DB>,
        (x, y): (i32, i32),
        r: i32,
        color: RGBColor,
    ) -> Drawn<DB> {
        let edge = shade(color, 0.45).stroke_width(2);
        let points = match self {
            Marker::Circle => {
                root.draw(&Circle::new((x, y), r, color.filled()))?;
                return root.draw(&Circle::new((x, y), r, edge));
            }
            Marker::Square => vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
            Marker::Diamond => vec![(x, y - r - 2), (x + r + 2, y), (x, y + r + 2), (x - r - 2, y)],
            _ => return self.draw(root, (x, y), r, color),
        };
        let mut closed = points.clone();
        closed.extend(points.first().copied());
        root.draw(&Polygon::new(points, color.filled()))?;
        root.draw(&PathElement::new(closed, edge))
    }
}

/// What a legend entry shows before its text.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A filled square (a bar colour).
    Fill(RGBColor),
    /// A pale square with an outline (a bar from a small sample).
    Hollow(RGBColor),
    /// A dashed line (the target).
    Dashed(RGBColor),
    /// A line with a marker (a series).
    Line(RGBColor, Marker),
    /// A horizontal line (a reference line or curve).
    Rule(RGBColor),
    /// A horizontal dashed line (a reference line or curve).
    DashedRule(RGBColor),
    /// A marker alone, edged ([`Marker::draw_edged`]: a point of a scatter).
    Point(RGBColor, Marker),
}

pub struct Entry {
    pub swatch: Swatch,
    pub text: String,
}

impl Entry {
    pub fn new(swatch: Swatch, text: impl Into<String>) -> Entry {
        Entry { swatch, text: text.into() }
    }
}

const SWATCH: i32 = 34;
const LINE: i32 = 34;
/// The widest an entry's text may be before it is cut.
const ENTRY_MAX: i32 = 420;

/// The height the legend takes when flowed from the left margin across the page.
pub fn height(entries: &[Entry]) -> i32 {
    flow(entries).last().map_or(0, |(_, (_, y))| y + LINE)
}

/// Each entry's text and its top-left corner relative to the legend's origin.
fn flow(entries: &[Entry]) -> Vec<(String, (i32, i32))> {
    let font = Font::new(size::LEGEND);
    let room = WIDTH as i32 - 2 * MARGIN;
    let (mut x, mut y) = (0, 0);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let text = font.fit(&e.text, ENTRY_MAX);
        let w = SWATCH + 10 + font.width(&text) + 32;
        if x > 0 && x + w > room {
            (x, y) = (0, y + LINE);
        }
        out.push((text, (x, y)));
        x += w;
    }
    out
}

/// The target line's entry.
pub fn target(t: f64) -> Entry {
    Entry::new(Swatch::Dashed(super::style::TARGET), format!("Target {t}"))
}

/// Draws the legend right under the chart's head and returns where the plot may start:
/// `gap` pixels below the legend (room for the axis title).
pub fn draw_under_head<DB: DrawingBackend>(
    root: &Area<DB>,
    entries: &[Entry],
    gap: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    draw(root, entries, super::layout::HEAD_HEIGHT)?;
    Ok(super::layout::HEAD_HEIGHT + height(entries) + gap)
}

/// Draws the legend with its top at `top`.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, entries: &[Entry], top: i32) -> Drawn<DB> {
    let font = Font::new(size::LEGEND);
    for (e, (label, (dx, dy))) in entries.iter().zip(flow(entries)) {
        let (x, y) = (MARGIN + dx, top + dy + LINE / 2);
        let square =
            |c: RGBColor| Polygon::new(vec![(x, y - 11), (x + 22, y - 11), (x + 22, y + 11), (x, y + 11)], c.filled());
        match e.swatch {
            Swatch::Fill(c) => root.draw(&square(c))?,
            Swatch::Hollow(c) => {
                root.draw(&square(tint(c, 0.72)))?;
                let edge = vec![(x, y - 11), (x + 22, y - 11), (x + 22, y + 11), (x, y + 11), (x, y - 11)];
                root.draw(&PathElement::new(edge, c.stroke_width(3)))?;
            }
            Swatch::Dashed(c) => {
                root.draw(&DashedPathElement::new(vec![(x + 11, y - 14), (x + 11, y + 14)], 7, 4, c.stroke_width(3)))?
            }
            Swatch::Line(c, m) => {
                root.draw(&PathElement::new(vec![(x - 2, y), (x + 26, y)], c.stroke_width(3)))?;
                m.draw(root, (x + 12, y), 6, c)?;
            }
            Swatch::Rule(c) => root.draw(&PathElement::new(vec![(x - 2, y), (x + 26, y)], c.stroke_width(3)))?,
            Swatch::DashedRule(c) => {
                root.draw(&DashedPathElement::new(vec![(x - 2, y), (x + 26, y)], 7, 4, c.stroke_width(3)))?
            }
            Swatch::Point(c, m) => m.draw_edged(root, (x + 12, y), 7, c)?,
        }
        text(root, &label, (x + SWATCH, y), font, INK, left())?;
    }
    Ok(())
}
