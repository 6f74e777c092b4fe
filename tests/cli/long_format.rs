//! Long-format inputs (`layout: long`, one row per answer): a long file and its wide twin
//! give the same reports, and what only a long file can get wrong is a data issue at its
//! row's line.

use std::path::Path;

use serde_json::Value;

use crate::support::*;

/// The retail rubric reading a long file with columns `Question`, `Answer`, `Comment`.
fn long_rubric(wide: &str) -> String {
    let at = wide.find("fields:\n").unwrap();
    let fields = "fields:\n  question: Question\n  answer: Answer\n  comment: Comment\n";
    format!("{}layout: long\n{fields}{}", &wide[..at], &wide[at + "fields:\n".len()..])
}

/// The wide file `text`'s rows that are visits (as many fields as the header, an id) and
/// the first of each id: (the wide file of them, its long twin). The long twin is sorted
/// by question, as exports are: for each question in rubric order, a row per visit in the
/// wide file's order, its visit fields, the question's column, its answer and comment. A
/// blank answer with a blank comment is left out (the question is then never answered),
/// except for the first question, whose rows keep the visits in the wide file's order.
fn twins(text: &str, rubric: &shopscore::rubric::Rubric) -> (String, String) {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |h: &str| header.iter().position(|x| x == h);
    let id = at(&rubric.fields.visit_id).unwrap();
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| r.len() == header.len() && !r[id].trim().is_empty() && seen.insert(r[id].trim().to_string()))
        .collect();
    let asked: Vec<(usize, Option<usize>)> =
        rubric.questions.iter().map(|q| (at(&q.column).unwrap(), q.comment.as_deref().and_then(at))).collect();
    let fixed: Vec<usize> =
        (0..header.len()).filter(|i| !asked.iter().any(|&(a, c)| a == *i || c == Some(*i))).collect();
    let mut wide = csv::Writer::from_writer(Vec::new());
    wide.write_record(&header).unwrap();
    for r in &rows {
        wide.write_record(r).unwrap();
    }
    let mut long = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<&str> = fixed.iter().map(|&i| &header[i]).collect();
    head.extend(["Question", "Answer", "Comment"]);
    long.write_record(&head).unwrap();
    for (qi, (q, &(a, c))) in rubric.questions.iter().zip(&asked).enumerate() {
        for r in &rows {
            let comment = c.map_or("", |c| &r[c]);
            if qi > 0 && r[a].trim().is_empty() && comment.trim().is_empty() {
                continue;
            }
            let mut row: Vec<&str> = fixed.iter().map(|&i| &r[i]).collect();
            row.extend([q.column.as_str(), &r[a], comment]);
            long.write_record(&row).unwrap();
        }
    }
    let text = |w: csv::Writer<Vec<u8>>| String::from_utf8(w.into_inner().unwrap()).unwrap();
    (text(wide), text(long))
}

/// visits.csv without its `file` and `line` columns.
fn visits_without_place(s: &Sandbox, out: &str) -> String {
    let text = s.read(&format!("{out}/visits.csv"));
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("file,line,"), "{header}");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut rows = vec![header["file,line,".len()..].to_string()];
    for r in reader.records() {
        let r = r.unwrap();
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        w.write_record(r.iter().skip(2)).unwrap();
        rows.push(String::from_utf8(w.into_inner().unwrap()).unwrap().trim_end().to_string());
    }
    rows.join("\n")
}

/// `got` and `want` the same text, or a failure showing the first line that differs.
fn same(got: &str, want: &str, what: &str) {
    let differ = got.lines().zip(want.lines()).enumerate().find(|(_, (g, w))| g != w);
    if let Some((i, (g, w))) = differ {
        panic!("{what}: line {} differs:\n long: {g}\n wide: {w}", i + 1);
    }
    assert_eq!(got.lines().count(), want.lines().count(), "{what}: the line counts differ");
}

/// summary.json without what names the files and lines: each input's `file` and
/// `sha256`, the rubric's `sha256`, an alert's `line`; and without the long format's own
/// issue kinds (listed, at 0, only in a long run).
fn summary_without_names(s: &Sandbox, out: &str) -> Value {
    let mut j: Value = serde_json::from_str(&s.read(&format!("{out}/summary.json"))).unwrap();
    strip(&mut j);
    if let Some(kinds) = j["issues"]["by_problem"].as_object_mut() {
        for kind in ["conflicting_field", "duplicate_answer", "unknown_question"] {
            kinds.remove(kind);
        }
    }
    j
}

