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
    assert!(e.problem.contains("unknown key `ponts`"), "{}", e.problem);
    assert!(e.hint.as_deref().unwrap_or("").contains("did you mean `points`"), "{:?}", e.hint);
    let shown = e.to_string();
    assert!(shown.starts_with("r.yaml:7:9: sections[0].questions[0]: unknown key"), "{shown}");
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
    assert_eq!(e.line, Some(5), "located at the second use of that id");
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
    assert_eq!((e.path.as_str(), e.line), ("sections[0].questions[1].bands[1]", Some(11)), "at the band itself");
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
    // Whole numbers: plain digits (a leading + allowed); quoted, negative or decimal refused.
    let yaml = format!("{GOOD}checks: {{ max_visits_per_shopper_location: 3, min_minutes_between_locations: +45 }}\n");
    let r = parse(Path::new("r"), &yaml).unwrap();
    assert_eq!((r.checks.max_visits_per_shopper_location, r.checks.min_minutes_between_locations), (Some(3), Some(45)));
    for v in ["\"3\"", "-1", "2.5"] {
        let e = one(&format!("{GOOD}checks: {{ min_minutes_between_locations: {v} }}\n"));
        assert!(e.problem.ends_with("is not a whole number (0 or more)"), "{v}: {}", e.problem);
    }
}

#[test]
fn null_and_empty_values_are_left_out() {
    // `~`, `null` and nothing after the colon mean the key is not given: its default holds.
    let r = parse(Path::new("r"), &with_q("        points: ~\n        text:\n        critical: null\n")).unwrap();
    let q = &r.questions[0];
    assert_eq!((q.points, q.text.as_str(), q.critical), (1.0, "q1", false));
    // An empty list item is no mapping, and says so.
    let e = one(&with_q("      -\n"));
    assert_eq!(e.problem, "an empty value is not a mapping of keys");
}

#[test]
fn a_byte_order_mark_is_not_a_document() {
    let r = parse(Path::new("r.yaml"), &format!("\u{FEFF}{GOOD}")).unwrap();
    assert_eq!(r.name, "T");
}

#[test]
fn a_duplicate_key_is_reported_at_the_second() {
    let e = one(&with_q("        points: 2\n        points: 3\n"));
    assert_eq!((e.line, e.column), (Some(8), Some(9)));
    assert!(e.problem.contains("`points` is written twice (first on line 7)"), "{}", e.problem);
}

#[test]
fn every_wrong_type_is_reported_each_at_its_value() {
    let yaml = "name: [T]\nbonus_cap: maybe\ngrades: [{ name: A, min: high }]\nsections:\n  - id: s1\n    weight: heavy\n    questions:\n      - { id: q1, type: yes_no, points: \"2\", na: 0 }\n      - { id: q2, type: number, bands: [{ max: x, score: 1 }] }\n      - { id: q3, type: choice, options: { Yes: all } }\ncheck: {}\n";
    let e = errors(yaml);
    let got: Vec<(&str, Option<usize>, Option<usize>)> =
        e.iter().map(|e| (e.path.as_str(), e.line, e.column)).collect();
    assert_eq!(
        got,
        [
            ("name", Some(1), Some(7)),
            ("bonus_cap", Some(2), Some(12)),
            ("grades[0].min", Some(3), Some(26)),
            ("sections[0].weight", Some(6), Some(13)),
            ("sections[0].questions[0].points", Some(8), Some(41)),
            ("sections[0].questions[0].na", Some(8), Some(50)),
            ("sections[0].questions[1].bands[0].max", Some(9), Some(48)),
            ("sections[0].questions[2].options.Yes", Some(10), Some(49)),
            ("", Some(11), Some(1)),
        ]
    );
    assert!(e[4].problem.contains("the quoted text \"2\" is not a number"), "{}", e[4].problem);
    assert_eq!(e[3].problem, "`heavy` is not a number");
    assert!(e[8].problem.contains("unknown key `check`"), "{}", e[8].problem);
    assert_eq!(e[8].hint.as_deref(), Some("did you mean `checks`?"));
}

