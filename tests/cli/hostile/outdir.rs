//! Hostile inputs: the output folder. Symbolic links inside `--out` (never followed),
//! a second run into the same folder (refused at once), staging folders of killed runs
//! (removed), signals (no staging folder left), card file names (stable from month to
//! month, never a Windows device name) and write faults (path and hint named).

#[allow(unused_imports)]
use super::*;

use std::fs;
use std::os::unix::fs::symlink;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CLASS: &str = "outdir";

/// A sandbox whose `out/` holds a finished run's reports, and a folder `away/` beside it
/// (outside --out) holding a file of the user's.
fn with_reports() -> Sandbox {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    fs::create_dir(s.path("away")).unwrap();
    s.write("away/keep.png", b"the user's own file");
    s
}

/// Everything in `out/` but the lock file, as bytes (files) and link targets.
fn inside(s: &Sandbox) -> BTreeMap<PathBuf, Vec<u8>> {
    outside(&s.path("out"), ".shopscore-lock")
}

fn staging_folders(s: &Sandbox) -> Vec<String> {
    listing(&s.path("out")).into_iter().filter(|n| n.starts_with(".shopscore-tmp-")).collect()
}

/// A run refused for a link at `link` (relative to the sandbox): exit 2, the link named
/// with a hint, nothing outside --out touched, the reports inside as they were.
fn assert_refused_for_link(s: &Sandbox, link: &str, args: &[&str]) {
    let (before, kept) = (outside(s.dir.path(), "out"), inside(s));
    let out = s.run(args);
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains(&format!("{link} is a symbolic link")), "names the link: {err}");
    assert!(err.contains("hint: remove the link"), "{err}");
    assert_eq!(outside(s.dir.path(), "out"), before, "nothing outside --out touched");
    assert_eq!(inside(s), kept, "the reports in --out are as they were");
    assert!(staging_folders(s).is_empty(), "{:?}", staging_folders(s));
}

const SCORE: [&str; 6] = ["score", "--rubric", "mini.yaml", "--out", "out", "m.csv"];

#[test]
fn a_linked_charts_folder_is_refused() {
    let s = with_reports();
    fs::remove_dir_all(s.path("out/charts")).unwrap();
    symlink(s.path("away"), s.path("out/charts")).unwrap();
    assert_refused_for_link(&s, "out/charts", &SCORE);
}

#[test]
fn a_linked_locations_folder_is_refused() {
    let s = with_reports();
    symlink(s.path("away"), s.path("out/locations")).unwrap();
    let args = [&SCORE[..], &["--per-location"]].concat();
    assert_refused_for_link(&s, "out/locations", &args);
}

/// Not in the manifest (no run wrote it): found when the card's charts are staged.
#[test]
fn a_linked_card_folder_is_refused() {
    let s = with_reports();
    fs::create_dir(s.path("out/locations")).unwrap();
    symlink(s.path("away"), s.path("out/locations/york")).unwrap();
    let args = [&SCORE[..], &["--per-location"]].concat();
    assert_refused_for_link(&s, "out/locations/york", &args);
}

/// The manifest lists `old/a.png` (a stale report to remove) and `old` is a link.
#[test]
fn a_manifest_entry_through_a_linked_folder_is_refused() {
    let s = with_reports();
    s.write("away/a.png", b"not shopscore's");
    symlink(s.path("away"), s.path("out/old")).unwrap();
    let listed = s.read("out/.shopscore-files") + "old/a.png\nold/keep.png\n";
    s.write("out/.shopscore-files", listed.as_bytes());
    assert_refused_for_link(&s, "out/old", &SCORE);
}

/// The manifest lists `stale.csv`, which is itself a link to a file outside.
#[test]
fn a_manifest_entry_that_is_a_link_is_refused() {
    let s = with_reports();
    symlink(s.path("away/keep.png"), s.path("out/stale.csv")).unwrap();
    let listed = s.read("out/.shopscore-files") + "stale.csv\n";
    s.write("out/.shopscore-files", listed.as_bytes());
    assert_refused_for_link(&s, "out/stale.csv", &SCORE);
}

