//! Issue 14's hints: values written as people write them (`85%`), and a message that says
//! what was expected when one is not a value; missing columns; dates; bands.

use crate::support::*;

/// A run file for MINI over MINI_CSV (59.72 overall): lines 1-5 fixed, `extra` from line 6.
fn job(s: &Sandbox, extra: &str) {
    std::fs::create_dir_all(s.path("job/data")).unwrap();
    s.write("job/mini.yaml", MINI.as_bytes());
    s.write("job/data/2026-09.csv", MINI_CSV.as_bytes());
    let file = format!("rubric: mini.yaml\ninputs: [data/]\nout: reports\nno_xlsx: true\ncharts: none\n{extra}");
    s.write("job/audit.yaml", file.as_bytes());
}

#[test]
fn a_percent_sign_is_taken_on_the_command_line_and_in_a_run_file() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    for pct in ["85%", "85 %", "85"] {
        let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--no-xlsx", "--fail-under", pct, "m.csv"]);
        assert_eq!(code(&out), 1, "{pct}: {}", stderr(&out));
        assert!(stderr(&out).contains("is below --fail-under 85\n"), "{pct}: {}", stderr(&out));
    }
    for line in ["fail_under: 85%\n", "fail_under: 85 %\n", "fail_under: \"85%\"\n"] {
        job(&s, line);
        let out = s.run(&["run", "job/audit.yaml"]);
        assert_eq!(code(&out), 1, "{line}: {}", stderr(&out));
        assert!(stderr(&out).contains("is below --fail-under 85\n"), "{line}: {}", stderr(&out));
    }
}

#[test]
fn a_flag_that_is_not_a_number_says_what_it_takes() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    for (flag, value, why) in [
        ("--fail-under", "eighty", "'eighty' for '--fail-under <PCT>': not a number (percent), e.g. 80"),
        ("--fail-under", "150%", "'150%' for '--fail-under <PCT>': not a percentage: use a number from 0 to 100"),
        ("--fail-under", "85,5", "'85,5' for '--fail-under <PCT>': not a number: write the decimal with a point, 85.5"),
        ("--fail-location-under", "x", "'x' for '--fail-location-under <PCT>': not a number (percent), e.g. 80"),
        ("--steady-within", "two", "'two' for '--steady-within <POINTS>': not a number (points), e.g. 2"),
        ("--min-visits", "three", "'three' for '--min-visits <N>': not a whole number, e.g. 3"),
        ("--max-issues", "2.5", "'2.5' for '--max-issues <N>': not a whole number, e.g. 3"),
    ] {
        let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", &format!("{flag}={value}"), "m.csv"]);
        assert_eq!(code(&out), 2, "{flag}");
        assert_eq!(
            stderr(&out),
            format!("error: invalid value {why}\n\nFor more information, try '--help'.\n"),
            "{flag}"
        );
    }
    assert!(!s.path("out").exists());
}

/// Every number and switch of a run file: its mistake at its line and column (line 6;
/// the value's column is the key's length and 3), in words, not serde's `expected f64`.
#[test]
fn a_run_file_value_that_is_not_one_says_what_it_takes() {
    let s = Sandbox::new();
    for (line, want) in [
        ("fail_under: eighty", "6:13: fail_under: `eighty` is not a number (percent), e.g. 80"),
        ("fail_under: 150", "6:13: fail_under: `150` is not a percentage: use a number from 0 to 100"),
        ("fail_under: true", "6:13: fail_under: `true` is not a number (percent), e.g. 80"),
        ("fail_location_under: 70 pct", "6:22: fail_location_under: `70 pct` is not a number (percent), e.g. 80"),
        ("steady_within: two", "6:16: steady_within: `two` is not a number (points), e.g. 2"),
        ("steady_within: 101", "6:16: steady_within: `101` is not a number of points from 0 to 100"),
        ("min_visits: three", "6:13: min_visits: `three` is not a whole number, e.g. 3"),
        ("min_visits: 2.5", "6:13: min_visits: `2.5` is not a whole number, e.g. 3"),
        ("max_issues: -1", "6:13: max_issues: `-1` is not a count: use a whole number, 0 or more"),
        ("strict: yes", "6:9: strict: `yes` is not true or false"),
        ("json: 1", "6:7: json: `1` is not true or false"),
        ("per_location: on", "6:15: per_location: `on` is not true or false"),
        ("raw_csv: no", "6:10: raw_csv: `no` is not true or false"),
        ("quiet: Y", "6:8: quiet: `Y` is not true or false"),
        ("verbose: 0", "6:10: verbose: `0` is not true or false"),
    ] {
        job(&s, &format!("{line}\n"));
        let out = s.run(&["run", "job/audit.yaml"]);
        assert_eq!(code(&out), 2, "{line}");
        assert_eq!(stderr(&out), format!("error: job/audit.yaml:{want}\n"), "{line}");
    }
    // `no_xlsx` is on line 4 of the job.
    job(&s, "");
    s.write("job/audit.yaml", s.read("job/audit.yaml").replace("no_xlsx: true", "no_xlsx: yes").as_bytes());
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(stderr(&out), "error: job/audit.yaml:4:10: no_xlsx: `yes` is not true or false\n");
    // A blank value is unset, as before; one input needs no list.
    job(&s, "fail_under:\nmin_visits: 3.0\n");
    s.write("job/audit.yaml", s.read("job/audit.yaml").replace("inputs: [data/]", "inputs: data/").as_bytes());
    let out = s.run(&["run", "job/audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.read("job/reports/visits.csv").lines().count(), 4, "header and 3 visits");
}
