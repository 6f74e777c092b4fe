//! Action lists (SCORING.md §8): per location, the non-bonus questions it failed in at
//! least K of its focus-month visits (the K rule), or in each of its last N scored
//! answers in a row across the window (the N rule), most severe first.
//!
//! A location is listed for a question only when it has a scored answer to it in the
//! focus month: the list is that month's work. Severity is the section's share of the
//! visit score (its weight over all weights; without weights, its points over all
//! points) × the failure rate (100 − the pass rate), in points; a critical question
//! comes before any other whatever its rate.

use std::collections::{BTreeMap, HashMap};

use super::streaks::Key;
use super::{Action, MAX_COMMENTS, Rules};
use crate::aggregate::Group;
use crate::rubric::Rubric;

/// The comments shoppers wrote on a location's failed answers to one question in the
/// focus month: the latest [`MAX_COMMENTS`] (by visit date, then input order), and how
/// many there were.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    latest: Vec<(Key, String)>,
    total: u64,
}

impl Notes {
    pub fn add(&mut self, at: Key, text: &str) {
        self.total += 1;
        if self.latest.len() == MAX_COMMENTS {
            match self.latest.iter().enumerate().min_by_key(|(_, (k, _))| *k) {
                Some((i, (oldest, _))) if *oldest < at => {
                    self.latest.swap_remove(i);
                }
                _ => return,
            }
        }
        self.latest.push((at, text.to_string()));
    }

    /// Oldest first, and the total.
    pub fn finish(mut self) -> (Vec<String>, u64) {
        self.latest.sort_by_key(|(k, _)| *k);
        (self.latest.into_iter().map(|(_, t)| t).collect(), self.total)
    }
}

/// What the stream kept per (location, question index).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// The latest scored answers that failed, in a row.
    pub in_a_row: HashMap<(String, usize), u64>,
    pub notes: HashMap<(String, usize), Notes>,
}

/// Every action of the focus month: `focus` holds each location's focus-month totals,
/// `previous` its previous month's (when there is one).
pub fn actions(
    rubric: &Rubric,
    rules: &Rules,
    focus: &BTreeMap<&str, &Group>,
    previous: &BTreeMap<&str, &Group>,
    mut kept: Kept,
) -> Vec<Action> {
    let shares = shares(rubric);
    let mut out = Vec::new();
    for (&location, group) in focus.iter().filter(|(l, _)| !l.is_empty()) {
        let mut listed = Vec::new();
        for (i, q) in rubric.questions.iter().enumerate().filter(|(_, q)| !q.bonus) {
            let Some(stats) = group.questions.get(i).filter(|s| s.scored > 0) else { continue };
            let key = (location.to_string(), i);
            let in_a_row = kept.in_a_row.get(&key).copied().unwrap_or(0);
            let by_failures = stats.failed >= rules.action_failures;
            let by_streak = in_a_row >= rules.action_streak;
            if !by_failures && !by_streak {
                continue;
            }
            let pass_rate = stats.pass_rate();
            let previous_pass_rate =
                previous.get(location).and_then(|g| g.questions.get(i)).and_then(|s| s.pass_rate());
            let share = shares.get(q.section).copied().unwrap_or(0.0);
            let severity = share * (100.0 - pass_rate.unwrap_or(100.0));
            let (comments, comments_total) = kept.notes.remove(&key).map(Notes::finish).unwrap_or_default();
            listed.push(Action {
                location: location.to_string(),
                question: i,
                failed: stats.failed,
                scored: stats.scored,
                pass_rate,
                previous_pass_rate,
                in_a_row,
                by_failures,
                by_streak,
                critical: q.critical,
                severity,
                comments,
                comments_total,
            });
        }
        // Stable: rubric order for ties.
        listed.sort_by(|a, b| b.critical.cmp(&a.critical).then(b.severity.total_cmp(&a.severity)));
        out.extend(listed);
    }
    out
}

