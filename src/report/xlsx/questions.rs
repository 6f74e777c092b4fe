//! Sheet 4, Questions: every question of the rubric with its pass rate and how its answers
//! went (scored, failed, N/A, missing, invalid), weakest first, with a bar chart of the pass
//! rates.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use crate::aggregate::QuestionStats;
use crate::rubric::Question;

use super::style::{self, count, header, row, score};
use super::text::put;
use super::view::View;

const PASS_RATE_COL: u16 = 8;

/// Questions by pass rate, lowest first; questions nobody answered last; ties in rubric order.
pub fn weakest_first<'a>(v: &View<'a>) -> Vec<(&'a Question, &'a QuestionStats)> {
    let (questions, stats) = (&v.rubric.questions, &v.agg.overall.questions);
    v.summary.weakest_questions().into_iter().filter_map(|i| Some((questions.get(i)?, stats.get(i)?))).collect()
}

pub fn sheet(v: &View) -> Result<Worksheet, XlsxError> {
    let st = &v.styles;
    let mut ws = Worksheet::new();
    ws.set_name("Questions")?;
    let headers = [
        "Question",
        "Section",
        "Text",
        "Column",
        "Type",
        "Points",
        "Critical",
        "Bonus",
        "Pass rate (%)",
        "Scored",
        "Failed",
        "N/A",
        "Missing",
        "Invalid",
    ];
    header(&mut ws, 0, &headers, st)?;
    style::widths(&mut ws, &[22.0, 20.0, 60.0, 22.0, 8.0, 7.0, 8.0, 7.0, 9.0, 8.0, 8.0, 8.0, 8.0, 8.0])?;
    ws.set_row_height(0, 30)?;
    let list = weakest_first(v);
    for (i, (q, stats)) in list.iter().enumerate() {
        let r = row(i + 1);
        let section = v.rubric.sections.get(q.section).map_or("", |s| s.title.as_str());
        for (c, t) in (0..).zip([q.id.as_str(), section, &q.text, &q.column, q.kind.name()]) {
            put(&mut ws, r, c, t, st)?;
        }
        ws.write_number(r, 5, q.points)?;
        ws.write_string(r, 6, if q.critical { "yes" } else { "" })?;
        ws.write_string(r, 7, if q.bonus { "yes" } else { "" })?;
        score(&mut ws, r, PASS_RATE_COL, stats.pass_rate(), st)?;
        for (c, n) in (9..).zip([stats.scored, stats.failed, stats.na, stats.missing, stats.invalid]) {
            count(&mut ws, r, c, n)?;
        }
    }
    if !list.is_empty() {
        ws.insert_chart(1, 15, &chart(list.len()))?;
    }
    Ok(ws)
}

/// Pass rate per question, weakest at the top.
fn chart(questions: usize) -> Chart {
    let last = row(questions);
    let mut chart = Chart::new(ChartType::Bar);
    chart.add_series().set_name("Pass rate (%)").set_categories(("Questions", 1, 0, last, 0)).set_values((
        "Questions",
        1,
        PASS_RATE_COL,
        last,
        PASS_RATE_COL,
    ));
    chart.title().set_name("Pass rate by question");
    // In a bar chart the category axis is the vertical one (rust_xlsxwriter's y axis).
    chart.y_axis().set_reverse();
    chart.x_axis().set_min(0).set_max(100);
    chart.legend().set_hidden();
    let height = (questions as u32).saturating_mul(22).clamp(280, 1400);
    chart.set_width(560).set_height(height);
    chart
}
