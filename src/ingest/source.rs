//! An input's raw bytes, read once: a file, a named pipe or standard input (`-`).
//!
//! The bytes pass through [`Source`] before they are decoded, so their SHA-256 (shown on
//! the workbook's About sheet) is taken as they are read, not by reading the input again
//! (a pipe cannot be read again; `/dev/stdin` would give the hash of nothing). Hashing
//! costs time, so it stops at once when no report needs it ([`Digest::stop`]). A regular
//! file whose size at the end of the read differs from its size when opened changed
//! while it was read: that is an error ([`Changed`]), not a partial month.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest as _, Sha256};

/// The name `-` stands for: standard input.
pub const STDIN: &str = "-";

/// How issues and reports name standard input.
pub const STDIN_NAME: &str = "stdin";

/// Whether `path` means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// An input that a read before the run would use up, in words (`standard input (\`-\`)`,
/// `p, not a regular file (a pipe or device),`), or `None` for a regular file. A path that
/// is not there is `None` too: the run's own error names it.
pub fn read_once(file: &Path) -> Option<String> {
    if is_stdin(file) {
        return Some("standard input (`-`)".to_string());
    }
    match std::fs::metadata(file) {
        Ok(m) if !m.is_file() => Some(format!("{}, not a regular file (a pipe or device),", file.display())),
        _ => None,
    }
}

/// The input as issues, errors and reports name it: `stdin` for `-`, else the path.
pub fn shown(path: &Path) -> PathBuf {
    if is_stdin(path) { PathBuf::from(STDIN_NAME) } else { path.to_path_buf() }
}

/// A regular file's size changed while it was read.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("its size changed while it was read: {at_open} bytes when opened, {read} bytes read, {now} bytes now")]
pub struct Changed {
    pub at_open: u64,
    pub read: u64,
    pub now: u64,
}

enum Kind {
    File(File),
    Stdin(io::Stdin),
}

/// The raw bytes of one input, hashed as they pass.
pub struct Source {
    kind: Kind,
    /// A regular file's size when opened; `None` for pipes, terminals and devices.
    at_open: Option<u64>,
    read: u64,
    hash: Arc<Mutex<Option<Sha256>>>,
}

/// The SHA-256 of what a [`Source`] has read, shared with it.
#[derive(Clone)]
pub struct Digest(Arc<Mutex<Option<Sha256>>>);

impl Source {
    /// Opens `path` (`-`: standard input) and the handle its digest is read from.
    pub fn open(path: &Path) -> io::Result<(Source, Digest)> {
        let (kind, at_open) = if is_stdin(path) {
            (Kind::Stdin(io::stdin()), None)
        } else {
            let file = File::open(path)?;
            let meta = file.metadata()?;
            (Kind::File(file), meta.is_file().then_some(meta.len()))
        };
        let hash = Arc::new(Mutex::new(Some(Sha256::new())));
        Ok((Source { kind, at_open, read: 0, hash: hash.clone() }, Digest(hash)))
    }

    /// A regular file's size when opened (0 for anything else), for progress.
    pub fn size(&self) -> u64 {
        self.at_open.unwrap_or(0)
    }

    /// At the end of a regular file: the size read, the size when opened and the size
    /// now must agree.
    fn check_size(&self) -> io::Result<()> {
        let (Some(at_open), Kind::File(file)) = (self.at_open, &self.kind) else { return Ok(()) };
        let now = file.metadata()?.len();
        if self.read != at_open || now != at_open {
            return Err(io::Error::other(Changed { at_open, read: self.read, now }));
        }
        Ok(())
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match &mut self.kind {
            Kind::File(f) => f.read(buf)?,
            Kind::Stdin(s) => s.read(buf)?,
        };
        if n == 0 {
            self.check_size()?;
            return Ok(0);
        }
        self.read += n as u64;
        if let Ok(mut hash) = self.hash.lock()
            && let Some(hash) = hash.as_mut()
        {
            hash.update(buf.get(..n).unwrap_or_default());
        }
        Ok(n)
    }
}

impl Digest {
    /// Stops hashing: no report will show it.
    pub fn stop(&self) {
        if let Ok(mut hash) = self.0.lock() {
            *hash = None;
        }
    }

    /// The SHA-256 in hex of everything read so far (the whole input once it is read to
    /// its end); `None` when hashing was stopped.
    pub fn hex(&self) -> Option<String> {
        let hash = self.0.lock().ok()?.clone()?;
        Some(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(source: &mut Source) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        source.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.txt");
        std::fs::write(&path, "hello world").unwrap();
        let (mut source, digest) = Source::open(&path).unwrap();
        assert_eq!(source.size(), 11);
        assert_eq!(read_all(&mut source).unwrap(), b"hello world");
        // sha256sum of "hello world"
        assert_eq!(digest.hex().unwrap(), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        let (mut source, digest) = Source::open(&path).unwrap();
        digest.stop();
        read_all(&mut source).unwrap();
        assert_eq!(digest.hex(), None);
    }

    /// A file that grows or shrinks between its opening and the end of its read.
    #[test]
    fn a_file_whose_size_changes_while_it_is_read_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.csv");
        let changed = |source: &mut Source| {
            let err = read_all(source).unwrap_err();
            let changed = err.get_ref().and_then(|e| e.downcast_ref::<Changed>()).map(|c| (c.at_open, c.read, c.now));
            changed.unwrap_or_else(|| panic!("{err}"))
        };
        // Grows after the first read: the rest is read, 10 + 5 bytes, not the 10 at open.
        std::fs::write(&path, "0123456789").unwrap();
        let (mut source, _) = Source::open(&path).unwrap();
        let mut first = [0u8; 4];
        assert_eq!(source.read(&mut first).unwrap(), 4);
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"abcde").unwrap();
        assert_eq!(changed(&mut source), (10, 15, 15));
        // Shrinks: the read ends early.
        std::fs::write(&path, "0123456789").unwrap();
        let (mut source, _) = Source::open(&path).unwrap();
        assert_eq!(source.read(&mut first).unwrap(), 4);
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(6).unwrap();
        assert_eq!(changed(&mut source), (10, 6, 6));
        // Grows once the read has reached its end: the size now differs.
        std::fs::write(&path, "0123456789").unwrap();
        let (mut source, _) = Source::open(&path).unwrap();
        let mut all = [0u8; 10];
        source.read_exact(&mut all).unwrap();
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"x").unwrap();
        let mut more = Vec::new();
        // The appended byte is read, then the end: 11 read against 10 at open.
        assert!(source.read_to_end(&mut more).is_err());
        // Unchanged: no error, at the end however often it is asked.
        let (mut source, _) = Source::open(&path).unwrap();
        read_all(&mut source).unwrap();
        assert_eq!(source.read(&mut first).unwrap(), 0);
    }
}
