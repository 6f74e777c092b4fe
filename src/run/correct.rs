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
    /// An accepted `set` changed an answer's text (trimmed), exactly: a change the score
    /// may not show (another number in the same band) is a change too.
    pub changed: bool,
    /// Indices of the corrections rows that named the visit (into `Corrections::records`).
    pub rows: Vec<usize>,
    /// The audit rows of the rows naming it and, for a `set` or an unknown action, a question
    /// of its rubric, in file order.
    pub audit: Vec<AuditRow>,
    /// The rows' problems that need the visit (a question not in its rubric, a value its
    /// question does not take), whatever their status.
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
    verdicts: &mut Verdicts,
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
        let c = &corrections.records[r];
        let issue = |column: usize, value: &str, kind: IssueKind, problem: String| {
            corrections.issue(c.line, &c.visit_id, column, value, kind, problem)
        };
        // The row's question (its index in the merged view), when the visit's version
        // asks it.
        let asked = c.question.as_deref().and_then(|id| rubric.questions.iter().position(|q| q.id == id));
        let asked = asked.filter(|&i| rubric.asked(version, i).is_some());
        let mut fine = true;
        if let (Some(id), None) = (c.question.as_deref(), asked) {
            let problem = format!("the visit's rubric has no question `{id}`; the row acts not");
            out.issues.push(issue(COL_QUESTION, &c.question_as_written, IssueKind::CorrectionUnknownQuestion, problem));
            fine = false;
        }
        let mut answer = None;
        if let (Some(Action::Set), Some(i)) = (c.action, asked) {
            // Checked whatever the status: a pending value that will not read is told now.
            let question = rubric.asked(version, i).unwrap_or(&rubric.questions[i]);
            match c.answer(question) {
                Ok(a) => answer = Some(a),
                Err(problem) => {
                    out.issues.push(issue(COL_VALUE, &c.value, IssueKind::CorrectionInvalidValue, problem));
                    fine = false;
                }
            }
        }
        // A row is judged once, at the first visit of its id in input order: a repeated
        // id's later copies follow that verdict (where their version asks the question).
        let fine = *verdicts.first(r, fine);
        let acted = c.sound && fine && c.status == Some(Status::Accepted);
        match c.action {
            Some(Action::Set) if acted => {
                if let (Some(i), Some(answer)) = (asked, answer) {
                    visit.answers[i] = answer;
                    if let Some(cell) = visit.cells.get_mut(i) {
                        cell.clone_from(&c.value);
                    }
                }
            }
            Some(a @ (Action::Void | Action::Restore)) if acted => {
                standing = if a == Action::Void { Standing::Void } else { Standing::Counted };
            }
            _ => {}
        }
        let void_or_restore = matches!(c.action, Some(Action::Void | Action::Restore));
        // In the trail: a row naming a question of the visit, or a void/restore naming none.
        let listed = asked.is_some() || (void_or_restore && c.question_as_written.is_empty());
        if !listed {
            continue;
        }
        // A void/restore's question and answers are empty, even when it names one.
        let shown = asked.filter(|_| !void_or_restore);
        out.audit.push(AuditRow {
            line: c.line,
            visit_id: visit.visit_id.clone(),
            location: visit.location.clone(),
            shopper: visit.shopper.clone(),
            question: shown.map_or_else(String::new, |i| rubric.questions[i].id.clone()),
            answer_as_shot: shown.and_then(|i| shot_cells.get(i)).map_or_else(String::new, |a| a.trim().to_string()),
            answer_corrected: shown.map_or_else(String::new, |_| c.value.clone()),
            score_before: before,
            score_after: None,
            action: c.action_shown(),
            status: c.status_shown(),
            acted,
            reason: c.reason.clone(),
            by: c.by.clone(),
            date: c.date.clone(),
        });
    }
    let retyped = visit.cells.iter().zip(&shot_cells).any(|(now, then)| now.trim() != then.trim());
    let changed = retyped || visit.answers != shot;
    if changed {
        score_in_version(rubric, version, &visit.answers, score, scratch);
    }
    for row in &mut out.audit {
        row.score_after = score.score;
    }
    out.changed = changed;
    out.marks =
        Marks { standing, corrected: changed || standing == Standing::Void, score_as_shot: before, replaced_by: "" };
    Some(Box::new(out))
}

/// Per corrections row, whether it passed the checks that need its visit (its question
/// asked by the visit's version, its value read) at the first visit of its id, in input
/// order: a row is judged once, so a repeated id's later copies follow the first's verdict.
#[derive(Debug, Default)]
pub(super) struct Verdicts(Vec<Option<bool>>);

impl Verdicts {
    /// Row `r`'s verdict: `fine` when this is the first visit it meets, else the first's.
    fn first(&mut self, r: usize, fine: bool) -> &bool {
        if self.0.len() <= r {
            self.0.resize(r + 1, None);
        }
        self.0[r].get_or_insert(fine)
    }
}