#[test]
fn a_missing_key_is_reported_at_its_item() {
    let e = one("name: T\nsections:\n  - title: S\n    questions: [{ id: q1, type: yes_no }]\n");
    assert_eq!((e.path.as_str(), e.line, e.column), ("sections[0]", Some(3), Some(5)));
    assert_eq!((e.problem.as_str(), e.hint.as_deref()), ("missing key `id`", Some("add `id:`")));
}

#[test]
fn numbers_outside_their_bounds_are_refused_with_the_bound() {
    // Overflowing sums: points and weights near the largest double.
    for extra in ["        points: 1e308\n", "        points: 5e-324\n", "        points: 1000000.5\n"] {
        let e = one(&with_q(extra));
        assert_eq!((e.path.as_str(), e.line, e.column), ("sections[0].questions[0].points", Some(7), Some(9)));
        assert!(e.hint.as_deref().unwrap_or("").contains("0.000001 to 1000000"), "{:?}", e.hint);
    }
    // Zero or below says so; above the bound names the range.
    for (v, problem) in [("-1", "points -1 must be above 0"), ("0", "points 0 must be above 0")] {
        assert_eq!(one(&with_q(&format!("        points: {v}\n"))).problem, problem);
    }
    assert_eq!(one(&with_q("        points: 2e6\n")).problem, "points 2000000 is outside the allowed range");
    let e = one("name: T\nsections:\n  - id: s1\n    weight: 1e308\n    questions: [{ id: q1, type: yes_no }]\n");
    assert_eq!((e.path.as_str(), e.line), ("sections[0].weight", Some(4)));
    // The bounds themselves are allowed.
    assert!(parse(Path::new("r"), &with_q("        points: 1000000\n")).is_ok());
    assert!(parse(Path::new("r"), &with_q("        points: 0.000001\n")).is_ok());
    // A scale of -1e308..1e308: both ends refused, each at its key.
    let e = errors(&with_q("      - { id: q2, type: scale, min: -1e308, max: 1e308 }\n"));
    let got: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(got, ["sections[0].questions[1].min", "sections[0].questions[1].max"]);
    assert_eq!((e[0].line, e[0].column), (Some(7), Some(32)), "at the `min:` key");
    assert!(e[0].hint.as_deref().unwrap_or("").contains("-1000000000 to 1000000000"));
    assert!(
        parse(Path::new("r"), &with_q("      - { id: q2, type: scale, min: -1e9, max: 1e9, step: 2000 }\n")).is_ok()
    );
    let e = one(&with_q("      - { id: q2, type: scale, min: 0, max: 1, step: 0.0000001 }\n"));
    assert!(e.problem.contains("more than 1000000 steps"), "{}", e.problem);
    // Band edges.
    let e = one(&with_q("      - { id: q2, type: number, bands: [{ min: -.inf, max: 5, score: 1 }] }\n"));
    assert_eq!(e.path, "sections[0].questions[1].bands[0].min");
    assert!(
        one(&with_q("      - { id: q2, type: number, bands: [{ max: 2e9, score: 1 }] }\n"))
            .problem
            .contains("band max")
    );
    // Percentages and fractions that are not finite.
    assert!(one(&format!("{GOOD}target: .nan\n")).problem.contains("not a percentage"));
    assert!(
        one(&with_q("      - { id: q2, type: choice, options: { A: .inf } }\n")).problem.contains("not a fraction")
    );
}

#[test]
fn a_second_document_is_refused() {
    let e = one(&format!("{GOOD}---\nname: U\n"));
    assert_eq!(e.line, Some(7));
    assert!(e.problem.contains("second YAML document"));
}

#[test]
fn a_name_too_long_for_a_file_name_is_refused() {
    let at_most = format!("name: {}\n{}", "n".repeat(MAX_NAME_CHARS), &GOOD[8..]);
    assert!(parse(Path::new("r"), &at_most).is_ok());
    let e = one(&format!("name: {}\n{}", "n".repeat(300), &GOOD[8..]));
    assert_eq!((e.path.as_str(), e.line, e.column), ("name", Some(1), Some(1)));
    assert!(e.problem.contains("300 characters long; at most 100"), "{}", e.problem);
}

