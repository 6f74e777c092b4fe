//! Year to date (docs/scoring.md §19, Examples 9 and 10): January to the focus month
//! against the same months a year earlier, per location, per region, per level and
//! overall, in summary.json, on the Summary sheet, the Locations sheet and the level
//! sheets; absent when last year's months hold no visit; compare-only months of
//! `--period` counted.

use serde_json::Value;

use crate::support::*;
use crate::xlsx::{jnum, num, open, sheet, summary_exact, text, workbook_path};

/// Three questions of a point each: a visit scores 0, 33.3, 66.7 or 100.
const RUBRIC: &str = "name: Example nine
fields: { visit_id: id, location: store, date: date, region: region }
sections:
  - id: service
    questions:
      - { id: greeted, type: yes_no }
      - { id: listened, type: yes_no }
      - { id: thanked, type: yes_no }
";

/// docs/scoring.md's Example 9. Scores: V1 2 of 3 = 66.67, V2 66.67, V3 33.33, V4 0,
/// V5 100, V6 66.67, V7 33.33, V8 66.67, V9 100, V10 all N/A (a visit, no score).
const VISITS: &str = "id,store,region,date,greeted,listened,thanked
V1,Leeds,North,2025-02-10,yes,yes,no
V2,Leeds,North,2025-03-05,yes,no,yes
V3,York,North,2025-03-12,yes,no,no
V4,Leeds,North,2025-11-20,no,no,no
V5,Leeds,North,2026-01-15,yes,yes,yes
V6,York,North,2026-01-20,yes,yes,no
V7,Bath,South,2026-02-03,yes,no,no
V8,Leeds,North,2026-03-04,yes,no,yes
V9,York,North,2026-03-09,yes,yes,yes
V10,York,North,2026-03-18,n/a,n/a,n/a
";

/// 2 of 3 and 1 of 3 points, as the visit scores are written: 100 × 2 / 3 and 100 × 1 / 3.
const TWO: f64 = 200.0 / 3.0;
const ONE: f64 = 100.0 / 3.0;

fn run(visits: &str, extra: &[&str]) -> Sandbox {
    let s = Sandbox::new();
    s.write("rubric.yaml", RUBRIC.as_bytes());
    s.write("visits.csv", visits.as_bytes());
    let mut args = vec!["score", "--rubric", "rubric.yaml", "--out", "out"];
    args.extend_from_slice(extra);
    args.push("visits.csv");
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s
}

/// A figure of a `year_to_date` item: (visits, scored visits, score).
fn figure(v: &Value) -> (u64, u64, Option<f64>) {
    let count = |k: &str| jnum(&v[k]).unwrap() as u64;
    (count("visits"), count("scored_visits"), jnum(&v["score"]))
}

fn item<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|x| x[key] == name).unwrap_or_else(|| panic!("no {key} {name}"))
}

