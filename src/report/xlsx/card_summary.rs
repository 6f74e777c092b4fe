//! Sheet 1 of a report card (`--per-location`), Summary: one store's month on one screen.
//!
//! First its hot alerts and the behaviours to fix (SCORING.md §8), then its score in the
//! chain's focus month and the month before, with the change; its rank
//! that month among all stores ("3 of 12"); the chain average; the gap to the target; its
//! weakest behaviours (bonus questions left out: an unearned bonus is no weakness); its
//! critical failures; its sections against the chain's; and a native chart of its score
//! per month against the chain average and the target. Every label names its period. The
//! chain's figures come from [`CardContext`]: numbers only, never another store's rows.

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartLineDashType, ChartSolidFill, ChartType, Color, Format, Worksheet, XlsxError,
};

use super::CardContext;
use super::style::{self, count, header, number, score, widths};
use super::text::{put, shorten};
use super::view::View;
use crate::aggregate::{Group, QuestionStats};
use crate::report::follow_up_text as text;
use crate::report::palette;
use crate::rubric::Question;
use crate::target::TargetStatus;

/// The store's and the chain's columns and the target line (dashed), as in the card's
/// PNG charts: no grade colour, so that none reads as a grade.
use crate::report::palette::{CHAIN, STORE, TARGET};

/// How many weakest behaviours the card lists.
pub const WEAKEST: usize = 3;

/// The store's own figures for the card, read from its summary and the chain's context.
pub struct Figures<'a> {
    pub store: &'a str,
    /// `2026-10`, or `whole run` when no visit is dated.
    pub month: String,
    /// The store in the focus month and the month before.
    pub now: Option<&'a Group>,
    pub before: Option<&'a Group>,
}

