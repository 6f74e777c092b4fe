//! One sheet per level of the org chart (`fields.levels`), named after the level
//! (`Areas`): its units ranked on the focus-month score, with the previous month's score,
//! the change and trend, the share of their stores on target, critical-failure visits,
//! the window's score when the run covers more than the focus month, the year to date
//! against last year's same months when the run holds both (as on Locations), and the stores
//! reported under each with their scores there. The Locations sheet's style and print
//! setup; only in a run whose rubric names `fields.levels`.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::hierarchy::{LevelView, UnitView};
use crate::target::TargetStatus;

use super::colours;
use super::locations::trend_word;
use super::style::{Columns, count, fit, number, row, score};
use super::text::{put, put_wrapped, word};
use super::view::View;
use super::ytd_columns;

/// The sheets already in a workbook, which a level's sheet must not be named as.
const TAKEN: [&str; 14] = [
    "Summary",
    "Alerts",
    "Actions",
    "Locations",
    "Sections",
    "Questions",
    "Trend",
    "Shoppers",
    "Visits",
    "Issues",
    "Issues by shopper",
    "Corrections",
    "Disputes",
    "About",
];

/// A sheet per level, top first.
pub fn sheets(v: &View) -> Result<Vec<Worksheet>, XlsxError> {
    let levels = v.summary.hierarchy();
    let mut names: Vec<String> = Vec::new();
    let mut sheets = Vec::new();
    for (k, level) in levels.iter().enumerate() {
        let name = sheet_name(level.name, &names);
        let parent = k.checked_sub(1).and_then(|p| levels.get(p)).map(|l| l.name);
        sheets.push(sheet(v, level, parent, &name)?);
        names.push(name);
    }
    Ok(sheets)
}

/// `Area` → `Areas`: the level's name made plural, cut to Excel's 31 characters without
/// the characters a sheet name cannot hold, and set apart from the workbook's other
/// sheets (and `taken`, the levels' before it) with ` (level)`.
pub fn sheet_name(level: &str, taken: &[String]) -> String {
    let clean: String = level.chars().map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c }).collect();
    let clean = clean.trim();
    let plural = match clean {
        "" => "Level".to_string(),
        c if c.ends_with('s') => c.to_string(),
        c => format!("{c}s"),
    };
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let free =
        |s: &str| !TAKEN.iter().any(|t| t.eq_ignore_ascii_case(s)) && !taken.iter().any(|t| t.eq_ignore_ascii_case(s));
    let name = cut(&plural, 31);
    if free(&name) {
        return name;
    }
    (1..)
        .map(|i| format!("{} (level{})", cut(&plural, 20), if i == 1 { String::new() } else { format!(" {i}") }))
        .find(|n| free(n))
        .unwrap_or(name)
}

fn sheet(v: &View, level: &LevelView, parent: Option<&str>, name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let mut cols = Columns::default();
    cols.add("Rank", 6.0);
    cols.add(level.name, fit(level.units.iter().map(|u| u.unit.name.as_str()), 14.0, 40.0));
    if let Some(p) = parent {
        cols.add(p, fit(level.units.iter().map(|u| u.unit.parent.as_deref().unwrap_or("")), 12.0, 40.0));
    }
    cols.add(v.now("Visits"), 8.0);
    cols.add(v.now("Score"), colours::width(v, 9.0));
    let target = v.rubric.target.is_some();
    if target {
        cols.add(v.now("Target status"), 13.0);
    }
    cols.add(v.now("Grade"), fit(v.rubric.grades.iter().map(|g| g.name.as_str()), 8.0, 30.0));
    let previous = v.previous();
    if let Some(p) = previous {
        cols.add(format!("Score {p}"), 9.0);
        cols.add(format!("Change since {p}"), 9.0);
        cols.add("Trend", 10.0);
    }
    if target {
        cols.add(v.now("Stores on target"), 9.0);
        cols.add(v.now("Share of stores on target"), 10.0);
    }
    cols.add(v.now("Critical failure visits"), 10.0);
    let window = v.window_label();
    if let Some(w) = &window {
        cols.add(format!("Score {w}"), 9.0);
    }
    if let Some(y) = &v.ytd {
        for (_, name, width) in ytd_columns::headers(y) {
            cols.add(name, width);
        }
    }
    cols.add(format!("{} (< {} scored visits)", v.now("Small sample"), v.summary.min_visits), 12.0);
    cols.add(v.now("Stores, with their scores there"), STORES_WIDTH);
    cols.write(&mut ws, 0, &v.styles)?;
    for (i, u) in level.units.iter().enumerate() {
        write_unit(&mut ws, v, row(i + 1), level.name, u, parent.is_some(), window.is_some())?;
    }
    ws.set_freeze_panes(1, 2)?;
    Ok(ws)
}

