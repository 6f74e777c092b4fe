//! A location reported under two units of the org chart in one run (`fields.levels`): one
//! `moved` issue per location, at the first row that shows it under a second unit of the
//! lowest level (the aggregator finds it: [`crate::aggregate::Ids::moved`]). Its visits
//! count under each unit they were reported in; the issue says so.

use crate::aggregate::{Aggregator, Ids};
use crate::hierarchy::shown;
use crate::ingest::{Columns, Visit};
use crate::issue::{Issue, IssueKind};

/// Every location's first window row (file index, line), by location id.
#[derive(Default)]
pub(super) struct Moves {
    first: Vec<Option<(usize, u64)>>,
}

impl Moves {
    /// Notes `visit` (of file `file`, filed under `ids`) and gives its `moved` issue when
    /// it is its location's first row under a second unit; `names` are the files' names.
    pub(super) fn check(
        &mut self,
        at: (&[String], usize),
        cols: &Columns,
        visit: &Visit,
        ids: Ids,
        agg: &Aggregator,
    ) -> Option<Issue> {
        let (names, file) = at;
        let l = ids.location as usize;
        if self.first.len() <= l {
            self.first.resize(l + 1, None);
        }
        let first = *self.first[l].get_or_insert((file, visit.line));
        let (from, to, level) = agg.moved(ids.moved?);
        let (from, to) = (shown(from), shown(to));
        let column = cols.levels.get(level).and_then(|&c| cols.headers.get(c)).cloned().unwrap_or_default();
        let name = |f: usize| names.get(f).map_or("", String::as_str);
        Some(Issue {
            file: name(file).to_string(),
            line: visit.line,
            visit_id: visit.visit_id.clone(),
            column,
            value: format!("{from} → {to}"),
            kind: IssueKind::Moved,
            problem: format!(
                "{} was under {from} (first in {} line {}) and is here under {to}: it is reported under both, each with its visits there",
                visit.location,
                name(first.0),
                first.1
            ),
        })
    }
}
