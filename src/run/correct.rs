//! The corrections step of the pipeline (SCORING.md §7): a visit's accepted corrections
//! applied in file order before it is scored, and what they did, for the audit trail.
//!
//! [`apply`] runs on the reading side, between reading a visit and scoring it. [`Ledger`]
//! runs on the writing side: it keeps the audit rows in the visits' order, notes which
//! corrections rows met a visit, and at the end gives the corrections file's issues (its
//! rows' own problems and the unknown visits, in file order) and the run's
//! [`CorrectionsReport`].

use crate::audit::{AuditRow, CorrectionsReport};
use crate::ingest::Visit;
use crate::ingest::corrections::{Action, COL_QUESTION, COL_VALUE, Corrections, Status};
use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;
use crate::score::{VisitScore, score_into};
use crate::sink::Marks;
use crate::standing::Standing;

/// What the corrections did to one visit.
#[derive(Debug, Default)]
pub(crate) struct Corrected {
    pub marks: Marks,
    /// An accepted `set` changed an answer.
    pub changed: bool,
    /// Indices of the corrections rows that named the visit (into `Corrections::usable`).
    pub rows: Vec<usize>,
    pub audit: Vec<AuditRow>,
    /// Rows whose value this visit's question does not take.
    pub issues: Vec<Issue>,
}

/// Applies the corrections naming `visit` to its answers and scores it into `score`;
/// `None` (and `score` untouched) when no row names it.
pub(super) fn apply(
    rubric: &Rubric,
    corrections: &Corrections,
    visit: &mut Visit,
    score: &mut VisitScore,
    scratch: &mut Vec<bool>,
) -> Option<Box<Corrected>> {
    let rows = corrections.for_visit(&visit.visit_id);
    if rows.is_empty() {
        return None;
    }
    score_into(rubric, &visit.answers, score, scratch);
    let before = score.score;
    let (shot, shot_cells) = (visit.answers.clone(), visit.cells.clone());
    let mut standing = Standing::Counted;
    let mut out = Corrected { rows: rows.to_vec(), ..Corrected::default() };
    for &r in rows {
        let c = &corrections.usable[r];
        let accepted = c.status == Status::Accepted;
        let mut row = AuditRow {
            line: c.line,
            visit_id: visit.visit_id.clone(),
            location: visit.location.clone(),
            shopper: visit.shopper.clone(),
            question: String::new(),
            answer_as_shot: String::new(),
            answer_corrected: String::new(),
            score_before: before,
            score_after: None,
            action: c.action.as_str(),
            status: c.status.as_str(),
            acted: false,
            reason: c.reason.clone(),
            by: c.by.clone(),
            date: c.date.clone(),
        };
        match c.action {
            Action::Set => {
                let id = c.question.as_deref().unwrap_or_default();
                let Some(i) = rubric.questions.iter().position(|q| q.id == id) else {
                    let problem = format!("the visit's rubric has no question `{id}`; the row acts not");
                    let kind = IssueKind::CorrectionUnknownQuestion;
                    out.issues.push(corrections.issue(
                        c.line,
                        &c.visit_id,
                        COL_QUESTION,
                        &c.question_as_written,
                        kind,
                        problem,
                    ));
                    continue;
                };
                row.question = id.to_string();
                row.answer_as_shot = shot_cells.get(i).cloned().unwrap_or_default();
                row.answer_corrected = c.value.clone();
                if accepted {
                    match c.answer(&rubric.questions[i]) {
                        Ok(answer) => {
                            visit.answers[i] = answer;
                            if let Some(cell) = visit.cells.get_mut(i) {
                                cell.clone_from(&c.value);
                            }
                            row.acted = true;
                        }
                        Err(problem) => {
                            let kind = IssueKind::CorrectionInvalidValue;
                            out.issues.push(corrections.issue(c.line, &c.visit_id, COL_VALUE, &c.value, kind, problem));
                        }
                    }
                }
            }
            Action::Void | Action::Restore if accepted => {
                standing = if c.action == Action::Void { Standing::Void } else { Standing::Counted };
                row.acted = true;
            }
            Action::Void | Action::Restore => {}
        }
        out.audit.push(row);
    }
    let changed = visit.answers != shot;
    if changed {
        score_into(rubric, &visit.answers, score, scratch);
    }
    for row in &mut out.audit {
        row.score_after = score.score;
    }
    out.changed = changed;
    out.marks = Marks { standing, corrected: changed || standing == Standing::Void, score_as_shot: before };
    Some(Box::new(out))
}

/// The writing side's account of the corrections, in the visits' order.
pub(super) struct Ledger<'c> {
    corrections: &'c Corrections,
    /// Per usable row: it named a visit the run read.
    met: Vec<bool>,
    report: CorrectionsReport,
}

impl<'c> Ledger<'c> {
    pub fn new(corrections: &'c Corrections) -> Ledger<'c> {
        let [accepted, rejected, pending] = corrections.by_status;
        Ledger {
            corrections,
            met: vec![false; corrections.usable.len()],
            report: CorrectionsReport {
                file: corrections.file.clone(),
                sha256: corrections.sha256.clone(),
                rows: corrections.rows,
                accepted,
                rejected,
                pending,
                ..CorrectionsReport::default()
            },
        }
    }

    /// Takes what the corrections did to one visit (its issues stay with it).
    pub fn add(&mut self, corrected: &mut Corrected) {
        for &r in &corrected.rows {
            self.met[r] = true;
        }
        self.report.void_visits += u64::from(corrected.marks.standing == Standing::Void);
        self.report.changed_visits += u64::from(corrected.changed);
        self.report.audit.append(&mut corrected.audit);
    }

    /// The corrections file's own issues (its rows' problems, then no visit read for a
    /// row), in file order, and the run's report of the corrections.
    pub fn finish(mut self) -> (Vec<Issue>, CorrectionsReport) {
        let c = self.corrections;
        let mut issues = c.problems.clone();
        issues.extend(c.usable.iter().zip(&self.met).filter(|(_, met)| !**met).map(|(row, _)| c.unknown_visit(row)));
        issues.sort_by_key(|i| i.line);
        // File order; the visits of one row in input order (the sort is stable).
        self.report.audit.sort_by_key(|a| a.line);
        let mut lines: Vec<u64> = self.report.audit.iter().filter(|a| a.acted).map(|a| a.line).collect();
        lines.dedup();
        self.report.acted = lines.len() as u64;
        (issues, self.report)
    }
}
