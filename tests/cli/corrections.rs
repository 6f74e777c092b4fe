//! `score --corrections FILE`: a corrections file with every kind of row, on the mini
//! rubric with a shopper column; every number worked out by hand below.
//!
//! The rubric (tests/cli/support.rs): welcome = q1 (yes_no, 2 points) + q2 (scale 1-5,
//! 1 point, f = (v - 1) / 4); close = q3 (yes_no, 1 point). No section weights: a visit
//! scores 100 × earned / possible over its scored questions.
//!
//! As shot:
//! - V1 Leeds S1: yes, 5, yes → 2 + 1 + 1 = 4 of 4 → 100.
//! - V2 Leeds S1: no, 3, no → 0 + 0.5 + 0 = 0.5 of 4 → 12.5.
//! - V3 York S2: yes, N/A, no → 2 + 0 = 2 of 3 → 200 / 3 = 66.66666666666667.
//! - V4 York S2: yes, 1, yes → 2 + 0 + 1 = 3 of 4 → 75.
//! - V5 Hull S3: no, 5, yes → 0 + 1 + 1 = 2 of 4 → 50.

use calamine::{Reader, Xlsx, open_workbook};

use crate::support::*;

fn rubric() -> String {
    MINI.replace(
        r#"fields: { visit_id: "Visit ID", location: Store, date: Date }"#,
        r#"fields: { visit_id: "Visit ID", location: Store, date: Date, shopper: Shopper }"#,
    )
}

const DATA: &str = "Visit ID,Store,Shopper,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Leeds,S1,2026-10-01,yes,5,yes,
V2,Leeds,S1,2026-10-02,no,3,no,rushed
V3,York,S2,2026-10-03,yes,N/A,no,rushed
V4,York,S2,2026-10-04,yes,1,yes,
V5,Hull,S3,2026-10-05,no,5,yes,
";

/// Line by line (the header is line 1):
/// - 2, 3: V2's q1 becomes yes, q2 (named by its header) 5: both accepted.
/// - 4: V2's q3 yes, rejected: acts not.
/// - 5, 6: V3 void, accepted; restore, pending (acts not): V3 stays void.
/// - 7, 8: V4 void then restore, both accepted: the last decides, V4 counts.
/// - 9: V9 is no visit of the inputs: correction_unknown_visit, at the end.
/// - 10: q7 is no question: correction_unknown_question.
/// - 11: 7 is off q2's 1-5 scale: correction_invalid_value, after V5's row.
/// - 12: `fix` is no action; 13: `maybe` is no status.
/// - 14: V5's q3 no, pending; 15: V1's q1 no, rejected.
/// - 16: V2's q2 4, accepted: overrides line 3 (file order).
const CORRECTIONS: &str = "visit_id,question,value,action,status,reason,by,date
V2,q1,yes,set,accepted,photo shows the greeting,Ann,2026-11-02
V2,Q2 Smile,5,set,accepted,video,Ann,2026-11-02
V2,q3,yes,set,rejected,no evidence,Ann,2026-11-02
V3,,,void,accepted,shopper was recognised,Bob,2026-11-03
V3,,,restore,pending,store asks again,Bob,2026-11-04
V4,,,void,accepted,wrong store,Bob,2026-11-03
V4,,,restore,accepted,it was the right store,Bob,2026-11-05
V9,q1,yes,set,accepted,,Ann,2026-11-02
V1,q7,yes,set,accepted,,Ann,2026-11-02
V5,q2,7,set,accepted,,Ann,2026-11-02
V5,q1,yes,fix,accepted,,Ann,2026-11-02
V5,q1,yes,set,maybe,,Ann,2026-11-02
V5,q3,no,set,pending,,Cy,2026-11-06
V1,q1,no,set,rejected,,Cy,2026-11-06
V2,q2,4,set,accepted,second look at the video,Ann,2026-11-07
";

fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.write("shop.yaml", rubric().as_bytes());
    s.write("oct.csv", DATA.as_bytes());
    s.write("fix.csv", CORRECTIONS.as_bytes());
    s
}

fn score(s: &Sandbox, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "--rubric", "shop.yaml", "--out", "out", "--charts", "none"];
    args.extend_from_slice(extra);
    args.push("oct.csv");
    s.run(&args)
}

