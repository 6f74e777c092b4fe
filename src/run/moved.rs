//! A location reported under two units of the org chart in one run (`fields.levels`): one
//! `moved` issue per location, at the first row that shows it under a second unit. Its
//! visits count under each unit they were reported in; the issue says so.

use rustc_hash::FxHashMap;

use crate::aggregate::levels::PATH_SEPARATOR;
use crate::ingest::{Columns, Visit};
use crate::issue::{Issue, IssueKind};

/// Where a location was first seen: its full path, the file (index) and line, and
/// whether its move has been reported.
struct First {
    path: String,
    file: usize,
    line: u64,
    reported: bool,
}

/// Every location's first place in the org chart, as the run streams.
#[derive(Default)]
pub(super) struct Moves {
    first: FxHashMap<String, First>,
    /// The visit's path, reused from visit to visit.
    path: String,
}

impl Moves {
    /// The `moved` issue of a counted `visit` of file `file` (`names` the files' names),
    /// when its location was first seen under another unit and has not been reported.
    pub(super) fn check(&mut self, names: &[String], file: usize, cols: &Columns, visit: &Visit) -> Option<Issue> {
        if visit.levels.is_empty() || visit.location.is_empty() {
            return None;
        }
        self.path.clear();
        for (k, cell) in visit.levels.iter().enumerate() {
            if k > 0 {
                self.path.push_str(PATH_SEPARATOR);
            }
            self.path.push_str(cell);
        }
        let Some(first) = self.first.get_mut(visit.location.as_str()) else {
            let first = First { path: self.path.clone(), file, line: visit.line, reported: false };
            self.first.insert(visit.location.clone(), first);
            return None;
        };
        if first.reported || first.path == self.path {
            return None;
        }
        first.reported = true;
        // The column of the highest level that differs (the area when the region stays).
        let firsts: Vec<&str> = first.path.split(PATH_SEPARATOR).collect();
        let level = visit.levels.iter().enumerate().position(|(k, c)| firsts.get(k) != Some(&c.as_str()));
        let column = level.and_then(|k| cols.levels.get(k)).and_then(|&c| cols.headers.get(c)).cloned();
        let at = names.get(first.file).map_or("", String::as_str);
        Some(Issue {
            file: names.get(file).cloned().unwrap_or_default(),
            line: visit.line,
            visit_id: visit.visit_id.clone(),
            column: column.unwrap_or_default(),
            value: format!("{} → {}", first.path, self.path),
            kind: IssueKind::Moved,
            problem: format!(
                "{} was under {} (first in {at} line {}) and is here under {}: it is reported under both, each with its visits there",
                visit.location, first.path, first.line, self.path
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(line: u64, location: &str, levels: [&str; 2]) -> Visit {
        Visit {
            line,
            visit_id: format!("V{line}"),
            location: location.into(),
            levels: levels.iter().map(|l| l.to_string()).collect(),
            ..Visit::default()
        }
    }

    /// Leeds Briggate under North / Leeds (line 2), again (line 3), then North / York
    /// (line 4: the one issue, on `Area`, the level that changed), back and again under
    /// York (lines 5, 6: nothing more). York Coney St never moves.
    #[test]
    fn one_issue_per_location_at_its_first_row_under_a_second_unit() {
        let headers = ["id", "Store", "date", "Region", "Area"].map(String::from).to_vec();
        let cols = Columns {
            headers,
            visit_id: 0,
            location: 1,
            date: 2,
            region: Some(3),
            levels: vec![3, 4],
            shopper: None,
            channel: None,
            time: None,
            version_date: None,
            answers: vec![],
            comments: vec![],
            keep: vec![],
            replaces: None,
            used: vec![],
        };
        let names = vec!["v.csv".to_string()];
        let mut moves = Moves::default();
        let rows = [
            visit(2, "Leeds Briggate", ["North", "Leeds"]),
            visit(3, "Leeds Briggate", ["North", "Leeds"]),
            visit(4, "Leeds Briggate", ["North", "York"]),
            visit(5, "Leeds Briggate", ["North", "Leeds"]),
            visit(6, "Leeds Briggate", ["North", "York"]),
            visit(7, "York Coney St", ["North", "York"]),
        ];
        let issues: Vec<Issue> = rows.iter().filter_map(|v| moves.check(&names, 0, &cols, v)).collect();
        assert_eq!(issues.len(), 1);
        let i = &issues[0];
        assert_eq!((i.line, i.column.as_str(), i.value.as_str()), (4, "Area", "North / Leeds → North / York"));
        assert_eq!(
            i.problem,
            "Leeds Briggate was under North / Leeds (first in v.csv line 2) and is here under North / York: \
             it is reported under both, each with its visits there"
        );
    }
}
