//! The rules a corrections row must pass on its own (SCORING.md §7, SPEC16 B): a known
//! action and status, a visit id, a question for `set`, and any question it names in the
//! rubric.

use super::{Action, COL_ACTION, COL_QUESTION, COL_STATUS, COL_VISIT_ID, Correction, Corrections, Status};
use crate::issue::{Issue, IssueKind};
use crate::rubric::Question;
use crate::terminal_text::{VALUE, one_line};

/// The row at `line` (its cells trimmed, in [`super::COLUMNS`] order) as a correction,
/// with the issue of every rule it fails (in the order action, status, visit id, a `set`'s
/// question, an unknown question); with any, the row is not `sound` and acts not.
pub(super) fn check(
    file: &Corrections,
    line: u64,
    cells: [String; 8],
    questions: &[Question],
) -> (Correction, Vec<Issue>) {
    let [visit_id, question, value, action_cell, status_cell, reason, by, date] = cells;
    let mut issues = Vec::new();
    let mut fail = |column: usize, value: &str, kind: IssueKind, problem: String| {
        issues.push(file.issue(line, &visit_id, column, value, kind, problem));
    };
    let action = read_action(&action_cell);
    if action.is_none() {
        let problem = format!(
            "`{}` is not an action (use set, void or restore); the row acts not",
            one_line(&action_cell, VALUE)
        );
        fail(COL_ACTION, &action_cell, IssueKind::CorrectionBadAction, problem);
    }
    let status = read_status(&status_cell);
    if status.is_none() {
        let problem = format!(
            "`{}` is not a status (use accepted, rejected or pending); the row acts not",
            one_line(&status_cell, VALUE)
        );
        fail(COL_STATUS, &status_cell, IssueKind::CorrectionBadStatus, problem);
    }
    if visit_id.is_empty() {
        let problem = "no visit id (copy it from visits.csv): the row names no visit and acts not";
        fail(COL_VISIT_ID, "", IssueKind::CorrectionMissingField, problem.into());
    }
    if action == Some(Action::Set) && question.is_empty() {
        let problem = "`set` names no question (give its id or its CSV header); the row acts not";
        fail(COL_QUESTION, "", IssueKind::CorrectionMissingField, problem.into());
    }
    let question_id = find_question(questions, &question).map(|q| q.id.clone());
    if !question.is_empty() && question_id.is_none() {
        let hint = crate::closest(&question, questions.iter().flat_map(|q| [q.id.as_str(), q.column.as_str()]))
            .map_or_else(
                || "give a question id or CSV header of the rubric".to_string(),
                |c| format!("did you mean `{c}`?"),
            );
        let problem = format!(
            "no question `{}` in the rubric (by id or CSV header; {hint}); the row acts not",
            one_line(&question, VALUE)
        );
        fail(COL_QUESTION, &question, IssueKind::CorrectionUnknownQuestion, problem);
    }
    let correction = Correction {
        line,
        visit_id,
        question: question_id,
        question_as_written: question,
        value,
        action,
        action_as_written: action_cell,
        status,
        status_as_written: status_cell,
        reason,
        by,
        date,
        sound: issues.is_empty(),
    };
    (correction, issues)
}

fn read_action(cell: &str) -> Option<Action> {
    [Action::Set, Action::Void, Action::Restore].into_iter().find(|a| cell.eq_ignore_ascii_case(a.as_str()))
}

fn read_status(cell: &str) -> Option<Status> {
    [Status::Accepted, Status::Rejected, Status::Pending].into_iter().find(|s| cell.eq_ignore_ascii_case(s.as_str()))
}

/// The question `named` by its id, else by its CSV header; exact first, then in any case.
fn find_question<'q>(questions: &'q [Question], named: &str) -> Option<&'q Question> {
    let exact = questions.iter().find(|q| q.id == named || q.column == named);
    exact
        .or_else(|| questions.iter().find(|q| q.id.eq_ignore_ascii_case(named) || q.column.eq_ignore_ascii_case(named)))
}
