//! A row that is not a visit ([`not_a_visit`]): a field count other than the header's, or
//! no visit id. Its issue shows the row as the file had it, whichever reader found it.

use super::cells::{Fields, raw_text, trim};
use crate::issue::{Issue, IssueKind};

/// The most an Excel cell holds, in UTF-16 units (what Excel counts: an emoji is two).
pub const EXCEL_CELL_UNITS: usize = 32_767;

/// A row that is not a visit: one with a field count other than the header's (`shape.0`
/// fields), or no visit id (in field `shape.1`). Its issue, with the row's raw text, goes
/// onto `issues` (and a second when that text is longer than an Excel cell); `false` for
/// a visit's row, which pushes nothing.
pub(super) fn not_a_visit(
    name: &str,
    fields: &Fields,
    delimiter: u8,
    shape: (usize, usize),
    line: u64,
    issues: &mut Vec<Issue>,
) -> bool {
    let (header_len, visit_id) = shape;
    let id = fields.cell(visit_id);
    let id = trim(&id);
    let problem = if fields.len() != header_len {
        Some((
            IssueKind::WrongFieldCount,
            format!("the row has {} fields but the header has {header_len}; the row is not scored", fields.len()),
        ))
    } else if id.is_empty() {
        Some((IssueKind::NoVisitId, "no visit id; the row is not scored".to_string()))
    } else {
        None
    };
    let Some((kind, problem)) = problem else { return false };
    let visit_id = if kind == IssueKind::WrongFieldCount { id.to_string() } else { String::new() };
    let value = raw_text(fields, delimiter);
    let units = value.encode_utf16().count();
    let issue = Issue { file: name.to_string(), line, visit_id, column: String::new(), value, kind, problem };
    // The workbook's Issues sheet cuts the raw row like any cell: say so.
    let cut = (units > EXCEL_CELL_UNITS).then(|| Issue {
        kind: IssueKind::CellTooLong,
        value: issue.value.chars().take(80).chain("…".chars()).collect(),
        problem: format!("the row holds {units} characters (UTF-16 units), more than an Excel cell's {EXCEL_CELL_UNITS}; the workbook's Issues sheet shows it cut, issues.csv whole"),
        ..issue.clone()
    });
    issues.push(issue);
    issues.extend(cut);
    true
}