/// V2 after lines 2 and 16: yes, 4, no → 2 + 0.75 + 0 = 2.75 of 4 → 68.75; welcome
/// 100 × 2.75 / 3 = 91.66666666666667. V3 is listed void with its own scores; V4
/// (void, restored) and V5 (its rows act not) are as shot.
#[test]
fn visits_csv_marks_corrected_and_void_visits_with_the_score_as_shot() {
    let s = sandbox();
    let out = score(&s, &["--corrections", "fix.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let header = s.read("out/visits.csv").lines().next().unwrap().to_string();
    assert_eq!(
        header,
        "file,line,visit_id,location,region,period,score,grade,corrected,status,score_as_shot,critical_failures,welcome,close"
    );
    let rows = s.rows("visits.csv");
    let cut: Vec<Vec<&str>> = rows.iter().map(|r| r[2..].iter().map(String::as_str).collect()).collect();
    assert_eq!(
        cut,
        vec![
            vec!["V1", "Leeds", "", "2026-10", "100", "Good", "", "", "100", "0", "100", "100"],
            vec!["V2", "Leeds", "", "2026-10", "68.75", "Poor", "yes", "", "12.5", "0", "91.66666666666667", "0"],
            vec![
                "V3",
                "York",
                "",
                "2026-10",
                "66.66666666666667",
                "Poor",
                "yes",
                "void",
                "66.66666666666667",
                "0",
                "100",
                "0"
            ],
            vec!["V4", "York", "", "2026-10", "75", "Poor", "", "", "75", "0", "66.66666666666667", "100"],
            vec!["V5", "Hull", "", "2026-10", "50", "Poor", "", "", "50", "0", "33.333333333333336", "100"],
        ]
    );
}

/// V3 void leaves V1, V2, V4, V5: overall (100 + 68.75 + 75 + 50) / 4 = 293.75 / 4 =
/// 73.4375; Leeds (100 + 68.75) / 2 = 84.375; York V4 alone 75; Hull 50. Without the
/// file: (100 + 12.5 + 200/3 + 75 + 50) / 5 = 60.833333333333336, under 70.
#[test]
fn a_void_visit_counts_nowhere_and_corrected_answers_count_in_the_aggregates() {
    let s = sandbox();
    let out = score(&s, &["--corrections", "fix.csv", "--fail-under", "70"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    assert_eq!(j["overall"]["visits"], 4);
    assert_eq!(j["overall"]["score"], 73.4375);
    let location =
        |name: &str| j["locations"].as_array().unwrap().iter().find(|l| l["location"] == name).unwrap().clone();
    assert_eq!((location("Leeds")["score"].as_f64(), location("Leeds")["visits"].as_u64()), (Some(84.375), Some(2)));
    assert_eq!((location("York")["score"].as_f64(), location("York")["visits"].as_u64()), (Some(75.0), Some(1)));
    assert_eq!(location("Hull")["score"], 50.0);
    // q2 over the counted visits: V1 5 (f 1), V2 4 (0.75), V4 1 (0), V5 5 (1): 100 × 2.75 / 4 = 68.75;
    // V3's N/A is not counted either.
    let q2 = &j["questions"][1];
    assert_eq!((q2["pass_rate"].as_f64(), q2["scored"].as_u64(), q2["na"].as_u64()), (Some(68.75), Some(4), Some(0)));
    // The gate fails without the corrections.
    let s = sandbox();
    let out = score(&s, &["--fail-under", "70"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let overall = s.summary()["overall"]["score"].as_f64().unwrap();
    assert!((overall - 60.833_333_333_333_336).abs() < 1e-12, "{overall}");
}

/// The corrections file's issues: line 11's after V5's row (the visit they are about),
/// the row problems and the unknown visit at the end, in file order. Each is an issue of
/// the corrections file, not of a visit's row: no location or shopper, even for line 11,
/// whose visit is known (as for line 12's and 13's).
#[test]
fn each_bad_row_is_a_data_issue_of_the_corrections_file() {
    let s = sandbox();
    assert_eq!(code(&score(&s, &["--corrections", "fix.csv"])), 0);
    let rows = s.rows("issues.csv");
    let got: Vec<Vec<&str>> = rows.iter().map(|r| r[..8].iter().map(String::as_str).collect()).collect();
    assert_eq!(
        got,
        vec![
            vec!["fix.csv", "11", "V5", "", "", "correction_invalid_value", "value", "7"],
            vec!["fix.csv", "9", "V9", "", "", "correction_unknown_visit", "visit_id", "V9"],
            vec!["fix.csv", "10", "V1", "", "", "correction_unknown_question", "question", "q7"],
            vec!["fix.csv", "12", "V5", "", "", "correction_bad_action", "action", "fix"],
            vec!["fix.csv", "13", "V5", "", "", "correction_bad_status", "status", "maybe"],
        ]
    );
    assert!(rows[0][8].starts_with("`7` is not an answer to q2; expected"), "{}", rows[0][8]);
    let j = s.summary();
    assert_eq!(j["issues"]["total"], 5);
    assert_eq!(j["issues"]["by_problem"]["correction_unknown_visit"], 1);
    // A run with a corrections file lists every correction kind, 0 or not.
    assert_eq!(j["issues"]["by_problem"]["correction_missing_field"], 0);
}

/// One row per corrections row naming a read visit and a known question (lines 9 and 10
/// do not), in file order, whether it acts or not: line 12's bad action and line 13's bad
/// status are listed as written, acted no (SPEC16 B: rejected/pending included, and a
/// row that acts not is still a dispute about that answer); scores before and after are
/// the visit's. V5 as shot: no, 5, yes; 50 before and after (none of its rows acts).
#[test]
fn corrections_csv_is_the_audit_trail() {
    let s = sandbox();
    assert_eq!(code(&score(&s, &["--corrections", "fix.csv"])), 0);
    let header = s.read("out/corrections.csv").lines().next().unwrap().to_string();
    assert_eq!(
        header,
        "line,visit_id,location,shopper,question,answer_as_shot,answer_corrected,score_before,score_after,action,status,acted,reason,by,date"
    );
    let rows = s.rows("corrections.csv");
    let got: Vec<Vec<&str>> = rows.iter().map(|r| r[..12].iter().map(String::as_str).collect()).collect();
    let v3 = "66.66666666666667";
    assert_eq!(
        got,
        vec![
            vec!["2", "V2", "Leeds", "S1", "q1", "no", "yes", "12.5", "68.75", "set", "accepted", "yes"],
            vec!["3", "V2", "Leeds", "S1", "q2", "3", "5", "12.5", "68.75", "set", "accepted", "yes"],
            vec!["4", "V2", "Leeds", "S1", "q3", "no", "yes", "12.5", "68.75", "set", "rejected", "no"],
            vec!["5", "V3", "York", "S2", "", "", "", v3, v3, "void", "accepted", "yes"],
            vec!["6", "V3", "York", "S2", "", "", "", v3, v3, "restore", "pending", "no"],
            vec!["7", "V4", "York", "S2", "", "", "", "75", "75", "void", "accepted", "yes"],
            vec!["8", "V4", "York", "S2", "", "", "", "75", "75", "restore", "accepted", "yes"],
            vec!["11", "V5", "Hull", "S3", "q2", "5", "7", "50", "50", "set", "accepted", "no"],
            vec!["12", "V5", "Hull", "S3", "q1", "no", "yes", "50", "50", "fix", "accepted", "no"],
            vec!["13", "V5", "Hull", "S3", "q1", "no", "yes", "50", "50", "set", "maybe", "no"],
            vec!["14", "V5", "Hull", "S3", "q3", "yes", "no", "50", "50", "set", "pending", "no"],
            vec!["15", "V1", "Leeds", "S1", "q1", "yes", "no", "100", "100", "set", "rejected", "no"],
            vec!["16", "V2", "Leeds", "S1", "q2", "3", "4", "12.5", "68.75", "set", "accepted", "yes"],
        ]
    );
    assert_eq!(rows[0][12..], ["photo shows the greeting", "Ann", "2026-11-02"]);
}

/// 15 rows (lines 2-16); statuses that read: accepted on 2, 3, 5, 7, 8, 9, 10, 11, 12,
/// 16 (10), rejected on 4, 15 (2), pending on 6, 14 (2); line 13's `maybe` is none.
/// Acted: 2, 3, 5, 7, 8, 16 (6). Disputes over the 13 audit rows: Leeds (S1) lines 2, 3,
/// 4, 15, 16, accepted 2, 3, 16: 3 of 5 = 60%; York (S2) 5-8, accepted 5, 7, 8: 3 of 4 =
/// 75%; Hull (S3) 11, 12, 13, 14, accepted 11, 12 (12's action is bad, its status
/// accepted): 2 of 4 = 50%, before York (4 rows too) by name. Questions: q1 lines 2, 12,
/// 13, 15, accepted 2, 12: 2 of 4 (50%); q2 3, 11, 16, all accepted (100%); q3 4, 14: 0 of 2.
#[test]
fn summary_json_has_the_dispute_figures() {
    let s = sandbox();
    assert_eq!(code(&score(&s, &["--corrections", "fix.csv"])), 0);
    let c = s.summary()["corrections"].clone();
    assert_eq!(c["file"], "fix.csv");
    // `printf ... | sha256sum` of the file's bytes is checked against the hex the run gives.
    let sha = sha256_hex(CORRECTIONS.as_bytes());
    assert_eq!(c["sha256"], sha.as_str());
    let counts: Vec<u64> = ["rows", "accepted", "rejected", "pending", "acted", "void_visits", "changed_visits"]
        .iter()
        .map(|k| c[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [15, 10, 2, 2, 6, 1, 1]);
    let list = |key: &str, name: &str| -> Vec<(String, u64, u64, f64)> {
        c[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let n = d[name].as_str().unwrap().to_string();
                (n, d["rows"].as_u64().unwrap(), d["accepted"].as_u64().unwrap(), d["share_accepted"].as_f64().unwrap())
            })
            .collect()
    };
    let t = |n: &str, r, a, p| (n.to_string(), r, a, p);
    assert_eq!(list("by_location", "location"), [t("Leeds", 5, 3, 60.0), t("Hull", 4, 2, 50.0), t("York", 4, 3, 75.0)]);
    assert_eq!(list("by_shopper", "shopper"), [t("S1", 5, 3, 60.0), t("S2", 4, 3, 75.0), t("S3", 4, 2, 50.0)]);
    assert_eq!(list("by_question", "question"), [t("q1", 4, 2, 50.0), t("q2", 3, 3, 100.0), t("q3", 2, 0, 0.0)]);
}

fn sha256_hex(bytes: &[u8]) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = out.unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

/// The workbook: the Visits sheet marks V2 and V3, the Corrections sheet holds the 13
/// audit rows, the Disputes sheet the figures.
#[test]
fn the_workbook_has_the_marks_the_audit_trail_and_the_disputes() {
    let s = sandbox();
    assert_eq!(code(&score(&s, &["--corrections", "fix.csv", "--xlsx-name", "w.xlsx"])), 0);
    let mut book: Xlsx<_> = open_workbook(s.path("out/w.xlsx")).unwrap();
    let visits = book.worksheet_range("Visits").unwrap();
    let row = |r: usize| visits.rows().nth(r).unwrap().iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(row(0)[9..14], ["Score", "Grade", "Corrected", "Status", "Score as shot"]);
    assert_eq!(row(2)[9..14], ["68.75", "Poor", "yes", "", "12.5"]);
    assert_eq!(row(3)[12], "void");
    let trail = book.worksheet_range("Corrections").unwrap();
    assert_eq!(trail.rows().count(), 14);
    assert_eq!(trail.rows().nth(1).unwrap()[0].to_string(), "2");
    let disputes = book.worksheet_range("Disputes").unwrap();
    let first: Vec<String> = disputes.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(first[0], "15 rows: 10 accepted, 2 rejected, 2 pending; 6 acted; 1 visit void, 1 changed");
    assert_eq!(first[2..6], ["Location", "Leeds", "Hull", "York"]);
    let about = book.worksheet_range("About").unwrap();
    let item = |m: &str| about.rows().find(|r| r[0] == m).map(|r| r[1].to_string());
    assert_eq!(item("Corrections file").as_deref(), Some("fix.csv"));
    assert_eq!(item("Corrections SHA-256"), Some(sha256_hex(CORRECTIONS.as_bytes())));
    assert_eq!(item("corrections").as_deref(), Some("fix.csv"));
}

/// A card lists its void visit and leaves it out of its figures: York's card is V4 alone (75).
#[test]
fn a_card_leaves_a_void_visit_out_of_its_figures() {
    let s = sandbox();
    assert_eq!(code(&score(&s, &["--corrections", "fix.csv", "--per-location", "--no-xlsx"])), 0);
    let cards: Vec<_> = std::fs::read_dir(s.path("out")).unwrap().flatten().map(|e| e.path()).collect();
    let york = cards
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten().map(|e| e.path()))
        .find(|p| p.to_string_lossy().to_lowercase().contains("york") && p.extension().is_some_and(|e| e == "xlsx"))
        .unwrap_or_else(|| panic!("no York card in {cards:?}"));
    let mut book: Xlsx<_> = open_workbook(&york).unwrap();
    let visits = book.worksheet_range("Visits").unwrap();
    let marks: Vec<String> = visits.rows().skip(1).map(|r| format!("{} {}", r[2], r[12])).collect();
    assert_eq!(marks, ["V3 void", "V4 "]);
    let names = book.sheet_names();
    assert!(!names.iter().any(|n| n == "Corrections"), "{names:?}");
    // With V3, York would be (200/3 + 75) / 2 = 70.83333333333334 over 2 visits.
    let card = book.worksheet_range(&names[0]).unwrap();
    let measure = |m: &str| card.rows().find(|r| r[0] == m).map(|r| r[1].to_string());
    assert_eq!(measure("Score 2026-10").as_deref(), Some("75"));
    assert_eq!(measure("Visits 2026-10").as_deref(), Some("1"));
}

#[test]
fn a_missing_header_column_stops_the_run_before_anything_is_written() {
    let s = sandbox();
    s.write("bad.csv", b"visit_id,question,value,action,state,reason,by,date\nV1,q1,no,set,accepted,,,\n");
    let out = score(&s, &["--corrections", "bad.csv"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("bad.csv:1: the corrections file's header has no `status` column (is `state` meant?)"),
        "{err}"
    );
    assert!(!s.path("out").join("visits.csv").exists());
}

/// The run file's `corrections:` is read from the run file's folder.
#[test]
fn the_run_file_names_the_corrections_file() {
    let s = sandbox();
    std::fs::create_dir(s.path("job")).unwrap();
    for f in ["shop.yaml", "oct.csv", "fix.csv"] {
        std::fs::rename(s.path(f), s.path("job").join(f)).unwrap();
    }
    s.write(
        "job/run.yaml",
        b"rubric: shop.yaml\ninputs: [oct.csv]\ncorrections: fix.csv\nout: out\ncharts: none\nno_xlsx: true\n",
    );
    let out = s.run(&["run", "job/run.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&s.read("job/out/summary.json")).unwrap();
    assert_eq!(j["overall"]["score"], 73.4375);
    assert!(j["corrections"]["file"].as_str().unwrap().ends_with("fix.csv"));
}

/// Without the flag: no corrections columns, no corrections.csv, no `corrections` key.
#[test]
fn without_corrections_nothing_changes() {
    let s = sandbox();
    assert_eq!(code(&score(&s, &[])), 0);
    assert!(
        s.read("out/visits.csv")
            .starts_with("file,line,visit_id,location,region,period,score,grade,critical_failures,")
    );
    assert!(!s.path("out/corrections.csv").exists());
    assert!(s.summary().get("corrections").is_none());
}

/// A visit id twice in the inputs: the correction acts on both. V1 twice (yes, 5, yes →
/// 100 each); q1 set to no: 0 + 1 + 1 = 2 of 4 → 50 each. The audit trail has one row
/// per corrections row (SPEC16 B), with its first visit's location (Leeds), not one per visit.
/// Window: with --period 2026-10, V7 of 2026-11 is after the period, not read as a visit:
/// unknown here.
#[test]
fn a_duplicate_id_is_corrected_everywhere_and_a_visit_outside_the_period_is_unknown() {
    let s = sandbox();
    s.write(
        "dup.csv",
        b"Visit ID,Store,Shopper,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n\
          V1,Leeds,S1,2026-10-01,yes,5,yes,\n\
          V1,York,S2,2026-10-02,yes,5,yes,\n\
          V7,York,S2,2026-11-02,yes,5,yes,\n",
    );
    s.write(
        "one.csv",
        b"visit_id,question,value,action,status,reason,by,date\nV1,q1,no,set,accepted,,,\nV7,,,void,accepted,,,\n",
    );
    let out = s.run(&[
        "score",
        "--rubric",
        "shop.yaml",
        "--out",
        "out",
        "--charts",
        "none",
        "--period",
        "2026-10",
        "--corrections",
        "one.csv",
        "dup.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let visits: Vec<(String, String)> =
        s.rows("visits.csv").into_iter().map(|r| (r[6].clone(), r[10].clone())).collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(visits, [pair("50", "100"), pair("50", "100")]);
    let trail: Vec<(String, String)> =
        s.rows("corrections.csv").into_iter().map(|r| (r[0].clone(), r[2].clone())).collect();
    assert_eq!(trail, [pair("2", "Leeds")]);
    let kinds: Vec<(String, String)> = s.rows("issues.csv").into_iter().map(|r| (r[1].clone(), r[5].clone())).collect();
    assert!(kinds.contains(&pair("3", "correction_unknown_visit")), "{kinds:?}");
    let c = s.summary()["corrections"].clone();
    // Line 2 acted (once, on two visits); two visits changed.
    assert_eq!((c["acted"].as_u64(), c["changed_visits"].as_u64()), (Some(1), Some(2)));
}

/// A corrections file kept as out/corrections.csv would be overwritten by the audit
/// trail: refused before anything is written.
#[test]
fn the_audit_trail_never_overwrites_the_corrections_file() {
    let s = sandbox();
    std::fs::create_dir(s.path("out")).unwrap();
    s.write("out/corrections.csv", CORRECTIONS.as_bytes());
    let out = score(&s, &["--corrections", "out/corrections.csv"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("out/corrections.csv is an input, and this run would write its report over it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.read("out/corrections.csv"), CORRECTIONS);
}

/// What was read: 15 rows, 10 accepted, 6 acted; V3 void; V2 changed.
#[test]
fn the_run_says_what_the_corrections_did() {
    let s = sandbox();
    let out = score(&s, &["--corrections", "fix.csv"]);
    let err = stderr(&out);
    assert!(
        err.contains("read corrections fix.csv: 15 rows, 10 accepted, 6 acted; 1 visit void, 1 visit changed"),
        "{err}"
    );
}

/// With at most one visit per shopper and location, S1's second Leeds visit (V2) and S2's
/// second York visit (V4) break rotation; with V3 void, S2 has one counted York visit
/// and only V2's rotation issue is left.
#[test]
fn a_void_visit_is_left_out_of_the_integrity_checks() {
    let s = sandbox();
    s.write("shop.yaml", (rubric() + "checks:\n  max_visits_per_shopper_location: 1\n").as_bytes());
    let rotation = |s: &Sandbox| -> Vec<String> {
        s.rows("issues.csv").into_iter().filter(|r| r[5] == "rotation").map(|r| r[2].clone()).collect()
    };
    assert_eq!(code(&score(&s, &[])), 0);
    assert_eq!(rotation(&s), ["V2", "V4"]);
    assert_eq!(code(&score(&s, &["--corrections", "fix.csv"])), 0);
    assert_eq!(rotation(&s), ["V2"]);
}

/// A correction of a visit read only to compare with (--period 2026-11 reads October to
/// compare): applied, and its invalid value listed. V2 as corrected (68.75) and V3 void:
/// October's overall (100 + 68.75 + 75 + 50) / 4 = 73.4375, as in the focus run.
#[test]
fn a_visit_read_to_compare_with_is_corrected_too() {
    let s = sandbox();
    s.write(
        "nov.csv",
        b"Visit ID,Store,Shopper,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\nV8,Leeds,S1,2026-11-01,yes,5,yes,\n",
    );
    let out = s.run(&[
        "score",
        "--rubric",
        "shop.yaml",
        "--out",
        "out",
        "--charts",
        "none",
        "--period",
        "2026-11",
        "--corrections",
        "fix.csv",
        "oct.csv",
        "nov.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    let oct = j["periods"].as_array().unwrap().iter().find(|p| p["period"] == "2026-10").unwrap().clone();
    assert_eq!((oct["score"].as_f64(), oct["visits"].as_u64()), (Some(73.4375), Some(4)));
    let kinds: Vec<String> = s.rows("issues.csv").into_iter().map(|r| format!("{} {}", r[1], r[5])).collect();
    assert!(kinds.contains(&"11 correction_invalid_value".to_string()), "{kinds:?}");
}

/// `--period 2026-11`: V1 (2026-10) is read only to compare with. Line 2 changes V1's q1
/// (yes → no), line 3 voids V2: the figures count the visits of visits.csv, so 0 changed
/// (V1 is not one of them) and 1 void. Every rule a row fails is an issue of its own:
/// line 4 has a bad action, a bad status and no visit id; line 5 a bad status and a visit
/// no input holds.
#[test]
fn a_compared_visit_is_not_counted_changed_and_a_row_has_each_of_its_issues() {
    let s = sandbox();
    s.write(
        "two.csv",
        b"Visit ID,Store,Shopper,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n\
          V1,Leeds,S1,2026-10-01,yes,5,yes,\n\
          V2,Leeds,S1,2026-11-02,yes,5,yes,\n",
    );
    s.write(
        "fix2.csv",
        b"visit_id,question,value,action,status,reason,by,date\n\
          V1,q1,no,set,accepted,,,\n\
          V2,,,void,accepted,,,\n\
          ,,x,fix,maybe,,,\n\
          V9,,,void,later,,,\n",
    );
    let out = s.run(&[
        "score",
        "--rubric",
        "shop.yaml",
        "--out",
        "out",
        "--charts",
        "none",
        "--period",
        "2026-11",
        "--corrections",
        "fix2.csv",
        "two.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let c = s.summary()["corrections"].clone();
    assert_eq!(
        (c["changed_visits"].as_u64(), c["void_visits"].as_u64(), c["acted"].as_u64()),
        (Some(0), Some(1), Some(2))
    );
    let kinds: Vec<(String, String)> = s.rows("issues.csv").into_iter().map(|r| (r[1].clone(), r[5].clone())).collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        kinds,
        [
            pair("4", "correction_bad_action"),
            pair("4", "correction_bad_status"),
            pair("4", "correction_missing_field"),
            pair("5", "correction_bad_status"),
            pair("5", "correction_unknown_visit"),
        ]
    );
}

/// The workbook's name is known only once the months are, so a corrections file kept as
/// a workbook-named file in `--out` is refused too; with `--no-xlsx` nothing would
/// overwrite it, and the run goes ahead. Standard input cannot be the corrections file:
/// it is read before the inputs.
#[test]
fn a_corrections_file_where_the_workbook_goes_or_on_standard_input_is_refused() {
    let s = sandbox();
    std::fs::create_dir(s.path("out")).unwrap();
    s.write("out/fixes.xlsx", CORRECTIONS.as_bytes());
    let out = score(&s, &["--corrections", "out/fixes.xlsx"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("out/fixes.xlsx is an input, and this run would write its report over it"));
    assert_eq!(s.read("out/fixes.xlsx"), CORRECTIONS);
    let out = score(&s, &["--corrections", "out/fixes.xlsx", "--no-xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.read("out/fixes.xlsx"), CORRECTIONS);
    let out = score(&s, &["--corrections", "-"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot be standard input"), "{}", stderr(&out));
}

/// `check --corrections` lists the corrections file's problems with the data's, one line
/// each, and exits 1; the count is of every visit read (V3 is void, and still read). By
/// hand: CORRECTIONS has five problem rows (see
/// `each_bad_row_is_a_data_issue_of_the_corrections_file`), and oct.csv has 5 visits.
#[test]
fn check_lists_the_corrections_files_problems() {
    let s = sandbox();
    let out = s.run(&["check", "--rubric", "shop.yaml", "--corrections", "fix.csv", "oct.csv"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("fix.csv:")).count(), 5, "{text}");
    assert!(lines.iter().any(|l| l.starts_with("fix.csv:12: visit V5 column `action` value `fix`")), "{text}");
    assert_eq!(lines.last(), Some(&"5 data issues in 5 visits from 1 file"), "{text}");
    assert!(lines.iter().all(|l| !l.contains("\\n")), "one line per issue: {text}");
}
