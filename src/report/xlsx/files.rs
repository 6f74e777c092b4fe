//! The input files as the Visits and Issues sheets name them: the file's name, not the
//! path as typed (`data/2026/oct.csv` is `oct.csv`), so the column stays narrow; the About
//! sheet lists every input's path. An input whose name another input (another path) has
//! already taken keeps its path, so no row's file is ambiguous.

use std::path::Path;

#[derive(Debug, Default)]
pub struct FileNames {
    /// (path as given, name shown), in the order the inputs came.
    seen: Vec<(String, String)>,
    /// The entry of the last path asked for: rows of one file come together.
    last: usize,
}

impl FileNames {
    /// How the sheets name the input given as `path`.
    pub fn shown<'a>(&'a mut self, path: &'a str) -> &'a str {
        let at = match self.seen.get(self.last) {
            Some((p, _)) if p == path => self.last,
            _ => match self.seen.iter().position(|(p, _)| p == path) {
                Some(i) => i,
                None => {
                    let name = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path);
                    let taken = self.seen.iter().any(|(_, shown)| shown == name);
                    let shown = if taken { path } else { name };
                    self.seen.push((path.to_string(), shown.to_string()));
                    self.seen.len() - 1
                }
            },
        };
        self.last = at;
        self.seen.get(at).map_or(path, |(_, shown)| shown.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_not_paths_unless_two_share_a_name() {
        let mut names = FileNames::default();
        assert_eq!(names.shown("data/2026/oct.csv"), "oct.csv");
        assert_eq!(names.shown("sep.csv"), "sep.csv");
        assert_eq!(names.shown("stdin"), "stdin");
        // Another folder's oct.csv keeps its path; the first keeps its name.
        assert_eq!(names.shown("old/oct.csv"), "old/oct.csv");
        assert_eq!(names.shown("data/2026/oct.csv"), "oct.csv");
        assert_eq!(names.shown("/abs/path/nov.csv"), "nov.csv");
        // `..` has no file name: shown as given.
        assert_eq!(names.shown(".."), "..");
    }
}
