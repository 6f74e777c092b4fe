//! From scores to action (SCORING.md §8) through the built binary: hot alerts, actions,
//! the ladder, shopper deviations, the funnel and the two follow-up gates, on one small
//! programme whose every number is worked by hand below.

use crate::support::*;

/// One section, four questions of a point each and a bonus; `flag` keeps a critical
/// failure's score as computed, so a critical alert and a threshold alert can differ.
const RUBRIC: &str = "name: Follow
critical_effect: flag
alert_below: 60
ladder: { pass: 75, steps: [warning, breach] }
fields: { visit_id: id, location: store, date: date, shopper: shopper }
sections:
  - id: s
    questions:
      - { id: honest, type: yes_no, critical: true, comment: honest_note }
      - { id: greet, type: yes_no, comment: greet_note }
      - { id: name, type: yes_no }
      - { id: thanks, type: yes_no }
      - { id: extra, type: yes_no, bonus: true }
";

/// Scores (100 × earned / 4, or / 3 where thanks is N/A; the bonus adds to earned):
/// L1 50, L2 75, L3 100, L4 50, L5 50, L6 (0 + 0 + 1 + bonus 1) / 3 = 66.67, L7 25;
/// Y1 75, Y2 50, Y3 50, Y4 25. Lines: the header is 1, L1 is 2, ..., Y4 is 12.
const DATA: &str = "id,store,date,shopper,honest,honest_note,greet,greet_note,name,thanks,extra
L1,Leeds,2026-08-03,A,yes,,no,,no,yes,no
L2,Leeds,2026-08-10,B,yes,,yes,,no,yes,no
L3,Leeds,2026-09-02,A,yes,,yes,,yes,yes,no
L4,Leeds,2026-09-15,B,yes,,yes,,no,no,no
L5,Leeds,2026-10-05,A,yes,,yes,,no,no,no
L6,Leeds,2026-11-04,A,no,Said it fits a double bed,no,,yes,n/a,yes
L7,Leeds,2026-11-20,B,yes,,no,Nobody said hello,no,no,no
Y1,York,2026-09-10,A,yes,,yes,,no,yes,no
Y2,York,2026-09-12,B,yes,,no,,no,yes,no
Y3,York,2026-11-06,A,yes,,yes,,no,no,no
Y4,York,2026-11-08,B,yes,,no,,no,no,no
";

fn sandbox(rubric: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("f.yaml", rubric.as_bytes());
    s.write("f.csv", DATA.as_bytes());
    s
}

fn run(s: &Sandbox, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "--rubric", "f.yaml", "--out", "out", "--min-visits", "2", "--quiet", "f.csv"];
    args.extend_from_slice(extra);
    s.run(&args)
}

