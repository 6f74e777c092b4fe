//! `--per-location` report cards: one workbook and chart set per location, holding nothing
//! of any other location.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::support::*;

fn repo(p: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p).display().to_string()
}

/// Every cell of every sheet of a workbook, as text.
pub(crate) fn cells(path: &std::path::Path) -> HashMap<String, Vec<Vec<String>>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = HashMap::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let rows = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        out.insert(name, rows);
    }
    out
}

#[test]
fn each_card_holds_only_its_own_location() {
    let s = Sandbox::new();
    let rubric = repo("rubrics/retail-visit.yaml");
    let files = ["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"].map(repo);
    let mut args = vec!["score", "--rubric", &rubric, "--out", "out", "--per-location"];
    args.extend(files.iter().map(String::as_str));
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // Who owns what, from the run's own visits.csv and the raw samples.
    let visits = s.rows("visits.csv");
    let owner: HashMap<String, String> = visits.iter().map(|r| (r[2].clone(), r[3].clone())).collect();
    let locations: HashSet<String> = owner.values().cloned().collect();
    // October (the focus month) from visits.csv: each location's mean visit score, best
    // first (then by name), and the mean of every October visit.
    let mut sums: HashMap<String, (f64, f64)> = HashMap::new();
    let (mut all, mut n) = (0.0, 0.0);
    for r in visits.iter().filter(|r| r[5] == "2026-10" && !r[6].is_empty()) {
        let v: f64 = r[6].parse().unwrap();
        let e = sums.entry(r[3].clone()).or_default();
        *e = (e.0 + v, e.1 + 1.0);
        (all, n) = (all + v, n + 1.0);
    }
    let chain_october = all / n;
    let mut october: Vec<(String, f64)> = sums.into_iter().map(|(l, (s, n))| (l, s / n)).collect();
    october.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let dir = s.path("out/locations");
    let mut cards: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    cards.sort();
    assert_eq!(cards.len(), locations.len(), "one card per location");
    for card in &cards {
        let sheets = cells(card);
        let own = sheets["Locations"][1][1].clone();
        assert!(locations.contains(&own), "{own}");
        let own_ids: HashSet<&String> = owner.iter().filter(|(_, l)| **l == own).map(|(id, _)| id).collect();
        // Its Visits sheet lists exactly its own visits.
        let listed: Vec<&String> = sheets["Visits"][1..].iter().map(|r| &r[2]).collect();
        assert_eq!(listed.len(), visits.iter().filter(|r| r[3] == own).count(), "{own}");
        for (name, rows) in &sheets {
            for cell in rows.iter().flatten() {
                assert!(
                    owner.get(cell).is_none_or(|l| *l == own),
                    "{own}: {name} shows another location's visit id {cell}"
                );
                for other in locations.iter().filter(|l| **l != own) {
                    assert!(!cell.contains(other.as_str()), "{own}: {name} mentions {other}: {cell}");
                }
            }
        }
        for id in &own_ids {
            assert!(listed.contains(id), "{own}: its visit {id} is missing");
        }
        // Its place in the whole run on the focus month, and nothing else of it.
        let summary = &sheets["Summary"];
        let value = |label: &str| summary.iter().find(|r| r[0] == label).map(|r| r[1].clone()).unwrap();
        let rank = october.iter().position(|(l, _)| *l == own).unwrap() + 1;
        assert_eq!(value("Rank among all locations, 2026-10"), format!("{rank} of {}", october.len()));
        let mine = october[rank - 1].1;
        assert!((value("Score 2026-10").parse::<f64>().unwrap() - mine).abs() < 1e-9, "{own}");
        let chain = value("Chain average 2026-10 (every location's visits)").parse::<f64>().unwrap();
        assert!((chain - chain_october).abs() < 1e-9, "{own}: {chain} against {chain_october}");
        assert!(summary.iter().flatten().all(|c| c != "Locations" && !c.contains("Share of")), "{own}: chain tiles");
        // And its charts.
        let stem = card.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(dir.join(&stem).join("location-ranking.png").exists(), "{stem}");
        // Its charts name no other location either (the ranking's other bars are unnamed).
        for chart in std::fs::read_dir(dir.join(&stem)).unwrap().map(|e| e.unwrap().path()) {
            if chart.extension().is_some_and(|e| e == "svg") {
                let svg = std::fs::read_to_string(&chart).unwrap();
                assert!(svg.contains(own.as_str()), "{}: its own name", chart.display());
                for other in locations.iter().filter(|l| **l != own) {
                    assert!(!svg.contains(other.as_str()), "{}: names {other}", chart.display());
                }
            }
        }
    }
}

