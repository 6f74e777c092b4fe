//! Hostile inputs: terminal. Text from the data or the rubric that a terminal would act
//! on (ANSI escapes, a carriage return, bidi overrides) or that would flood it (a name
//! of megabytes) is shown escaped and cut on stdout and stderr; the report files keep it
//! as read.

use super::*;

/// Fails if `bytes` hold a character a terminal acts on: a control character other than
/// `\n` (C0, DEL, C1) or a bidi embedding, override, isolate or mark.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (at, c) in text.char_indices() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
        let acts = bidi || (c.is_control() && c != '\n');
        assert!(!acts, "{what}: {c:?} at byte {at} reaches the terminal:\n{text}");
    }
}

/// The corpus files into a sandbox (besides mini.yaml).
fn sandbox(names: &[&str]) -> Sandbox {
    let s = Sandbox::new();
    for name in names {
        s.write(name, &case("terminal", name));
    }
    s
}

#[test]
fn control_characters_in_names_are_escaped_in_the_table() {
    let s = sandbox(&["control-names.csv", "control-rubric.yaml"]);
    let before = outside(s.dir.path(), "out");
    let out =
        s.run(&["score", "--rubric", "control-rubric.yaml", "--out", "out", "--charts", "none", "control-names.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_inert("stdout", &out.stdout);
    assert_inert("stderr", &out.stderr);
    let table = stdout(&out);
    // The quoted `\r` reads as a line break; either way it shows as two characters.
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "Mini\\x1b[2J\\u{202e} 1, target 80");
    assert_eq!(lines[1], "2026-09: 4 visits in 4 rows from 1 file");
    let fake = lines.iter().find(|l| l.contains("Overall 100.0")).unwrap();
    assert!(fake.starts_with("4  X\\n\\x1b[2KOverall 100.0 "), "{fake}");
    assert_eq!(lines.iter().filter(|l| l.trim_start().starts_with("Overall")).count(), 1, "{table}");
    for want in ["1  Le\\u{9b}31meds ", "abc\\u{202e}fed ", "\\u{2066}Tab\\there\\u{2069} ", " Go\\rod "] {
        assert!(table.contains(want), "{want} in\n{table}");
    }
    // Columns line up: every row's Visits column ends where the header's does.
    assert!(lines[3].starts_with("#  Location"), "{table}");
    let end = lines[3].find("Visits").unwrap() + "Visits".len();
    for row in &lines[4..8] {
        let col: String = row.chars().skip(end - 3).take(3).collect();
        assert_eq!(col, " *1", "{row}");
    }
    // The reports keep the text as read.
    let locations: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[3].clone()).collect();
    assert!(locations.contains(&"X\n\x1b[2KOverall 100.0".to_string()), "{locations:?}");
    assert_eq!(before, outside(s.dir.path(), "out"));
    // Every row is a visit (assert_accounted counts lines as the csv crate does, which
    // does not count the lone `\r` as a line break).
    let ids: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[2].clone()).collect();
    assert_eq!(ids, ["V1", "V2", "V\x1b]0;pwned\x07", "V4"]);
}

