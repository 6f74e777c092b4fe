//! The terminal table: focus month first, fitted to the terminal's width, counts with
//! separators and plurals, the blank location apart; the run's file lines before it.

use crate::support::*;

const RUBRIC: &str = "name: T\ntarget: 85\ngrades:\n  - { name: Good, min: 80 }\n  - { name: Poor, min: 0 }\nfields: { visit_id: id, location: store, date: date, region: region }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 100 }\n";

const LONG: &str = "Brighton Churchill Square Shopping Centre";

/// September: Brighton 90, York 60, Hull 80. October: Brighton 70, York 95 and 85, a
/// visit without a location 100, Leeds 1,000 visits of 50.
fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.write("t.yaml", RUBRIC.as_bytes());
    let mut csv = String::from("id,store,date,region,q\n");
    csv.push_str(&format!("S1,{LONG},2026-09-02,South,90\nS2,York,2026-09-03,North,60\nS3,Hull,2026-09-04,North,80\n"));
    csv.push_str(&format!("O1,{LONG},2026-10-02,South,70\nO2,York,2026-10-03,North,95\nO3,York,2026-10-04,North,85\n"));
    csv.push_str("O4,,2026-10-05,North,100\n");
    for i in 0..1000 {
        csv.push_str(&format!("L{i},Leeds,2026-10-06,North,50\n"));
    }
    s.write("d.csv", csv.as_bytes());
    s
}

fn table(s: &Sandbox, env: &[(&str, &str)], extra: &[&str]) -> (String, String) {
    let mut args = vec!["score", "--rubric", "t.yaml", "--out", "out", "--no-xlsx", "--charts", "none"];
    args.extend_from_slice(extra);
    args.push("d.csv");
    let out = s.run_env(env, &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

fn row<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no row {start:?} in\n{text}"))
}

/// October ranks: York (95 + 85) / 2 = 90, Brighton 70, Leeds 50; Hull has no October
/// visit; the blank location's 100 is listed apart, unranked. Overall October:
/// (70 + 95 + 85 + 100 + 50 × 1,000) / 1,004 = 50,350 / 1,004 = 50.15; September
/// (90 + 60 + 80) / 3 = 76.67; change -26.5. York +30.0 (90 against 60), Brighton -20.0.
#[test]
fn an_80_column_table_leads_with_the_focus_month() {
    let s = sandbox();
    let (text, _) = table(&s, &[], &[]);
    assert!(text.lines().all(|l| terminal_width(l) <= 80), "wider than 80:\n{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "T, target 85");
    assert_eq!(lines[1], "2026-10: 1,004 visits; Sep-Oct 2026: 1,007 visits in 1,007 rows from 1 file");
    let head = row(&text, "#");
    let cols: Vec<&str> = head.split_whitespace().collect();
    assert_eq!(cols, ["#", "Location", "Visits", "2026-10", "Target", "2026-09", "Change", "Crit."]);
    // Location cut to fit: the columns after it need 56 of the 80 (2 + 2 + 6 + 2 + 7 + 2
    // + 6 + 2 + 7 + 2 + 10 + 2 + 5, rank 1 wide), so 24 are left for the names.
    let york = row(&text, "1  York ");
    assert_eq!(
        york.split_whitespace().collect::<Vec<_>>(),
        ["1", "York", "*2", "90.0", "on", "60.0", "+30.0", "up", "0"]
    );
    let brighton = row(&text, "2  Brighton Churchill Squa…  ");
    assert!(
        brighton.contains("  *1  ") && brighton.contains("  70.0  under  ") && brighton.contains("-20.0 down"),
        "{brighton}"
    );
    let leeds = row(&text, "3  Leeds ");
    assert!(leeds.contains(" 1,000 ") && leeds.contains(" 50.0 ") && leeds.contains(" new"), "{leeds}");
    assert!(row(&text, "-  Hull ").contains(" 80.0 "), "Hull: September's 80 only");
    let blank = row(&text, "-  (no location) ");
    assert!(blank.contains(" 100.0 "), "{blank}");
    let pos = |p: &str| text.find(p).unwrap();
    assert!(pos("-  Hull") < pos("-  (no location)"), "the blank location last");
    let overall = row(&text, "   Overall ");
    assert_eq!(
        overall.split_whitespace().collect::<Vec<_>>(),
        ["Overall", "1,004", "50.1", "under", "76.7", "-26.5", "down", "0"]
    );
    assert!(
        text.contains("\nNot shown at this width: Sep-Oct 2026, Region, Grade (--json has every figure)\n"),
        "{text}"
    );
}

/// With room, every column: the region, the grade, the full target words and the window's
/// score apart: York (60 + 95 + 85) / 3 = 80, Brighton (90 + 70) / 2 = 80, overall
/// (50,350 + 230) / 1,007 = 50.23.
#[test]
fn a_wide_terminal_shows_the_window_apart() {
    let s = sandbox();
    let (text, _) = table(&s, &[("COLUMNS", "200")], &[]);
    let head = row(&text, "#");
    let cols: Vec<&str> = head.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(
        cols,
        [
            "#",
            "Location",
            "Region",
            "Visits",
            "2026-10",
            "Grade",
            "Target",
            "2026-09",
            "Change",
            "Critical",
            "Sep-Oct 2026"
        ]
    );
    let york = row(&text, "1  York ");
    assert!(york.contains("  North  ") && york.contains("  Good  ") && york.contains("  on target  "), "{york}");
    assert!(york.trim_end().ends_with("  80.0"), "{york}");
    // Names stop at 40 columns even with room (39 and `…`); --json has them whole.
    assert!(row(&text, &format!("2  {}…  ", &LONG[..39])).trim_end().ends_with("  80.0"));
    assert!(row(&text, "   Overall ").trim_end().ends_with("  50.2"));
    assert!(!text.contains("Not shown"), "{text}");
}

#[test]
fn under_period_there_is_no_window_column() {
    let s = sandbox();
    let (text, _) = table(&s, &[("COLUMNS", "200")], &["--period", "2026-10"]);
    assert_eq!(text.lines().nth(1), Some("2026-10: 1,004 visits in 1,007 rows from 1 file"));
    assert!(!row(&text, "#").contains("Sep-Oct"), "{text}");
}

/// The file lines come on stderr before the table is printed: one per input and one for
/// the reports, or every report with --verbose; nothing with --quiet.
#[test]
fn what_was_written_is_one_line_unless_verbose() {
    let s = sandbox();
    let (_, err) = table(&s, &[], &[]);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "read d.csv: UTF-8, delimiter ',', 1,007 rows, 1,007 visits",
            "wrote 5 reports into out (--verbose names each)"
        ]
    );
    let (_, err) = table(&s, &[], &["--verbose"]);
    assert_eq!(
        err.lines().skip(1).collect::<Vec<_>>(),
        [
            "wrote out/visits.csv",
            "wrote out/issues.csv",
            "wrote out/alerts.csv",
            "wrote out/actions.csv",
            "wrote out/summary.json"
        ]
    );
    let (text, err) = table(&s, &[], &["--quiet"]);
    assert!(text.is_empty() && err.is_empty(), "{text}{err}");
}

/// Display columns, counting `…` as one.
fn terminal_width(line: &str) -> usize {
    line.chars().count()
}
