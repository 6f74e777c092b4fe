//! Sheet 2, Locations: every location ranked on its focus-month score ([`View::headlines`]),
//! with that month's status against the target, grade, visits, critical failures, 95%
//! interval and small-sample mark, the previous month's score, the change and the trend
//! flag, the window's score under its own label when the run covers more than the focus
//! month, and a sparkline of each location's monthly scores. Every header names the
//! period its figures cover. Across a rubric version change, the like-for-like change
//! follows the trend flag (SCORING.md §7). With a `ladder:` rule, each store's step on it
//! and its failed months in a row (SCORING.md §8) follow the critical failures. When the run
//! holds both, the year to date and last year's same months, each with its visits, and the
//! change (or `new`) follow the window's score (docs/scoring.md §19).

use rust_xlsxwriter::{ColNum, Sparkline, Worksheet, XlsxError};

use crate::focus::Headline;
use crate::target::TargetStatus;

use super::colours;
use super::style::{self, Columns, count, fit, number, row, score};
use super::text::put;
use super::text::word;
use super::view::View;
use super::ytd_columns::{self, YtdCol};

/// What a column of the sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Rank,
    Location,
    Region,
    Visits,
    Score,
    Status,
    Grade,
    Previous,
    Change,
    Trend,
    LikeChange,
    Window,
    Ytd(YtdCol),
    Critical,
    Ladder,
    Streak,
    Target,
    Spark,
    Low,
    High,
    Small,
}

/// The sheet's columns for this run, with their headers and widths.
fn layout(v: &View) -> (Vec<Col>, Columns) {
    let (mut kinds, mut cols) = (Vec::new(), Columns::default());
    let mut add = |kind: Col, name: String, width: f64| {
        kinds.push(kind);
        cols.add(name, width);
    };
    let names = fit(v.headlines.iter().map(|h| h.key), 14.0, 40.0);
    let regions = fit(v.headlines.iter().map(|h| v.region(h.key)), 10.0, 30.0);
    add(Col::Rank, "Rank".into(), 6.0);
    add(Col::Location, "Location".into(), names);
    add(Col::Region, "Region".into(), regions);
    add(Col::Visits, v.now("Visits"), 8.0);
    add(Col::Score, v.now("Score"), colours::width(v, 9.0));
    if v.rubric.target.is_some() {
        add(Col::Status, v.now("Target status"), 13.0);
    }
    let grades = fit(v.rubric.grades.iter().map(|g| g.name.as_str()), 8.0, 30.0);
    add(Col::Grade, v.now("Grade"), grades);
    if let Some(p) = v.previous() {
        add(Col::Previous, format!("Score {p}"), 9.0);
        add(Col::Change, format!("Change since {p}"), 9.0);
        add(Col::Trend, "Trend".into(), 10.0);
        if like(v).is_some() {
            add(Col::LikeChange, format!("Change since {p}, like for like"), 12.0);
        }
    }
    if let Some(w) = v.window_label() {
        add(Col::Window, format!("Score {w}"), 9.0);
    }
    if let Some(y) = &v.ytd {
        for (kind, name, width) in ytd_columns::headers(y) {
            add(Col::Ytd(kind), name, width);
        }
    }
    add(Col::Critical, v.now("Critical failure visits"), 10.0);
    if let Some(l) = &v.summary.follow_up.ladder {
        let steps = fit(l.rule.steps.iter().map(String::as_str), 9.0, 20.0);
        add(Col::Ladder, format!("Ladder step (pass {})", l.rule.pass), steps);
        add(Col::Streak, "Failed months in a row".into(), 9.0);
    }
    if v.rubric.target.is_some() {
        add(Col::Target, "Target".into(), 8.0);
    }
    if v.has_trend() {
        add(Col::Spark, "Monthly trend".into(), 14.0);
    }
    add(Col::Low, v.now("95% interval low"), 10.0);
    add(Col::High, v.now("95% interval high"), 10.0);
    add(Col::Small, format!("{} (< {} scored visits)", v.now("Small sample"), v.summary.min_visits), 12.0);
    (kinds, cols)
}

pub fn sheet(v: &View) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Locations")?;
    let (kinds, cols) = layout(v);
    cols.write(&mut ws, 0, &v.styles)?;
    for (i, h) in v.headlines.iter().enumerate() {
        let r = row(i + 1);
        for (c, kind) in (0..).zip(&kinds) {
            cell(&mut ws, v, r, c, *kind, h, i)?;
        }
    }
    Ok(ws)
}

