//! A store with no visit in the focus month is listed, never dropped: after the ranked
//! stores, unranked, its score `-`, its previous month's score shown, marked "no visit",
//! in the table, the Locations sheet, summary.json and its own card, in a bounded run
//! (`--period`) as in an unbounded one.

use crate::support::*;
use crate::xlsx::{num, open, sheet, text, workbook_path};

/// The mini example under `--period 2026-10`: York's V3 (q1 2 of 2, q2 N/A, q3 failed) is
/// 100 × 2 / 3 = 66.67, ranked 1. Leeds was visited in September only, read to compare
/// with: V1 100, V2 (0 + 0.5 + 0) / 4 = 12.5, so its September is (100 + 12.5) / 2 = 56.25
/// (56.3); no October visit, so no score, no rank, "no visit". The gate does not judge it:
/// with `--min-visits 1`, only York (66.67 ≥ 60) is judged and the run passes, where
/// Leeds's 56.25 would have failed it.
#[test]
fn a_store_seen_only_in_a_compared_month_is_listed_unranked() {
    let s = Sandbox::new();
    s.write("visits.csv", MINI_CSV.as_bytes());
    let out = s.run(&[
        "score",
        "--rubric",
        "mini.yaml",
        "--out",
        "out",
        "--period",
        "2026-10",
        "--per-location",
        "--fail-location-under",
        "60",
        "--min-visits",
        "1",
        "visits.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Mini 1, target 80
2026-10: 1 visit in 3 rows from 1 file

#  Location  Visits  2026-10  Grade  Target        2026-09  Change    Critical
1  York           1     66.7  Poor   under target        -  new              0
-  Leeds          -        -  -      -                56.3  no visit         -
------------------------------------------------------------------------------
   Overall        1     66.7  Poor   under target     56.3  +10.4 up         0

no visit: no visit in 2026-10, so no score and no rank for that month

Data issues: 1
"
    );

    // Locations: York ranked, Leeds after it with no rank, no October counts, no score,
    // "no visit" as its October status, and its September 56.25.
    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "Locations");
    let head: Vec<String> = rows[0].iter().map(|c| text(c).replace('\n', " ")).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {head:?}"));
    let (rank, score, status, before) =
        (col("Rank"), col("Score 2026-10"), col("Target status 2026-10"), col("Score 2026-09"));
    type Listed = (Option<f64>, String, Option<f64>, String, Option<f64>);
    let listed: Vec<Listed> = rows[1..]
        .iter()
        .map(|r| (num(&r[rank]), text(&r[1]), num(&r[score]), text(&r[status]), num(&r[before])))
        .collect();
    assert_eq!(
        listed,
        [
            (Some(1.0), "York".into(), Some(200.0 / 3.0), "under target".into(), None),
            (None, "Leeds".into(), None, "no visit".into(), Some(56.25)),
        ]
    );
    // No October counts for Leeds: its visits, critical-failure visits and small-sample
    // cells are blank, as the table's `-`.
    let small = head.iter().position(|h| h.starts_with("Small sample")).unwrap();
    let critical = head.iter().position(|h| h.starts_with("Critical")).unwrap();
    for c in [col("Visits 2026-10"), small, critical] {
        assert_eq!(text(&rows[2][c]), "", "{}", head[c]);
        assert_eq!(num(&rows[2][c]), None, "{}", head[c]);
    }

    // summary.json: `locations` keeps its meaning (the scored window: York alone, whose
    // visits add up to overall's); Leeds is in `unvisited` with its September figures.
    let j = s.summary();
    let names: Vec<&str> = j["locations"].as_array().unwrap().iter().map(|l| l["location"].as_str().unwrap()).collect();
    assert_eq!(names, ["York"]);
    let unvisited = j["unvisited"].as_array().unwrap();
    assert_eq!(unvisited.len(), 1);
    let leeds = &unvisited[0];
    assert_eq!((&leeds["location"], &leeds["last_period"]), (&"Leeds".into(), &"2026-09".into()));
    let before = &leeds["previous"];
    assert_eq!((&before["period"], &before["visits"], &before["score"]), (&"2026-09".into(), &2.into(), &56.25.into()));
    let gate = &j["gates"][0];
    assert_eq!(
        (&gate["gate"], &gate["passed"], &gate["value"]),
        (&"fail_location_under".into(), &true.into(), &j["locations"][0]["score"])
    );

    // Leeds's card is written: its title says it had no October visit.
    let mut card = open(&s.path("out/locations/leeds.xlsx"));
    let summary = sheet(&mut card, "Summary");
    assert_eq!(text(&summary[0][0]), "Leeds: report card, 2026-10: no visit in 2026-10");
    let line = |label: &str| summary.iter().find(|r| text(&r[0]) == label).unwrap_or_else(|| panic!("{label}")).clone();
    assert_eq!(text(&line("Rank among all locations, 2026-10")[1]), "not ranked (no visit in 2026-10)");
    assert_eq!(num(&line("Visits 2026-10")[1]), Some(0.0));
    assert_eq!(num(&line("Score 2026-09")[1]), Some(56.25));

    // The ranking chart counts and draws York alone (1 location, its 1 visit), and names
    // Leeds once, in a line of its own.
    let svg = s.read("out/charts/location-ranking.svg");
    assert!(svg.contains("· 1 location · 1 visit\n"), "{svg}");
    assert!(svg.contains("No visit in 2026-10: Leeds\n"), "{svg}");
    assert_eq!(svg.matches("Leeds").count(), 1, "Leeds has no bar");
}

/// Without `--period` the same data lists Leeds the same way (it is in the window, so
/// also in `locations`, with `focus: null`) and in `unvisited`.
#[test]
fn an_unbounded_run_lists_the_unvisited_store_the_same_way() {
    let s = Sandbox::new();
    s.write("visits.csv", MINI_CSV.as_bytes());
    let out = s.score(&["visits.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("-  Leeds          -        -  -      -                56.3  no visit         -\n"),
        "{text}"
    );
    let j = s.summary();
    let leeds = j["locations"].as_array().unwrap().iter().find(|l| l["location"] == "Leeds").unwrap().clone();
    assert!(leeds["focus"].is_null());
    assert_eq!(j["unvisited"][0]["location"], "Leeds");
    assert_eq!(j["unvisited"][0]["previous"]["score"], 56.25);
}
