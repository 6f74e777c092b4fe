//! The Excel workbook, read back with calamine: every sheet, the same numbers as
//! visits.csv and summary.json, shopper text kept literally, Excel's limits, and
//! byte-identical reruns.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::owner_summary::tile;
use crate::support::*;

const ALL_SHEETS: [&str; 8] = ["Summary", "Locations", "Sections", "Questions", "Trend", "Visits", "Issues", "About"];
pub(crate) fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one workbook in `out/`.
pub(crate) fn workbook_path(s: &Sandbox) -> PathBuf {
    let books: Vec<String> = listing(&s.path("out")).into_iter().filter(|n| n.ends_with(".xlsx")).collect();
    assert_eq!(books.len(), 1, "{books:?}");
    s.path("out").join(&books[0])
}

/// Every row of a sheet, as calamine reads it.
pub(crate) fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

pub(crate) fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        other => format!("{other:?}"),
    }
}

pub(crate) fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

/// The first row, without the empty cells a wider block below leaves at its end.
fn header(rows: &[Vec<Data>]) -> Vec<String> {
    let mut h: Vec<String> = rows[0].iter().map(text).collect();
    while h.last().is_some_and(String::is_empty) {
        h.pop();
    }
    h
}

/// summary.json with every number kept as its text, so that scores compare to the last
/// digit (serde_json's default float parsing may be one unit in the last place off).
pub(crate) fn summary_exact(s: &Sandbox) -> Value {
    let json = s.read("out/summary.json");
    let mut quoted = String::with_capacity(json.len() * 2);
    let (mut in_string, mut escaped, mut in_number) = (false, false, false);
    for ch in json.chars() {
        if in_number && !(ch.is_ascii_digit() || "+-.eE".contains(ch)) {
            quoted.push('"');
            in_number = false;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
        } else if !in_number && (ch == '-' || ch.is_ascii_digit()) {
            quoted.push('"');
            in_number = true;
        }
        quoted.push(ch);
    }
    serde_json::from_str(&quoted).unwrap()
}

/// A number of [`summary_exact`], read exactly; `None` for null.
pub(crate) fn jnum(v: &Value) -> Option<f64> {
    match v {
        Value::Null => None,
        Value::String(t) => Some(t.parse().unwrap_or_else(|e| panic!("{t}: {e}"))),
        other => panic!("not a number: {other}"),
    }
}

/// The value next to a label in column A (Summary's key figures, About's items).
fn item<'a>(rows: &'a [Vec<Data>], label: &str) -> &'a Data {
    &rows.iter().find(|r| text(&r[0]) == label).unwrap_or_else(|| panic!("no row `{label}`"))[1]
}

fn mini() -> Sandbox {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s
}

