//! The ranked location table printed on the terminal after a run.

use crate::compare::{Change, Trend};
use crate::number::one_decimal;
use crate::summary::Summary;
use crate::terminal_text::{NAME, VALUE, one_line, width};

/// The table as text: rank, location, region, visits, score, grade, critical failures and
/// target status, then the overall line and the issue count.
pub fn render(s: &Summary) -> String {
    let r = &s.rubric;
    let a = &s.aggregates;
    let status = |score: Option<f64>| match (score, r.target) {
        (Some(v), Some(_)) if r.on_target(v) == Some(true) => "on target",
        (Some(_), Some(_)) => "UNDER target",
        (None, _) => "no score",
        (Some(_), None) => "",
    };
    // The change column only when there is an earlier period to compare with.
    let comparison = s.comparison.as_ref().filter(|c| c.previous_period.is_some());
    let change_of = |c: Option<&Change>| c.map_or_else(|| "-".to_string(), describe_change);
    // Names come from the data and the rubric: escaped and cut (`terminal_text`).
    let grade = |score: Option<f64>| one_line(score.and_then(|v| r.grade(v)).unwrap_or("-"), NAME).into_owned();
    let visits = |g: &crate::aggregate::Group| {
        let mark = if g.score.n < s.min_visits { "*" } else { "" };
        format!("{mark}{}", g.visits)
    };
    let mut head: Vec<String> =
        ["#", "Location", "Region", "Visits", "Score", "Grade", "Critical", "Target"].map(String::from).to_vec();
    if let Some(c) = comparison {
        head.push(format!("{} vs {}", c.latest_period, c.previous_period.as_deref().unwrap_or("")));
    }
    let mut rows = vec![head];
    for (i, (name, g)) in a.ranking().into_iter().enumerate() {
        let score = g.score.value();
        let mut row = vec![
            (i + 1).to_string(),
            one_line(shown_key(name), NAME).into_owned(),
            one_line(a.location_regions.get(name).map_or("", String::as_str), NAME).into_owned(),
            visits(g),
            one_decimal(score),
            grade(score),
            g.critical_visits.to_string(),
            status(score).to_string(),
        ];
        if let Some(c) = comparison {
            row.push(change_of(c.location(name)));
        }
        rows.push(row);
    }
    let overall = a.overall.score.value();
    let mut row = vec![
        String::new(),
        "Overall".into(),
        String::new(),
        visits(&a.overall),
        one_decimal(overall),
        grade(overall),
        a.overall.critical_visits.to_string(),
        status(overall).to_string(),
    ];
    if let Some(c) = comparison {
        row.push(change_of(Some(&c.overall)));
    }
    rows.push(row);
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns).map(|c| rows.iter().map(|row| width(&row[c])).max().unwrap_or(0)).collect();
    let numeric = [true, false, false, true, true, false, true, false, true];
    let mut out = String::new();
    let version = r.version.as_deref().map(|v| format!(" {}", one_line(v, VALUE))).unwrap_or_default();
    let target = r.target.map(|t| format!(", target {t}")).unwrap_or_default();
    out.push_str(&format!(
        "{}{version}: {} visits in {} rows from {} file(s){target}\n\n",
        one_line(&r.name, VALUE),
        s.visits(),
        s.rows(),
        s.inputs.len()
    ));
    let last = rows.len() - 1;
    for (i, row) in rows.iter().enumerate() {
        if i == last {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (columns - 1)));
            out.push('\n');
        }
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                let pad = widths[c] - width(v);
                if numeric[c] { format!("{}{v}", " ".repeat(pad)) } else { format!("{v}{}", " ".repeat(pad)) }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    let small = a.ranking().iter().filter(|(_, g)| g.score.n < s.min_visits).count();
    if small > 0 {
        out.push_str(&format!(
            "\n* fewer than {} scored visits: a small sample, read its score with care\n",
            s.min_visits
        ));
    }
    out.push_str(&format!("\nData issues: {}\n", s.issues.total()));
    out
}

/// A group key for people: blank keys (no location, no region) are shown as such.
pub fn display_key(key: &str) -> String {
    shown_key(key).to_string()
}

/// [`display_key`] without a copy (a name may be megabytes, of which the table shows 40).
fn shown_key(key: &str) -> &str {
    if key.is_empty() { "(blank)" } else { key }
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