/// The focus is March 2026 (the latest month): Jan-Mar 2026 against Jan-Mar 2025; V4
/// (November 2025) is in neither. Each figure adds its months' sums oldest first:
/// - Leeds: Jan V5 100, Mar V8 66.67: (100 + 66.67) / 2 = 83.33 over 2 visits; last year
///   Feb V1 66.67, Mar V2 66.67: 66.67 over 2; change +16.67.
/// - York: Jan V6 66.67, Mar V9 100 and V10 (no score): (66.67 + 100) / 2 = 83.33, 3
///   visits, 2 scored; last year Mar V3 33.33; change +50.
/// - Bath: Feb V7 33.33; no visit last year: new, no change.
/// - North: Jan (100 + 66.67), Mar (66.67 + 100): 333.33 / 4 = 83.33, 5 visits; last year
///   Feb 66.67, Mar (66.67 + 33.33): 166.67 / 3 = 55.56; change +27.78. South: new.
/// - Overall: Jan (100 + 66.67), Feb 33.33, Mar (66.67 + 100): 366.67 / 5 = 73.33 over 6
///   visits; last year as North's, 55.56 over 3; change +17.78.
#[test]
fn the_year_to_date_against_last_years_same_months() {
    let s = run(VISITS, &[]);
    let scores: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[6].clone()).collect();
    let (two, one) = ("66.66666666666667", "33.333333333333336");
    assert_eq!(
        scores,
        [two, two, one, "0", "100", two, one, two, "100", ""],
        "the visit scores the comment works from"
    );
    let j = summary_exact(&s);
    let y = &j["year_to_date"];
    assert_eq!((y["this_year"]["from"].as_str(), y["this_year"]["to"].as_str()), (Some("2026-01"), Some("2026-03")));
    assert_eq!(y["this_year"]["label"], "Jan-Mar 2026");
    assert_eq!(y["last_year"]["label"], "Jan-Mar 2025");
    assert_eq!(y["this_year"]["months_with_visits"], serde_json::json!(["2026-01", "2026-02", "2026-03"]));
    assert_eq!(y["last_year"]["months_with_visits"], serde_json::json!(["2025-02", "2025-03"]));

    let leeds = item(&y["locations"], "location", "Leeds");
    let this = (0.0 + 100.0 + TWO) / 2.0;
    let last = (0.0 + TWO + TWO) / 2.0;
    assert_eq!(figure(&leeds["this_year"]), (2, 2, Some(this)));
    assert_eq!(figure(&leeds["last_year"]), (2, 2, Some(last)));
    assert_eq!((jnum(&leeds["change"]), &leeds["new"]), (Some(this - last), &Value::Bool(false)));
    assert_eq!(leeds["region"], "North");

    let york = item(&y["locations"], "location", "York");
    assert_eq!(figure(&york["this_year"]), (3, 2, Some((TWO + 100.0) / 2.0)));
    assert_eq!(figure(&york["last_year"]), (1, 1, Some(ONE)));
    assert_eq!(jnum(&york["change"]), Some((TWO + 100.0) / 2.0 - ONE));

    let bath = item(&y["locations"], "location", "Bath");
    assert_eq!((figure(&bath["this_year"]), figure(&bath["last_year"])), ((1, 1, Some(ONE)), (0, 0, None)));
    assert_eq!((&bath["change"], &bath["new"]), (&Value::Null, &Value::Bool(true)));

    let north = item(&y["regions"], "region", "North");
    let (this, last) = (((100.0 + TWO) + (TWO + 100.0)) / 4.0, (TWO + (TWO + ONE)) / 3.0);
    let this_north = this;
    assert_eq!((figure(&north["this_year"]), figure(&north["last_year"])), ((5, 4, Some(this)), (3, 3, Some(last))));
    assert_eq!(jnum(&north["change"]), Some(this - last));
    assert_eq!(item(&y["regions"], "region", "South")["new"], true);

    let overall = &y["overall"];
    let this = (((100.0 + TWO) + ONE) + (TWO + 100.0)) / 5.0;
    assert_eq!(
        (figure(&overall["this_year"]), figure(&overall["last_year"])),
        ((6, 5, Some(this)), (3, 3, Some(last)))
    );
    assert_eq!(jnum(&overall["change"]), Some(this - last));
    // About 73.33 against 55.56: +17.78, as the comment works it.
    assert!((this - last - 160.0 / 9.0).abs() < 1e-9);

    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "Locations");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let col =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {header:?}"));
    let (ytd, visits, before, before_visits, change) = (
        col("Year to date Jan-Mar 2026"),
        col("Visits Jan-Mar 2026"),
        col("Last year Jan-Mar 2025"),
        col("Visits Jan-Mar 2025"),
        col("Year to date change"),
    );
    let row = |name: &str| rows.iter().find(|r| text(&r[1]) == name).unwrap_or_else(|| panic!("no row {name}"));
    let leeds = row("Leeds");
    assert_eq!((num(&leeds[ytd]), num(&leeds[visits])), (Some((100.0 + TWO) / 2.0), Some(2.0)));
    assert_eq!((num(&leeds[before]), num(&leeds[before_visits])), (Some(TWO), Some(2.0)));
    assert_eq!(num(&leeds[change]), Some((100.0 + TWO) / 2.0 - (TWO + TWO) / 2.0));
    let bath = row("Bath");
    assert_eq!(
        (text(&bath[change]), num(&bath[before]), num(&bath[before_visits])),
        ("new".to_string(), None, Some(0.0))
    );

    let rows = sheet(&mut book, "Summary");
    let at = rows
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "Year to date: Jan-Mar 2026 against Jan-Mar 2025"))
        .expect("the Summary's year-to-date block");
    assert_eq!(
        text(&rows[at + 1][0]),
        "Each figure is the mean of every scored visit in its months. Jan-Mar 2025 has visits in 2 of its 3 months: 2025-02, 2025-03."
    );
    let header: Vec<String> = rows[at + 2][..8].iter().map(text).collect();
    assert_eq!(header, ["", "", "This year", "Visits", "Last year", "Visits", "", "Change"]);
    let names: Vec<String> = rows[at + 3..at + 6].iter().map(|r| text(&r[1])).collect();
    assert_eq!(names, ["Overall", "North", "South"], "the overall, then each region by name");
    let line = |name: &str| rows[at..].iter().find(|r| text(&r[1]) == name).unwrap_or_else(|| panic!("no {name}"));
    let north = line("North");
    assert_eq!((num(&north[2]), num(&north[3]), num(&north[5])), (Some(this_north), Some(5.0), Some(3.0)));
    let overall = line("Overall");
    assert_eq!(
        (num(&overall[2]), num(&overall[3]), num(&overall[4]), num(&overall[5])),
        (Some(this), Some(6.0), Some(last), Some(3.0))
    );
    assert_eq!(num(&overall[7]), Some(this - last));
    assert_eq!(text(&line("South")[7]), "new");
    // South, the last line, is 0-based row at + 5: the area's last row (1-based) is at + 7.
    assert_eq!(print_area_end(&book), at as u32 + 7);
}

