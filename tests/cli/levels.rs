//! The org chart above the store (`fields.levels`), end to end on the three-level sample
//! (samples/chain-levels.csv: 15 stores, 6 areas, 3 regions, Leeds Kirkgate moving from
//! Leeds area to York area after 6 October): summary.json's `levels`, the Areas sheet
//! read back, `--by area`, the `moved` issue, a card's org-chart line, and the refusals.
//! The numbers are docs/scoring.md §18's, worked by hand there.

use std::path::Path;

use crate::support::*;
use crate::xlsx::{num, open, sheet, text, workbook_path};

/// The repository's copy of a sample file, written into the sandbox.
fn sample(s: &Sandbox, repo: &str, name: &str) {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(repo)).unwrap();
    s.write(name, &bytes);
}

fn chain(extra: &[&str]) -> (Sandbox, std::process::Output) {
    let s = Sandbox::new();
    sample(&s, "rubrics/chain-visit.yaml", "chain.yaml");
    sample(&s, "samples/chain-levels.csv", "chain.csv");
    let mut args = vec!["score", "--rubric", "chain.yaml", "--out", "out"];
    args.extend_from_slice(extra);
    args.push("chain.csv");
    let out = s.run(&args);
    (s, out)
}

fn close(got: &serde_json::Value, want: f64) {
    let got = got.as_f64().unwrap_or_else(|| panic!("not a number: {got}"));
    assert!((got - want).abs() < 1e-9, "{got} against {want}");
}

