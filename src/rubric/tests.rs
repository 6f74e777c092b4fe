//! Compiled only for tests: the parent module declares it `#[cfg(test)] mod tests;`.
//!
//! Every rubric rule of SCORING.md §1 and §6 refuses a broken rubric with a position,
//! the path in the rubric and a hint.

use std::path::Path;

use super::*;

const GOOD: &str = "name: T
sections:
  - id: s1
    questions:
      - id: q1
        type: yes_no
";

fn errors(yaml: &str) -> Vec<RubricError> {
    match parse(Path::new("r.yaml"), yaml) {
        Ok(_) => panic!("rubric accepted:\n{yaml}"),
        Err(e) => e.0,
    }
}

/// A rubric whose only question is `q1` with the given extra lines (8-space indent).
fn with_q(extra: &str) -> String {
    format!("{GOOD}{extra}")
}

fn one(yaml: &str) -> RubricError {
    let mut e = errors(yaml);
    assert_eq!(e.len(), 1, "{e:?}");
    e.remove(0)
}

#[test]
fn defaults_follow_the_contract() {
    let r = parse(Path::new("r.yaml"), GOOD).unwrap();
    let q = &r.questions[0];
    assert_eq!((q.points, q.na, q.critical, q.bonus, q.column.as_str()), (1.0, true, false, false, "q1"));
    assert!(matches!(q.kind, QuestionKind::YesNo { expected: true }));
    assert_eq!((r.critical_effect, r.bonus_cap, r.date_format.as_str()), (CriticalEffect::ZeroVisit, true, "%Y-%m-%d"));
    assert_eq!(r.fields.visit_id, "visit_id");
    let r = parse(Path::new("r.yaml"), &with_q("      - { id: q2, type: scale }\n")).unwrap();
    assert!(matches!(r.questions[1].kind, QuestionKind::Scale { min: 1.0, max: 5.0, step: 1.0 }));
}

#[test]
fn unknown_key_has_line_column_and_hint() {
    let e = one(&with_q("        ponts: 3\n"));
    assert_eq!((e.line, e.column), (Some(7), Some(9)));
    assert_eq!(e.path, "sections[0].questions[0]");
    assert!(e.problem.contains("unknown field `ponts`"), "{}", e.problem);
    assert!(e.hint.as_deref().unwrap_or("").contains("did you mean `points`"), "{:?}", e.hint);
    let shown = e.to_string();
    assert!(shown.starts_with("r.yaml:7:9: sections[0].questions[0]: unknown field"), "{shown}");
}

#[test]
fn yaml_syntax_error_has_position() {
    let e = one("name: T\nsections: [\n");
    assert!(e.line.is_some() && e.column.is_some(), "{e}");
}

#[test]
fn wrong_type_of_value_has_position() {
    let e = one(&with_q("        points: lots\n"));
    assert_eq!(e.line, Some(7));
}

#[test]
fn duplicate_ids_across_sections_and_questions() {
    let e = one("name: T\nsections:\n  - id: s1\n    questions:\n      - { id: s1, type: yes_no }\n");
    assert!(e.problem.contains("used twice"));
    assert_eq!(e.path, "sections[0].questions[0].id");
    assert_eq!(e.line, Some(3), "located at the first line with that id");
}

#[test]
fn id_characters() {
    let e = one("name: T\nsections:\n  - id: Greeting\n    questions:\n      - { id: q1, type: yes_no }\n");
    assert!(e.problem.contains("a-z, 0-9"));
    assert!(e.hint.as_deref().unwrap_or("").contains("greeting"));
}

#[test]
fn unknown_type_suggests_the_closest() {
    let e = one("name: T\nsections:\n  - id: s1\n    questions:\n      - id: q1\n        type: yesno\n");
    assert_eq!((e.path.as_str(), e.line, e.column), ("sections[0].questions[0].type", Some(6), Some(9)));
    assert!(e.hint.as_deref().unwrap_or("").contains("`yes_no`"), "{:?}", e.hint);
}

#[test]
fn weights_on_some_sections_only() {
    let yaml = "name: T\nsections:\n  - id: s1\n    weight: 2\n    questions: [{ id: q1, type: yes_no }]\n  - id: s2\n    questions: [{ id: q2, type: yes_no }]\n";
    let e = one(yaml);
    assert_eq!((e.path.as_str(), e.line), ("sections[1]", Some(6)));
}

#[test]
fn fractions_outside_0_1_and_bad_bands() {
    let e = one(&with_q("      - { id: q2, type: choice, options: { Good: 1, Bad: -0.5 } }\n"));
    assert_eq!(e.path, "sections[0].questions[1].options.Bad");
    let e = one(&with_q(
        "      - id: q2\n        type: number\n        bands:\n          - { min: 0, max: 10, score: 1 }\n          - { min: 20, max: 10, score: 0.5 }\n",
    ));
    assert_eq!((e.path.as_str(), e.line), ("sections[0].questions[1].bands[1]", Some(9)));
    let e = one(&with_q("      - { id: q2, type: number, bands: [{ max: 5, score: 1.5 }] }\n"));
    assert_eq!(e.path, "sections[0].questions[1].bands[0].score");
}