/// The width of the last column, the stores under each unit with their scores.
const STORES_WIDTH: f64 = 60.0;

/// One unit's row, in the columns [`sheet`] laid out.
fn write_unit(
    ws: &mut Worksheet,
    v: &View,
    r: u32,
    level: &str,
    u: &UnitView,
    parent: bool,
    window: bool,
) -> Result<(), XlsxError> {
    let st = &v.styles;
    let now = u.change.latest;
    let mut c = 0;
    let mut next = || {
        c += 1;
        c - 1
    };
    let rank = next();
    if let Some(n) = u.rank {
        ws.write_number_with_format(r, rank, n as f64, &st.center)?;
    }
    put(ws, r, next(), &View::label(&u.unit.name), st)?;
    if parent {
        put(ws, r, next(), &u.unit.parent.as_deref().map(crate::hierarchy::shown).unwrap_or_default(), st)?;
    }
    count(ws, r, next(), u.now.map_or(0, |t| t.visits))?;
    colours::score(ws, v, r, next(), now)?;
    if let Some(t) = v.rubric.target {
        let status = match u.now {
            None => "no visit",
            Some(_) => TargetStatus::of(now, Some(t)).map_or("", TargetStatus::word),
        };
        word(ws, r, next(), status, st)?;
    }
    word(ws, r, next(), v.grade(now).unwrap_or(""), st)?;
    if v.previous().is_some() {
        score(ws, r, next(), u.change.previous, st)?;
        number(ws, r, next(), u.change.change, &st.change)?;
        word(ws, r, next(), u.change.trend.map_or("", trend_word), st)?;
    }
    if v.rubric.target.is_some() {
        let (on, of) = u.on_target.unwrap_or((0, 0));
        put(ws, r, next(), &format!("{on} of {of}"), st)?;
        score(ws, r, next(), u.on_target_share(), st)?;
    }
    count(ws, r, next(), u.now.map_or(0, |t| t.critical_visits))?;
    if window {
        score(ws, r, next(), u.unit.window.score.value(), st)?;
    }
    if let Some(y) = &v.ytd {
        let p = y.unit(level, u.path);
        for (kind, _, _) in ytd_columns::headers(y) {
            ytd_columns::cell(ws, r, next(), kind, p, st)?;
        }
    }
    word(ws, r, next(), super::style::yes_no(Some(u.small_sample())), st)?;
    let stores: Vec<String> = u
        .locations
        .iter()
        .map(|(l, t)| format!("{} {}", View::label(l), crate::number::one_decimal(t.score.value())))
        .collect();
    let stores = stores.join("; ");
    put_wrapped(ws, r, next(), &stores, st)?;
    // As tall as the wrapped list needs, so it neither runs into the header above nor
    // hides behind the next row (printed, as on screen).
    super::style::Listing::fit_row(ws, r, &[(&stores, STORES_WIDTH)])
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn a_level_sheet_is_its_plural_name_apart_from_the_others() {
        assert_eq!(sheet_name("Area", &[]), "Areas");
        assert_eq!(sheet_name("Regions", &[]), "Regions");
        assert_eq!(sheet_name("Section", &[]), "Sections (level)", "the Sections sheet is taken");
        assert_eq!(sheet_name("Zone/District", &["Zone Districts".into()]), "Zone Districts (level)");
        assert_eq!(sheet_name("  ", &[]), "Level");
        assert_eq!(sheet_name(&"x".repeat(40), &[]).chars().count(), 31);
    }
}