impl<'a> Figures<'a> {
    pub fn of(v: &View<'a>, card: &CardContext) -> Figures<'a> {
        let a = v.agg;
        // A store seen only in the months read to compare with has no window group.
        let store = a.locations.keys().chain(a.location_periods.keys()).next().map_or("", String::as_str);
        let (month, now) = match &card.period {
            Some(p) => (p.clone(), a.periods.get(p)),
            None => ("whole run".to_string(), Some(&a.overall)),
        };
        let before = card.previous.as_ref().and_then(|p| a.periods.get(p));
        Figures { store, month, now, before }
    }

    pub fn score(&self) -> Option<f64> {
        self.now.and_then(|g| g.score.value())
    }

    pub fn previous(&self) -> Option<f64> {
        self.before.and_then(|g| g.score.value())
    }

    /// The focus month's score less the previous month's.
    pub fn change(&self) -> Option<f64> {
        Some(self.score()? - self.previous()?)
    }

    /// The store's weakest non-bonus questions in the focus month: lowest pass rate first
    /// (rubric order for ties), at most [`WEAKEST`], only those with a scored answer.
    pub fn weakest(&self, v: &View<'a>) -> Vec<(&'a Question, &'a QuestionStats)> {
        let Some(g) = self.now else { return Vec::new() };
        let mut list: Vec<(&Question, &QuestionStats, f64)> = v
            .rubric
            .questions
            .iter()
            .zip(&g.questions)
            .filter(|(q, _)| !q.bonus)
            .filter_map(|(q, s)| Some((q, s, s.pass_rate()?)))
            .collect();
        list.sort_by(|a, b| a.2.total_cmp(&b.2));
        list.into_iter().take(WEAKEST).map(|(q, s, _)| (q, s)).collect()
    }

    /// The critical questions the store failed in the focus month, with how many times.
    pub fn critical(&self, v: &View<'a>) -> Vec<(&'a Question, u64)> {
        let Some(g) = self.now else { return Vec::new() };
        v.rubric
            .questions
            .iter()
            .zip(&g.questions)
            .filter(|(q, s)| q.critical && s.failed > 0)
            .map(|(q, s)| (q, s.failed))
            .collect()
    }
}

pub fn sheet(v: &View, card: &CardContext) -> Result<Worksheet, XlsxError> {
    let st = &v.styles;
    let f = Figures::of(v, card);
    let m = f.month.as_str();
    let mut ws = Worksheet::new();
    ws.set_name("Summary")?;
    // The last column holds question texts: as wide as the longest.
    let text = style::fit(v.rubric.questions.iter().map(|q| q.text.as_str()), 40.0, 120.0);
    // C is wide enough for an alert's or action's why ("critical failure; below 60").
    widths(&mut ws, &[44.0, 16.0, 27.0, 28.0, text])?;
    // No visit in the focus month is the card's news: said in its title.
    let news = if f.now.is_none() { format!(": no visit in {m}") } else { String::new() };
    ws.write_string_with_format(0, 0, format!("{}: report card, {m}{news}", View::label(f.store)), &st.block)?;
    // The store's work first: its hot alerts, then what to fix.
    let mut r = alerts(&mut ws, v, &f, 1)? + 1;
    r = actions(&mut ws, v, &f, r)? + 1;
    let top = r;
    header(&mut ws, r, &["Measure", "Value"], st)?;
    r += 1;
    let mut line = |ws: &mut Worksheet, label: String| -> Result<u32, XlsxError> {
        ws.write_string(r, 0, label)?;
        r += 1;
        Ok(r - 1)
    };
    let now = f.score();
    let at = line(&mut ws, format!("Score {m}"))?;
    score(&mut ws, at, 1, now, st)?;
    let at = line(&mut ws, format!("Grade {m}"))?;
    put(&mut ws, at, 1, v.grade(now).unwrap_or("(no score)"), st)?;
    if let Some(t) = v.rubric.target {
        let at = line(&mut ws, format!("Against the target ({t}), {m}"))?;
        match TargetStatus::of(now, Some(t)) {
            Some(s) => {
                let fill = Format::new()
                    .set_background_color(Color::RGB(palette::status(s)))
                    .set_font_color(Color::RGB(palette::TEXT));
                ws.write_string_with_format(at, 1, s.word(), &fill)?;
            }
            None => {
                ws.write_string(at, 1, "(no score)")?;
            }
        }
        let at = line(&mut ws, format!("Gap to the target (points), {m}"))?;
        number(&mut ws, at, 1, now.map(|s| s - t), &st.change)?;
    }
    if let Some(p) = &card.previous {
        let at = line(&mut ws, format!("Score {p}"))?;
        score(&mut ws, at, 1, f.previous(), st)?;
        let at = line(&mut ws, format!("Change since {p} (points)"))?;
        number(&mut ws, at, 1, f.change(), &st.change)?;
    }
    let at = line(&mut ws, format!("Rank among all locations, {m}"))?;
    match card.rank {
        Some(rank) => ws.write_string(at, 1, format!("{rank} of {}", card.of))?,
        None if f.now.is_none() => ws.write_string(at, 1, format!("not ranked (no visit in {m})"))?,
        None => ws.write_string(at, 1, format!("not ranked (no scored visit in {m})"))?,
    };
    let at = line(&mut ws, format!("Chain average {m} (every location's visits)"))?;
    score(&mut ws, at, 1, card.chain_score, st)?;
    let at = line(&mut ws, format!("Difference from the chain average, {m}"))?;
    number(&mut ws, at, 1, now.zip(card.chain_score).map(|(o, c)| o - c), &st.change)?;
    if let Some(org) = &card.org {
        let at = line(&mut ws, "Org chart".to_string())?;
        put(&mut ws, at, 1, &org.line, st)?;
        let at = line(&mut ws, format!("{} average {m} ({}, every store's visits there)", org.unit, org.level))?;
        score(&mut ws, at, 1, org.unit_score, st)?;
        let at = line(&mut ws, format!("Difference from the {} average, {m}", org.unit))?;
        number(&mut ws, at, 1, now.zip(org.unit_score).map(|(o, a)| o - a), &st.change)?;
        if !org.also.is_empty() {
            let at = line(&mut ws, "Moved".to_string())?;
            let also = org.also.join(", ");
            let level = org.level.to_lowercase();
            let text = format!(
                "also reported under {also}, with its visits there; shown under the {level} of its latest visit"
            );
            put(&mut ws, at, 1, &text, st)?;
        }
    }
    let at = line(&mut ws, format!("Visits {m}"))?;
    count(&mut ws, at, 1, f.now.map_or(0, |g| g.visits))?;
    let at = line(&mut ws, format!("Visits with a critical failure, {m}"))?;
    count(&mut ws, at, 1, f.now.map_or(0, |g| g.critical_visits))?;
    if let Some(focus) = v.focus.as_ref().filter(|x| x.split()) {
        let at = line(&mut ws, format!("Score {} (every month of the run)", focus.window_label()))?;
        score(&mut ws, at, 1, v.agg.overall.score.value(), st)?;
    }
    if let Some(l) = &v.summary.follow_up.ladder {
        let at = line(&mut ws, format!("Ladder step after {m} (failed months, pass {})", l.rule.pass))?;
        let own = l.locations.first();
        let step = own.and_then(|x| l.rule.step_name(x.step)).unwrap_or("none");
        let streak = own.map_or(0, |x| x.streak);
        // Short: the chart starts in the next column.
        put(&mut ws, at, 1, &format!("{step}, {streak} in a row"), st)?;
    }
    let at = line(&mut ws, "Data issues (whole run)".to_string())?;
    count(&mut ws, at, 1, v.summary.issues.total())?;
    let mut r = r + 1;
    r = weakest(&mut ws, v, &f, r)? + 1;
    r = critical(&mut ws, v, &f, r)? + 1;
    r = sections(&mut ws, v, &f, card, r)? + 1;
    months(&mut ws, v, card, r, top)?;
    print(&mut ws, v, &f)?;
    Ok(ws)
}

/// One landscape A4 page: the figures with the chart whole, and a footer naming the rubric,
/// the month and the page.
fn print(ws: &mut Worksheet, v: &View, f: &Figures) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 1);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    // `&` starts a code in a header or footer: a name's own is doubled.
    let rubric = v.rubric.name.replace('&', "&&");
    ws.set_footer(format!("&L{rubric}, {}&RPage &P of &N", f.month));
    Ok(())
}