/// A report file (not a folder) that is a link: replacing it would replace the link, but
/// the user may believe the file outside is being updated: refused too.
#[test]
fn a_linked_report_file_and_a_linked_manifest_are_refused() {
    let s = with_reports();
    fs::remove_file(s.path("out/summary.json")).unwrap();
    symlink(s.path("away/keep.png"), s.path("out/summary.json")).unwrap();
    assert_refused_for_link(&s, "out/summary.json", &SCORE);
    fs::remove_file(s.path("out/summary.json")).unwrap();
    fs::rename(s.path("out/.shopscore-files"), s.path("away/files")).unwrap();
    symlink(s.path("away/files"), s.path("out/.shopscore-files")).unwrap();
    assert_refused_for_link(&s, "out/.shopscore-files", &SCORE);
}

/// `--out` itself may be a link the user chose: the run writes through it.
#[test]
fn an_out_folder_that_is_a_link_is_the_users_choice() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    fs::create_dir(s.path("real")).unwrap();
    symlink(s.path("real"), s.path("out")).unwrap();
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(s.path("real/visits.csv").is_file());
}

/// The test holds the lock itself, as a run would.
#[test]
fn a_second_run_into_a_locked_folder_fails_at_once() {
    let s = with_reports();
    let lock = fs::OpenOptions::new().write(true).create(true).truncate(false).open(s.path("out/.shopscore-lock"));
    let lock = lock.unwrap();
    lock.try_lock().unwrap();
    let kept = inside(&s);
    let started = Instant::now();
    let out = s.score(&["m.csv"]);
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("another shopscore run is writing into out"), "{err}");
    assert!(err.contains("hint: wait for that run to finish"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "it does not wait");
    assert_eq!(inside(&s), kept);
    drop(lock);
    assert_eq!(code(&s.score(&["m.csv"])), 0, "free again once the holder lets go");
}

#[test]
fn a_staging_folder_left_by_a_killed_run_is_removed_by_the_next() {
    let s = with_reports();
    fs::create_dir_all(s.path("out/.shopscore-tmp-4000000/charts")).unwrap();
    s.write("out/.shopscore-tmp-4000000/charts/trend.png", b"half written");
    s.write("out/.shopscore-tmp-4000000/visits.csv", b"half written");
    // Not a staging folder: kept.
    s.write("out/shopscore-tmp-notes.txt", b"mine");
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(staging_folders(&s).is_empty(), "{:?}", staging_folders(&s));
    assert_eq!(s.read("out/shopscore-tmp-notes.txt"), "mine");
}

/// `shopscore score` reading `pipe.csv`, a named pipe the test holds open after a header
/// and some rows: the run waits for more with its staging folder made.
struct Stalled {
    child: Child,
    pipe: Option<fs::File>,
}

fn stall(s: &Sandbox) -> Stalled {
    let stalled = on_pipe(s, &[]);
    let started = Instant::now();
    while staging_folders(s).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(30), "the run never made its staging folder");
        std::thread::sleep(Duration::from_millis(20));
    }
    stalled
}

