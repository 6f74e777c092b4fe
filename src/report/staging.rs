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

    /// Moves every staged file into the output folder, replacing older versions.
    pub fn commit(mut self) -> io::Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for name in &self.files {
            let target = self.out.join(name);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(self.tmp.join(name), &target)?;
            done.push(target);
        }
        self.committed = true;
        fs::remove_dir_all(&self.tmp)?;
        Ok(done)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}
