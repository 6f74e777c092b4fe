//! One pass over the inputs: rows → visits → scores → aggregates, with every visit and
//! issue handed to the caller's sink as it streams past, and the run's [`Summary`] at the
//! end.
//!
//! Two threads share the work. The reading side ([`read`]) reads, checks and scores rows
//! (ingest and score are per row and share no state) and hands them over in batches; this
//! side checks duplicates and integrity across rows, aggregates and writes, in input
//! order. Batches go back for reuse, so buffers are allocated once. A first version let
//! the writing side score the batches when it had nothing waiting (a "handoff"); measured
//! side by side it was never faster, so the reading side scores every row.

mod correct;
mod issues;
mod moved;
mod read;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::{Context, Result};

use crate::aggregate::Aggregator;
use crate::ingest::corrections::Corrections;
use crate::ingest::{Columns, Duplicates, Input, Visit};
use crate::integrity::Integrity;
use crate::issue::{Issue, IssueCounts};
use crate::progress::Progress;
use crate::reshops::Reshops;
use crate::rubric::Rubric;
use crate::score::VisitScore;
use crate::sink::{Marks, ScoredVisit, Sink};
use crate::standing::Standing;
use crate::summary::{InputSummary, Judging, Streamed, Summary};
use crate::window::Window;
use read::read_rows;

/// Rows read, scored and sent to the writing side together, so the two threads meet
/// once per batch rather than once per row. Small, so that the rows between the threads
/// (BATCH × QUEUED, each a visit with its strings, scores and issues) stay in the
/// cores' caches: measured (issue 19) on the bench's 1,000,000 visits, `--no-xlsx
/// --charts none`, 3 alternating runs each on a 2-core machine, 512 × 16 took 3.58 to
/// 3.79 s on the realistic profile and 1.12 to 1.54 s on the clean one; 64 × 8, 2.94
/// to 3.31 and 0.97 to 1.33 s; 16 × 16, 2.87 to 3.17 and 1.05 to 1.19 s.
const BATCH: usize = 16;

/// Batches that may wait between the threads: enough that neither waits for the other
/// when one is briefly slower (with 4 batches of 512, a 1M-visit run took 0.48 s for
/// 0.42 s of work on each thread; with 16, 0.46 s).
const QUEUED: usize = 16;

/// Rows the run's size is guessed from ([`read::read_rows`]), before the duplicate set is
/// sized for it.
const ESTIMATE_FROM: usize = 512;

/// One row as the reading thread hands it over.
#[derive(Default)]
pub(super) struct Item {
    pub(super) file: usize,
    /// The row was read as a visit (its fields are this row's), scored or not.
    pub(super) read: bool,
    pub(super) is_visit: bool,
    /// A visit of an earlier month read only for comparison (`--period`): aggregated by
    /// period, neither written nor listed with its issues.
    pub(super) compare_only: bool,
    pub(super) visit: Visit,
    pub(super) score: VisitScore,
    pub(super) issues: Vec<Issue>,
    /// What the corrections file did to the visit (`None`: no row names it).
    pub(super) corrected: Option<Box<correct::Corrected>>,
}

/// What a programme changed after the shops (SCORING.md §7), applied as the run streams;
/// the default (neither) is a run of the inputs as shot.
#[derive(Default)]
pub struct Amendments<'a> {
    /// `--corrections`: its accepted rows applied to the visits they name.
    pub corrections: Option<&'a Corrections>,
    /// The inputs' re-shops read ahead ([`crate::reshops::prepass`]) when the rubric
    /// names `fields.replaces`; a visit one replaces is listed and counts nowhere.
    pub reshops: Option<Reshops>,
}

