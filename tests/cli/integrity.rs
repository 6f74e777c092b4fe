//! The rubric's shopper-integrity checks: each catches its crafted case and leaves a
//! clean visit alone.

use crate::support::*;

const CHECKS: &str = "checks:
  max_visits_per_shopper_location: 1
  min_minutes_between_locations: 60
  straight_lining: true
  future_dates: true
";

/// V1 clean; V2 same shopper, other store, 30 min later (too close); V3 S1 at Leeds a
/// second time in 2026-09 (rotation); V4 bad time; V5 dated after 2026-11-23 and every
/// answer `1` (future date, straight-lining); V6 another shopper, clean.
const DATA: &str = "Visit ID,Store,Date,Time,Shopper,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Leeds,2026-09-03,10:00,S1,yes,5,yes,
V2,York,2026-09-03,10:30,S1,yes,4,yes,
V3,Leeds,2026-09-20,09:00,S1,yes,4,no,late
V4,Hull,2026-09-21,9am,S2,yes,4,yes,
V5,Hull,2027-01-01,10:00,S3,1,1,1,
V6,York,2026-09-03,11:30,S4,yes,5,yes,
";

/// 2026-11-23 00:00 UTC
const TODAY: (&str, &str) = ("SOURCE_DATE_EPOCH", "1795392000");

fn rubric(checks: &str) -> String {
    MINI.replace(
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date }",
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date, shopper: Shopper, time: Time }",
    ) + checks
}

fn issues(s: &Sandbox) -> Vec<(String, String, String)> {
    s.rows("issues.csv").into_iter().map(|r| (r[1].clone(), r[6].clone(), r[7].clone())).collect()
}

#[test]
fn each_check_catches_its_case() {
    let s = Sandbox::new();
    s.write("checked.yaml", rubric(CHECKS).as_bytes());
    s.write("m.csv", DATA.as_bytes());
    let out = s.run_env(
        &[TODAY],
        &["score", "--rubric", "checked.yaml", "--out", "out", "--no-xlsx", "--charts", "none", "m.csv"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let got = issues(&s);
    let want: Vec<(String, String, String)> = [
        ("3", "Time", "10:30"),
        ("4", "Shopper", "S1"),
        ("5", "Time", "9am"),
        ("6", "Date", "2027-01-01"),
        ("6", "Q1 Greeted", "1"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(got, want);
    let j = s.summary();
    for kind in ["too_close", "rotation", "bad_time", "straight_lining", "future_date"] {
        assert_eq!(j["issues"]["by_problem"][kind], 1, "{kind}");
    }
    let problems: Vec<String> = s.rows("issues.csv").into_iter().map(|r| r[8].clone()).collect();
    assert!(problems[0].contains("was at Leeds (m.csv line 2) 30 minutes away"), "{}", problems[0]);
    assert!(problems[1].contains("visited Leeds 2 times in 2026-09; the rotation allows 1"), "{}", problems[1]);
    // checks never change scores: V5 = 100 × (2 + 0 + 1) / 4 = 75 (`1` is yes; 1 on 1-5 is 0)
    assert_eq!(s.rows("visits.csv")[4][6], "75");
}

#[test]
fn checks_are_off_unless_the_rubric_asks() {
    let s = Sandbox::new();
    s.write("plain.yaml", rubric("").as_bytes());
    s.write("m.csv", DATA.as_bytes());
    let out = s.run_env(
        &[TODAY],
        &["score", "--rubric", "plain.yaml", "--out", "out", "--no-xlsx", "--charts", "none", "m.csv"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // only the malformed time is still reported: the column is mapped
    assert_eq!(issues(&s), [("5".to_string(), "Time".to_string(), "9am".to_string())]);
}
