//! What an agency acts on: each issue with its visit's location, shopper and kind (in
//! issues.csv, the Issues sheet and the per-shopper count), the shopper's narrative kept
//! by the rubric (`fields.keep`) in the Visits sheet and the cards, and input files named
//! by their name in the sheets and by their path on About.

use std::collections::HashMap;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::support::*;
use crate::xlsx::text;

/// MINI with a shopper column and the shopper's narrative kept.
fn rubric() -> String {
    MINI.replace(
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date }",
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date, shopper: Shopper, keep: [Narrative] }",
    )
}

/// V2 (Leeds, S2): `yse` is invalid, Q2 blank, Q3 failed without its required comment.
/// V3 (York, S1): Q3 failed without a comment. Line 5 is short (no visit). Line 6 repeats
/// V1's id at York with no shopper. Narratives are quoted, with commas and quotes; V3's
/// looks like a formula.
const DATA: &str = "Visit ID,Store,Date,Shopper,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment,Narrative
V1,Leeds,2026-10-03,S1,yes,5,yes,,\"Greeted at once, thanked warmly.\"
V2,Leeds,2026-10-10,S2,yse,,no,,\"Rushed; no \"\"thank you\"\", sadly.\"
V3,York,2026-10-01,S1,yes,N/A,no,,\"=HYPERLINK(\"\"http://x\"\")\"
V4,York,2026-10-02
V1,York,2026-10-05,,yes,5,yes,,\"Quiet store, tidy shelves.\"
";

fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.write("keep.yaml", rubric().as_bytes());
    std::fs::create_dir(s.path("data")).unwrap();
    s.write("data/oct.csv", DATA.as_bytes());
    s
}

fn score(s: &Sandbox, extra: &[&str]) {
    let mut args = vec!["score", "--rubric", "keep.yaml", "--out", "out", "--charts", "none"];
    args.extend_from_slice(extra);
    args.push("data/oct.csv");
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Every sheet of a workbook, every cell as text.
fn sheets(path: &std::path::Path) -> HashMap<String, Vec<Vec<String>>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = HashMap::new();
    for name in book.sheet_names() {
        let rows = book.worksheet_range(&name).unwrap().rows().map(|r| r.iter().map(text).collect()).collect();
        out.insert(name, rows);
    }
    out
}

/// issues.csv: file, line, visit_id, location, shopper, kind, column, value (problem left out).
const ISSUES: [[&str; 8]; 6] = [
    ["data/oct.csv", "3", "V2", "Leeds", "S2", "invalid_answer", "Q1 Greeted", "yse"],
    ["data/oct.csv", "3", "V2", "Leeds", "S2", "missing_answer", "Q2 Smile", ""],
    ["data/oct.csv", "3", "V2", "Leeds", "S2", "missing_comment", "Q3 comment", ""],
    ["data/oct.csv", "4", "V3", "York", "S1", "missing_comment", "Q3 comment", ""],
    // Not a visit: no location, no shopper.
    ["data/oct.csv", "5", "V4", "", "", "wrong_field_count", "", "V4,York,2026-10-02"],
    ["data/oct.csv", "6", "V1", "York", "", "duplicate_visit_id", "Visit ID", "V1"],
];

#[test]
fn issues_name_the_visits_location_shopper_and_kind() {
    let s = sandbox();
    score(&s, &[]);
    let head = s.read("out/issues.csv").lines().next().unwrap().to_string();
    assert_eq!(head, "file,line,visit_id,location,shopper,kind,column,value,problem");
    let rows: Vec<Vec<String>> = s.rows("issues.csv").into_iter().map(|r| r[..8].to_vec()).collect();
    assert_eq!(rows, ISSUES.map(|r| r.map(String::from).to_vec()));
    // Every kind is one summary.json counts by.
    let j = s.summary();
    for r in ISSUES {
        assert!(j["issues"]["by_problem"][r[5]].as_u64().unwrap() > 0, "{}", r[5]);
    }

    // The Issues sheet: the same rows, the file by its name.
    let book = sheets(&s.path("out/mini-2026-10.xlsx"));
    let issues = &book["Issues"];
    assert_eq!(issues[0], ["File", "Line", "Visit ID", "Location", "Shopper", "Kind", "Column", "Value", "Problem"]);
    let want: Vec<Vec<String>> =
        ISSUES.iter().map(|r| [&["oct.csv"], &r[1..]].concat().iter().map(|c| c.to_string()).collect()).collect();
    let got: Vec<Vec<String>> = issues[1..].iter().map(|r| r[..8].to_vec()).collect();
    assert_eq!(got, want);

    // Per shopper, most issues first, the issues naming no shopper last: S2 has 3 on one
    // visit; S1 1; the short row and V1's repeat (a visit without a shopper) are 2, on one
    // visit. One column per kind that occurs, in issues.csv's kind names.
    let by = &book["Issues by shopper"];
    let want: [[&str; 8]; 4] = [
        [
            "Shopper",
            "Issues",
            "Visits with issues",
            "missing_answer",
            "invalid_answer",
            "missing_comment",
            "duplicate_visit_id",
            "wrong_field_count",
        ],
        ["S2", "3", "1", "1", "1", "1", "", ""],
        ["S1", "1", "1", "", "", "1", "", ""],
        ["(no shopper)", "2", "1", "", "", "", "1", "1"],
    ];
    assert_eq!(*by, want.map(|r| r.map(String::from).to_vec()));

    // --raw-csv changes only the formula guard: these cells need none.
    let guarded = s.read("out/issues.csv");
    score(&s, &["--raw-csv"]);
    assert_eq!(s.read("out/issues.csv"), guarded);
}

