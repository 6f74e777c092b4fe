//! The focus month across reports: visits without a location are never ranked, and a
//! store's card is about the chain's focus month even when the store had no visit then.

use crate::support::*;
use crate::xlsx::{num, open, sheet, text};

const HEADER: &str = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n";

/// Mini, all October: V1 Leeds yes/5/yes = 100; V2 York no/5/yes = (0 + 1 + 1) / (2 + 1 + 1)
/// = 50; V3 with a blank store, 100. Stores ranked: Leeds 1, York 2; the blank location is
/// listed apart, unranked, though its 100 ties the best.
#[test]
fn visits_without_a_location_are_listed_apart_and_never_ranked() {
    let s = Sandbox::new();
    let csv =
        format!("{HEADER}V1,Leeds,2026-10-01,yes,5,yes,\nV2,York,2026-10-02,no,5,yes,\nV3,,2026-10-03,yes,5,yes,\n");
    s.write("m.csv", csv.as_bytes());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none", "--per-location", "m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    let rank = |name: &str| {
        let l = j["locations"].as_array().unwrap().iter().find(|l| l["location"] == name).unwrap();
        l["focus"]["rank"].clone()
    };
    assert_eq!((rank("Leeds"), rank("York")), (1.into(), 2.into()));
    assert!(rank("").is_null(), "the blank location has no rank");
    let mut book = open(
        &s.path("out").join(
            std::fs::read_dir(s.path("out"))
                .unwrap()
                .find_map(|e| {
                    let name = e.unwrap().file_name().into_string().unwrap();
                    name.ends_with(".xlsx").then_some(name)
                })
                .unwrap(),
        ),
    );
    let rows = sheet(&mut book, "Locations");
    let listed: Vec<(Option<f64>, String)> = rows[1..].iter().map(|r| (num(&r[0]), text(&r[1]))).collect();
    assert_eq!(listed, [(Some(1.0), "Leeds".into()), (Some(2.0), "York".into()), (None, "(blank)".into())]);
    // York's card: second of the two stores.
    let mut card = open(&s.path("out/locations/york.xlsx"));
    let summary = sheet(&mut card, "Summary");
    let at = summary.iter().find(|r| text(&r[0]).starts_with("Rank among all locations")).unwrap();
    assert_eq!(text(&at[1]), "2 of 2");
}

/// Mini: Leeds 2026-09 100; York 2026-09 50 and 2026-10 100. The chain's focus is October,
/// so Leeds's card is about October too (no visit then, compared with September), not about
/// Leeds's own latest month.
#[test]
fn a_card_is_about_the_chains_month_even_without_a_visit_then() {
    let s = Sandbox::new();
    let csv = format!(
        "{HEADER}V1,Leeds,2026-09-01,yes,5,yes,\nV2,York,2026-09-02,no,5,yes,\nV3,York,2026-10-03,yes,5,yes,\n"
    );
    s.write("m.csv", csv.as_bytes());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none", "--per-location", "m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut card = open(&s.path("out/locations/leeds.xlsx"));
    let summary = sheet(&mut card, "Summary");
    assert_eq!(text(&summary[0][0]), "Leeds: report card, 2026-10: no visit in 2026-10");
    let headers: Vec<String> = sheet(&mut card, "Locations")[0].iter().map(text).collect();
    for h in ["Score 2026-10", "Score 2026-09", "Change since 2026-09"] {
        assert!(headers.iter().any(|x| x.replace('\n', " ") == h), "{h} in {headers:?}");
    }
    let row = &sheet(&mut card, "Locations")[1];
    let score_09 = headers.iter().position(|h| h == "Score 2026-09").unwrap();
    assert_eq!(num(&row[score_09]), Some(100.0), "Leeds's September");
}

/// Under `--period`, York's undated visit V2 is not scored (SCORING.md §3), but its
/// `bad_date` issue is York's: the card lists it, as the chain's Issues sheet does.
#[test]
fn a_cards_issues_include_its_visits_that_could_not_be_placed() {
    let s = Sandbox::new();
    let csv = format!("{HEADER}V1,York,2026-10-01,yes,5,yes,\nV2,York,2026-13-01,yes,5,yes,\n");
    s.write("m.csv", csv.as_bytes());
    let out = s.run(&[
        "score",
        "--rubric",
        "mini.yaml",
        "--out",
        "out",
        "--charts",
        "none",
        "--per-location",
        "--period",
        "2026-10",
        "m.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut card = open(&s.path("out/locations/york.xlsx"));
    let issues = sheet(&mut card, "Issues");
    let kinds: Vec<(String, String)> = issues[1..]
        .iter()
        .map(|r| (r.iter().map(text).find(|t| t.starts_with('V')).unwrap_or_default(), r.iter().map(text).collect()))
        .collect();
    assert_eq!(kinds.len(), 1, "{kinds:?}");
    assert_eq!(kinds[0].0, "V2");
    assert!(kinds[0].1.contains("bad_date") && kinds[0].1.contains("cannot be placed"), "{kinds:?}");
}
