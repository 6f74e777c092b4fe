use std::path::PathBuf;

use super::*;

/// A version of the programme `Visits`: `top` is written before `fields:`, and `more`
/// after the one question `q1` (column `Q1`) of section `s`.
fn version(top: &str, more: &str) -> String {
    format!(
        "name: Visits\n{top}fields: {{ visit_id: id, location: store, date: date }}\nsections:\n  - id: s\n    questions:\n      - {{ id: q1, column: Q1, type: yes_no }}\n{more}"
    )
}

/// Loads the versions `texts` written to files `v1.yaml`, `v2.yaml`, ... in that order.
fn load(texts: &[String]) -> Result<Rubric, RubricErrors> {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = dir.path().join(format!("v{}.yaml", i + 1));
            std::fs::write(&p, t).unwrap();
            p
        })
        .collect();
    load_versions(&paths)
}

/// The errors as `file name:line:column: path: problem`, one each.
fn errors(texts: &[String]) -> Vec<String> {
    let Err(RubricErrors(errors)) = load(texts) else { panic!("loaded") };
    errors
        .iter()
        .map(|e| {
            let file = e.file.file_name().unwrap().to_string_lossy();
            format!("{file}:{}:{}: {}: {}", e.line.unwrap_or(0), e.column.unwrap_or(0), e.path, e.problem)
        })
        .collect()
}

#[test]
fn versions_are_sorted_by_date_and_merged_by_id() {
    // Given newest first: v2 (from 2026-09-01) drops q1's neighbour q0 and adds q2.
    let v2 = "name: Visits\nversion: B\neffective_from: 2026-09-01\nsections:\n  - id: s\n    questions:\n      - { id: q1, type: yes_no, points: 3 }\n      - { id: q2, type: yes_no }\n";
    let v1 = "name: Visits\nversion: A\nsections:\n  - id: s\n    questions:\n      - { id: q0, type: yes_no }\n      - { id: q1, type: yes_no }\n  - id: old\n    questions:\n      - { id: q9, type: yes_no }\n";
    let r = load(&[v2.into(), v1.into()]).unwrap();
    let labels: Vec<&str> = r.versions.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, ["A", "B"]);
    // The latest's questions in its order, then the earlier's own ids in its order.
    let ids: Vec<&str> = r.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["q1", "q2", "q0", "q9"]);
    let sections: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sections, ["s", "old"]);
    // q1 is defined by the newest version holding it (3 points); q9 sits in `old`.
    assert_eq!((r.questions[0].points, r.questions[3].section), (3.0, 1));
    assert_eq!(r.versions[0].questions, [2, 0, 3]);
    assert_eq!(r.versions[1].asks, [Some(0), Some(1), None, None]);
    assert_eq!(r.versions[0].sections, [0, 1]);
    // In force: A up to 2026-08-31, B from 2026-09-01; undated, the latest.
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(r.version_on(day("2026-08-31")), Ok(0));
    assert_eq!(r.version_on(day("2026-09-01")), Ok(1));
    assert_eq!(r.version_on(None), Ok(1));
    assert_eq!(r.version_until(0), day("2026-08-31"));
    assert_eq!(r.version_until(1), None);
}

#[test]
fn a_visit_before_the_first_version_has_none() {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let one = load(&[version("effective_from: 2026-08-01\n", "")]).unwrap();
    assert!(one.versions.is_empty(), "one file is a rubric, not versions");
    assert_eq!(one.version_on(day("2026-07-31")), Err(day("2026-08-01").unwrap()));
    assert_eq!(one.version_on(day("2026-08-01")), Ok(0));
    let two =
        load(&[version("effective_from: 2026-08-01\n", ""), version("version: b\neffective_from: 2026-10-01\n", "")])
            .unwrap();
    assert_eq!(two.version_on(day("2026-07-31")), Err(day("2026-08-01").unwrap()));
    assert_eq!(two.version_on(day("2026-09-30")), Ok(0));
}

#[test]
fn two_versions_without_a_date_are_refused() {
    let got = errors(&[version("version: a\n", ""), version("version: b\n", "")]);
    // No key to point at: the top of the second file.
    assert_eq!(got.len(), 1, "{got:?}");
    let want = "v2.yaml:1:1: effective_from: a second version without `effective_from` (";
    assert!(got[0].starts_with(want) && got[0].ends_with("v1.yaml has none either)"), "{got:?}");
}

