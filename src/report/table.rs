//! The location table printed on the terminal after a run, focus month first.
//!
//! Locations are ranked on the focus month's score ([`Summary::headlines`]); the score
//! column is labelled with that month (`2026-10`), beside the previous month's score, the
//! change and its trend. The window's score (`Aug-Oct 2026`) is a column of its own only
//! when the window holds more than the focus month and the terminal has room. The table
//! fits the terminal's width: the least important columns are shortened or dropped first
//! (`--json` has every figure, with full names).

use std::io::IsTerminal;

use crate::aggregate::Group;
use crate::aggregate::levels::Tally;
use crate::compare::{Change, Trend};
use crate::number::{counted, one_decimal, thousands};
use crate::summary::Summary;
use crate::target::TargetStatus;
use crate::terminal_text::{NAME, VALUE, one_line, width};

/// The width when the terminal's cannot be read (not a terminal, `COLUMNS` unset).
pub const DEFAULT_WIDTH: usize = 80;

/// The terminal's width in columns: `COLUMNS` when it holds a number (20 or more), else
/// the width of the terminal stdout is, else [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|v| v.trim().parse::<usize>().ok()).filter(|&n| n >= 20) {
        return n;
    }
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return usize::from(w).max(20);
    }
    DEFAULT_WIDTH
}

/// What a column holds, in the order the table shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rank,
    Location,
    Region,
    Visits,
    Score,
    Grade,
    Target,
    Previous,
    Change,
    Critical,
    Window,
    /// A unit's stores on target (`--by LEVEL`).
    OnTarget,
}

/// One column: its header and a cell per row (the overall row last).
struct Column {
    kind: Kind,
    head: String,
    /// The header's full name, for the note of columns left out.
    name: String,
    cells: Vec<String>,
    /// Text is left-aligned, numbers right-aligned.
    numeric: bool,
}

impl Column {
    fn width(&self) -> usize {
        self.cells.iter().chain([&self.head]).map(|c| width(c)).max().unwrap_or(0)
    }
}

/// A group's figures as a row shows them: a location's or a unit's of the org chart.
#[derive(Debug, Clone, Copy)]
struct Figures {
    visits: u64,
    scored: u64,
    score: Option<f64>,
    critical: u64,
}

impl From<&Group> for Figures {
    fn from(g: &Group) -> Figures {
        Figures { visits: g.visits, scored: g.score.n, score: g.score.value(), critical: g.critical_visits }
    }
}

impl From<&Tally> for Figures {
    fn from(t: &Tally) -> Figures {
        Figures { visits: t.visits, scored: t.score.n, score: t.score.value(), critical: t.critical_visits }
    }
}

/// One row before it becomes text.
struct Row<'a> {
    rank: String,
    name: String,
    /// The group it is under: a location's region, a unit's parent (empty for the
    /// overall row).
    parent: String,
    now: Option<Figures>,
    previous: Option<Figures>,
    change: Option<&'a Change>,
    window: Option<Figures>,
    /// A location with no visit in the focus month (listed unranked).
    unvisited: bool,
    /// A unit's stores on target, `2 of 3` (`None` in the location table).
    on_target: Option<String>,
}

/// What the table lists: its rows (the overall row last) and how its columns are named.
struct Listing<'a> {
    /// The first column's header: `Location`, or a level's name.
    head: &'a str,
    /// The parent column's header, when the table has one: `Region`, the level above.
    parent: Option<&'a str>,
    rows: Vec<Row<'a>>,
}

/// The table as text, fitted to `columns` display columns.
pub fn render(s: &Summary, columns: usize) -> String {
    let a = &s.aggregates;
    let focus = s.focus();

    // Ranked locations first; then those without a focus-month score; the blank location
    // last (as `headlines` orders them), never ranked.
    let headlines = s.headlines();
    let mut rows: Vec<Row> = Vec::new();
    let mut rank = 0;
    for h in &headlines {
        let ranked = h.is_store() && h.score().is_some();
        if ranked {
            rank += 1;
        }
        let region = a.location_regions.get(h.key).map_or("", String::as_str);
        rows.push(Row {
            rank: if ranked { rank.to_string() } else { "-".into() },
            name: if h.is_store() { one_line(h.key, NAME).into_owned() } else { "(no location)".into() },
            parent: one_line(region, NAME).into_owned(),
            now: h.now.map(Figures::from),
            previous: focus.as_ref().and_then(|f| f.previous_location(h.key)).map(Figures::from),
            change: h.change,
            window: h.window.map(Figures::from),
            unvisited: focus.is_some() && h.unvisited(),
            on_target: None,
        });
    }
    rows.push(overall_row(s));
    // A region column only when the data has regions.
    let parent = a.location_regions.values().any(|r| !r.is_empty()).then_some("Region");
    render_listing(s, columns, Listing { head: "Location", parent, rows })
}

