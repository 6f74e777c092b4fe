//! The hostile-input corpus (`tests/hostile/`, one folder per class of input) and the
//! checks every case of it must pass: a clear exit code, no panic, nothing outside
//! `--out` touched, and every physical line of every input accounted for.
//!
//! Each class has its own file here, driving its own folder of cases.
#![allow(dead_code)] // until every class uses each check

mod encoding;
mod outdir;
mod records;
mod rubric;
mod terminal;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::*;

/// The corpus folder of one class, `tests/hostile/<class>/`.
pub fn corpus(class: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile").join(class)
}

/// The bytes of one corpus case, `tests/hostile/<class>/<name>`.
pub fn case(class: &str, name: &str) -> Vec<u8> {
    let path = corpus(class).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A run ended by the tool, not by a crash: exit 0, 1 or 2, and no panic message.
pub fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(matches!(code(out), 0..=2), "exit {:?}: {err}", out.status);
}

/// Everything under `root` but `out` (its relative path), as bytes for files and
/// targets for symbolic links: compared before and after a run, it shows that nothing
/// outside the output folder was created, changed or removed.
pub fn outside(root: &Path, out: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, skip: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            if path == skip {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                into.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                into.insert(rel, b"<dir>".to_vec());
                walk(&path, root, skip, into);
            } else {
                into.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut into = BTreeMap::new();
    walk(root, root, &root.join(out), &mut into);
    into
}

/// Every record of `input` (UTF-8 or single-byte text, `delimiter`-separated, header
/// first) is accounted for by a run into `out/`: its first line is the line of a
/// `visits.csv` row or of an issue of that file. `file` is the input's name as the run
/// names it. Blank lines are not records.
pub fn assert_accounted(s: &Sandbox, file: &str, input: &[u8], delimiter: u8) {
    let mut lines = std::collections::BTreeSet::new();
    for row in s.rows("visits.csv").into_iter().chain(s.rows("issues.csv")) {
        if row[0] == file {
            lines.insert(row[1].parse::<u64>().unwrap());
        }
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(input);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        let line = record.position().unwrap().line();
        assert!(lines.contains(&line), "{file}: the record on line {line} is in no visits.csv row and no issue");
    }
}
