//! Hot alerts (SCORING.md §8): a focus-month visit with a critical failure, or scoring
//! below `alert_below`, with what failed: its failed critical questions (with the
//! shopper's comment on each) and its sections under their pass mark, each as the
//! visit's own rubric version asks it.

use super::{Alert, Failed};
use crate::ingest::Visit;
use crate::ingest::answer::Answer;
use crate::rubric::Rubric;
use crate::score::VisitScore;

/// The alert `visit` (read from `file`, scored `score`) raises, if any.
pub fn alert(
    rubric: &Rubric,
    alert_below: Option<f64>,
    file: &str,
    visit: &Visit,
    score: &VisitScore,
) -> Option<Alert> {
    let critical = score.has_critical_failure();
    let below = matches!((score.score, alert_below), (Some(s), Some(limit)) if s < limit);
    if !critical && !below {
        return None;
    }
    let version = visit.version.unwrap_or(0);
    let mut failed = Vec::new();
    for (i, answer) in visit.answers.iter().enumerate() {
        let asked = rubric.asked(version, i);
        if let (Some(q), Answer::Scored(f)) = (asked, answer)
            && q.critical
            && *f < 1.0
        {
            let comment = visit.comments.get(i).map_or_else(String::new, |c| c.trim().to_string());
            failed.push(Failed::Question { question: i, comment });
        }
    }
    for (section, mark) in pass_marks(rubric, version) {
        if let Some(Some(s)) = score.sections.get(section)
            && *s < mark
        {
            failed.push(Failed::Section { section, score: *s, pass_mark: mark });
        }
    }
    Some(Alert {
        file: file.to_string(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        location: visit.location.clone(),
        region: visit.region.clone(),
        date: visit.date.clone(),
        shopper: visit.shopper.clone(),
        score: score.score,
        critical,
        below,
        failed,
    })
}

/// The pass marks of `version`'s sections, at the merged view's section indices and in
/// its order, as the failed questions and visits.csv's section columns are (with one
/// rubric file, its own).
fn pass_marks(rubric: &Rubric, version: usize) -> Vec<(usize, f64)> {
    let mut marks: Vec<(usize, f64)> = match rubric.versions.get(version) {
        Some(v) if rubric.versioned() => {
            v.rubric.sections.iter().zip(&v.sections).filter_map(|(s, &i)| s.pass_mark.map(|m| (i, m))).collect()
        }
        _ => rubric.sections.iter().enumerate().filter_map(|(i, s)| s.pass_mark.map(|m| (i, m))).collect(),
    };
    marks.sort_by_key(|&(i, _)| i);
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::answer::parse;

    /// s1 (pass mark 60): q1 critical yes_no with a comment column, q2 yes_no; s2: q3 yes_no.
    fn rubric() -> Rubric {
        let yaml = "name: T\nsections:\n  - id: s1\n    pass_mark: 60\n    questions:\n      - { id: q1, type: yes_no, critical: true, comment: q1_note }\n      - { id: q2, type: yes_no }\n  - id: s2\n    questions:\n      - { id: q3, type: yes_no }\n";
        crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap()
    }

    fn visit(r: &Rubric, cells: [&str; 3], q1_note: &str) -> (Visit, VisitScore) {
        let answers: Vec<_> = r.questions.iter().zip(cells).map(|(q, c)| parse(q, c)).collect();
        let score = crate::score::score_visit(r, &answers);
        let comments = vec![q1_note.to_string(), String::new(), String::new()];
        let v =
            Visit { line: 7, visit_id: "V1".into(), location: "Leeds".into(), comments, answers, ..Visit::default() };
        (v, score)
    }

    #[test]
    fn a_failed_critical_question_is_an_alert_with_its_comment_and_the_failed_section() {
        let r = rubric();
        // q1 fails: zero_visit makes the score 0; s1 earns 1 of 2 = 50 < 60, a failed
        // pass mark; s2 100.
        let (v, s) = visit(&r, ["no", "yes", "yes"], " Nobody greeted me ");
        let a = alert(&r, None, "a.csv", &v, &s).unwrap();
        assert_eq!((a.score, a.critical, a.below, a.line), (Some(0.0), true, false, 7));
        let want = vec![
            Failed::Question { question: 0, comment: "Nobody greeted me".into() },
            Failed::Section { section: 0, score: 50.0, pass_mark: 60.0 },
        ];
        assert_eq!(a.failed, want);
    }

    /// s1 earns 1 of 2 = 50, exactly its pass mark 50: not failed, so the threshold alert
    /// (2 of 3 = 66.67 < 80) names nothing.
    #[test]
    fn a_section_at_its_pass_mark_has_not_failed() {
        let yaml = "name: T\nsections:\n  - id: s1\n    pass_mark: 50\n    questions:\n      - { id: q1, type: yes_no, critical: true }\n      - { id: q2, type: yes_no }\n  - id: s2\n    questions:\n      - { id: q3, type: yes_no }\n";
        let r = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let (v, s) = visit(&r, ["yes", "no", "yes"], "");
        assert_eq!(s.sections[0], Some(50.0));
        let a = alert(&r, Some(80.0), "a.csv", &v, &s).unwrap();
        assert_eq!((a.critical, a.below, a.failed.len()), (false, true, 0));
    }

    /// Two versions: v1 (to February) marks s1 at 60, v2 (from March) at 40. A February
    /// visit whose s1 scores 50 failed v1's mark, whatever the latest version says.
    #[test]
    fn a_section_is_judged_by_its_visit_s_own_version() {
        let dir = tempfile::tempdir().unwrap();
        let body = "sections:\n  - id: s1\n    pass_mark: MARK\n    questions:\n      - { id: q1, type: yes_no }\n      - { id: q2, type: yes_no }\n";
        let v1 = dir.path().join("v1.yaml");
        std::fs::write(&v1, format!("name: T\n{}", body.replace("MARK", "60"))).unwrap();
        let v2 = dir.path().join("v2.yaml");
        std::fs::write(&v2, format!("name: T\neffective_from: 2026-03-01\n{}", body.replace("MARK", "40"))).unwrap();
        let r = crate::rubric::load_versions(&[v1, v2]).unwrap();
        let answers: Vec<_> = r.questions.iter().zip(["yes", "no"]).map(|(q, c)| parse(q, c)).collect();
        let score = VisitScore { score: Some(0.0), sections: vec![Some(50.0)], critical_failures: 1 };
        let v = Visit { version: Some(0), answers, ..Visit::default() };
        let a = alert(&r, None, "a.csv", &v, &score).unwrap();
        assert_eq!(a.failed, [Failed::Section { section: 0, score: 50.0, pass_mark: 60.0 }]);
        let v = Visit { version: Some(1), ..v };
        assert!(alert(&r, None, "a.csv", &v, &score).unwrap().failed.is_empty(), "v2's mark is 40");
    }

    #[test]
    fn a_score_below_the_threshold_is_an_alert_and_one_at_it_is_not() {
        let r = rubric();
        // q1 and q2 yes, q3 no: 2 of 3 = 66.666..., s1 100 (no failed mark).
        let (v, s) = visit(&r, ["yes", "yes", "no"], "");
        let a = alert(&r, Some(70.0), "a.csv", &v, &s).unwrap();
        assert_eq!((a.critical, a.below, a.failed.len()), (false, true, 0));
        assert!(alert(&r, Some(200.0 / 3.0), "a.csv", &v, &s).is_none());
        assert!(alert(&r, None, "a.csv", &v, &s).is_none());
    }
}
