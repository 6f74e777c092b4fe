//! Sheet 4, Questions: every question of the rubric with its pass rate in the focus month
//! and how its answers went then (scored, failed, N/A, missing, invalid), the previous
//! month's pass rate and the change, weakest first, bonus questions last and marked (a
//! bonus adds points and cannot fail: it is never a weakness, and its unearned answers are
//! not counted as failed, SCORING.md §6), with a bar chart of the pass rates below.

use rust_xlsxwriter::{Chart, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Color, Worksheet, XlsxError};

use crate::aggregate::QuestionStats;
use crate::compare::Change;
use crate::report::palette::NO_BAND;
use crate::rubric::Question;

use super::style::{self, Columns, count, fit, number, row, score};
use super::text::word;
use super::text::{self, put};
use super::view::View;

/// Column of the focus-month pass rate, which the chart plots.
const PASS_RATE_COL: u16 = 7;

/// Width of the question text column; the text wraps within it.
const TEXT_WIDTH: f64 = 44.0;

/// A question nobody answered.
static UNANSWERED: QuestionStats =
    QuestionStats { fraction_sum: 0.0, scored: 0, na: 0, missing: 0, invalid: 0, failed: 0 };

/// Indices of the rubric's questions, weakest first: by focus-month pass rate, lowest
/// first, then those with no scored answer that month; bonus questions after all the
/// others, in the same order; ties in rubric order.
pub fn order(v: &View) -> Vec<usize> {
    let stats = stats(v);
    let rate = |i: usize| stats.get(i).and_then(QuestionStats::pass_rate);
    let bonus = |i: usize| v.rubric.questions.get(i).is_some_and(|q| q.bonus);
    let mut order: Vec<usize> = (0..v.rubric.questions.len()).collect();
    // A stable sort keeps rubric order for ties.
    order.sort_by(|&a, &b| {
        bonus(a).cmp(&bonus(b)).then(match (rate(a), rate(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (x, y) => y.is_some().cmp(&x.is_some()),
        })
    });
    order
}

/// The focus month's answers per question (the whole run's when nothing is dated).
fn stats<'a>(v: &View<'a>) -> &'a [QuestionStats] {
    v.overall_now().map_or(&[], |g| g.questions.as_slice())
}

/// Failed answers as the sheet shows them: none at all for a bonus question, whose cell is
/// left empty (the aggregates count no failure for it either: an unearned bonus answer is
/// not a failure).
pub fn failed(q: &Question, stats: &QuestionStats) -> Option<u64> {
    (!q.bonus).then_some(stats.failed)
}

/// The sheet's columns; `previous` and `window` are the comparison and window labels shown.
fn columns(v: &View, previous: Option<&str>, window: Option<&str>) -> Columns {
    let mut cols = Columns::default();
    cols.add("Question", fit(v.rubric.questions.iter().map(|q| q.id.as_str()), 10.0, 30.0));
    cols.add("Section", fit(v.rubric.sections.iter().map(|s| s.title.as_str()), 10.0, 32.0));
    cols.add("Text", TEXT_WIDTH);
    cols.add("Type", 8.0);
    cols.add("Points", 7.0);
    cols.add("Critical", 8.0);
    cols.add("Bonus", 7.0);
    cols.add(format!("{} (%)", v.now("Pass rate")), 9.0);
    if let Some(p) = previous {
        cols.add(format!("Pass rate {p} (%)"), 9.0);
        cols.add(format!("Change since {p}"), 9.0);
    }
    for what in ["Scored", "Failed", "N/A", "Missing", "Invalid"] {
        cols.add(v.now(what), 8.0);
    }
    if let Some(w) = window {
        cols.add(format!("Pass rate {w} (%)"), 9.0);
    }
    cols.add("Column", fit(v.rubric.questions.iter().map(|q| q.column.as_str()), 10.0, 30.0));
    cols
}