/// A run with `extra` flags started on `pipe.csv`, fed a header and rows, left open.
fn on_pipe(s: &Sandbox, extra: &[&str]) -> Stalled {
    let made = Command::new("mkfifo").arg(s.path("pipe.csv")).status().unwrap();
    assert!(made.success());
    let child = Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(s.dir.path())
        .args(["score", "--rubric", "mini.yaml", "--out", "out", "--quiet", "pipe.csv"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening for writing waits for the reader; then more than the header read takes.
    let mut pipe = fs::OpenOptions::new().write(true).open(s.path("pipe.csv")).unwrap();
    let mut rows = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    // The header is read with a buffer of a few hundred KiB, filled before it is parsed.
    for i in 0..30000 {
        rows.push_str(&format!("P{i},York,2026-09-03,yes,5,yes,\n"));
    }
    // A run that stops early closes the pipe: then the rest cannot be written.
    let _ = std::io::Write::write_all(&mut pipe, rows.as_bytes());
    Stalled { child, pipe: Some(pipe) }
}

impl Stalled {
    fn signal(&mut self, name: &str) -> std::process::Output {
        let sent = Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status().unwrap();
        assert!(sent.success());
        let child = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap());
        let out = child.wait_with_output().unwrap();
        drop(self.pipe.take());
        out
    }
}

#[test]
fn sigterm_and_sigint_leave_no_staging_folder_and_the_old_reports() {
    for (signal, exit) in [("TERM", 143), ("INT", 130)] {
        let s = with_reports();
        let kept = inside(&s);
        let mut run = stall(&s);
        let out = run.signal(signal);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(exit), "SIG{signal}: {err}");
        assert!(err.contains(&format!("stopped by SIG{signal}")) && !err.contains("panicked"), "{err}");
        assert!(staging_folders(&s).is_empty(), "SIG{signal}: {:?}", staging_folders(&s));
        assert_eq!(inside(&s), kept, "SIG{signal}: the earlier reports are as they were");
    }
}

/// `nohup` (SIGHUP ignored) keeps a run going when its terminal closes: still so.
#[test]
fn a_signal_ignored_at_start_stays_ignored() {
    let s = with_reports();
    let script = format!(
        "trap '' HUP; exec {} score --rubric mini.yaml --out out --quiet pipe.csv",
        env!("CARGO_BIN_EXE_shopscore")
    );
    let made = Command::new("mkfifo").arg(s.path("pipe.csv")).status().unwrap();
    assert!(made.success());
    let mut child = Command::new("bash").current_dir(s.dir.path()).args(["-c", &script]).spawn().unwrap();
    let mut pipe = fs::OpenOptions::new().write(true).open(s.path("pipe.csv")).unwrap();
    let mut rows = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for i in 0..30000 {
        rows.push_str(&format!("P{i},York,2026-09-03,yes,5,yes,\n"));
    }
    std::io::Write::write_all(&mut pipe, rows.as_bytes()).unwrap();
    let started = Instant::now();
    while staging_folders(&s).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(30), "the run never made its staging folder");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill").args(["-HUP", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "SIGHUP, ignored, did not stop the run");
    let sent = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    assert_eq!(child.wait().unwrap().code(), Some(143));
    drop(pipe);
    assert!(staging_folders(&s).is_empty());
}

#[test]
fn a_second_run_while_one_is_under_way_fails_at_once() {
    let s = with_reports();
    let mut first = stall(&s);
    let out = s.score(&["m.csv"]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("another shopscore run is writing into out"), "{err}");
    first.signal("TERM");
}

/// Issue 12 measured 522 MB of staging folders after three SIGKILLs: now each run
/// removes the one before, and the next good run leaves none.
#[test]
fn three_sigkills_then_a_good_run_leave_no_staging_folder() {
    let s = with_reports();
    for _ in 0..3 {
        let mut run = stall(&s);
        let out = run.signal("KILL");
        assert_eq!(out.status.code(), None, "killed");
        fs::remove_file(s.path("pipe.csv")).unwrap();
        // SIGKILL cannot be caught: the killed run's folder stays, and only it (each run
        // removed the one before when it started).
        assert_eq!(staging_folders(&s).len(), 1, "{:?}", staging_folders(&s));
    }
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(staging_folders(&s).is_empty(), "{:?}", staging_folders(&s));
}

/// Whether the card `locations/<file>.xlsx` holds the visit `id` (its Visits sheet).
fn card_holds(s: &Sandbox, file: &str, id: &str) -> bool {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(s.path(&format!("out/locations/{file}.xlsx"))).unwrap();
    book.sheet_names().iter().any(|name| {
        let range = book.worksheet_range(name).unwrap();
        range.rows().any(|r| r.iter().any(|c| matches!(c, Data::String(t) if t == id)))
    })
}