#[test]
fn empty_things_are_refused() {
    assert!(one("name: T\nsections: []\n").problem.contains("no sections"));
    assert!(one("name: T\nsections:\n  - id: s1\n    questions: []\n").problem.contains("no questions"));
    assert!(one(&with_q("      - { id: q2, type: choice }\n")).problem.contains("no options"));
    assert!(one(&with_q("      - { id: q2, type: number }\n")).problem.contains("no bands"));
    assert!(one("sections:\n  - id: s1\n    questions: [{ id: q1, type: yes_no }]\n").problem.contains("no name"));
}

#[test]
fn scale_rules() {
    assert!(one(&with_q("      - { id: q2, type: scale, min: 5, max: 5 }\n")).problem.contains("above min"));
    assert!(
        one(&with_q("      - { id: q2, type: scale, min: 0, max: 10, step: 3 }\n")).problem.contains("does not divide")
    );
    assert!(one(&with_q("      - { id: q2, type: scale, step: 0 }\n")).problem.contains("above 0"));
    assert!(parse(Path::new("r"), &with_q("      - { id: q2, type: scale, min: 0, max: 10, step: 0.5 }\n")).is_ok());
    assert!(parse(Path::new("r"), &with_q("      - { id: q2, type: scale, min: 0, max: 1, step: 0.1 }\n")).is_ok());
}

#[test]
fn keys_of_another_type() {
    let e = one(&with_q("      - { id: q2, type: yes_no, bands: [{ score: 1 }] }\n"));
    assert!(e.problem.contains("`bands` does not apply to a yes_no question"), "{}", e.problem);
}

#[test]
fn bonus_critical_pass_mark_and_comment_rules() {
    assert!(one(&with_q("        bonus: true\n        critical: true\n")).problem.contains("cannot be critical"));
    assert!(one(&with_q("        comment_required_on_fail: true\n")).problem.contains("no comment column"));
    let e = one("name: T\nsections:\n  - id: s1\n    pass_mark: 120\n    questions: [{ id: q1, type: yes_no }]\n");
    assert_eq!((e.path.as_str(), e.line), ("sections[0].pass_mark", Some(4)));
    assert!(
        one(&with_q("      - { id: q2, type: multi, options: { \"a;b\": 1 } }\n"))
            .problem
            .contains("cannot be an answer label")
    );
}

#[test]
fn top_level_rules() {
    assert!(one(&format!("{GOOD}target: 120\n")).problem.contains("not a percentage"));
    let e = one(&format!("{GOOD}critical_effect: zero\n"));
    assert!(e.hint.as_deref().unwrap_or("").contains("zero_visit"), "{:?}", e.hint);
    assert!(one(&format!("{GOOD}date_format: \"%Y-%m\"\n")).problem.contains("not a valid date format"));
    assert!(
        one(&format!("{GOOD}grades:\n  - {{ name: A, min: 50 }}\n  - {{ name: B, min: 50 }}\n"))
            .problem
            .contains("two grades")
    );
    assert!(one(&format!("{GOOD}fields: {{ visit_id: q1 }}\n")).problem.contains("already read"));
}

#[test]
fn several_errors_are_all_reported() {
    let yaml = "name: T\nsections:\n  - id: s1\n    questions:\n      - { id: q1, type: yes_no, points: 0 }\n      - { id: q1, type: scale, max: 0 }\n";
    assert_eq!(errors(yaml).len(), 3);
}

#[test]
fn grades_sorted_highest_first() {
    let r = parse(
        Path::new("r"),
        &format!(
            "{GOOD}grades:\n  - {{ name: Low, min: 0 }}\n  - {{ name: Top, min: 90 }}\n  - {{ name: Mid, min: 75 }}\n"
        ),
    )
    .unwrap();
    assert_eq!(r.grade(90.0), Some("Top"));
    assert_eq!(r.grade(89.99), Some("Mid"));
    assert_eq!(r.grade(0.0), Some("Low"));
    let r = parse(Path::new("r"), &format!("{GOOD}grades:\n  - {{ name: Top, min: 90 }}\n")).unwrap();
    assert_eq!(r.grade(50.0), None);
}

#[test]
fn checks_are_validated() {
    let e = one(&format!("{GOOD}checks: {{ max_visits_per_shopper_location: 0 }}\n"));
    assert_eq!(e.path, "checks.max_visits_per_shopper_location");
    let e = one(&format!("{GOOD}checks: {{ straightlining: true }}\n"));
    assert!(e.hint.as_deref().unwrap_or("").contains("did you mean `straight_lining`"), "{:?}", e.hint);
}
