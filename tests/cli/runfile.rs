//! `shopscore run` and `shopscore init`: a monthly job as one short line.

use crate::support::*;

fn job(s: &Sandbox, extra: &str) {
    std::fs::create_dir_all(s.path("job/data")).unwrap();
    s.write("job/mini.yaml", MINI.as_bytes());
    s.write("job/data/2026-09.csv", MINI_CSV.as_bytes());
    let file = format!("rubric: mini.yaml\ninputs: [data/]\nout: reports\nno_xlsx: true\ncharts: none\n{extra}");
    s.write("job/audit.yaml", file.as_bytes());
}

#[test]
fn run_file_paths_are_relative_to_it() {
    let s = Sandbox::new();
    job(&s, "fail_under: 50\n");
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.read("job/reports/visits.csv").lines().count(), 4, "header and 3 visits");
    assert!(!s.path("job/reports/charts").exists(), "charts: none");
}

#[test]
fn flags_override_the_run_file() {
    let s = Sandbox::new();
    job(&s, "fail_under: 50\n");
    // 59.72 is below 60: the flag's threshold wins over the file's 50
    let out = s.run(&["run", "job/audit.yaml", "--fail-under", "60", "--out", "elsewhere"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("below --fail-under 60"), "{}", stderr(&out));
    assert!(s.path("elsewhere/summary.json").exists());
    assert!(!s.path("job/reports").exists());
}

#[test]
fn run_file_mistakes_have_line_and_column() {
    let s = Sandbox::new();
    job(&s, "fail_undr: 50\n");
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("job/audit.yaml:6:1") && err.contains("unknown field `fail_undr`"), "{err}");
    assert!(err.contains("did you mean `fail_under`"), "{err}");
    let out = s.run(&["run", "missing.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("shopscore init"), "{}", stderr(&out));
}

#[test]
fn init_writes_a_starter_that_runs() {
    let s = Sandbox::new();
    let out = s.run(&["init", "acme"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for f in ["acme/audit.yaml", "acme/rubric.yaml", "acme/data/visits-template.csv"] {
        assert!(s.path(f).exists(), "{f}");
    }
    assert_eq!(s.read("acme/data/visits-template.csv").lines().count(), 1, "header only");
    // No visits yet: the run works and its overall gate says why it fails.
    let out = s.run(&["run", "acme/audit.yaml", "--no-xlsx", "--charts", "none"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("no visit has a score"), "{}", stderr(&out));
    // init never overwrites
    let out = s.run(&["init", "acme"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
}

#[test]
fn without_out_reports_go_beside_the_run_file() {
    let s = Sandbox::new();
    job(&s, "");
    let file = s.read("job/audit.yaml").replace("out: reports\n", "");
    s.write("job/audit.yaml", file.as_bytes());
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(s.path("job/reports/visits.csv").exists());
    assert!(!s.path("reports").exists(), "not in the caller's folder");
}
