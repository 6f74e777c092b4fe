//! `shopscore run` and `shopscore init`: a monthly job as one short line.

use crate::support::*;

/// `job/`: MINI over MINI_CSV (59.72 overall) and its run file, lines 1-5 fixed and
/// `extra` from line 6 (the hints tests count on it).
pub fn job(s: &Sandbox, extra: &str) {
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

/// `inputs: [-]` reads standard input, as `-` does on the command line: not a file
/// named `-` in the run file's folder.
#[test]
fn a_run_file_input_of_dash_is_standard_input() {
    let s = Sandbox::new();
    job(&s, "");
    let file = s.read("job/audit.yaml").replace("inputs: [data/]", "inputs: [\"-\"]");
    s.write("job/audit.yaml", file.as_bytes());
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .args(["run", "job/audit.yaml"])
        .write_stdin(MINI_CSV)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let visits = s.read("job/reports/visits.csv");
    assert_eq!(visits.lines().count(), 4, "header and 3 visits: {visits}");
    assert!(visits.lines().skip(1).all(|l| l.starts_with("stdin,")), "{visits}");
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

/// Three months from a run file. Mini visit scores: all good = 100; q1 no = 100 × 2/4 = 50;
/// q3 no (with comment) = 100 × 3/4 = 75.
/// Leeds: Aug 100, Sep 50, Oct 75 → Oct vs Sep +25, improved.
/// York: Sep 100, Oct 100 → 0, steady. Hull: Oct only → no previous, no trend.
#[test]
fn three_months_compare_latest_with_previous() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("job/data")).unwrap();
    s.write("job/mini.yaml", MINI.as_bytes());
    let head = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n";
    s.write("job/data/2026-08.csv", format!("{head}A1,Leeds,2026-08-05,yes,5,yes,\n").as_bytes());
    s.write(
        "job/data/2026-09.csv",
        format!("{head}S1,Leeds,2026-09-05,no,5,yes,\nS2,York,2026-09-06,yes,5,yes,\n").as_bytes(),
    );
    let oct = format!(
        "{head}O1,Leeds,2026-10-05,yes,5,no,slow\nO2,York,2026-10-06,yes,5,yes,\nO3,Hull,2026-10-07,yes,5,yes,\n"
    );
    s.write("job/data/2026-10.csv", oct.as_bytes());
    s.write("job/audit.yaml", b"rubric: mini.yaml\ninputs: [data/]\nno_xlsx: true\ncharts: none\nmin_visits: 1\n");
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&s.read("job/reports/summary.json")).unwrap();
    let c = &j["comparison"];
    assert_eq!((c["latest_period"].as_str(), c["previous_period"].as_str()), (Some("2026-10"), Some("2026-09")));
    let loc = |name: &str| c["locations"].as_array().unwrap().iter().find(|l| l["key"] == name).unwrap().clone();
    assert_eq!((loc("Leeds")["latest"].as_f64(), loc("Leeds")["previous"].as_f64()), (Some(75.0), Some(50.0)));
    assert_eq!((loc("Leeds")["change"].as_f64(), loc("Leeds")["trend"].as_str()), (Some(25.0), Some("improved")));
    assert_eq!((loc("York")["change"].as_f64(), loc("York")["trend"].as_str()), (Some(0.0), Some("steady")));
    assert!(loc("Hull")["trend"].is_null() && loc("Hull")["previous"].is_null());
    // overall: Oct (75 + 100 + 100) / 3 = 91.67 vs Sep (50 + 100) / 2 = 75 → +16.67
    let d = c["overall"]["change"].as_f64().unwrap();
    assert!((d - (275.0 / 3.0 - 75.0)).abs() < 1e-9, "{d}");
    assert_eq!(c["most_improved"][0]["key"], "Leeds");
    let table = stdout(&out);
    let head = table.lines().find(|l| l.starts_with('#')).unwrap();
    assert!(head.contains("  2026-10  ") && head.contains("  2026-09  ") && head.contains("  Change"), "{table}");
    assert!(table.contains("+25.0 up"), "{table}");

    // --period 2026-09: September is scored; August is read for comparison; October is not read.
    let out = s.run(&["run", "job/audit.yaml", "--period", "2026-09", "--out", "sep"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&s.read("sep/summary.json")).unwrap();
    assert_eq!(j["overall"]["visits"], 2, "only September's visits in the headline");
    assert_eq!(j["overall"]["score"], 75.0);
    let c = &j["comparison"];
    assert_eq!((c["latest_period"].as_str(), c["previous_period"].as_str()), (Some("2026-09"), Some("2026-08")));
    let leeds = c["locations"].as_array().unwrap().iter().find(|l| l["key"] == "Leeds").unwrap();
    assert_eq!((leeds["change"].as_f64(), leeds["trend"].as_str()), (Some(-50.0), Some("declined")));
    let ids: Vec<String> =
        s.read("sep/visits.csv").lines().skip(1).map(|l| l.split(',').nth(2).unwrap().to_string()).collect();
    assert_eq!(ids, ["S1", "S2"]);
    assert_eq!(j["inputs"][0]["read_for_comparison"], 1, "August's visit");
    assert_eq!(j["inputs"][2]["outside_periods"], 3, "October is after --period");
    // ...and each October visit is a data issue: dated after the period being scored.
    assert_eq!(j["issues"]["by_problem"]["outside_period"], 3);
    assert_eq!(j["issues"]["total"], 3);
}

/// A switch set in the run file can be turned off for one run: `--strict=false`.
#[test]
fn flags_can_switch_a_run_file_setting_off() {
    let s = Sandbox::new();
    job(&s, "strict: true\n");
    // mini data has one issue: strict fails the run...
    assert_eq!(code(&s.run(&["run", "job/audit.yaml"])), 1);
    // ...unless this run says otherwise; plain flags still mean true.
    assert_eq!(code(&s.run(&["run", "job/audit.yaml", "--strict=false"])), 0);
    let out = s.run(&["run", "job/audit.yaml", "--strict=false", "-q"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).is_empty(), "-q alone still means quiet");
}
