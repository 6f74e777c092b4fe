//! What can go wrong in the output folder: every message names the path and ends with a
//! hint, for the operating system's own text ("Permission denied") says neither.

use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutError {
    #[error(
        "{} is a symbolic link inside the output folder; shopscore never writes, replaces or removes anything through a link\n  hint: remove the link (keep a real folder or file there), or choose another --out",
        .path.display()
    )]
    Link { path: PathBuf },
    #[error(
        "another shopscore run is writing into {} (it holds {})\n  hint: wait for that run to finish and run again, or choose another --out",
        .out.display(),
        .lock.display()
    )]
    Locked { out: PathBuf, lock: PathBuf },
    #[error("{} is a folder; a report cannot replace it\n  hint: move the folder away, or choose another --out", .path.display())]
    Folder { path: PathBuf },
    #[error(
        "{}: `{name}` is a device name on Windows, and such a file cannot be opened there\n  hint: choose another name",
        .path.display()
    )]
    Reserved { path: PathBuf, name: String },
    #[error("cannot {action} {}: {cause}\n  hint: {}", .path.display(), hint(.cause))]
    Io { action: &'static str, path: PathBuf, cause: io::Error },
}

impl OutError {
    /// `cause` met while trying to `action` (a verb: "write", "create", "remove") `path`.
    pub fn io(action: &'static str, path: &Path, cause: io::Error) -> OutError {
        OutError::Io { action, path: path.to_path_buf(), cause }
    }
}

impl From<OutError> for io::Error {
    /// Keeps the kind, so callers that look at it (a closed pipe, a full disk) still can.
    fn from(e: OutError) -> io::Error {
        let kind = match &e {
            OutError::Io { cause, .. } => cause.kind(),
            OutError::Locked { .. } => io::ErrorKind::WouldBlock,
            _ => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, e)
    }
}

/// What the user can do about `e`.
fn hint(e: &io::Error) -> &'static str {
    use io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded => {
            "the disk holding the output folder is full: free some space, or choose an --out on another disk"
        }
        K::FileTooLarge => {
            "the report is larger than this system lets a file be (`ulimit -f`, the file system's limit): raise the limit, or choose an --out on another disk"
        }
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            "shopscore may not write there: check the folder's permissions, or choose another --out"
        }
        K::InvalidFilename => {
            "the path is too long for the file system: use a shorter --xlsx-name, rubric name or --out path"
        }
        K::NotADirectory | K::AlreadyExists => {
            "a file is where shopscore needs a folder: move it away, or choose another --out"
        }
        _ => "check that the output folder can be written, or choose another --out",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three faults of issue 12's item 10, as the OS reports them (Linux numbers).
    #[test]
    fn each_fault_names_its_path_and_says_what_to_do() {
        let cases = [
            (28, "disk holding the output folder is full"),
            (13, "check the folder's permissions"),
            (36, "too long"),
            (27, "larger than this system lets a file be"),
        ];
        for (errno, expected) in cases {
            let e = OutError::io("write", Path::new("out/visits.csv"), io::Error::from_raw_os_error(errno));
            let text = e.to_string();
            assert!(text.starts_with("cannot write out/visits.csv: "), "{text}");
            assert!(text.contains("\n  hint: ") && text.contains(expected), "{errno}: {text}");
        }
    }

    #[test]
    fn the_kind_survives_the_trip_through_io_error() {
        let e = OutError::io("write", Path::new("x"), io::Error::from_raw_os_error(28));
        assert_eq!(io::Error::from(e).kind(), io::ErrorKind::StorageFull);
    }
}
