//! Hostile inputs: rubric. Encodings a Windows editor writes (a UTF-8 byte-order mark,
//! UTF-16), other encodings, duplicate keys, every wrong type at once, numbers that would
//! overflow the scorer, a name no file system takes, a second document, and size and
//! nesting bombs. A usable rubric scores every visit; an unusable one is refused by
//! `check` and by `score` (exit 2) at its line and column with a hint, before any row is
//! read, and nothing is written.

use std::time::{Duration, Instant};

#[allow(unused_imports)]
use super::*;

/// A sandbox holding the data and the rubric `bytes` as `r.yaml`.
fn sandbox(bytes: &[u8]) -> Sandbox {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    s.write("r.yaml", bytes);
    s
}

/// `check` and `score` both refuse the rubric: exit 2, no panic, each of `expect` in the
/// message, a hint, no `out/` and nothing else touched. Returns `score`'s message.
fn refused(bytes: &[u8], expect: &[&str]) -> String {
    let s = sandbox(bytes);
    let before = outside(s.dir.path(), "out");
    let check = s.run(&["check", "--rubric", "r.yaml", "m.csv"]);
    let score = s.run(&["score", "--rubric", "r.yaml", "--out", "out", "m.csv"]);
    for out in [&check, &score] {
        assert_no_panic(out);
        let err = stderr(out);
        assert_eq!(code(out), 2, "{err}");
        for e in expect {
            assert!(err.contains(e), "`{e}` not in:\n{err}");
        }
        assert!(err.contains("\n  hint: "), "no hint:\n{err}");
    }
    assert!(!s.path("out").exists(), "a refused run wrote out/");
    assert_eq!(outside(s.dir.path(), "out"), before, "something outside --out changed");
    stderr(&score)
}

/// `score` accepts the rubric and accounts for every row of the data.
fn accepted(bytes: &[u8]) {
    let s = sandbox(bytes);
    let before = outside(s.dir.path(), "out");
    let check = s.run(&["check", "--rubric", "r.yaml", "m.csv"]);
    assert_no_panic(&check);
    // V3 lacks a required comment: a data issue, exit 1.
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    let out = s.run(&["score", "--rubric", "r.yaml", "--out", "out", "m.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.rows("visits.csv").len(), 3);
    assert_eq!(s.summary()["rubric"]["name"], "Mini");
    assert_accounted(&s, "m.csv", MINI_CSV.as_bytes(), b',');
    assert_eq!(outside(s.dir.path(), "out"), before, "something outside --out changed");
}

#[test]
fn a_utf8_byte_order_mark_is_read() {
    accepted(&case("rubric", "bom.yaml"));
}

#[test]
fn utf16_with_or_without_a_mark_is_read() {
    accepted(&case("rubric", "utf16le-bom.yaml"));
    accepted(&case("rubric", "utf16be-no-bom.yaml"));
}

#[test]
fn another_encoding_is_named_at_its_first_bad_byte() {
    refused(
        &case("rubric", "latin1.yaml"),
        &["r.yaml:1:10: ", "0xE9 is not UTF-8", "Windows-1252", "save the file as UTF-8"],
    );
}

#[test]
fn a_duplicate_key_is_reported_at_the_second() {
    refused(
        &case("rubric", "duplicate-key.yaml"),
        &["r.yaml:4:1: the key `target` is written twice (first on line 3)"],
    );
}

#[test]
fn every_wrong_type_is_reported_at_its_value() {
    let err = refused(
        &case("rubric", "wrong-types.yaml"),
        &[
            "r.yaml:3:9: target: `high` is not a number",
            "r.yaml:11:63: sections[0].questions[0].points: `two` is not a number",
            "r.yaml:12:57: sections[0].questions[1].max: a list is not a number",
            "r.yaml:19:35: sections[1].questions[0].comment_required_on_fail: `sometimes` is not true or false",
        ],
    );
    assert_eq!(err.matches("hint:").count(), 4, "{err}");
}

#[test]
fn numbers_that_would_overflow_are_refused_with_the_bound() {
    let bound = "hint: use a number from 0.000001 to 1000000";
    refused(
        &case("rubric", "huge-points.yaml"),
        &[
            "r.yaml:11:55: sections[0].questions[0].points: points 100000000",
            "r.yaml:12:52: sections[0].questions[1].points: points 100000000",
            bound,
        ],
    );
    refused(&case("rubric", "tiny-weight.yaml"), &["r.yaml:10:5: sections[0].weight: weight 0.0000", bound]);
    refused(
        &case("rubric", "wide-scale.yaml"),
        &[
            "r.yaml:12:52: sections[0].questions[1].min: scale min -1000",
            "r.yaml:12:65: sections[0].questions[1].max: scale max 1000",
            "hint: use a number from -1000000000 to 1000000000",
        ],
    );
}

#[test]
fn a_name_too_long_for_the_workbook_is_refused_before_any_row() {
    refused(&case("rubric", "long-name.yaml"), &["r.yaml:1:1: name: the name is 299 characters long; at most 100"]);
}

#[test]
fn a_second_document_is_refused() {
    refused(&case("rubric", "second-document.yaml"), &["r.yaml:20:1: a second YAML document starts here"]);
}

#[test]
fn deep_nesting_is_refused_at_once() {
    // 100,000 nested brackets took 40 s in the YAML parser.
    let text = format!("name: T\nsections: {}\n", "[".repeat(100_000));
    let start = Instant::now();
    refused(text.as_bytes(), &["r.yaml:2:43: brackets nest deeper than 32 levels"]);
    assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    let text = format!("name: T\nsections:\n{}x\n", "- ".repeat(1000));
    refused(text.as_bytes(), &["r.yaml:3:1: the line is indented 2000 columns; at most 200"]);
}

#[test]
fn a_file_over_1_mib_is_refused_unread() {
    let mut text = MINI.as_bytes().to_vec();
    text.resize((1 << 20) + 1, b'#');
    refused(&text, &["r.yaml: the file is 1048577 bytes; at most 1048576 (1 MiB) are read"]);
}

#[test]
fn a_run_file_with_a_byte_order_mark_is_read() {
    let s = sandbox(MINI.as_bytes());
    s.write("job.yaml", b"\xEF\xBB\xBFrubric: r.yaml\ninputs: [m.csv]\nout: out\n");
    let out = s.run(&["run", "job.yaml"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_accounted(&s, "m.csv", MINI_CSV.as_bytes(), b',');
}