#[test]
fn locations_whose_safe_names_collide_both_get_a_card() {
    let s = Sandbox::new();
    let csv = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Café / Nord,2026-09-03,yes,5,yes,
V2,Café Nord,2026-09-10,no,3,no,slow
V3,../../etc,2026-09-11,yes,4,yes,
";
    s.write("m.csv", csv.as_bytes());
    let out = s.score(&["m.csv", "--per-location", "--charts", "none"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(s.path("out/locations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["caf-nord-2.xlsx", "caf-nord.xlsx", "etc.xlsx"]);
}

/// `--period`: a card compares its month with the one before, like the run does.
#[test]
fn period_cards_keep_their_comparison() {
    let s = Sandbox::new();
    let csv = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
S1,Leeds,2026-09-03,no,3,no,slow
O1,Leeds,2026-10-03,yes,5,yes,
";
    s.write("m.csv", csv.as_bytes());
    let out = s.score(&["m.csv", "--per-location", "--period", "2026-10", "--charts", "none"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sheets = cells(&s.path("out/locations/leeds.xlsx"));
    let head = &sheets["Locations"][0];
    let change = head.iter().position(|h| h == "Change since 2026-09").unwrap_or_else(|| panic!("{head:?}"));
    // Leeds: October 100, September 100 × 0.5 / 4 = 12.5 → +87.5
    assert_eq!(sheets["Locations"][1][change], "87.5");
    assert_eq!(sheets["Visits"].len(), 2, "only October's visit is a row");
}

/// The travel-time issue names the other store in issues.csv, never on a card.
#[test]
fn a_card_never_names_another_location_in_an_issue() {
    let s = Sandbox::new();
    let rubric = MINI.replace(
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date }",
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date, shopper: Shopper, time: Time }",
    ) + "checks: { min_minutes_between_locations: 60 }\n";
    s.write("c.yaml", rubric.as_bytes());
    let csv = "Visit ID,Store,Date,Time,Shopper,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Secret Store,2026-09-03,10:00,S1,yes,5,yes,
V2,York,2026-09-03,10:30,S1,yes,5,yes,
";
    s.write("c.csv", csv.as_bytes());
    let out = s.run(&["score", "--rubric", "c.yaml", "--out", "out", "--per-location", "--charts", "none", "c.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(s.read("out/issues.csv").contains("Secret Store"), "the agency's list keeps the detail");
    let york = cells(&s.path("out/locations/york.xlsx"));
    assert_eq!(york["Issues"].len(), 2, "York's card lists its issue");
    for (name, rows) in &york {
        assert!(rows.iter().flatten().all(|c| !c.contains("Secret")), "{name} names the other store");
    }
}

/// Three stores over two months; q1 is critical, q4 a bonus, q3 worth 2 points (possible 4).
const CARD_RUBRIC: &str = r#"name: Mini
target: 80
grades:
  - { name: Good, min: 80 }
  - { name: Poor, min: 0 }
fields: { visit_id: "Visit ID", location: Store, date: Date }
sections:
  - id: welcome
    title: Welcome
    questions:
      - { id: q1, column: Q1, type: yes_no, critical: true }
      - { id: q2, column: Q2, type: yes_no }
  - id: close
    title: Close
    questions:
      - { id: q3, column: Q3, type: yes_no, points: 2 }
      - { id: q4, column: Q4, type: yes_no, bonus: true }
"#;

/// Leeds: September L1 100; October L2 (1 + 0 + 2) / 4 = 75 and L3 0 (q1 failed:
/// critical, the visit scores 0): October 37.5, change -62.5. York October 4/4 plus a
/// bonus, capped: 100. Bath October 2/4 = 50 (September B2 100). October ranks York 100,
/// Bath 50, Leeds 37.5; the chain's October (75 + 0 + 100 + 50) / 4 = 56.25.
const CARD_CSV: &str = "Visit ID,Store,Date,Q1,Q2,Q3,Q4
L1,Leeds,2026-09-02,yes,yes,yes,no
B2,Bath,2026-09-03,yes,yes,yes,yes
L2,Leeds,2026-10-02,yes,no,yes,no
L3,Leeds,2026-10-05,no,yes,yes,no
Y1,York,2026-10-06,yes,yes,yes,yes
B1,Bath,2026-10-07,yes,yes,no,no
";

fn card_run() -> Sandbox {
    let s = Sandbox::new();
    s.write("c.yaml", CARD_RUBRIC.as_bytes());
    s.write("c.csv", CARD_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "c.yaml", "--out", "out", "--per-location", "--charts", "svg", "c.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s
}

/// The rows of `block` (the row holding its title) up to the next blank row, header
/// included.
fn block<'a>(rows: &'a [Vec<String>], title: &str) -> &'a [Vec<String>] {
    let start = rows.iter().position(|r| r[0] == title).unwrap_or_else(|| panic!("no block {title}"));
    let end = rows[start..].iter().position(|r| r.iter().all(String::is_empty)).map_or(rows.len(), |e| start + e);
    &rows[start + 1..end]
}

#[test]
fn a_cards_summary_shows_its_stores_month_against_the_chain() {
    let s = card_run();
    let leeds = cells(&s.path("out/locations/leeds.xlsx"));
    let sum = &leeds["Summary"];
    let value = |label: &str| {
        sum.iter().find(|r| r[0] == label).map(|r| r[1].clone()).unwrap_or_else(|| panic!("no {label}: {sum:?}"))
    };
    assert_eq!(sum[0][0], "Leeds: report card, 2026-10");
    assert_eq!(value("Score 2026-10"), "37.5");
    assert_eq!(value("Grade 2026-10"), "Poor");
    assert_eq!(value("Against the target (80), 2026-10"), "under target");
    // 37.5 - 80
    assert_eq!(value("Gap to the target (points), 2026-10"), "-42.5");
    assert_eq!(value("Score 2026-09"), "100");
    assert_eq!(value("Change since 2026-09 (points)"), "-62.5");
    assert_eq!(value("Rank among all locations, 2026-10"), "3 of 3");
    assert_eq!(value("Chain average 2026-10 (every location's visits)"), "56.25");
    // 37.5 - 56.25
    assert_eq!(value("Difference from the chain average, 2026-10"), "-18.75");
    assert_eq!(value("Visits 2026-10"), "2");
    assert_eq!(value("Visits with a critical failure, 2026-10"), "1");
    // The window apart, under its own label: (100 + 75 + 0) / 3.
    let window: f64 = value("Score Sep-Oct 2026 (every month of the run)").parse().unwrap();
    assert!((window - 175.0 / 3.0).abs() < 1e-9, "{window}");
    // No chain tiles.
    assert!(sum.iter().all(|r| r[0] != "Locations" && !r[0].contains("Share of")), "{sum:?}");

    // October pass rates: q1 yes, no = 50; q2 no, yes = 50; q3 100; the bonus q4 (0) is
    // no weakness.
    let weakest = block(sum, "Weakest behaviours, 2026-10 (bonus questions left out)");
    let ids: Vec<(&str, &str)> = weakest[1..].iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    assert_eq!(ids, [("q1", "50"), ("q2", "50"), ("q3", "100")]);
    let critical = block(sum, "Critical failures, 2026-10");
    assert_eq!((critical[1][0].as_str(), critical[1][1].as_str()), ("q1", "1"));
    assert_eq!(critical.len(), 2);
    // Welcome: Leeds (1/2 + 1/2) / 2 = 50, chain (50 + 50 + 100 + 100) / 4 = 75;
    // Close: Leeds 100, chain (100 + 100 + 100 capped + 0) / 4 = 75.
    let sections = block(sum, "Sections, 2026-10");
    let got: Vec<&[String]> = sections[1..].iter().map(|r| &r[..4]).collect();
    assert_eq!(got, [["Welcome", "50", "75", "-25"], ["Close", "100", "75", "25"]].map(|r| r.map(String::from)));
    let months = block(sum, "Score by month");
    let got: Vec<&[String]> = months[1..].iter().map(|r| &r[..4]).collect();
    assert_eq!(got, [["2026-09", "100", "100", "80"], ["2026-10", "37.5", "56.25", "80"]].map(|r| r.map(String::from)));

    // York: the best of October, no September visit.
    let york = cells(&s.path("out/locations/york.xlsx"));
    let sum = &york["Summary"];
    let row = |label: &str| sum.iter().find(|r| r[0] == label).unwrap().clone();
    assert_eq!(row("Rank among all locations, 2026-10")[1], "1 of 3");
    assert_eq!(row("Score 2026-10")[1], "100");
    assert_eq!(row("Score 2026-09")[1], "", "no visit then");
    assert_eq!(row("Against the target (80), 2026-10")[1], "on target");
}

/// SVG text of a card's chart.
fn svg_texts(s: &Sandbox, path: &str) -> (String, Vec<String>) {
    let svg = s.read(path);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts = doc.descendants().filter_map(|n| n.text()).map(str::trim).filter(|t| !t.is_empty()).map(String::from);
    let texts = texts.collect();
    (svg, texts)
}

#[test]
fn a_cards_charts_show_its_store_against_the_chain() {
    let s = card_run();
    // Ranking: three bars, only Leeds named (third, 37.5, red: Poor of two bands), the
    // others grey without a label or value.
    let (svg, texts) = svg_texts(&s, "out/locations/leeds/location-ranking.svg");
    for t in ["Leeds", "#3 of 3", "37.5", "Other locations (unnamed)"] {
        assert!(texts.iter().any(|x| x == t), "{t}: {texts:?}");
    }
    assert!(texts.iter().any(|x| x.starts_with("Scores, 2026-10")), "{texts:?}");
    assert!(!texts.iter().any(|x| x == "100.0" || x == "50.0"), "the others' values: {texts:?}");
    assert!(svg.contains("#D6604D"), "Leeds's bar in the worst band's red");
    assert_eq!(svg.matches("#D6D6DA").count(), 3, "two grey bars and the legend's swatch");
    // Trend: Leeds against the chain per month, and the target.
    let (_, texts) = svg_texts(&s, "out/locations/leeds/trend.svg");
    let legend = ["Leeds", "Chain average (every location's visits)", "Target 80"];
    assert!(legend.iter().all(|t| texts.iter().any(|x| x == t)), "{texts:?}");
    assert!(!texts.iter().any(|x| x.contains("#1") || x == "Overall"), "{texts:?}");
    // Sections: Leeds and the chain, October.
    let (_, texts) = svg_texts(&s, "out/locations/leeds/section-profile.svg");
    for t in ["50.0", "75.0", "100.0", "Chain average (every location's visits)"] {
        assert!(texts.iter().any(|x| x == t), "{t}: {texts:?}");
    }
    assert!(texts.iter().any(|x| x.starts_with("Scores, 2026-10")), "{texts:?}");
}
