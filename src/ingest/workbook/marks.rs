//! What a sheet row's date and error cells mean, once the row is read ([`cell_issues`]):
//! an error cell in a column other than an answer is a `cell_error` issue (the cell
//! reads as blank, so a blank id, location or date has its own issue too); a date or
//! error cell in an answer column adds what the cell was to its `invalid_answer`.

use super::cell::Mark;
use crate::ingest::columns::Columns;
use crate::issue::{Issue, IssueKind};

/// Where the row is: the input as issues name it, the row's line and its visit id.
pub(crate) struct At<'a> {
    pub file: &'a str,
    pub line: u64,
    pub visit_id: &'a str,
}

/// The issues of `marks` (the row's date and error cells, by column), onto `issues`,
/// whose entries from `from` on are the row's own.
pub(crate) fn cell_issues(marks: &[(usize, Mark)], columns: &Columns, at: &At, from: usize, issues: &mut Vec<Issue>) {
    for (c, mark) in marks {
        let Some(header) = columns.headers.get(*c) else { continue };
        if columns.answers.contains(c) {
            let said = match mark {
                Mark::Date => {
                    " (the cell is an Excel date: type the answer as text or a number, or format the column as General)"
                        .to_string()
                }
                Mark::Error(e) => {
                    format!(
                        " (the cell holds Excel's error {e}: its formula failed; fix the formula or type the answer)"
                    )
                }
            };
            let own = issues.get_mut(from..).unwrap_or_default();
            if let Some(issue) = own.iter_mut().find(|i| i.kind == IssueKind::InvalidAnswer && i.column == *header) {
                issue.problem.push_str(&said);
            }
        } else if let Mark::Error(e) = mark {
            issues.push(Issue {
                file: at.file.to_string(),
                line: at.line,
                visit_id: at.visit_id.to_string(),
                column: header.clone(),
                value: e.clone(),
                kind: IssueKind::CellError,
                problem: format!(
                    "the cell holds Excel's error {e} (a formula that failed), read as blank; fix the formula or type the value"
                ),
            });
        }
    }
}
