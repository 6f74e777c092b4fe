//! Runs that cannot proceed: exit 2, a message naming the place and a hint, nothing
//! written, earlier reports left as they were.

use crate::support::*;

#[test]
fn missing_column_names_the_closest_header_and_writes_nothing() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.replace("Q2 Smile", "Q2 Smiled").as_bytes());
    std::fs::create_dir(s.path("out")).unwrap();
    s.write("out/visits.csv", b"previous run\n");
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("m.csv") && err.contains("missing required column `Q2 Smile`"), "{err}");
    assert!(err.contains("closest header is `Q2 Smiled`"), "{err}");
    assert_eq!(listing(&s.path("out")), ["visits.csv"]);
    assert_eq!(s.read("out/visits.csv"), "previous run\n");
}

#[test]
fn a_bad_second_file_stops_the_run_before_any_row() {
    let s = Sandbox::new();
    s.write("good.csv", MINI_CSV.as_bytes());
    s.write("bad.csv", b"Visit,Store\n1,Leeds\n");
    let out = s.score(&["good.csv", "bad.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("bad.csv"), "{}", stderr(&out));
    assert!(!s.path("out/visits.csv").exists());
}

#[test]
fn broken_rubric_names_line_and_column() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    s.write("bad.yaml", MINI.replace("type: scale", "type: scale, wieght: 2").as_bytes());
    let out = s.run(&["score", "--rubric", "bad.yaml", "--out", "out", "m.csv"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("bad.yaml:12:"), "{err}");
    assert!(err.contains("unknown key `wieght`"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(!s.path("out").exists());
}

#[test]
fn rule_errors_name_the_rubric_path() {
    let s = Sandbox::new();
    s.write("bad.yaml", MINI.replace("points: 2", "points: -2").as_bytes());
    let out = s.run(&["check", "--rubric", "bad.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("bad.yaml:11:") && stderr(&out).contains("sections[0].questions[0].points"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_input_file_and_rubric() {
    let s = Sandbox::new();
    let out = s.score(&["nope.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nope.csv"), "{}", stderr(&out));
    let out = s.run(&["score", "--rubric", "nope.yaml", "m.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nope.yaml"), "{}", stderr(&out));
}

#[test]
fn empty_file_and_bad_threshold() {
    let s = Sandbox::new();
    s.write("empty.csv", b"");
    let out = s.score(&["empty.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no header line"), "{}", stderr(&out));
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--fail-under", "150", "m.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a percentage"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    let s = Sandbox::new();
    assert_eq!(code(&s.run(&["score", "--rubric", "mini.yaml"])), 2);
    assert_eq!(code(&s.run(&["frobnicate"])), 2);
}

#[test]
fn a_folder_means_its_csv_files_in_name_order() {
    let s = Sandbox::new();
    std::fs::create_dir(s.path("drop")).unwrap();
    let mut lines = MINI_CSV.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    s.write("drop/b-2026-10.csv", format!("{header}\n{}\n", rows[2]).as_bytes());
    s.write("drop/a-2026-09.CSV", format!("{header}\n{}\n{}\n", rows[0], rows[1]).as_bytes());
    s.write("drop/notes.txt", b"not data");
    let out = s.score(&["drop"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let files: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["drop/a-2026-09.CSV", "drop/a-2026-09.CSV", "drop/b-2026-10.csv"]);
    std::fs::create_dir(s.path("empty")).unwrap();
    let out = s.score(&["empty"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("holds no .csv file"), "{}", stderr(&out));
}

#[test]
fn a_report_that_cannot_be_placed_leaves_every_old_report() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    std::fs::create_dir_all(s.path("out/summary.json")).unwrap();
    s.write("out/visits.csv", b"previous run\n");
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    assert_eq!(s.read("out/visits.csv"), "previous run\n");
    assert_eq!(
        listing(&s.path("out")),
        [".shopscore-lock", "summary.json", "visits.csv"],
        "only the lock file (kept between runs) is new"
    );
}

#[test]
fn an_input_the_reports_would_overwrite_is_refused() {
    let s = Sandbox::new();
    std::fs::create_dir(s.path("data")).unwrap();
    s.write("data/visits.csv", MINI_CSV.as_bytes());
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "data", "data/visits.csv"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("would write its report over it"), "{}", stderr(&out));
    assert_eq!(s.read("data/visits.csv"), MINI_CSV, "the shopper data is untouched");
}