fn close(got: &serde_json::Value, want: f64) {
    let got = got.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

/// November is the focus month. L6 failed the critical `honest` but scores 66.67 ≥ 60: a
/// critical alert only, with the shopper's comment. L7 25, Y3 50 and Y4 25 are under 60
/// without a critical failure: threshold alerts. Every other visit is of an earlier month.
#[test]
fn a_critical_failure_and_a_score_under_the_line_are_alerts() {
    let s = sandbox(RUBRIC);
    let out = run(&s, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let alerts = s.read("out/alerts.csv");
    let want = "file,line,visit_id,location,region,date,shopper,score,why,failed,comments
f.csv,7,L6,Leeds,,2026-11-04,A,66.66666666666667,critical failure,honest,honest: Said it fits a double bed
f.csv,8,L7,Leeds,,2026-11-20,B,25,below 60,,
f.csv,11,Y3,York,,2026-11-06,A,50,below 60,,
f.csv,12,Y4,York,,2026-11-08,B,25,below 60,,
";
    assert_eq!(alerts, want);
    let json = s.summary();
    let first = &json["follow_up"]["alerts"][0];
    assert_eq!(first["failed"], serde_json::json!([{ "question": "honest", "comment": "Said it fits a double bed" }]));
    assert_eq!((first["critical"].as_bool(), first["below"].as_bool()), (Some(true), Some(false)));
    // A job mails only when there is an alert: exit 1, the reason on stderr.
    let out = run(&s, &["--fail-on-alert"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("4 hot alerts (2026-11) and --fail-on-alert"), "{}", stderr(&out));
    // The line lowered to 20: only the critical failure is left, still an alert.
    let out = run(&s, &["--fail-on-alert", "--alert-below", "20"]);
    assert_eq!(code(&out), 1);
    assert_eq!(s.rows("alerts.csv").len(), 1);
}

/// K = 2, N = 3 (the defaults). By date, each store's answers:
/// Leeds greet n y y y y | n n: failed 2 of 2 in November (the K rule), 2 in a row;
/// October's pass rate 100; the one comment on a November failure is L7's.
/// Leeds thanks y y y n n | N/A n: 1 of 1 in November, but Sep 15, Oct 5 and Nov 20 failed
/// in a row (the N/A neither breaks nor extends it): 3, the N rule; October 0.
/// Leeds name n n y n n | y n and honest (one failure, then a pass): not actions.
/// York name n n | n n: 2 of 2 and 4 in a row, both rules; no October visit.
/// York thanks y y | n n: 2 of 2 (K), 2 in a row. One section: every share is 1, so each
/// severity is 100 − 0 = 100, and the order is the rubric's. The bonus is never an action.
#[test]
fn k_failures_or_n_in_a_row_make_an_action() {
    let s = sandbox(RUBRIC);
    assert_eq!(code(&run(&s, &[])), 0);
    let want = "location,question,section,text,rule,failed,scored,pass_rate,previous_pass_rate,in_a_row,critical,severity,comments,comments_total
Leeds,greet,s,greet,failures,2,2,0,100,2,no,100,Nobody said hello,1
Leeds,thanks,s,thanks,streak,1,1,0,0,3,no,100,,0
York,name,s,name,both,2,2,0,,4,no,100,,0
York,thanks,s,thanks,failures,2,2,0,,2,no,100,,0
";
    assert_eq!(s.read("out/actions.csv"), want);
    // N = 4: Leeds thanks (3 in a row) drops out; York name still has 2 failures.
    assert_eq!(code(&run(&s, &["--action-streak", "4"])), 0);
    let rules: Vec<String> = s.rows("actions.csv").iter().map(|r| format!("{} {} {}", r[0], r[1], r[4])).collect();
    assert_eq!(rules, ["Leeds greet failures", "York name both", "York thanks failures"]);
}

/// Pass 75, steps warning and breach, --min-visits 2. Leeds: August 62.5 fails (warning),
/// September (100 + 50) / 2 = 75 passes at the mark (back to none), October has one visit
/// (too few: unchanged), November (66.67 + 25) / 2 = 45.83 fails: warning, 1 in a row.
/// York: no August visit (too few), September 62.5 fails, October none, November 37.5
/// fails: breach, 2 in a row.
#[test]
fn the_ladder_climbs_on_failed_months_resets_on_a_pass_and_skips_small_months() {
    let s = sandbox(RUBRIC);
    assert_eq!(code(&run(&s, &[])), 0);
    let json = s.summary();
    let ladder = &json["follow_up"]["ladder"];
    let walk = |i: usize| -> Vec<String> {
        let periods = ladder["locations"][i]["periods"].as_array().unwrap();
        periods.iter().map(|p| format!("{} {} {}", p["period"].as_str().unwrap(), p["outcome"], p["step"])).collect()
    };
    assert_eq!(ladder["locations"][0]["location"], "Leeds");
    assert_eq!(walk(0), ["2026-08 \"fail\" 1", "2026-09 \"pass\" 0", "2026-10 \"too_few\" 0", "2026-11 \"fail\" 1"]);
    assert_eq!(
        (ladder["locations"][0]["step_name"].as_str(), ladder["locations"][0]["streak"].as_u64()),
        (Some("warning"), Some(1))
    );
    assert_eq!(walk(1), ["2026-08 \"too_few\" 0", "2026-09 \"fail\" 1", "2026-10 \"too_few\" 1", "2026-11 \"fail\" 2"]);
    assert_eq!(ladder["locations"][1]["breach"], true);
    close(&ladder["locations"][0]["periods"][3]["score"], (200.0 / 3.0 + 25.0) / 2.0);
    let out = run(&s, &["--fail-on-breach"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("1 location on the ladder's last step, breach (2026-11), and --fail-on-breach: York"),
        "{}",
        stderr(&out)
    );
    // `reset: 2026-10`: every store starts over in October, so York's November failure is
    // a first warning and no gate fails.
    let reset = RUBRIC.replace("steps: [warning, breach] }", "steps: [warning, breach], reset: 2026-10 }");
    let s = sandbox(&reset);
    assert_eq!(code(&run(&s, &["--fail-on-breach"])), 0);
    let york = &s.summary()["follow_up"]["ladder"]["locations"][1];
    assert_eq!((york["step"].as_u64(), york["periods"][2]["reset"].as_bool()), (Some(1), Some(true)));
}

/// Each visit against the other shopper's at its store that month (Leeds October has A
/// alone: no comparison). A: Leeds Aug 50 − 75 = −25, Sep 100 − 50 = 50, Nov 66.67 − 25 =
/// 125/3, York Sep 75 − 50 = 25, Nov 50 − 25 = 25: mean 70/3. Around it −145/3, 80/3,
/// 55/3, 5/3, 5/3: squares 30500/9, variance 30500/36, and s/√5 = √1525 / 3; half =
/// t(4) 2.776 × 13.017082793177757 = 36.13542183386145. The interval holds 0: no flag. B
/// is A's mirror.
#[test]
fn a_shopper_is_compared_with_the_others_at_the_same_store_and_month() {
    let s = sandbox(RUBRIC);
    assert_eq!(code(&run(&s, &[])), 0);
    let json = s.summary();
    let a = &json["follow_up"]["shoppers"][0];
    assert_eq!((a["shopper"].as_str(), a["visits"].as_u64(), a["compared"].as_u64()), (Some("A"), Some(6), Some(5)));
    close(&a["deviation"], 70.0 / 3.0);
    close(&a["ci95"][0], 70.0 / 3.0 - 36.13542183386145);
    close(&a["ci95"][1], 70.0 / 3.0 + 36.13542183386145);
    assert!(a["lean"].is_null());
    let b = &json["follow_up"]["shoppers"][1];
    close(&b["deviation"], -70.0 / 3.0);
    assert!(b.get("disputed").is_none(), "no corrections file: no disputed count");
}

/// November's four scores 200/3, 25, 50, 25: m = 125/3; deviations 25, −50/3, 25/3,
/// −50/3, squares 1250, s = √(1250/3). Leeds n = 2: s/√2 = 14.433756729740645, 95% half
/// 28.2896... and 99.8% half 44.6037...: its lower 99.8% limit −2.94 clips to 0.
#[test]
fn the_funnel_limits_follow_the_formula() {
    let s = sandbox(RUBRIC);
    assert_eq!(code(&run(&s, &[])), 0);
    let json = s.summary();
    let funnel = &json["follow_up"]["funnel"];
    close(&funnel["mean"], 125.0 / 3.0);
    close(&funnel["sd"], (1250.0_f64 / 3.0).sqrt());
    let leeds = &funnel["points"][0];
    close(&leeds["limits95"][0], 125.0 / 3.0 - 1.959964 * 14.433756729740645);
    close(&leeds["limits95"][1], 125.0 / 3.0 + 1.959964 * 14.433756729740645);
    close(&leeds["limits998"][0], 0.0);
    assert!(leeds["outside"].is_null());
    assert!(s.path("out/charts/funnel.png").exists() && s.path("out/charts/funnel.svg").exists());
}

/// The workbook's follow-up sheets hold what the CSV files hold, and the Summary names
/// the alerts first.
#[test]
fn the_workbook_shows_alerts_actions_and_shoppers() {
    use calamine::{Data, Reader};
    let s = sandbox(RUBRIC);
    assert_eq!(code(&run(&s, &["--xlsx-name", "f.xlsx"])), 0);
    let mut book = crate::xlsx::open(&s.path("out/f.xlsx"));
    let names = book.sheet_names();
    for name in ["Alerts", "Actions", "Shoppers"] {
        assert!(names.iter().any(|n| n == name), "{names:?}");
    }
    let text = |range: &calamine::Range<Data>| -> Vec<String> {
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")).collect()
    };
    let summary = text(&book.worksheet_range("Summary").unwrap());
    assert!(summary.iter().any(|l| l.starts_with("Hot alerts, 2026-11: 4 visits")), "{summary:?}");
    let actions = text(&book.worksheet_range("Actions").unwrap());
    assert_eq!(actions.len(), 5, "a header and the four actions of actions.csv: {actions:?}");
    assert!(
        actions[1].starts_with("Leeds|greet|greet|s|failed 2 of 2|0|100|2|no|100|Nobody said hello"),
        "{}",
        actions[1]
    );
    assert!(actions[2].starts_with("Leeds|thanks|thanks|s|failed 3 in a row|0|0|3|"), "{}", actions[2]);
    let alerts = text(&book.worksheet_range("Alerts").unwrap());
    assert!(
        alerts[1].starts_with(
            "Leeds||2026-11-04|L6|A|66.66666666666667|critical failure|honest|honest: Said it fits a double bed|f.csv|7"
        ),
        "{}",
        alerts[1]
    );
    let shoppers = text(&book.worksheet_range("Shoppers").unwrap());
    assert!(shoppers[1].starts_with("A|6|6|"), "{}", shoppers[1]);
    let media = std::fs::read(s.path("out/f.xlsx")).unwrap();
    let picture: &[u8] = b"xl/media/image1.png";
    assert!(media.windows(picture.len()).any(|w| w == picture), "the funnel picture is in the workbook");
}

/// Follow-up settings a run cannot use are refused before anything is written.
#[test]
fn follow_up_settings_are_checked_first() {
    let s = sandbox(RUBRIC);
    let bad = RUBRIC.replace("alert_below: 60\n", "alert_below: 60\nactions: { min_failures: 0 }\n");
    s.write("bad.yaml", bad.as_bytes());
    let out = s.run(&["score", "--rubric", "bad.yaml", "--out", "out", "f.csv"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("bad.yaml:4:12: actions.min_failures: 0 would make every question an action"),
        "{}",
        stderr(&out)
    );
    let no_steps = RUBRIC.replace("steps: [warning, breach]", "steps: []").replace("reset", "x");
    s.write("bad.yaml", no_steps.replace("pass: 75", "pass: 75, reset: 2026-13").as_bytes());
    let out = s.run(&["score", "--rubric", "bad.yaml", "--out", "out", "f.csv"]);
    let err = stderr(&out);
    assert!(err.contains("a ladder needs at least one step") && err.contains("`2026-13` is not a month"), "{err}");
    let plain = RUBRIC.replace("ladder: { pass: 75, steps: [warning, breach] }\n", "");
    s.write("plain.yaml", plain.as_bytes());
    let out = s.run(&["score", "--rubric", "plain.yaml", "--out", "out", "f.csv", "--fail-on-breach"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--fail-on-breach (run file: `fail_on_breach`) needs a ladder, and the rubric has none"),
        "{}",
        stderr(&out)
    );
    let out = s.run(&["score", "--rubric", "f.yaml", "--out", "out", "f.csv", "--action-failures", "0"]);
    assert_eq!(code(&out), 2);
    assert!(listing(&s.path("out")).is_empty(), "a refused run writes nothing");
}
