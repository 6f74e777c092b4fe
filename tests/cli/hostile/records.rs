//! Hostile inputs: records (quotes left open, records with no end, inputs read once).

use super::*;

/// A quote case: the visits' lines, the lines of whole-row issues, and each
/// swallowed_rows issue as (line, column, the lines it names).
struct Quote {
    file: &'static str,
    visits: &'static [u64],
    whole_rows: &'static [u64],
    swallowed: &'static [(u64, &'static str, &'static str)],
}

const QUOTES: &[Quote] = &[
    Quote {
        file: "quote-last-field-closed-next-row.csv",
        visits: &[2, 3, 5, 6, 7],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "line 4 was")],
    },
    Quote {
        file: "quote-last-field-closed-rows-later.csv",
        visits: &[2, 3, 7],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "lines 4-6 were")],
    },
    Quote {
        file: "quote-middle-field-closed-next-row.csv",
        visits: &[2, 3, 5, 6, 7],
        whole_rows: &[],
        swallowed: &[(3, "Store", "line 4 was")],
    },
    // Closed in the Date field: the record has 6 fields, not a visit.
    Quote {
        file: "quote-middle-field-closed-rows-later.csv",
        visits: &[2, 7],
        whole_rows: &[3],
        swallowed: &[(3, "Store", "lines 4-6 were")],
    },
    Quote {
        file: "quote-first-field-closed-next-row.csv",
        visits: &[2, 3, 5, 6, 7],
        whole_rows: &[],
        swallowed: &[(3, "Visit ID", "line 4 was")],
    },
    Quote {
        file: "quote-first-field-closed-rows-later.csv",
        visits: &[2, 7],
        whole_rows: &[3],
        swallowed: &[(3, "Visit ID", "lines 4-6 were")],
    },
    Quote {
        file: "quote-first-field-never-closed.csv",
        visits: &[2, 3, 4],
        whole_rows: &[5],
        swallowed: &[(5, "Visit ID", "lines 6-7 were")],
    },
    Quote {
        file: "quote-middle-field-never-closed.csv",
        visits: &[2, 3],
        whole_rows: &[4],
        swallowed: &[(4, "Date", "lines 5-7 were")],
    },
    Quote {
        file: "quote-last-field-never-closed.csv",
        visits: &[2, 3, 4, 5, 6],
        whole_rows: &[],
        swallowed: &[(6, "Q3 comment", "line 7 was")],
    },
    Quote {
        file: "quote-never-closed-crlf-no-final-line-end.csv",
        visits: &[2, 3],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "lines 4-6 were")],
    },
    // The closing quote alone on line 6: that line is named too.
    Quote {
        file: "quote-closed-alone-on-a-line.csv",
        visits: &[2, 3, 7],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "lines 4-6 were")],
    },
    Quote {
        file: "two-quotes-left-open.csv",
        visits: &[2, 4, 5],
        whole_rows: &[],
        swallowed: &[(2, "Q3 comment", "line 3 was"), (5, "Q3 comment", "lines 6-8 were")],
    },
    // Comments over lines (commas and a blank line in them), a first cell over two lines.
    Quote {
        file: "multiline-cells-that-swallow-nothing.csv",
        visits: &[2, 3, 5, 7, 10],
        whole_rows: &[],
        swallowed: &[],
    },
];

#[test]
fn every_line_a_quote_swallows_is_named() {
    for q in QUOTES {
        let s = Sandbox::new();
        let input = case("records", q.file);
        s.write(q.file, &input);
        let before = outside(s.dir.path(), "out");
        let out = s.score(&[q.file]);
        assert_no_panic(&out);
        assert_eq!(code(&out), 0, "{}: {}", q.file, stderr(&out));
        assert_eq!(outside(s.dir.path(), "out"), before, "{}: files outside --out changed", q.file);
        let visits: Vec<u64> = s.rows("visits.csv").iter().map(|r| r[1].parse().unwrap()).collect();
        assert_eq!(visits, q.visits, "{}: visits", q.file);
        let issues = s.rows("issues.csv");
        let whole: Vec<u64> =
            issues.iter().filter(|r| r[8].contains("the row is not scored")).map(|r| r[1].parse().unwrap()).collect();
        assert_eq!(whole, q.whole_rows, "{}: whole-row issues", q.file);
        let swallowed: Vec<(u64, &str, &str)> = issues
            .iter()
            .filter(|r| swallowed_lines(&r[8]).is_some())
            .map(|r| (r[1].parse().unwrap(), r[6].as_str(), r[8].split(" read into").next().unwrap()))
            .collect();
        assert_eq!(swallowed, q.swallowed, "{}: swallowed_rows issues", q.file);
        assert_eq!(
            s.summary()["issues"]["by_problem"]["swallowed_rows"].as_u64().unwrap_or(0),
            q.swallowed.len() as u64
        );
        assert_lines_accounted(&s, q.file, &input, b',');
    }
}