/// The rubric's SHA-256 is of the file's bytes as they were read (its byte-order mark
/// included, as `sha256sum` gives it), taken when the rubric is loaded; text parsed
/// without a file has none.
#[test]
fn the_sha256_is_of_the_bytes_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    let text = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
    std::fs::write(&path, [b"\xef\xbb\xbf", text.as_bytes()].concat()).unwrap();
    let rubric = load(&path).unwrap();
    // `printf '\xef\xbb\xbfname: T\n...' | sha256sum`
    assert_eq!(rubric.sha256.as_deref(), Some("4c2bb3c2c7aa1775440260fcf448fe89dfc2095a51946007a3d6e853d8198b64"));
    assert_eq!(parse(&path, text).unwrap().sha256, None);
}

/// `fields.keep`: headers trimmed, in order; not a list, blank, or read by a question (here
/// `q1`, its default column) are errors at the item (line 2 is `fields:`, the list on it).
#[test]
fn kept_columns_are_their_own() {
    let r = parse(Path::new("r.yaml"), &format!("fields: {{ keep: [\" Narrative \", Receipt] }}\n{GOOD}")).unwrap();
    assert_eq!(r.fields.keep, ["Narrative", "Receipt"]);
    assert!(parse(Path::new("r.yaml"), GOOD).unwrap().fields.keep.is_empty());
    let e = one(&format!("fields: {{ keep: Narrative }}\n{GOOD}"));
    assert_eq!((e.path.as_str(), e.line, e.column), ("fields.keep", Some(1), Some(17)));
    assert!(e.problem.contains("is not a list"), "{}", e.problem);
    let e = one(&format!("fields: {{ keep: [q1] }}\n{GOOD}"));
    assert_eq!((e.path.as_str(), e.line, e.column), ("fields.keep[0]", Some(1), Some(18)));
    assert!(e.problem.contains("`q1` is already read"), "{}", e.problem);
    let e = one(&format!("fields: {{ keep: [\" \"] }}\n{GOOD}"));
    assert_eq!(e.path, "fields.keep[0]");
}

/// `fields.levels`: top first, trimmed; without `region` written the first level is the
/// region, with it the region goes on top. Empty, twice, the region again, or a header
/// another field or a question reads are errors at the item (line 1 is `fields:`;
/// `fields: { levels: [A, A] }`: the second `A` at column 23).
#[test]
fn levels_are_columns_of_their_own_top_first() {
    let r = parse(Path::new("r.yaml"), &format!("fields: {{ levels: [\" Region \", Area] }}\n{GOOD}")).unwrap();
    assert_eq!((r.fields.levels.clone(), r.fields.region.as_str()), (vec!["Region".into(), "Area".into()], "Region"));
    let r = parse(Path::new("r.yaml"), &format!("fields: {{ region: Zone, levels: [Area] }}\n{GOOD}")).unwrap();
    assert_eq!((r.fields.levels.clone(), r.fields.region.as_str()), (vec!["Zone".into(), "Area".into()], "Zone"));
    let r = parse(Path::new("r.yaml"), &format!("fields: {{ levels: [region, Area] }}\n{GOOD}")).unwrap();
    assert_eq!(r.fields.region, "region", "the default region header may be the top level");
    assert!(parse(Path::new("r.yaml"), GOOD).unwrap().fields.levels.is_empty());
    let e = one(&format!("fields: {{ levels: [A, A] }}\n{GOOD}"));
    assert_eq!((e.path.as_str(), e.line, e.column), ("fields.levels[1]", Some(1), Some(23)));
    assert!(e.problem.contains("`A` is listed twice"), "{}", e.problem);
    // Names that differ only in case: `--by` could not tell them apart (AREA at column 26).
    let e = one(&format!("fields: {{ levels: [Area, AREA] }}\n{GOOD}"));
    assert_eq!((e.path.as_str(), e.line, e.column), ("fields.levels[1]", Some(1), Some(26)));
    assert!(e.problem.contains("`AREA` differs from the level `Area` only in case"), "{}", e.problem);
    let e = one(&format!("fields: {{ region: Zone, levels: [Zone] }}\n{GOOD}"));
    assert!(e.problem.contains("`Zone` is the region"), "{}", e.problem);
    let e = one(&format!("fields: {{ location: Store, levels: [Store] }}\n{GOOD}"));
    assert!(e.problem.contains("`Store` is already read by another field"), "{}", e.problem);
    let e = one(&format!("fields: {{ levels: [q1] }}\n{GOOD}"));
    assert!(e.problem.contains("`q1` is already read"), "{}", e.problem);
    let e = one(&format!("fields: {{ levels: [] }}\n{GOOD}"));
    assert_eq!(e.path, "fields.levels");
    let e = one(&format!("fields: {{ levels: [\" \"] }}\n{GOOD}"));
    assert_eq!(e.path, "fields.levels[0]");
}

