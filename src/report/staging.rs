//! All-or-nothing report writing: files are written under a temporary folder inside the
//! output folder and renamed into place only when the whole run has succeeded, so a
//! failed run leaves the previous reports as they were.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// The list of files the last run wrote, kept in the output folder.
const MANIFEST: &str = ".shopscore-files";

/// A path inside the output folder: relative, without `..`.
fn is_plain_relative(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty() && p.is_relative() && p.components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    files: Vec<String>,
    committed: bool,
    /// The folders made for `out`, deepest first: a run that fails removes them again
    /// (those still empty), so it leaves no trace where there was nothing.
    made: Vec<PathBuf>,
}

impl Staging {
    /// Creates `out` if needed and a private temporary folder inside it; fails early
    /// when the output folder cannot be written.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let made = out.ancestors().take_while(|p| !p.as_os_str().is_empty() && !p.exists()).map(Path::to_path_buf);
        let made = made.collect();
        fs::create_dir_all(out)?;
        let tmp = out.join(format!(".shopscore-tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir(&tmp)?;
        Ok(Staging { out: out.to_path_buf(), tmp, files: Vec::new(), committed: false, made })
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    /// A folder for a format's own temporary files (the workbook's streamed sheets): on the
    /// output folder's disk, gone with the staging area.
    pub fn scratch(&self) -> io::Result<PathBuf> {
        let dir = self.tmp.join(".scratch");
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// A new file `name` (a relative path such as `charts/trend.svg`) in the staging area.
    pub fn create(&mut self, name: &str) -> io::Result<BufWriter<File>> {
        let path = self.tmp.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let file = File::create(&path)?;
        self.files.push(name.to_string());
        Ok(BufWriter::with_capacity(1 << 16, file))
    }

    pub fn write(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut w = self.create(name)?;
        io::Write::write_all(&mut w, bytes)?;
        io::Write::flush(&mut w)
    }

    /// Moves every staged file into the output folder, replacing older versions, all or
    /// nothing: the files being replaced are moved aside first and put back if any move
    /// fails, so a failed run never leaves a mix of old and new reports.
    pub fn commit(mut self) -> io::Result<Vec<PathBuf>> {
        for name in &self.files {
            let target = self.out.join(name);
            if target.is_dir() {
                let msg = format!("{} is a folder; a report cannot replace it", target.display());
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, msg));
            }
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
        fs::remove_dir_all(&self.tmp)?;
        self.forget_stale()?;
        Ok(self.files.iter().map(|name| self.out.join(name)).collect())
    }

    /// Removes what the previous run wrote and this one did not (a trend chart when the
    /// run has one month now, last run's workbook name, a card of a location gone), as
    /// listed in the folder's manifest, so no stale report sits beside fresh ones. Only
    /// files shopscore wrote are ever removed. Then records this run's files.
    fn forget_stale(&self) -> io::Result<()> {
        let manifest = self.out.join(MANIFEST);
        let previous = fs::read_to_string(&manifest).unwrap_or_default();
        for name in previous.lines().filter(|n| is_plain_relative(n) && !self.files.iter().any(|f| f == n)) {
            let path = self.out.join(name);
            if path.is_file() {
                fs::remove_file(&path)?;
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
        fs::write(manifest, self.files.join("\n") + "\n")
    }

    /// The moves of [`Staging::commit`], recording what was done so it can be undone.
    fn swap_in<'a>(&'a self, aside: &Path, set_aside: &mut Vec<&'a str>, placed: &mut Vec<&'a str>) -> io::Result<()> {
        for name in &self.files {
            let target = self.out.join(name);
            if target.exists() {
                let keep = aside.join(name);
                if let Some(parent) = keep.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::rename(&target, &keep)?;
                set_aside.push(name);
            }
        }
        for name in &self.files {
            let target = self.out.join(name);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(self.tmp.join(name), &target)?;
            placed.push(name);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
            // `remove_dir` takes only an empty folder: anything put there meanwhile stays.
            for dir in &self.made {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
            }
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
        assert_eq!(left, [".shopscore-files", "charts"], "no temporary folder left behind");
    }
}

#[cfg(test)]
mod stale {
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
        assert!(!is_plain_relative("../x") && !is_plain_relative("/etc/passwd") && is_plain_relative("charts/a.png"));
    }
}
