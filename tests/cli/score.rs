//! `shopscore score` on the mini rubric: every number worked out by hand.

use crate::support::*;

/// V1: welcome 100 × 3/3 = 100, close 100, visit 100 × 4/4 = 100.
/// V2: welcome 100 × 0.5/3 = 16.666666666666668, close 0, visit 100 × 0.5/4 = 12.5.
/// V3: welcome 100 × 2/2 = 100 (q2 N/A), close 0, visit 100 × 2/3 = 66.66666666666667.
#[test]
fn visits_csv_has_exact_scores() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let header = s.read("out/visits.csv").lines().next().unwrap().to_string();
    assert_eq!(header, "file,line,visit_id,location,region,period,score,grade,critical_failures,welcome,close");
    assert_eq!(
        s.rows("visits.csv"),
        vec![
            vec!["m.csv", "2", "V1", "Leeds", "", "2026-09", "100", "Good", "0", "100", "100"],
            vec!["m.csv", "3", "V2", "Leeds", "", "2026-09", "12.5", "Poor", "0", "16.666666666666668", "0"],
            vec!["m.csv", "4", "V3", "York", "", "2026-10", "66.66666666666667", "Poor", "0", "100", "0"],
        ]
    );
}

#[test]
fn issues_csv_lists_the_missing_comment() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let rows = s.rows("issues.csv");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][..8], ["m.csv", "4", "V3", "York", "", "missing_comment", "Q3 comment", ""]);
    assert!(rows[0][8].contains("no comment"), "{}", rows[0][8]);
}

/// Leeds = (100 + 12.5) / 2 = 56.25; York = 66.66666666666667;
/// overall = (100 + 12.5 + 200/3) / 3 = 59.72222222222222.
#[test]
fn summary_json_aggregates() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let j = s.summary();
    assert_eq!(j["rubric"]["name"], "Mini");
    assert_eq!(j["rubric"]["version"], "1");
    let overall = j["overall"]["score"].as_f64().unwrap();
    assert!((overall - 59.722_222_222_222_22).abs() < 1e-12, "{overall}");
    assert_eq!(j["overall"]["on_target"], false);
    assert_eq!(j["locations"][0]["location"], "York");
    assert_eq!(j["locations"][0]["rank"], 1);
    assert_eq!(j["locations"][1]["score"], 56.25);
    // welcome: (100 + 16.666666666666668 + 100) / 3; close: 100/3
    let welcome = j["sections"][0]["score"].as_f64().unwrap();
    assert!((welcome - 72.222_222_222_222_22).abs() < 1e-12, "{welcome}");
    // q2 pass rate: answers 5 (f 1) and 3 (f 0.5) → 75; one N/A
    let q2 = &j["questions"][1];
    assert_eq!((q2["pass_rate"].as_f64(), q2["scored"].as_u64(), q2["na"].as_u64()), (Some(75.0), Some(2), Some(1)));
    assert_eq!(j["periods"][0]["period"], "2026-09");
    assert_eq!(j["periods"][0]["score"], 56.25);
    assert_eq!(j["issues"]["total"], 1);
    assert_eq!(j["issues"]["by_problem"]["missing_comment"], 1);
    assert_eq!(j["inputs"][0]["rows"], 3);
}

#[test]
fn table_on_stdout_ranks_locations() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv"]);
    let text = stdout(&out);
    let york = text.find("York").unwrap();
    let leeds = text.find("Leeds").unwrap();
    assert!(york < leeds, "{text}");
    assert!(text.contains("66.7") && text.contains("56.3") && text.contains("under target"), "{text}");
    assert!(text.contains("Data issues: 1"), "{text}");
}

#[test]
fn json_flag_prints_the_summary() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--json", "--quiet", "m.csv"]);
    assert_eq!(code(&out), 0);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["overall"]["visits"], 3);
    assert!(stderr(&out).is_empty(), "quiet: {}", stderr(&out));
}

#[test]
fn fail_under_and_strict_gate_with_exit_1_but_still_write() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--fail-under", "60", "m.csv"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("below --fail-under 60"), "{}", stderr(&out));
    assert!(s.path("out/visits.csv").exists());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out2", "--fail-under", "59.7", "m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out3", "--strict", "m.csv"]);
    assert_eq!(code(&out), 1);
    assert!(s.path("out3/issues.csv").exists());
}

