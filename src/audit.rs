//! What a corrections file did to the run (SCORING.md §7): the audit trail, one row per
//! corrections row that names a visit the run read and a question of it (or no question,
//! for a `void` or `restore`), whether it acted or not, and the dispute figures
//! read off it (rows per location, shopper and question, and the share accepted).
//!
//! The pipeline (`crate::run`) fills it as the visits stream past; `corrections.csv`, the
//! workbook's Corrections sheet and summary.json's `corrections` show it.

use std::collections::BTreeMap;

/// One corrections row as it met one visit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditRow {
    /// The row's line in the corrections file.
    pub line: u64,
    pub visit_id: String,
    pub location: String,
    pub shopper: String,
    /// The question's id; empty for `void` and `restore`.
    pub question: String,
    /// The shopper's cell, and the row's value; both empty for `void` and `restore`.
    pub answer_as_shot: String,
    pub answer_corrected: String,
    /// The visit's score without any correction, and with every accepted one.
    pub score_before: Option<f64>,
    pub score_after: Option<f64>,
    /// The row's action and status: their names, or as written when they are not one.
    pub action: String,
    pub status: String,
    /// The row is accepted and breaks no rule: it changed the visit in its turn (a later
    /// row may override it).
    pub acted: bool,
    pub reason: String,
    pub by: String,
    pub date: String,
}

impl AuditRow {
    pub fn accepted(&self) -> bool {
        self.status == "accepted"
    }
}

/// The corrections of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorrectionsReport {
    /// The corrections file as named, and its SHA-256.
    pub file: String,
    pub sha256: String,
    /// Data rows in the file.
    pub rows: u64,
    /// Rows whose status reads: accepted, rejected, pending.
    pub accepted: u64,
    pub rejected: u64,
    pub pending: u64,
    /// Rows that acted on at least one visit.
    pub acted: u64,
    /// Visits (every occurrence of an id) that end void, and whose answers a correction changed.
    pub void_visits: u64,
    pub changed_visits: u64,
    /// In corrections-file order, then input order.
    pub audit: Vec<AuditRow>,
}

/// How often one location, shopper or question is disputed.
#[derive(Debug, Clone, PartialEq)]
pub struct Disputed {
    pub name: String,
    /// Audit rows naming it, and how many of them are accepted.
    pub rows: u64,
    pub accepted: u64,
    /// 100 × accepted / rows.
    pub share_accepted: f64,
}

impl CorrectionsReport {
    /// Audit rows per location, most disputed first (then by name).
    pub fn by_location(&self) -> Vec<Disputed> {
        disputed(self.audit.iter().map(|r| (r.location.as_str(), r.accepted())))
    }

    pub fn by_shopper(&self) -> Vec<Disputed> {
        disputed(self.audit.iter().map(|r| (r.shopper.as_str(), r.accepted())))
    }

    /// Per question: `set` rows only (a `void` names no question).
    pub fn by_question(&self) -> Vec<Disputed> {
        disputed(self.audit.iter().filter(|r| !r.question.is_empty()).map(|r| (r.question.as_str(), r.accepted())))
    }
}

fn disputed<'a>(rows: impl Iterator<Item = (&'a str, bool)>) -> Vec<Disputed> {
    let mut counts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (name, accepted) in rows {
        let c = counts.entry(name).or_default();
        c.0 += 1;
        c.1 += u64::from(accepted);
    }
    let mut out: Vec<Disputed> = counts
        .into_iter()
        .map(|(name, (rows, accepted))| Disputed {
            name: name.to_string(),
            rows,
            accepted,
            share_accepted: 100.0 * accepted as f64 / rows as f64,
        })
        .collect();
    // The map gave name order; a stable sort keeps it among equal counts.
    out.sort_by_key(|d| std::cmp::Reverse(d.rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(location: &str, shopper: &str, question: &str, status: &str) -> AuditRow {
        AuditRow {
            line: 2,
            visit_id: "V".into(),
            location: location.into(),
            shopper: shopper.into(),
            question: question.into(),
            answer_as_shot: String::new(),
            answer_corrected: String::new(),
            score_before: None,
            score_after: None,
            action: if question.is_empty() { "void" } else { "set" }.into(),
            status: status.into(),
            acted: false,
            reason: String::new(),
            by: String::new(),
            date: String::new(),
        }
    }

    #[test]
    fn disputes_are_counted_most_first_then_by_name() {
        let report = CorrectionsReport {
            audit: vec![
                row("York", "S2", "q1", "accepted"),
                row("Leeds", "S1", "q1", "rejected"),
                row("York", "S1", "", "accepted"),
                row("Leeds", "S1", "q2", "pending"),
                row("York", "S2", "q2", "accepted"),
                row("Hull", "S3", "q2", "accepted"),
            ],
            ..CorrectionsReport::default()
        };
        let got = |d: Vec<Disputed>| {
            d.into_iter().map(|d| (d.name, d.rows, d.accepted, d.share_accepted)).collect::<Vec<_>>()
        };
        // York 3 rows, all accepted: 100; Leeds 2, none: 0; Hull 1 of 1: 100.
        let s = |t: &str| t.to_string();
        assert_eq!(
            got(report.by_location()),
            [(s("York"), 3, 3, 100.0), (s("Leeds"), 2, 0, 0.0), (s("Hull"), 1, 1, 100.0)]
        );
        // S1: 3 rows (Leeds rejected, York accepted, Leeds pending), 1 accepted: 100 / 3;
        // S2 2 of 2; S3 1 of 1.
        let by_shopper = got(report.by_shopper());
        assert_eq!(by_shopper[0], (s("S1"), 3, 1, 100.0 / 3.0));
        assert_eq!(by_shopper[1..], [(s("S2"), 2, 2, 100.0), (s("S3"), 1, 1, 100.0)]);
        // The void names no question: q2 3 rows (pending, accepted, accepted), q1 2 (accepted, rejected).
        assert_eq!(got(report.by_question()), [(s("q2"), 3, 2, 200.0 / 3.0), (s("q1"), 2, 1, 50.0)]);
    }
}
