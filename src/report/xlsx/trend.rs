//! Sheet 5, Trend (only when the run spans several months): every location's score per
//! month, then the overall score per month, with a line chart. Visits with an unknown date
//! have no month and are left out here (they count everywhere else).

use rust_xlsxwriter::{Chart, ChartFormat, ChartLine, ChartType, Color, Worksheet, XlsxError};

use super::style::{self, col, fit, header, row, score};
use super::text::put;
use super::view::View;

/// Up to this many locations get a line of their own in the chart; beyond, only the overall
/// line is drawn, as dozens of lines cannot be told apart.
const CHART_LOCATIONS: usize = 12;

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    if !v.has_trend() {
        return Ok(None);
    }
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Trend")?;
    let mut headers = vec!["Location", "Region"];
    headers.extend(v.periods.iter().copied());
    header(&mut ws, 0, &headers, st)?;
    let mut widths = vec![fit(v.ranking.iter().map(|(n, _)| *n), 14.0, 40.0), 12.0];
    widths.extend(v.periods.iter().map(|_| 10.0));
    style::widths(&mut ws, &widths)?;
    // Rows follow the ranking, as the Locations sheet's sparklines expect.
    for (i, (name, _)) in v.ranking.iter().enumerate() {
        let r = row(i + 1);
        put(&mut ws, r, 0, &View::label(name), st)?;
        put(&mut ws, r, 1, v.region(name), st)?;
        for (c, p) in (2..).zip(&v.periods) {
            score(&mut ws, r, c, v.period_score(name, p), st)?;
        }
    }
    let overall = row(v.ranking.len() + 1);
    ws.write_string_with_format(overall, 0, "Overall", &st.block)?;
    for (c, p) in (2..).zip(&v.periods) {
        score(&mut ws, overall, c, v.agg.periods.get(*p).and_then(|g| g.score.value()), st)?;
    }
    ws.insert_chart(overall + 2, 0, &chart(v, overall))?;
    Ok(Some(ws))
}

fn chart(v: &View, overall: u32) -> Chart {
    let last_col = col(v.periods.len() + 1);
    let mut chart = Chart::new(ChartType::Line);
    let mut rows: Vec<u32> = Vec::new();
    if v.ranking.len() <= CHART_LOCATIONS {
        rows.extend((1..=v.ranking.len()).map(row));
    }
    rows.push(overall);
    for r in rows {
        let series = chart
            .add_series()
            .set_name(("Trend", r, 0))
            .set_categories(("Trend", 0, 2, 0, last_col))
            .set_values(("Trend", r, 2, r, last_col));
        if r == overall {
            series.set_format(ChartFormat::new().set_line(ChartLine::new().set_width(3.5).set_color(Color::Black)));
        }
    }
    let title = if v.ranking.len() <= CHART_LOCATIONS { "Score by month" } else { "Overall score by month" };
    chart.title().set_name(title);
    chart.y_axis().set_num_format("0");
    chart.set_width(720).set_height(360);
    chart
}
