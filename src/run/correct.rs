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
use crate::score::{Scratch, VisitScore, score_in_version};
use crate::sink::Marks;
use crate::standing::Standing;

/// What the corrections did to one visit.
#[derive(Debug, Default)]
pub(crate) struct Corrected {
    pub marks: Marks<'static>,
    /// An accepted `set` changed an answer.
    pub changed: bool,
    /// Indices of the corrections rows that named the visit (into `Corrections::usable`).
    pub rows: Vec<usize>,
    pub audit: Vec<AuditRow>,
    /// Rows whose value this visit's question does not take.
    pub issues: Vec<Issue>,
}

/// Applies the corrections naming `visit` to its answers and scores it into `score` by
/// its rubric `version` (an index into the rubric's versions; 0 with one rubric file);
/// `None` (and `score` untouched) when no row names it.
pub(super) fn apply(
    rubric: &Rubric,
    version: usize,
    corrections: &Corrections,
    visit: &mut Visit,
    score: &mut VisitScore,
    scratch: &mut Scratch,
) -> Option<Box<Corrected>> {
    let rows = corrections.for_visit(&visit.visit_id);
    if rows.is_empty() {
        return None;
    }
    score_in_version(rubric, version, &visit.answers, score, scratch);
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
                // The question as the visit's version asks it (not asked there: unknown).
                let asked =
                    rubric.questions.iter().position(|q| q.id == id).and_then(|i| Some((i, rubric.asked(version, i)?)));
                let Some((i, question)) = asked else {
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
                    match c.answer(question) {
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
        score_in_version(rubric, version, &visit.answers, score, scratch);
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::answer::{Answer, parse};

    /// q1 yes_no (1 point), q2 scale 1-5 (1 point, na: false).
    const RUBRIC: &str = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q1, type: yes_no }\n      \
                          - { id: q2, type: scale, min: 1, max: 5, na: false }\n";

    fn run(rows: &str, cells: [&str; 2]) -> (Visit, VisitScore, Box<Corrected>) {
        let rubric = crate::rubric::parse(Path::new("t.yaml"), RUBRIC).unwrap();
        let text = format!("visit_id,question,value,action,status,reason,by,date\n{rows}");
        let c = Corrections::parse(Path::new("fix.csv"), text.as_bytes(), String::new(), &rubric.questions).unwrap();
        let answers = rubric.questions.iter().zip(cells).map(|(q, cell)| parse(q, cell)).collect();
        let mut visit =
            Visit { visit_id: "V1".into(), cells: cells.map(str::to_string).to_vec(), ..Visit::with_answers(answers) };
        let mut score = VisitScore::default();
        let corrected = apply(&rubric, 0, &c, &mut visit, &mut score, &mut Scratch::default()).unwrap();
        (visit, score, corrected)
    }

    /// As shot: no, 3 → 0 + 0.5 of 2 → 25. q2 5 then 4 (the later wins): f 0.75; q1 yes
    /// rejected: 0 + 0.75 of 2 → 37.5.
    #[test]
    fn accepted_sets_act_in_file_order_and_the_last_wins() {
        let rows = "V1,q2,5,set,accepted,,,\nV1,q1,yes,set,rejected,,,\nV1,q2,4,set,accepted,,,\n";
        let (visit, score, c) = run(rows, ["no", "3"]);
        assert_eq!(visit.answers, [Answer::Scored(0.0), Answer::Scored(0.75)]);
        assert_eq!(visit.cells, ["no", "4"]);
        assert_eq!((score.score, c.marks.score_as_shot), (Some(37.5), Some(25.0)));
        assert!(c.changed && c.marks.corrected);
        let acted: Vec<(u64, bool, &str)> =
            c.audit.iter().map(|a| (a.line, a.acted, a.answer_as_shot.as_str())).collect();
        assert_eq!(acted, [(2, true, "3"), (3, false, "no"), (4, true, "3")]);
        assert!(c.audit.iter().all(|a| a.score_before == Some(25.0) && a.score_after == Some(37.5)));
    }

    /// An invalid value acts not and is an issue; N/A on q2 (na: false) too. The last
    /// accepted void/restore decides: void, restore, void → void; a pending restore after it
    /// changes nothing.
    #[test]
    fn invalid_values_act_not_and_the_last_void_or_restore_decides() {
        let rows = "V1,q2,9,set,accepted,,,\nV1,q2,N/A,set,accepted,,,\nV1,,,void,accepted,,,\nV1,,,restore,accepted,,,\n\
                    V1,,,void,accepted,,,\nV1,,,restore,pending,,,\n";
        let (visit, score, c) = run(rows, ["yes", "5"]);
        assert_eq!(visit.answers, [Answer::Scored(1.0), Answer::Scored(1.0)]);
        assert_eq!(score.score, Some(100.0));
        let kinds: Vec<(u64, &str)> = c.issues.iter().map(|i| (i.line, i.kind.as_str())).collect();
        assert_eq!(kinds, [(2, "correction_invalid_value"), (3, "correction_invalid_value")]);
        assert_eq!(c.marks.standing, Standing::Void);
        // Void but no answer changed: corrected (void), not changed.
        assert!(c.marks.corrected && !c.changed);
    }

    /// A blank value makes the answer missing: yes, 5 → -, 5: 1 of 1 → 100 as before,
    /// yet the answer changed.
    #[test]
    fn a_blank_value_makes_the_answer_missing() {
        let (visit, score, c) = run("V1,q1,,set,accepted,,,\n", ["yes", "5"]);
        assert_eq!(visit.answers[0], Answer::Missing);
        assert_eq!((score.score, c.marks.score_as_shot, c.changed), (Some(100.0), Some(100.0), true));
    }
}
