//! The workbook's Summary sheet as an owner reads it, read back with calamine: headline
//! tiles for the focus month with their change since the previous month, the stores below
//! target, aligned best/worst tables, the weakest non-bonus behaviours, critical failures
//! and one native ranking chart that draws the target.

use calamine::Data;

use crate::support::*;
use crate::xlsx::{num, open, sheet, text, workbook_path};

/// The cell at (row, col), empty past the end of a short row.
fn at(rows: &[Vec<Data>], r: usize, c: usize) -> Data {
    rows.get(r).and_then(|row| row.get(c)).cloned().unwrap_or(Data::Empty)
}

/// A headline tile by its label: (figure, change, note), the three cells below the label.
pub(crate) fn tile(rows: &[Vec<Data>], label: &str) -> (Data, Data, String) {
    for (r, row) in rows.iter().enumerate() {
        if let Some(c) = row.iter().position(|d| text(d) == label) {
            return (at(rows, r + 1, c), at(rows, r + 2, c), text(&at(rows, r + 3, c)));
        }
    }
    panic!("no tile `{label}`: {:?}", rows.iter().take(8).collect::<Vec<_>>());
}

/// The rows of a block under its title (at column `c`), from the header row down to the
/// first row whose cell at `c` is empty.
fn block(rows: &[Vec<Data>], c: usize, title: &str) -> Vec<Vec<String>> {
    let start = rows.iter().position(|r| r.get(c).is_some_and(|d| text(d) == title));
    let start = start.unwrap_or_else(|| panic!("no block `{title}`"));
    rows[start + 1..]
        .iter()
        .take_while(|r| r.get(c).is_some_and(|d| *d != Data::Empty) || r.get(c + 1).is_some_and(|d| *d != Data::Empty))
        .map(|r| r[c.min(r.len())..].iter().map(text).collect())
        .collect()
}

fn close(d: &Data, expected: f64) {
    let v = num(d).unwrap_or_else(|| panic!("no number, expected {expected}"));
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

/// MINI_CSV: Leeds's two visits in 2026-09 score 100 and 12.5 (q1 no: 0 of 2 points, q2 3
/// on 1-5: 0.5 of 1, q3 no: 0 of 1; 0.5 / 4 = 12.5); York's one visit in 2026-10 scores
/// 2 / 3 = 66.67 (q2 N/A leaves 3 possible points). The focus is 2026-10: York alone.
#[test]
fn mini_summary_is_about_the_focus_month() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv", "--charts", "none"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "Summary");
    assert_eq!(text(&rows[0][0]), "Mini 1: October 2026 (2026-10)");
    assert!(text(&rows[1][0]).contains("changes are against 2026-09"), "{:?}", rows[1]);

    // Score: 200/3; September (100 + 12.5) / 2 = 56.25; change 200/3 - 56.25 = 10.4167.
    // 66.67 is 13.3 below the target of 80: under target.
    let (score, change, note) = tile(&rows, "Score 2026-10");
    close(&score, 200.0 / 3.0);
    close(&change, 200.0 / 3.0 - 56.25);
    assert_eq!(note, "under target (80)");
    let (grade, before, _) = tile(&rows, "Grade 2026-10");
    assert_eq!((text(&grade), text(&before)), ("Poor".to_string(), "Poor in 2026-09".to_string()));
    // Visits: 1 in October, 2 in September: -1.
    let (visits, change, note) = tile(&rows, "Visits 2026-10");
    assert_eq!((num(&visits), num(&change), note.as_str()), (Some(1.0), Some(-1.0), "1 with a score"));
    let (critical, change, _) = tile(&rows, "Visits with a critical failure 2026-10");
    assert_eq!((num(&critical), num(&change)), (Some(0.0), Some(0.0)));
    // Below target: York now (1); Leeds in September (56.25 < 80): 1 then, no change.
    let (below, change, note) = tile(&rows, "Stores below target 2026-10");
    assert_eq!((num(&below), num(&change), note.as_str()), (Some(1.0), Some(0.0), "1 under, 0 near, of 1"));
    // The window, Sep-Oct, labelled apart: (100 + 12.5 + 200/3) / 3 = 59.72.
    let (window, _, note) = tile(&rows, "Score Sep-Oct 2026");
    close(&window, (100.0 + 12.5 + 200.0 / 3.0) / 3.0);
    assert_eq!(note, "visits: 3");

    // The store tables share one header; York has no September visit, so no change.
    let below = block(&rows, 0, "Stores below target (80), 2026-10");
    assert_eq!(below[0][..6], ["Rank", "Store", "Score\n2026-10", "Grade", "Against target", "Change vs\n2026-09"]);
    assert_eq!(below[1][..5], ["1", "York", &(200.0f64 / 3.0).to_string(), "Poor", "under target"]);
    assert_eq!(below.len(), 2);
    let best = block(&rows, 0, "Best stores, 2026-10");
    assert_eq!(best[0][..6], below[0][..6], "the tables align");
    assert_eq!(best[1][..2], ["1", "York"]);
    assert_eq!(best.len(), 2, "Leeds has no October score: not ranked");
    let worst = block(&rows, 0, "Worst stores, 2026-10");
    assert_eq!(worst[0][..6], below[0][..6]);
    assert_eq!(worst[1][1], "(every store with a score is listed above)");

    // Weakest in October (York's visit): q3 failed (0%), q1 passed (100%); q2 was N/A.
    // Columns: #, behaviour (B-I), question (J-K), pass rate (L), change (M).
    let weakest = block(&rows, 0, "Fix first: weakest behaviours, 2026-10");
    assert_eq!([&weakest[0][1], &weakest[0][9], &weakest[0][11]], ["Behaviour", "Question", "Pass rate\n2026-10 (%)"]);
    let listed: Vec<[&str; 4]> =
        weakest[1..].iter().map(|r| [r[0].as_str(), r[1].as_str(), r[9].as_str(), r[11].as_str()]).collect();
    assert_eq!(listed, [["1", "q3", "q3", "0"], ["2", "q1", "q1", "100"]], "q3 has no text: its id stands in");
    let critical = rows.iter().flatten().any(|d| text(d) == "No visit had a critical failure in 2026-10.");
    assert!(critical);
}