#[test]
fn equal_dates_are_refused_at_the_later_file() {
    let got = errors(&[
        version("version: a\neffective_from: 2026-09-01\n", ""),
        version("version: b\neffective_from: 2026-09-01\n", ""),
    ]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("v2.yaml:3:1: effective_from: "), "{got:?}");
    assert!(got[0].ends_with("v1.yaml is effective from 2026-09-01 too"), "{got:?}");
}

#[test]
fn a_date_that_is_not_yyyy_mm_dd_is_refused() {
    let got = errors(&[version("effective_from: 01/09/2026\n", "")]);
    assert_eq!(got, ["v1.yaml:2:1: effective_from: `01/09/2026` is not a date written YYYY-MM-DD"]);
}

#[test]
fn names_fields_and_date_formats_must_agree() {
    let older = "name: Store visits\nversion: a\ndate_format: \"%d/%m/%Y\"\nfields: { visit_id: ref, location: store, date: date }\nsections:\n  - id: s\n    questions:\n      - { id: q1, column: Q1, type: yes_no }\n";
    let got = errors(&[older.into(), version("version: b\neffective_from: 2026-09-01\n", "")]);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got[0].starts_with("v1.yaml:1:1: name: the name `Store visits` is not the latest version's `Visits`"),
        "{got:?}"
    );
    assert!(got[1].starts_with("v1.yaml:3:1: date_format: the date format `%d/%m/%Y` is not"), "{got:?}");
    assert!(got[2].starts_with("v1.yaml:4:11: fields.visit_id: `fields.visit_id` is `ref` here but `id`"), "{got:?}");
}

#[test]
fn a_column_means_one_question_and_a_question_reads_one_column() {
    // v2 reads Q1 as q2 (v1's q1), and q1 from Q9.
    let v2 = "name: Visits\nversion: b\neffective_from: 2026-09-01\nfields: { visit_id: id, location: store, date: date }\nsections:\n  - id: s\n    questions:\n      - { id: q2, column: Q1, type: yes_no }\n      - { id: q1, column: Q9, type: yes_no }\n";
    let got = errors(&[version("version: a\n", ""), v2.into()]);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].starts_with(
            "v2.yaml:8:19: sections[0].questions[0].column: the CSV column `Q1` is read by question `q1` in"
        ),
        "{got:?}"
    );
    assert!(
        got[1].starts_with("v2.yaml:9:19: sections[0].questions[1].column: question `q1` reads the column `Q1` in"),
        "{got:?}"
    );
}

#[test]
fn two_versions_with_one_label_are_refused() {
    let got = errors(&[version("version: x\n", ""), version("version: x\neffective_from: 2026-09-01\n", "")]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("v2.yaml:2:1: version: the version label `x` is also"), "{got:?}");
}

#[test]
fn every_files_own_errors_are_reported_together() {
    let got = errors(&[version("", "      - { id: q2, type: yes_no, points: -1 }\n"), version("target: 200\n", "")]);
    let files: Vec<&str> = got.iter().map(|e| e.split(':').next().unwrap()).collect();
    assert_eq!(files, ["v1.yaml", "v2.yaml"], "{got:?}");
}

/// Versions with different org charts (`fields.levels`) are refused, at the older's
/// `fields` value (line 3, column 9).
#[test]
fn versions_share_their_levels() {
    let v1 = "name: Visits\nversion: a\nfields: { visit_id: id, location: store, date: date, levels: [Region] }\nsections:\n  - id: s\n    questions:\n      - { id: q1, column: Q1, type: yes_no }\n";
    let v2 = "name: Visits\nversion: b\neffective_from: 2026-09-01\nfields: { visit_id: id, location: store, date: date, levels: [Region, Area] }\nsections:\n  - id: s\n    questions:\n      - { id: q1, column: Q1, type: yes_no }\n";
    let got = errors(&[v1.into(), v2.into()]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("fields.levels: `fields.levels` is `[Region]` here but `[Region, Area]` in the latest version"),
        "{got:?}"
    );
}