/// The characters the last column shows on the printed page (it is as wide as the
/// longest question text): longer alert and action text is cut there.
fn last_column(v: &View) -> usize {
    style::fit(v.rubric.questions.iter().map(|q| q.text.as_str()), 40.0, 120.0) as usize
}

/// At most this many alerts and actions are listed on the card.
const FIRST: usize = 5;

/// The store's hot alerts in the focus month: date and visit, score, why, what failed.
fn alerts(ws: &mut Worksheet, v: &View, f: &Figures, mut r: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    let fu = &v.summary.follow_up;
    ws.write_string_with_format(r, 0, format!("Hot alerts, {}", f.month), &st.block)?;
    if fu.alerts.is_empty() {
        let below = fu.rules.alert_below.map(|b| format!(" and no visit under {b}")).unwrap_or_default();
        ws.write_string(r + 1, 0, format!("(no critical failure{below} in {})", f.month))?;
        return Ok(r + 2);
    }
    header(ws, r + 1, &["Visit", "Score", "Why", "What failed", "What the shopper wrote"], st)?;
    r += 2;
    for a in fu.alerts.iter().take(FIRST) {
        let (why, failed, comments) = text::describe(v.rubric, fu.rules.alert_below, a, text::Digits::One);
        put(ws, r, 0, &format!("{}, {}", a.date, a.visit_id), st)?;
        score(ws, r, 1, a.score, st)?;
        super::text::put_in(ws, r, 2, &why, &st.indent)?;
        put(ws, r, 3, &failed, st)?;
        put(ws, r, 4, &shorten(&comments, last_column(v)), st)?;
        r += 1;
    }
    if fu.alerts.len() > FIRST {
        ws.write_string(r, 0, format!("and {} more (the Visits sheet has every visit)", fu.alerts.len() - FIRST))?;
        r += 1;
    }
    Ok(r)
}

/// The store's actions in the focus month, most severe first (critical questions first).
fn actions(ws: &mut Worksheet, v: &View, f: &Figures, mut r: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    let fu = &v.summary.follow_up;
    ws.write_string_with_format(r, 0, format!("To fix first, {}", f.month), &st.block)?;
    if fu.actions.is_empty() {
        ws.write_string(r + 1, 0, format!("(no behaviour failed often enough to be an action in {})", f.month))?;
        return Ok(r + 2);
    }
    header(ws, r + 1, &["Question", "Pass rate (%)", "Why", "Section", "Text, and the latest comment"], st)?;
    r += 2;
    for a in fu.actions.iter().take(FIRST) {
        let Some(q) = v.rubric.questions.get(a.question) else { continue };
        put(ws, r, 0, &q.id, st)?;
        score(ws, r, 1, a.pass_rate, st)?;
        super::text::put_in(ws, r, 2, &text::rule_words(a), &st.indent)?;
        put(ws, r, 3, v.rubric.sections.get(q.section).map_or("", |s| s.title.as_str()), st)?;
        let text = match a.comments.last() {
            Some(c) => format!("{} \u{2014} \u{201c}{c}\u{201d}", q.text),
            None => q.text.clone(),
        };
        put(ws, r, 4, &shorten(&text, last_column(v)), st)?;
        r += 1;
    }
    if fu.actions.len() > FIRST {
        ws.write_string(r, 0, format!("and {} more behaviours to fix, less severe", fu.actions.len() - FIRST))?;
        r += 1;
    }
    Ok(r)
}

