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
fn cells(path: &std::path::Path) -> HashMap<String, Vec<Vec<String>>> {
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
    assert!(head.iter().any(|h| h == "Change since 2026-09"), "{head:?}");
    // Leeds: October 100, September 100 × 0.5 / 4 = 12.5 → +87.5
    assert_eq!(sheets["Locations"][1][7], "87.5");
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
