//! All-or-nothing report writing: files are written under a temporary folder inside the
//! output folder and renamed into place only when the whole run has succeeded, so a
//! failed run leaves the previous reports as they were.
//!
//! The output folder is shopscore's only while a run holds its lock ([`lock`]); stale
//! staging folders of killed runs go at the start ([`stale`]); nothing is written,
//! replaced or removed through a symbolic link inside it ([`links`]); what a run wrote is
//! listed for the next one ([`manifest`]); a signal removes the run's staging folder
//! ([`signal`]).

mod error;
mod links;
mod lock;
mod manifest;
mod signal;
mod stale;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub use error::OutError;
pub use signal::install as clean_up_on_signals;

use links::refuse_links;
use manifest::MANIFEST;
use signal::Leftovers;

/// Top-level names a run writes or removes whatever its data: checked for links before
/// any row is read (the manifest's entries are too).
const FIXED: [&str; 5] = ["visits.csv", "issues.csv", "summary.json", "charts", "locations"];

/// A report being written in the staging area; write errors name the report's path in
/// the output folder and say what to do.
pub type ReportWriter = BufWriter<ReportFile>;

#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// The reports staged, as paths relative to `out`.
    files: Vec<String>,
    /// Shopscore's own files staged (the card names): moved in with the reports, but
    /// neither listed as reports nor removed when a run does not write them.
    state: Vec<String>,
    /// The reports the last run wrote ([`manifest`]).
    previous: Vec<String>,
    committed: bool,
    /// What goes if the run does not finish (the folders made for `out` included, so a
    /// failed run leaves no trace where there was nothing).
    leftovers: Leftovers,
    _lock: lock::OutLock,
}

impl Staging {
    /// Creates `out` if needed, takes its lock, removes staging folders of killed runs,
    /// checks that nothing the run will replace is reached through a link, and makes a
    /// private temporary folder inside it: everything that can fail early does.
    pub fn new(out: &Path) -> Result<Staging, OutError> {
        let made = out.ancestors().take_while(|p| !p.as_os_str().is_empty() && !p.exists()).map(Path::to_path_buf);
        let made: Vec<PathBuf> = made.collect();
        fs::create_dir_all(out).map_err(|e| OutError::io("create the output folder", out, e))?;
        let lock = lock::take(out)?;
        let tmp = out.join(format!("{}{}", stale::PREFIX, std::process::id()));
        let leftovers = Leftovers { out: out.to_path_buf(), tmp: tmp.clone(), made, lock: lock.path.clone() };
        let previous = Staging::prepare(out, &tmp).inspect_err(|_| leftovers.discard())?;
        signal::hold().push(leftovers.clone());
        let (files, state) = (Vec::new(), Vec::new());
        Ok(Staging { out: out.to_path_buf(), tmp, files, state, previous, committed: false, leftovers, _lock: lock })
    }

    /// The checks and cleaning of [`Staging::new`] once the lock is held; the last run's
    /// reports.
    fn prepare(out: &Path, tmp: &Path) -> Result<Vec<String>, OutError> {
        stale::remove_stale(out)?;
        let previous = manifest::read(out)?;
        for name in FIXED.iter().copied().chain(previous.iter().map(String::as_str)) {
            refuse_links(out, Path::new(name))?;
        }
        // A link of a staging folder's name stays after the stale ones went.
        refuse_links(out, tmp.strip_prefix(out).unwrap_or(tmp))?;
        fs::create_dir(tmp).map_err(|e| OutError::io("create", tmp, e))?;
        Ok(previous)
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    /// A folder for a format's own temporary files (the workbook's streamed sheets): on the
    /// output folder's disk, gone with the staging area.
    pub fn scratch(&self) -> Result<PathBuf, OutError> {
        make_dirs(&self.tmp, Path::new(".scratch"))?;
        Ok(self.tmp.join(".scratch"))
    }

    /// A new file `name` (a relative path such as `charts/trend.svg`) in the staging area.
    pub fn create(&mut self, name: &str) -> Result<ReportWriter, OutError> {
        let (path, target) = self.stage(name)?;
        let file = File::create(&path).map_err(|e| OutError::io("create", &target, e))?;
        self.files.push(name.to_string());
        Ok(BufWriter::with_capacity(1 << 16, ReportFile { file, path: target }))
    }

    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), OutError> {
        let (path, target) = self.stage(name)?;
        fs::write(&path, bytes).map_err(|e| OutError::io("write", &target, e))?;
        self.files.push(name.to_string());
        Ok(())
    }

    /// Stages one of shopscore's own files (`name` at the top of the output folder): it is
    /// moved in with the reports, all or nothing, and kept when a later run does not
    /// write it.
    pub fn write_state(&mut self, name: &str, bytes: &[u8]) -> Result<(), OutError> {
        let (path, target) = self.stage(name)?;
        fs::write(&path, bytes).map_err(|e| OutError::io("write", &target, e))?;
        self.state.push(name.to_string());
        Ok(())
    }