#[test]
fn check_escapes_ids_columns_and_values() {
    let s = sandbox(&["control-names.csv"]);
    let out = s.run(&["check", "--rubric", "mini.yaml", "control-names.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 1, "data issues: {}", stderr(&out));
    assert_inert("stdout", &out.stdout);
    assert_inert("stderr", &out.stderr);
    let lines = stdout(&out);
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(
        lines,
        [
            "control-names.csv:5: visit V\\x1b]0;pwned\\x07 column `Q1 Greeted` value `ye\\x1b[8ms`: invalid answer to q1; expected yes or no",
            "control-names.csv:6: visit V4 column `Q2 Smile` value `\\x7f`: invalid answer to q2; expected a number from 1 to 5 in steps of 1",
            "2 data issues in 4 visits from 1 file",
        ]
    );
}

#[test]
fn an_error_quoting_a_header_escapes_it() {
    let s = sandbox(&["control-header.csv"]);
    let out = s.score(&["control-header.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 2);
    assert_inert("stderr", &out.stderr);
    let err = stderr(&out);
    assert!(err.starts_with("error: control-header.csv: missing required column `Q1 Greeted`"), "{err}");
    assert!(err.contains("\n  hint: the closest header is `Q1 Greeted\\x1b[2K`"), "{err}");
    assert!(!s.path("out").exists(), "a failed run writes nothing");
}

/// A 5 MB location name (the issue's was 50 MB, and printed a 262 MB table) and a 1 MB
/// cell in a row with a field too many: the table shows 39 characters of the name and
/// `…`, `check` 79 of the raw row and `…`.
#[test]
fn huge_names_and_values_are_cut() {
    let s = Sandbox::new();
    let name = "N".repeat(5 << 20);
    let extra = "e".repeat(1 << 20);
    let csv = format!(
        "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\nV1,{name},2026-09-03,yes,5,yes,\nV2,York,2026-09-04,yes,5,yes,,{extra}\n"
    );
    s.write("big.csv", csv.as_bytes());
    let out = s.score(&["--no-xlsx", "--charts", "none", "big.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.len() < 2_000, "{} bytes of table", table.len());
    let row = table.lines().find(|l| l.starts_with("1  ")).unwrap();
    assert!(row.starts_with(&format!("1  {}…  ", "N".repeat(39))), "{row}");
    // The report keeps the whole name.
    assert_eq!(s.rows("visits.csv")[0][3].len(), 5 << 20);

    let out = s.run(&["check", "--rubric", "mini.yaml", "big.csv"]);
    assert_no_panic(&out);
    let text = stdout(&out);
    assert!(text.len() < 1_000, "{} bytes of check output", text.len());
    let raw = format!("V2,York,2026-09-04,yes,5,yes,,{}", "e".repeat(49));
    assert!(text.contains(&format!("value `{raw}…`: the row has 8 fields")), "{text}");
}

/// A value the user typed, quoted in an error, is cut to 80 columns, and the hint after
/// it still shows; any other line of a message stops at 4,096 columns.
#[test]
fn a_huge_value_in_an_error_is_cut() {
    let s = Sandbox::new();
    s.write("v.csv", MINI_CSV.as_bytes());
    let period = format!("2026-{}", "9".repeat(20_000));
    let out = s.score(&["--period", &period, "v.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 2);
    let want = format!(
        "error: --period `2026-{}…` is not a month\n  hint: write it as YYYY-MM, e.g. 2026-09, `latest` for the latest month in the inputs, or `previous` for the month before the run date's\n",
        "9".repeat(74)
    );
    assert_eq!(stderr(&out), want);
    // A path of 20,000 characters: the message line stops at 4,096, the hint follows.
    let rubric = format!("{}x.yaml", "r/".repeat(10_000));
    let out = s.run(&["score", "--rubric", &rubric, "--out", "out", "v.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(lines[0].chars().count(), 4096);
    assert!(lines[0].starts_with("error: ") && lines[0].ends_with("r/r/…"), "{}", lines[0]);
    assert!(lines[1].starts_with("  hint: "), "{err}");
}

/// What a spreadsheet opening visits.csv or issues.csv would run as a formula gets a `'`
/// in front (exact bytes below, worked out by hand); a signed number and `-` alone stay
/// as read; `--raw-csv` and a run file's `raw_csv: true` keep every cell as read, and
/// summary.json (for programs) always does.
#[test]
fn formula_cells_in_the_csv_reports_are_guarded() {
    let s = sandbox(&["formulas.csv"]);
    let before = outside(s.dir.path(), "out");
    let out = s.score(&["--no-xlsx", "--charts", "none", "formulas.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let head = "file,line,visit_id,location,region,period,score,grade,critical_failures,welcome,close\n";
    let visits = |guard: &str| {
        format!(
            "{head}formulas.csv,2,{g}=1+1,\"{g}=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,2026-09,100,Good,0,100,100\n\
             formulas.csv,3,V2,{g}@SUM(A1),,2026-09,100,Good,0,,100\n\
             formulas.csv,4,V3,{g}-York,,2026-09,100,Good,0,,100\n\
             formulas.csv,6,V4,'=Leeds,,2026-09,100,Good,0,100,\n",
            g = guard
        )
    };
    let issues = |g: &str| {
        format!(
            "file,line,visit_id,location,shopper,kind,column,value,problem\n\
             formulas.csv,2,{g}=1+1,\"{g}=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,invalid_answer,Q1 Greeted,{g}=cmd|' /C calc'!A0,invalid answer to q1; expected yes or no\n\
             formulas.csv,3,V2,{g}@SUM(A1),,invalid_answer,Q1 Greeted,{g}\t=1+1,invalid answer to q1; expected yes or no\n\
             formulas.csv,3,V2,{g}@SUM(A1),,invalid_answer,Q2 Smile,-3,invalid answer to q2; expected a number from 1 to 5 in steps of 1\n\
             formulas.csv,4,V3,{g}-York,,invalid_answer,Q1 Greeted,\"{g}\n=2+2\",invalid answer to q1; expected yes or no\n"
        )
    };
    assert_eq!(s.read("out/visits.csv"), visits("'"));
    assert_eq!(s.read("out/issues.csv"), issues("'"));
    let locations = |s: &Sandbox| -> Vec<String> {
        let mut l: Vec<String> = s.summary()["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["location"].as_str().unwrap().into())
            .collect();
        l.sort();
        l
    };
    let raw = ["'=Leeds", "-York", "=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(A1)"];
    let mut raw: Vec<String> = raw.map(String::from).to_vec();
    raw.sort();
    assert_eq!(locations(&s), raw, "summary.json is raw");
    assert_eq!(before, outside(s.dir.path(), "out"));
    assert_accounted(&s, "formulas.csv", &case("terminal", "formulas.csv"), b',');

    let out = s.score(&["--no-xlsx", "--charts", "none", "--raw-csv", "formulas.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.read("out/visits.csv"), visits(""));
    assert_eq!(s.read("out/issues.csv"), issues(""));

    s.write(
        "audit.yaml",
        b"rubric: mini.yaml\ninputs: [formulas.csv]\nout: out\nno_xlsx: true\ncharts: none\nraw_csv: true\n",
    );
    let out = s.run(&["run", "audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.read("out/issues.csv"), issues(""));
    let out = s.run(&["run", "audit.yaml", "--raw-csv=false"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.read("out/issues.csv"), issues("'"));
}

/// 2026-11-23 00:00 UTC: the latest visit date accepted is 2027-11-23.
const RUN_DATE: (&str, &str) = ("SOURCE_DATE_EPOCH", "1795392000");

/// A date more than a year after the run date is a bad date (period `unknown`, still
/// scored), with or without the rubric's future-date check: 2027-11-23 is in,
/// 2027-11-24 and 9999-12-31 are out, and the workbook is named by 2027-11, not 9999-12.
#[test]
fn far_future_dates_are_bad_dates() {
    let s = sandbox(&["far-future.csv"]);
    let before = outside(s.dir.path(), "out");
    let args = ["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "none", "far-future.csv"];
    let out = s.run_env(&[RUN_DATE], &args);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let periods: Vec<(String, String)> =
        s.rows("visits.csv").into_iter().map(|r| (r[2].clone(), r[5].clone())).collect();
    let want = [("V1", "2027-11"), ("V2", "unknown"), ("V3", "unknown"), ("V4", "2026-11")];
    assert_eq!(periods, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let problem = "date is more than a year after the run date 2026-11-23 (the latest accepted is 2027-11-23); the visit is scored with period `unknown`";
    let issues: Vec<Vec<String>> = s.rows("issues.csv");
    let want: Vec<Vec<String>> = [("3", "V2", "2027-11-24"), ("4", "V3", "9999-12-31")]
        .iter()
        .map(|(line, id, v)| {
            ["far-future.csv", line, id, "York", "", "bad_date", "Date", v, problem].map(String::from).to_vec()
        })
        .collect();
    assert_eq!(issues, want);
    assert_eq!(s.summary()["issues"]["by_problem"]["bad_date"], 2);
    assert!(s.path("out/mini-2026-11_2027-11.xlsx").exists(), "{:?}", listing(&s.path("out")));
    assert_eq!(before, outside(s.dir.path(), "out"));
    assert_accounted(&s, "far-future.csv", &case("terminal", "far-future.csv"), b',');

    // With the future-date check on: 2027-11-23 is after the run date (future_date),
    // the later two are bad dates only, V4 (the run date itself) is neither.
    s.write("checked.yaml", format!("{MINI}checks: {{ future_dates: true }}\n").as_bytes());
    let out = s.run_env(&[RUN_DATE], &["check", "--rubric", "checked.yaml", "far-future.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 1);
    let lines = stdout(&out);
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(
        lines,
        [
            "far-future.csv:2: visit V1 column `Date` value `2027-11-23`: the visit is dated after today (2026-11-23); check the date with the shopper".to_string(),
            format!("far-future.csv:3: visit V2 column `Date` value `2027-11-24`: {problem}"),
            format!("far-future.csv:4: visit V3 column `Date` value `9999-12-31`: {problem}"),
            "3 data issues in 4 visits from 1 file".to_string(),
        ]
    );
}

/// A `SOURCE_DATE_EPOCH` that is not whole seconds stops `score` and `check` before any
/// row is read (exit 2, the value named, a hint); an empty one means "not set".
#[test]
fn a_bad_source_date_epoch_is_an_error() {
    let s = sandbox(&["far-future.csv"]);
    for value in ["soon", "1795392000.5", "2026-11-23", "99999999999999999999"] {
        for args in [
            &["score", "--rubric", "mini.yaml", "--out", "out", "far-future.csv"][..],
            &["check", "--rubric", "mini.yaml", "far-future.csv"],
        ] {
            let out = s.run_env(&[("SOURCE_DATE_EPOCH", value)], args);
            assert_no_panic(&out);
            assert_eq!(code(&out), 2, "{value} {args:?}");
            let err = stderr(&out);
            assert_eq!(
                err,
                format!(
                    "error: SOURCE_DATE_EPOCH `{value}` is not a date in whole seconds since 1970-01-01 UTC\n  hint: set it to a number such as 1795392000 (2026-11-23), or unset it to use today's date\n"
                )
            );
            assert!(stdout(&out).is_empty());
            assert!(!s.path("out").exists(), "a failed run writes nothing");
        }
    }
    // Empty: today's date from the clock, whatever it is (9999-12-31 is out for a while).
    let out = s.run_env(&[("SOURCE_DATE_EPOCH", "")], &["check", "--rubric", "mini.yaml", "far-future.csv"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("value `9999-12-31`: date is more than a year after the run date "), "{text}");
}

/// `--json` prints the summary on stdout, where a terminal may show it: serde escapes only
/// the C0 controls, so DEL, C1 (`\u009b` starts an escape on some terminals) and the bidi
/// controls are written as `\uXXXX` too. A JSON reader gets the names back as read.
#[test]
fn json_on_stdout_is_inert_and_reads_back_the_same() {
    let s = sandbox(&["control-names.csv"]);
    let out =
        s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--json", "--charts", "none", "control-names.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_inert("stdout", &out.stdout);
    let text = stdout(&out);
    assert!(text.contains(r#""Le\u009b31meds""#) && text.contains(r#""abc\u202efed""#), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> =
        json["locations"].as_array().unwrap().iter().map(|l| l["location"].as_str().unwrap()).collect();
    for name in ["Le\u{9b}31meds", "abc\u{202e}fed", "\u{2066}Tab\there\u{2069}"] {
        assert!(names.contains(&name), "{name:?} in {names:?}");
    }
    assert_eq!(std::fs::read(s.path("out/summary.json")).unwrap(), out.stdout, "the same JSON as summary.json");
}