pub fn sheet(v: &View) -> Result<Worksheet, XlsxError> {
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Questions")?;
    let (previous, window) = (v.previous(), v.window_label());
    columns(v, previous, window.as_deref()).write(&mut ws, 0, st)?;
    let (stats, whole) = (stats(v), &v.agg.overall.questions);
    let changes = v.summary.comparison.as_ref().map(|c| c.questions.as_slice()).unwrap_or_default();
    let list = order(v);
    for (n, &i) in list.iter().enumerate() {
        let (Some(q), r) = (v.rubric.questions.get(i), row(n + 1)) else { continue };
        let s = stats.get(i).unwrap_or(&UNANSWERED);
        let section = v.rubric.sections.get(q.section).map_or("", |s| s.title.as_str());
        for (c, t) in [(0, q.id.as_str()), (1, section), (3, q.kind.name())] {
            put(&mut ws, r, c, t, st)?;
        }
        if text::looks_like_formula(&q.text) {
            put(&mut ws, r, 2, &q.text, st)?;
        } else {
            ws.write_string_with_format(r, 2, text::cut(&q.text), &st.wrap)?;
        }
        ws.set_row_height(r, style::row_height(style::lines(&q.text, TEXT_WIDTH, style::PLAIN_AVERAGE)))?;
        ws.write_number(r, 4, q.points)?;
        word(&mut ws, r, 5, if q.critical { "yes" } else { "" }, st)?;
        word(&mut ws, r, 6, if q.bonus { "bonus" } else { "" }, st)?;
        score(&mut ws, r, PASS_RATE_COL, s.pass_rate(), st)?;
        let mut c = PASS_RATE_COL + 1;
        if previous.is_some() {
            let change: Option<&Change> = changes.get(i).map(|n| &n.change);
            score(&mut ws, r, c, change.and_then(|x| x.previous), st)?;
            number(&mut ws, r, c + 1, change.and_then(|x| x.change), &st.change)?;
            c += 2;
        }
        count(&mut ws, r, c, s.scored)?;
        if let Some(f) = failed(q, s) {
            count(&mut ws, r, c + 1, f)?;
        }
        for (c, n) in (c + 2..).zip([s.na, s.missing, s.invalid]) {
            count(&mut ws, r, c, n)?;
        }
        c += 5;
        if window.is_some() {
            score(&mut ws, r, c, whole.get(i).and_then(QuestionStats::pass_rate), st)?;
            c += 1;
        }
        super::text::put_in(&mut ws, r, c, &q.column, &st.indent)?;
    }
    if !list.is_empty() {
        let bonus: Vec<bool> = list.iter().map(|&i| v.rubric.questions.get(i).is_some_and(|q| q.bonus)).collect();
        ws.insert_chart(row(list.len() + 2), 0, &chart(v, &bonus))?;
    }
    Ok(ws)
}

/// Pass rate per question, weakest at the top; bonus questions' bars grey.
fn chart(v: &View, bonus: &[bool]) -> Chart {
    let last = row(bonus.len());
    let mut chart = Chart::new(ChartType::Bar);
    let grey = ChartPoint::new()
        .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(NO_BAND))));
    let points: Vec<ChartPoint> = bonus.iter().map(|&b| if b { grey.clone() } else { ChartPoint::new() }).collect();
    chart
        .add_series()
        .set_name(&format!("{} (%)", v.now("Pass rate")))
        .set_categories(("Questions", 1, 0, last, 0))
        .set_values(("Questions", 1, PASS_RATE_COL, last, PASS_RATE_COL))
        .set_points(&points);
    let grey_note = if bonus.contains(&true) { " (bonus questions grey, last)" } else { "" };
    chart.title().set_name(&format!("{} by question{grey_note}", v.now("Pass rate")));
    // In a bar chart the category axis is the vertical one (rust_xlsxwriter's y axis).
    chart.y_axis().set_reverse();
    chart.x_axis().set_min(0).set_max(100);
    chart.legend().set_hidden();
    let height = (bonus.len() as u32).saturating_mul(22).clamp(280, 1400);
    chart.set_width(720).set_height(height);
    chart
}