/// The SHA-256 the workbook's About sheet gives for the input named `file`.
fn about_sha256(s: &Sandbox, file: &str) -> String {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let books: Vec<String> = listing(&s.path("out")).into_iter().filter(|n| n.ends_with(".xlsx")).collect();
    assert_eq!(books.len(), 1, "{books:?}");
    let mut book: Xlsx<_> = open_workbook(s.path("out").join(&books[0])).unwrap();
    let about = book.worksheet_range("About").unwrap();
    let row = about.rows().find(|r| matches!(r.first(), Some(Data::String(f)) if f == file));
    match row.and_then(|r| r.get(1)) {
        Some(Data::String(hash)) => hash.clone(),
        other => panic!("no About row for {file}: {other:?}"),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn shopscore(s: &Sandbox, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"));
    cmd.current_dir(s.dir.path()).args(args).timeout(std::time::Duration::from_secs(60));
    cmd
}

/// A named pipe can be read once: it used to be opened again for the About sheet's hash,
/// which waited for ever for a second writer.
#[test]
fn a_named_pipe_is_read_once_and_hashed_as_it_is_read() {
    let s = Sandbox::new();
    // The pipe lives outside the sandbox: reading it to snapshot the sandbox would block.
    let pipes = tempfile::tempdir().unwrap();
    let fifo = pipes.path().join("visits.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            // Ignore a closed pipe: the assertions below say what went wrong.
            let _ = pipe.write_all(MINI_CSV.as_bytes());
        })
    };
    let before = outside(s.dir.path(), "out");
    let name = fifo.display().to_string();
    let out = shopscore(&s, &["score", "--rubric", "mini.yaml", "--out", "out", &name]).output().unwrap();
    writer.join().unwrap();
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(outside(s.dir.path(), "out"), before);
    assert_eq!(s.rows("visits.csv").len(), 3);
    assert_eq!(about_sha256(&s, &name), sha256_hex(MINI_CSV.as_bytes()));
    assert_lines_accounted(&s, &name, MINI_CSV.as_bytes(), b',');
}

#[test]
fn standard_input_is_read_as_dash_and_named_stdin() {
    let s = Sandbox::new();
    let before = outside(s.dir.path(), "out");
    let out =
        shopscore(&s, &["score", "--rubric", "mini.yaml", "--out", "out", "-"]).write_stdin(MINI_CSV).output().unwrap();
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(outside(s.dir.path(), "out"), before);
    let files: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["stdin"; 3]);
    // V3's missing comment, on line 4 of standard input.
    let issues: Vec<(String, String)> =
        s.rows("issues.csv").into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    assert_eq!(issues, [("stdin".to_string(), "4".to_string())]);
    assert_eq!(s.summary()["inputs"][0]["file"], "stdin");
    assert!(stderr(&out).contains("read stdin: UTF-8"), "{}", stderr(&out));
    assert_eq!(about_sha256(&s, "stdin"), sha256_hex(MINI_CSV.as_bytes()));
    assert_lines_accounted(&s, "stdin", MINI_CSV.as_bytes(), b',');
    // `check` reads it too.
    let out = shopscore(&s, &["check", "--rubric", "mini.yaml", "-"]).write_stdin(MINI_CSV).output().unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("stdin:4:"), "{}", stdout(&out));
}

#[test]
fn standard_input_named_twice_is_refused() {
    let s = Sandbox::new();
    s.write("v.csv", MINI_CSV.as_bytes());
    let before = outside(s.dir.path(), "out");
    let out = shopscore(&s, &["score", "--rubric", "mini.yaml", "--out", "out", "-", "v.csv", "-"])
        .write_stdin(MINI_CSV)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("`-` (standard input) is named more than once") && err.contains("hint:"), "{err}");
    assert!(!s.path("out").exists(), "a refused run writes nothing");
    assert_eq!(outside(s.dir.path(), "out"), before);
}