/// Without a visit in Jan-Mar 2025 (V4, November 2025, is in the window but not in those
/// months) there is no year to date: no key, no block, no column.
#[test]
fn no_year_to_date_without_last_years_same_months() {
    let this_year: String = VISITS.lines().filter(|l| !l.contains(",2025-0")).map(|l| format!("{l}\n")).collect();
    let s = run(&this_year, &[]);
    let j = summary_exact(&s);
    assert_eq!(j["focus"]["window"][0], "2025-11", "November 2025 is read");
    assert!(j.get("year_to_date").is_none(), "{}", j["year_to_date"]);
    let mut book = open(&workbook_path(&s));
    let mut cells = |name: &str| sheet(&mut book, name).concat().iter().map(text).collect::<Vec<String>>();
    assert!(!cells("Locations").iter().any(|c| c.starts_with("Year to date")));
    assert!(!cells("Summary").iter().any(|c| c.starts_with("Year to date")));
}

/// `--period 2026-02`: January 2026 is read only to compare with, yet counts in the year
/// to date, Jan-Feb 2026 against Jan-Feb 2025. Leeds: V5 100 against V1 66.67, +33.33;
/// York: V6 66.67, no visit in Jan-Feb 2025: new; March's visits are not read.
#[test]
fn a_compared_month_counts_in_the_year_to_date() {
    let s = run(VISITS, &["--period", "2026-02"]);
    let y = &summary_exact(&s)["year_to_date"];
    assert_eq!(y["this_year"]["label"], "Jan-Feb 2026");
    let leeds = item(&y["locations"], "location", "Leeds");
    assert_eq!((figure(&leeds["this_year"]), figure(&leeds["last_year"])), ((1, 1, Some(100.0)), (1, 1, Some(TWO))));
    assert_eq!(jnum(&leeds["change"]), Some(100.0 - TWO));
    let york = item(&y["locations"], "location", "York");
    assert_eq!((figure(&york["this_year"]), &york["new"]), ((1, 1, Some(TWO)), &Value::Bool(true)));
}

/// The Summary's print area ends one row past the block, as it ends one row past the
/// weakest behaviours without one.
fn print_area_end(book: &calamine::Xlsx<std::io::BufReader<std::fs::File>>) -> u32 {
    use calamine::Reader;
    let (_, area) = book
        .defined_names()
        .iter()
        .find(|(name, formula)| name == "_xlnm.Print_Area" && formula.starts_with("Summary!"))
        .expect("the Summary's print area");
    area.rsplit('$').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{area}"))
}

/// Nine regions, one store each, visited in March 2025 and March 2026 (R1..R9, each 100
/// both years): the block lists the overall and the first eight regions by name, then
/// "and 1 more regions"; the print area takes that line in.
#[test]
fn at_most_eight_regions_on_the_summary() {
    let mut csv = String::from("id,store,region,date,greeted,listened,thanked\n");
    for i in 1..=9 {
        csv.push_str(&format!("A{i},S{i},R{i},2025-03-02,yes,yes,yes\nB{i},S{i},R{i},2026-03-02,yes,yes,yes\n"));
    }
    let s = run(&csv, &[]);
    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "Summary");
    let at = rows.iter().position(|r| text(&r[0]).starts_with("Year to date: ")).expect("the block");
    let names: Vec<String> = rows[at + 3..at + 13].iter().map(|r| text(&r[1])).collect();
    assert_eq!(
        names,
        ["Overall", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "and 1 more regions: see summary.json"]
    );
    // 0-based row at + 12 is the last line, so the area's last row (1-based) is at + 14.
    assert_eq!(print_area_end(&book), at as u32 + 14);
}

