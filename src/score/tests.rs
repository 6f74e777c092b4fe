//! Hand-computed cases for every rule of SCORING.md §3 and §6. The expected numbers in
//! the comments were worked out on paper from the rubric below.

use super::*;
use crate::ingest::answer::parse;
use crate::rubric::Rubric;

/// s1: q1 yes_no (2 pts), q2 scale 1-5 (3 pts); s2: q3 choice (1 pt), q4 number (4 pts).
fn rubric(top: &str, s1_extra: &str, s2_extra: &str, q_extra: &str) -> Rubric {
    let yaml = format!(
        "name: T\n{top}\nsections:\n  - id: s1\n{s1_extra}    questions:\n      - {{ id: q1, type: yes_no, points: 2 {q_extra} }}\n      - {{ id: q2, type: scale, points: 3 }}\n      - {{ id: q5, type: yes_no, bonus: true }}\n  - id: s2\n{s2_extra}    questions:\n      - {{ id: q3, type: choice, options: {{ Great: 1, OK: 0.5, Poor: 0 }} }}\n      - id: q4\n        type: number\n        points: 4\n        bands: [{{ max: 30, score: 1 }}, {{ min: 31, max: 60, score: 0.5 }}, {{ min: 61, score: 0 }}]\n"
    );
    match crate::rubric::parse(std::path::Path::new("t.yaml"), &yaml) {
        Ok(r) => r,
        Err(e) => panic!("test rubric: {e}\n{yaml}"),
    }
}

fn plain() -> Rubric {
    rubric("", "", "", "")
}

/// Answers for q1, q2, q5 (bonus), q3, q4.
fn score(r: &Rubric, cells: [&str; 5]) -> VisitScore {
    let answers: Vec<_> = r.questions.iter().zip(cells).map(|(q, c)| parse(q, c)).collect();
    score_visit(r, &answers)
}

const BASE: [&str; 5] = ["yes", "4", "", "OK", "45"];

#[test]
fn unweighted_sections_and_visit() {
    // s1 = 100 × (2 + 0.75×3) / 5 = 85; s2 = 100 × (0.5 + 0.5×4) / 5 = 50;
    // visit = 100 × 6.75 / 10 = 67.5
    let s = score(&plain(), BASE);
    assert_eq!(s.sections, vec![Some(85.0), Some(50.0)]);
    assert_eq!(s.score, Some(67.5));
    assert_eq!(s.critical_failures, 0);
}

#[test]
fn weighted_visit() {
    // (3 × 85 + 1 × 50) / 4 = 76.25
    let r = rubric("", "    weight: 3\n", "    weight: 1\n", "");
    assert_eq!(score(&r, BASE).score, Some(76.25));
}

#[test]
fn na_missing_and_invalid_are_excluded() {
    // q2 out: s1 = 100 × 2/2 = 100; visit = 100 × 4.5 / 7 = 64.2857142857...
    for q2 in ["N/A", "", "seven", "6", "2.5"] {
        let s = score(&plain(), ["yes", q2, "", "OK", "45"]);
        assert_eq!(s.sections[0], Some(100.0), "q2 = {q2:?}");
        assert!((s.score.unwrap() - 64.285_714_285_714_29).abs() < 1e-9, "q2 = {q2:?}");
    }
}

#[test]
fn section_without_scored_answers_has_no_score() {
    // s2 all N/A: weighted visit = s1 alone = 85; unweighted = 100 × 4.25/5 = 85
    let cells = ["yes", "4", "", "na", "-"];
    let r = rubric("", "    weight: 3\n", "    weight: 1\n", "");
    assert_eq!(score(&r, cells).sections, vec![Some(85.0), None]);
    assert_eq!(score(&r, cells).score, Some(85.0));
    assert_eq!(score(&plain(), cells).score, Some(85.0));
}

#[test]
fn nothing_scored_means_no_score() {
    let s = score(&plain(), ["", "N/A", "", "n/a", ""]);
    assert_eq!(s.score, None);
    assert_eq!(s.sections, vec![None, None]);
}

#[test]
fn expected_no_inverts_yes_no() {
    let r = rubric("", "", "", ", expected: no");
    // q1 "no" expected: 2/2 → same as BASE; "yes" fails: s1 = 100 × 2.25/5 = 45
    assert_eq!(score(&r, ["no", "4", "", "OK", "45"]).sections[0], Some(85.0));
    assert_eq!(score(&r, ["Y", "4", "", "OK", "45"]).sections[0], Some(45.0));
}

#[test]
fn critical_zero_visit_keeps_sections() {
    let r = rubric("", "", "", ", critical: true");
    let s = score(&r, ["no", "4", "", "OK", "45"]);
    assert_eq!((s.score, s.critical_failures), (Some(0.0), 1));
    assert_eq!(s.sections, vec![Some(45.0), Some(50.0)]);
}

#[test]
fn critical_zero_section() {
    // s1 earns 0 of 5: unweighted visit = 100 × 2.5/10 = 25; weighted (3×0 + 50)/4 = 12.5
    let cells = ["no", "4", "", "OK", "45"];
    let r = rubric("critical_effect: zero_section", "", "", ", critical: true");
    let s = score(&r, cells);
    assert_eq!((s.sections[0], s.score, s.critical_failures), (Some(0.0), Some(25.0), 1));
    let r = rubric("critical_effect: zero_section", "    weight: 3\n", "    weight: 1\n", ", critical: true");
    assert_eq!(score(&r, cells).score, Some(12.5));
}

