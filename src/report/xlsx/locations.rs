//! Sheet 2, Locations: the ranked location table (as on the terminal and in summary.json),
//! red-amber-green against the target with data bars, the change since the previous month
//! and a sparkline of each location's monthly scores when the run spans several months.

use rust_xlsxwriter::{
    ColNum, ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatDataBar, ConditionalFormatType,
    Sparkline, Worksheet, XlsxError,
};

use super::style::{self, count, fit, header, number, row, score};
use super::text::put;
use super::view::View;

/// Column of the score, which the Summary chart plots.
pub const SCORE_COL: ColNum = 4;

/// Points below the target still shown amber rather than red.
pub const AMBER_BAND: f64 = 10.0;

/// The previous period of the run's comparison, when there is one: the change and trend
/// columns show only then.
fn previous<'a>(v: &View<'a>) -> Option<&'a str> {
    v.summary.comparison.as_ref().and_then(|c| c.previous_period.as_deref())
}

pub fn sheet(v: &View) -> Result<Worksheet, XlsxError> {
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Locations")?;
    let change = previous(v).map(|prev| format!("Change since {prev}"));
    let mut headers = vec!["Rank", "Location", "Region", "Visits", "Score", "Grade", "On target"];
    if let Some(c) = &change {
        headers.extend([c.as_str(), "Trend"]);
    }
    headers.push("Critical failure visits");
    if v.rubric.target.is_some() {
        headers.push("Target");
    }
    if v.has_trend() {
        headers.push("Monthly trend");
    }
    let small = format!("Small sample (< {} scored visits)", v.summary.min_visits);
    headers.extend(["95% interval low", "95% interval high", small.as_str()]);
    let names = fit(v.ranking.iter().map(|(n, _)| *n), 14.0, 40.0);
    let regions = fit(v.ranking.iter().map(|(n, _)| v.region(n)), 10.0, 30.0);
    let mut w = vec![6.0, names, regions, 8.0, 8.0, 12.0, 10.0];
    if change.is_some() {
        w.extend([12.0, 10.0]);
    }
    w.extend([12.0, 8.0, 18.0, 10.0, 10.0, 14.0]);
    style::widths(&mut ws, &w)?;
    header(&mut ws, 0, &headers, st)?;
    ws.set_row_height(0, 30)?;
    for (i, (name, g)) in v.ranking.iter().enumerate() {
        let r = row(i + 1);
        let s = g.score.value();
        count(&mut ws, r, 0, i as u64 + 1)?;
        put(&mut ws, r, 1, &View::label(name), st)?;
        put(&mut ws, r, 2, v.region(name), st)?;
        count(&mut ws, r, 3, g.visits)?;
        score(&mut ws, r, SCORE_COL, s, st)?;
        put(&mut ws, r, 5, v.grade(s).unwrap_or(""), st)?;
        put(&mut ws, r, 6, style::yes_no(v.on_target(s)), st)?;
        let mut c = 7;
        if change.is_some() {
            // The run's comparison, the same numbers as summary.json and the table.
            let found = v.summary.comparison.as_ref().and_then(|cmp| cmp.location(name));
            number(&mut ws, r, c, found.and_then(|l| l.change), &st.change)?;
            let trend = found.and_then(|l| l.trend).map_or("", trend_word);
            put(&mut ws, r, c + 1, trend, st)?;
            c += 2;
        }
        count(&mut ws, r, c, g.critical_visits)?;
        c += 1;
        if let Some(t) = v.rubric.target {
            score(&mut ws, r, c, Some(t), st)?;
            c += 1;
        }
        if v.has_trend() {
            let periods = super::style::col(v.periods.len() + 1);
            ws.add_sparkline(r, c, &Sparkline::new().set_range(("Trend", r, 2, r, periods)).show_markers(true))?;
            c += 1;
        }
        // The same interval and small-sample mark as summary.json.
        let ci = crate::stats::mean_ci95(&g.score);
        score(&mut ws, r, c, ci.map(|(lo, _)| lo), st)?;
        score(&mut ws, r, c + 1, ci.map(|(_, hi)| hi), st)?;
        put(&mut ws, r, c + 2, style::yes_no(Some(g.score.n < v.summary.min_visits)), st)?;
    }
    formats(&mut ws, v)?;
    Ok(ws)
}

/// Red-amber-green against the target and data bars (0-100), on the scored locations (the
/// ranking puts them first), so a location without a score is not shown red.
fn formats(ws: &mut Worksheet, v: &View) -> Result<(), XlsxError> {
    let scored = v.ranking.iter().filter(|(_, g)| g.score.n > 0).count();
    if scored == 0 {
        return Ok(());
    }
    let (first, last, st) = (1, row(scored), &v.styles);
    if let Some(t) = v.rubric.target {
        let rules = [
            (ConditionalFormatCellRule::GreaterThanOrEqualTo(t), &st.good),
            (ConditionalFormatCellRule::LessThan(t - AMBER_BAND), &st.bad),
            (ConditionalFormatCellRule::Between(t - AMBER_BAND, t), &st.amber),
        ];
        for (rule, format) in rules {
            let cf = ConditionalFormatCell::new().set_rule(rule).set_format(format);
            ws.add_conditional_format(first, SCORE_COL, last, SCORE_COL, &cf)?;
        }
    }
    let bars = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 100)
        .set_fill_color("5B9BD5");
    ws.add_conditional_format(first, SCORE_COL, last, SCORE_COL, &bars)?;
    Ok(())
}

/// The trend flag as the sheet shows it.
pub fn trend_word(t: crate::compare::Trend) -> &'static str {
    match t {
        crate::compare::Trend::Improved => "improved",
        crate::compare::Trend::Declined => "declined",
        crate::compare::Trend::Steady => "steady",
    }
}