/// The writing side's account of the corrections, in the visits' order.
pub(super) struct Ledger<'c> {
    corrections: &'c Corrections,
    /// Per row: it named a visit the run read.
    met: Vec<bool>,
    report: CorrectionsReport,
}

impl<'c> Ledger<'c> {
    pub fn new(corrections: &'c Corrections) -> Ledger<'c> {
        let [accepted, rejected, pending] = corrections.by_status;
        Ledger {
            corrections,
            met: vec![false; corrections.records.len()],
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

    /// Takes what the corrections did to one visit (`listed`: it is a row of visits.csv,
    /// not one read only to compare with). A row is in the trail, and its issues listed,
    /// once: as it met the first visit of its id in input order (a duplicate id is
    /// corrected on every occurrence, but the row is one row). `corrected.issues` keeps
    /// the issues to list.
    pub fn add(&mut self, corrected: &mut Corrected, listed: bool) {
        let records = &self.corrections.records;
        let fresh: Vec<u64> = corrected.rows.iter().filter(|&&r| !self.met[r]).map(|&r| records[r].line).collect();
        corrected.audit.retain(|a| fresh.contains(&a.line));
        corrected.issues.retain(|i| fresh.contains(&i.line));
        for &r in &corrected.rows {
            self.met[r] = true;
        }
        if listed {
            self.report.void_visits += u64::from(corrected.marks.standing == Standing::Void);
            self.report.changed_visits += u64::from(corrected.changed);
        }
        self.report.audit.append(&mut corrected.audit);
    }

    /// The corrections file's own issues (its rows' problems, then no visit read for a
    /// row), in file order, and the run's report of the corrections.
    pub fn finish(mut self) -> (Vec<Issue>, CorrectionsReport) {
        let c = self.corrections;
        let mut issues = c.problems.clone();
        let unknown = c.records.iter().zip(&self.met).filter(|(row, met)| !**met && !row.visit_id.is_empty());
        issues.extend(unknown.map(|(row, _)| c.unknown_visit(row)));
        // File order; a row's issues in the order of its rules (the sort is stable).
        issues.sort_by_key(|i| i.line);
        self.report.audit.sort_by_key(|a| a.line);
        self.report.acted = self.report.audit.iter().filter(|a| a.acted).count() as u64;
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
        let corrected =
            apply(&rubric, 0, &c, &mut visit, &mut score, &mut Scratch::default(), &mut Verdicts::default()).unwrap();
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

    /// Rows that act not are in the trail too (SPEC16 B: one row per corrections row naming
    /// the visit and a question of it): a bad action (as written), a bad status (as
    /// written), a pending value that will not read (an issue now, whatever the status). A
    /// bad-action row naming no question is not in it (its issue is). As shot `  yes ` (the
    /// trail shows it trimmed), 3: 1 + 0.5 of 2 → 75; nothing acts, so 75 after.
    #[test]
    fn rows_that_act_not_are_in_the_trail_as_written() {
        let rows =
            "V1,q1,no,Delete,accepted,,,\nV1,q2,4,set,Approved,,,\nV1,q2,9,set,pending,,,\nV1,,,fix,accepted,,,\n";
        let (visit, score, c) = run(rows, ["  yes ", "3"]);
        assert_eq!(visit.answers, [Answer::Scored(1.0), Answer::Scored(0.5)]);
        assert_eq!(
            (score.score, c.marks.score_as_shot, c.changed, c.marks.corrected),
            (Some(75.0), Some(75.0), false, false)
        );
        let trail: Vec<_> = c
            .audit
            .iter()
            .map(|a| {
                (a.line, a.question.as_str(), a.answer_as_shot.as_str(), a.action.as_str(), a.status.as_str(), a.acted)
            })
            .collect();
        assert_eq!(
            trail,
            [
                (2, "q1", "yes", "Delete", "accepted", false),
                (3, "q2", "3", "set", "Approved", false),
                (4, "q2", "3", "set", "pending", false)
            ]
        );
        let kinds: Vec<(u64, &str)> = c.issues.iter().map(|i| (i.line, i.kind.as_str())).collect();
        assert_eq!(kinds, [(4, "correction_invalid_value")]);
    }

    /// An answer retyped is a change even when the score is not: q2 3 → `3.0` reads as the
    /// same 0.5 (75 before and after), yet the cell differs, so the visit is corrected.
    #[test]
    fn a_retyped_answer_is_a_change() {
        let (_, score, c) = run("V1,q2,3.0,set,accepted,,,\n", ["yes", "3"]);
        assert_eq!((score.score, c.marks.score_as_shot), (Some(75.0), Some(75.0)));
        assert!(c.changed && c.marks.corrected);
        assert!(c.audit[0].acted);
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
