//! A small builder over the built binary and a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The rubric most tests use. Hand-computed numbers in the tests refer to it:
/// welcome = q1 (yes_no, 2 points) + q2 (scale 1-5, 1 point); close = q3 (yes_no, 1 point,
/// comment required when failed).
pub const MINI: &str = r#"name: Mini
version: "1"
target: 80
grades:
  - { name: Good, min: 80 }
  - { name: Poor, min: 0 }
fields: { visit_id: "Visit ID", location: Store, date: Date }
sections:
  - id: welcome
    questions:
      - { id: q1, column: "Q1 Greeted", type: yes_no, points: 2 }
      - { id: q2, column: "Q2 Smile", type: scale }
  - id: close
    questions:
      - id: q3
        column: "Q3 Thanks"
        type: yes_no
        comment: "Q3 comment"
        comment_required_on_fail: true
"#;

/// V1 all best; V2 q1 no, q2 3, q3 no with comment; V3 q2 N/A, q3 no without comment.
pub const MINI_CSV: &str = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment
V1,Leeds,2026-09-03,yes,5,yes,
V2,Leeds,2026-09-10,no,3,no,\"Rushed, no thanks\"
V3,York,2026-10-01,yes,N/A,no,
";

pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let s = Sandbox { dir: tempfile::tempdir().unwrap() };
        s.write("mini.yaml", MINI.as_bytes());
        s
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Runs `shopscore ARGS` in the sandbox.
    pub fn run(&self, args: &[&str]) -> Output {
        // The table fits the terminal's width: a test's own is unknown, so 80 columns.
        Command::new(env!("CARGO_BIN_EXE_shopscore"))
            .current_dir(self.dir.path())
            .env_remove("COLUMNS")
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `shopscore score --rubric mini.yaml --out out FILES` and returns the output.
    pub fn score(&self, files: &[&str]) -> Output {
        let mut args = vec!["score", "--rubric", "mini.yaml", "--out", "out"];
        args.extend_from_slice(files);
        self.run(&args)
    }

    /// Rows of a CSV report in `out/`, header excluded.
    pub fn rows(&self, name: &str) -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_path(self.path("out").join(name)).unwrap();
        r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
    }

    pub fn summary(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("out/summary.json")).unwrap()
    }
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Files in a folder (names only, sorted), for "nothing was written" checks.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

impl Sandbox {
    /// Runs `shopscore ARGS` with extra environment variables.
    pub fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_shopscore"));
        cmd.current_dir(self.dir.path()).env_remove("COLUMNS").args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }
}