#[test]
fn critical_flag_keeps_every_score() {
    // visit = 100 × (0 + 2.25 + 2.5) / 10 = 47.5
    let r = rubric("critical_effect: flag", "", "", ", critical: true");
    let s = score(&r, ["no", "4", "", "OK", "45"]);
    assert_eq!((s.score, s.critical_failures), (Some(47.5), 1));
    assert_eq!(s.sections, vec![Some(45.0), Some(50.0)]);
}

#[test]
fn passed_or_unanswered_critical_is_no_failure() {
    let r = rubric("", "", "", ", critical: true");
    assert_eq!(score(&r, BASE).critical_failures, 0);
    assert_eq!(score(&r, ["N/A", "4", "", "OK", "45"]).critical_failures, 0);
}

#[test]
fn bonus_adds_earned_not_possible_and_is_capped() {
    // s1 = 100 × (2 + 3 + 1) / 5 = 120 → 100 capped; visit = 100 × 8.5/10 = 85
    let cells = ["yes", "5", "yes", "OK", "45"];
    let s = score(&plain(), cells);
    assert_eq!((s.sections[0], s.score), (Some(100.0), Some(85.0)));
    let s = score(&rubric("bonus_cap: false", "", "", ""), cells);
    assert_eq!((s.sections[0], s.score), (Some(120.0), Some(85.0)));
}

#[test]
fn bonus_cap_with_weights() {
    // (3 × 100 + 50) / 4 = 87.5 capped; (3 × 120 + 50) / 4 = 102.5 uncapped
    let cells = ["yes", "5", "yes", "OK", "45"];
    assert_eq!(score(&rubric("", "    weight: 3\n", "    weight: 1\n", ""), cells).score, Some(87.5));
    assert_eq!(score(&rubric("bonus_cap: false", "    weight: 3\n", "    weight: 1\n", ""), cells).score, Some(102.5));
}

#[test]
fn visit_score_is_capped_too() {
    // only s1 answered: 100 × 6/5 = 120 → 100
    let cells = ["yes", "5", "yes", "", ""];
    assert_eq!(score(&plain(), cells).score, Some(100.0));
    assert_eq!(score(&rubric("bonus_cap: false", "", "", ""), cells).score, Some(120.0));
}

#[test]
fn only_bonus_answers_give_no_score() {
    // s1: only the bonus scored → no score. Unweighted visit: 100 × (1 + 2.5) / 5 = 70;
    // weighted: s2 alone = 50.
    let cells = ["", "N/A", "yes", "OK", "45"];
    let s = score(&plain(), cells);
    assert_eq!((s.sections[0], s.score), (None, Some(70.0)));
    assert_eq!(score(&rubric("", "    weight: 3\n", "    weight: 1\n", ""), cells).score, Some(50.0));
    assert_eq!(score(&plain(), ["", "", "yes", "", ""]).score, None);
}

#[test]
fn bonus_in_a_zeroed_section_earns_nothing() {
    // s1 zeroed: visit = 100 × (0 + 2.5) / 10 = 25
    let r = rubric("critical_effect: zero_section", "", "", ", critical: true");
    let s = score(&r, ["no", "5", "yes", "OK", "45"]);
    assert_eq!((s.sections[0], s.score), (Some(0.0), Some(25.0)));
}

#[test]
fn pass_mark_with_each_effect() {
    // s2 = 50 < 60
    let s = score(&rubric("", "", "    pass_mark: 60\n", ""), BASE);
    assert_eq!((s.score, s.critical_failures, s.sections[1]), (Some(0.0), 1, Some(50.0)));
    // zero_section: 100 × (4.25 + 0) / 10 = 42.5
    let s = score(&rubric("critical_effect: zero_section", "", "    pass_mark: 60\n", ""), BASE);
    assert_eq!((s.score, s.critical_failures, s.sections[1]), (Some(42.5), 1, Some(0.0)));
    let s = score(&rubric("critical_effect: flag", "", "    pass_mark: 60\n", ""), BASE);
    assert_eq!((s.score, s.critical_failures), (Some(67.5), 1));
    // at the mark is a pass
    assert_eq!(score(&rubric("", "", "    pass_mark: 50\n", ""), BASE).critical_failures, 0);
}

#[test]
fn pass_mark_on_a_section_without_score_is_no_failure() {
    let s = score(&rubric("", "", "    pass_mark: 60\n", ""), ["yes", "4", "", "n/a", ""]);
    assert_eq!((s.score, s.critical_failures), (Some(85.0), 0));
}

#[test]
fn pass_mark_is_checked_after_critical_zeroing() {
    // q1 fails: s1 zeroed (critical failure 1), then 0 < 50 (failure 2)
    let r = rubric("critical_effect: zero_section", "    pass_mark: 50\n", "", ", critical: true");
    let s = score(&r, ["no", "5", "", "OK", "45"]);
    assert_eq!((s.sections[0], s.critical_failures), (Some(0.0), 2));
}