/// `/dev/zero` is one line without end, and all NULs: it is refused at once as not CSV
/// text (with its file and a hint), instead of growing a buffer until the allocator aborts.
#[test]
fn dev_zero_is_refused_at_once() {
    let s = Sandbox::new();
    let before = outside(s.dir.path(), "out");
    let out = shopscore(&s, &["score", "--rubric", "mini.yaml", "--out", "out", "/dev/zero"]).output().unwrap();
    assert_no_panic(&out);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("error: /dev/zero: this is not CSV text"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(!s.path("out").exists());
    assert_eq!(outside(s.dir.path(), "out"), before);
}

/// A line with no end and no quote, past the 64 MiB a record may hold (text, so not
/// refused up front): the run stops at the record limit with its file and line.
#[test]
fn a_line_with_no_end_stops_the_run() {
    let s = Sandbox::new();
    let mut text = MINI_CSV.to_string();
    text.push_str("V9,Leeds,2026-09-03,");
    text.push_str(&"x".repeat((64 << 20) + 1));
    s.write("endless.csv", text.as_bytes());
    let before = outside(s.dir.path(), "out");
    let out = s.score(&["endless.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("endless.csv:5: the record starting on this line holds more than 64 MiB"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(!s.path("out").exists());
    assert_eq!(outside(s.dir.path(), "out"), before);
}

/// A quote opened on line 3 and never closed, in a file of 70 MB: the record would run
/// to the end, past the limit.
#[test]
fn a_quote_that_runs_past_the_record_limit_stops_the_run() {
    let s = Sandbox::new();
    let row = "V9,Leeds,2026-09-03,yes,5,yes,fine\n";
    let mut text: String = MINI_CSV.lines().take(2).map(|l| format!("{l}\n")).collect();
    text.push_str("V2,Leeds,2026-09-10,no,3,no,\"Rushed\n");
    text.push_str(&row.repeat((70 << 20) / row.len()));
    s.write("open.csv", text.as_bytes());
    let out = s.score(&["open.csv"]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("open.csv:3: the record starting on this line holds more than 64 MiB"), "{err}");
    assert!(err.contains("a quote opened here is never closed"), "{err}");
    assert!(!s.path("out").exists());
}

/// A row that is not a visit (two fields, one of 20 MB with commas in quotes) is a
/// whole-row issue whose value is the row as written, in time that grows with its length
/// (re-quoting it through csv::Writer's 8 KiB buffer searched the field's rest for a quote
/// at every fill: 18 s for 60 MB).
#[test]
fn a_huge_row_that_is_not_a_visit_is_listed_whole() {
    let s = Sandbox::new();
    let row = format!("V1,\"{}\"", "a,b ".repeat(5_000_000));
    let text = format!("{}\n{row}\n", MINI_CSV.lines().next().unwrap());
    s.write("huge.csv", text.as_bytes());
    let before = outside(s.dir.path(), "out");
    let out =
        shopscore(&s, &["score", "--rubric", "mini.yaml", "--out", "out", "--no-xlsx", "--charts", "none", "huge.csv"])
            .output()
            .unwrap();
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(outside(s.dir.path(), "out"), before);
    let issues = s.rows("issues.csv");
    // The whole-row issue, and the note that the workbook would show it cut.
    assert_eq!(issues.len(), 2, "{:?}", issues.iter().map(|r| &r[8]).collect::<Vec<_>>());
    assert!(issues[0][8].contains("the row is not scored") && issues[1][8].contains("more than an Excel cell"));
    assert_eq!((issues[0][1].as_str(), issues[0][7].len()), ("2", row.len()));
    assert!(issues[0][7] == row, "the value is the row as written");
    assert_lines_accounted(&s, "huge.csv", text.as_bytes(), b',');
}

/// A rubric that can be read once (`/dev/stdin` here, a pipe or `<(...)` alike) is hashed
/// as it is read: the About sheet used to read it again at the end and give the hash of
/// nothing (`e3b0c442...`).
#[test]
fn a_rubric_read_once_is_hashed_as_it_was_read() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = shopscore(&s, &["score", "--rubric", "/dev/stdin", "--out", "out", "--charts", "none", "m.csv"])
        .write_stdin(MINI)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(about_sha256(&s, "Rubric SHA-256"), sha256_hex(MINI.as_bytes()));
}
