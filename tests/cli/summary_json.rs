//! summary.json's focus: which month the headlines are about, each group's figures in
//! that month beside the window's, and grade counts without an empty "no band" bucket.

use serde_json::{Value, json};

use crate::support::*;

fn run(s: &Sandbox, extra: &[&str]) -> Value {
    let mut args = vec!["score", "--rubric", "mini.yaml", "--out", "out", "--no-xlsx", "--charts", "none"];
    args.extend_from_slice(extra);
    args.push("m.csv");
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.summary()
}

fn location<'a>(j: &'a Value, name: &str) -> &'a Value {
    j["locations"].as_array().unwrap().iter().find(|l| l["location"] == name).unwrap()
}

/// Mini: V1 Leeds 2026-09 100, V2 Leeds 2026-09 12.5, V3 York 2026-10 200 / 3. The focus
/// is October; the window Sep-Oct. Overall in October is York's one visit, 66.67 (Poor,
/// under the target 80); Leeds has no October visit.
#[test]
fn each_group_has_its_focus_month_beside_the_window() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let j = run(&s, &[]);
    assert_eq!(
        j["focus"],
        json!({"period": "2026-10", "previous": "2026-09", "window": ["2026-09", "2026-10"],
               "window_label": "Sep-Oct 2026", "split": true, "undated_in_window": 0})
    );
    let york = json!({"period": "2026-10", "rank": 1, "visits": 1, "scored_visits": 1, "score": 200.0 / 3.0,
                      "small_sample": true, "grade": "Poor", "on_target": false, "critical_failure_visits": 0});
    let mut overall = york.clone();
    overall.as_object_mut().unwrap().remove("rank");
    assert_eq!(j["overall"]["focus"], overall);
    assert_eq!(j["overall"]["visits"], 3, "the window's figures stay");
    assert_eq!(location(&j, "York")["focus"], york);
    assert!(location(&j, "Leeds")["focus"].is_null(), "no October visit");
    assert_eq!(j["regions"][0]["focus"], overall, "the one (blank) region is York's in October");
    assert!(j["periods"][0].get("focus").is_none(), "only overall, locations and regions");
}

#[test]
fn with_period_the_focus_is_the_window() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let j = run(&s, &["--period", "2026-10"]);
    assert_eq!(j["focus"]["split"], false);
    assert_eq!(j["focus"]["window"], json!(["2026-10"]));
    assert_eq!(j["focus"]["window_label"], "2026-10");
    assert_eq!((&j["overall"]["focus"]["visits"], &j["overall"]["visits"]), (&1.into(), &1.into()));
}

/// `--period 2026-11`: no visit in November (October's York visit is read to compare
/// with). The whole run has no November figures, so its focus is `null`, as a store's is.
#[test]
fn a_period_without_visits_has_no_overall_focus() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let j = run(&s, &["--period", "2026-11"]);
    assert_eq!(j["focus"]["period"], "2026-11");
    assert!(j["overall"]["focus"].is_null(), "{}", j["overall"]["focus"]);
    assert_eq!(j["overall"]["visits"], 0);
}

#[test]
fn without_a_dated_visit_there_is_no_focus() {
    let s = Sandbox::new();
    s.write(
        "m.csv",
        MINI_CSV.replace("2026-09-03", "x").replace("2026-09-10", "y").replace("2026-10-01", "").as_bytes(),
    );
    let j = run(&s, &[]);
    assert!(j["focus"].is_null());
    assert!(j["overall"]["focus"].is_null());
    assert_eq!(j["overall"]["visits"], 3);
}

/// Mini's bands are Good (80) and Poor (0): every score has a band, so no empty bucket.
/// With Poor from 50, V2's 12.5 is below every band: listed, and named so.
#[test]
fn grade_counts_list_a_below_every_band_bucket_only_when_it_holds_visits() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let j = run(&s, &[]);
    assert_eq!(j["overall"]["grades"], json!([{"grade": "Good", "visits": 1}, {"grade": "Poor", "visits": 2}]));
    s.write("mini.yaml", s.read("mini.yaml").replace("{ name: Poor, min: 0 }", "{ name: Poor, min: 50 }").as_bytes());
    let j = run(&s, &[]);
    assert_eq!(
        j["overall"]["grades"],
        json!([{"grade": "Good", "visits": 1}, {"grade": "Poor", "visits": 1},
               {"grade": null, "below_every_band": true, "visits": 1}])
    );
}