/// The last row: the whole run.
fn overall_row(s: &Summary) -> Row<'_> {
    let (a, focus) = (&s.aggregates, s.focus());
    let comparison = s.comparison.as_ref().filter(|c| c.previous_period.is_some());
    Row {
        rank: String::new(),
        name: "Overall".into(),
        parent: String::new(),
        now: focus.as_ref().map_or(Some(&a.overall), |f| f.overall()).map(Figures::from),
        previous: focus.as_ref().and_then(|f| f.previous_overall()).map(Figures::from),
        change: comparison.map(|c| &c.overall),
        window: Some(Figures::from(&a.overall)),
        unvisited: false,
        on_target: None,
    }
}

/// The table of the units of level `level` (an index of the rubric's `fields.levels`),
/// ranked on the focus month, as `--by LEVEL` prints it.
pub fn render_level(s: &Summary, level: usize, columns: usize) -> String {
    let views = s.hierarchy();
    let Some(view) = views.get(level) else { return render(s, columns) };
    let parent = level.checked_sub(1).and_then(|p| views.get(p)).map(|p| p.name);
    let mut rows: Vec<Row> = view
        .units
        .iter()
        .map(|u| Row {
            rank: u.rank.map_or_else(|| "-".into(), |r| r.to_string()),
            name: one_line(&display_key(&u.unit.name), NAME).into_owned(),
            parent: u
                .unit
                .parent
                .as_deref()
                .map_or_else(String::new, |p| one_line(&crate::hierarchy::shown(p), NAME).into_owned()),
            now: u.now.map(Figures::from),
            previous: s
                .comparison
                .as_ref()
                .and_then(|c| c.previous_period.as_deref())
                .and_then(|p| u.unit.periods.get(p))
                .map(Figures::from),
            change: Some(&u.change),
            window: Some(Figures::from(&u.unit.window)),
            unvisited: u.now.is_none(),
            on_target: u.on_target.map(|(on, of)| format!("{on} of {of}")),
        })
        .collect();
    rows.push(overall_row(s));
    render_listing(s, columns, Listing { head: view.name, parent, rows })
}

