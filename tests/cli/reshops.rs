//! Re-shops that replace a visit (`fields.replaces`, SCORING.md §7): the replaced visit is
//! listed (visits.csv `status` and `replaced_by`, the Visits sheet) and counts in no
//! figure; a `replaces` cell that breaks a rule is a data issue and replaces nothing.
//! Every expected number is worked by hand in the comments.

use assert_cmd::Command;
use serde_json::Value;

use crate::support::*;

/// One section of two one-point yes/no questions: a visit scores 100 × (yes answers) / 2,
/// so yes/yes 100, one yes 50, no/no 0. Good from 80.
const RUBRIC: &str = "name: Reshop
grades:
  - { name: Good, min: 80 }
  - { name: Poor, min: 0 }
fields: { visit_id: id, location: store, date: date, replaces: Redo }
sections:
  - id: s
    questions:
      - { id: q1, type: yes_no }
      - { id: q2, type: yes_no }
";

const HEADER: &str = "id,store,date,q1,q2,Redo\n";

fn sandbox(csv: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("r.yaml", RUBRIC.as_bytes());
    // The same rubric without the field: the Redo column is then a column nobody reads.
    s.write("plain.yaml", RUBRIC.replace(", replaces: Redo", "").as_bytes());
    s.write("v.csv", format!("{HEADER}{csv}").as_bytes());
    s
}

fn score(s: &Sandbox, rubric: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "--rubric", rubric, "--out", "out", "--charts", "none", "--no-xlsx"];
    args.extend_from_slice(extra);
    args.push("v.csv");
    s.run(&args)
}

/// A float of summary.json within rounding of the hand-worked value.
fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|got| (got - want).abs() < 1e-9)
}

fn location<'a>(j: &'a Value, name: &str) -> &'a Value {
    j["locations"].as_array().unwrap().iter().find(|l| l["location"] == name).unwrap()
}

fn question<'a>(j: &'a Value, id: &str) -> &'a Value {
    j["questions"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap()
}