fn cards(s: &Sandbox) -> Vec<String> {
    listing(&s.path("out/locations")).into_iter().filter(|n| n.ends_with(".xlsx")).collect()
}

/// Worked by hand from the locations' names (sorted: `CON` < `Caf Nord` < `Café Nord`):
/// month 1 `CON` -> `con-location` (a device name), `Caf Nord` -> `caf-nord`, `Café Nord`
/// -> `caf-nord` taken -> `caf-nord-2`. Month 2 has only `Café Nord`: it keeps
/// `caf-nord-2` (it used to move to `caf-nord`). Month 3's new `Caf Nord!` cleans to
/// `caf-nord`, which `Caf Nord` had, then `caf-nord-2` (Café Nord's): `caf-nord-3`.
#[test]
fn card_file_names_stay_with_their_location_across_months() {
    let s = Sandbox::new();
    for (month, expected) in [
        ("month1.csv", vec!["caf-nord-2.xlsx", "caf-nord.xlsx", "con-location.xlsx"]),
        ("month2.csv", vec!["caf-nord-2.xlsx"]),
        ("month3.csv", vec!["caf-nord-2.xlsx", "caf-nord-3.xlsx"]),
    ] {
        s.write(month, &case(CLASS, month));
        let args = ["score", "--rubric", "mini.yaml", "--out", "out", "--per-location", "--charts", "none", month];
        let out = s.run(&args);
        assert_no_panic(&out);
        assert_eq!(code(&out), 0, "{month}: {}", stderr(&out));
        assert_accounted(&s, month, &case(CLASS, month), b',');
        assert_eq!(cards(&s), expected, "{month}");
    }
    // Month 3's cards, by their visits: C2 is Café Nord's, C1 the new store's.
    assert!(card_holds(&s, "caf-nord-2", "C2") && !card_holds(&s, "caf-nord-2", "C1"));
    assert!(card_holds(&s, "caf-nord-3", "C1"));
    let map: serde_json::Value = serde_json::from_str(&s.read("out/.shopscore-cards")).unwrap();
    let expected = serde_json::json!({"cards": {
        "CON": "con-location", "Caf Nord": "caf-nord", "Caf Nord!": "caf-nord-3", "Café Nord": "caf-nord-2"
    }});
    assert_eq!(map, expected);
    // A run without cards keeps the map for the next one that has them.
    s.write("m.csv", MINI_CSV.as_bytes());
    assert_eq!(code(&s.score(&["m.csv"])), 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&s.read("out/.shopscore-cards")).unwrap(), expected);
}

/// A card folder the map names, turned into a link: refused before any row is read (an
/// input that cannot be read to its end shows it: the run never gets there). A month
/// without cards came between, so only the card map (not the manifest) names it.
#[test]
fn a_linked_card_folder_the_map_names_is_refused_before_any_row() {
    let s = with_reports();
    let args = [&SCORE[..], &["--per-location"]].concat();
    assert_eq!(code(&s.run(&args)), 0);
    assert_eq!(code(&s.run(&SCORE)), 0);
    assert!(!s.read("out/.shopscore-files").contains("locations/"), "the cards went as stale");
    fs::create_dir(s.path("out/locations")).unwrap();
    symlink(s.path("away"), s.path("out/locations/york")).unwrap();
    assert_refused_for_link(&s, "out/locations/york", &args);
    // The rows of a pipe held open never end: a run that reached them would wait.
    let mut run = on_pipe(&s, &["--per-location"]);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = run.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the run went on to read the rows");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
    drop(run.pipe.take());
}

#[test]
fn a_card_map_edited_into_nonsense_is_refused_before_any_row() {
    let s = with_reports();
    s.write("out/.shopscore-cards", br#"{"cards": {"Leeds": "../../away/keep"}}"#);
    let before = outside(s.dir.path(), "out");
    let out = s.run(&[&SCORE[..], &["--per-location"]].concat());
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("out/.shopscore-cards: `../../away/keep`") && err.contains("hint: "), "{err}");
    assert_eq!(outside(s.dir.path(), "out"), before);
}

