//! Sheet 3, Sections: every location's score per section (mean of its visits' section
//! scores, as summary.json has them), then every region and the overall row, as a heat
//! map: red for the weakest, green for the strongest.

use rust_xlsxwriter::{ConditionalFormat3ColorScale, Worksheet, XlsxError};

use crate::aggregate::Group;

use super::style::{self, col, count, fit, header, score};
use super::text::put;
use super::view::View;

/// Columns before the first section.
const FIXED: usize = 5;

pub fn sheet(v: &View) -> Result<Worksheet, XlsxError> {
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Sections")?;
    let mut headers = vec!["Level", "Name", "Region", "Visits", "Score"];
    headers.extend(v.rubric.sections.iter().map(|s| s.title.as_str()));
    header(&mut ws, 0, &headers, st)?;
    let names = v.ranking.iter().map(|(n, _)| *n).chain(v.agg.regions.keys().map(String::as_str));
    let mut widths = vec![10.0, fit(names, 14.0, 40.0), 12.0, 8.0, 8.0];
    widths.extend(v.rubric.sections.iter().map(|_| 13.0));
    style::widths(&mut ws, &widths)?;
    ws.set_row_height(0, 45)?;

    let locations = v.ranking.iter().map(|(name, g)| ("Location", View::label(name), v.region(name), *g));
    // Without region data (every visit in the blank region) a region row repeats the overall.
    let no_regions = v.agg.regions.keys().all(String::is_empty);
    let regions = v.agg.regions.iter().filter(|_| !no_regions).map(|(name, g)| ("Region", View::label(name), "", g));
    let overall = std::iter::once(("Overall", "All visits".to_string(), "", &v.agg.overall));
    let mut r = 0;
    for (level, name, region, g) in locations.chain(regions).chain(overall) {
        r += 1;
        line(&mut ws, v, r, [level, &name, region], g)?;
    }
    if !v.rubric.sections.is_empty() && r > 0 {
        let last_col = col(FIXED + v.rubric.sections.len() - 1);
        // Excel's own red-yellow-green scale: lowest red, median yellow, highest green.
        let heat = ConditionalFormat3ColorScale::new()
            .set_minimum_color(0xF8696B)
            .set_midpoint_color(0xFFEB84)
            .set_maximum_color(0x63BE7B);
        ws.add_conditional_format(1, col(FIXED), r, last_col, &heat)?;
    }
    Ok(ws)
}

fn line(ws: &mut Worksheet, v: &View, r: u32, text: [&str; 3], g: &Group) -> Result<(), XlsxError> {
    let st = &v.styles;
    for (c, t) in (0..).zip(text) {
        put(ws, r, c, t, st)?;
    }
    count(ws, r, 3, g.visits)?;
    score(ws, r, 4, g.score.value(), st)?;
    for (i, m) in g.sections.iter().enumerate() {
        score(ws, r, col(FIXED + i), m.value(), st)?;
    }
    Ok(())
}