/// One month, a bonus question nobody earned: it is never a weakness.
/// Questions a-d (1 point each) and x (bonus). V1 (S1): a, b, d yes, c no: 3/4 = 75.
/// V2 (S2): a, d yes, b, c no: 2/4 = 50. Pass rates: a 100, b 50, c 0, d 100.
#[test]
fn bonus_questions_are_never_weakest_and_one_month_has_no_window_tile() {
    let s = Sandbox::new();
    s.write(
        "b.yaml",
        br#"name: Bonus
target: 80
grades:
  - { name: Good, min: 80 }
  - { name: Poor, min: 0 }
fields: { visit_id: id, location: store, date: date }
sections:
  - id: s
    questions:
      - { id: a, type: yes_no }
      - { id: b, type: yes_no }
      - { id: c, type: yes_no }
      - { id: d, type: yes_no }
      - { id: x, type: yes_no, bonus: true }
"#,
    );
    s.write(
        "b.csv",
        b"id,store,date,a,b,c,d,x\nV1,S1,2026-10-01,yes,yes,no,yes,no\nV2,S2,2026-10-02,yes,no,no,yes,no\n",
    );
    let out = s.run(&["score", "--rubric", "b.yaml", "--out", "out", "--charts", "none", "b.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "Summary");
    let weakest = block(&rows, 0, "Fix first: weakest behaviours, 2026-10");
    let ids: Vec<(&str, &str)> = weakest[1..].iter().map(|r| (r[9].as_str(), r[11].as_str())).collect();
    assert_eq!(ids, [("c", "0"), ("b", "50"), ("a", "100")], "x is a bonus; a and d tie, rubric order");
    // (75 + 50) / 2 = 62.5; one month: no previous month, no window tile.
    let (score, change, note) = tile(&rows, "Score 2026-10");
    close(&score, 62.5);
    assert_eq!((text(&change), note.as_str()), ("no previous month".to_string(), "under target (80)"));
    let labels: Vec<String> = rows[3].iter().map(text).filter(|t| t.starts_with("Score")).collect();
    assert_eq!(labels, ["Score 2026-10"]);
    // 75 is exactly 5 below 80: under, not near (near is less than 5 below).
    let below = block(&rows, 0, "Stores below target (80), 2026-10");
    let listed: Vec<(&str, &str)> = below[1..].iter().map(|r| (r[1].as_str(), r[4].as_str())).collect();
    assert_eq!(listed, [("S2", "under target"), ("S1", "under target")], "worst first");
}

/// The Summary holds one chart (native, no picture), and it draws the target and the three
/// statuses in the palette's colours, with their words as series names.
#[test]
fn summary_has_one_native_chart_with_the_target() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    let path = workbook_path(&s);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(!names.iter().any(|n| n.starts_with("xl/media/")), "no embedded picture: {names:?}");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/drawings/drawing1.xml").unwrap(), &mut xml).unwrap();
    assert_eq!(xml.matches("<c:chart ").count(), 1, "one chart on the Summary");
    let mut chart = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/charts/chart1.xml").unwrap(), &mut chart).unwrap();
    for word in ["on target", "near target", "under target", "Target (80)"] {
        assert!(chart.contains(word), "{word}");
    }
    for colour in ["4393C3", "FDDB6D", "D6604D"] {
        assert!(chart.contains(colour), "{colour}");
    }
    assert!(chart.contains("<c:lineChart>"), "the target is a line");
}

/// Without a target: no status words; the chart's bars are the grade bands (their names in
/// the legend) and the stores tile counts the stores with a score.
#[test]
fn without_a_target_the_chart_shows_grade_bands() {
    let s = Sandbox::new();
    s.write("nt.yaml", MINI.replace("target: 80\n", "").as_bytes());
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "nt.yaml", "--out", "out", "--charts", "none", "m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = workbook_path(&s);
    let rows = sheet(&mut open(&path), "Summary");
    // York, the one store with an October visit.
    let (stores, _, _) = tile(&rows, "Stores with a score 2026-10");
    assert_eq!(num(&stores), Some(1.0));
    let (_, _, note) = tile(&rows, "Score 2026-10");
    assert_eq!(note, "scored visits: 1");
    for word in ["on target", "near target", "under target", "Against target"] {
        assert!(!rows.iter().flatten().any(|d| text(d) == word), "no target, no {word:?}");
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut chart = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/charts/chart1.xml").unwrap(), &mut chart).unwrap();
    assert!(chart.contains("<c:v>Good</c:v>") && chart.contains("<c:v>Poor</c:v>"), "{chart}");
    assert!(!chart.contains("<c:lineChart>"), "no target line");
}