/// The table of `listing`, fitted to `columns`, with the run's lines above and notes below.
fn render_listing(s: &Summary, columns: usize, listing: Listing) -> String {
    let r = &s.rubric;
    let focus = s.focus();
    let comparison = s.comparison.as_ref().filter(|c| c.previous_period.is_some());
    let split = focus.as_ref().is_some_and(|f| f.split());
    let Listing { head, parent, rows } = listing;
    let score_head = focus.as_ref().map_or_else(|| "Score".to_string(), |f| f.label().to_string());
    let score_of = |g: Option<Figures>| g.and_then(|g| g.score);
    let grade = |g: Option<Figures>| one_line(score_of(g).and_then(|v| r.grade(v)).unwrap_or("-"), NAME).into_owned();
    let status = |g: Option<Figures>| match (score_of(g), r.target) {
        (_, None) => String::new(),
        (None, Some(_)) => "-".into(),
        (v, t) => TargetStatus::of(v, t).map_or_else(String::new, |st| st.word().to_string()),
    };
    let visits = |g: Option<Figures>| match g {
        Some(g) => {
            let mark = if g.scored < s.min_visits { "*" } else { "" };
            format!("{mark}{}", thousands(g.visits))
        }
        None => "-".into(),
    };
    let column = |kind, head: &str, numeric, cell: &dyn Fn(&Row) -> String| Column {
        kind,
        head: head.to_string(),
        name: head.to_string(),
        cells: rows.iter().map(cell).collect(),
        numeric,
    };
    let mut table = vec![
        column(Kind::Rank, "#", true, &|row| row.rank.clone()),
        column(Kind::Location, head, false, &|row| row.name.clone()),
        column(Kind::Visits, "Visits", true, &|row| visits(row.now)),
        column(Kind::Score, &score_head, true, &|row| one_decimal(score_of(row.now))),
        column(Kind::Grade, "Grade", false, &|row| grade(row.now)),
    ];
    if let Some(parent) = parent {
        table.insert(2, column(Kind::Region, parent, false, &|row| row.parent.clone()));
    }
    if r.target.is_some() {
        table.push(column(Kind::Target, "Target", false, &|row| status(row.now)));
    }
    if let Some(previous) = focus.as_ref().and_then(|f| f.previous).filter(|_| comparison.is_some()) {
        table.push(column(Kind::Previous, previous, true, &|row| one_decimal(score_of(row.previous))));
        table.push(column(Kind::Change, "Change", false, &|row| match row {
            _ if row.unvisited => NO_VISIT.into(),
            _ => row.change.map_or_else(|| "-".into(), describe_change),
        }));
    }
    if r.target.is_some() && rows.iter().any(|row| row.on_target.is_some()) {
        table.push(column(Kind::OnTarget, "On target", false, &|row| row.on_target.clone().unwrap_or_default()));
    }
    table.push(column(Kind::Critical, "Critical", true, &|row| {
        row.now.map_or_else(|| "-".into(), |g| thousands(g.critical))
    }));
    if let Some(f) = focus.as_ref().filter(|_| split) {
        table.push(column(Kind::Window, &f.window_label(), true, &|row| one_decimal(score_of(row.window))));
    }
    let dropped = fit(&mut table, columns);

    let mut out = String::new();
    let version = r.version.as_deref().map(|v| format!(" {}", one_line(v, VALUE))).unwrap_or_default();
    let target = r.target.map(|t| format!(", target {t}")).unwrap_or_default();
    out.push_str(&format!("{}{version}{target}\n", one_line(&r.name, VALUE)));
    let read = format!(
        "{} in {} from {}",
        counted(s.visits(), "visit", "visits"),
        counted(s.rows(), "row", "rows"),
        counted(s.inputs.len() as u64, "file", "files")
    );
    match &focus {
        Some(f) if split => {
            let now = f.overall().map_or(0, |g| g.visits);
            out.push_str(&format!(
                "{}: {}; {}: {read}\n",
                f.label(),
                counted(now, "visit", "visits"),
                f.window_label()
            ));
        }
        Some(f) => out.push_str(&format!("{}: {read}\n", f.label())),
        None => out.push_str(&format!("{read}\n")),
    }
    if let Some(left_out) = left_out(s) {
        out.push_str(&format!("{}\n", fill(&left_out, columns)));
    }
    out.push('\n');
    let widths: Vec<usize> = table.iter().map(Column::width).collect();
    let line = |cells: Vec<(&str, usize, bool)>| {
        let text: Vec<String> = cells
            .into_iter()
            .map(|(v, w, numeric)| {
                let pad = " ".repeat(w.saturating_sub(width(v)));
                if numeric { format!("{pad}{v}") } else { format!("{v}{pad}") }
            })
            .collect();
        let mut text = text.join("  ").trim_end().to_string();
        text.push('\n');
        text
    };
    out.push_str(&line(table.iter().zip(&widths).map(|(c, &w)| (c.head.as_str(), w, c.numeric)).collect()));
    let last = rows.len() - 1;
    for i in 0..rows.len() {
        if i == last {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
            out.push('\n');
        }
        out.push_str(&line(table.iter().zip(&widths).map(|(c, &w)| (c.cells[i].as_str(), w, c.numeric)).collect()));
    }
    let small = rows[..last].iter().any(|row| row.now.is_some_and(|g| g.scored < s.min_visits));
    if small {
        out.push_str(&format!(
            "\n* fewer than {} scored visits: a small sample, read its score with care\n",
            s.min_visits
        ));
    }
    if let Some(f) = focus.as_ref().filter(|_| rows.iter().any(|row| row.unvisited)) {
        out.push_str(&format!("\n{}\n", unvisited_note(f.label(), table.iter().any(|c| c.kind == Kind::Change))));
    }
    if !dropped.is_empty() {
        out.push_str(&format!("\nNot shown at this width: {} (--json has every figure)\n", dropped.join(", ")));
    }
    if let Some(note) = s.version_change_note() {
        out.push_str(&format!("\n{}\n", fill(&note, columns)));
    }
    out.push_str(&format!("\nData issues: {}\n", thousands(s.issues.total())));
    out
}

/// The visits listed but counted nowhere (void by a correction, replaced by a re-shop),
/// so the counts above them add up; `None` when there is none.
fn left_out(s: &Summary) -> Option<String> {
    let void = s.corrections.as_ref().map_or(0, |c| c.void_visits);
    let replaced = s.reshops.map_or(0, |r| r.replaced);
    let mut parts = Vec::new();
    if void > 0 {
        parts.push(format!("{} void", crate::number::counted(void, "visit", "visits")));
    }
    if replaced > 0 {
        parts.push(format!("{} replaced by a re-shop", crate::number::counted(replaced, "visit", "visits")));
    }
    (!parts.is_empty()).then(|| format!("Not counted (listed in visits.csv): {}", parts.join(", ")))
}

