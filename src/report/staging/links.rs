//! Symbolic links inside the output folder are never followed: a link where shopscore
//! would write, replace or remove something is an error. (`--out` itself may be a link
//! the user chose; only what is inside it is checked.)

use std::fs;
use std::path::Path;

use super::error::OutError;

/// Refuses `rel` (a relative path inside `out`) when `out/rel` or any folder on the way to
/// it is a symbolic link. Parts that do not exist yet are fine: they will be made as real
/// folders and files.
pub fn refuse_links(out: &Path, rel: &Path) -> Result<(), OutError> {
    let mut path = out.to_path_buf();
    for part in rel.components() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(OutError::Link { path }),
            Ok(_) => {}
            // Not there yet, or not reachable (a file where a folder should be, a name too
            // long): no link either way, and the write itself says what is wrong.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_anywhere_on_the_way_is_refused_and_missing_parts_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        let (out, away) = (dir.path().join("out"), dir.path().join("away"));
        fs::create_dir_all(out.join("charts")).unwrap();
        fs::create_dir(&away).unwrap();
        std::os::unix::fs::symlink(&away, out.join("locations")).unwrap();
        std::os::unix::fs::symlink(away.join("x.csv"), out.join("charts/x.csv")).unwrap();
        assert!(refuse_links(&out, Path::new("charts/new/a.svg")).is_ok(), "a new folder in a real one");
        let folder = refuse_links(&out, Path::new("locations/york/trend.svg")).unwrap_err();
        assert!(matches!(&folder, OutError::Link { path } if *path == out.join("locations")), "{folder}");
        let file = refuse_links(&out, Path::new("charts/x.csv")).unwrap_err();
        assert!(matches!(&file, OutError::Link { path } if *path == out.join("charts/x.csv")), "{file}");
    }
}
