//! `--period latest` (`period: latest` in a run file): the run scores and gates on the
//! latest month its visits are dated in, as `--period` with that month would.

use std::process::Output;

use crate::support::*;

/// The run date of these tests: 2026-10-20 (SOURCE_DATE_EPOCH 1792454400).
const TODAY: &str = "1792454400";

const HEAD: &str = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n";

/// Mini scores (see support): S1 all best = 100; O1 q1 no = 100 × 2/4 = 50; O2 q3 no
/// with its comment = 100 × 3/4 = 75; N1 all best = 100, but dated after the run date.
fn months(s: &Sandbox) {
    std::fs::create_dir_all(s.path("data")).unwrap();
    s.write("data/a.csv", format!("{HEAD}S1,Leeds,2026-09-05,yes,5,yes,\n").as_bytes());
    let b = format!(
        "{HEAD}O1,Leeds,2026-10-05,no,5,yes,\nN1,York,2026-11-02,yes,5,yes,\nO2,York,2026-10-06,yes,5,no,slow\n"
    );
    s.write("data/b.csv", b.as_bytes());
}

fn score(s: &Sandbox, out: &str, extra: &[&str]) -> Output {
    score_on(s, TODAY, out, extra)
}

/// `score` with the run date `today` (SOURCE_DATE_EPOCH).
fn score_on(s: &Sandbox, today: &str, out: &str, extra: &[&str]) -> Output {
    let mut args = vec!["score", "--rubric", "mini.yaml", "--out", out, "--no-xlsx", "--charts", "none"];
    args.extend_from_slice(extra);
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .env("SOURCE_DATE_EPOCH", today)
        .env_remove("COLUMNS")
        .args(&args)
        .output()
        .unwrap()
}

