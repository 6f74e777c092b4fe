//! Hostile inputs: encoding. Text encodings (a stray byte in UTF-8, overlong forms and
//! surrogates, real Windows-1252, mixtures) and files that are not CSV text at all (a
//! renamed workbook or archive, NUL padding), a blank line 1 and headers with bytes or
//! characters that do not show. Cases in `tests/hostile/encoding/` (`make.py` writes
//! them); the big ones are made here.

#[allow(unused_imports)]
use super::*;

const CLASS: &str = "encoding";

/// A rubric with one-letter headers, so a generated file's bytes are easy to place.
const TINY: &str = r#"name: Tiny
version: "1"
target: 80
grades:
  - { name: Good, min: 80 }
  - { name: Poor, min: 0 }
fields: { visit_id: id, location: s, date: d }
sections:
  - id: one
    questions:
      - { id: q, column: a, type: yes_no }
"#;

/// Runs `args` in `s`: no panic, and nothing outside `out/` created, changed or removed.
fn run_checked(s: &Sandbox, args: &[&str]) -> Output {
    let before = outside(s.dir.path(), "out");
    let out = s.run(args);
    assert_no_panic(&out);
    assert_eq!(outside(s.dir.path(), "out"), before, "something outside out/ changed");
    out
}

/// Scores the corpus case `name` with the MINI rubric.
fn score_case(name: &str) -> (Sandbox, Output) {
    let s = Sandbox::new();
    s.write(name, &case(CLASS, name));
    let out = run_checked(&s, &["score", "--rubric", "mini.yaml", "--out", "out", name]);
    (s, out)
}

/// A successful run, every record of the input in visits.csv or an issue.
fn score_ok(name: &str) -> Sandbox {
    let (s, out) = score_case(name);
    assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    assert_accounted(&s, name, &case(CLASS, name), b',');
    s
}

/// A refused run: exit 2, the file named with `message`, a hint, nothing written.
fn score_refused(name: &str, message: &str) -> String {
    let (s, out) = score_case(name);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{name}: {err}");
    assert!(err.contains(&format!("error: {name}")), "{name}: the file is named: {err}");
    assert!(err.contains(message), "{name}: want {message:?} in {err}");
    assert!(err.contains("\n  hint: "), "{name}: a hint: {err}");
    assert!(!s.path("out").exists(), "{name}: a refused run writes nothing");
    err
}

/// The `invalid_utf8` issues of a run: (line, visit_id, column, value).
fn invalid_utf8(s: &Sandbox) -> Vec<(String, String, String, String)> {
    let rows = s.rows("issues.csv").into_iter().filter(|r| r[8].contains("not UTF-8"));
    let got: Vec<_> = rows.map(|r| (r[1].clone(), r[2].clone(), r[6].clone(), r[7].clone())).collect();
    assert_eq!(s.summary()["issues"]["by_problem"]["invalid_utf8"], got.len(), "summary.json counts them");
    got
}

