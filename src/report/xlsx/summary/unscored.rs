//! The Summary's line on what its figures leave out, under the title: visits read but not
//! scored (a date that cannot be read, in a run bounded to months; a date after the month
//! being scored), the run's data issues, and the stores with no visit in the focus month.
//! An owner reading "Visits with a critical failure 0" learns here that some visits are in
//! no figure, and where to look (the Issues and Locations sheets).

use crate::issue::IssueKind;
use crate::number::{counted, thousands};
use crate::summary::Summary;

/// Stores named in the line before it says "and N more".
const NAMED: usize = 3;

/// Characters of a store's name the line shows (longer names end in `…`).
const NAME: usize = 24;

/// The line, e.g. `2 visits not scored (date unreadable, so not placed in 2026-10); see
/// Issues. 3 data issues in all (Issues sheet). No visit in 2026-10: Leeds (see Locations).`
pub(super) fn line(s: &Summary) -> String {
    let undated: u64 = s.inputs.iter().map(|i| i.undated).sum();
    let after = s.issues.by_kind().find(|(k, _)| *k == IssueKind::OutsidePeriod).map_or(0, |(_, n)| n);
    let window = crate::window::label(&s.reported_periods());
    let mut reasons = Vec::new();
    if undated > 0 {
        reasons.push((undated, format!("date unreadable, so not placed in {window}")));
    }
    let unversioned: u64 = s.inputs.iter().map(|i| i.unversioned).sum();
    if unversioned > 0 {
        reasons.push((unversioned, "dated before the first rubric version".to_string()));
    }
    if let (n @ 1.., Some(p)) = (after, s.period.as_deref()) {
        reasons.push((n, format!("dated after {p}")));
    }
    let mut parts = Vec::new();
    let total = reasons.iter().map(|(n, _)| n).sum();
    match reasons.as_slice() {
        [] => {}
        [(_, why)] => parts.push(format!("{} ({why}); see Issues.", not_scored(total))),
        _ => {
            let each: Vec<String> = reasons.iter().map(|(n, why)| format!("{}: {why}", thousands(*n))).collect();
            parts.push(format!("{} ({}); see Issues.", not_scored(total), each.join("; ")));
        }
    }
    parts.push(match s.issues.total() {
        0 => "No data issues.".to_string(),
        n => format!("{} in all (Issues sheet).", counted(n, "data issue", "data issues")),
    });
    if let Some(f) = s.focus() {
        let stores: Vec<&str> = s.stores().into_iter().filter(|h| h.unvisited()).map(|h| h.key).collect();
        if !stores.is_empty() {
            parts.push(format!("No visit in {}: {} (see Locations).", f.label(), names(&stores)));
        }
    }
    parts.join(" ")
}

/// `1 visit not scored`, `2 visits not scored`.
fn not_scored(n: u64) -> String {
    format!("{} not scored", counted(n, "visit", "visits"))
}

/// `Leeds`, `Leeds and York`, `Bath, Hull, Leeds and 2 more stores`.
fn names(stores: &[&str]) -> String {
    let short = |name: &&str| match name.char_indices().nth(NAME) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => (*name).to_string(),
    };
    let shown: Vec<String> = stores.iter().take(NAMED).map(short).collect();
    match stores.len() {
        n if n > NAMED => {
            let more = (n - NAMED) as u64;
            format!("{} and {} more {}", shown.join(", "), thousands(more), if more == 1 { "store" } else { "stores" })
        }
        1 => shown.join(""),
        _ => match shown.split_last() {
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::names;

    #[test]
    fn stores_are_named_up_to_three() {
        assert_eq!(names(&["Leeds"]), "Leeds");
        assert_eq!(names(&["Leeds", "York"]), "Leeds and York");
        assert_eq!(names(&["Bath", "Hull", "Leeds"]), "Bath, Hull and Leeds");
        assert_eq!(names(&["Bath", "Hull", "Leeds", "York", "Ely"]), "Bath, Hull, Leeds and 2 more stores");
        assert_eq!(names(&["A", "B", "C", "D"]), "A, B, C and 1 more store");
        assert_eq!(names(&["Abcdefghijklmnopqrstuvwxyz"]), "Abcdefghijklmnopqrstuvwx…");
    }
}
