//! The Summary's headline tiles: one large figure each for the focus month, its change since
//! the previous month (a number cell whose format names the month: `+1.2 vs 2026-09`), and a
//! note in words (with the palette colour where the figure has a meaning: on/under target,
//! the grade band). The window's score gets its own tile, labelled with the window, only
//! when the window holds more than the focus month.

use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

use super::{Page, TILE_COLUMNS, fill};
use crate::report::palette::{self, Rgb};
use crate::target::TargetStatus;

/// A tile's large figure.
enum Figure {
    Score(Option<f64>),
    Count(u64),
    /// A word, with its palette colour.
    Word(String, Option<Rgb>),
}

/// The line under the figure: a number shown as a change since the previous month, or words.
enum Below {
    Score(Option<f64>),
    Count(Option<i64>),
    Words(String),
}

struct Tile {
    label: String,
    figure: Figure,
    change: Below,
    /// Words, with the palette colour they explain.
    note: (String, Option<Rgb>),
}

/// Writes the tiles from `r` (four rows: label, figure, change, note).
pub(super) fn write(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<(), XlsxError> {
    let f = &p.formats;
    ws.set_row_height(r, 30)?;
    ws.set_row_height(r + 1, 40)?;
    for (&(c0, c1), tile) in TILE_COLUMNS.iter().zip(tiles(p)) {
        ws.merge_range(r, c0, r, c1, &tile.label, &f.tile_label.clone().set_text_wrap())?;
        let figure = match &tile.figure {
            Figure::Word(_, Some(colour)) => fill(&f.tile_figure, *colour),
            Figure::Count(_) => f.tile_figure.clone().set_num_format("#,##0"),
            _ => f.tile_figure.clone(),
        };
        ws.merge_range(r + 1, c0, r + 1, c1, "", &figure)?;
        match &tile.figure {
            Figure::Score(Some(s)) if s.is_finite() => {
                ws.write_number_with_format(r + 1, c0, *s, &figure)?;
            }
            Figure::Score(_) => {
                ws.write_string_with_format(r + 1, c0, "no score", &figure)?;
            }
            Figure::Count(n) => {
                ws.write_number_with_format(r + 1, c0, *n as f64, &figure)?;
            }
            Figure::Word(w, _) => {
                super::put_in(ws, r + 1, c0, w, &figure)?;
            }
        }
        change(ws, p, (r + 2, c0, c1), &tile.change)?;
        let note = match tile.note.1 {
            Some(colour) => fill(&f.tile_note, colour),
            None => f.tile_note.clone(),
        };
        ws.merge_range(r + 3, c0, r + 3, c1, "", &note)?;
        super::put_in(ws, r + 3, c0, &tile.note.0, &note)?;
    }
    Ok(())
}

/// The change line of a tile at (row, first column, last column).
fn change(ws: &mut Worksheet, p: &Page, at: (RowNum, ColNum, ColNum), below: &Below) -> Result<(), XlsxError> {
    let (r, c0, c1) = at;
    let f = &p.formats.tile_text;
    let versus = p.versus();
    let number = |decimals: &str| {
        let vs = versus.as_deref().unwrap_or("");
        f.clone().set_num_format(format!("+{decimals}\" {vs}\";-{decimals}\" {vs}\";\"no change {vs}\""))
    };
    let (value, format) = match below {
        Below::Score(Some(d)) if d.is_finite() => (Some(*d), number("0.0")),
        Below::Count(Some(d)) => (Some(*d as f64), number("#,##0")),
        _ => (None, f.clone()),
    };
    ws.merge_range(r, c0, r, c1, "", &format)?;
    match (value, below, &versus) {
        (Some(v), _, _) => ws.write_number_with_format(r, c0, v, &format).map(|_| ()),
        (None, Below::Words(w), _) => super::put_in(ws, r, c0, w, &format),
        (None, _, Some(vs)) => ws.write_string_with_format(r, c0, format!("no figure {vs}"), &format).map(|_| ()),
        (None, _, None) => ws.write_string_with_format(r, c0, "no previous month", &format).map(|_| ()),
    }
}

/// The tiles, left to right.
fn tiles(p: &Page) -> Vec<Tile> {
    let (v, now, label) = (p.v, p.now, &p.label);
    let score = now.score.value();
    let before = p.before;
    let count_change = |a: u64, b: Option<u64>| b.map(|b| a as i64 - b as i64);
    let mut tiles = Vec::with_capacity(6);

    let status = TargetStatus::of(score, v.rubric.target);
    let note = match (status, v.rubric.target) {
        (Some(s), Some(t)) => (format!("{} ({t})", s.word()), Some(palette::status(s))),
        _ => (format!("scored visits: {}", crate::number::thousands(now.score.n)), None),
    };
    tiles.push(Tile {
        label: format!("Score {label}"),
        figure: Figure::Score(score),
        change: Below::Score(p.change.and_then(|c| c.change)),
        note,
    });

    let grade = p.grade(score);
    let before_grade = before.and_then(|g| p.grade(g.score.value())).map(|(name, _)| name);
    let grade_note = match score.and_then(|s| v.rubric.grade_index(s)).and_then(|i| v.rubric.grades.get(i)) {
        Some(band) => format!("a score of {} or more", band.min),
        None => "no grade band".to_string(),
    };
    tiles.push(Tile {
        label: format!("Grade {label}"),
        figure: Figure::Word(grade.map_or("none", |(n, _)| n).to_string(), grade.map(|(_, c)| c)),
        change: match (p.previous, before_grade) {
            (Some(prev), Some(g)) => Below::Words(format!("{g} in {prev}")),
            _ => Below::Score(None),
        },
        note: (grade_note, None),
    });

    tiles.push(Tile {
        label: format!("Visits {label}"),
        figure: Figure::Count(now.visits),
        change: Below::Count(count_change(now.visits, before.map(|g| g.visits))),
        note: (format!("{} with a score", crate::number::thousands(now.score.n)), None),
    });

    let share = (now.visits > 0).then(|| 100.0 * now.critical_visits as f64 / now.visits as f64);
    tiles.push(Tile {
        label: format!("Visits with a critical failure {label}"),
        figure: Figure::Count(now.critical_visits),
        change: Below::Count(count_change(now.critical_visits, before.map(|g| g.critical_visits))),
        note: (share.map_or(String::new(), |s| format!("{s:.1}% of visits")), None),
    });

    let scored: Vec<TargetStatus> = p.ranked.iter().filter_map(|h| p.status(h)).collect();
    if v.rubric.target.is_some() {
        let n = |s: TargetStatus| scored.iter().filter(|x| **x == s).count();
        let below = (n(TargetStatus::Near) + n(TargetStatus::Under)) as u64;
        tiles.push(Tile {
            label: format!("Stores below target {label}"),
            figure: Figure::Count(below),
            change: Below::Count(count_change(below, p.below_target_before())),
            note: (
                format!("{} under, {} near, of {}", n(TargetStatus::Under), n(TargetStatus::Near), scored.len()),
                None,
            ),
        });
    } else {
        let with_score = p.ranked.iter().filter(|h| h.score().is_some()).count() as u64;
        tiles.push(Tile {
            label: format!("Stores with a score {label}"),
            figure: Figure::Count(with_score),
            change: Below::Words("the rubric sets no target".to_string()),
            note: (String::new(), None),
        });
    }

    if let Some(f) = v.focus.as_ref().filter(|f| f.split()) {
        let all = &v.agg.overall;
        tiles.push(Tile {
            label: format!("Score {}", f.window_label()),
            figure: Figure::Score(all.score.value()),
            change: Below::Words(match f.undated {
                0 => format!("all {} read", crate::number::counted(f.window.len() as u64, "month", "months")),
                n => format!(
                    "{} + {} undated",
                    crate::number::counted(f.window.len() as u64, "month", "months"),
                    crate::number::thousands(n)
                ),
            }),
            note: (format!("visits: {}", crate::number::thousands(all.visits)), None),
        });
    }
    tiles
}