/// `fields.replaces`: trimmed, absent unless written; blank, not text, or a header another
/// field, question or `keep` item reads are errors at `replaces` (on line 1: in
/// `fields: { keep: [Note], replaces: q1 }` the key starts at column 25); a value that is
/// not text is an error at the value (`fields: { replaces: [a] }`: column 21).
#[test]
fn the_replaces_column_is_its_own() {
    let r = parse(Path::new("r.yaml"), &format!("fields: {{ replaces: \" Re-shop of \" }}\n{GOOD}")).unwrap();
    assert_eq!(r.fields.replaces.as_deref(), Some("Re-shop of"));
    assert_eq!(parse(Path::new("r.yaml"), GOOD).unwrap().fields.replaces, None);
    for taken in ["q1", "visit_id", "Note"] {
        let e = one(&format!("fields: {{ keep: [Note], replaces: {taken} }}\n{GOOD}"));
        assert_eq!((e.path.as_str(), e.line, e.column), ("fields.replaces", Some(1), Some(25)), "{taken}");
        assert!(e.problem.contains(&format!("`{taken}` is already read")), "{}", e.problem);
        assert!(e.hint.as_deref().is_some_and(|h| h.contains("a column of its own")), "{:?}", e.hint);
    }
    let e = one(&format!("fields: {{ replaces: \" \" }}\n{GOOD}"));
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("fields.replaces", "a field needs a CSV header"));
    let e = one(&format!("fields: {{ replaces: [a] }}\n{GOOD}"));
    assert_eq!((e.path.as_str(), e.line, e.column), ("fields.replaces", Some(1), Some(21)));
}

/// `version` and `name` are the text the consultant wrote: an unquoted `2026.10` is not the
/// number 2026.1, and `1.50` keeps its zero (issue 14 item 2).
#[test]
fn version_and_name_are_kept_as_written() {
    let yaml = GOOD.replace("name: T\n", "name: 1.50\nversion: 2026.10\n");
    let r = parse(Path::new("r.yaml"), &yaml).unwrap();
    assert_eq!((r.name.as_str(), r.version.as_deref()), ("1.50", Some("2026.10")));
}

/// Where (line, column) and what each error is, in the order reported.
fn found(e: &[RubricError]) -> Vec<(Option<usize>, Option<usize>, &str, &str)> {
    e.iter().map(|e| (e.line, e.column, e.path.as_str(), e.problem.as_str())).collect()
}

