//! The ranked location table printed on the terminal after a run.

use crate::number::one_decimal;
use crate::summary::Summary;

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
    let mut rows: Vec<[String; 8]> =
        vec![["#", "Location", "Region", "Visits", "Score", "Grade", "Critical", "Target"].map(String::from)];
    for (i, (name, g)) in a.ranking().into_iter().enumerate() {
        let score = g.score.value();
        rows.push([
            (i + 1).to_string(),
            display_key(name),
            a.location_regions.get(name).cloned().unwrap_or_default(),
            g.visits.to_string(),
            one_decimal(score),
            score.and_then(|v| r.grade(v)).unwrap_or("-").to_string(),
            g.critical_visits.to_string(),
            status(score).to_string(),
        ]);
    }
    let overall = a.overall.score.value();
    rows.push([
        String::new(),
        "Overall".into(),
        String::new(),
        a.overall.visits.to_string(),
        one_decimal(overall),
        overall.and_then(|v| r.grade(v)).unwrap_or("-").to_string(),
        a.overall.critical_visits.to_string(),
        status(overall).to_string(),
    ]);
    let widths: Vec<usize> = (0..8).map(|c| rows.iter().map(|row| row[c].chars().count()).max().unwrap_or(0)).collect();
    let numeric = [true, false, false, true, true, false, true, false];
    let mut out = String::new();
    let version = r.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let target = r.target.map(|t| format!(", target {t}")).unwrap_or_default();
    out.push_str(&format!(
        "{}{version}: {} visits in {} rows from {} file(s){target}\n\n",
        r.name,
        s.visits(),
        s.rows(),
        s.inputs.len()
    ));
    let last = rows.len() - 1;
    for (i, row) in rows.iter().enumerate() {
        if i == last {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * 7));
            out.push('\n');
        }
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                let pad = widths[c] - v.chars().count();
                if numeric[c] { format!("{}{v}", " ".repeat(pad)) } else { format!("{v}{}", " ".repeat(pad)) }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\nData issues: {}\n", s.issues.total()));
    out
}

/// A group key for people: blank keys (no location, no region) are shown as such.
pub fn display_key(key: &str) -> String {
    if key.is_empty() { "(blank)".into() } else { key.to_string() }
}