#[test]
fn unreadable_rows_duplicates_and_bad_dates() {
    let s = Sandbox::new();
    let csv = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Leeds,2026-09-03,yes,5,yes,
V2,Leeds,2026-09-10,yes,5
,York,2026-09-11,yes,5,yes,
V1,York,31/09/2026,y,4,yes,
";
    s.write("a.csv", csv.as_bytes());
    s.write("b.csv", b"Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\nV1,Hull,2026-10-01,yes,5,yes,\n");
    assert_eq!(code(&s.score(&["a.csv", "b.csv"])), 0);
    let visits = s.rows("visits.csv");
    let ids: Vec<(&str, &str, &str)> = visits.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[5].as_str())).collect();
    assert_eq!(ids, [("a.csv", "2", "2026-09"), ("a.csv", "5", "unknown"), ("b.csv", "2", "2026-10")]);
    let issues = s.rows("issues.csv");
    let brief: Vec<(&str, &str, &str, &str, &str)> =
        issues.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str(), r[6].as_str(), r[7].as_str())).collect();
    assert_eq!(
        brief,
        [
            ("a.csv", "3", "V2", "", "V2,Leeds,2026-09-10,yes,5"),
            ("a.csv", "4", "", "", ",York,2026-09-11,yes,5,yes,"),
            ("a.csv", "5", "V1", "Visit ID", "V1"),
            ("a.csv", "5", "V1", "Date", "31/09/2026"),
            ("b.csv", "2", "V1", "Visit ID", "V1"),
        ]
    );
    assert!(issues[2][8].contains("first seen in a.csv line 2"), "{}", issues[2][8]);
    assert!(issues[0][8].contains("5 fields but the header has 7"), "{}", issues[0][8]);
}

#[test]
fn invalid_answers_get_a_hint() {
    let s = Sandbox::new();
    s.write("m.csv", b"Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\nV1,Leeds,2026-09-03,yse,,yes,\n");
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let issues = s.rows("issues.csv");
    assert_eq!(issues.len(), 2);
    assert_eq!((issues[0][6].as_str(), issues[0][7].as_str()), ("Q1 Greeted", "yse"));
    assert!(issues[0][8].contains("did you mean `yes`"), "{}", issues[0][8]);
    assert_eq!((issues[1][6].as_str(), issues[1][7].as_str()), ("Q2 Smile", ""));
    assert!(issues[1][8].contains("missing answer"));
    // q1 and q2 not scored: visit = q3 alone = 100
    assert_eq!(s.rows("visits.csv")[0][6], "100");
}

