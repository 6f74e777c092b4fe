//! Sheet 1, Summary: the run on one screen. Key figures, a chart of location scores against
//! the target, the grade distribution, the best and worst three locations and the five
//! weakest questions.

use rust_xlsxwriter::{Chart, ChartType, Image, Worksheet, XlsxError};

use super::CardContext;
use super::locations;
use super::style::{self, count, header, row, score, widths};
use super::text::put;
use super::view::View;

/// Rows 1.. hold the key figures beside the chart; the blocks start below both.
const BLOCKS_ROW: u32 = 17;

/// `ranking_png` is the location-ranking chart image, embedded beside the native chart.
/// `card` is always `None`: a report card's Summary is [`super::card_summary`].
pub fn sheet(v: &View, ranking_png: Option<&[u8]>, card: Option<&CardContext>) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Summary")?;
    widths(&mut ws, &[34.0, 24.0, 16.0, 12.0, 12.0])?;
    header(&mut ws, 0, &["Measure", "Value"], &v.styles)?;
    key_figures(&mut ws, v)?;
    if !v.ranking.is_empty() {
        ws.insert_chart(1, 3, &chart(v))?;
    }
    if let Some(png) = ranking_png {
        // 1600 px wide at slide size: shown at 40% so it sits beside the native chart.
        let image =
            Image::new_from_buffer(png)?.set_scale_width(0.4).set_scale_height(0.4).set_alt_text("Location ranking");
        ws.insert_image(1, 12, &image)?;
    }
    let mut r = BLOCKS_ROW;
    r = grades(&mut ws, v, r)? + 1;
    // The ranking lists scored locations first; no location is both best and worst.
    let scored = v.ranking.iter().take_while(|(_, g)| g.score.n > 0).count();
    let best: Vec<usize> = (0..scored.min(3)).collect();
    let worst: Vec<usize> = (scored.max(6) - 3..scored).rev().collect();
    // A report card is one location: its place is the rank above, not a best/worst list.
    if card.is_none() {
        r = locations_block(&mut ws, v, r, ("Best locations", "(no location has a score)"), &best)? + 1;
        r = locations_block(&mut ws, v, r, ("Worst locations", "(every scored location is listed above)"), &worst)? + 1;
    }
    r = movers(&mut ws, v, r)?;
    weakest(&mut ws, v, r)?;
    Ok(ws)
}