/// `text` broken at spaces into lines of at most `columns` (a word longer than that
/// keeps a line of its own).
fn fill(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line = 0;
    for word in text.split(' ') {
        let w = width(word);
        if line > 0 && line + 1 + w > columns {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += w;
    }
    out
}

/// The Change cell of a location with no visit in the focus month.
const NO_VISIT: &str = "no visit";

/// The note under a table listing a location with no visit in the focus month: why it
/// has no score and no rank.
fn unvisited_note(month: &str, marked: bool) -> String {
    let lead = if marked { NO_VISIT } else { "-" };
    format!("{lead}: no visit in {month}, so no score and no rank for that month")
}

/// One way to make the table narrower.
#[derive(Clone, Copy)]
enum Step {
    Remove(Kind),
    /// "on target" → "on", ...
    ShortTarget,
    /// "Critical" → "Crit."
    ShortCritical,
    /// Location names cut, to no fewer columns than this.
    CutLocation(usize),
}

/// Shortens and drops columns, least important first, until the table fits `columns`;
/// returns the headers of the columns dropped.
fn fit(table: &mut Vec<Column>, columns: usize) -> Vec<String> {
    let total = |t: &[Column]| t.iter().map(Column::width).sum::<usize>() + 2 * t.len().saturating_sub(1);
    let mut dropped = Vec::new();
    use Step::*;
    let steps = [Remove(Kind::Window), Remove(Kind::Region), ShortTarget, ShortCritical, Remove(Kind::Grade)];
    // A unit's stores on target say more than its status word: that goes first.
    let units = table.iter().any(|c| c.kind == Kind::OnTarget);
    let status = units.then_some(Remove(Kind::Target));
    let more =
        [CutLocation(12), Remove(Kind::OnTarget), Remove(Kind::Critical), Remove(Kind::Previous), CutLocation(8)];
    for step in steps.into_iter().chain(status).chain(more) {
        let over = total(table).saturating_sub(columns);
        if over == 0 {
            break;
        }
        match step {
            Remove(kind) => remove(table, &mut dropped, kind),
            ShortTarget => shorten_target(table),
            ShortCritical => {
                if let Some(c) = table.iter_mut().find(|c| c.kind == Kind::Critical) {
                    c.head = "Crit.".into();
                }
            }
            CutLocation(min) => cut_location(table, over, min),
        }
    }
    dropped
}

fn remove(table: &mut Vec<Column>, dropped: &mut Vec<String>, kind: Kind) {
    if let Some(i) = table.iter().position(|c| c.kind == kind) {
        dropped.push(table.remove(i).name);
    }
}

/// "on target" → "on", "near target" → "near", "under target" → "under".
fn shorten_target(table: &mut [Column]) {
    if let Some(c) = table.iter_mut().find(|c| c.kind == Kind::Target) {
        for cell in &mut c.cells {
            if let Some(short) = cell.strip_suffix(" target") {
                *cell = short.to_string();
            }
        }
    }
}

/// Cuts the location names by `over` columns (with `…`), to no fewer than `min`; the
/// header is kept.
fn cut_location(table: &mut [Column], over: usize, min: usize) {
    if let Some(c) = table.iter_mut().find(|c| c.kind == Kind::Location) {
        let max = c.width().saturating_sub(over).max(min).max(width(&c.head));
        for cell in &mut c.cells {
            if width(cell) > max {
                *cell = one_line(cell, max).into_owned();
            }
        }
    }
}

/// A group key for people: blank keys (no location, no region) are shown as such.
pub fn display_key(key: &str) -> String {
    if key.is_empty() { "(blank)".to_string() } else { key.to_string() }
}

/// `+3.2 up`, `-1.0 down`, `+0.4 steady`, or `new` without an earlier score.
fn describe_change(c: &Change) -> String {
    match (c.change, c.trend) {
        (Some(d), Some(t)) => {
            let word = match t {
                Trend::Improved => "up",
                Trend::Declined => "down",
                Trend::Steady => "steady",
            };
            let sign = if d >= 0.0 { "+" } else { "" };
            format!("{sign}{} {word}", one_decimal(Some(d)))
        }
        _ if c.latest.is_some() => "new".into(),
        _ => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    /// Lines break at the last space that keeps them within the width ("aa bb" is 5
    /// columns, "aa bb cc" would be 8); a word wider than the width stands alone.
    #[test]
    fn fill_breaks_at_spaces_within_the_width() {
        assert_eq!(fill("aa bb cc dd", 5), "aa bb\ncc dd");
        assert_eq!(fill("aa bb cc dd", 8), "aa bb cc\ndd");
        assert_eq!(fill("a toolongword b", 4), "a\ntoolongword\nb");
        assert_eq!(fill("short", 80), "short");
    }
}