/// The narrative is text, after the answers, headed by its column's name, exactly as
/// written (the formula lookalike too), in the workbook only: visits.csv is as without
/// the key.
#[test]
fn kept_text_is_in_the_visits_sheet_and_not_in_visits_csv() {
    let s = sandbox();
    score(&s, &[]);
    let visits_csv = s.read("out/visits.csv");
    assert!(
        visits_csv
            .starts_with("file,line,visit_id,location,region,period,score,grade,critical_failures,welcome,close\n")
    );
    assert!(!visits_csv.contains("Greeted at once"), "{visits_csv}");

    let mut book: Xlsx<_> = open_workbook(s.path("out/mini-2026-10.xlsx")).unwrap();
    let visits = book.worksheet_range("Visits").unwrap();
    let rows: Vec<&[Data]> = visits.rows().collect();
    let last = rows[0].len() - 1;
    assert_eq!(rows[0][last], Data::String("Narrative".into()));
    assert_eq!(rows[0][last - 1], Data::String("Q3 comment".into()), "after the answers and comments");
    let kept: Vec<&Data> = rows[1..].iter().map(|r| &r[last]).collect();
    assert_eq!(
        kept,
        [
            &Data::String("Greeted at once, thanked warmly.".into()),
            &Data::String("Rushed; no \"thank you\", sadly.".into()),
            &Data::String("=HYPERLINK(\"http://x\")".into()),
            &Data::String("Quiet store, tidy shelves.".into()),
        ]
    );
    // The file column is the file's name; About has the path as given.
    let files: Vec<&Data> = rows[1..].iter().map(|r| &r[0]).collect();
    assert_eq!(files, [&Data::String("oct.csv".into()); 4]);
    let about = book.worksheet_range("About").unwrap();
    assert!(about.rows().any(|r| r[0] == Data::String("data/oct.csv".into())), "About lists the path");
    // Without the key, the same data gives the same CSV reports and no Narrative column.
    s.write("plain.yaml", rubric().replace(", keep: [Narrative]", "").as_bytes());
    let issues_csv = s.read("out/issues.csv");
    let out = s.run(&["score", "--rubric", "plain.yaml", "--out", "out", "--charts", "none", "data/oct.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!((s.read("out/visits.csv"), s.read("out/issues.csv")), (visits_csv, issues_csv));
    let mut book: Xlsx<_> = open_workbook(s.path("out/mini-2026-10.xlsx")).unwrap();
    let header: Vec<Data> = book.worksheet_range("Visits").unwrap().rows().next().unwrap().to_vec();
    assert_eq!(header.last(), Some(&Data::String("Q3 comment".into())));
}

/// A card's Visits sheet carries its own visits' narratives and no other store's; its
/// Issues and per-shopper count are its own.
#[test]
fn a_card_keeps_only_its_own_narratives() {
    let s = sandbox();
    score(&s, &["--per-location"]);
    let leeds = sheets(&s.path("out/locations/leeds.xlsx"));
    let york = sheets(&s.path("out/locations/york.xlsx"));
    let narratives = |card: &HashMap<String, Vec<Vec<String>>>| -> Vec<String> {
        card["Visits"][1..].iter().map(|r| r.last().unwrap().clone()).collect()
    };
    assert_eq!(narratives(&leeds), ["Greeted at once, thanked warmly.", "Rushed; no \"thank you\", sadly."]);
    assert_eq!(narratives(&york), ["=HYPERLINK(\"http://x\")", "Quiet store, tidy shelves."]);
    let everything =
        |card: &HashMap<String, Vec<Vec<String>>>| card.values().flatten().flatten().cloned().collect::<Vec<_>>();
    assert!(!everything(&york).iter().any(|c| c.contains("thank")), "no Leeds narrative on York's card");
    assert!(!everything(&leeds).iter().any(|c| c.contains("Quiet store") || c.contains("HYPERLINK")));
    // York: V3's missing comment (S1) and V1's repeat (no shopper); never Leeds' S2.
    assert_eq!(york["Issues by shopper"][1][..3], ["S1", "1", "1"]);
    assert_eq!(york["Issues by shopper"][2][..3], ["(no shopper)", "1", "1"]);
    assert!(!everything(&york).iter().any(|c| c == "S2"));
    assert_eq!(leeds["Issues by shopper"][1][..3], ["S2", "3", "1"]);
}

/// `keep` is checked with the rubric: a header another field or question reads, and one
/// listed twice, are errors at their own line and column (counted by hand below); a kept
/// column the file lacks is a missing required column.
#[test]
fn kept_columns_are_checked() {
    let s = Sandbox::new();
    // Lines 7-15: `fields:` and its keys; the items of `keep` on lines 12-15, each value at
    // column 7 (four spaces, `-`, a space).
    let fields = "fields:\n  visit_id: \"Visit ID\"\n  location: Store\n  date: Date\n  keep:\n    - Narrative\n    - \"Q1 Greeted\"\n    - Store\n    - Narrative";
    let bad = MINI.replace("fields: { visit_id: \"Visit ID\", location: Store, date: Date }", fields);
    s.write("bad.yaml", bad.as_bytes());
    let out = s.run(&["check", "--rubric", "bad.yaml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    for want in [
        "bad.yaml:13:7: fields.keep[1]: the CSV header `Q1 Greeted` is already read by a field, question or comment",
        "bad.yaml:14:7: fields.keep[2]: the CSV header `Store` is already read by a field, question or comment",
        "bad.yaml:15:7: fields.keep[3]: `Narrative` is listed twice in `keep`",
        "hint: `keep` lists text no question scores",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    // A kept column missing from the file stops the run, like any required column.
    s.write("keep.yaml", rubric().as_bytes());
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "keep.yaml", "--out", "out", "m.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing required column `Narrative` (for fields.keep)"), "{}", stderr(&out));
}
