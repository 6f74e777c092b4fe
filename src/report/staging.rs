//! All-or-nothing report writing: files are written under a temporary folder inside the
//! output folder and renamed into place only when the whole run has succeeded, so a
//! failed run leaves the previous reports as they were.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    files: Vec<String>,
    committed: bool,
}

impl Staging {
    /// Creates `out` if needed and a private temporary folder inside it; fails early
    /// when the output folder cannot be written.
    pub fn new(out: &Path) -> io::Result<Staging> {
        fs::create_dir_all(out)?;
        let tmp = out.join(format!(".shopscore-tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir(&tmp)?;
        Ok(Staging { out: out.to_path_buf(), tmp, files: Vec::new(), committed: false })
    }

    pub fn out(&self) -> &Path {
        &self.out
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
        Ok(self.files.iter().map(|name| self.out.join(name)).collect())
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let left: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["charts"], "no temporary folder left behind");
    }
}
