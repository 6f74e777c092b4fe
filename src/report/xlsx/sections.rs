//! Sheet 3, Sections: every location's score per section in the focus month (mean of its
//! visits' section scores, as summary.json has them), then every region and the overall
//! row, as a heat map coloured against the target (or by grade band without one, see
//! [`colours`]); when the run covers more than the focus month, the same table for the
//! whole window follows under its own title.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::aggregate::Group;
use crate::focus::Headline;

use super::colours;
use super::style::{Columns, col, count, fit};
use super::text::put;
use super::view::View;

/// Columns before the first section.
const FIXED: usize = 5;

/// A row: level, name, region, and the totals it shows (`None`: no visit in the period).
type Line<'a> = (&'static str, String, &'a str, Option<&'a Group>);

pub fn sheet(v: &View) -> Result<Worksheet, XlsxError> {
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Sections")?;
    let mut cols = columns(v, |what| v.now(what));
    let window = v.window_label().map(|w| (columns(v, |what| format!("{what} {w}")), w));
    if let Some((other, _)) = &window {
        cols.widen_to(other);
    }
    cols.write(&mut ws, 0, st)?;
    let mut r = 0;
    for l in &rows(v, |h| h.now, |name| v.region_now(name), v.overall_now()) {
        r += 1;
        line(&mut ws, v, r, l)?;
    }
    if let Some((other, label)) = &window {
        r += 2;
        ws.write_string_with_format(r, 0, format!("The whole window, {label}"), &st.block)?;
        r += 1;
        other.write_again(&mut ws, r, st)?;
        let a = v.agg;
        for l in &rows(v, |h| h.window, |name| a.regions.get(name), Some(&a.overall)) {
            r += 1;
            line(&mut ws, v, r, l)?;
        }
    }
    colours::legend(&mut ws, v, r + 2, 1)?;
    Ok(ws)
}

/// The header: `label` names a figure with its period.
fn columns(v: &View, label: impl Fn(&str) -> String) -> Columns {
    let mut cols = Columns::default();
    let names = v.headlines.iter().map(|h| h.key).chain(v.agg.regions.keys().map(String::as_str));
    cols.add("Level", 9.0);
    cols.add("Name", fit(names, 14.0, 40.0));
    cols.add("Region", fit(v.headlines.iter().map(|h| v.region(h.key)), 10.0, 30.0));
    cols.add(label("Visits"), 8.0);
    cols.add(label("Score"), colours::width(v, 9.0));
    for s in &v.rubric.sections {
        cols.add(label(&s.title), colours::width(v, 10.0));
    }
    cols
}

/// The location rows (in the Locations sheet's order), the region rows and the overall row,
/// with the totals `location`, `region` and `overall` give.
fn rows<'a>(
    v: &View<'a>,
    location: impl Fn(&Headline<'a>) -> Option<&'a Group>,
    region: impl Fn(&str) -> Option<&'a Group>,
    overall: Option<&'a Group>,
) -> Vec<Line<'a>> {
    let mut list: Vec<Line<'a>> =
        v.headlines.iter().map(|h| ("Location", View::label(h.key), v.region(h.key), location(h))).collect();
    // Without region data (every visit in the blank region) a region row repeats the overall.
    if !v.agg.regions.keys().all(String::is_empty) {
        list.extend(v.agg.regions.keys().map(|name| ("Region", View::label(name), "", region(name))));
    }
    list.push(("Overall", "All visits".to_string(), "", overall));
    list
}

fn line(ws: &mut Worksheet, v: &View, r: u32, (level, name, region, g): &Line) -> Result<(), XlsxError> {
    let st = &v.styles;
    for (c, t) in (0..).zip([*level, name.as_str(), region]) {
        put(ws, r, c, t, st)?;
    }
    count(ws, r, 3, g.map_or(0, |g| g.visits))?;
    let Some(g) = g else { return Ok(()) };
    colours::score(ws, v, r, 4, g.score.value())?;
    for (i, m) in g.sections.iter().enumerate() {
        colours::score(ws, v, r, col(FIXED + i), m.value())?;
    }
    Ok(())
}
