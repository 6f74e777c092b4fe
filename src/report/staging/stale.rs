//! Staging folders left by runs that were killed (SIGKILL, a power cut): while a run
//! holds the output folder's lock no other run can be using one, so every
//! `.shopscore-tmp-*` folder there is stale and goes.

use std::fs;
use std::path::Path;

use super::error::OutError;

/// The start of every staging folder's name; the process id follows.
pub const PREFIX: &str = ".shopscore-tmp-";

/// Removes every real folder directly in `out` whose name starts with [`PREFIX`]. A link
/// of that name is left alone (never followed), and so is anything else. Call only while
/// holding the folder's lock.
pub fn remove_stale(out: &Path) -> Result<(), OutError> {
    let entries = fs::read_dir(out).map_err(|e| OutError::io("read", out, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| OutError::io("read", out, e))?;
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let path = entry.path();
        // The entry's own type: a link is a link here, not what it points to.
        let kind = entry.file_type().map_err(|e| OutError::io("inspect", &path, e))?;
        if kind.is_dir() {
            // std removes links found inside as links, never what they point to.
            fs::remove_dir_all(&path).map_err(|e| OutError::io("remove the stale staging folder", &path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_staging_folders_go() {
        let dir = tempfile::tempdir().unwrap();
        let (out, away) = (dir.path().join("out"), dir.path().join("away"));
        fs::create_dir_all(out.join(".shopscore-tmp-123/charts")).unwrap();
        fs::write(out.join(".shopscore-tmp-123/charts/a.png"), "x").unwrap();
        fs::write(out.join(".shopscore-tmp-file"), "a file, not a folder").unwrap();
        fs::create_dir(out.join("shopscore-tmp-1")).unwrap();
        fs::create_dir(&away).unwrap();
        fs::write(away.join("keep.txt"), "kept").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&away, out.join(".shopscore-tmp-9")).unwrap();
        remove_stale(&out).unwrap();
        let mut left: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        #[cfg(unix)]
        assert_eq!(left, [".shopscore-tmp-9", ".shopscore-tmp-file", "shopscore-tmp-1"]);
        assert_eq!(fs::read_to_string(away.join("keep.txt")).unwrap(), "kept");
    }
}