/// The latest month on or before the run date is October (N1's November is after it):
/// October is scored, (50 + 75) / 2 = 62.5, below 70; September (100) is compared
/// with, 62.5 − 100 = −37.5; N1 is an issue, dated after the period being scored. All
/// months together would be (100 + 50 + 75 + 100) / 4 = 81.25 and pass.
#[test]
fn latest_scores_and_gates_on_the_latest_month() {
    let s = Sandbox::new();
    months(&s);
    let out = score(&s, "latest", &["--period", "latest", "--fail-under", "70", "data"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("gate failed: overall score 62.5 (2026-10) is below --fail-under 70\n"),
        "{}",
        stderr(&out)
    );
    let j: serde_json::Value = serde_json::from_str(&s.read("latest/summary.json")).unwrap();
    assert_eq!((j["overall"]["visits"].as_u64(), j["overall"]["score"].as_f64()), (Some(2), Some(62.5)));
    let c = &j["comparison"];
    assert_eq!((c["latest_period"].as_str(), c["previous_period"].as_str()), (Some("2026-10"), Some("2026-09")));
    assert_eq!(c["overall"]["change"].as_f64(), Some(-37.5));
    assert_eq!(j["inputs"][0]["read_for_comparison"], 1, "S1");
    assert_eq!(
        (j["issues"]["total"].as_u64(), j["issues"]["by_problem"]["outside_period"].as_u64()),
        (Some(1), Some(1))
    );
    let mut visits = csv::Reader::from_path(s.path("latest/visits.csv")).unwrap();
    let ids: Vec<String> = visits.records().map(|r| r.unwrap()[2].to_string()).collect();
    assert_eq!(ids, ["O1", "O2"]);
    // The same run as naming the month.
    let named = score(&s, "named", &["--period", "2026-10", "--fail-under", "70", "data"]);
    assert_eq!(code(&named), 1);
    for f in ["summary.json", "visits.csv", "issues.csv"] {
        assert_eq!(s.read(&format!("latest/{f}")), s.read(&format!("named/{f}")), "{f}");
    }
    // Without a period every month is scored together, and the gate passes.
    let all = score(&s, "all", &["--fail-under", "70", "data"]);
    assert_eq!(code(&all), 0, "{}", stderr(&all));
    let j: serde_json::Value = serde_json::from_str(&s.read("all/summary.json")).unwrap();
    assert_eq!(j["overall"]["score"].as_f64(), Some(81.25));
}

/// The workbook is named by the month, and its About sheet says which `latest` was.
#[test]
fn latest_in_a_run_file_is_the_same_month() {
    let s = Sandbox::new();
    months(&s);
    s.write(
        "audit.yaml",
        b"rubric: mini.yaml\ninputs: [data/]\nperiod: latest\nout: out\ncharts: none\nfail_under: 70\n",
    );
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["run", "audit.yaml"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("gate failed: overall score 62.5 (2026-10) is below --fail-under 70\n"),
        "{}",
        stderr(&out)
    );
    let path = crate::xlsx::workbook_path(&s);
    assert_eq!(path.file_name().unwrap(), "mini-2026-10.xlsx");
    let about = crate::xlsx::sheet(&mut crate::xlsx::open(&path), "About");
    let period = about.iter().find(|r| crate::xlsx::text(&r[0]) == "period").map(|r| crate::xlsx::text(&r[1]));
    assert_eq!(period.as_deref(), Some("latest (2026-10)"));
}

#[test]
fn latest_explains_what_it_cannot_do() {
    let s = Sandbox::new();
    months(&s);
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .args(["score", "--rubric", "mini.yaml", "--period", "latest", "-"])
        .write_stdin(format!("{HEAD}S1,Leeds,2026-09-05,yes,5,yes,\n"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: period `latest` reads the inputs once before the run to find their latest month, and standard input (`-`) can be read only once\n  hint: save standard input to a file and name that, or give the month (--period 2026-10, or `period: 2026-10` in a run file)\n"
    );
    s.write("undated.csv", format!("{HEAD}U1,Leeds,soon,yes,5,yes,\nU2,Leeds,2026-1-x,yes,5,yes,\n").as_bytes());
    let out = score(&s, "out", &["--period", "latest", "undated.csv"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: period `latest`: no visit in the inputs is dated on or before the run date 2026-10-20, so there is no latest month to score\n  hint: check the `Date` column against the rubric's date_format `%Y-%m-%d`, or give the month (--period 2026-10, or `period: 2026-10` in a run file)\n"
    );
    let out = score(&s, "out", &["--period", "latest", "--since", "2026-11", "data"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: --since 2026-11 is after 2026-10, the latest month in the inputs (period `latest`)\n  hint: no visit is dated from --since on; lower --since, or leave it out\n"
    );
    let out = s.run(&["score", "--help"]);
    assert!(stdout(&out).contains("--period <YYYY-MM|latest|previous>"), "{}", stdout(&out));
    assert!(stdout(&out).contains("`latest`: the latest month"), "{}", stdout(&out));
}

/// Every date reads, and all are after the run date 2026-10-20 (November 1 to December
/// 3): the run date is what to check, not the date format.
#[test]
fn latest_with_every_visit_after_the_run_date_names_the_run_date() {
    let s = Sandbox::new();
    s.write("future.csv", format!("{HEAD}F1,Leeds,2026-12-03,yes,5,yes,\nF2,Leeds,2026-11-01,yes,5,yes,\n").as_bytes());
    let out = score(&s, "out", &["--period", "latest", "future.csv"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: period `latest`: every dated visit in the inputs is after the run date 2026-10-20 (the earliest is dated 2026-11-01), so there is no latest month to score\n  hint: the run date is SOURCE_DATE_EPOCH (1792454400): set it to the day the visits are scored, or unset it to use today's date, or give the month (--period 2026-12, or `period: 2026-12` in a run file)\n"
    );
}

/// A fifo would be used up by the read that finds the latest month, and the run would
/// then find it empty: it is refused by name, as standard input is.
#[cfg(unix)]
#[test]
fn latest_refuses_a_fifo() {
    let s = Sandbox::new();
    let made = std::process::Command::new("mkfifo").arg(s.path("pipe.csv")).status().unwrap();
    assert!(made.success());
    // Without the refusal the run would wait for a writer: the timeout makes that a failure.
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(["score", "--rubric", "mini.yaml", "--out", "out", "--period", "latest", "pipe.csv"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: period `latest` reads the inputs once before the run to find their latest month, and pipe.csv, not a regular file (a pipe or device), can be read only once\n  hint: save it to a file and name that, or give the month (--period 2026-10, or `period: 2026-10` in a run file)\n"
    );
}

/// `--period previous` is the calendar month before the run date's: run on 2026-11-02
/// (SOURCE_DATE_EPOCH 1793577600), it scores October although N1 is dated in November
/// (which `latest` would take): October (50 + 75) / 2 = 62.5 against September 100.
#[test]
fn previous_scores_the_month_before_the_run_dates() {
    let s = Sandbox::new();
    months(&s);
    let out = score_on(&s, "1793577600", "prev", &["--period", "previous", "--fail-under", "70", "data"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).ends_with("gate failed: overall score 62.5 (2026-10) is below --fail-under 70\n"),
        "{}",
        stderr(&out)
    );
    let j: serde_json::Value = serde_json::from_str(&s.read("prev/summary.json")).unwrap();
    assert_eq!((j["focus"]["period"].as_str(), j["overall"]["score"].as_f64()), (Some("2026-10"), Some(62.5)));
    // With `latest` the same run takes November, N1's month (100).
    let out = score_on(&s, "1793577600", "lat", &["--period", "latest", "data"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&s.read("lat/summary.json")).unwrap();
    assert_eq!((j["focus"]["period"].as_str(), j["overall"]["score"].as_f64()), (Some("2026-11"), Some(100.0)));
}