/// The store's weakest behaviours in the focus month.
fn weakest(ws: &mut Worksheet, v: &View, f: &Figures, mut r: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    ws.write_string_with_format(
        r,
        0,
        format!("Weakest behaviours, {} (bonus questions left out)", f.month),
        &st.block,
    )?;
    header(ws, r + 1, &["Question", "Pass rate (%)", "Scored answers", "Section", "Text"], st)?;
    r += 2;
    let list = f.weakest(v);
    if list.is_empty() {
        ws.write_string(r, 0, format!("(no scored answer in {})", f.month))?;
        r += 1;
    }
    for (q, s) in list {
        put(ws, r, 0, &q.id, st)?;
        score(ws, r, 1, s.pass_rate(), st)?;
        count(ws, r, 2, s.scored)?;
        put(ws, r, 3, v.rubric.sections.get(q.section).map_or("", |s| s.title.as_str()), st)?;
        put(ws, r, 4, &q.text, st)?;
        r += 1;
    }
    Ok(r)
}

/// The critical questions the store failed in the focus month.
fn critical(ws: &mut Worksheet, v: &View, f: &Figures, mut r: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    ws.write_string_with_format(r, 0, format!("Critical failures, {}", f.month), &st.block)?;
    header(ws, r + 1, &["Question", "Times failed", "", "Section", "Text"], st)?;
    r += 2;
    let list = f.critical(v);
    if list.is_empty() {
        ws.write_string(r, 0, format!("(no critical failure in {})", f.month))?;
        r += 1;
    }
    for (q, failed) in list {
        put(ws, r, 0, &q.id, st)?;
        count(ws, r, 1, failed)?;
        put(ws, r, 3, v.rubric.sections.get(q.section).map_or("", |s| s.title.as_str()), st)?;
        put(ws, r, 4, &q.text, st)?;
        r += 1;
    }
    Ok(r)
}

/// Each section: the store against the chain, in the focus month.
fn sections(ws: &mut Worksheet, v: &View, f: &Figures, card: &CardContext, mut r: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    let m = &f.month;
    ws.write_string_with_format(r, 0, format!("Sections, {m}"), &st.block)?;
    header(ws, r + 1, &["Section", "This location", "Chain average", "Difference"], st)?;
    r += 2;
    for (i, s) in v.rubric.sections.iter().enumerate() {
        let own = f.now.and_then(|g| g.sections.get(i)).and_then(|m| m.value());
        let chain = card.chain_sections.get(i).copied().flatten();
        put(ws, r, 0, if s.title.is_empty() { &s.id } else { &s.title }, st)?;
        score(ws, r, 1, own, st)?;
        score(ws, r, 2, chain, st)?;
        number(ws, r, 3, own.zip(chain).map(|(o, c)| o - c), &st.change)?;
        r += 1;
    }
    Ok(r)
}

/// The store's score per month against the chain average and the target, as a table and
/// a native chart beside the key figures.
/// The chart goes beside the key figures, whose header is at row `top`.
fn months(ws: &mut Worksheet, v: &View, card: &CardContext, mut r: u32, top: u32) -> Result<u32, XlsxError> {
    let st = &v.styles;
    if card.chain_periods.is_empty() {
        return Ok(r);
    }
    ws.write_string_with_format(r, 0, "Score by month", &st.block)?;
    let target = v.rubric.target;
    let mut heads = vec!["Month", "This location", "Chain average"];
    if target.is_some() {
        heads.push("Target");
    }
    header(ws, r + 1, &heads, st)?;
    r += 2;
    let first = r;
    for (p, chain) in &card.chain_periods {
        put(ws, r, 0, p, st)?;
        score(ws, r, 1, v.agg.periods.get(p).and_then(|g| g.score.value()), st)?;
        score(ws, r, 2, *chain, st)?;
        if let Some(t) = target {
            score(ws, r, 3, Some(t), st)?;
        }
        r += 1;
    }
    let last = r - 1;
    let mut chart = Chart::new(ChartType::Column);
    for (col, name, color) in [(1, "This location", STORE), (2, "Chain average", CHAIN)] {
        chart
            .add_series()
            .set_name(name)
            .set_categories(("Summary", first, 0, last, 0))
            .set_values(("Summary", first, col, last, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(color))));
    }
    if let Some(t) = target {
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name(&format!("Target ({t})"))
            .set_categories(("Summary", first, 0, last, 0))
            .set_values(("Summary", first, 3, last, 3))
            .set_format(ChartFormat::new().set_line(
                ChartLine::new().set_color(Color::RGB(TARGET)).set_width(2.25).set_dash_type(ChartLineDashType::Dash),
            ));
        chart.combine(&line);
    }
    chart.title().set_name("By month: this location, the chain average, the target");
    chart.y_axis().set_min(0).set_num_format("0");
    if v.rubric.bonus_cap {
        chart.y_axis().set_max(100);
    }
    chart.set_width(620).set_height(300);
    ws.insert_chart(top, 2, &chart)?;
    Ok(r)
}
