//! The Locations, Sections, Questions and Trend sheets of a two-month run, read back with
//! calamine (values) and from the workbook's XML (fills, conditional formats, the chart):
//! the focus month first, the window apart, one colour language scaled to the target, and
//! a bonus question that is never a weakness.

use std::io::Read;
use std::path::Path;

use calamine::Data;

use crate::support::*;
use crate::xlsx::{num, text};

/// One section, three one-point yes/no questions, the third a bonus; target 78 (near: above
/// 73), grades Good from 70.
const RUBRIC: &str = r#"name: Two
target: 78
grades:
  - { name: Good, min: 70 }
  - { name: Poor, min: 0 }
fields: { visit_id: "Visit ID", location: Store, date: Date }
sections:
  - id: service
    title: Service
    questions:
      - { id: greet, column: Greet, type: yes_no }
      - { id: thanks, column: Thanks, type: yes_no }
      - { id: extra, column: Extra, type: yes_no, bonus: true }
"#;

/// A visit scores 100 × (greet + thanks + extra) / 2, capped at 100:
/// September: S1 Leeds 2 / 2 = 100, S2 York 1 / 2 = 50.
/// October: O1 Leeds 50, O2 York 100, O3 York 50, O4 Bath (1 + 0 + 1) / 2 = 100.
/// October (the focus): Bath 100 (on target), York (100 + 50) / 2 = 75 (near: 73 < 75 < 78),
/// Leeds 50 (under); overall (50 + 100 + 50 + 100) / 4 = 75.
/// The window, Sep-Oct: Bath 100, Leeds (100 + 50) / 2 = 75, York (50 + 100 + 50) / 3.
/// Changes: York 75 - 50 = +25, Leeds 50 - 100 = -50, Bath none.
const CSV: &str = "Visit ID,Store,Date,Greet,Thanks,Extra
S1,Leeds,2026-09-05,yes,yes,no
S2,York,2026-09-06,yes,no,no
O1,Leeds,2026-10-03,yes,no,no
O2,York,2026-10-04,yes,yes,no
O3,York,2026-10-05,no,yes,no
O4,Bath,2026-10-06,yes,no,yes
";

fn run() -> Sandbox {
    let s = Sandbox::new();
    s.write("two.yaml", RUBRIC.as_bytes());
    s.write("v.csv", CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "two.yaml", "--out", "out", "v.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    crate::xlsx::sheet(&mut crate::xlsx::open(path), name)
}

/// One part of the workbook's zip, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_string(&mut s).unwrap();
    s
}