/// Each section's share of a visit score, as a fraction, at the merged view's section
/// indices: its weight over the sum of weights, or without weights its non-bonus points
/// over all non-bonus points, in the latest rubric version (the one the reports describe;
/// a section it dropped has no share).
fn shares(rubric: &Rubric) -> Vec<f64> {
    let latest = rubric.latest();
    let own = |parts: Vec<f64>| -> Vec<f64> {
        let total: f64 = parts.iter().sum();
        parts.iter().map(|p| if total > 0.0 { p / total } else { 0.0 }).collect()
    };
    let parts = if latest.weighted() {
        own(latest.sections.iter().map(|s| s.weight.unwrap_or(0.0)).collect())
    } else {
        let mut points = vec![0.0; latest.sections.len()];
        for q in latest.questions.iter().filter(|q| !q.bonus) {
            if let Some(p) = points.get_mut(q.section) {
                *p += q.points;
            }
        }
        own(points)
    };
    // The latest version's sections at the merged view's indices (with one rubric file,
    // its own).
    let at: Vec<usize> = match rubric.versions.last() {
        Some(v) if rubric.versioned() => v.sections.clone(),
        _ => (0..parts.len()).collect(),
    };
    let mut shares = vec![0.0; rubric.sections.len()];
    for (share, i) in parts.into_iter().zip(at) {
        if let Some(slot) = shares.get_mut(i) {
            *slot = share;
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::QuestionStats;

    /// s1 (weight 3): q1 yes_no, q2 critical yes_no; s2 (weight 1): q3 yes_no, q4 bonus.
    fn rubric() -> Rubric {
        let yaml = "name: T\nsections:\n  - id: s1\n    weight: 3\n    questions:\n      - { id: q1, type: yes_no }\n      - { id: q2, type: yes_no, critical: true }\n  - id: s2\n    weight: 1\n    questions:\n      - { id: q3, type: yes_no }\n      - { id: q4, type: yes_no, bonus: true }\n";
        crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap()
    }

    /// A month's totals: per question (failed, scored) of yes/no answers.
    fn month(answers: [(u64, u64); 4]) -> Group {
        let questions = answers
            .iter()
            .map(|&(failed, scored)| QuestionStats {
                fraction_sum: (scored - failed) as f64,
                scored,
                failed,
                ..QuestionStats::default()
            })
            .collect();
        Group { questions, ..Group::default() }
    }

    fn kept(rows: &[(&str, usize, u64)]) -> Kept {
        let in_a_row = rows.iter().map(|&(l, q, n)| ((l.to_string(), q), n)).collect();
        Kept { in_a_row, notes: HashMap::new() }
    }

    /// Leeds in October: q1 failed 2 of 4 (pass rate 50), q2 failed 1 of 4 (75), q3 failed
    /// 1 of 2 (50), q4 (bonus) never fails. September: q1 1 of 2 (50). K = 2, N = 3.
    /// q1: 2 ≥ K, listed by failures; severity 3/4 × (100 − 50) = 37.5.
    /// q2: 1 failure, but its last 3 answers failed in a row: by the streak; critical, so
    /// first, severity 3/4 × 25 = 18.75.
    /// q3: 1 failure, 2 in a row < 3: not listed. York: q1 failed 1 of 1, no row: nothing;
    /// q3 failed its last 3 answers, all before October, and has none in October: not
    /// October's work, so not listed.
    #[test]
    fn a_question_failed_k_times_or_n_in_a_row_is_an_action_critical_first() {
        let r = rubric();
        let (leeds, york, sept) = (
            month([(2, 4), (1, 4), (1, 2), (0, 3)]),
            month([(1, 1), (0, 1), (0, 0), (0, 0)]),
            month([(1, 2), (0, 2), (0, 2), (0, 0)]),
        );
        let focus = BTreeMap::from([("Leeds", &leeds), ("York", &york)]);
        let previous = BTreeMap::from([("Leeds", &sept)]);
        let k = kept(&[("Leeds", 0, 1), ("Leeds", 1, 3), ("Leeds", 2, 2), ("York", 0, 1), ("York", 2, 3)]);
        let got = actions(&r, &Rules::default(), &focus, &previous, k);
        let brief: Vec<_> =
            got.iter().map(|a| (a.location.as_str(), a.question, a.rule(), a.critical, a.severity)).collect();
        assert_eq!(brief, [("Leeds", 1, "streak", true, 18.75), ("Leeds", 0, "failures", false, 37.5)]);
        assert_eq!(
            (got[0].failed, got[0].scored, got[0].pass_rate, got[0].previous_pass_rate, got[0].in_a_row),
            (1, 4, Some(75.0), Some(100.0), 3)
        );
        assert_eq!((got[1].pass_rate, got[1].previous_pass_rate, got[1].in_a_row), (Some(50.0), Some(50.0), 1));
    }

    #[test]
    fn without_weights_a_section_s_share_is_its_points() {
        let yaml = "name: T\nsections:\n  - id: s1\n    questions:\n      - { id: q1, type: yes_no, points: 3 }\n      - { id: q2, type: yes_no, bonus: true, points: 9 }\n  - id: s2\n    questions:\n      - { id: q3, type: yes_no }\n";
        let r = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        assert_eq!(shares(&r), [0.75, 0.25]);
        assert_eq!(shares(&rubric()), [0.75, 0.25]);
    }

    /// v1: s1 (q1 3 points, q2 1) and s2 (q3 2 points); v2 drops q2 and adds s3 (q4 2
    /// points). In v2, the latest, s1 has 3 of 7 points, s2 2 and s3 2; the merged view's
    /// extra question (q2, v1 only) has no say.
    #[test]
    fn with_versions_the_latest_version_gives_the_shares() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = dir.path().join("v1.yaml");
        let v2 = dir.path().join("v2.yaml");
        std::fs::write(&v1, "name: T\nsections:\n  - id: s1\n    questions:\n      - { id: q1, type: yes_no, points: 3 }\n      - { id: q2, type: yes_no }\n  - id: s2\n    questions:\n      - { id: q3, type: yes_no, points: 2 }\n").unwrap();
        std::fs::write(&v2, "name: T\neffective_from: 2026-03-01\nsections:\n  - id: s1\n    questions:\n      - { id: q1, type: yes_no, points: 3 }\n  - id: s2\n    questions:\n      - { id: q3, type: yes_no, points: 2 }\n  - id: s3\n    questions:\n      - { id: q4, type: yes_no, points: 2 }\n").unwrap();
        let r = crate::rubric::load_versions(&[v1, v2]).unwrap();
        let ids: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
        let by_id: Vec<(&str, f64)> = ids.iter().copied().zip(shares(&r)).collect();
        let want = [("s1", 3.0 / 7.0), ("s2", 2.0 / 7.0), ("s3", 2.0 / 7.0)];
        for (id, share) in want {
            assert_eq!(by_id.iter().find(|(i, _)| *i == id).map(|x| x.1), Some(share), "{by_id:?}");
        }
    }

    /// Five comments on failures, added out of order: the three latest, oldest first. Days
    /// 5, 1, 4 then 2 (later than 1: it takes 1's place) then 3 (takes 2's); and days 5, 4,
    /// 3 then 1 and 2, both older than every one kept: left out, but counted.
    #[test]
    fn notes_keep_the_latest_comments_oldest_first() {
        for order in
            [[(5, "e"), (1, "a"), (4, "d"), (2, "b"), (3, "c")], [(5, "e"), (4, "d"), (3, "c"), (1, "a"), (2, "b")]]
        {
            let mut n = Notes::default();
            for (day, text) in order {
                n.add(super::super::streaks::key(Some(day), 0), text);
            }
            assert_eq!(n.finish(), (vec!["c".to_string(), "d".into(), "e".into()], 5), "{order:?}");
        }
    }
}