/// Errors of the tree (unknown key, wrong type, tab) and of the rules (unknown type,
/// duplicate id, weights, grade, critical_effect) come in the same pass, in file order.
#[test]
fn tree_and_rule_errors_are_all_reported_in_one_pass() {
    let yaml = "name: T
critical_effect: zero
grades: [{ name: Top, min: 110 }]
sections:
  - id: s1
    weight: 2
    questions:
      - id: q1
        pionts: 2
        type: yes_no
      - id: q1
        type: slider
  - id: s2
    questions:
      - id: q3
\ttype: yes_no
        points: lots
";
    // Line 16 is `\ttype`: the tab is column 1; mended to 8 spaces (line 15's key column).
    // Line 17 `points: lots`: the value starts at column 17.
    let e = errors(yaml);
    assert_eq!(
        found(&e),
        [
            (Some(2), Some(1), "critical_effect", "`zero` is not a critical_effect"),
            (Some(3), Some(23), "grades[0].min", "110 is not a percentage"),
            (Some(9), Some(9), "sections[0].questions[0]", "unknown key `pionts`"),
            (
                Some(11),
                Some(9),
                "sections[0].questions[1].id",
                "id `q1` is used twice (first at line 8, sections[0].questions[0])"
            ),
            (Some(12), Some(9), "sections[0].questions[1].type", "unknown question type `slider`"),
            (Some(13), Some(5), "sections[1]", "section `s2` has no weight but others do"),
            (Some(16), Some(1), "", "YAML does not allow tabs for indentation"),
            (Some(17), Some(17), "sections[1].questions[0].points", "`lots` is not a number"),
        ]
    );
    let shown = RubricErrors(e).to_string();
    assert!(shown.starts_with("r.yaml:2:1: critical_effect: `zero` is not a critical_effect\n  hint: "), "{shown}");
    assert!(shown.contains("\nerror: r.yaml:3:23: grades[0].min: "), "{shown}");
    assert!(shown.ends_with("\n8 problems in r.yaml"), "{shown}");
}

#[test]
fn a_tab_is_reported_and_the_rest_still_read() {
    // `\t- {...}` under `    questions:`: mended to 8 spaces (a tab stop of 8, deeper
    // than the `questions` block it opens), and the rest reads on.
    let yaml = "name: T\nsections:\n  - id: s1\n    questions:\n\t- { id: q1, type: yes_no }\n";
    let e = one(yaml);
    assert_eq!(found(std::slice::from_ref(&e)), [(Some(5), Some(1), "", "YAML does not allow tabs for indentation")]);
    assert_eq!(e.hint.as_deref(), Some("indent with spaces (set your editor to insert spaces for the Tab key)"));
    // Two spaces then a tab, under `    questions:`: mended to 8 spaces (a stop of 8).
    let yaml = "name: T\nsections:\n  - id: s1\n    questions:\n  \t- { id: q1, type: yes_no, points: x }\n";
    let e = errors(yaml);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(
        (e[0].line, e[0].column, e[0].problem.as_str()),
        (Some(5), Some(3), "YAML does not allow tabs for indentation")
    );
    // Positions are given as written, whatever the mended indent: the indent is 3
    // characters (2 spaces, a tab), `- {` at column 4, and `x` 34 characters later at 38.
    assert_eq!((e[1].path.as_str(), e[1].line, e[1].column), ("sections[0].questions[0].points", Some(5), Some(38)));
}

#[test]
fn options_written_as_a_list_get_the_map_form_of_the_same_labels() {
    let e = one(&with_q("        options: [Warm, Polite, Cold]\n").replace("yes_no", "choice"));
    assert_eq!((e.line, e.column), (Some(7), Some(18)));
    assert_eq!(e.problem, "a list is not a mapping of answer labels to fractions");
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "map each answer label to the fraction of the points it earns, e.g. `options: { Warm: 1, Polite: 0, Cold: 0 }`"
        )
    );
}

#[test]
fn an_answer_without_a_fraction_is_one_error_at_its_label() {
    let e = one(&with_q("        options:\n          Warm: 1\n          Cold:\n").replace("yes_no", "choice"));
    assert_eq!((e.line, e.column, e.path.as_str()), (Some(9), Some(11), "sections[0].questions[0].options.Cold"));
    assert_eq!(e.problem, "the answer `Cold` has no fraction");
    assert_eq!(e.hint.as_deref(), Some("write `Cold: 1` for full points, `Cold: 0` for none, or a fraction between"));
}

