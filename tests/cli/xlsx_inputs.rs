//! Excel workbooks as inputs: real `.xlsx` files written by rust_xlsxwriter (another
//! program than the reader, calamine), read cell by cell, with the sheet's row numbers
//! in every issue, and the same visits as CSV and as a workbook giving the same
//! visits.csv.

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::support::*;

/// Mini (see support) with a region column: a formula's error there is a data issue.
fn rubric() -> String {
    MINI.replace("date: Date }", "date: Date, region: Region }")
}

const HEADERS: [&str; 8] = ["Visit ID", "Store", "Region", "Date", "Q1 Greeted", "Q2 Smile", "Q3 Thanks", "Q3 comment"];

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

/// Writes `y-m-d` as an Excel date (a number with a date format) at (row, col), 0-based.
fn date(ws: &mut Worksheet, row: u32, col: u16, (y, m, d): (u16, u8, u8), format: &Format) {
    ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(y, m, d).unwrap(), format).unwrap();
}

fn header(ws: &mut Worksheet, row: u32, headers: &[&str]) {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(row, c as u16, *h).unwrap();
    }
}

/// The workbook of [`every_cell_reads_as_typed_and_issues_name_the_sheets_rows`]: sheet
/// `Visits` (rows 0-based here, the sheet's row numbers are one more):
///
/// - rows 1-2 blank, the header on row 3;
/// - row 4, V1: text, a date, the number 5, the boolean TRUE;
/// - row 5 blank;
/// - row 6, V2: a formula `=2+1` with its cached 3, a comment with a line break;
/// - row 7, visit id the number 4.0, Region `=NA()` (#N/A), Q2 0.1, Q3 FALSE, the
///   comment `=1/0` (#DIV/0!);
/// - row 8, V5: Store `Hull` merged over rows 8-9, the date as text, Q1 a date cell,
///   Q2 `=1/0`;
/// - row 9, V6: no Store (the merged range's second cell);
/// - row 10, V7: a value past the header's last column.
///
/// And sheet `Later`, its header on row 1, V9 on row 2.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let dates = date_format();
    let ws = book.add_worksheet().set_name("Visits").unwrap();
    header(ws, 2, &HEADERS);
    let text = |ws: &mut Worksheet, row: u32, cells: &[(u16, &str)]| {
        for (c, t) in cells {
            ws.write_string(row, *c, *t).unwrap();
        }
    };
    text(ws, 3, &[(0, "V1"), (1, "Leeds"), (2, "North"), (4, "yes")]);
    date(ws, 3, 3, (2026, 9, 3), &dates);
    ws.write_number(3, 5, 5.0).unwrap();
    ws.write_boolean(3, 6, true).unwrap();

    text(ws, 5, &[(0, "V2"), (1, "Leeds"), (2, "North"), (4, "no"), (6, "no"), (7, "Rushed, no thanks\nreally")]);
    date(ws, 5, 3, (2026, 9, 10), &dates);
    ws.write_formula(5, 5, Formula::new("=2+1").set_result("3")).unwrap();

    ws.write_number(6, 0, 4.0).unwrap();
    text(ws, 6, &[(1, "York"), (4, "yes")]);
    ws.write_formula(6, 2, Formula::new("=NA()").set_result("#N/A")).unwrap();
    date(ws, 6, 3, (2026, 10, 1), &dates);
    ws.write_number(6, 5, 0.1).unwrap();
    ws.write_boolean(6, 6, false).unwrap();
    ws.write_formula(6, 7, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();

    text(ws, 7, &[(0, "V5"), (2, "South"), (3, "2026-10-02"), (6, "yes")]);
    ws.merge_range(7, 1, 8, 1, "Hull", &Format::new()).unwrap();
    date(ws, 7, 4, (2026, 9, 12), &Format::new().set_num_format("dd/mm/yyyy"));
    ws.write_formula(7, 5, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();

    text(ws, 8, &[(0, "V6"), (2, "South"), (4, "y"), (6, "yes")]);
    date(ws, 8, 3, (2026, 10, 3), &dates);
    ws.write_number(8, 5, 4.0).unwrap();

    text(ws, 9, &[(0, "V7"), (1, "York"), (2, "North"), (4, "yes"), (6, "yes"), (8, "stray")]);
    date(ws, 9, 3, (2026, 10, 4), &dates);
    ws.write_number(9, 5, 5.0).unwrap();

    let later = book.add_worksheet().set_name("Later").unwrap();
    header(later, 0, &HEADERS);
    for (c, t) in [(0, "V9"), (1, "Leeds"), (2, "North"), (4, "yes"), (5, "5"), (6, "yes")] {
        later.write_string(1, c, t).unwrap();
    }
    date(later, 1, 3, (2026, 10, 5), &dates);
    book.save_to_buffer().unwrap()
}

fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.write("r.yaml", rubric().as_bytes());
    s.write("v.xlsx", &workbook());
    s
}

