//! One run at a time per output folder: a run holds an exclusive lock on
//! `.shopscore-lock` inside `--out` from start to end, and a second run into the same
//! folder fails at once (a scheduled job should fail loudly, not queue up). The system
//! lets go of the lock however the run ends, SIGKILL included.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::error::OutError;
use super::links::refuse_links;

/// The lock file's name inside the output folder. It stays there between runs.
pub const LOCK: &str = ".shopscore-lock";

/// The held lock; dropping it (or the process ending) lets go.
#[derive(Debug)]
pub struct OutLock {
    _file: File,
    pub path: PathBuf,
}

/// Takes the lock of `out`, or says which run holds it.
pub fn take(out: &Path) -> Result<OutLock, OutError> {
    refuse_links(out, Path::new(LOCK))?;
    let path = out.join(LOCK);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // Never through a link planted after the check above.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let file = match options.open(&path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(OutError::Link { path }),
        Err(e) => return Err(OutError::io("create", &path, e)),
    };
    match file.try_lock() {
        Ok(()) => Ok(OutLock { _file: file, path }),
        Err(TryLockError::WouldBlock) => Err(OutError::Locked { out: out.to_path_buf(), lock: path }),
        Err(TryLockError::Error(e)) => Err(OutError::io("lock", &path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = take(dir.path()).unwrap();
        let second = take(dir.path()).unwrap_err();
        assert!(matches!(second, OutError::Locked { .. }), "{second}");
        assert!(second.to_string().contains(&dir.path().display().to_string()), "names the folder: {second}");
        drop(first);
        assert!(take(dir.path()).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_lock_file_is_refused_and_nothing_is_made_where_it_points() {
        let dir = tempfile::tempdir().unwrap();
        let away = dir.path().join("away.lock");
        std::os::unix::fs::symlink(&away, dir.path().join(LOCK)).unwrap();
        assert!(matches!(take(dir.path()), Err(OutError::Link { .. })));
        assert!(std::fs::symlink_metadata(&away).is_err(), "no file was created through the link");
    }
}