/// The fill colour (`RRGGBB`) of cell `cell` (e.g. `E2`) of worksheet part `sheet`, if any.
fn fill(path: &Path, sheet: &str, cell: &str) -> Option<String> {
    let (xml, styles) = (part(path, sheet), part(path, "xl/styles.xml"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let c = doc.descendants().find(|n| n.has_tag_name("c") && n.attribute("r") == Some(cell))?;
    let xf: usize = c.attribute("s")?.parse().unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let cell_xfs = styles.descendants().find(|n| n.has_tag_name("cellXfs")).unwrap();
    let fill_id: usize =
        cell_xfs.children().filter(|n| n.has_tag_name("xf")).nth(xf)?.attribute("fillId")?.parse().unwrap();
    let fills = styles.descendants().find(|n| n.has_tag_name("fills")).unwrap();
    let fill = fills.children().filter(|n| n.has_tag_name("fill")).nth(fill_id)?;
    let fg = fill.descendants().find(|n| n.has_tag_name("fgColor"))?;
    fg.attribute("rgb").map(|rgb| rgb.trim_start_matches("FF").to_string())
}

/// The palette's colours (src/report/palette.rs) for on, near and under the target.
const ON: &str = "4393C3";
const NEAR: &str = "FDDB6D";
const UNDER: &str = "D6604D";

#[test]
fn two_months_the_focus_month_first_and_the_window_apart() {
    let s = run();
    let path = s.path("out/two-2026-09_2026-10.xlsx");
    let locations = sheet(&path, "Locations");
    let head: Vec<String> = locations[0].iter().map(text).collect();
    assert_eq!(
        head[..11],
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
            "Score Sep-Oct 2026"
        ]
    );
    // Ranked on October: Bath, York, Leeds (on the window Leeds, 75, would be ahead of York).
    let row = |r: &Vec<Data>| {
        (text(&r[1]), num(&r[0]), num(&r[3]), num(&r[4]), text(&r[5]), num(&r[7]), num(&r[8]), text(&r[9]), num(&r[10]))
    };
    let york_window = (50.0 + 100.0 + 50.0) / 3.0;
    assert_eq!(
        locations[1..4].iter().map(row).collect::<Vec<_>>(),
        [
            (
                "Bath".into(),
                Some(1.0),
                Some(1.0),
                Some(100.0),
                "on target".into(),
                None,
                None,
                String::new(),
                Some(100.0)
            ),
            (
                "York".into(),
                Some(2.0),
                Some(2.0),
                Some(75.0),
                "near target".into(),
                Some(50.0),
                Some(25.0),
                "improved".into(),
                Some(york_window)
            ),
            (
                "Leeds".into(),
                Some(3.0),
                Some(1.0),
                Some(50.0),
                "under target".into(),
                Some(100.0),
                Some(-50.0),
                "declined".into(),
                Some(75.0)
            ),
        ]
    );
    // The grade follows October too: Bath 100 and York 75 Good, Leeds 50 Poor (its window's
    // 75 would be Good).
    assert_eq!(locations[1..4].iter().map(|r| text(&r[6])).collect::<Vec<_>>(), ["Good", "Good", "Poor"]);
    // The score is coloured by its status, the same as the word beside it; nothing else is.
    assert_eq!(
        [2, 3, 4].map(|r| fill(&path, "xl/worksheets/sheet2.xml", &format!("E{r}"))),
        [Some(ON.into()), Some(NEAR.into()), Some(UNDER.into())]
    );
    assert_eq!(fill(&path, "xl/worksheets/sheet2.xml", "K3"), None, "the window's score is not coloured");
    for sheet in ["sheet2", "sheet3"] {
        let xml = part(&path, &format!("xl/worksheets/{sheet}.xml"));
        assert!(!xml.contains("dataBar") && !xml.contains("colorScale"), "{sheet}: one fill per cell, no scale");
    }

    // Sections: October's heat map, scaled to the target: Bath 100 on, York 75 near, Leeds
    // 50 under, overall 75 near; then the window's block: Leeds 75 near, York 66.7 under.
    let sections = sheet(&path, "Sections");
    let service: Vec<(String, Option<f64>)> = sections[1..5].iter().map(|r| (text(&r[1]), num(&r[5]))).collect();
    assert_eq!(
        service,
        [
            ("Bath".into(), Some(100.0)),
            ("York".into(), Some(75.0)),
            ("Leeds".into(), Some(50.0)),
            ("All visits".into(), Some(75.0))
        ]
    );
    assert_eq!(text(&sections[0][5]), "Service 2026-10");
    let fills = [2, 3, 4, 5].map(|r| fill(&path, "xl/worksheets/sheet3.xml", &format!("F{r}")));
    assert_eq!(fills, [ON, NEAR, UNDER, NEAR].map(|c| Some(c.to_string())));
    assert_eq!(text(&sections[6][0]), "The whole window, Sep-Oct 2026");
    let window: Vec<(String, Option<f64>)> = sections[8..12].iter().map(|r| (text(&r[1]), num(&r[5]))).collect();
    assert_eq!(
        window,
        [
            ("Bath".into(), Some(100.0)),
            ("York".into(), Some(york_window)),
            ("Leeds".into(), Some(75.0)),
            ("All visits".into(), Some(75.0))
        ]
    );
    assert_eq!(fill(&path, "xl/worksheets/sheet3.xml", "F11"), Some(NEAR.into()), "Leeds 75 over the window");
    assert_eq!(fill(&path, "xl/worksheets/sheet3.xml", "F10"), Some(UNDER.into()), "York 66.7 over the window");

    // Trend: the lines have markers, the axis stops at 100 (bonus_cap).
    let chart = (1..=3)
        .map(|i| part(&path, &format!("xl/charts/chart{i}.xml")))
        .find(|x| x.contains("Score by month"))
        .unwrap();
    assert!(chart.contains(r#"<c:max val="100"/>"#), "axis stops at 100");
    for marker in ["circle", "square", "diamond"] {
        assert!(chart.contains(&format!(r#"<c:symbol val="{marker}"/>"#)), "{marker}");
    }
}

#[test]
fn a_bonus_question_is_never_weakest_and_never_failed() {
    let s = run();
    let path = s.path("out/two-2026-09_2026-10.xlsx");
    let questions = sheet(&path, "Questions");
    let head: Vec<String> = questions[0].iter().map(text).collect();
    assert_eq!(
        head[6..12],
        [
            "Bonus",
            "Pass rate 2026-10 (%)",
            "Pass rate 2026-09 (%)",
            "Change since 2026-09",
            "Scored 2026-10",
            "Failed 2026-10"
        ]
    );
    assert_eq!(head[15], "Pass rate Sep-Oct 2026 (%)");
    // October: greet yes, yes, no, yes = 75; thanks no, yes, yes, no = 50; the bonus extra
    // no, no, no, yes = 25, the lowest, yet listed last. September: greet 100, thanks 50,
    // extra 0. The window: greet 5 of 6, thanks 3 of 6, extra 1 of 6.
    let rows: Vec<_> = questions[1..4]
        .iter()
        .map(|r| (text(&r[0]), text(&r[6]), num(&r[7]), num(&r[8]), num(&r[9]), num(&r[10]), num(&r[11]), num(&r[15])))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "thanks".into(),
                String::new(),
                Some(50.0),
                Some(50.0),
                Some(0.0),
                Some(4.0),
                Some(2.0),
                Some(100.0 * (3.0 / 6.0))
            ),
            (
                "greet".into(),
                String::new(),
                Some(75.0),
                Some(100.0),
                Some(-25.0),
                Some(4.0),
                Some(1.0),
                Some(100.0 * (5.0 / 6.0))
            ),
            // Three unearned bonus answers in October, none of them a failure.
            (
                "extra".into(),
                "bonus".into(),
                Some(25.0),
                Some(0.0),
                Some(25.0),
                Some(4.0),
                None,
                Some(100.0 * (1.0 / 6.0))
            ),
        ]
    );
    // summary.json counts the same way over the window: thanks failed in S2, O1 and O4,
    // greet in O3, and the bonus never (five of its six answers unearned).
    let json = s.summary();
    let failed = |id: &str| {
        let q = json["questions"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap();
        (q["scored"].as_u64(), q["failed"].as_u64())
    };
    assert_eq!(
        [failed("greet"), failed("thanks"), failed("extra")],
        [(Some(6), Some(1)), (Some(6), Some(3)), (Some(6), Some(0))]
    );
    let about = sheet(&path, "About");
    let rules: Vec<String> = about.iter().map(|r| r.get(1).map(text).unwrap_or_default()).collect();
    assert!(rules.iter().any(|t| t.contains("near target: less than 5 points below it (above 73)")), "{rules:?}");
}

/// The retail samples' 12 locations: the trend chart draws the best three of October (Trend
/// rows 2-4), the worst three (rows 11-13) and overall (row 14), not thirteen lines.
#[test]
fn a_dozen_locations_chart_the_best_and_worst_three() {
    let repo = |p: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join(p).display().to_string();
    let s = Sandbox::new();
    let files = ["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"].map(repo);
    let rubric = repo("rubrics/retail-visit.yaml");
    let mut args = vec!["score", "--rubric", &rubric, "--out", "out", "--charts", "none"];
    args.extend(files.iter().map(String::as_str));
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = s.path("out/retail-store-visit-2026-08_2026-10.xlsx");
    let chart = (1..=3)
        .map(|i| part(&path, &format!("xl/charts/chart{i}.xml")))
        .find(|x| x.contains("Score by month"))
        .unwrap();
    let names: Vec<&str> =
        chart.split("<c:tx><c:strRef><c:f>").skip(1).filter_map(|t| t.split("</c:f>").next()).collect();
    assert_eq!(names, [2, 3, 4, 11, 12, 13, 14].map(|r| format!("Trend!$A${r}")));
    assert_eq!(chart.matches(r#"<a:prstDash val="dash"/>"#).count(), 3, "the worst three dashed");
    let trend = sheet(&path, "Trend");
    assert_eq!(text(&trend[13][0]), "Overall");
}

/// Without a target a score is coloured by its band and names it (colour is never the only
/// signal), in a column wide enough to show it: the Sections sheet of the same run without
/// `target` and with its lower band called "Needs work", where Leeds (row 4, after Bath 100
/// and York 75) scores 50 in October: Needs work, red. The longest band name has 10
/// characters, so the column needs 6 ("100.0 ") + 10 + 2 = 18.
#[test]
fn without_a_target_a_coloured_score_names_its_band() {
    let s = Sandbox::new();
    s.write("two.yaml", RUBRIC.replace("target: 78\n", "").replace("Poor", "Needs work").as_bytes());
    s.write("v.csv", CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "two.yaml", "--out", "out", "--charts", "none", "v.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let book = s.path("out/two-2026-09_2026-10.xlsx");
    let rows = sheet(&book, "Sections");
    assert_eq!((text(&rows[3][1]), num(&rows[3][4])), ("Leeds".to_string(), Some(50.0)));
    let sections = "xl/worksheets/sheet3.xml";
    assert_eq!(fill(&book, sections, "E4").as_deref(), Some(UNDER), "the worst of two bands: red");
    let (xml, styles) = (part(&book, sections), part(&book, "xl/styles.xml"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let c = doc.descendants().find(|n| n.has_tag_name("c") && n.attribute("r") == Some("E4")).unwrap();
    let xf: usize = c.attribute("s").unwrap().parse().unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let cell_xfs = styles.descendants().find(|n| n.has_tag_name("cellXfs")).unwrap();
    let id = cell_xfs.children().filter(|n| n.has_tag_name("xf")).nth(xf).unwrap().attribute("numFmtId").unwrap();
    let code = styles.descendants().find(|n| n.has_tag_name("numFmt") && n.attribute("numFmtId") == Some(id)).unwrap();
    assert_eq!(code.attribute("formatCode"), Some("0.0\" Needs work\""));
    let width: f64 = doc
        .descendants()
        .find(|n| {
            let at = |a| n.attribute(a).and_then(|v: &str| v.parse::<u32>().ok());
            n.has_tag_name("col") && at("min").is_some_and(|m| m <= 5) && at("max").is_some_and(|m| m >= 5)
        })
        .and_then(|n| n.attribute("width"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(width >= 18.0, "the Score column holds `50.0 Needs work`: {width}");
}