/// Reads every input in order, scores each visit, aggregates the run and judges it
/// (`judging`: the gates, what counts as steady, and the window's `--period`), with the
/// programme's `amendments` applied.
#[allow(clippy::too_many_arguments)]
pub fn stream(
    rubric: &Rubric,
    rubric_path: &Path,
    inputs: Vec<Input>,
    sink: &mut dyn Sink,
    progress: &Progress,
    window: &Window,
    judging: Judging<'_>,
    amendments: Amendments<'_>,
) -> Result<Summary> {
    let Amendments { corrections, mut reshops } = amendments;
    // Rows the run will read, as the reading side guesses from its first batch.
    let estimate = AtomicUsize::new(0);
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let columns: Vec<Columns> = inputs.iter().map(|i| i.columns.clone()).collect();
    let mut integrity = Integrity::new(&rubric.checks, window.today);
    let mut found = Vec::new();
    // Duplicates are checked on this side: the set's cache misses are the reading
    // side's largest cost otherwise, and this side has room.
    let mut duplicates = Duplicates::default();
    let mut aggregates = Aggregator::new(rubric, window.focus.clone());
    let mut issue_counts = IssueCounts::default();
    let mut ledger = corrections.map(correct::Ledger::new);
    if ledger.is_some() {
        issue_counts.list_corrections();
    }
    if reshops.is_some() {
        issue_counts.list_replaces();
    }
    if inputs.iter().any(|i| i.sheet.is_some()) {
        issue_counts.list_workbook();
    }
    if rubric.effective_from.is_some() || rubric.versions.iter().any(|v| v.effective_from().is_some()) {
        issue_counts.list_versions();
    }
    if rubric.fields.long.is_some() {
        issue_counts.list_long();
    }
    let mut moves = (!rubric.fields.levels.is_empty()).then(moved::Moves::default);
    if moves.is_some() {
        issue_counts.list_levels();
    }
    let mut version_visits = vec![0; if rubric.versioned() { rubric.versions.len() } else { 0 }];
    let mut likes = crate::like_for_like::Visits::default();
    let mut follow = crate::follow_up::Collector::new(
        rubric,
        judging.rules.alert_below,
        window.focus.as_deref(),
        corrections.is_some(),
    );
    let summaries = std::thread::scope(|scope| -> Result<Vec<InputSummary>> {
        let (full_tx, full_rx) = mpsc::sync_channel::<Vec<Item>>(QUEUED);
        let (free_tx, free_rx) = mpsc::channel::<Vec<Item>>();
        let names = &names;
        let estimate = &estimate;
        let reader =
            scope.spawn(move || read_rows(rubric, inputs, &full_tx, &free_rx, progress, window, estimate, corrections));
        let mut written: Result<()> = Ok(());
        let (mut keys, mut first_seen) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH));
        let mut reserved = false;
        for mut batch in full_rx.iter() {
            if !reserved {
                // Sized once for the whole run instead of doubling up to it: each
                // doubling rehashes every id so far, with both tables in memory.
                let rows = estimate.load(Ordering::Relaxed);
                if rows > 0 {
                    duplicates.reserve(rows);
                    reserved = true;
                }
            }
            // The duplicate set first, for the whole batch in one tight loop: its lookups
            // miss the cache, and back to back they overlap instead of queueing.
            keys.clear();
            keys.extend(
                batch
                    .iter()
                    .map(|item| (item.is_visit && !item.compare_only).then(|| duplicates.key(&item.visit.visit_id))),
            );
            duplicates.touch(keys.iter().flatten());
            first_seen.clear();
            written = batch
                .iter()
                .zip(&keys)
                .try_for_each(|(item, key)| {
                    let seen = match *key {
                        Some(key) => duplicates.first_seen_key(key, item.file, item.visit.line)?,
                        None => None,
                    };
                    first_seen.push(seen);
                    Ok::<_, std::io::Error>(())
                })
                .with_context(|| {
                    format!(
                        "cannot keep the visit ids seen so far (duplicate check) in a temporary file in {}; \
                         set TMPDIR to a folder with room",
                        std::env::temp_dir().display()
                    )
                });
            if written.is_err() {
                break;
            }
            written = batch.iter_mut().zip(&first_seen).try_for_each(|(item, first_seen)| {
                let cols = &columns[item.file];
                let (reshop, replaces_issue) = match reshops.as_mut() {
                    Some(r) if item.is_visit => r.visit(names, cols, item.file, &item.visit, item.compare_only),
                    _ => (Standing::Counted, None),
                };
                let mut marks = match (&mut item.corrected, &mut ledger) {
                    (Some(corrected), Some(ledger)) => {
                        ledger.add(corrected, !item.compare_only);
                        corrected.marks
                    }
                    _ => Marks { score_as_shot: item.score.score, ..Marks::default() },
                };
                marks.standing = marks.standing.or_replaced(reshop);
                marks.replaced_by = reshop.replaced_by();
                // A void or replaced visit is listed, never added up.
                let counts = marks.standing.counts();
                if item.compare_only {
                    let ids = counts.then(|| aggregates.add(rubric, &item.visit, &item.score));
                    if counts {
                        likes.add(rubric, &item.visit);
                    }
                    follow.compared(&item.visit, ids);
                    let grade = item.score.score.and_then(|s| rubric.grade(s));
                    let (file, visit, score) = (&names[item.file], &item.visit, &item.score);
                    sink.compared(&ScoredVisit { file, visit, score, grade, marks })?;
                    // The visit's own issues are not this run's to list; the corrections
                    // file's about it are.
                    corrections_issues(item, &mut issue_counts, sink)?;
                    return Ok(());
                }
                if item.is_visit {
                    let visit = &item.visit;
                    if let Some((file, line)) = *first_seen {
                        let column = cols.headers[cols.visit_id].clone();
                        found.push(issues::duplicate(&names[item.file], visit, column, &names[file], line));
                    }
                    found.extend(replaces_issue);
                    if counts {
                        integrity.check(names, item.file, cols, visit, &mut found);
                    }
                    let score = &item.score;
                    let grade = score.score.and_then(|s| rubric.grade(s));
                    // The visit goes first, then its issues: a sink may file issues by the
                    // visit they follow (report cards do).
                    sink.visit(&ScoredVisit { file: &names[item.file], visit: &item.visit, score, grade, marks })?;
                    let ids = counts.then(|| aggregates.add(rubric, &item.visit, score));
                    if let (Some(moves), Some(ids)) = (moves.as_mut(), ids) {
                        found.extend(moves.check((names, item.file), cols, visit, ids, &aggregates));
                    }
                    if counts {
                        likes.add(rubric, &item.visit);
                        if let Some(n) = item.visit.version.and_then(|v| version_visits.get_mut(v)) {
                            *n += 1;
                        }
                    }
                    let (disputed, issues) = (item.corrected.is_some(), (found.len() + item.issues.len()) as u64);
                    follow.visit(rubric, &names[item.file], visit, score, ids, disputed);
                    follow.issues(visit, issues);
                    for issue in found.drain(..) {
                        issue_counts.add(issue.kind);
                        sink.issue(&issue, Some(visit))?;
                    }
                    corrections_issues(item, &mut issue_counts, sink)?;
                } else if item.read {
                    follow.issues(&item.visit, item.issues.len() as u64);
                }
                let visit = item.read.then_some(&item.visit);
                for issue in item.issues.drain(..) {
                    issue_counts.add(issue.kind);
                    sink.issue(&issue, visit)?;
                }
                Ok(())
            });
            if written.is_err() {
                break;
            }
            let _ = free_tx.send(batch);
        }
        // Leaving the loop early drops the receiver, which stops the reader at its next send.
        drop(full_rx);
        let read = reader.join().map_err(|_| anyhow::anyhow!("the reading thread stopped unexpectedly"))?;
        written?;
        read
    })?;
    // The corrections file's own issues come last, in its order.
    let corrected = match ledger {
        Some(ledger) => {
            let (issues, report) = ledger.finish();
            for issue in &issues {
                issue_counts.add(issue.kind);
                sink.issue(issue, None)?;
            }
            Some(report)
        }
        None => None,
    };
    let reshops = reshops.as_ref().map(Reshops::counts);
    let collected = follow.finish(&aggregates);
    let streamed = Streamed {
        inputs: summaries,
        aggregates: aggregates.finish(),
        issues: issue_counts,
        reshops,
        version_visits,
        likes: Some(likes),
        collected: Some(collected),
    };
    let mut summary = Summary::new(rubric.clone(), rubric_path.to_path_buf(), window.focus.clone(), streamed, judging);
    summary.corrections = corrected;
    Ok(summary)
}