fn key_figures(ws: &mut Worksheet, v: &View) -> Result<(), XlsxError> {
    let (st, a, r) = (&v.styles, v.agg, v.rubric);
    let overall = a.overall.score.value();
    let (scored_locations, on_target) = v.locations_on_target();
    let share = on_target.filter(|_| scored_locations > 0).map(|on| 100.0 * on as f64 / scored_locations as f64);
    let version = r.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let periods = match (v.reported.first(), v.reported.last()) {
        (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
        (Some(f), _) => f.to_string(),
        _ => "no visit with a valid date".to_string(),
    };
    let label = |ws: &mut Worksheet, i: u32, text: &str| ws.write_string(i, 0, text).map(|_| ());
    let rows: [&str; 13] = [
        "Rubric",
        "Period",
        "Overall score",
        "Overall grade",
        "Target",
        "Overall on target",
        "Visits",
        "Scored visits",
        "Locations",
        "Locations on target",
        "Share of scored locations on target (%)",
        "Visits with a critical failure",
        "Data issues",
    ];
    for (i, text) in (1..).zip(rows) {
        label(ws, i, text)?;
    }
    put(ws, 1, 1, &format!("{}{version}", r.name), st)?;
    ws.write_string(2, 1, periods)?;
    score(ws, 3, 1, overall, st)?;
    put(ws, 4, 1, v.grade(overall).unwrap_or(""), st)?;
    match r.target {
        Some(t) => score(ws, 5, 1, Some(t), st)?,
        None => ws.write_string(5, 1, "none").map(|_| ())?,
    }
    ws.write_string(6, 1, style::yes_no(v.on_target(overall)))?;
    count(ws, 7, 1, a.overall.visits)?;
    count(ws, 8, 1, a.overall.score.n)?;
    count(ws, 9, 1, a.locations.len() as u64)?;
    if let Some(on) = on_target {
        count(ws, 10, 1, on as u64)?;
    }
    score(ws, 11, 1, share, st)?;
    count(ws, 12, 1, a.overall.critical_visits)?;
    count(ws, 13, 1, v.summary.issues.total())?;
    Ok(())
}

/// Location scores as columns, with the target as a line.
fn chart(v: &View) -> Chart {
    let last = row(v.ranking.len());
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_name("Score").set_categories(("Locations", 1, 1, last, 1)).set_values((
        "Locations",
        1,
        locations::SCORE_COL,
        last,
        locations::SCORE_COL,
    ));
    if let Some(t) = v.rubric.target {
        let mut line = Chart::new(ChartType::Line);
        let col = locations::target_col(v);
        line.add_series().set_name(&format!("Target ({t})")).set_categories(("Locations", 1, 1, last, 1)).set_values((
            "Locations",
            1,
            col,
            last,
            col,
        ));
        chart.combine(&line);
    }
    chart.title().set_name("Location scores against the target");
    chart.y_axis().set_min(0).set_num_format("0");
    if v.rubric.bonus_cap {
        chart.y_axis().set_max(100);
    }
    chart.set_width(640).set_height(310);
    chart
}

/// Visits per grade band, then scored visits below every band and visits without a score.
fn grades(ws: &mut Worksheet, v: &View, mut r: u32) -> Result<u32, XlsxError> {
    let (st, g) = (&v.styles, &v.agg.overall);
    ws.write_string_with_format(r, 0, "Grade distribution", &st.block)?;
    header(ws, r + 1, &["Grade", "Visits", "Share of visits (%)"], st)?;
    r += 2;
    let bands = v.rubric.grades.iter().map(|b| b.name.as_str());
    let mut lines: Vec<(&str, u64)> = bands.zip(g.grades.iter().copied()).collect();
    let below = g.grades.get(v.rubric.grades.len()).copied().unwrap_or(0);
    if below > 0 {
        lines.push((
            if v.rubric.grades.is_empty() { "(the rubric has no grades)" } else { "(below every band)" },
            below,
        ));
    }
    let unscored = g.visits.saturating_sub(g.score.n);
    if unscored > 0 {
        lines.push(("(no score)", unscored));
    }
    for (name, n) in lines {
        put(ws, r, 0, name, st)?;
        count(ws, r, 1, n)?;
        let share = (g.visits > 0).then(|| 100.0 * n as f64 / g.visits as f64);
        score(ws, r, 2, share, st)?;
        r += 1;
    }
    Ok(r)
}

/// Some locations of the ranking (by index), with their rank; `note` when there are none.
fn locations_block(
    ws: &mut Worksheet,
    v: &View,
    mut r: u32,
    text: (&str, &str),
    which: &[usize],
) -> Result<u32, XlsxError> {
    let (title, note) = text;
    let st = &v.styles;
    ws.write_string_with_format(r, 0, title, &st.block)?;
    header(ws, r + 1, &["Rank", "Location", "Region", "Score", "Grade"], st)?;
    r += 2;
    if which.is_empty() {
        ws.write_string(r, 1, note)?;
        r += 1;
    }
    for &i in which {
        let Some((name, g)) = v.ranking.get(i) else { continue };
        let s = g.score.value();
        count(ws, r, 0, i as u64 + 1)?;
        put(ws, r, 1, &View::label(name), st)?;
        put(ws, r, 2, v.region(name), st)?;
        score(ws, r, 3, s, st)?;
        put(ws, r, 4, v.grade(s).unwrap_or(""), st)?;
        r += 1;
    }
    Ok(r)
}

/// Most improved and most declined locations since the previous period (small samples
/// left out), when the run has one to compare with.
fn movers(ws: &mut Worksheet, v: &View, mut r: u32) -> Result<u32, XlsxError> {
    let Some(c) = v.summary.comparison.as_ref() else { return Ok(r) };
    let Some(prev) = c.previous_period.as_deref() else { return Ok(r) };
    let st = &v.styles;
    let blocks = [
        ("Most improved", &c.most_improved, "(no location rose)"),
        ("Most declined", &c.most_declined, "(no location fell)"),
    ];
    for (title, list, none) in blocks {
        ws.write_string_with_format(r, 0, format!("{title} since {prev}"), &st.block)?;
        header(
            ws,
            r + 1,
            &["Location", &format!("Score {}", c.latest_period), &format!("Score {prev}"), "Change"],
            st,
        )?;
        r += 2;
        if list.is_empty() {
            ws.write_string(r, 0, none)?;
            r += 1;
        }
        for n in list {
            put(ws, r, 0, &View::label(&n.key), st)?;
            score(ws, r, 1, n.change.latest, st)?;
            score(ws, r, 2, n.change.previous, st)?;
            super::style::number(ws, r, 3, n.change.change, &st.change)?;
            r += 1;
        }
        r += 1;
    }
    Ok(r)
}

/// The five questions with the lowest pass rate.
fn weakest(ws: &mut Worksheet, v: &View, mut r: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    ws.write_string_with_format(r, 0, "Weakest questions", &st.block)?;
    header(ws, r + 1, &["Question", "Section", "Pass rate (%)", "Scored answers", "Text"], st)?;
    r += 2;
    let list = super::questions::weakest_first(v);
    if list.first().is_none_or(|(_, stats)| stats.scored == 0) {
        ws.write_string(r, 1, "(no question has a scored answer)")?;
        r += 1;
    }
    for (q, stats) in list.into_iter().take(5) {
        let Some(rate) = stats.pass_rate() else { break };
        let section = v.rubric.sections.get(q.section).map_or("", |s| s.title.as_str());
        put(ws, r, 0, &q.id, st)?;
        put(ws, r, 1, section, st)?;
        score(ws, r, 2, Some(rate), st)?;
        count(ws, r, 3, stats.scored)?;
        put(ws, r, 4, &q.text, st)?;
        r += 1;
    }
    Ok(r)
}
