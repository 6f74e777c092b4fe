//! The hostile-input corpus (`tests/hostile/`, one folder per class of input) and the
//! checks every case of it must pass: a clear exit code, no panic, nothing outside
//! `--out` touched, and every physical line of every input accounted for.
//!
//! Each class has its own file here, driving its own folder of cases.

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

/// The lines a `swallowed_rows` issue names (`line 4 was read ...`, `lines 4-6 were read
/// ...`), or `None` for any other issue.
pub fn swallowed_lines(problem: &str) -> Option<std::ops::RangeInclusive<u64>> {
    let (named, _) = problem.split_once(" read into this cell")?;
    let range = named.strip_prefix("lines ").or_else(|| named.strip_prefix("line "))?;
    let range = range.trim_end_matches(" were").trim_end_matches(" was");
    let (a, b) = range.split_once('-').unwrap_or((range, range));
    Some(a.parse().ok()?..=b.parse().ok()?)
}

/// [`assert_accounted`], and every physical line too: each record (as the csv crate
/// reads `input`, line ends made `\n` first, as the csv crate counts a `\r\n` file's
/// lines its own way) starts on the line of a visit or an issue; its own row is its first line, or the
/// first that looks like a whole row (at least as many delimiters as the header) when
/// the first does not; every line after that own row that looks like a whole row, and
/// every line after the first of those to the record's end, must be named by a
/// `swallowed_rows` issue of the record. Blank lines are not records.
pub fn assert_lines_accounted(s: &Sandbox, file: &str, input: &[u8], delimiter: u8) {
    let mut listed = std::collections::BTreeSet::new();
    for row in s.rows("visits.csv").into_iter().chain(s.rows("issues.csv")) {
        if row[0] == file {
            listed.insert(row[1].parse::<u64>().unwrap());
        }
    }
    let mut named: Vec<(u64, std::ops::RangeInclusive<u64>)> = Vec::new();
    for row in s.rows("issues.csv") {
        if row[0] == file
            && let Some(range) = swallowed_lines(&row[8])
        {
            named.push((row[1].parse().unwrap(), range));
        }
    }
    let text = String::from_utf8_lossy(input).replace("\r\n", "\n").replace('\r', "\n").into_bytes();
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(&text[..]);
    let mut starts = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut header_fields = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        if starts.is_empty() {
            header_fields = record.len();
        }
        starts.push(record.position().unwrap().byte() as usize);
    }
    starts.push(text.len());
    let line_of = |byte: usize| 1 + text[..byte].iter().filter(|&&b| b == b'\n').count() as u64;
    for pair in starts.windows(2).skip(1) {
        let raw = &text[pair[0]..pair[1]];
        let lead = raw.iter().take_while(|&&b| b == b'\n').count();
        let first = line_of(pair[0] + lead);
        assert!(listed.contains(&first), "{file}: the record on line {first} is in no visits.csv row and no issue");
        let lines: Vec<&[u8]> =
            raw[lead..].strip_suffix(b"\n").unwrap_or(&raw[lead..]).split(|&b| b == b'\n').collect();
        let lines = &lines[..lines.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1)];
        let row_like = |l: &[u8]| l.iter().filter(|&&b| b == delimiter).count() + 1 >= header_fields;
        let own = lines.iter().position(|l| row_like(l)).unwrap_or(0);
        let Some(swallowed) = lines.iter().enumerate().skip(own + 1).position(|(_, l)| row_like(l)) else { continue };
        for at in own + 1 + swallowed..lines.len() {
            let line = first + at as u64;
            assert!(
                named.iter().any(|(start, range)| *start == first && range.contains(&line)),
                "{file}: line {line} (in the record starting on line {first}) looks like a row or follows one swallowed, and no swallowed_rows issue names it: {named:?}"
            );
        }
    }
}
