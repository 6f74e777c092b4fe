//! A consultant's broken rubric: every mistake reported in one run, each at its line and
//! column, with nothing written; and the warnings `check` gives a valid rubric.

use crate::support::*;

/// Eight kinds of mistake (the line numbers are this text's, counted by hand from
/// `name:` as line 1): 3 unknown key, 6 bad grade, 8 bad critical_effect, 16 a weight
/// others lack (reported at section `b`, line 27), 19 unknown question type, 20 duplicate
/// id, 24 wrong type, 30 a tab.
const BROKEN: &str = "name: Phone call
version: 2026.10
colour: blue
target: 80
grades:
  - { name: Top, min: 110 }
  - { name: Low, min: 0 }
critical_effect: zero
fields:
  visit_id: \"Call ID\"
  location: Branch
  date: \"Call date\"
sections:
  - id: a
    title: Answering
    weight: 50
    questions:
      - { id: rings, column: P1, type: number, bands: [{ max: 3, score: 1 }] }
      - { id: name, column: P2, type: slider }
      - id: rings
        column: P3
        type: yes_no
      - id: tone
        points: lots
        column: P4
        type: yes_no
  - id: b
    questions:
      - id: hold
\ttype: yes_no
";

#[test]
fn every_mistake_of_a_rubric_is_reported_in_one_run() {
    let s = Sandbox::new();
    s.write("bad.yaml", BROKEN.as_bytes());
    s.write("calls.csv", b"Call ID,Branch,Call date\n");
    let out = s.run(&["score", "--rubric", "bad.yaml", "--out", "out", "calls.csv"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(
        lines,
        [
            "error: bad.yaml:3:1: unknown key `colour`",
            "error: bad.yaml:6:18: grades[0].min: 110 is not a percentage",
            "error: bad.yaml:8:1: critical_effect: `zero` is not a critical_effect",
            "error: bad.yaml:19:33: sections[0].questions[1].type: unknown question type `slider`",
            "error: bad.yaml:20:9: sections[0].questions[2].id: id `rings` is used twice (first at line 18, sections[0].questions[0])",
            "error: bad.yaml:24:17: sections[0].questions[3].points: `lots` is not a number",
            "error: bad.yaml:27:5: sections[1]: section `b` has no weight but others do",
            "error: bad.yaml:30:1: YAML does not allow tabs for indentation",
        ]
    );
    // Each with its hint, then the count; nothing was written.
    assert_eq!(err.matches("\n  hint: ").count(), 8, "{err}");
    assert!(err.contains("  hint: did you mean `zero_visit`? (one of zero_visit, zero_section, flag)\n"), "{err}");
    assert!(err.ends_with("8 problems in bad.yaml\n"), "{err}");
    assert!(!s.path("out").exists());
}

#[test]
fn check_warns_about_band_gaps_and_overlaps_and_passes() {
    let s = Sandbox::new();
    let rubric = "name: Phone
sections:
  - id: a
    questions:
      - id: hold
        type: number
        bands:
          - { max: 60, score: 1 }
          - { min: 90, max: 180, score: 0.5 }
          - { min: 120, score: 0 }
";
    s.write("r.yaml", rubric.as_bytes());
    let out = s.run(&["check", "--rubric", "r.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // 61-89 in no band (at band 2, line 9); 120-180 in bands 2 and 3 (at band 3, line 10);
    // a band written `{ min: ...` is placed at its first key, column 15.
    assert_eq!(
        stderr(&out),
        "warning: r.yaml:9:15: sections[0].questions[0].bands[1]: no band holds answers between 60 and 90 (e.g. 61): they are invalid answers
  hint: start this band at `min: 60` if those answers belong in it (touching bands are fine: the first listed wins)
warning: r.yaml:10:15: sections[0].questions[0].bands[2]: answers from 120 to 180 are in bands 2 and 3: only the first listed, band 2, scores them
  hint: make each band start where the one before ends
"
    );
    assert_eq!(stdout(&out), "r.yaml: rubric OK (1 section, 1 question; 2 warnings)\n");
}

/// A run file's `rubric:` that names no file: the hint speaks of the run file too, not
/// only of `--rubric`.
#[test]
fn a_missing_rubric_names_the_path_as_resolved_and_both_places_to_fix_it() {
    let s = Sandbox::new();
    std::fs::create_dir(s.path("job")).unwrap();
    s.write("job/audit.yaml", b"rubric: nope.yaml\ninputs: [data/]\n");
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: job/nope.yaml: cannot read the rubric: No such file or directory (os error 2)\n  hint: check the rubric's path: `--rubric`, or `rubric:` in a run file (relative to the run file's folder)\n"
    );
}