    /// Refuses `name` (a path inside the output folder the run will write) if it is reached
    /// through a link: for names known before any row is read.
    pub fn refuse_links(&self, name: &str) -> Result<(), OutError> {
        refuse_links(&self.out, Path::new(name))
    }

    /// One of shopscore's own files as the last run left it; `None` if there is none.
    pub fn read_state(&self, name: &str) -> Result<Option<Vec<u8>>, OutError> {
        refuse_links(&self.out, Path::new(name))?;
        let path = self.out.join(name);
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(OutError::io("read", &path, e)),
        }
    }

    /// Checks `name` and makes its folders in the staging area: its path there and in the
    /// output folder.
    fn stage(&self, name: &str) -> Result<(PathBuf, PathBuf), OutError> {
        let target = self.out.join(name);
        for part in name.split('/') {
            if super::is_windows_device_name(part) {
                return Err(OutError::Reserved { path: target, name: part.to_string() });
            }
        }
        refuse_links(&self.out, Path::new(name))?;
        if let Some(parent) = Path::new(name).parent() {
            make_dirs(&self.tmp, parent)?;
        }
        Ok((self.tmp.join(name), target))
    }

    /// Moves every staged file into the output folder, replacing older versions, all or
    /// nothing: every target is checked first (no link on the way, no folder in the way),
    /// the files being replaced are moved aside and put back if any move fails, so a
    /// failed run never leaves a mix of old and new reports. Then removes what the last
    /// run wrote and this one did not.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutError> {
        // A signal now waits until the reports are in place (or back as they were).
        let mut active = signal::hold();
        let manifest = self.tmp.join(MANIFEST);
        fs::write(&manifest, manifest::render(&self.files))
            .map_err(|e| OutError::io("write", &self.out.join(MANIFEST), e))?;
        self.state.push(MANIFEST.to_string());
        let stale: Vec<&str> = self.previous.iter().filter(|n| !self.files.contains(n)).map(String::as_str).collect();
        for name in self.files.iter().chain(&self.state) {
            refuse_links(&self.out, Path::new(name))?;
            let target = self.out.join(name);
            if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                return Err(OutError::Folder { path: target });
            }
        }
        for name in &stale {
            refuse_links(&self.out, Path::new(name))?;
        }
        let aside = self.tmp.join(".previous");
        let (mut set_aside, mut placed) = (Vec::new(), Vec::new());
        let moved = self.swap_in(&aside, &mut set_aside, &mut placed);
        if let Err(e) = moved {
            for name in placed {
                let _ = fs::remove_file(self.out.join(name));
            }
            for name in set_aside {
                let _ = fs::rename(aside.join(name), self.out.join(name));
            }
            return Err(e);
        }
        self.committed = true;
        active.retain(|run| run.tmp != self.tmp);
        drop(active);
        // Left behind if it cannot go now: the next run removes it.
        let _ = fs::remove_dir_all(&self.tmp);
        self.forget(&stale)?;
        Ok(self.files.iter().map(|name| self.out.join(name)).collect())
    }

    /// Removes what the previous run wrote and this one did not (a trend chart when the
    /// run has one month now, last run's workbook name, a card of a location gone), as
    /// listed in the folder's manifest, so no stale report sits beside fresh ones. Only
    /// files shopscore wrote are ever removed, and never through a link.
    fn forget(&self, stale: &[&str]) -> Result<(), OutError> {
        for name in stale {
            let path = self.out.join(name);
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&path).map_err(|e| OutError::io("remove", &path, e))?;
                // Folders it leaves empty (charts/, a card's folder) go too.
                let mut dir = path.parent();
                while let Some(d) = dir.filter(|d| *d != self.out.as_path()) {
                    if fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
        }
        Ok(())
    }

    /// The moves of [`Staging::commit`], recording what was done so it can be undone.
    fn swap_in<'a>(
        &'a self,
        aside: &Path,
        set_aside: &mut Vec<&'a str>,
        placed: &mut Vec<&'a str>,
    ) -> Result<(), OutError> {
        let moving = || self.files.iter().chain(&self.state);
        for name in moving() {
            let target = self.out.join(name);
            if fs::symlink_metadata(&target).is_ok() {
                let keep = aside.join(name);
                if let Some(parent) = Path::new(".previous").join(name).parent() {
                    make_dirs(&self.tmp, parent)?;
                }
                fs::rename(&target, &keep).map_err(|e| OutError::io("move aside", &target, e))?;
                set_aside.push(name);
            }
        }
        for name in moving() {
            let target = self.out.join(name);
            if let Some(parent) = Path::new(name).parent() {
                make_dirs(&self.out, parent)?;
            }
            fs::rename(self.tmp.join(name), &target).map_err(|e| OutError::io("move into place", &target, e))?;
            placed.push(name);
        }
        Ok(())
    }
}

