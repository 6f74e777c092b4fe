//! Sheet 5, Trend (only when the run spans several months): every location's score per
//! month (in the Locations sheet's order, whose sparklines read these rows), then the
//! overall score per month, coloured as the other sheets ([`colours`]), with a line chart.
//! Visits with an unknown date have no month and are left out here (they count everywhere
//! else).

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType, ChartSolidFill, ChartType, Color,
    Worksheet, XlsxError,
};

use super::colours;
use super::style::{Columns, col, fit, row};
use super::text::put;
use super::view::View;

/// Up to this many locations get a line each; beyond, the chart shows the best and the
/// worst [`EACH_END`] of the focus month, as a dozen lines cannot be told apart.
const ALL_LINES: usize = 6;

/// Locations drawn at each end of the ranking when not all are.
const EACH_END: usize = 3;

/// The lines' colours: Okabe and Ito's colour-blind-safe set (its yellow left out, too pale
/// on white). They tell locations apart and say nothing about grade or target.
const LINE_COLOURS: [u32; 6] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0xD55E00, 0x56B4E9];

/// One marker shape per line, so lines differ without colour too.
const MARKERS: [ChartMarkerType; 6] = [
    ChartMarkerType::Circle,
    ChartMarkerType::Square,
    ChartMarkerType::Diamond,
    ChartMarkerType::Triangle,
    ChartMarkerType::X,
    ChartMarkerType::Star,
];

pub fn sheet(v: &View) -> Result<Option<Worksheet>, XlsxError> {
    if !v.has_trend() {
        return Ok(None);
    }
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Trend")?;
    let mut cols = Columns::default();
    cols.add("Location", fit(v.headlines.iter().map(|h| h.key), 14.0, 40.0));
    cols.add("Region", fit(v.headlines.iter().map(|h| v.region(h.key)), 10.0, 30.0));
    for p in &v.periods {
        cols.add(*p, colours::width(v, 10.0));
    }
    cols.write(&mut ws, 0, st)?;
    for (i, h) in v.headlines.iter().enumerate() {
        let r = row(i + 1);
        put(&mut ws, r, 0, &View::label(h.key), st)?;
        put(&mut ws, r, 1, v.region(h.key), st)?;
        for (c, p) in (2..).zip(&v.periods) {
            colours::score(&mut ws, v, r, c, v.period_score(h.key, p))?;
        }
    }
    let overall = row(v.headlines.len() + 1);
    ws.write_string_with_format(overall, 0, "Overall", &st.block)?;
    for (c, p) in (2..).zip(&v.periods) {
        colours::score(&mut ws, v, overall, c, v.agg.periods.get(*p).and_then(|g| g.score.value()))?;
    }
    // The legend beside the table, the chart below it: one page when printed.
    let legend = col(v.periods.len() + 3);
    colours::legend(&mut ws, v, 1, legend)?;
    ws.set_column_width(legend, 16)?;
    ws.insert_chart(overall + 2, 0, &chart(v, overall))?;
    Ok(Some(ws))
}

/// The rows of the locations drawn: all of them when few, else the best and worst
/// [`EACH_END`] with a focus-month score.
fn drawn(v: &View) -> Vec<u32> {
    let n = v.headlines.len();
    if n <= ALL_LINES {
        return (1..=n).map(row).collect();
    }
    let scored = v.headlines.iter().take_while(|h| h.score().is_some() && h.is_store()).count();
    let worst = scored.saturating_sub(EACH_END).max(EACH_END.min(scored));
    (1..=EACH_END.min(scored)).chain(worst + 1..=scored).map(row).collect()
}

fn chart(v: &View, overall: u32) -> Chart {
    let last_col = col(v.periods.len() + 1);
    let mut chart = Chart::new(ChartType::Line);
    let rows = drawn(v);
    let best = EACH_END.min(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let colour = Color::RGB(LINE_COLOURS[i % LINE_COLOURS.len()]);
        let mut line = ChartLine::new();
        line.set_width(2.0).set_color(colour);
        if v.headlines.len() > ALL_LINES && i >= best {
            line.set_dash_type(ChartLineDashType::Dash);
        }
        let mut marker = ChartMarker::new();
        marker.set_type(MARKERS[i % MARKERS.len()]).set_size(7).set_format(&mut fill(colour));
        chart
            .add_series()
            .set_name(("Trend", *r, 0))
            .set_categories(("Trend", 0, 2, 0, last_col))
            .set_values(("Trend", *r, 2, *r, last_col))
            .set_format(ChartFormat::new().set_line(&line))
            .set_marker(&marker);
    }
    let mut dot = ChartMarker::new();
    dot.set_type(ChartMarkerType::Circle).set_size(8).set_format(&mut fill(Color::Black));
    chart
        .add_series()
        .set_name(("Trend", overall, 0))
        .set_categories(("Trend", 0, 2, 0, last_col))
        .set_values(("Trend", overall, 2, overall, last_col))
        .set_format(ChartFormat::new().set_line(ChartLine::new().set_width(3.5).set_color(Color::Black)))
        .set_marker(&dot);
    let title = match &v.focus {
        Some(f) if v.headlines.len() > ALL_LINES => {
            format!(
                "Score by month: the best and worst {EACH_END} locations of {} (worst dashed), and overall",
                f.label()
            )
        }
        _ => "Score by month".to_string(),
    };
    chart.title().set_name(&title);
    chart.y_axis().set_num_format("0");
    // From the ten below the lowest point drawn, so the lines are apart.
    let lowest = rows.iter().chain([&overall]).flat_map(|r| scores(v, *r)).fold(f64::INFINITY, f64::min);
    if lowest.is_finite() {
        chart.y_axis().set_min(((lowest / 10.0).floor() * 10.0).clamp(0.0, 90.0));
    }
    if v.rubric.bonus_cap {
        // No score passes 100.
        chart.y_axis().set_max(100);
    }
    chart.set_width(720).set_height(320);
    chart
}

/// The scores of Trend row `r` (a location's, or the overall row past them).
fn scores(v: &View, r: u32) -> Vec<f64> {
    match v.headlines.get((r as usize).wrapping_sub(1)) {
        Some(h) => v.periods.iter().filter_map(|p| v.period_score(h.key, p)).collect(),
        None => v.periods.iter().filter_map(|p| v.agg.periods.get(*p)?.score.value()).collect(),
    }
}

/// A marker's solid fill.
fn fill(colour: Color) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(colour));
    f
}