fn score(s: &Sandbox, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "--rubric", "r.yaml", "--out", "out", "--charts", "none", "--no-xlsx"];
    args.extend_from_slice(extra);
    s.run(&args)
}

/// issues.csv as (file, line, visit_id, kind, column, value) and the problems.
fn issues(s: &Sandbox) -> (Vec<[String; 6]>, Vec<String>) {
    let rows = s.rows("issues.csv");
    let key = rows.iter().map(|r| [0, 1, 2, 5, 6, 7].map(|i| r[i].clone())).collect();
    (key, rows.iter().map(|r| r[8].clone()).collect())
}

/// Every cell of the workbook as read, and every line number in the issues. By hand, in
/// Mini's points (q1 2, q2 1 on 1-5, q3 1): V1 earns 2 + 1 + 1 of 4 = 100; V2 0 + (3 −
/// 1)/(5 − 1) + 0 = 0.5 of 4 = 12.5; V6 (`y`, 4, yes) 2 + 0.75 + 1 = 3.75 of 4 = 93.75;
/// V7 (yes, 5, yes, and a stray `stray` in column I, past the header's 8 names) 2 + 1 +
/// 1 = 4 of 4 = 100: the sheet reads 9 columns wide, as Excel's CSV export writes it,
/// the header's ninth name blank, so the stray cell is in a column no one reads.
#[test]
fn every_cell_reads_as_typed_and_issues_name_the_sheets_rows() {
    let s = sandbox();
    let out = score(&s, &["v.xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("read v.xlsx[Visits]: xlsx workbook, 6 rows, 6 visits\n"), "{}", stderr(&out));
    let visits = s.rows("visits.csv");
    let cut: Vec<Vec<&str>> = visits.iter().map(|r| r[..7].iter().map(String::as_str).collect()).collect();
    let f = "v.xlsx[Visits]";
    assert_eq!(
        cut,
        [
            vec![f, "4", "V1", "Leeds", "North", "2026-09", "100"],
            vec![f, "6", "V2", "Leeds", "North", "2026-09", "12.5"],
            // The number 4.0 is the id `4`; the region's #N/A reads as blank.
            vec![f, "7", "4", "York", "", "2026-10", &visits[2][6]],
            // The date typed as text reads as the same date.
            vec![f, "8", "V5", "Hull", "South", "2026-10", &visits[3][6]],
            // The merged Store cell is Hull on row 8 only.
            vec![f, "9", "V6", "", "South", "2026-10", "93.75"],
            vec![f, "10", "V7", "York", "North", "2026-10", "100"],
        ]
    );
    let row = |line: &str, id: &str, kind: &str, column: &str, value: &str| {
        [f, line, id, kind, column, value].map(String::from)
    };
    let (got, problems) = issues(&s);
    assert_eq!(
        got,
        [
            // 0.1 is no answer on 1-5; FALSE fails q3, whose comment is the error cell.
            row("7", "4", "invalid_answer", "Q2 Smile", "0.1"),
            row("7", "4", "missing_comment", "Q3 comment", ""),
            row("7", "4", "cell_error", "Region", "#N/A"),
            row("7", "4", "cell_error", "Q3 comment", "#DIV/0!"),
            row("8", "V5", "invalid_answer", "Q1 Greeted", "2026-09-12"),
            row("8", "V5", "invalid_answer", "Q2 Smile", "#DIV/0!"),
            row("9", "V6", "missing_location", "Store", ""),
        ]
    );
    assert!(problems[2].starts_with("the cell holds Excel's error #N/A (a formula that failed), read as blank"));
    assert!(problems[4].contains("(the cell is an Excel date:"), "{}", problems[4]);
    assert!(problems[5].contains("(the cell holds Excel's error #DIV/0!: its formula failed"), "{}", problems[5]);
    let j = s.summary();
    assert_eq!(j["issues"]["by_problem"]["cell_error"], 2);
    assert_eq!(j["inputs"][0]["encoding"], "xlsx workbook");
    assert_eq!(j["inputs"][0]["delimiter"], "-");
}

/// `--sheet` reads another sheet; one the workbook has not is an error listing its
/// sheets, the closest first.
#[test]
fn sheet_chooses_the_sheet_and_an_unknown_one_lists_them() {
    let s = sandbox();
    let out = score(&s, &["--sheet", "Later", "v.xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let visits = s.rows("visits.csv");
    assert_eq!(visits.len(), 1);
    // The text `5` in a scale reads as 5: 100.
    assert_eq!(visits[0][..7], ["v.xlsx[Later]", "2", "V9", "Leeds", "North", "2026-10", "100"]);
    assert!(s.rows("issues.csv").is_empty());

    let out = s.run(&["score", "--rubric", "r.yaml", "--out", "out2", "--sheet", "Latr", "v.xlsx"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("v.xlsx: the workbook has no sheet named `Latr`\n  hint: its sheets are `Later`, `Visits`;"),
        "{err}"
    );
    assert!(!s.path("out2").exists());
}

/// A sheet with no value is an error naming it, as an empty CSV file is.
#[test]
fn an_empty_sheet_is_an_error() {
    let s = sandbox();
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Nothing").unwrap();
    s.write("empty.xlsx", &book.save_to_buffer().unwrap());
    let out = score(&s, &["empty.xlsx"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("empty.xlsx[Nothing]: the sheet is empty: it has no header row\n  hint:"), "{err}");
    assert!(err.contains("the workbook's sheets are `Nothing`"), "{err}");
}

/// The workbook of `csv`'s visits, typed as a shopper's spreadsheet holds them: dates as
/// dates, scale answers as numbers (one a formula), yes/no as booleans where they can be.
fn twin(csv: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let dates = date_format();
    for (r, line) in csv.lines().enumerate() {
        let mut row = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let record = row.records().next().unwrap().unwrap();
        for (c, cell) in record.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let day = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok();
            if r == 0 || cell.is_empty() {
                if !cell.is_empty() {
                    ws.write_string(r, c, cell).unwrap();
                }
            } else if let Some(d) = day {
                use chrono::Datelike;
                date(ws, r, c, (d.year() as u16, d.month() as u8, d.day() as u8), &dates);
            } else if cell == "3" {
                ws.write_formula(r, c, Formula::new("=1+2").set_result("3")).unwrap();
            } else if let Ok(n) = cell.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else if c == 3 {
                ws.write_boolean(r, c, cell == "yes").unwrap();
            } else {
                ws.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The same visits as CSV and as a workbook give the same visits.csv and issues.csv,
/// byte for byte but for the file's name (`v.csv` against `v.xlsx[Sheet1]`, which
/// names the sheet its line numbers are rows of).
#[test]
fn the_same_visits_as_csv_and_as_a_workbook_give_the_same_reports() {
    let s = Sandbox::new();
    let csv = format!("{MINI_CSV}V4,York,2026-10-12,no,2,yes,\n,York,2026-10-13,yes,4,yes,\nV6,,bad,yes,9,maybe,\n");
    s.write("v.csv", csv.as_bytes());
    s.write("v.xlsx", &twin(&csv));
    let base = ["score", "--rubric", "mini.yaml", "--charts", "none", "--no-xlsx", "--out"];
    for (out, file) in [("csv", "v.csv"), ("book", "v.xlsx")] {
        let mut args = base.to_vec();
        args.extend([out, file]);
        let run = s.run(&args);
        assert_eq!(code(&run), 0, "{}", stderr(&run));
    }
    for report in ["visits.csv", "issues.csv"] {
        let from_csv = s.read(&format!("csv/{report}"));
        // A row that is not a visit is shown whole, as the workbook holds its cells: its
        // yes is the boolean TRUE there.
        let from_book = s.read(&format!("book/{report}")).replace("v.xlsx[Sheet1]", "v.csv");
        let from_book = from_book.replace("\",York,2026-10-13,TRUE,4,yes,\"", "\",York,2026-10-13,yes,4,yes,\"");
        assert_eq!(from_book, from_csv, "{report}");
        assert!(from_csv.lines().count() > 3, "{report}: {from_csv}");
    }
}

/// A folder holds CSV files and workbooks: both are read, in name order; Excel's lock
/// file (`~$b.xlsx`, there while b.xlsx is open) is not.
#[test]
fn a_folder_reads_csv_files_and_workbooks_in_name_order() {
    let s = Sandbox::new();
    std::fs::create_dir(s.path("data")).unwrap();
    let head = MINI_CSV.lines().next().unwrap();
    s.write("data/a.csv", format!("{head}\nA1,Leeds,2026-10-01,yes,5,yes,\n").as_bytes());
    s.write("data/b.xlsx", &twin(&format!("{head}\nB1,York,2026-10-02,yes,5,yes,\n")));
    // C1's id is repeated in b.xlsx: a duplicate across kinds of file, as across CSV files.
    s.write("data/c.csv", format!("{head}\nC1,York,2026-10-03,yes,5,yes,\nB1,York,2026-10-04,yes,5,yes,\n").as_bytes());
    s.write("data/~$b.xlsx", b"owner's name");
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none", "--no-xlsx", "data"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let files: Vec<(String, String)> = s.rows("visits.csv").iter().map(|r| (r[0].clone(), r[2].clone())).collect();
    let want = [("data/a.csv", "A1"), ("data/b.xlsx[Sheet1]", "B1"), ("data/c.csv", "C1"), ("data/c.csv", "B1")];
    assert_eq!(files, want.map(|(f, v)| (f.to_string(), v.to_string())));
    let issues = s.rows("issues.csv");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0][..3], ["data/c.csv", "3", "B1"]);
    assert_eq!(issues[0][5], "duplicate_visit_id");
    assert!(issues[0][8].contains("data/b.xlsx[Sheet1]"), "{}", issues[0][8]);
}

/// A workbook on standard input is told by its first bytes, and named `stdin[Sheet]`.
#[test]
fn a_workbook_on_standard_input_is_read() {
    let s = sandbox();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .args(["score", "--rubric", "r.yaml", "--out", "out", "--charts", "none", "--no-xlsx", "--sheet", "Later", "-"])
        .write_stdin(workbook())
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.rows("visits.csv")[0][..3], ["stdin[Later]", "2", "V9"]);
}

/// The passes before the run (`fields.replaces`, `--period latest`) read the workbook's
/// sheet too. R1 (Leeds, Oct 5, all best: 100) replaces A1 (Leeds, Oct 1, q1 no: 50),
/// so Leeds is 100; the latest month is October.
#[test]
fn the_passes_before_the_run_read_workbooks() {
    let s = Sandbox::new();
    s.write("r.yaml", MINI.replace("date: Date }", "date: Date, replaces: Redo }").as_bytes());
    let csv = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment,Redo\n\
               S1,York,2026-09-01,yes,5,yes,,\nA1,Leeds,2026-10-01,no,5,yes,,\nR1,Leeds,2026-10-05,yes,5,yes,,A1\n";
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Cover").unwrap().write_string(0, 0, "Visits are on the next sheet").unwrap();
    book.push_worksheet({
        let mut ws = Worksheet::new();
        ws.set_name("Data").unwrap();
        for (r, line) in csv.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
        ws
    });
    s.write("v.xlsx", &book.save_to_buffer().unwrap());
    let out = s.run_env(
        &[("SOURCE_DATE_EPOCH", "1792454400")],
        &[
            "score",
            "--rubric",
            "r.yaml",
            "--out",
            "out",
            "--charts",
            "none",
            "--no-xlsx",
            "--sheet",
            "Data",
            "--period",
            "latest",
            "v.xlsx",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    assert_eq!(j["reshops"], serde_json::json!({"named": 1, "replaced": 1}));
    let leeds = j["locations"].as_array().unwrap().iter().find(|l| l["location"] == "Leeds").unwrap();
    assert_eq!(leeds["score"], 100.0);
    assert_eq!(j["focus"]["period"], "2026-10");
}

/// A run file's `sheet:` key is `--sheet`.
#[test]
fn a_run_files_sheet_key_chooses_the_sheet() {
    let s = sandbox();
    s.write("audit.yaml", b"rubric: r.yaml\ninputs: [v.xlsx]\nsheet: Later\nout: out\nno_xlsx: true\ncharts: none\n");
    let out = s.run(&["run", "audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let visits = s.rows("visits.csv");
    assert_eq!(visits.len(), 1);
    assert!(visits[0][0].ends_with("v.xlsx[Later]"), "{:?}", visits[0]);
}

/// A zip archive that is no workbook (a CSV zipped) is told by its first bytes and
/// refused in words, not read as text.
#[test]
fn a_zip_that_is_not_a_workbook_is_named() {
    use std::io::Write;
    let s = Sandbox::new();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("v.csv", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(MINI_CSV.as_bytes()).unwrap();
    s.write("v.zip", &zip.finish().unwrap().into_inner());
    let out = s.score(&["v.zip"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("error: v.zip: this is a zip archive, but not a workbook that can be read ("), "{err}");
    assert!(err.contains("if it is another archive, unpack it and score the CSV it holds"), "{err}");
}

/// `check` names the sheet and its rows too. A time cell in `fields.time` reads as
/// `HH:MM`, a date-and-time cell there as its time of day (neither is a `bad_time`; the
/// text `soon` is), and a date cell in the date column in the rubric's `date_format`
/// (`%d/%m/%Y`: no `bad_date`).
#[test]
fn check_names_the_sheet_and_time_cells_read_as_times() {
    let s = Sandbox::new();
    let yaml =
        MINI.replace("date: Date }", "date: Date, time: Time }").replace("version: \"1\"", "date_format: \"%d/%m/%Y\"");
    s.write("t.yaml", yaml.as_bytes());
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Shops").unwrap();
    let headers = ["Visit ID", "Store", "Date", "Time", "Q1 Greeted", "Q2 Smile", "Q3 Thanks", "Q3 comment"];
    header(ws, 0, &headers);
    for (r, id) in [(1, "T1"), (2, "T2"), (3, "T3")] {
        for (c, t) in [(0, id), (1, "Leeds"), (4, "yes"), (6, "yes")] {
            ws.write_string(r, c, t).unwrap();
        }
        date(ws, r, 2, (2026, 10, 3), &date_format());
        ws.write_number(r, 5, 5.0).unwrap();
    }
    let time = Format::new().set_num_format("hh:mm");
    ws.write_datetime_with_format(1, 3, ExcelDateTime::from_hms(14, 30, 0).unwrap(), &time).unwrap();
    let at_nine = ExcelDateTime::from_ymd(2026, 10, 3).unwrap().and_hms(9, 5, 0).unwrap();
    ws.write_datetime_with_format(2, 3, at_nine, &Format::new().set_num_format("yyyy-mm-dd hh:mm")).unwrap();
    ws.write_string(3, 3, "soon").unwrap();
    s.write("t.xlsx", &book.save_to_buffer().unwrap());
    let out = s.run(&["check", "--rubric", "t.yaml", "t.xlsx"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let printed = stdout(&out) + &stderr(&out);
    assert!(printed.contains("t.xlsx[Shops]:4: visit T3 column `Time` value `soon`: time is not HH:MM"), "{printed}");
    assert!(printed.contains("1 data issue in 3 visits from 1 file"), "{printed}");
}

/// Excel 97-2003 (`.xls`) and OpenDocument (`.ods`) sheets, read whole rather than
/// streamed, give what their CSV gives. tests/workbooks/visits.xls and .ods were written
/// by LibreOffice 7 from tests/workbooks/visits.csv (`soffice --headless
/// --infilter="CSV:44,34,76,1" --convert-to xls visits.csv`, and `ods`), which made its
/// dates date cells, its numbers numbers and TRUE/FALSE booleans. With the rubric's
/// `date_format` `%d/%m/%Y` the date cells still read (as `03/09/2026`), where the CSV's
/// text `2026-09-03` does not.
#[test]
fn xls_and_ods_sheets_read_as_their_csv() {
    let s = Sandbox::new();
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workbooks");
    for name in ["visits.csv", "visits.xls", "visits.ods"] {
        s.write(name, &std::fs::read(here.join(name)).unwrap());
    }
    s.write("dmy.yaml", MINI.replace("version: \"1\"", "date_format: \"%d/%m/%Y\"").as_bytes());
    let score = |rubric: &str, file: &str| {
        let dir = format!("out-{file}");
        let out = s.run(&["score", "--rubric", rubric, "--out", &dir, "--charts", "none", "--no-xlsx", file]);
        assert_eq!(code(&out), 0, "{file}: {}", stderr(&out));
    };
    score("mini.yaml", "visits.csv");
    for (book, sheet) in [("visits.xls", "visits.xls[visits]"), ("visits.ods", "visits.ods[visits]")] {
        score("mini.yaml", book);
        for report in ["visits.csv", "issues.csv"] {
            let want = s.read(&format!("out-visits.csv/{report}"));
            assert_eq!(s.read(&format!("out-{book}/{report}")).replace(sheet, "visits.csv"), want, "{book} {report}");
        }
        let out = s.run(&["check", "--rubric", "dmy.yaml", book]);
        let printed = stdout(&out) + &stderr(&out);
        assert!(!printed.contains("bad_date") && !printed.contains("date does not match"), "{book}: {printed}");
        assert!(printed.contains("2 data issues in 4 visits from 1 file"), "{book}: {printed}");
    }
}

/// A malformed `.xls` on which calamine panics (tests/workbooks/broken.xls: visits.xls
/// with bytes changed, found by mutating it; its sectors run past the file's end) is
/// refused with a message naming it, not a crash.
#[test]
fn a_workbook_the_reader_fails_on_is_refused_in_words() {
    let s = Sandbox::new();
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workbooks/broken.xls");
    s.write("broken.xls", &std::fs::read(here).unwrap());
    let out = s.score(&["broken.xls"]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("error: broken.xls: this is an Office document (OLE compound file), but not a workbook that can be read (the reader failed on it: "),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
