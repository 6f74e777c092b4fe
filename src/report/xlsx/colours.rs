//! How the Locations, Sections and Trend sheets colour a score: against the rubric's target
//! (on / near / under, [`TargetStatus`]) when it has one, else by its grade band, always
//! in the colours of [`crate::report::palette`], one fill per cell, with the status's
//! symbol in the cell and a legend in words on the sheet. The colour is scaled to the
//! rubric's target or bands, never to the sheet's own lowest and highest numbers.

use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

use crate::target::{NEAR_WITHIN, TargetStatus};

use super::style;
use super::view::View;

/// The fill of a score: its status against the target, or its grade band without a target.
pub fn fill<'v>(v: &'v View, score: f64) -> &'v Format {
    match TargetStatus::of(Some(score), v.rubric.target) {
        Some(s) => v.fills.status(s),
        None => v.fills.grade(v.rubric.grade_index(score)),
    }
}

/// The width (Excel's character units) of a column of coloured scores, at least `min`:
/// without a target a score shows its band's name after it (`68.0 Needs work`), which the
/// column must hold, or the spreadsheet shows `###`.
pub fn width(v: &View, min: f64) -> f64 {
    if v.rubric.target.is_some() {
        return min;
    }
    let longest = v.rubric.grades.iter().map(|g| g.name.chars().count()).max().unwrap_or(0);
    // "100.0 " and the name, with a character's margin either side.
    min.max(6.0 + longest as f64 + 2.0)
}

/// A score in its colour; an empty cell without a fill when there is none.
pub fn score(ws: &mut Worksheet, v: &View, row: RowNum, col: ColNum, score: Option<f64>) -> Result<(), XlsxError> {
    match score.filter(|s| s.is_finite()) {
        Some(s) => style::number(ws, row, col, Some(s), fill(v, s)),
        None => Ok(()),
    }
}

/// What each colour means, from `row` down: the colour with its word in column `col`, the
/// scores it stands for beside it; returns the row after the legend.
pub fn legend(ws: &mut Worksheet, v: &View, mut row: RowNum, col: ColNum) -> Result<RowNum, XlsxError> {
    let lines: Vec<(String, String, &Format)> = match v.rubric.target {
        Some(t) => {
            let near = t - NEAR_WITHIN;
            [
                (TargetStatus::On, format!("{t} or more")),
                (TargetStatus::Near, format!("above {near}, below {t}")),
                (TargetStatus::Under, format!("{near} or less")),
            ]
            .into_iter()
            .map(|(s, rule)| (format!("{} {}", s.symbol(), s.word()), rule, v.fills.status(s)))
            .collect()
        }
        None => v
            .rubric
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.clone(), format!("{} or more", g.min), v.fills.grade(Some(i))))
            .collect(),
    };
    if lines.is_empty() {
        return Ok(row);
    }
    ws.write_string_with_format(row, col, "Colours", &v.styles.block)?;
    row += 1;
    for (name, rule, format) in lines {
        ws.write_string_with_format(row, col, super::text::cut(&name), format)?;
        ws.write_string(row, col.saturating_add(1), rule)?;
        row += 1;
    }
    Ok(row)
}