/// Every `file`, `line`, `path` and `sha256` key, at any depth, removed.
fn strip(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for key in ["file", "line", "path", "sha256"] {
                map.remove(key);
            }
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// issues.csv as (visit_id, kind, value, problem), sorted: what an issue says, apart
/// from its file, line and column.
fn issues_said(s: &Sandbox, out: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(s.path(&format!("{out}/issues.csv"))).unwrap();
    let h = reader.headers().unwrap().clone();
    let at = |name: &str| h.iter().position(|x| x == name).unwrap();
    let keep = [at("visit_id"), at("location"), at("shopper"), at("kind"), at("value"), at("problem")];
    let mut rows: Vec<Vec<String>> =
        reader.records().map(|r| keep.iter().map(|&i| r.as_ref().unwrap()[i].to_string()).collect()).collect();
    rows.sort();
    rows
}

/// A sandbox holding the October retail sample's twins (`wide.csv`, `long.csv`) and the
/// retail rubric for each (`wide.yaml`, `long.yaml`).
fn twin_sandbox() -> Sandbox {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wide_yaml = std::fs::read_to_string(root.join("rubrics/retail-visit.yaml")).unwrap();
    let rubric = shopscore::rubric::parse(Path::new("r.yaml"), &wide_yaml).unwrap();
    let sample = std::fs::read_to_string(root.join("samples/retail-2026-10.csv")).unwrap();
    let (wide, long) = twins(&sample, &rubric);
    assert!(long.lines().count() > 10 * wide.lines().count(), "the long twin has a row per answer");
    let s = Sandbox::new();
    s.write("wide.yaml", wide_yaml.as_bytes());
    s.write("long.yaml", long_rubric(&wide_yaml).as_bytes());
    s.write("wide.csv", wide.as_bytes());
    s.write("long.csv", long.as_bytes());
    s
}

/// The October retail sample (blanks, typos, N/A, bad dates, comments with commas and
/// line breaks) as a wide file and as its long twin sorted by question: visits.csv is
/// byte-identical apart from its `file` and `line` columns; summary.json apart from the
/// rubric's and inputs' `file`, the alerts' `file` and `line`, and the long format's own
/// three kinds in `issues.by_problem` (at 0); every issue says the same (id, store,
/// shopper, kind, value, problem), apart from its file, line and column.
#[test]
fn a_long_file_and_its_wide_twin_give_the_same_reports() {
    let s = twin_sandbox();
    let run = |rubric: &str, file: &str, out: &str| {
        let o = s.run(&["score", "--rubric", rubric, "--out", out, "--no-xlsx", "--charts", "none", file]);
        assert!(code(&o) <= 1, "{}", stderr(&o));
    };
    run("wide.yaml", "wide.csv", "wide");
    run("long.yaml", "long.csv", "long");
    let (w, l) = (visits_without_place(&s, "wide"), visits_without_place(&s, "long"));
    assert!(w.lines().count() > 20, "{w}");
    same(&l, &w, "visits.csv apart from file and line");
    let (w, l) = (summary_without_names(&s, "wide"), summary_without_names(&s, "long"));
    let (w, l) = (serde_json::to_string_pretty(&w).unwrap(), serde_json::to_string_pretty(&l).unwrap());
    same(&l, &w, "summary.json apart from names, SHA-256s and lines");
    let (w, l) = (issues_said(&s, "wide"), issues_said(&s, "long"));
    assert!(w.len() > 5, "{w:?}");
    assert_eq!(l, w, "issues.csv apart from file, line and column");
}

/// The same twins scored with the workbook: every sheet but About (which names the
/// files) and Issues (lines and columns) holds the same cells, but the file and line
/// columns of its listings (Visits, Alerts).
#[test]
fn a_long_file_and_its_wide_twin_give_the_same_workbook() {
    use crate::xlsx::{open, sheet, text};
    let s = twin_sandbox();
    let book = |rubric: &str, file: &str, out: &str| {
        let o = s.run(&["score", "--rubric", rubric, "--out", out, "--charts", "none", file]);
        assert!(code(&o) <= 1, "{}", stderr(&o));
        let name = listing(&s.path(out)).into_iter().find(|n| n.ends_with(".xlsx")).unwrap();
        open(&s.path(out).join(name))
    };
    let (mut w, mut l) = (book("wide.yaml", "wide.csv", "wide"), book("long.yaml", "long.csv", "long"));
    let names = calamine::Reader::sheet_names(&w);
    assert_eq!(calamine::Reader::sheet_names(&l), names);
    for name in names.iter().filter(|n| !matches!(n.as_str(), "About" | "Issues")) {
        let cells = |rows: Vec<Vec<calamine::Data>>| -> Vec<Vec<String>> {
            rows.iter().map(|r| r.iter().map(text).collect()).collect()
        };
        let (mut a, mut b) = (cells(sheet(&mut w, name)), cells(sheet(&mut l, name)));
        // A listing's `File` and `Line` columns, wherever its header row is.
        if let Some(header) = a.iter().position(|r| r.iter().any(|c| c == "File") && r.iter().any(|c| c == "Line")) {
            let drop: Vec<usize> =
                (0..a[header].len()).filter(|&i| matches!(a[header][i].as_str(), "File" | "Line")).collect();
            for rows in [&mut a, &mut b] {
                for r in rows.iter_mut().skip(header + 1) {
                    for &i in drop.iter().rev() {
                        if i < r.len() {
                            r.remove(i);
                        }
                    }
                }
            }
        }
        if name == "Visits" {
            assert!(a.len() > 20 && a.iter().any(|r| r.iter().any(|c| c.contains("double bed"))), "{a:?}");
        }
        assert_eq!(b, a, "sheet {name}");
    }
}

/// The mini rubric read as long (its three questions `q1` to `q3`, comments in `Note`).
fn mini_long() -> String {
    MINI.replace(
        "fields: { visit_id: \"Visit ID\", location: Store, date: Date }",
        "layout: long\nfields: { visit_id: \"Visit ID\", location: Store, date: Date, question: Question, answer: Answer, comment: Note }",
    )
}

/// Every long-format issue at its row's line (the header is line 1):
/// 2 V1 q1 yes · 3 V2 q1 no · 4 (no id) · 5 V1 q2 `maybe` · 6 V1 at York, q3 yes ·
/// 7 V2 q1 again · 8 V2 q7 · 9 V2 q3 no, no comment · 10 V2 q2 5, a field short.
/// V1 (line 2): q2 invalid at 5; its store York at 6 differs from Leeds (kept).
/// V2 (line 3): q1 twice (7, the first `no` kept), q7 unknown (8), q3 failed without a
/// comment (9); q2 never answered (its row on 10 is not a row of the file's shape), a
/// missing answer at V2's line 3, on q2's column. Each visit's issues come with it, its
/// record's first; the rows that are not visits (4, 10) after V2, whose first row (3) is
/// before them.
#[test]
fn every_long_format_issue_is_at_its_rows_line() {
    let s = Sandbox::new();
    s.write("long.yaml", mini_long().as_bytes());
    s.write(
        "long.csv",
        b"Visit ID,Store,Date,Question,Answer,Note\n\
          V1,Leeds,2026-09-03,q1,yes,\n\
          V2,Leeds,2026-09-10,Q1 Greeted,no,\n\
          ,Leeds,2026-09-10,q2,4,\n\
          V1,Leeds,2026-09-03,q2,maybe,\n\
          V1,York,2026-09-03,q3,yes,\n\
          V2,Leeds,2026-09-10,q1,yes,\n\
          V2,Leeds,2026-09-10,q7,no,\n\
          V2,Leeds,2026-09-10,q3,no,\n\
          V2,Leeds,2026-09-10,q2,5\n",
    );
    let o = s.run(&["score", "--rubric", "long.yaml", "--out", "out", "--no-xlsx", "--charts", "none", "long.csv"]);
    assert!(code(&o) <= 1, "{}", stderr(&o));
    let issues: Vec<String> =
        s.rows("issues.csv").iter().map(|r| format!("{} {} {} {} {}", r[1], r[2], r[5], r[6], r[7])).collect();
    assert_eq!(
        issues,
        [
            "5 V1 invalid_answer Answer maybe",
            "6 V1 conflicting_field Store York",
            "3 V2 missing_answer Q2 Smile ",
            "9 V2 missing_comment Note ",
            "7 V2 duplicate_answer Answer yes",
            "8 V2 unknown_question Question q7",
            "4  no_visit_id  ,Leeds,2026-09-10,q2,4,",
            "10 V2 wrong_field_count  V2,Leeds,2026-09-10,q2,5",
        ]
    );
    // V1: q1 yes 2 of 2, q2 invalid (left out), q3 yes: 100 × 3 / 3 = 100, at line 2.
    // V2: q1 no 0 of 2, q2 missing, q3 no: 0, at line 3.
    let visits: Vec<String> =
        s.rows("visits.csv").iter().map(|r| format!("{} {} {} {}", r[1], r[2], r[3], r[6])).collect();
    assert_eq!(visits, ["2 V1 Leeds 100", "3 V2 Leeds 0"]);
    let j = s.summary();
    assert_eq!(j["issues"]["by_problem"]["duplicate_answer"], 1);
    assert_eq!(j["issues"]["by_problem"]["unknown_question"], 1);
    assert_eq!(j["issues"]["by_problem"]["conflicting_field"], 1);
}

/// `layout: long` without the question and answer columns stops before anything is read,
/// at the `layout` key's line and column (line 7: the mini rubric's `fields` line).
#[test]
fn layout_long_without_its_columns_is_refused() {
    let s = Sandbox::new();
    s.write("long.yaml", MINI.replace("fields:", "layout: long\nfields:").as_bytes());
    s.write("v.csv", MINI_CSV.as_bytes());
    let o = s.run(&["check", "--rubric", "long.yaml", "v.csv"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("long.yaml:7:1: layout: `layout: long` needs `fields.question`"), "{err}");
    assert!(err.contains("long.yaml:7:1: layout: `layout: long` needs `fields.answer`"), "{err}");
    // A long file's columns named under a wide layout are refused at their key.
    let wide = MINI.replace("date: Date }", "date: Date, answer: Answer }");
    s.write("wide.yaml", wide.as_bytes());
    let o = s.run(&["check", "--rubric", "wide.yaml", "v.csv"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("wide.yaml:7:62: fields.answer: `fields.answer` is only read with `layout: long`"),
        "{}",
        stderr(&o)
    );
}

/// A long-format workbook, typed as a spreadsheet holds it (the date column as dates, the
/// scale answers as numbers, a yes/no answer as a boolean), is grouped as its CSV twin
/// is (its date cells read in the rubric's `%d/%m/%Y`, as the sheet reads the long
/// file's date column): the same visits.csv but for the file's name (its line numbers are the sheet's rows,
/// the CSV's lines). V1: q1 yes 2 of 2, q2 5 is 1 of 1, q3 yes: 100; V2: q1 no, q2 3 is
/// 0.5 of 1, q3 no: welcome 100 × 0.5 / 3 = 16.67, visit 100 × 0.5 / 4 = 12.5.
#[test]
fn a_long_format_workbook_is_grouped_as_its_csv_twin() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let rows: [[&str; 6]; 6] = [
        ["V1", "Leeds", "03/09/2026", "q1", "yes", ""],
        ["V2", "Leeds", "10/09/2026", "q1", "no", ""],
        ["V1", "Leeds", "03/09/2026", "q2", "5", ""],
        ["V2", "Leeds", "10/09/2026", "Q2 Smile", "3", ""],
        ["V2", "Leeds", "10/09/2026", "q3", "no", "Rushed, no thanks"],
        ["V1", "Leeds", "03/09/2026", "q3", "yes", ""],
    ];
    let header = ["Visit ID", "Store", "Date", "Question", "Answer", "Note"];
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(header).unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let dates = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        csv.write_record(row).unwrap();
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if c == 2 {
                let d = chrono::NaiveDate::parse_from_str(cell, "%d/%m/%Y").unwrap();
                use chrono::Datelike;
                let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                ws.write_datetime_with_format(r, c, day, &dates).unwrap();
            } else if let Ok(n) = cell.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else if c == 4 && r == 1 {
                ws.write_boolean(r, c, true).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(r, c, *cell).unwrap();
            }
        }
    }
    let s = Sandbox::new();
    s.write("long.yaml", format!("date_format: \"%d/%m/%Y\"\n{}", mini_long()).as_bytes());
    s.write("long.csv", &csv.into_inner().unwrap());
    s.write("long.xlsx", &book.save_to_buffer().unwrap());
    let base = ["score", "--rubric", "long.yaml", "--charts", "none", "--no-xlsx", "--out"];
    for (out, file) in [("csv", "long.csv"), ("book", "long.xlsx")] {
        let mut args = base.to_vec();
        args.extend([out, file]);
        let run = s.run(&args);
        assert_eq!(code(&run), 0, "{}", stderr(&run));
    }
    let from_csv = s.read("csv/visits.csv");
    assert_eq!(
        from_csv,
        "file,line,visit_id,location,region,period,score,grade,critical_failures,welcome,close\n\
         long.csv,2,V1,Leeds,,2026-09,100,Good,0,100,100\n\
         long.csv,3,V2,Leeds,,2026-09,12.5,Poor,0,16.666666666666668,0\n"
    );
    assert_eq!(s.read("book/visits.csv").replace("long.xlsx[Sheet1]", "long.csv"), from_csv);
}