/// (location, visits) of every location in summary.json, sorted.
fn locations(s: &Sandbox) -> Vec<(String, u64)> {
    let j = s.summary();
    let mut got: Vec<(String, u64)> = j["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["location"].as_str().unwrap().to_string(), l["visits"].as_u64().unwrap()))
        .collect();
    got.sort();
    got
}

fn encoding_of(s: &Sandbox) -> String {
    s.summary()["inputs"][0]["encoding"].as_str().unwrap().to_string()
}

fn owned(rows: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    rows.iter().map(|&(a, b, c, d)| (a.into(), b.into(), c.into(), d.into())).collect()
}

#[test]
fn one_stray_byte_leaves_a_utf8_file_utf8() {
    let s = score_ok("stray-byte.csv");
    assert_eq!(encoding_of(&s), "UTF-8");
    assert_eq!(invalid_utf8(&s), owned(&[("3", "V2", "Store", "Caf\\xE9 Nord")]));
    // The stray byte's visit is scored under the name as read, U+FFFD in the byte's place;
    // the others are one location, read right.
    assert_eq!(locations(&s), [("Café Nord".to_string(), 2), ("Caf\u{fffd} Nord".to_string(), 1)]);
}

/// 1,000,000 bytes of UTF-8 with one 0xE9 at byte 10 (the second byte of line 2, in its
/// id) and `é` on every third line after it.
#[test]
fn a_million_bytes_with_one_bad_byte_at_byte_10() {
    let s = Sandbox::new();
    s.write("tiny.yaml", TINY.as_bytes());
    let mut text = b"id,s,d,a\nV\xE9,Caf\xC3\xA9 Nord,2026-09-03,yes\n".to_vec();
    assert_eq!(text[10], 0xE9);
    let stores = ["Café Nord", "Leeds", "Crème"];
    let mut counts = [1u64, 0, 0];
    let mut i = 0;
    while text.len() < 1_000_000 {
        text.extend_from_slice(format!("W{i},{},2026-09-{:02},yes\n", stores[i % 3], 1 + i % 28).as_bytes());
        counts[i % 3] += 1;
        i += 1;
    }
    s.write("big.csv", &text);
    let out = run_checked(&s, &["score", "--rubric", "tiny.yaml", "--out", "out", "big.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("read big.csv: UTF-8,"), "{}", stderr(&out));
    assert_eq!(encoding_of(&s), "UTF-8");
    assert_eq!(invalid_utf8(&s), owned(&[("2", "V\u{fffd}", "id", "V\\xE9")]));
    let want =
        vec![("Café Nord".to_string(), counts[0]), ("Crème".to_string(), counts[2]), ("Leeds".to_string(), counts[1])];
    assert_eq!(locations(&s), want);
    assert_accounted(&s, "big.csv", &text, b',');
}

/// A bad byte after the first 64 KiB (which decide the encoding) is read the same way.
#[test]
fn a_bad_byte_past_the_first_64_kib() {
    let s = Sandbox::new();
    s.write("tiny.yaml", TINY.as_bytes());
    let mut text = b"id,s,d,a\n".to_vec();
    let mut line = 1;
    while text.len() < 70_000 {
        line += 1;
        text.extend_from_slice(format!("W{line},Café Nord,2026-09-03,yes\n").as_bytes());
    }
    let bad_line = line + 1;
    text.extend_from_slice(b"X1,Caf\xE9 Nord,2026-09-04,yes\n");
    text.extend_from_slice("Y1,Café Nord,2026-09-05,yes\n".as_bytes());
    s.write("late.csv", &text);
    let out = run_checked(&s, &["score", "--rubric", "tiny.yaml", "--out", "out", "late.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(encoding_of(&s), "UTF-8");
    assert_eq!(invalid_utf8(&s), owned(&[(&bad_line.to_string(), "X1", "s", "Caf\\xE9 Nord")]));
    assert_eq!(locations(&s), [("Café Nord".to_string(), line as u64), ("Caf\u{fffd} Nord".to_string(), 1)]);
    assert_accounted(&s, "late.csv", &text, b',');
}

#[test]
fn a_windows_1252_export_is_read_as_windows_1252() {
    let (s, out) = score_case("windows-1252.csv");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("read windows-1252.csv: windows-1252,"), "{}", stderr(&out));
    assert_eq!(encoding_of(&s), "windows-1252");
    assert_eq!(invalid_utf8(&s), []);
    assert_eq!(locations(&s), [("Café Nord".to_string(), 2), ("Müller Süd".to_string(), 1)]);
    assert_accounted(&s, "windows-1252.csv", &case(CLASS, "windows-1252.csv"), b',');
}

/// Five accented letters as UTF-8 and three Windows-1252 bytes: UTF-8, each cell with a
/// bad byte an issue. Four Windows-1252 bytes and one UTF-8 letter: Windows-1252.
#[test]
fn mixed_files_go_by_the_majority_of_their_non_ascii_text() {
    let s = score_ok("mostly-utf8.csv");
    assert_eq!(encoding_of(&s), "UTF-8");
    let want = owned(&[("3", "V2", "Store", "Caf\\xE9 Nord"), ("3", "V2", "Q3 comment", "d\\xE9j\\xE0 vu")]);
    assert_eq!(invalid_utf8(&s), want);
    let s = score_ok("mostly-1252.csv");
    assert_eq!(encoding_of(&s), "windows-1252");
    assert_eq!(invalid_utf8(&s), []);
    // The one UTF-8 é is read as the two Windows-1252 characters its bytes are.
    let want = [("CafÃ© Nord".to_string(), 1), ("Café Nord".to_string(), 1), ("Müller".to_string(), 1)];
    assert_eq!(locations(&s), want);
}

#[test]
fn overlong_forms_and_surrogates_are_invalid_text() {
    let s = score_ok("overlong-and-surrogate.csv");
    assert_eq!(encoding_of(&s), "UTF-8");
    let want = owned(&[
        ("3", "V2", "Q3 comment", "a\\xC0\\xAFb"),
        ("4", "V\u{fffd}\u{fffd}\u{fffd}3", "Visit ID", "V\\xED\\xA0\\x803"),
    ]);
    assert_eq!(invalid_utf8(&s), want);
    let problems: Vec<String> =
        s.rows("issues.csv").into_iter().filter(|r| r[8].contains("not UTF-8")).map(|r| r[8].clone()).collect();
    assert!(problems[0].starts_with("2 byte sequence(s)"), "{problems:?}");
    assert!(problems[1].starts_with("3 byte sequence(s)"), "{problems:?}");
}

#[test]
fn a_bad_byte_in_a_quoted_multi_line_cell_is_on_the_records_first_line() {
    let s = score_ok("quoted-multiline.csv");
    assert_eq!(invalid_utf8(&s), owned(&[("3", "V2", "Q3 comment", "first line\nsecond \\x92line")]));
    let lines: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(lines, ["2", "3", "5"]);
}

#[test]
fn a_header_with_a_bad_byte_stops_the_run() {
    let err = score_refused(
        "header-bad-byte.csv",
        "header-bad-byte.csv:1: the header of column 2 holds bytes that are not UTF-8: `St\\xF6re`",
    );
    assert!(!err.contains("missing required column"), "{err}");
}

#[test]
fn invisible_characters_in_headers_are_shown_escaped() {
    let err = score_refused("invisible-header.csv", "missing required column `Visit ID`");
    for shown in ["`Visit\\u{a0}ID`", "`Store\\x00`", "`\\u{200b}Date`", "`\\u{feff}Q1 Greeted`"] {
        assert!(
            err.contains(&format!("the closest header is {shown} (it holds characters that do not show")),
            "{shown}: {err}"
        );
    }
}

#[test]
fn files_that_are_not_csv_text_are_named_once() {
    for (name, what) in [
        // Told by their first bytes, they are read as workbooks, which they are not.
        ("renamed-xlsx.csv", "this is a zip archive, but not a workbook that can be read (Zip error"),
        ("renamed-gz.csv", "this is a gzip-compressed file, not CSV text"),
        ("renamed-pdf.csv", "this is a PDF document, not CSV text"),
        ("renamed-xls.csv", "this is an Office document (OLE compound file), but not a workbook that can be read"),
        ("nul-padded.csv", "this is not CSV text: it holds a run of NUL bytes from byte 93"),
        ("utf-32.csv", "this is UTF-32 text, which shopscore does not read"),
    ] {
        let err = score_refused(name, &format!("{name}: {what}"));
        assert!(!err.contains("missing required column"), "{name}: {err}");
        assert_eq!(err.matches("hint:").count(), 1, "{name}: said once: {err}");
    }
}

#[test]
fn a_blank_line_1_is_named() {
    let err =
        score_refused("blank-first-line.csv", "blank-first-line.csv: line 1 is blank: the header must be on line 1");
    assert!(err.contains("hint: delete the blank line(s) above the header on line 2"), "{err}");
    score_refused(
        "delimiters-first-line.csv",
        "delimiters-first-line.csv: line 1 is blank: the header must be on line 1",
    );
}

#[test]
fn a_missing_input_is_reported_once() {
    let s = Sandbox::new();
    let out = run_checked(&s, &["score", "--rubric", "mini.yaml", "--out", "out", "missing.csv"]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("error: missing.csv: cannot read: "), "{err}");
    assert_eq!(err.matches("os error 2").count(), 1, "{err}");
    assert!(err.contains("\n  hint: no file has that name: check the path"), "{err}");
    assert!(!s.path("out").exists());
}

/// A row that is not a visit has one issue, the row's text with its bad bytes escaped.
#[test]
fn a_bad_byte_in_a_row_that_is_not_a_visit_is_shown_in_its_row_issue() {
    let s = score_ok("short-row-bad-byte.csv");
    assert_eq!(invalid_utf8(&s), []);
    let rows: Vec<(String, String)> = s.rows("issues.csv").into_iter().map(|r| (r[1].clone(), r[7].clone())).collect();
    assert_eq!(rows, [("3".to_string(), "V2,Caf\\xE9 Nord,2026-09-10".to_string())]);
    assert_eq!(s.summary()["issues"]["by_problem"]["wrong_field_count"], 1);
}

/// A stray byte in the first 64 KiB, all ASCII, and accented names only after them: more
/// of the file is read before deciding, and it is UTF-8.
#[test]
fn a_stray_byte_before_any_accent_is_weighed_against_the_later_accents() {
    let s = Sandbox::new();
    s.write("tiny.yaml", TINY.as_bytes());
    let mut text = b"id,s,d,a\nV\xE9,Leeds,2026-09-03,yes\n".to_vec();
    let mut line = 2;
    while text.len() < 100_000 {
        line += 1;
        text.extend_from_slice(format!("W{line},Leeds,2026-09-03,yes\n").as_bytes());
    }
    for i in 0..3 {
        text.extend_from_slice(format!("X{i},Café Nord,2026-09-04,yes\n").as_bytes());
    }
    s.write("late-accents.csv", &text);
    let out = run_checked(&s, &["score", "--rubric", "tiny.yaml", "--out", "out", "late-accents.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(encoding_of(&s), "UTF-8");
    assert_eq!(invalid_utf8(&s), owned(&[("2", "V\u{fffd}", "id", "V\\xE9")]));
    assert_eq!(locations(&s), [("Café Nord".to_string(), 3), ("Leeds".to_string(), line - 1)]);
    assert_accounted(&s, "late-accents.csv", &text, b',');
}

/// A Windows-1252 file with an accent at the start and one 200 KiB in: Windows-1252,
/// both read right.
#[test]
fn a_windows_1252_file_with_few_accents_stays_windows_1252() {
    let s = Sandbox::new();
    s.write("tiny.yaml", TINY.as_bytes());
    let mut text = b"id,s,d,a\nV1,Caf\xE9 Nord,2026-09-03,yes\n".to_vec();
    let mut line = 2;
    while text.len() < 200_000 {
        line += 1;
        text.extend_from_slice(format!("W{line},Leeds,2026-09-03,yes\n").as_bytes());
    }
    text.extend_from_slice(b"X1,M\xFCller,2026-09-04,yes\n");
    s.write("few-accents.csv", &text);
    let out = run_checked(&s, &["score", "--rubric", "tiny.yaml", "--out", "out", "few-accents.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(encoding_of(&s), "windows-1252");
    assert_eq!(invalid_utf8(&s), []);
    let want = [("Café Nord".to_string(), 1), ("Leeds".to_string(), line - 2), ("Müller".to_string(), 1)];
    assert_eq!(locations(&s), want);
}