#[test]
fn a_windows_device_name_is_refused_as_xlsx_name() {
    let s = with_reports();
    for name in ["nul.xlsx", "COM1.xlsx", "Lpt9.XLSX"] {
        let out = s.run(&[&SCORE[..], &["--xlsx-name", name]].concat());
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{name}: {err}");
        assert!(err.contains(name) && err.contains("device name on Windows") && err.contains("hint: "), "{err}");
    }
}

/// ENAMETOOLONG: a 300-byte `--xlsx-name` is refused before any row is read (file
/// systems take 255 bytes), and an `--out` folder name of 256 bytes fails where the OS
/// says so, naming the path with a hint.
#[test]
fn a_file_name_too_long_names_the_path_and_says_what_to_do() {
    let s = with_reports();
    let kept = inside(&s);
    let name = format!("{}.xlsx", "x".repeat(300));
    let out = s.run(&[&SCORE[..], &["--xlsx-name", &name]].concat());
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("--xlsx-name is 305 bytes long; file systems take file names of at most 255"), "{err}");
    assert!(err.contains("hint: choose a shorter name"), "{err}");
    assert_eq!(inside(&s), kept);
    assert!(staging_folders(&s).is_empty());

    let folder = "o".repeat(256);
    let before = outside(s.dir.path(), &folder);
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", &folder, "m.csv"]);
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains(&format!("cannot create the output folder {folder}")), "names the path: {err}");
    assert!(err.contains("hint: the path is too long"), "{err}");
    assert_eq!(outside(s.dir.path(), &folder), before);
}

/// A write that fails half way (here EFBIG: the shell's `ulimit -f` caps a file at 100 KiB
/// and SIGXFSZ is ignored, as a full disk fails a write with ENOSPC): the report is named
/// with a hint, and the folder the run made is gone again.
#[test]
fn a_write_that_fails_half_way_names_the_report_and_says_what_to_do() {
    let s = Sandbox::new();
    let mut big = String::from(MINI_CSV);
    for i in 0..5000 {
        big.push_str(&format!("W{i},Leeds,2026-09-03,yes,5,yes,\n"));
    }
    s.write("big.csv", big.as_bytes());
    let before = outside(s.dir.path(), "out");
    let script = format!(
        "trap '' XFSZ; ulimit -f 100; exec {} score --rubric mini.yaml --out out --quiet big.csv",
        env!("CARGO_BIN_EXE_shopscore")
    );
    let out = Command::new("bash").current_dir(s.dir.path()).args(["-c", &script]).output().unwrap();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("cannot write out/visits.csv: ") && err.contains("hint: the report is larger"), "{err}");
    assert!(!s.path("out").exists(), "the folder the run made is gone");
    assert_eq!(outside(s.dir.path(), "out"), before);
}

/// `--out` names a file: the folder cannot be made.
#[test]
fn a_file_where_the_output_folder_should_be_names_it() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    s.write("out", b"a file");
    let out = s.score(&["m.csv"]);
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("cannot create the output folder out") && err.contains("hint: a file is where"), "{err}");
    assert_eq!(s.read("out"), "a file");
}

/// A folder that may not be written. Root ignores permissions: then the check is skipped
/// (said on stderr); the file-for-a-folder test above covers the message's shape.
#[test]
fn a_read_only_output_folder_names_it_and_says_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    fs::create_dir(s.path("out")).unwrap();
    fs::set_permissions(s.path("out"), fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(s.path("out/probe"), b"").is_ok() {
        eprintln!("skipped: running with permission to write anywhere (root); read-only folders are not enforced");
        return;
    }
    let out = s.score(&["m.csv"]);
    fs::set_permissions(s.path("out"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("out/.shopscore-lock") && err.contains("check the folder's permissions"), "{err}");
}