/// What the tree reader reported is not said again by the rules in other words.
#[test]
fn an_unreadable_value_is_reported_once() {
    // No `id` (the default column is the id: no "empty CSV header" as well).
    let e = one("name: T\nsections:\n  - id: s1\n    questions:\n      - { type: yes_no }\n");
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("sections[0].questions[0]", "missing key `id`"));
    // No `type` (no "unknown question type ``").
    let e = one("name: T\nsections:\n  - id: s1\n    questions:\n      - { id: q1 }\n");
    assert_eq!(e.problem, "missing key `type`");
    // A weight that is not a number still counts as written (no "has no weight but others do"
    // for this section, none for the other).
    let e = one(
        "name: T\nsections:\n  - { id: s1, weight: x, questions: [{ id: q1, type: yes_no }] }\n  - { id: s2, weight: 1, questions: [{ id: q2, type: yes_no }] }\n",
    );
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("sections[0].weight", "`x` is not a number"));
    // Bands not a list: no "the question has no bands".
    let e = one(&with_q("        bands: 5\n").replace("yes_no", "number"));
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("sections[0].questions[0].bands", "`5` is not a list"));
    // A grade item that is not a mapping keeps the next item's index.
    let e = errors(
        "name: T\ngrades: [A, { name: B, min: 200 }]\nsections:\n  - { id: s1, questions: [{ id: q1, type: yes_no }] }\n",
    );
    assert_eq!(
        found(&e),
        [
            (Some(2), Some(10), "grades[0]", "`A` is not a mapping of keys"),
            (Some(2), Some(24), "grades[1].min", "200 is not a percentage"),
        ]
    );
}

#[test]
fn band_gaps_and_overlaps_are_warnings_with_their_line() {
    let yaml = "name: T\nsections:\n  - id: s1\n    questions:\n      - id: q1\n        type: number\n        bands:\n          - { max: 30, score: 1 }\n          - { min: 60, score: 0 }\n";
    let r = parse(Path::new("r.yaml"), yaml).unwrap();
    // The second band's `{` is line 9, column 13; its `min` key (where a mapping is
    // placed) is column 15.
    assert_eq!(
        found(&r.warnings),
        [(
            Some(9),
            Some(15),
            "sections[0].questions[0].bands[1]",
            "no band holds answers between 30 and 60 (e.g. 31): they are invalid answers"
        )]
    );
    // Touching bands (the sample phone rubric's style) warn about nothing.
    let touching = yaml.replace("min: 60", "min: 30");
    assert_eq!(parse(Path::new("r.yaml"), &touching).unwrap().warnings.len(), 0);
    // A band with an error: no warning computed from it.
    let broken = yaml.replace("score: 0 }", "score: 2 }");
    assert_eq!(one(&broken).problem, "2 is not a fraction");
}

#[test]
fn a_missing_top_level_key_is_placed_at_the_first_key() {
    // No `name:`: the rubric starts at line 2 (line 1 is a comment).
    let e = one("# phone rubric\nsections:\n  - { id: s1, questions: [{ id: q1, type: yes_no }] }\n");
    assert_eq!((e.line, e.column, e.problem.as_str()), (Some(2), Some(1), "the rubric has no name"));
}

/// The second copy of a key is reported and passed over; the reading goes on, so a later
/// error comes in the same pass.
#[test]
fn a_key_written_twice_does_not_hide_later_errors() {
    let yaml = "name: T\nname: U\nsections:\n  - id: s1\n    questions:\n      - { id: q1, \"type\": yes_no, type: scale, points: x }\n";
    let e = errors(yaml);
    // Line 6: `type` (second, plain) at column 35; `x` at column 56 (as written, though
    // the second `type` was renamed to read on).
    assert_eq!(
        found(&e),
        [
            (Some(2), Some(1), "", "the key `name` is written twice (first on line 1)"),
            (Some(6), Some(35), "", "the key `type` is written twice (first on line 6)"),
            (Some(6), Some(56), "sections[0].questions[0].points", "`x` is not a number"),
        ]
    );
}

