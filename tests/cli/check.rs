//! `shopscore check` and `shopscore template`.

use crate::support::*;

#[test]
fn check_rubric_alone_is_ok() {
    let s = Sandbox::new();
    let out = s.run(&["check", "--rubric", "mini.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("rubric OK (2 sections, 3 questions)"), "{}", stdout(&out));
}

#[test]
fn check_lists_issues_writes_nothing_and_exits_1() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.run(&["check", "--rubric", "mini.yaml", "m.csv"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("m.csv:4: visit V3 column `Q3 comment`"), "{text}");
    assert!(text.contains("1 data issue in 3 visits"), "{text}");
    assert!(!s.path("reports").exists());
    s.write(
        "clean.csv",
        MINI_CSV.replace("V3,York,2026-10-01,yes,N/A,no,", "V3,York,2026-10-01,yes,N/A,no,late").as_bytes(),
    );
    assert_eq!(code(&s.run(&["check", "--rubric", "mini.yaml", "clean.csv"])), 0);
}

#[test]
fn template_prints_the_form_and_it_scores_cleanly() {
    let s = Sandbox::new();
    let out = s.run(&["template", "--rubric", "mini.yaml"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let mut lines = text.lines();
    // Mini names no optional field (region, shopper, channel, time) and has no check
    // reading one: the form holds the three it names and the answers.
    assert_eq!(lines.next(), Some("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment"));
    s.write("form.csv", text.as_bytes());
    let out = s.score(&["form.csv"]);
    assert_eq!(code(&out), 0);
    assert_eq!(s.rows("visits.csv")[0][6], "100");
    assert!(s.rows("issues.csv").is_empty());
    let header_only = s.run(&["template", "--rubric", "mini.yaml", "--header-only"]);
    assert_eq!(stdout(&header_only).lines().count(), 1);
}

#[test]
fn help_has_examples() {
    let s = Sandbox::new();
    let out = s.run(&["score", "--help"]);
    assert!(stdout(&out).contains("Examples:") && stdout(&out).contains("--fail-under"));
}

/// On an 80-column terminal every help text fits, and no example command is broken in
/// the middle: each example line is a command (`  shopscore ...`) or its `\` continuation.
#[test]
fn help_examples_fit_80_columns_whole() {
    let s = Sandbox::new();
    for sub in [&[][..], &["score"], &["check"], &["run"], &["init"], &["template"]] {
        let mut args = sub.to_vec();
        args.push("--help");
        let help = stdout(&s.run_env(&[("COLUMNS", "80")], &args));
        assert!(help.lines().all(|l| l.chars().count() <= 80), "{args:?}:\n{help}");
        let examples = help.lines().skip_while(|l| !l.starts_with("Example")).skip(1).take_while(|l| !l.is_empty());
        let mut continued = false;
        for line in examples {
            let ok = if continued { line.starts_with("      ") } else { line.starts_with("  shopscore ") };
            assert!(ok, "{args:?}: an example broken mid-command: {line:?}\n{help}");
            continued = line.ends_with('\\');
        }
    }
}

/// `check ... | head -1`: the reader goes away, the exit code still says "issues found".
#[test]
fn a_closed_stdout_keeps_the_exit_code() {
    let s = Sandbox::new();
    let mut csv = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for i in 0..5000 {
        csv.push_str(&format!("V{i},L{i},2026-09-03,,5,yes,\n"));
    }
    s.write("big.csv", csv.as_bytes());
    for args in [
        vec!["check", "--rubric", "mini.yaml", "big.csv"],
        vec![
            "score",
            "--rubric",
            "mini.yaml",
            "--out",
            "out",
            "--json",
            "--no-xlsx",
            "--charts",
            "none",
            "--max-issues",
            "0",
            "big.csv",
        ],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shopscore"))
            .current_dir(s.dir.path())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