/// More rows than one hand-over batch between the reading and writing threads: order,
/// counts and duplicates across batch boundaries must be exactly as in the input.
#[test]
fn many_rows_keep_input_order_across_batches() {
    let s = Sandbox::new();
    let mut csv = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for i in 0..1300 {
        // every 400th row repeats the id of row 0; every 7th has a blank q2
        let id = if i > 0 && i % 400 == 0 { "V0".to_string() } else { format!("V{i}") };
        let q2 = if i % 7 == 0 { "" } else { "4" };
        csv.push_str(&format!("{id},S{},2026-09-01,yes,{q2},yes,\n", i % 5));
    }
    s.write("m.csv", csv.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let visits = s.rows("visits.csv");
    assert_eq!(visits.len(), 1300);
    let lines: Vec<u64> = visits.iter().map(|r| r[1].parse().unwrap()).collect();
    assert_eq!(lines, (2..1302).collect::<Vec<u64>>());
    let issues = s.rows("issues.csv");
    let dups: Vec<&str> = issues.iter().filter(|r| r[6] == "Visit ID").map(|r| r[1].as_str()).collect();
    assert_eq!(dups, ["402", "802", "1202"]);
    // rows 0, 7, ..., 1295: 186 blanks
    assert_eq!(issues.iter().filter(|r| r[6] == "Q2 Smile").count(), 186);
    assert_eq!(s.summary()["overall"]["visits"], 1300);
}

#[test]
fn cells_longer_than_excel_allows_are_an_issue_but_still_scored() {
    let s = Sandbox::new();
    let long = "é".repeat(40_000);
    s.write("m.csv", MINI_CSV.replace("\"Rushed, no thanks\"", &long).as_bytes());
    assert_eq!(code(&s.score(&["m.csv", "--no-xlsx"])), 0);
    assert_eq!(s.rows("visits.csv")[1][6], "12.5");
    let issues = s.rows("issues.csv");
    let long_issue: Vec<&Vec<String>> = issues.iter().filter(|r| r[6] == "Q3 comment" && r[1] == "3").collect();
    assert_eq!(long_issue.len(), 1, "{issues:?}");
    assert!(long_issue[0][8].contains("40000 characters"), "{}", long_issue[0][8]);
    assert_eq!(s.summary()["issues"]["by_problem"]["cell_too_long"], 1);
}

/// Leeds: 2 visits, 56.25; York: 1 visit, 66.67; 1 data issue.
#[test]
fn location_and_issue_gates_say_which_failed() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let run = |extra: &[&str]| {
        let mut args = vec!["score", "--rubric", "mini.yaml", "--out", "out", "--no-xlsx", "--charts", "none"];
        args.extend_from_slice(extra);
        args.push("m.csv");
        s.run(&args)
    };
    // Leeds has 2 visits: judged with --min-visits 2, not with the default 3.
    let out = run(&["--fail-location-under", "60", "--min-visits", "2"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("1 location with 2+ visits below --fail-location-under 60 (Sep-Oct 2026): Leeds 56.3"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&run(&["--fail-location-under", "60"])), 0);
    let out = run(&["--max-issues", "0", "--json", "--quiet"]);
    assert_eq!(code(&out), 1);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["gates"][0]["gate"], "max_issues");
    assert_eq!(j["gates"][0]["passed"], false);
    assert_eq!(code(&run(&["--max-issues", "1"])), 0);
    assert_eq!(s.summary()["gates"][0]["passed"], true);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv"]);
    let err = stderr(&out);
    assert!(err.contains("read m.csv"), "the normal messages are there: {err}");
    assert!(!err.contains("reading [") && !err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn since_and_until_bound_the_periods_read() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.replace("V2,Leeds,2026-09-10", "V2,Leeds,2026-13-10").as_bytes());
    let run = |extra: &[&str]| {
        let mut args = vec!["score", "--rubric", "mini.yaml", "--out", "out", "--no-xlsx", "--charts", "none"];
        args.extend_from_slice(extra);
        args.push("m.csv");
        s.run(&args)
    };
    // V1 2026-09 (outside), V2 bad date (cannot be placed in a window: not scored, a
    // bad_date issue), V3 2026-10
    let out = run(&["--since", "2026-10"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("1 visit, 1 outside the window, 1 undated"), "{}", stderr(&out));
    let ids: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[2].clone()).collect();
    assert_eq!(ids, ["V3"]);
    let kinds: Vec<(String, String)> = s.rows("issues.csv").into_iter().map(|r| (r[2].clone(), r[8].clone())).collect();
    // V2's bad date (saying it is not scored), V3's missing comment.
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert_eq!((kinds[0].0.as_str(), kinds[1].0.as_str()), ("V2", "V3"));
    assert!(kinds[0].1.contains("cannot be placed in that window: it is not scored"), "{kinds:?}");
    assert_eq!(s.summary()["inputs"][0]["outside_periods"], 1);
    let out = run(&["--until", "2026-09"]);
    assert_eq!(code(&out), 0);
    let ids: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[2].clone()).collect();
    assert_eq!(ids, ["V1"]);
    assert!(s.rows("issues.csv").iter().all(|r| r[2] != "V3"), "V3's issues belong to another month");
    assert_eq!(code(&run(&["--since", "2026-9"])), 2);
    let out = run(&["--since", "2026-10", "--until", "2026-09"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is after --until"), "{}", stderr(&out));
}

/// Mini: York has 1 scored visit, Leeds 2: both below the default 3 are small samples.
#[test]
fn small_samples_are_marked_and_intervals_given() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv", "--no-xlsx", "--charts", "none"]);
    let text = stdout(&out);
    // York's one October visit; Leeds has none in October (its two are September's).
    assert!(text.lines().any(|l| l.starts_with("1  York") && l.contains(" *1 ")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("-  Leeds ")), "{text}");
    assert!(text.contains("* fewer than 3 scored visits"), "{text}");
    let j = s.summary();
    assert_eq!(j["small_sample_below"], 3);
    assert_eq!(j["locations"][0]["small_sample"], true);
    assert!(j["locations"][0]["ci95"].is_null(), "one visit has no interval");
    // Leeds: 100 and 12.5: mean 56.25, s = 61.87184335, half = 12.706 × s / √2 = 555.88,
    // so the interval is everything a score can be: clamped to [0, 100].
    let ci = &j["locations"][1]["ci95"];
    assert_eq!((ci[0].as_f64(), ci[1].as_f64()), (Some(0.0), Some(100.0)));
    assert!(j["questions"][0]["pass_rate_ci95"].is_array());
}

/// Excel counts UTF-16 units: 20,000 emoji are 40,000 units, over the limit.
#[test]
fn emoji_cells_are_measured_as_excel_does() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.replace("\"Rushed, no thanks\"", &"😀".repeat(20_000)).as_bytes());
    assert_eq!(code(&s.score(&["m.csv", "--no-xlsx", "--charts", "none"])), 0);
    let issues = s.rows("issues.csv");
    let long: Vec<&Vec<String>> = issues.iter().filter(|r| r[8].contains("40000 characters (UTF-16 units")).collect();
    assert_eq!(long.len(), 1, "{issues:?}");
}

/// A row that is not a visit is listed with its raw text; when that text is longer than
/// an Excel cell, the cut the workbook makes is listed too.
#[test]
fn a_long_unreadable_row_is_listed_with_its_cut() {
    let s = Sandbox::new();
    let long = "x".repeat(40_000);
    s.write("m.csv", format!("{MINI_CSV}V9,Leeds,{long}\n").as_bytes());
    assert_eq!(code(&s.score(&["m.csv", "--no-xlsx", "--charts", "none"])), 0);
    let issues = s.rows("issues.csv");
    let row: Vec<&Vec<String>> = issues.iter().filter(|r| r[1] == "5").collect();
    assert_eq!(row.len(), 2, "{row:?}");
    assert!(row[0][8].contains("3 fields but the header has 7") && row[0][7].len() > 40_000);
    // "V9,Leeds," is 9 characters, then 40,000
    assert!(row[1][8].contains("40009 characters"), "{}", row[1][8]);
}