#[test]
fn the_map_form_hint_quotes_labels_that_need_it_and_leaves_out_na() {
    let e = one(&with_q("        options: [Warm, \"Polite, brief\", N/A, \"10\"]\n").replace("yes_no", "choice"));
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "map each answer label to the fraction of the points it earns, e.g. `options: { Warm: 1, \"Polite, brief\": 0, \"10\": 0 }`"
        )
    );
}

/// Reported once, and nothing false follows from it.
#[test]
fn an_unreadable_list_or_column_leads_to_no_other_error() {
    // `questions: yes`: not also "section `s1` has no questions".
    let e = one("name: T\nsections:\n  - id: s1\n    questions: yes\n");
    assert_eq!((e.path.as_str(), e.problem.as_str()), ("sections[0].questions", "`yes` is not a list"));
    // `column: [a, b]` on q1 falls back to the header `q1`; q2 reading `q1` is no clash.
    let e = one(
        "name: T\nsections:\n  - id: s1\n    questions:\n      - { id: q1, type: yes_no, column: [a, b] }\n      - { id: q2, type: yes_no, column: q1 }\n",
    );
    assert_eq!(
        (e.path.as_str(), e.problem.as_str()),
        ("sections[0].questions[0].column", "a list is not a single value")
    );
}

/// A label with a `.` is its own step in the path, so an error at `Yes` does not hide
/// one at `Yes.Partly`.
#[test]
fn a_label_with_a_dot_is_not_read_as_another_labels_child() {
    let e = errors(&with_q("        options: { Yes: , Yes.Partly: 1.5, No: 0 }\n").replace("yes_no", "choice"));
    let got: Vec<(&str, &str)> = e.iter().map(|e| (e.path.as_str(), e.problem.as_str())).collect();
    assert_eq!(
        got,
        [
            ("sections[0].questions[0].options.Yes", "the answer `Yes` has no fraction"),
            ("sections[0].questions[0].options[\"Yes.Partly\"]", "1.5 is not a fraction"),
        ]
    );
}

/// Positions around a renamed key on one line stay those of the file as written: before
/// it (untouched), and after it when the copy was quoted (the quote is not renamed).
#[test]
fn positions_before_and_after_a_renamed_quoted_key_are_as_written() {
    let yaml = "name: T\nsections:\n  - id: s1\n    questions:\n      - { points: x, id: q1, type: yes_no, \"type\": scale, step: y }\n";
    // Line 5: `x` at 19; the second `type` is `"type"` at 44 (its key text at 45, the
    // closing quote at 49); `step` at 59, `y` at 65.
    let e = errors(yaml);
    assert_eq!(
        found(&e),
        [
            (Some(5), Some(19), "sections[0].questions[0].points", "`x` is not a number"),
            (Some(5), Some(44), "", "the key `type` is written twice (first on line 5)"),
            (Some(5), Some(65), "sections[0].questions[0].step", "`y` is not a number"),
        ]
    );
}

/// At most 100 second copies are passed over; the next stops the reading there.
#[test]
fn keys_written_twice_are_passed_over_up_to_a_limit() {
    let many = |n: usize| format!("name: T\n{}sections: []\n", "name: U\n".repeat(n));
    // 100 copies: each reported, then the rules (no sections) run too.
    let e = errors(&many(100));
    assert_eq!(e.iter().filter(|e| e.problem.starts_with("the key `name` is written twice")).count(), 100);
    assert!(e.iter().any(|e| e.problem == "the rubric has no sections"), "{:?}", e.last());
    // 101: the 101st stops the reading: 101 errors, and no rule was checked.
    let e = errors(&many(101));
    assert_eq!(e.len(), 101);
    assert_eq!(
        (e[100].line, e[100].problem.as_str()),
        (Some(102), "the key `name` is written twice (first on line 1)")
    );
}