/// visits.csv's (visit_id, status, replaced_by) per row, read by header.
fn standing(s: &Sandbox) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(s.path("out/visits.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let at = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (id, status, by) = (at("visit_id"), at("status"), at("replaced_by"));
    r.records().map(|rec| rec.unwrap()).map(|rec| (rec[id].into(), rec[status].into(), rec[by].into())).collect()
}

fn row(id: &str, status: &str, by: &str) -> (String, String, String) {
    (id.into(), status.into(), by.into())
}

/// issues.csv's (line, kind, column, value) per row.
fn issues(s: &Sandbox) -> Vec<(String, String, String, String)> {
    s.rows("issues.csv").into_iter().map(|r| (r[1].clone(), r[5].clone(), r[6].clone(), r[7].clone())).collect()
}

fn issue(line: &str, kind: &str, column: &str, value: &str) -> (String, String, String, String) {
    (line.into(), kind.into(), column.into(), value.into())
}

/// Leeds' failed A1 (no/no: 0) is re-shopped by A3 (yes/yes: 100) on 10-20, later in the
/// same month.
const REPLACED: &str = "A1,Leeds,2026-10-02,no,no,
A2,Leeds,2026-10-05,yes,no,
B1,York,2026-10-03,yes,yes,
A3,Leeds,2026-10-20,yes,yes,A1
";

/// The figures without the field and with it, digit for digit.
///
/// Without it every visit counts: overall (0 + 50 + 100 + 100) / 4 = 62.5 over 4 visits;
/// Leeds (0 + 50 + 100) / 3 = 50 over 3; q1 yes in 3 of 4 = 75 %, 1 failed; q2 yes in 2
/// of 4 = 50 %; grades Good 2 (B1, A3), Poor 2 (A1, A2); 62.5 < --fail-under 70: exit 1.
///
/// With it A1 counts nowhere: overall (50 + 100 + 100) / 3 = 250 / 3 = 83.33... over 3;
/// Leeds (50 + 100) / 2 = 75 over 2; q1 3 of 3 = 100 %, 0 failed; q2 2 of 3 = 200 / 3 =
/// 66.66... %; grades Good 2, Poor 1 (A2); 83.3 >= 70: exit 0. A1 is still visits.csv's
/// first row, marked replaced by A3.
#[test]
fn a_re_shop_replaces_a_failed_visit_in_every_figure() {
    let s = sandbox(REPLACED);
    let before = score(&s, "plain.yaml", &["--fail-under", "70"]);
    assert_eq!(code(&before), 1, "{}", stderr(&before));
    let j = s.summary();
    assert_eq!(j["overall"]["visits"], 4);
    assert!(close(&j["overall"]["score"], 62.5), "{}", j["overall"]["score"]);
    assert_eq!(location(&j, "Leeds")["visits"], 3);
    assert!(close(&location(&j, "Leeds")["score"], 50.0));
    assert!(close(&question(&j, "q1")["pass_rate"], 75.0));
    assert_eq!(question(&j, "q1")["failed"], 1);
    assert!(close(&question(&j, "q2")["pass_rate"], 50.0));
    assert_eq!(
        j["overall"]["grades"],
        serde_json::json!([{"grade": "Good", "visits": 2}, {"grade": "Poor", "visits": 2}])
    );
    // Without the field nothing of re-shops shows.
    assert!(j.get("reshops").is_none());
    assert!(j["issues"]["by_problem"].get("replaces_unknown").is_none());
    assert!(
        s.read("out/visits.csv")
            .starts_with("file,line,visit_id,location,region,period,score,grade,critical_failures,s\n")
    );

    let after = score(&s, "r.yaml", &["--fail-under", "70"]);
    assert_eq!(code(&after), 0, "{}", stderr(&after));
    let j = s.summary();
    assert_eq!(j["overall"]["visits"], 3);
    assert!(close(&j["overall"]["score"], 250.0 / 3.0), "{}", j["overall"]["score"]);
    assert_eq!(location(&j, "Leeds")["visits"], 2);
    assert!(close(&location(&j, "Leeds")["score"], 75.0));
    assert!(close(&question(&j, "q1")["pass_rate"], 100.0));
    assert_eq!(question(&j, "q1")["failed"], 0);
    assert!(close(&question(&j, "q2")["pass_rate"], 200.0 / 3.0));
    assert_eq!(
        j["overall"]["grades"],
        serde_json::json!([{"grade": "Good", "visits": 2}, {"grade": "Poor", "visits": 1}])
    );
    assert_eq!(j["reshops"], serde_json::json!({"named": 1, "replaced": 1}));
    assert_eq!(j["issues"]["total"], 0);
    assert_eq!(j["issues"]["by_problem"]["replaces_unknown"], 0);
    assert!(
        s.read("out/visits.csv").starts_with(
            "file,line,visit_id,location,region,period,score,grade,status,replaced_by,critical_failures,s\n\
             v.csv,2,A1,Leeds,,2026-10,0,Poor,replaced,A3,0,0\n"
        ),
        "{}",
        s.read("out/visits.csv")
    );
    assert_eq!(standing(&s), [row("A1", "replaced", "A3"), row("A2", "", ""), row("B1", "", ""), row("A3", "", "")]);
}

/// The re-shop may come first: A3 on line 2 replaces A1 on line 5, and the figures are
/// the ones worked above (overall 250 / 3 over 3 visits, Leeds 75 over 2). The workbook's
/// Visits sheet marks A1 too, and A1's location card counts only A2 and A3: (50 + 100) / 2.
#[test]
fn a_re_shop_listed_before_the_visit_it_replaces() {
    let s = sandbox(
        "A3,Leeds,2026-10-20,yes,yes,A1
A2,Leeds,2026-10-05,yes,no,
B1,York,2026-10-03,yes,yes,
A1,Leeds,2026-10-02,no,no,
",
    );
    let out = s.run(&["score", "--rubric", "r.yaml", "--out", "out", "--charts", "none", "--per-location", "v.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    assert_eq!(j["overall"]["visits"], 3);
    assert!(close(&j["overall"]["score"], 250.0 / 3.0));
    assert!(close(&location(&j, "Leeds")["score"], 75.0));
    assert_eq!(j["reshops"], serde_json::json!({"named": 1, "replaced": 1}));
    assert_eq!(standing(&s), [row("A3", "", ""), row("A2", "", ""), row("B1", "", ""), row("A1", "replaced", "A3")]);
    let mut book = crate::xlsx::open(&s.path("out/reshop-2026-10.xlsx"));
    let visits = crate::xlsx::sheet(&mut book, "Visits");
    let head: Vec<String> = visits[0].iter().map(crate::xlsx::text).collect();
    let at = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no {h} in {head:?}"));
    assert_eq!(
        (at("Grade") + 1, at("Status"), at("Replaced by"), at("Critical failures")),
        (at("Status"), at("Status"), at("Status") + 1, at("Status") + 2)
    );
    let a1 = visits.iter().find(|r| crate::xlsx::text(&r[at("Visit ID")]) == "A1").unwrap();
    assert_eq!(
        (crate::xlsx::text(&a1[at("Status")]), crate::xlsx::text(&a1[at("Replaced by")])),
        ("replaced".into(), "A3".into())
    );
    let card = crate::cards::cells(&s.path("out/locations/leeds.xlsx"));
    assert_eq!(card["Visits"].len(), 1 + 3, "the card lists A3, A2 and A1");
    let (head, leeds) = (&card["Locations"][0], &card["Locations"][1]);
    let col = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no {h} in {head:?}"));
    assert_eq!((leeds[col("Visits 2026-10")].as_str(), leeds[col("Score 2026-10")].as_str()), ("2", "75"));
}

/// Each rule broken once, in one file; nothing is replaced, so every visit counts:
/// overall (0 + 100 + 100 + 100 + 50 + 50 + 100 + 100) / 8 = 600 / 8 = 75 over 8 visits.
/// - line 4: York's Y2 names Leeds' A1: another location.
/// - line 5: A4 of 2026-11 names A1 of 2026-10: another period.
/// - line 6: A0 of 10-01 names A2 of 10-05: not earlier.
/// - line 8: ZZ is no visit's id: unknown.
/// - line 9: A6's date does not read: not earlier (after its own `bad_date`, which the
///   visit's reading found first and the run lists after the issues across rows).
#[test]
fn a_replaces_that_breaks_a_rule_is_an_issue_and_replaces_nothing() {
    let s = sandbox(
        "A1,Leeds,2026-10-02,no,no,
B1,York,2026-10-03,yes,yes,
Y2,York,2026-10-21,yes,yes,A1
A4,Leeds,2026-11-02,yes,yes,A1
A0,Leeds,2026-10-01,yes,no,A2
A2,Leeds,2026-10-05,yes,no,
A5,Leeds,2026-10-25,yes,yes, ZZ
A6,Leeds,soon,yes,yes,A1
",
    );
    let out = score(&s, "r.yaml", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    assert_eq!(j["overall"]["visits"], 8);
    assert!(close(&j["overall"]["score"], 75.0), "{}", j["overall"]["score"]);
    assert_eq!(j["reshops"], serde_json::json!({"named": 5, "replaced": 0}));
    assert!(standing(&s).iter().all(|(_, status, by)| status.is_empty() && by.is_empty()));
    assert_eq!(
        issues(&s),
        [
            issue("4", "replaces_other_location", "Redo", "A1"),
            issue("5", "replaces_other_period", "Redo", "A1"),
            issue("6", "replaces_not_earlier", "Redo", "A2"),
            issue("8", "replaces_unknown", "Redo", "ZZ"),
            issue("9", "replaces_not_earlier", "Redo", "A1"),
            issue("9", "bad_date", "date", "soon"),
        ]
    );
    let problems: Vec<String> = s.rows("issues.csv").into_iter().map(|r| r[8].clone()).collect();
    let tail = "; this re-shop is scored as an ordinary visit and replaces nothing";
    assert_eq!(
        problems[..5],
        [
            format!(
                "visit `A1` (v.csv line 2) is of location `Leeds`, not this re-shop's `York`: a re-shop replaces a visit of its own location{tail}"
            ),
            format!(
                "visit `A1` (v.csv line 2) is of period 2026-10, this re-shop of 2026-11: a re-shop replaces a visit of its own period{tail}"
            ),
            format!(
                "visit `A2` (v.csv line 7) is dated 2026-10-05, not before this re-shop's 2026-10-01: a re-shop replaces an earlier visit{tail}"
            ),
            format!("no visit of this run has the id `ZZ`{tail}"),
            format!(
                "this re-shop's date `soon` does not read, so it cannot be placed after visit `A1` (v.csv line 2){tail}"
            ),
        ]
    );
    let by = &j["issues"]["by_problem"];
    let counts: Vec<&Value> =
        ["replaces_unknown", "replaces_other_location", "replaces_other_period", "replaces_not_earlier"]
            .iter()
            .map(|k| &by[*k])
            .collect();
    assert_eq!(counts, [1, 1, 1, 2]);
}

/// A repeated id: a re-shop replaces its first occurrence (line 2, 0), the copy on line 3
/// (no/yes: 50) counts. Two re-shops name it: R1 (line 4, 100) replaces it; R2 (line 5,
/// yes/no: 50) is an issue and counts. Overall (50 + 100 + 50) / 3 = 200 / 3 over 3.
#[test]
fn a_repeated_id_is_replaced_at_its_first_occurrence_and_only_once() {
    let s = sandbox(
        "A1,Leeds,2026-10-02,no,no,
A1,Leeds,2026-10-03,no,yes,
R1,Leeds,2026-10-10,yes,yes,A1
R2,Leeds,2026-10-11,yes,no,A1
",
    );
    let out = score(&s, "r.yaml", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    assert_eq!(j["overall"]["visits"], 3);
    assert!(close(&j["overall"]["score"], 200.0 / 3.0), "{}", j["overall"]["score"]);
    assert_eq!(j["reshops"], serde_json::json!({"named": 2, "replaced": 1}));
    assert_eq!(standing(&s), [row("A1", "replaced", "R1"), row("A1", "", ""), row("R1", "", ""), row("R2", "", "")]);
    assert_eq!(
        issues(&s),
        [issue("3", "duplicate_visit_id", "id", "A1"), issue("5", "replaces_already_replaced", "Redo", "A1")]
    );
    let problem = &s.rows("issues.csv")[1][8];
    assert!(
        problem.starts_with(
            "visit `A1` (v.csv line 2) is already replaced by `R1` (v.csv line 4), the first re-shop naming it;"
        ),
        "{problem}"
    );
}

/// `--period 2026-10` reads September to compare with: S2 replaces S1 there, so
/// September is S2's 100 alone (with S1, (0 + 100) / 2 = 50), and October is
/// (50 + 100) / 2 = 75: a change of 75 - 100 = -25. O2 naming S2 is another period's. The
/// counts are October's: O2 named, nothing of October replaced; September's re-shop is
/// listed nowhere, as no compared visit is.
#[test]
fn a_month_read_to_compare_with_leaves_its_replaced_visit_out_too() {
    let s = sandbox(
        "S1,Leeds,2026-09-02,no,no,
S2,Leeds,2026-09-20,yes,yes,S1
O1,Leeds,2026-10-05,yes,no,
O2,Leeds,2026-10-06,yes,yes,S2
",
    );
    let out = score(&s, "r.yaml", &["--period", "2026-10"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    let overall = &j["comparison"]["overall"];
    assert!(close(&overall["previous"], 100.0) && close(&overall["latest"], 75.0), "{overall}");
    assert!(close(&overall["change"], -25.0), "{overall}");
    assert_eq!(j["reshops"], serde_json::json!({"named": 1, "replaced": 0}));
    assert_eq!(issues(&s), [issue("5", "replaces_other_period", "Redo", "S2")]);
    assert_eq!(standing(&s), [row("O1", "", ""), row("O2", "", "")]);
}

/// A replaced visit is in no integrity check either: shopper S1's second Leeds visit of
/// October is a rotation issue (limit 1) only while the first one counts.
#[test]
fn a_replaced_visit_is_in_no_integrity_check() {
    let s = Sandbox::new();
    let rubric =
        RUBRIC.replace("date: date,", "date: date, shopper: who,") + "checks: { max_visits_per_shopper_location: 1 }\n";
    s.write("r.yaml", rubric.as_bytes());
    s.write("plain.yaml", rubric.replace(", replaces: Redo", "").as_bytes());
    s.write(
        "v.csv",
        b"id,store,date,who,q1,q2,Redo\nA1,Leeds,2026-10-02,S1,no,no,\nA3,Leeds,2026-10-20,S1,yes,yes,A1\n",
    );
    let out = score(&s, "plain.yaml", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(issues(&s).iter().map(|i| i.1.as_str()).collect::<Vec<_>>(), ["rotation"]);
    let out = score(&s, "r.yaml", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(issues(&s), []);
    assert_eq!(standing(&s), [row("A1", "replaced", "A3"), row("A3", "", "")]);
}

/// The inputs are read once more before the run: standard input cannot be, so it is
/// refused before anything is written, with the way out.
#[test]
fn standard_input_is_refused_with_re_shops() {
    let s = sandbox(REPLACED);
    let out = Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .args(["score", "--rubric", "r.yaml", "--out", "out", "-"])
        .write_stdin(format!("{HEADER}{REPLACED}"))
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("`fields.replaces` (Redo) makes the run read the inputs once before scoring them"), "{err}");
    assert!(
        err.contains("standard input (`-`) can be read only once\n  hint: save standard input to a file and name that"),
        "{err}"
    );
    assert!(listing(&s.path("out")).is_empty(), "nothing written");
}

/// `check` lists the re-shop issues too, and a missing replaces column stops it, naming
/// the rubric key.
#[test]
fn check_lists_replaces_issues_and_needs_the_column() {
    let s = sandbox("A1,Leeds,2026-10-02,no,no,\nA5,Leeds,2026-10-25,yes,yes,ZZ\n");
    let out = s.run(&["check", "--rubric", "r.yaml", "v.csv"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("v.csv:3: visit A5 column `Redo` value `ZZ`: no visit of this run has the id `ZZ`;"),
        "{}",
        stdout(&out)
    );
    s.write("w.csv", b"id,store,date,q1,q2\nA1,Leeds,2026-10-02,no,no\n");
    let out = s.run(&["check", "--rubric", "r.yaml", "w.csv"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("missing required column `Redo` (for fields.replaces)"), "{err}");
    assert!(err.contains("set the rubric's `fields.replaces` to"), "{err}");
}

/// A visit dated before the rubric's `effective_from` is not scored (`no_version`), so it
/// is not the run's to replace, also when it comes after its re-shop (found by the pass
/// before the run): the re-shop R1 naming X0 gets `replaces_unknown` and is an ordinary
/// visit (yes/yes: 100), the run's only one.
#[test]
fn a_visit_before_the_first_version_is_unknown_to_a_re_shop() {
    let s = sandbox("R1,Leeds,2026-10-20,yes,yes,X0\nX0,Leeds,2026-10-05,no,no,\n");
    s.write("from.yaml", RUBRIC.replace("name: Reshop\n", "name: Reshop\neffective_from: 2026-10-10\n").as_bytes());
    let out = score(&s, "from.yaml", &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let kinds: Vec<[String; 3]> =
        s.rows("issues.csv").iter().map(|r| [r[1].clone(), r[2].clone(), r[5].clone()]).collect();
    assert_eq!(kinds, [["2", "R1", "replaces_unknown"], ["3", "X0", "no_version"]].map(|r| r.map(String::from)));
    let j = s.summary();
    assert_eq!((j["overall"]["visits"].clone(), j["overall"]["score"].clone()), (1.into(), 100.0.into()));
    assert_eq!(j["reshops"]["replaced"], 0);
}

/// A void visit a re-shop replaces is listed as void (void wins) and still names its
/// re-shop, so neither fact is lost: X1 (no/no: 0) is void by the corrections file and
/// replaced by R1 (yes/yes: 100), which is the run's only counted visit.
#[test]
fn a_void_visit_still_names_the_re_shop_replacing_it() {
    let s = sandbox("X1,Leeds,2026-10-05,no,no,\nR1,Leeds,2026-10-20,yes,yes,X1\n");
    s.write("fix.csv", b"visit_id,question,value,action,status,reason,by,date\nX1,,,void,accepted,,,\n");
    let out = score(&s, "r.yaml", &["--corrections", "fix.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let head = s.read("out/visits.csv").lines().next().unwrap().to_string();
    assert_eq!(
        head,
        "file,line,visit_id,location,region,period,score,grade,corrected,status,score_as_shot,replaced_by,critical_failures,s"
    );
    let rows: Vec<[String; 3]> =
        s.rows("visits.csv").iter().map(|r| [r[2].clone(), r[9].clone(), r[11].clone()]).collect();
    assert_eq!(rows, [["X1", "void", "R1"], ["R1", "", ""]].map(|r| r.map(String::from)));
    let j = s.summary();
    assert_eq!((j["overall"]["visits"].clone(), j["overall"]["score"].clone()), (1.into(), 100.0.into()));
    assert_eq!(j["reshops"]["replaced"], 1);
}
