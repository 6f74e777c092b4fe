//! What the headline figures leave out, said where an owner reads them: the Summary's line
//! on visits read but not scored, the data issues and the stores with no visit; and a
//! window whose totals count visits of no readable date is labelled `+ undated`.

use crate::support::*;
use crate::xlsx::{num, open, sheet, text, workbook_path};

/// The Summary sheet of `csv` scored with `extra` (and no charts).
fn summary_of(csv: &str, extra: &[&str]) -> Vec<Vec<calamine::Data>> {
    let s = Sandbox::new();
    s.write("m.csv", format!("{HEADER}{csv}").as_bytes());
    let mut args = vec!["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none"];
    args.extend_from_slice(extra);
    args.push("m.csv");
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    sheet(&mut open(&workbook_path(&s)), "Summary")
}

const HEADER: &str = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n";

/// Under `--period 2026-10`: V1 York 2026-10-01 scored (100); V2 York `2026-13-01` cannot
/// be read, so it is not scored (a `bad_date` issue); V3 York 2026-11-02 is after the
/// period (an `outside_period` issue); V4 Leeds 2026-09-03 is read to compare with only.
/// 2 data issues, 2 visits not scored, Leeds unvisited in October.
#[test]
fn the_summary_says_which_visits_are_in_no_figure() {
    let october = ["--period", "2026-10"];
    let csv = "V1,York,2026-10-01,yes,5,yes,
V2,York,2026-13-01,no,1,no,
V3,York,2026-11-02,no,1,no,
V4,Leeds,2026-09-03,yes,5,yes,
";
    let rows = summary_of(csv, &october);
    assert_eq!(
        text(&rows[2][0]),
        "2 visits not scored (1: date unreadable, so not placed in 2026-10; 1: dated after 2026-10); see Issues. \
         2 data issues in all (Issues sheet). No visit in 2026-10: Leeds (see Locations)."
    );
    // The tile still counts scored visits only: York's V1.
    assert_eq!((text(&rows[3][4]), num(&rows[4][4])), ("Visits 2026-10".into(), Some(1.0)));

    // One reason alone, and nothing left out.
    let rows = summary_of("V1,York,2026-10-01,yes,5,yes,\nV2,York,2026-13-01,yes,5,yes,\n", &october);
    assert_eq!(
        text(&rows[2][0]),
        "1 visit not scored (date unreadable, so not placed in 2026-10); see Issues. 1 data issue in all (Issues sheet)."
    );
    let rows = summary_of("V1,York,2026-10-01,yes,5,yes,\n", &[]);
    assert_eq!(text(&rows[2][0]), "No data issues.");
}

/// Without a window, V3 York 2026-10-01 (100 × 2 / 3 = 66.67) and V4 York with the
/// unreadable date `2026-13-01` (q1 no, q2 1, q3 no: 0) are both in the run's totals, but
/// V4 in no month. October is York's V3 alone, 66.67; the window is (66.67 + 0) / 2 = 33.33,
/// so it is shown apart, labelled `2026-10 + undated` (it used to be October's headline).
#[test]
fn a_window_with_undated_visits_is_labelled_so() {
    let s = Sandbox::new();
    let csv = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V3,York,2026-10-01,yes,N/A,no,
V4,York,2026-13-01,no,1,no,x
";
    s.write("m.csv", csv.as_bytes());
    let out = s.run_env(
        &[("COLUMNS", "200")],
        &["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none", "m.csv"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    let head = table.lines().find(|l| l.starts_with("#  Location")).unwrap();
    assert!(head.ends_with("Critical  2026-10 + undated"), "{table}");
    let york = table.lines().find(|l| l.contains("York")).unwrap();
    assert!(york.contains(" 66.7 ") && york.ends_with(" 33.3"), "{table}");
    let j = s.summary();
    assert_eq!((&j["focus"]["window_label"], &j["focus"]["split"]), (&"2026-10 + undated".into(), &true.into()));
    assert_eq!(j["focus"]["undated_in_window"], 1);
    assert_eq!(j["overall"]["score"], 100.0 / 3.0);
    assert_eq!(j["overall"]["focus"]["score"], 200.0 / 3.0);
    let rows = sheet(&mut open(&workbook_path(&s)), "Locations");
    let head: Vec<String> = rows[0].iter().map(|c| text(c).replace('\n', " ")).collect();
    let at = head.iter().position(|h| h == "Score 2026-10 + undated").unwrap_or_else(|| panic!("{head:?}"));
    assert_eq!(num(&rows[1][at]), Some(100.0 / 3.0));
    let score = head.iter().position(|h| h == "Score 2026-10").unwrap();
    assert_eq!(num(&rows[1][score]), Some(200.0 / 3.0));
    // The Summary's sixth tile: the window's score, its label and what it counts.
    let summary = sheet(&mut open(&workbook_path(&s)), "Summary");
    let tile: Vec<String> = (3..=6).map(|r| text(&summary[r][11])).collect();
    assert_eq!(tile[0], "Score 2026-10 + undated");
    assert_eq!(num(&summary[4][11]), Some(100.0 / 3.0));
    assert_eq!((tile[2].as_str(), tile[3].as_str()), ("1 month + 1 undated", "visits: 2"));
    assert_eq!(
        text(&summary[1][0]),
        "Every figure is for 2026-10. Target 80. 2026-10 + undated figures: the whole window (2 visits, 1 undated)."
    );
}