/// With `fields.levels: [area]` below the region, each level's units by path: Example 9 with an
/// area column (Leeds and York in their own areas, Bath in Bath area). North's figures
/// are the region's (+27.78); North / Leeds area is Leeds's (+16.67); South / Bath area
/// is new.
#[test]
fn each_level_of_the_org_chart_has_its_year_to_date() {
    let s = Sandbox::new();
    let rubric = RUBRIC.replace("region: region }", "region: region, levels: [area] }");
    s.write("rubric.yaml", rubric.as_bytes());
    let visits: String = VISITS
        .lines()
        .map(|l| match l.split(',').nth(1) {
            Some("store") => format!("{l},area\n"),
            Some(store) => format!("{l},{store} area\n"),
            None => format!("{l}\n"),
        })
        .collect();
    s.write("visits.csv", visits.as_bytes());
    let out = s.run(&["score", "--rubric", "rubric.yaml", "--out", "out", "visits.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let y = &summary_exact(&s)["year_to_date"];
    let levels = y["levels"].as_array().unwrap();
    assert_eq!(levels.iter().map(|l| l["level"].as_str().unwrap()).collect::<Vec<_>>(), ["region", "area"]);
    let north = item(&levels[0]["units"], "unit", "North");
    let (this, last) = (((100.0 + TWO) + (TWO + 100.0)) / 4.0, (TWO + (TWO + ONE)) / 3.0);
    assert_eq!(jnum(&north["change"]), Some(this - last));
    let leeds = item(&levels[1]["units"], "unit", "North / Leeds area");
    assert_eq!(jnum(&leeds["change"]), Some((100.0 + TWO) / 2.0 - (TWO + TWO) / 2.0));
    assert_eq!(item(&levels[1]["units"], "unit", "South / Bath area")["new"], true);

    // The Areas sheet has the Locations sheet's five columns, from the same numbers.
    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "areas");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let at = header.iter().position(|h| h == "Year to date Jan-Mar 2026").expect("the year-to-date columns");
    let five: Vec<&str> = header[at..at + 5].iter().map(String::as_str).collect();
    assert_eq!(
        five,
        [
            "Year to date Jan-Mar 2026",
            "Visits Jan-Mar 2026",
            "Last year Jan-Mar 2025",
            "Visits Jan-Mar 2025",
            "Year to date change"
        ]
    );
    let row = |name: &str| rows.iter().find(|r| text(&r[1]) == name).unwrap_or_else(|| panic!("no row {name}"));
    let leeds = row("Leeds area");
    let got: Vec<Option<f64>> = leeds[at..at + 5].iter().map(num).collect();
    let (this, last) = ((100.0 + TWO) / 2.0, (TWO + TWO) / 2.0);
    assert_eq!(got, [Some(this), Some(2.0), Some(last), Some(2.0), Some(this - last)]);
    let bath = row("Bath area");
    assert_eq!((text(&bath[at + 4]), num(&bath[at + 3])), ("new".to_string(), Some(0.0)));
}

/// The chain-year sample (rubrics/chain-year.yaml, `levels: [Area]` under the region),
/// the South / South West area, worked by hand in docs/scoring.md §19 (Example 10) from
/// the visit scores of visits.csv, each a whole number of 44ths of 100 (of 36ths or
/// 40ths where an answer was n/a). Its one store is Bristol Cabot Circus. Last year
/// (Jan-Oct 2025) only 2025-10 has visits: (22 + 41 + 43 + 39) / 44 = 145 / 44, × 100 / 4
/// = 82.386 over 4 visits. This year (Jan-Oct 2026), 39 visits, the months' sums
/// 139, 142, 114 + 32/36, 163, 144, 166, 120, 115 + 31/36, 82 + 29/40 and 150 (in 44ths
/// unless marked): 1335 / 44 + 32 / 36 + 31 / 36 + 29 / 40 = 32.8159…, × 100 / 39 =
/// 84.143; change +1.757. The program adds the same scores in another order, so the
/// last bits may differ: hence the 1e-9.
#[test]
fn the_chain_year_sample_gives_an_areas_year_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Sandbox::new();
    let rubric = root.join("rubrics/chain-year.yaml");
    let samples = root.join("samples/chain-year");
    let out = s.run(&["score", "--rubric", rubric.to_str().unwrap(), "--out", "out", samples.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let y = &summary_exact(&s)["year_to_date"];
    let areas = &y["levels"].as_array().unwrap()[1];
    assert_eq!(areas["level"], "Area");
    let sw = item(&areas["units"], "unit", "South / South West");
    let this = 100.0 * (1335.0 / 44.0 + 32.0 / 36.0 + 31.0 / 36.0 + 29.0 / 40.0) / 39.0;
    let last = 100.0 * 145.0 / 44.0 / 4.0;
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    let (visits, scored, score) = figure(&sw["this_year"]);
    assert_eq!((visits, scored), (39, 39));
    assert!(close(score, this), "{score:?} against {this}");
    let (visits, scored, score) = figure(&sw["last_year"]);
    assert_eq!((visits, scored), (4, 4));
    assert!(close(score, last), "{score:?} against {last}");
    assert!(close(jnum(&sw["change"]), this - last));
    // About 84.14 against 82.39, as worked above.
    assert!((this - 84.143).abs() < 0.001 && (last - 82.386).abs() < 0.001);
}