/// York area in October (§18): 550 / 8 = 68.75 over 8 visits, September 330 / 6 = 55,
/// +13.75 (up); 1 of its 3 stores (York Coney St, 260 / 3) on target 80, 33.3%; no
/// critical failure; parent North. Leeds Kirkgate is under it with its two visits there,
/// (50 + 60) / 2 = 55, and under Leeds area with its one, 70. Leeds area: 390 / 7, 2
/// critical-failure visits. North (top level): the 15 October visits of its 5 stores.
#[test]
fn summary_json_gives_each_level_its_units_worked_by_hand() {
    let (s, out) = chain(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    let levels = j["levels"].as_array().unwrap();
    let names: Vec<&str> = levels.iter().map(|l| l["level"].as_str().unwrap()).collect();
    assert_eq!(names, ["Region", "Area"]);
    let areas = levels[1]["units"].as_array().unwrap();
    let york = areas.iter().find(|u| u["unit"] == "North / York area").unwrap();
    assert_eq!((york["name"].as_str(), york["parent"].as_str()), (Some("York area"), Some("North")));
    assert_eq!(
        (york["rank"].as_u64(), york["visits"].as_u64(), york["scored_visits"].as_u64()),
        (Some(3), Some(8), Some(8))
    );
    close(&york["score"], 68.75);
    close(&york["previous_score"], 55.0);
    close(&york["change"], 13.75);
    assert_eq!(york["trend"], "improved");
    assert_eq!((york["on_target_locations"].as_u64(), york["scored_locations"].as_u64()), (Some(1), Some(3)));
    close(&york["on_target_share"], 100.0 / 3.0);
    assert_eq!(york["critical_failure_visits"], 0);
    let stores: Vec<(&str, u64)> = york["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["location"].as_str().unwrap(), l["scored_visits"].as_u64().unwrap()))
        .collect();
    assert_eq!(stores, [("York Coney St", 3), ("Harrogate", 3), ("Leeds Kirkgate", 2)], "best first");
    close(&york["locations"][0]["score"], 260.0 / 3.0);
    close(&york["locations"][2]["score"], 55.0);
    let leeds = areas.iter().find(|u| u["unit"] == "North / Leeds area").unwrap();
    close(&leeds["score"], 390.0 / 7.0);
    assert_eq!(
        (leeds["visits"].as_u64(), leeds["critical_failure_visits"].as_u64(), leeds["rank"].as_u64()),
        (Some(7), Some(2), Some(6))
    );
    let kirkgate = leeds["locations"].as_array().unwrap().iter().find(|l| l["location"] == "Leeds Kirkgate").unwrap();
    assert_eq!(kirkgate["visits"], 1);
    close(&kirkgate["score"], 70.0);
    let north = levels[0]["units"].as_array().unwrap().iter().find(|u| u["unit"] == "North").unwrap();
    assert_eq!((north["parent"].is_null(), north["visits"].as_u64()), (true, Some(15)));
    // The store itself: (70 + 50 + 60) / 3 = 60 over its three October visits.
    let store = j["locations"].as_array().unwrap().iter().find(|l| l["location"] == "Leeds Kirkgate").unwrap();
    close(&store["focus"]["score"], 60.0);
    assert_eq!(j["issues"]["by_problem"]["moved"], 1);
}

/// One `moved` issue, at C050 (line 51, its first row under York area), on `Area`.
#[test]
fn a_store_that_moves_is_one_data_issue() {
    let (s, out) = chain(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let moved: Vec<Vec<String>> = s.rows("issues.csv").into_iter().filter(|r| r[5] == "moved").collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    let r = &moved[0];
    assert_eq!((r[1].as_str(), r[2].as_str(), r[3].as_str()), ("51", "C050", "Leeds Kirkgate"));
    assert_eq!((r[6].as_str(), r[7].as_str()), ("Area", "North / Leeds area → North / York area"));
    assert_eq!(
        r[8],
        "Leeds Kirkgate was under North / Leeds area (first in chain.csv line 5) and is here under North / York area: \
         it is reported under both, each with its visits there"
    );
}

/// The Areas sheet, read back: York area third, 8 visits, 68.75, 55 before, +13.75, 1 of
/// 3 stores on target (33.3), no critical failure, its stores with their scores there.
#[test]
fn each_level_has_its_sheet_ranked() {
    let (s, out) = chain(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&workbook_path(&s));
    let names = calamine::Reader::sheet_names(&book);
    let at = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(
        at("Locations") < at("Regions") && at("Regions") < at("Areas") && at("Areas") < at("Sections"),
        "{names:?}"
    );
    let rows = sheet(&mut book, "Areas");
    let head: Vec<String> = rows[0].iter().map(text).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no `{h}` in {head:?}"));
    let york = rows.iter().find(|r| text(&r[col("Area")]) == "York area").unwrap();
    assert_eq!(num(&york[col("Rank")]), Some(3.0));
    assert_eq!(text(&york[col("Region")]), "North");
    assert_eq!(num(&york[col("Visits 2026-10")]), Some(8.0));
    assert_eq!(num(&york[col("Score 2026-10")]), Some(68.75));
    assert_eq!(num(&york[col("Score 2026-09")]), Some(55.0));
    assert_eq!(num(&york[col("Change since 2026-09")]), Some(13.75));
    assert_eq!(text(&york[col("Trend")]), "improved");
    assert_eq!(text(&york[col("Stores on target 2026-10")]), "1 of 3");
    assert_eq!(num(&york[col("Critical failure visits 2026-10")]), Some(0.0));
    assert_eq!(
        text(&york[col("Stores, with their scores there 2026-10")]),
        "York Coney St 86.7; Harrogate 60.0; Leeds Kirkgate 55.0"
    );
    let share = num(&york[col("Share of stores on target 2026-10")]).unwrap();
    assert!((share - 100.0 / 3.0).abs() < 1e-9, "{share}");
    let regions = sheet(&mut book, "Regions");
    assert_eq!(regions.len(), 4, "a header and three regions");
    // September and October 2026 only: no year to date, so no such column on either sheet.
    for name in ["Areas", "Regions"] {
        let header = sheet(&mut book, name).into_iter().next().unwrap();
        assert!(!header.iter().any(|c| text(c).starts_with("Year to date")), "{name}");
    }
}

/// `--by area` prints the areas (80 columns); `--by REGION` any case; a name that is no
/// level is refused with exit 2 naming the levels, and nothing is written.
#[test]
fn the_table_groups_by_any_level() {
    let (_, out) = chain(&["--by", "area"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("#  Area             Visits  2026-10  2026-09  Change       On target  Crit.\n"), "{table}");
    assert!(table.contains("3  York area             8     68.8     55.0  +13.8 up     1 of 3         0\n"), "{table}");
    let rows = table.lines().skip_while(|l| !l.starts_with('#')).take_while(|l| !l.is_empty());
    assert!(rows.clone().count() == 9 && rows.clone().all(|l| l.chars().count() <= 80), "{table}");
    let (_, out) = chain(&["--by", "REGION"]);
    assert!(stdout(&out).contains("3  North         15     62.7"), "{}", stdout(&out));
    let (s, out) = chain(&["--by", "zone"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out).trim_end(),
        "error: --by `zone` is not a level of the rubric\n  hint: use one of location, region, area"
    );
    assert!(listing(&s.path("out")).is_empty());
    let (_, out) = chain(&["--by", "aera"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("hint: did you mean area? use one of location, region, area"), "{}", stderr(&out));
    let out = Sandbox::new().score(&["--by", "area", "visits.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("the rubric names no `fields.levels`"), "{}", stderr(&out));
}

/// A file without the Area column stops the run before any row is read, naming the
/// closest header (`Areas`).
#[test]
fn a_missing_level_column_is_refused() {
    let s = Sandbox::new();
    sample(&s, "rubrics/chain-visit.yaml", "chain.yaml");
    let csv = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/chain-levels.csv")).unwrap();
    s.write("chain.csv", csv.replacen(",Area,", ",Areas,", 1).as_bytes());
    let out = s.run(&["score", "--rubric", "chain.yaml", "--out", "out", "chain.csv"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out).trim_end(),
        "error: chain.csv: missing required column `Area` (for the level Area)\n  \
         hint: the closest header is `Areas`; rename it, or set that item of the rubric's `fields.levels` to it"
    );
    assert!(listing(&s.path("out")).is_empty());
}

/// Leeds Kirkgate's card: its line of the chart is its latest visit's (York area, 20
/// October), beside York area's 68.75, 60 − 68.75 = −8.75 from it; it says it moved.
#[test]
fn a_card_shows_its_line_of_the_org_chart() {
    let (s, out) = chain(&["--per-location"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&s.path("out/locations/leeds-kirkgate.xlsx"));
    let rows = sheet(&mut book, "Summary");
    let value = |label: &str| {
        let row = rows.iter().find(|r| text(&r[0]) == label).unwrap_or_else(|| panic!("no `{label}`"));
        row[1].clone()
    };
    assert_eq!(text(&value("Org chart")), "North / York area / Leeds Kirkgate");
    assert_eq!(num(&value("York area average 2026-10 (Area, every store's visits there)")), Some(68.75));
    assert_eq!(num(&value("Difference from the York area average, 2026-10")), Some(60.0 - 68.75));
    assert!(text(&value("Moved")).starts_with("also reported under North / Leeds area"));
    let mut book = open(&s.path("out/locations/york-coney-st.xlsx"));
    let rows = sheet(&mut book, "Summary");
    assert!(!rows.iter().any(|r| text(&r[0]) == "Moved"), "a store that stayed did not move");
}

/// A run file's `by: area` is `--by area`; `--by location` given to `run` overrides it.
#[test]
fn a_run_file_groups_by_its_level() {
    let s = Sandbox::new();
    sample(&s, "rubrics/chain-visit.yaml", "chain.yaml");
    sample(&s, "samples/chain-levels.csv", "chain.csv");
    s.write("audit.yaml", b"rubric: chain.yaml\ninputs: [chain.csv]\nby: area\nno_xlsx: true\n");
    let out = s.run(&["run", "audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("\n#  Area "), "{}", stdout(&out));
    let out = s.run(&["run", "audit.yaml", "--by", "location"]);
    assert!(stdout(&out).contains("\n #  Location "), "{}", stdout(&out));
}

/// A unit is a small sample when either month has fewer than `--min-visits` scored visits
/// under it. Scored visits (October, September): York area (8, 6), Leeds area (7, 9),
/// Bristol area (6, 6), Nottingham (9, 9), Derby (6, 6), Reading (9, 9). At 6 none is
/// small; at 7 York (6 in September), Bristol and Derby are, Leeds (7, 9) is not.
/// Nottingham area has 2 of 3 stores on target (86.7, 86.7; 66.7): 66.7%.
#[test]
fn a_unit_is_a_small_sample_under_min_visits_in_either_month() {
    let small = |min: &str| {
        let (s, out) = chain(&["--min-visits", min]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let j = s.summary();
        let mut units: Vec<(String, bool)> = j["levels"][1]["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["name"].as_str().unwrap().to_string(), u["small_sample"].as_bool().unwrap()))
            .collect();
        units.sort();
        let notts =
            j["levels"][1]["units"].as_array().unwrap().iter().find(|u| u["name"] == "Nottingham area").cloned();
        (units, notts.unwrap())
    };
    let (at6, notts) = small("6");
    assert!(at6.iter().all(|(_, s)| !s), "{at6:?}");
    close(&notts["on_target_share"], 200.0 / 3.0);
    let (at7, _) = small("7");
    let flagged: Vec<&str> = at7.iter().filter(|(_, s)| *s).map(|(n, _)| n.as_str()).collect();
    assert_eq!(flagged, ["Bristol area", "Derby area", "York area"]);
}

/// A blank Area is `(blank)` wherever a unit is named. S1: V1 North / Leeds on 1
/// October, yes + 5 = 3 of 3 points, 100; V2 North / blank on 8 October, no + 1 = 0.
/// Its latest visit is V2's, so its card's line is North / (blank) / S1, beside the blank
/// area's 0; S1's October is (100 + 0) / 2 = 50, 50 − 0 = +50 from it; it was also under
/// North / Leeds. The moved issue reads North / Leeds → North / (blank). An area under a
/// blank Region has `(blank)` in `--by area`'s Region column.
#[test]
fn a_blank_level_is_named_blank_on_the_card() {
    let s = Sandbox::new();
    s.write(
        "r.yaml",
        b"name: Test\nfields: { visit_id: Visit ID, location: Store, date: Date, levels: [Region, Area] }\n\
          sections:\n  - id: s\n    questions:\n      - { id: q1, column: Q1, type: yes_no, points: 2 }\n      \
          - { id: q2, column: Q2, type: scale, min: 1, max: 5 }\n",
    );
    s.write(
        "blank.csv",
        b"Visit ID,Date,Region,Area,Store,Q1,Q2\nV1,2026-10-01,North,Leeds,S1,yes,5\nV2,2026-10-08,North,,S1,no,1\n",
    );
    let out = s.run(&["score", "--rubric", "r.yaml", "--out", "out", "--per-location", "blank.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&s.path("out/locations/s1.xlsx"));
    let rows = sheet(&mut book, "Summary");
    let value = |label: &str| {
        let row = rows.iter().find(|r| text(&r[0]) == label).unwrap_or_else(|| panic!("no `{label}`"));
        row[1].clone()
    };
    assert_eq!(text(&value("Org chart")), "North / (blank) / S1");
    assert_eq!(num(&value("(blank) average 2026-10 (Area, every store's visits there)")), Some(0.0));
    assert_eq!(num(&value("Difference from the (blank) average, 2026-10")), Some(50.0));
    assert!(text(&value("Moved")).starts_with("also reported under North / Leeds,"), "{}", text(&value("Moved")));
    let moved: Vec<Vec<String>> = s.rows("issues.csv").into_iter().filter(|r| r[5] == "moved").collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0][7], "North / Leeds → North / (blank)");
    // York under a blank Region: `--by area` names its parent `(blank)`.
    s.write("b2.csv", b"Visit ID,Date,Region,Area,Store,Q1,Q2\nV3,2026-10-01,,York,S2,yes,5\n");
    let out = s.run(&["score", "--rubric", "r.yaml", "--out", "o2", "--by", "area", "b2.csv"]);
    let table = stdout(&out);
    let york = table.lines().find(|l| l.contains("York")).unwrap_or_else(|| panic!("{table}"));
    assert!(york.contains(" (blank) "), "{york}");
}