/// One cell of location `h`, ranked `i`-th (0-based), at row `r`.
fn cell(ws: &mut Worksheet, v: &View, r: u32, c: ColNum, kind: Col, h: &Headline, i: usize) -> Result<(), XlsxError> {
    let st = &v.styles;
    let now = h.score();
    let ci = h.now.and_then(|g| crate::stats::mean_ci95(&g.score));
    match kind {
        // A location without a score in the focus month is listed, not ranked.
        Col::Rank if now.is_some() && h.is_store() => {
            ws.write_number_with_format(r, c, (i + 1) as f64, &st.center).map(|_| ())
        }
        Col::Rank => Ok(()),
        Col::Location => put(ws, r, c, &View::label(h.key), st),
        Col::Region => put(ws, r, c, v.region(h.key), st),
        // A store with no visit this month has no counts for it: blank, as `-` in the table.
        Col::Visits | Col::Critical | Col::Small if unvisited(v, h) => Ok(()),
        Col::Visits => count(ws, r, c, h.now.map_or(0, |g| g.visits)),
        Col::Score => colours::score(ws, v, r, c, now),
        // A store with no visit in the focus month says so where its status (else its
        // grade) would be: the header names the month.
        Col::Status if unvisited(v, h) => word(ws, r, c, NO_VISIT, st),
        Col::Grade if unvisited(v, h) && v.rubric.target.is_none() => word(ws, r, c, NO_VISIT, st),
        Col::Status => word(ws, r, c, TargetStatus::of(now, v.rubric.target).map_or("", TargetStatus::word), st),
        Col::Grade => word(ws, r, c, v.grade(now).unwrap_or(""), st),
        // The run's comparison: the same numbers as summary.json and the table.
        Col::Previous => score(ws, r, c, h.change.and_then(|x| x.previous), st),
        Col::Change => number(ws, r, c, h.change.and_then(|x| x.change), &st.change),
        Col::Trend => word(ws, r, c, h.change.and_then(|x| x.trend).map_or("", trend_word), st),
        Col::LikeChange => {
            let found = like(v).and_then(|l| l.locations.iter().find(|x| x.location == h.key));
            number(ws, r, c, found.and_then(|x| x.scores.change), &st.change)
        }
        Col::Window => score(ws, r, c, h.window.and_then(|g| g.score.value()), st),
        Col::Ytd(k) => ytd_columns::cell(ws, r, c, k, v.ytd.as_ref().and_then(|y| y.location(h.key)), st),
        Col::Critical => count(ws, r, c, h.now.map_or(0, |g| g.critical_visits)),
        Col::Ladder | Col::Streak => {
            let Some(l) = &v.summary.follow_up.ladder else { return Ok(()) };
            let Some(at) = l.locations.iter().find(|x| x.location == h.key) else { return Ok(()) };
            match kind {
                Col::Ladder => word(ws, r, c, l.rule.step_name(at.step).unwrap_or("none"), st),
                _ => count(ws, r, c, at.streak),
            }
        }
        Col::Target => score(ws, r, c, v.rubric.target, st),
        Col::Spark => {
            // The Trend sheet lists the locations in the same order, from its third column.
            let last = style::col(v.periods.len() + 1);
            ws.add_sparkline(r, c, &Sparkline::new().set_range(("Trend", r, 2, r, last)).show_markers(true))?;
            Ok(())
        }
        // The same interval and small-sample mark as summary.json, for the focus month.
        Col::Low => score(ws, r, c, ci.map(|(lo, _)| lo), st),
        Col::High => score(ws, r, c, ci.map(|(_, hi)| hi), st),
        Col::Small => word(ws, r, c, style::yes_no(Some(h.scored() < v.summary.min_visits)), st),
    }
}

/// The like-for-like comparison, across a rubric version change only.
fn like<'a>(v: &View<'a>) -> Option<&'a crate::like_for_like::LikeForLike> {
    v.summary.comparison.as_ref()?.like_for_like.as_ref()
}

/// The status of a store with no visit in the focus month.
const NO_VISIT: &str = "no visit";

/// `h` had no visit in the focus month (a dated run only: without dates every listed
/// location has visits).
fn unvisited(v: &View, h: &Headline) -> bool {
    v.focus.is_some() && h.unvisited()
}

/// The trend flag as the sheet shows it.
pub fn trend_word(t: crate::compare::Trend) -> &'static str {
    match t {
        crate::compare::Trend::Improved => "improved",
        crate::compare::Trend::Declined => "declined",
        crate::compare::Trend::Steady => "steady",
    }
}