#[test]
fn mini_workbook_every_sheet() {
    let s = mini();
    let path = workbook_path(&s);
    assert_eq!(path.file_name().unwrap(), "mini-2026-09_2026-10.xlsx");
    let mut book = open(&path);
    assert_eq!(book.sheet_names(), ALL_SHEETS);
    let json = summary_exact(&s);

    // Summary: the focus month (its figures are checked in owner_summary.rs); the window's
    // score, labelled with the window, is summary.json's overall score.
    let summary = sheet(&mut book, "Summary");
    assert_eq!(text(&summary[0][0]), "Mini 1: October 2026 (2026-10)");
    assert_eq!(num(&tile(&summary, "Score Sep-Oct 2026").0), jnum(&json["overall"]["score"]));
    let labels: Vec<String> = summary.iter().map(|r| text(&r[0])).collect();
    for block in ["Stores below target (80), 2026-10", "Best stores, 2026-10", "Worst stores, 2026-10"] {
        assert!(labels.iter().any(|l| l == block), "{block}: {labels:?}");
    }

    // Locations, ranked on October, the focus month (Leeds has visits in September only).
    // V1 Leeds 100, V2 Leeds (0 + 0.5 + 0) / 4 = 12.5, V3 York 2 / 3 (q2 N/A) = 66.67.
    let locations = sheet(&mut book, "Locations");
    assert_eq!(
        header(&locations),
        [
            "Rank",
            "Location",
            "Region",
            "Visits 2026-10",
            "Score 2026-10",
            "Target status 2026-10",
            "Grade 2026-10",
            "Score 2026-09",
            "Change since 2026-09",
            "Trend",
            "Score Sep-Oct 2026",
            "Critical failure visits 2026-10",
            "Target",
            "Monthly trend",
            "95% interval low 2026-10",
            "95% interval high 2026-10",
            "Small sample 2026-10 (< 3 scored visits)"
        ]
    );
    assert_eq!(locations.len(), 3);
    let york = &locations[1];
    assert_eq!((num(&york[0]), text(&york[1]), num(&york[3])), (Some(1.0), "York".into(), Some(1.0)));
    assert_eq!(num(&york[4]), Some(200.0 / 3.0));
    assert_eq!((text(&york[5]), text(&york[6])), ("under target".into(), "Poor".into()), "66.7 < 80 - 5");
    assert_eq!((&york[7], &york[8], text(&york[9])), (&Data::Empty, &Data::Empty, String::new()), "no September");
    assert_eq!(num(&york[10]), Some(200.0 / 3.0));
    assert_eq!((num(&york[12]), text(&york[16])), (Some(80.0), "yes".into()));
    // Leeds: no October visit, so not ranked and no October figures (its status says "no
    // visit" under the header naming October); its September and window score
    // (100 + 12.5) / 2 = 56.25 are shown under their labels.
    let leeds = &locations[2];
    assert_eq!((&leeds[0], text(&leeds[1]), &leeds[3]), (&Data::Empty, "Leeds".into(), &Data::Empty));
    assert_eq!((&leeds[4], text(&leeds[5]), text(&leeds[6])), (&Data::Empty, "no visit".into(), String::new()));
    assert_eq!((num(&leeds[7]), &leeds[8], num(&leeds[10])), (Some(56.25), &Data::Empty, Some(56.25)));
    let window = json["locations"].as_array().unwrap();
    let leeds_json = window.iter().find(|l| l["location"] == "Leeds").unwrap();
    assert_eq!(num(&leeds[10]), jnum(&leeds_json["score"]), "the window's score is summary.json's");

    // Sections: October's location rows and overall row (no region data: no region rows),
    // then the whole window's. York in October: welcome q1 2 / 2 (q2 N/A) = 100, close 0.
    let sections = sheet(&mut book, "Sections");
    assert_eq!(
        header(&sections),
        ["Level", "Name", "Region", "Visits 2026-10", "Score 2026-10", "welcome 2026-10", "close 2026-10"]
    );
    let levels: Vec<String> = sections[1..4].iter().map(|r| text(&r[0])).collect();
    assert_eq!(levels, ["Location", "Location", "Overall"], "no region data: no region rows");
    let october = &sections[3];
    assert_eq!((num(&october[3]), num(&october[4])), (Some(1.0), Some(200.0 / 3.0)));
    assert_eq!((num(&october[5]), num(&october[6])), (Some(100.0), Some(0.0)));
    assert_eq!(text(&sections[5][0]), "The whole window, Sep-Oct 2026");
    assert_eq!(
        sections[6].iter().take(7).map(text).collect::<Vec<_>>(),
        [
            "Level",
            "Name",
            "Region",
            "Visits Sep-Oct 2026",
            "Score Sep-Oct 2026",
            "welcome Sep-Oct 2026",
            "close Sep-Oct 2026"
        ]
    );
    let overall = sections.iter().rfind(|r| text(&r[0]) == "Overall").unwrap();
    assert_eq!(num(&overall[3]), Some(3.0));
    for (i, sec) in json["sections"].as_array().unwrap().iter().enumerate() {
        assert_eq!(num(&overall[5 + i]), jnum(&sec["score"]));
    }

    // Questions: October's pass rates, weakest first, September's and the change beside.
    // October (V3): q1 yes 100, q2 N/A, q3 no 0. September: q1 1 of 2 = 50, q2 (1 + 0.5) /
    // 2 = 75, q3 50. The window: q1 100 × 2 / 3 (the mean of f, times 100), q2 75, q3 100 × 1 / 3.
    let questions = sheet(&mut book, "Questions");
    assert_eq!(
        header(&questions)[..10],
        [
            "Question",
            "Section",
            "Text",
            "Type",
            "Points",
            "Critical",
            "Bonus",
            "Pass rate 2026-10 (%)",
            "Pass rate 2026-09 (%)",
            "Change since 2026-09"
        ]
    );
    assert_eq!(
        header(&questions)[10..],
        [
            "Scored 2026-10",
            "Failed 2026-10",
            "N/A 2026-10",
            "Missing 2026-10",
            "Invalid 2026-10",
            "Pass rate Sep-Oct 2026 (%)",
            "Column"
        ]
    );
    let rows: Vec<(String, [Option<f64>; 5])> =
        questions[1..4].iter().map(|r| (text(&r[0]), [7, 8, 9, 12, 15].map(|c| num(&r[c])))).collect();
    assert_eq!(
        rows,
        [
            ("q3".into(), [Some(0.0), Some(50.0), Some(-50.0), Some(0.0), Some(100.0 * (1.0 / 3.0))]),
            ("q1".into(), [Some(100.0), Some(50.0), Some(50.0), Some(0.0), Some(100.0 * (2.0 / 3.0))]),
            ("q2".into(), [None, Some(75.0), None, Some(1.0), Some(75.0)]),
        ]
    );
    assert_eq!(
        questions[1][10..12].iter().map(num).collect::<Vec<_>>(),
        [Some(1.0), Some(1.0)],
        "q3: 1 scored, 1 failed"
    );

    // Trend: one row per location and the overall row; overall per period = summary.json.
    let trend = sheet(&mut book, "Trend");
    assert_eq!(header(&trend)[..4], ["Location", "Region", "2026-09", "2026-10"]);
    let overall = trend.iter().find(|r| text(&r[0]) == "Overall").unwrap();
    for (i, p) in json["periods"].as_array().unwrap().iter().enumerate() {
        assert_eq!(num(&overall[2 + i]), jnum(&p["score"]));
    }

    // Visits: scores equal visits.csv's, raw answers and comments as written.
    let visits = sheet(&mut book, "Visits");
    assert_eq!(
        header(&visits),
        [
            "File",
            "Line",
            "Visit ID",
            "Date",
            "Period",
            "Location",
            "Region",
            "Shopper",
            "Channel",
            "Score",
            "Grade",
            "Critical failures",
            "welcome",
            "close",
            "Q1 Greeted",
            "Q2 Smile",
            "Q3 Thanks",
            "Q3 comment"
        ]
    );
    let csv = s.rows("visits.csv");
    assert_eq!(visits.len() - 1, csv.len());
    for (row, c) in visits[1..].iter().zip(&csv) {
        assert_eq!(text(&row[0]), c[0]);
        assert_eq!(num(&row[1]), c[1].parse().ok());
        assert_eq!(text(&row[2]), c[2]);
        assert_eq!(text(&row[5]), c[3]);
        assert_eq!(text(&row[4]), c[5]);
        assert_eq!(num(&row[9]), c[6].parse::<f64>().ok(), "score of {}", c[2]);
        assert_eq!(text(&row[10]), c[7]);
        assert_eq!(num(&row[11]), c[8].parse().ok());
        assert_eq!(num(&row[12]), c[9].parse::<f64>().ok());
        assert_eq!(num(&row[13]), c[10].parse::<f64>().ok());
    }
    let answers: Vec<Vec<String>> = visits[1..].iter().map(|r| r[14..].iter().map(text).collect()).collect();
    assert_eq!(answers, [["yes", "5", "yes", ""], ["no", "3", "no", "Rushed, no thanks"], ["yes", "N/A", "no", ""]]);
    assert_eq!(visits[1][14], Data::String("yes".into()), "answers are text, as written");

    // Issues: exactly issues.csv, headed as the Visits sheet heads the same columns.
    let issues = sheet(&mut book, "Issues");
    assert_eq!(
        header(&issues),
        ["File", "Line", "Visit ID", "Location", "Shopper", "Kind", "Column", "Value", "Problem"]
    );
    let rows: Vec<Vec<String>> = issues[1..].iter().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows, s.rows("issues.csv"));

    // About: the rubric's and the input's SHA-256 and the settings.
    let about = sheet(&mut book, "About");
    assert_eq!(header(&about), ["Item", "Value"]);
    assert_eq!(text(item(&about, "Tool")), format!("shopscore {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(text(item(&about, "Rubric SHA-256")), sha256(MINI.as_bytes()));
    assert_eq!(text(item(&about, "m.csv")), sha256(MINI_CSV.as_bytes()));
    let input = about.iter().find(|r| text(&r[0]) == "m.csv").unwrap();
    assert_eq!((num(&input[2]), num(&input[3])), (Some(3.0), Some(3.0)));
    assert_eq!(text(item(&about, "out")), "out");
    assert!(about.iter().any(|r| text(&r[1]).starts_with("A section's score is 100 ×")));

    // Visits and Issues are Excel tables (with filters).
    book.load_tables().unwrap();
    assert_eq!(book.table_names_in_sheet("Visits"), ["Visits"]);
    assert_eq!(book.table_names_in_sheet("Issues"), ["Issues"]);
    // Native charts: Summary's location scores, Questions' pass rates, Trend's lines.
    let zip = std::fs::read(&path).unwrap();
    for part in ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"] {
        assert!(zip.windows(part.len()).any(|w| w == part.as_bytes()), "{part}");
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn one_location_one_period_has_no_trend() {
    let s = Sandbox::new();
    let csv: String = MINI_CSV.lines().take(3).map(|l| format!("{l}\n")).collect();
    s.write("m.csv", csv.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let path = workbook_path(&s);
    assert_eq!(path.file_name().unwrap(), "mini-2026-09.xlsx");
    let mut book = open(&path);
    let names: Vec<&str> = ALL_SHEETS.iter().copied().filter(|n| *n != "Trend").collect();
    assert_eq!(book.sheet_names(), names);
    let locations = sheet(&mut book, "Locations");
    assert_eq!(
        header(&locations),
        [
            "Rank",
            "Location",
            "Region",
            "Visits 2026-09",
            "Score 2026-09",
            "Target status 2026-09",
            "Grade 2026-09",
            "Critical failure visits 2026-09",
            "Target",
            "95% interval low 2026-09",
            "95% interval high 2026-09",
            "Small sample 2026-09 (< 3 scored visits)"
        ]
    );
    assert_eq!(locations.len(), 2);
    // Leeds: 100 and 12.5 (2 visits): an interval, and a small sample, as in summary.json.
    let json = summary_exact(&s);
    assert_eq!(num(&locations[1][9]), jnum(&json["locations"][0]["ci95"][0]));
    assert_eq!(num(&locations[1][10]), jnum(&json["locations"][0]["ci95"][1]));
    assert_eq!(text(&locations[1][11]), "yes");
    assert_eq!(num(&locations[1][4]), jnum(&summary_exact(&s)["locations"][0]["score"]));
}

#[test]
fn no_valid_answer_and_no_valid_date() {
    let s = Sandbox::new();
    let csv = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Leeds,someday,,N/A,maybe,
V2,York,2026-13-45,n/a,7,,
";
    s.write("m.csv", csv.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let path = workbook_path(&s);
    assert_eq!(path.file_name().unwrap(), "mini.xlsx", "no valid period: the rubric's name only");
    let mut book = open(&path);
    let names: Vec<&str> = ALL_SHEETS.iter().copied().filter(|n| *n != "Trend").collect();
    assert_eq!(book.sheet_names(), names);
    let summary = sheet(&mut book, "Summary");
    let (score, _, _) = tile(&summary, "Score (all visits)");
    assert_eq!(text(&score), "no score");
    let (visits, _, note) = tile(&summary, "Visits (all visits)");
    assert_eq!((num(&visits), note.as_str()), (Some(2.0), "0 with a score"));
    let locations = sheet(&mut book, "Locations");
    assert!(locations[1..].iter().all(|r| r[4] == Data::Empty && text(&r[5]).is_empty()));
    let questions = sheet(&mut book, "Questions");
    assert_eq!(header(&questions)[7], "Pass rate (%)", "no dated visit: no period to name");
    assert!(questions[1..].iter().all(|r| r[7] == Data::Empty));
    let visits = sheet(&mut book, "Visits");
    assert_eq!(visits.len(), 3);
    assert!(visits[1..].iter().all(|r| r[9] == Data::Empty && text(&r[4]) == "unknown"));
    let about = sheet(&mut book, "About");
    assert!(text(item(&about, "Document date")).starts_with("2000-01-01"));
}

#[test]
fn formula_looking_text_stays_text() {
    let s = Sandbox::new();
    let tricky = ["=HYPERLINK(\"http://x\")", "+1 great", "-1 slow", "@SUM(A1)", "_x0041_ literal"];
    let mut csv = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for (i, t) in tricky.iter().enumerate() {
        let quoted = t.replace('"', "\"\"");
        csv.push_str(&format!("\"{quoted}\",\"{quoted}\",2026-09-0{},\"{quoted}\",5,no,\"{quoted}\"\n", i + 1));
    }
    s.write("m.csv", csv.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let mut book = open(&workbook_path(&s));
    let visits = sheet(&mut book, "Visits");
    for (row, t) in visits[1..].iter().zip(tricky) {
        for col in [2, 5, 14, 17] {
            assert_eq!(row[col], Data::String(t.to_string()), "column {col}");
        }
    }
    let locations = sheet(&mut book, "Locations");
    let mut names: Vec<String> = locations[1..].iter().map(|r| text(&r[1])).collect();
    names.sort();
    let mut expected = tricky.map(String::from).to_vec();
    expected.sort();
    assert_eq!(names, expected);
    for name in ["Visits", "Locations", "Issues", "Sections", "Trend", "Summary"] {
        if let Ok(formulas) = book.worksheet_formula(name) {
            assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{name} has a formula");
        }
    }
}

#[test]
fn long_comment_is_cut_to_excels_limit() {
    let s = Sandbox::new();
    let long = "é".repeat(40_000);
    s.write("m.csv", MINI_CSV.replace("\"Rushed, no thanks\"", &long).as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let mut book = open(&workbook_path(&s));
    let visits = sheet(&mut book, "Visits");
    assert_eq!(text(&visits[2][17]), "é".repeat(32_767));
    assert_eq!(num(&visits[2][9]), Some(12.5), "scored from the whole cell");
}

#[test]
fn reruns_are_byte_identical() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let run = |env: &[(&str, &str)]| {
        let out = s.run_env(env, &["score", "--rubric", "mini.yaml", "--out", "out", "m.csv"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        std::fs::read(workbook_path(&s)).unwrap()
    };
    let first = run(&[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(first == run(&[]), "same inputs, same bytes");
    let epoch = run(&[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert!(epoch != first, "SOURCE_DATE_EPOCH sets the document date");
    assert!(epoch == run(&[("SOURCE_DATE_EPOCH", "1767225600")]));
    let about = sheet(&mut open(&workbook_path(&s)), "About");
    assert_eq!(text(item(&about, "Document date")), "2026-01-01 00:00:00 UTC (SOURCE_DATE_EPOCH)");
}

#[test]
fn no_xlsx_writes_none_and_xlsx_name_renames() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    assert_eq!(code(&s.score(&["m.csv", "--no-xlsx"])), 0);
    assert!(listing(&s.path("out")).iter().all(|n| !n.ends_with(".xlsx")), "{:?}", listing(&s.path("out")));
    assert_eq!(code(&s.score(&["m.csv", "--xlsx-name", "Board pack.xlsx"])), 0);
    let books: Vec<String> = listing(&s.path("out")).into_iter().filter(|n| n.ends_with(".xlsx")).collect();
    assert_eq!(books, ["Board pack.xlsx"]);
    assert_eq!(open(&s.path("out/Board pack.xlsx")).sheet_names(), ALL_SHEETS);
}

#[test]
fn retail_samples_workbook() {
    let repo = |p: &str| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p).display().to_string();
    let s = Sandbox::new();
    let files = ["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"].map(repo);
    let rubric = repo("rubrics/retail-visit.yaml");
    let mut args = vec!["score", "--rubric", &rubric, "--out", "out"];
    args.extend(files.iter().map(String::as_str));
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = workbook_path(&s);
    assert_eq!(path.file_name().unwrap(), "retail-store-visit-2026-08_2026-10.xlsx");
    let mut book = open(&path);
    let sheets = [
        "Summary",
        "Alerts",
        "Actions",
        "Locations",
        "Sections",
        "Questions",
        "Trend",
        "Shoppers",
        "Visits",
        "Issues",
        "Issues by shopper",
        "About",
    ];
    assert_eq!(book.sheet_names(), sheets);
    let json = summary_exact(&s);
    let locations = sheet(&mut book, "Locations");
    let expected = json["locations"].as_array().unwrap();
    assert_eq!(locations.len() - 1, expected.len());
    let changes = json["comparison"]["locations"].as_array().unwrap();
    assert_eq!(header(&locations)[4], "Score 2026-10");
    let mut focus_scores = Vec::new();
    for row in &locations[1..] {
        let name = text(&row[1]);
        let loc = expected.iter().find(|l| l["location"] == name.as_str()).unwrap();
        assert_eq!(text(&row[2]), loc["region"].as_str().unwrap());
        // The focus month's score, the previous month's, the change and the trend are
        // summary.json's comparison, to the last digit; the window's score is its score.
        let c = changes.iter().find(|c| c["key"] == name.as_str()).unwrap();
        assert_eq!(num(&row[4]), jnum(&c["latest"]), "{name}");
        assert_eq!(num(&row[7]), jnum(&c["previous"]), "{name}");
        assert_eq!(num(&row[8]), jnum(&c["change"]), "{name}");
        assert_eq!(text(&row[9]), c["trend"].as_str().unwrap_or(""), "{name}");
        assert_eq!(num(&row[10]), jnum(&loc["score"]), "{name}");
        focus_scores.extend(num(&row[4]));
    }
    assert!(focus_scores.windows(2).all(|w| w[0] >= w[1]), "ranked on 2026-10: {focus_scores:?}");
    let trend = sheet(&mut book, "Trend");
    assert_eq!(header(&trend)[2..], ["2026-08", "2026-09", "2026-10"], "unknown is left out");
    let visits = sheet(&mut book, "Visits");
    let csv = s.rows("visits.csv");
    assert_eq!(visits.len() - 1, csv.len());
    for (row, c) in visits[1..].iter().zip(&csv) {
        assert_eq!((text(&row[2]), num(&row[9])), (c[2].clone(), c[6].parse::<f64>().ok()));
    }
    let issues = sheet(&mut book, "Issues");
    assert_eq!(issues.len() - 1, s.rows("issues.csv").len());
    let sections = sheet(&mut book, "Sections");
    let october = sections[1..].iter().take_while(|r| !text(&r[0]).is_empty()).count();
    assert_eq!(october, expected.len() + 3 + 1, "locations, 3 regions, overall");
    let questions = sheet(&mut book, "Questions");
    let listed = questions[1..].iter().take_while(|r| !text(&r[0]).is_empty()).count();
    assert_eq!(listed, json["questions"].as_array().unwrap().len());
    // Weakest first, the one bonus question (memorable_gesture) last whatever its rate.
    let rates: Vec<f64> = questions[1..listed].iter().filter_map(|r| num(&r[7])).collect();
    assert!(rates.windows(2).all(|w| w[0] <= w[1]), "weakest first: {rates:?}");
    assert_eq!(
        (text(&questions[listed][0]), text(&questions[listed][6])),
        ("memorable_gesture".into(), "bonus".into())
    );
    let summary = sheet(&mut book, "Summary");
    let at = |col: usize, label: &str| summary.iter().position(|r| text(&r[col]) == label).unwrap() + 2;
    let column =
        |from: usize, n: usize, col: usize| summary[from..from + n].iter().map(|r| text(&r[col])).collect::<Vec<_>>();
    assert_eq!(column(at(0, "Best stores, 2026-10"), 3, 0), ["1", "2", "3"]);
    assert_eq!(column(at(0, "Worst stores, 2026-10"), 3, 0), ["12", "11", "10"]);
    // The weakest three behaviours are the lowest October pass rates of summary.json's
    // comparison, bonus questions left out.
    let bonus: Vec<&str> = json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["bonus"] == Value::Bool(true))
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let mut october: Vec<(f64, String)> = json["comparison"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| !bonus.contains(&q["key"].as_str().unwrap()))
        .filter_map(|q| Some((jnum(&q["latest"])?, q["key"].as_str().unwrap().to_string())))
        .collect();
    october.sort_by(|a, b| a.0.total_cmp(&b.0));
    let shown = column(at(0, "Fix first: weakest behaviours, 2026-10"), 3, 9);
    let expected: Vec<String> = october.iter().take(3).map(|(_, id)| id.clone()).collect();
    assert_eq!(shown, expected);
    let about = sheet(&mut book, "About");
    for f in &files {
        let row = about.iter().find(|r| text(&r[0]) == *f).unwrap_or_else(|| panic!("{f} on About"));
        assert_eq!(text(&row[1]), sha256(&std::fs::read(f).unwrap()));
    }
}

/// 1,048,577 visits: one more than a sheet holds below its header, so the last two continue
/// on `Visits (2)`. Slow (a 1M-row workbook); run by the benchmark script:
/// `cargo test --release --test cli xlsx::visits_continue -- --ignored`.
#[test]
#[ignore]
fn visits_continue_on_a_second_sheet() {
    let s = Sandbox::new();
    s.write(
        "one.yaml",
        b"name: One\nfields: { visit_id: id, location: store, date: date }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n",
    );
    let n = 1_048_577;
    let mut csv = String::with_capacity(n * 32);
    csv.push_str("id,store,date,q\n");
    for i in 1..=n {
        csv.push_str(&format!("V{i},S{},2026-09-01,{}\n", i % 50, if i % 3 == 0 { "no" } else { "yes" }));
    }
    s.write("big.csv", csv.as_bytes());
    drop(csv);
    let out = s.run(&["score", "--quiet", "--rubric", "one.yaml", "--out", "out", "big.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let mut book = open(&workbook_path(&s));
    let names = book.sheet_names();
    // Each store fails q in a third of its visits: an Actions sheet too.
    assert_eq!(
        names,
        ["Summary", "Actions", "Locations", "Sections", "Questions", "Visits", "Visits (2)", "Issues", "About"]
    );
    let second = sheet(&mut book, "Visits (2)");
    assert_eq!(header(&second)[..3], ["File", "Line", "Visit ID"]);
    let ids: Vec<String> = second[1..].iter().map(|r| text(&r[2])).collect();
    assert_eq!(ids, ["V1048576", "V1048577"]);
    assert_eq!(num(&second[2][9]), Some(100.0));
    // The first sheet is full: its last row is Excel's last row, visit 1,048,575.
    let mut reader = book.worksheet_cells_reader("Visits").unwrap();
    let (mut last_row, mut last_id) = (0, String::new());
    while let Some(cell) = reader.next_cell().unwrap() {
        let (r, c) = cell.get_position();
        if c == 2 {
            last_row = r;
            last_id = format!("{:?}", cell.get_value());
        }
    }
    assert_eq!((last_row, last_id.as_str()), (1_048_575, "String(\"V1048575\")"));
}

/// `--period`: the workbook is named and labelled by the month being scored, not by the
/// months read to compare with.
#[test]
fn period_workbook_is_named_by_the_scored_month() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv", "--period", "2026-10", "--charts", "none"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = workbook_path(&s);
    assert_eq!(path.file_name().unwrap(), "mini-2026-10.xlsx");
    let mut book = open(&path);
    let summary = sheet(&mut book, "Summary");
    assert_eq!(text(&summary[0][0]), "Mini 1: October 2026 (2026-10)");
    assert!(summary[3].iter().all(|d| !text(d).starts_with("Score S")), "--period: no window tile");
    let about = sheet(&mut book, "About");
    assert!(about.iter().any(|r| text(&r[0]) == "period" && text(&r[1]) == "2026-10"), "About lists --period");
}

/// The streamed sheets keep their temporary files in the output folder, not in the
/// system's temp folder (which may be small, or, here, missing).
#[test]
fn workbook_temporary_files_stay_in_the_output_folder() {
    let s = Sandbox::new();
    let mut csv = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for i in 0..40_000 {
        csv.push_str(&format!("V{i},S{},2026-09-03,yes,4,yes,\n", i % 7));
    }
    s.write("big.csv", csv.as_bytes());
    let args = ["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none", "--per-location", "big.csv"];
    let out = s.run_env(&[("TMPDIR", "/nonexistent/shopscore-test")], &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(workbook_path(&s).exists());
    let left: Vec<String> = listing(&s.path("out")).into_iter().filter(|n| n.starts_with(".shopscore-tmp")).collect();
    assert!(left.is_empty(), "{left:?}");
}
