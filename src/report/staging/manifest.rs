//! `.shopscore-files`: the list of reports the last run wrote into the output folder, so
//! the next run can remove those it does not write again (last month's trend chart, a
//! closed store's card) and never a file shopscore did not write.

use std::fs;
use std::io;
use std::path::{Component, Path};

use super::error::OutError;
use super::links::refuse_links;

/// The manifest's name inside the output folder.
pub const MANIFEST: &str = ".shopscore-files";

/// A path inside the output folder: relative, without `..`.
pub fn is_plain_relative(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty() && p.is_relative() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Shopscore's own bookkeeping at the top of the output folder (this list, the lock, the
/// card names, staging folders and what is in them): never a report, never removed as
/// one, even if listed.
pub fn is_own_state(name: &str) -> bool {
    name.starts_with(".shopscore-")
}

/// The reports the last run wrote, as listed in `out`'s manifest (none when there is
/// none). Entries that are not plain paths inside the folder are ignored.
pub fn read(out: &Path) -> Result<Vec<String>, OutError> {
    refuse_links(out, Path::new(MANIFEST))?;
    let path = out.join(MANIFEST);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(OutError::io("read", &path, e)),
    };
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().filter(|n| is_plain_relative(n) && !is_own_state(n)).map(String::from).collect())
}

/// The manifest's text for `files`.
pub fn render(files: &[String]) -> String {
    files.iter().map(|f| format!("{f}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_of_reports_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let listed = "visits.csv\n../x\n/etc/passwd\n.shopscore-lock\n.shopscore-tmp-1/a\ncharts/a.png\n\n";
        fs::write(dir.path().join(MANIFEST), listed).unwrap();
        assert_eq!(read(dir.path()).unwrap(), ["visits.csv", "charts/a.png"]);
        assert!(read(&dir.path().join("none")).unwrap().is_empty());
        assert_eq!(render(&["a".into(), "b/c".into()]), "a\nb/c\n");
    }
}
