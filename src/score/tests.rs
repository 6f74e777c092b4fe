//! Compiled only for tests: the parent module declares it `#[cfg(test)] mod tests;`.
//!
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
    // With weights too: no section has a score, so Σ weight over them is 0 and the visit
    // has no score (not 0/0).
    let s = score(&rubric("", "    weight: 3\n", "    weight: 1\n", ""), ["", "N/A", "", "n/a", ""]);
    assert_eq!((s.score, s.sections), (None, vec![None, None]));
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
    assert!(s.has_critical_failure());
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
    assert!(!score(&r, BASE).has_critical_failure());
    assert_eq!(score(&r, ["N/A", "4", "", "OK", "45"]).critical_failures, 0);
}

#[test]
fn two_critical_failures_are_a_critical_failure() {
    // q1 fails (critical) and s1 = 100 × 2.25/5 = 45 < its pass mark 50: 2 failures, and
    // `has_critical_failure` is true for any count above 0, not only for 1.
    let r = rubric("critical_effect: flag", "    pass_mark: 50\n", "", ", critical: true");
    let s = score(&r, ["no", "4", "", "OK", "45"]);
    assert_eq!((s.critical_failures, s.has_critical_failure()), (2, true));
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
fn weighted_visit_with_only_a_bonus_scored_has_no_score() {
    // The review's case: with weights, nothing possible anywhere (only the bonus q5
    // scored). s1 earns 1 of 0 possible → no score; s2 nothing scored → no score; so
    // Σ weight over sections that have a score is 0 and the visit has none (§3, §6), not
    // the 100 that `NaN.min(100)` once made of 0/0, nor the 0 `cap` makes of a NaN: the
    // `possible > 0` and `weights > 0` guards decide, before `cap` is reached.
    for top in ["", "bonus_cap: false"] {
        let r = rubric(top, "    weight: 3\n", "    weight: 1\n", "");
        let s = score(&r, ["", "", "yes", "", ""]);
        assert_eq!((s.score, s.sections, s.critical_failures), (None, vec![None, None], 0), "{top}");
    }
}

#[test]
fn weighted_mean_of_capped_sections_is_capped_again() {
    // Every section at 100, weights 0.1 and 0.7: s1 = 100 × (2 + 3)/5 = 100,
    // s2 = 100 × (1 + 4)/5 = 100. In doubles: 0.1 × 100 = 10 and 0.7 × 100 = 70 (both
    // round to the whole number), Σ = 80; Σ weight = 0.1 + 0.7 = 0.7999999999999999 (one
    // ulp below 0.8, as 0.1 and 0.7 are both stored a hair low), and 80 / 0.7999999999999999
    // = 100.00000000000001. The second cap (in `weighted`, after the sections' own) is what
    // keeps that visit at 100 with bonus_cap: it is not redundant.
    assert_eq!(0.1f64 + 0.7, 0.799_999_999_999_999_9);
    let cells = ["yes", "5", "", "Great", "10"];
    let s = score(&rubric("", "    weight: 0.1\n", "    weight: 0.7\n", ""), cells);
    assert_eq!((s.sections, s.score), (vec![Some(100.0), Some(100.0)], Some(100.0)));
    let s = score(&rubric("bonus_cap: false", "    weight: 0.1\n", "    weight: 0.7\n", ""), cells);
    assert_eq!(s.score, Some(100.000_000_000_000_01));
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

/// §6 shapes together. s1: m (multi A 0.25, B 0.5, C 0.5; 2 pts), y (yes_no, 2 pts,
/// critical); s2: h (scale 0-10 step 0.5, 4 pts), b (yes_no bonus, 2 pts).
fn shapes(top: &str, weights: bool, s1_extra: &str) -> Rubric {
    let w = |n: u32| if weights { format!("    weight: {n}\n") } else { String::new() };
    let yaml = format!(
        "name: S\n{top}\nsections:\n  - id: s1\n{}{s1_extra}    questions:\n      - {{ id: m, type: multi, points: 2, options: {{ A: 0.25, B: 0.5, C: 0.5 }} }}\n      - {{ id: y, type: yes_no, points: 2, critical: true }}\n  - id: s2\n{}    questions:\n      - {{ id: h, type: scale, min: 0, max: 10, step: 0.5, points: 4 }}\n      - {{ id: b, type: yes_no, points: 2, bonus: true }}\n",
        w(1),
        w(1)
    );
    crate::rubric::parse(std::path::Path::new("s.yaml"), &yaml).unwrap()
}

fn score4(r: &Rubric, cells: [&str; 4]) -> VisitScore {
    let answers: Vec<_> = r.questions.iter().zip(cells).map(|(q, c)| parse(q, c)).collect();
    score_visit(r, &answers)
}

const ALL_GOOD: [&str; 4] = ["A; b", "yes", "7.5", "yes"];

#[test]
fn shapes_weighted_with_bonus_cap() {
    // m: 0.25 + 0.5 = 0.75 → 1.5 of 2; s1 = 100 × 3.5/4 = 87.5.
    // h: 7.5/10 = 0.75 → 3 of 4; bonus 2: s2 = 100 × 5/4 = 125 → 100.
    // visit = (87.5 + 100) / 2 = 93.75; uncapped (87.5 + 125) / 2 = 106.25
    let s = score4(&shapes("", true, ""), ALL_GOOD);
    assert_eq!((s.sections.clone(), s.score), (vec![Some(87.5), Some(100.0)], Some(93.75)));
    assert_eq!(score4(&shapes("bonus_cap: false", true, ""), ALL_GOOD).score, Some(106.25));
}

#[test]
fn shapes_unweighted_with_bonus_cap() {
    // 100 × (1.5 + 2 + 3 + 2) / 8 = 106.25 → 100
    assert_eq!(score4(&shapes("", false, ""), ALL_GOOD).score, Some(100.0));
    assert_eq!(score4(&shapes("bonus_cap: false", false, ""), ALL_GOOD).score, Some(106.25));
}

#[test]
fn multi_capped_at_one_and_missing_left_out() {
    // A;B;C = 1.25 → 1: s1 = 100 × 4/4 = 100
    assert_eq!(score4(&shapes("", true, ""), ["a;B;c", "yes", "7.5", "yes"]).sections[0], Some(100.0));
    // m missing: s1 = 100 × 2/2 = 100; visit (100 + 100) / 2 = 100
    assert_eq!(score4(&shapes("", true, ""), ["", "yes", "7.5", "yes"]).score, Some(100.0));
}

#[test]
fn shapes_with_each_critical_effect() {
    // y fails: s1 = 100 × 1.5/4 = 37.5; s2 = 100 (capped)
    let cells = ["A;B", "no", "7.5", "yes"];
    let flag = score4(&shapes("critical_effect: flag", true, ""), cells);
    assert_eq!((flag.score, flag.critical_failures), (Some(68.75), 1)); // (37.5 + 100) / 2
    let zero = score4(&shapes("critical_effect: zero_visit", true, ""), cells);
    assert_eq!((zero.score, zero.sections[0]), (Some(0.0), Some(37.5)));
    let section = score4(&shapes("critical_effect: zero_section", true, ""), cells);
    assert_eq!((section.score, section.sections[0]), (Some(50.0), Some(0.0))); // (0 + 100) / 2
    // unweighted zero_section: 100 × (0 + 3 + 2) / 8 = 62.5
    assert_eq!(score4(&shapes("critical_effect: zero_section", false, ""), cells).score, Some(62.5));
}

#[test]
fn only_bonus_in_a_section_with_na_scale() {
    // h N/A: s2 has only the bonus → no score; weighted visit = s1 = 87.5;
    // unweighted 100 × (1.5 + 2 + 2) / 4 = 137.5 → 100 capped
    let cells = ["A;B", "yes", "n/a", "yes"];
    let s = score4(&shapes("", true, ""), cells);
    assert_eq!((s.sections[1], s.score), (None, Some(87.5)));
    assert_eq!(score4(&shapes("", false, ""), cells).score, Some(100.0));
    assert_eq!(score4(&shapes("bonus_cap: false", false, ""), cells).score, Some(137.5));
}

#[test]
fn pass_mark_with_flag_keeps_the_score() {
    // s1 = 87.5 < 90: one critical failure, scores as computed (93.75)
    let s = score4(&shapes("critical_effect: flag", true, "    pass_mark: 90\n"), ALL_GOOD);
    assert_eq!((s.score, s.critical_failures), (Some(93.75), 1));
    // zero_visit: 0
    assert_eq!(score4(&shapes("", true, "    pass_mark: 90\n"), ALL_GOOD).score, Some(0.0));
}

#[test]
fn half_steps_off_the_grid_are_invalid_and_left_out() {
    // h 7.3 invalid: s2 = only the bonus → no score; visit = s1 = 87.5
    let s = score4(&shapes("", true, ""), ["A;B", "yes", "7.3", "yes"]);
    assert_eq!((s.sections[1], s.score), (None, Some(87.5)));
}

#[test]
fn cap_bounds_every_score() {
    let capped = plain();
    let uncapped = rubric("bonus_cap: false", "", "", "");
    // In range: unchanged, to the last digit.
    for v in [0.0, 0.1, 67.5, 99.999_999_999_999_99, 100.0] {
        assert_eq!(cap(&capped, v), v);
        assert_eq!(cap(&uncapped, v), v);
    }
    // Above 100: capped unless bonus_cap is false.
    assert_eq!((cap(&capped, 100.5), cap(&uncapped, 100.5)), (100.0, 100.5));
    assert_eq!((cap(&capped, f64::INFINITY), cap(&uncapped, f64::INFINITY)), (100.0, f64::MAX));
    // Below 0 and NaN: 0.
    for v in [-0.5, f64::NEG_INFINITY, f64::NAN] {
        assert_eq!((cap(&capped, v), cap(&uncapped, v)), (0.0, 0.0), "{v}");
    }
}

/// `rubric` with every question's points and every section's weight set to `points`
/// and `weight`: values no validated rubric can hold, to test the scorer's guard.
fn insane(top: &str, points: f64, weight: Option<f64>) -> Rubric {
    let mut r = rubric(top, "    weight: 1\n", "    weight: 1\n", "");
    for q in &mut r.questions {
        q.points = points;
    }
    for s in &mut r.sections {
        s.weight = weight;
    }
    r
}

fn assert_bounded(s: &VisitScore, top: f64) {
    for v in s.sections.iter().chain([&s.score]).flatten() {
        assert!(v.is_finite() && (0.0..=top).contains(v), "{s:?}");
    }
}

#[test]
fn overflowing_sums_give_no_score_of_100() {
    // Σ possible = 10 × 1e308 overflows to ∞; ∞/∞ was NaN, which min(100) made 100 for
    // every visit. Now it is 0 (below any gate), and never NaN or ∞.
    let all_yes = ["yes", "5", "yes", "Great", "10"];
    for (weight, top) in [(None, ""), (Some(1e308), ""), (None, "bonus_cap: false")] {
        let r = insane(top, 1e308, weight);
        let s = score(&r, all_yes);
        assert_bounded(&s, f64::MAX);
        assert_eq!(s.score, Some(0.0), "weight {weight:?}, {top}");
    }
}

#[test]
fn negative_or_huge_bonus_points_stay_in_bounds() {
    // q1 at -3 points answered yes earns -3; q2 at 5 points answered 1 (f = 0) makes
    // 100 × (-3) / (-3 + 5) = -150 in s1, and the visit (s2 all N/A) the same: both 0.
    let mut r = plain();
    r.questions[0].points = -3.0;
    r.questions[1].points = 5.0;
    let s = score(&r, ["yes", "1", "", "N/A", "N/A"]);
    assert_eq!((s.sections[0], s.score), (Some(0.0), Some(0.0)));
    // A bonus of 1e308 over 1e-300 possible, uncapped: ∞ becomes f64::MAX, finite.
    let mut r = insane("bonus_cap: false", 1e-300, None);
    r.questions[2].points = 1e308;
    let s = score(&r, ["yes", "N/A", "yes", "N/A", "N/A"]);
    assert_eq!(s.sections[0], Some(f64::MAX));
    assert_bounded(&s, f64::MAX);
}

/// v1: s1 = a (1 point), b (3). v2, from 2026-09-01: s0 = c (1) first, then s1 = b (now
/// 1 point); a removed. The merged view: sections s0, s1; questions c, b, then a (only in
/// v1). Answers at the view's indices: c yes, b no, a yes.
/// - by v1: a 1 of 1, b 0 of 3: s1 = 100 × 1 / 4 = 25, visit 25; s0 is not v1's: none.
/// - by v2: c 1 of 1, b 0 of 1: s0 = 100, s1 = 0, visit 100 × 1 / 2 = 50.
#[test]
fn each_version_scores_by_its_own_rules_and_places_its_sections() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = "name: P\nversion: v1\nsections:\n  - id: s1\n    questions:\n      - { id: a, type: yes_no }\n      - { id: b, type: yes_no, points: 3 }\n";
    let v2 = "name: P\nversion: v2\neffective_from: 2026-09-01\nsections:\n  - id: s0\n    questions:\n      - { id: c, type: yes_no }\n  - id: s1\n    questions:\n      - { id: b, type: yes_no }\n";
    let paths = [dir.path().join("v1.yaml"), dir.path().join("v2.yaml")];
    std::fs::write(&paths[0], v1).unwrap();
    std::fs::write(&paths[1], v2).unwrap();
    let r = crate::rubric::load_versions(&paths).unwrap();
    let ids: Vec<&str> = r.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["c", "b", "a"]);
    let answers = [Answer::Scored(1.0), Answer::Scored(0.0), Answer::Scored(1.0)];
    let (mut out, mut scratch) = (VisitScore::default(), Scratch::default());
    score_in_version(&r, 0, &answers, &mut out, &mut scratch);
    assert_eq!((out.score, out.sections.clone()), (Some(25.0), vec![None, Some(25.0)]));
    score_in_version(&r, 1, &answers, &mut out, &mut scratch);
    assert_eq!((out.score, out.sections.clone()), (Some(50.0), vec![Some(100.0), Some(0.0)]));
}

/// With one rubric file, a visit is scored as [`score_into`] scores it: BASE is 67.5
/// (worked in `unweighted_sections_and_visit`).
///
/// Equivalent mutant (cargo mutants): `score_in_version`'s guard `rubric.versioned()`
/// replaced by `true` survives. One rubric file has no `versions` (the list is filled only
/// for two or more), so `versions.get(version)` is `None` and the guard is never reached
/// with one file; with two or more it is true anyway.
#[test]
fn one_rubric_file_scores_as_ever() {
    let r = plain();
    let answers: Vec<_> = r.questions.iter().zip(BASE).map(|(q, c)| parse(q, c)).collect();
    let (mut out, mut scratch) = (VisitScore::default(), Scratch::default());
    score_in_version(&r, 0, &answers, &mut out, &mut scratch);
    assert_eq!((out.score, out.sections), (Some(67.5), vec![Some(85.0), Some(50.0)]));
}