/// At most 20 tab-indented lines are mended; the 21st is reported and stops the reading.
#[test]
fn tab_indents_are_mended_up_to_a_limit() {
    let many = |n: usize| format!("name: T\nchecks:\n{}sections: []\n", "\tstraight_lining: true\n".repeat(n));
    // 20 tab lines (each then a key written twice, after the first): 20 tab errors, 19
    // duplicates, and the rules ran (no sections).
    let e = errors(&many(20));
    assert_eq!(e.iter().filter(|e| e.problem == "YAML does not allow tabs for indentation").count(), 20);
    assert!(e.iter().any(|e| e.problem == "the rubric has no sections"));
    // 21: the 21st tab line (line 23) is the last error.
    let e = errors(&many(21));
    let last = e.last().unwrap();
    assert_eq!((last.line, last.problem.as_str()), (Some(23), "YAML does not allow tabs for indentation"));
    assert!(!e.iter().any(|e| e.problem == "the rubric has no sections"));
}

/// A second copy written with an escape (`"\x69d"` is `id`) cannot be renamed where it is
/// written: it stops the reading, and nothing after it is reported.
#[test]
fn a_key_written_twice_with_an_escape_stops_the_reading() {
    let yaml = "name: T\nsections:\n  - { id: s1, \"\\x69d\": s2, weight: x }\n";
    let e = errors(yaml);
    assert_eq!(found(&e), [(Some(3), Some(15), "", "the key `id` is written twice (first on line 3)")]);
}

/// Two tab lines in a row, the first meant as 4 spaces: 8 (tried first) cannot be read
/// there, 4 reads on to the next tab line, which is then mended in turn; the error after
/// both is still found. (Choosing the candidate that stops at a syntax error instead
/// would end the reading at line 4.)
#[test]
fn consecutive_tab_lines_are_each_mended_to_an_indent_that_reads_on() {
    let yaml = "name: T\nsections:\n  - id: s\n\tquestions:\n\t  - { id: q, type: nope }\n";
    // Line 5 as written: a tab, 2 spaces, `- { id: q, ` then `type` at column 15.
    assert_eq!(
        found(&errors(yaml)),
        [
            (Some(4), Some(1), "", "YAML does not allow tabs for indentation"),
            (Some(5), Some(1), "", "YAML does not allow tabs for indentation"),
            (Some(5), Some(15), "sections[0].questions[0].type", "unknown question type `nope`"),
        ]
    );
}

/// The follow-up keys (SCORING.md §8): `ladder` steps named once each, whatever their
/// case, each error at its own item; a good ladder, `actions` and the margins read back.
#[test]
fn follow_up_keys_are_read_and_checked() {
    let ladder = |steps: &str| format!("name: T\nladder: {{ pass: 80, steps: {steps} }}\n{}", &GOOD[8..]);
    let e = one(&ladder("[warning, Warning]"));
    assert_eq!((e.path.as_str(), e.line), ("ladder.steps[1]", Some(2)));
    assert!(e.problem.contains("`Warning` is listed twice"), "{}", e.problem);
    // An unreadable first item keeps the second at index 1.
    let e = errors(&ladder("[[x], \" \"]"));
    assert!(e.iter().any(|e| e.path == "ladder.steps[1]" && e.problem.contains("needs a name")), "{e:?}");
    let good = format!(
        "name: T\nalert_below: 60\nshopper_margin: 8\nactions: {{ min_failures: 3, in_a_row: 4 }}\nladder: {{ pass: 80, steps: [warning, breach], reset: 2026-07 }}\n{}",
        &GOOD[8..]
    );
    let r = parse(Path::new("r.yaml"), &good).unwrap();
    let p = &r.programme;
    assert_eq!(
        (p.alert_below, p.shopper_margin, p.min_failures, p.in_a_row),
        (Some(60.0), Some(8.0), Some(3), Some(4))
    );
    let want = LadderRule { pass: 80.0, steps: vec!["warning".into(), "breach".into()], reset: Some("2026-07".into()) };
    assert_eq!(p.ladder.as_ref(), Some(&want));
}