/// Makes the folders of `rel` under `base` (an existing folder), one by one: never
/// `base` itself, so a staging folder removed on a signal cannot come back.
fn make_dirs(base: &Path, rel: &Path) -> Result<(), OutError> {
    let mut dir = base.to_path_buf();
    for part in rel.components() {
        dir.push(part);
        match fs::create_dir(&dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(OutError::io("create", &dir, e)),
            _ => {}
        }
    }
    Ok(())
}

/// A staged report's file, whose write errors name the report.
#[derive(Debug)]
pub struct ReportFile {
    file: File,
    /// The report's path in the output folder.
    path: PathBuf,
}

impl ReportFile {
    fn explain(&self, e: io::Error) -> io::Error {
        if e.kind() == io::ErrorKind::Interrupted { e } else { OutError::io("write", &self.path, e).into() }
    }
}

impl Write for ReportFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(|e| self.explain(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|e| self.explain(e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let mut active = signal::hold();
            self.leftovers.discard();
            active.retain(|run| run.tmp != self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run that fails removes the folders it made for its reports, and only those.
    #[test]
    fn a_failed_run_leaves_no_folder_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/reports");
        let mut staging = Staging::new(&out).unwrap();
        staging.create("visits.csv").unwrap();
        drop(staging);
        assert!(!dir.path().join("new").exists(), "both new folders are gone");
        let kept = dir.path().join("kept");
        fs::create_dir(&kept).unwrap();
        drop(Staging::new(&kept.join("out")).unwrap());
        assert!(kept.exists() && !kept.join("out").exists(), "the folder that was there stays");
    }

    #[test]
    fn a_failed_move_puts_every_old_report_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.csv"), "old a").unwrap();
        fs::write(out.join("b.csv"), "old b").unwrap();
        let mut staging = Staging::new(&out).unwrap();
        staging.write("a.csv", b"new a").unwrap();
        staging.write("b.csv", b"new b").unwrap();
        // The second move cannot happen: its staged file is gone.
        fs::remove_file(staging.tmp.join("b.csv")).unwrap();
        assert!(staging.commit().is_err());
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "old a");
        assert_eq!(fs::read_to_string(out.join("b.csv")).unwrap(), "old b");
    }

    /// A link made while the run streams (after the checks at the start) is found before
    /// anything moves: the old report stays and nothing lands where the link points.
    #[cfg(unix)]
    #[test]
    fn a_link_that_appears_during_the_run_stops_the_commit_before_any_move() {
        let dir = tempfile::tempdir().unwrap();
        let (out, away) = (dir.path().join("out"), dir.path().join("away"));
        fs::create_dir_all(&out).unwrap();
        fs::create_dir(&away).unwrap();
        fs::write(out.join("visits.csv"), "old").unwrap();
        let mut staging = Staging::new(&out).unwrap();
        staging.write("visits.csv", b"new").unwrap();
        staging.write("charts/x.svg", b"<svg/>").unwrap();
        std::os::unix::fs::symlink(&away, out.join("charts")).unwrap();
        let err = staging.commit().unwrap_err();
        assert!(matches!(&err, OutError::Link { path } if *path == out.join("charts")), "{err}");
        assert_eq!(fs::read_to_string(out.join("visits.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(&away).unwrap().count(), 0, "nothing went through the link");
        let left: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!left.iter().any(|n| n.to_string_lossy().starts_with(".shopscore-tmp-")), "{left:?}");
    }

    #[test]
    fn a_commit_replaces_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut staging = Staging::new(&out).unwrap();
        staging.write("charts/x.svg", b"<svg/>").unwrap();
        let written = staging.commit().unwrap();
        assert_eq!(written, [out.join("charts/x.svg")]);
        let mut left: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        assert_eq!(left, [".shopscore-files", ".shopscore-lock", "charts"], "no temporary folder left behind");
    }
}

#[cfg(test)]
mod forgetting {
    use super::*;

    #[test]
    fn what_the_last_run_wrote_and_this_one_did_not_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut first = Staging::new(&out).unwrap();
        first.write("charts/trend.svg", b"old").unwrap();
        first.write("visits.csv", b"old").unwrap();
        first.commit().unwrap();
        fs::write(out.join("notes.txt"), "the user's own file").unwrap();
        let mut second = Staging::new(&out).unwrap();
        second.write("visits.csv", b"new").unwrap();
        second.commit().unwrap();
        assert!(!out.join("charts").exists(), "the stale chart and its empty folder are gone");
        assert_eq!(fs::read_to_string(out.join("visits.csv")).unwrap(), "new");
        assert!(out.join("notes.txt").exists(), "never a file shopscore did not write");
        assert!(
            !manifest::is_plain_relative("../x")
                && !manifest::is_plain_relative("/etc/passwd")
                && manifest::is_plain_relative("charts/a.png")
        );
    }
}