/// The corrections file's issues about `item`'s visit: issues of that file, not of the
/// visit's row, so with no location or shopper (as every issue of the corrections file).
fn corrections_issues(item: &mut Item, counts: &mut IssueCounts, sink: &mut dyn Sink) -> Result<()> {
    for issue in item.corrected.iter_mut().flat_map(|c| c.issues.drain(..)) {
        counts.add(issue.kind);
        sink.issue(&issue, None)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each visit's score as the sink receives it.
    #[derive(Default)]
    struct Scores(Vec<(u64, Option<f64>)>);

    impl Sink for Scores {
        fn visit(&mut self, v: &ScoredVisit) -> Result<()> {
            self.0.push((v.visit.line, v.score.score));
            Ok(())
        }

        fn issue(&mut self, _: &Issue, _: Option<&Visit>) -> Result<()> {
            Ok(())
        }
    }

    /// Every visit gets its own score through recycled batches: 2,000 rows (four
    /// batches, the later ones reusing the first's items) answering a 0-4 scale with the
    /// row's number mod 5, so row r scores 25 × (r mod 5), exactly.
    #[test]
    fn every_visit_is_scored_through_recycled_batches() {
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 4 }\n";
        let rubric = crate::rubric::parse(Path::new("t.yaml"), yaml).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        let rows: String = (0..2000).map(|r| format!("V{r},L,2026-10-01,{}\n", r % 5)).collect();
        std::fs::write(&path, format!("visit_id,location,date,q\n{rows}")).unwrap();
        let want: Vec<(u64, Option<f64>)> = (0..2000).map(|r| (r + 2, Some(25.0 * (r % 5) as f64))).collect();
        let input = Input::open(&path, &rubric).unwrap();
        let mut scores = Scores::default();
        let (p, w, gates) = (Progress::hidden(), Window::default(), crate::gate::Gates::default());
        let rules = crate::follow_up::Rules::default();
        let judging = Judging { gates: &gates, steady_within: 2.0, focus: None, rules: &rules };
        let summary = stream(&rubric, &path, vec![input], &mut scores, &p, &w, judging, Amendments::default()).unwrap();
        assert_eq!(scores.0, want);
        // 400 visits of each of 0, 25, 50, 75, 100: a mean of 50.
        assert_eq!((summary.visits(), summary.overall_score()), (2000, Some(50.0)));
    }
}
