//! One pass over the inputs: rows → visits → scores → aggregates, with every visit and
//! issue handed to the caller's sink as it streams past.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::{Context, Result};

use crate::aggregate::Aggregator;
use crate::date::UNKNOWN_PERIOD;
use crate::ingest::{Columns, Duplicates, Input, Row, SCORED_UNKNOWN, Visit};
use crate::integrity::Integrity;
use crate::issue::{Issue, IssueCounts, IssueKind};
use crate::progress::Progress;
use crate::rubric::Rubric;
use crate::score::{VisitScore, score_into};
use crate::sink::{ScoredVisit, Sink};
use crate::summary::{InputSummary, Summary};
use crate::window::Window;

/// Rows read, scored and sent to the writing side together, so the two threads meet
/// once per batch rather than once per row.
const BATCH: usize = 512;

/// Batches that may wait between the threads: enough that neither waits for the other
/// when one is briefly slower (with 4, a 1M-visit run took 0.48 s for 0.42 s of work on
/// each thread; with 16, 0.46 s).
const QUEUED: usize = 16;

/// One row as the reading thread hands it over.
#[derive(Default)]
struct Item {
    file: usize,
    /// The row was read as a visit (its fields are this row's), scored or not.
    read: bool,
    is_visit: bool,
    /// A visit of an earlier month read only for comparison (`--period`): aggregated by
    /// period, neither written nor listed with its issues.
    compare_only: bool,
    visit: Visit,
    /// Whether `score` holds the visit's score: the reading side scores a batch's visits
    /// only while the writing side has work waiting (see [`Handoff`]).
    scored: bool,
    score: VisitScore,
    issues: Vec<Issue>,
}

/// What the two sides of [`stream`] tell each other besides the batches.
struct Handoff {
    /// Rows the run will read, as the reader guesses from its first batch.
    estimate: AtomicUsize,
    /// Batches sent and not yet taken. While few wait, the writing side is the faster one
    /// and scores the next batch itself; the two sides' CPU time then evens out (on 1M
    /// visits, 0.40 s reading and 0.37 s writing otherwise).
    waiting: AtomicUsize,
    /// The reading side scores a batch when at least this many wait.
    score_when_waiting: usize,
}

impl Handoff {
    fn new(score_when_waiting: usize) -> Handoff {
        Handoff { estimate: AtomicUsize::new(0), waiting: AtomicUsize::new(0), score_when_waiting }
    }
}

/// The reading side scores a batch when at least this many wait for the writing side.
/// On 1M visits (medians of 10 alternating runs): 1 (nearly always) 0.42 s, 2 to 8
/// 0.39 s, never (the writing side scores all) 0.48 s.
const SCORE_WHEN_WAITING: usize = 4;

/// Reads every input in order, scores each visit and aggregates the run.
///
/// Two threads share the work: one reads, checks and scores rows (ingest and score are
/// per-row and share no state); this one checks duplicates and integrity across rows,
/// aggregates and writes, in input order, and scores the batches the other left to it
/// ([`Handoff`]). Batches go back for reuse, so buffers are allocated once.
pub fn stream(
    rubric: &Rubric,
    rubric_path: &Path,
    inputs: Vec<Input>,
    sink: &mut dyn Sink,
    progress: &Progress,
    window: &Window,
) -> Result<Summary> {
    stream_with(Handoff::new(SCORE_WHEN_WAITING), rubric, rubric_path, inputs, sink, progress, window)
}

/// [`stream`] with the reading side scoring when `handoff` says (tests pick either side).
fn stream_with(
    handoff: Handoff,
    rubric: &Rubric,
    rubric_path: &Path,
    inputs: Vec<Input>,
    sink: &mut dyn Sink,
    progress: &Progress,
    window: &Window,
) -> Result<Summary> {
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let columns: Vec<Columns> = inputs.iter().map(|i| i.columns.clone()).collect();
    let mut integrity = Integrity::new(&rubric.checks, window.today);
    let mut found = Vec::new();
    // Duplicates are checked on this side: the set's cache misses are the reading
    // side's largest cost otherwise, and this side has room.
    let mut duplicates = Duplicates::default();
    let mut aggregates = Aggregator::new(rubric, window.focus.clone());
    let mut issue_counts = IssueCounts::default();
    let summaries = std::thread::scope(|scope| -> Result<Vec<InputSummary>> {
        let (full_tx, full_rx) = mpsc::sync_channel::<Vec<Item>>(QUEUED);
        let (free_tx, free_rx) = mpsc::channel::<Vec<Item>>();
        let names = &names;
        let handoff = &handoff;
        let reader = scope.spawn(move || read_rows(rubric, inputs, &full_tx, &free_rx, progress, window, handoff));
        let mut written: Result<()> = Ok(());
        let (mut keys, mut first_seen) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH));
        let mut zeroed = Vec::new();
        for (n, mut batch) in full_rx.iter().enumerate() {
            handoff.waiting.fetch_sub(1, Ordering::Relaxed);
            for item in batch.iter_mut().filter(|item| item.is_visit && !item.scored) {
                score_into(rubric, &item.visit.answers, &mut item.score, &mut zeroed);
            }
            if n == 0 {
                // Sized once for the whole run instead of doubling up to it: each
                // doubling rehashes every id so far, with both tables in memory.
                duplicates.reserve(handoff.estimate.load(Ordering::Relaxed));
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
                if item.compare_only {
                    aggregates.add(rubric, &item.visit, &item.score);
                    let grade = item.score.score.and_then(|s| rubric.grade(s));
                    return sink.compared(&ScoredVisit {
                        file: &names[item.file],
                        visit: &item.visit,
                        score: &item.score,
                        grade,
                    });
                }
                if item.is_visit {
                    let visit = &item.visit;
                    let cols = &columns[item.file];
                    if let Some((file, line)) = *first_seen {
                        let column = cols.headers[cols.visit_id].clone();
                        found.push(duplicate_issue(&names[item.file], visit, column, &names[file], line));
                    }
                    integrity.check(names, item.file, cols, visit, &mut found);
                    let score = &item.score;
                    let grade = score.score.and_then(|s| rubric.grade(s));
                    // The visit goes first, then its issues: a sink may file issues by the
                    // visit they follow (report cards do).
                    sink.visit(&ScoredVisit { file: &names[item.file], visit: &item.visit, score, grade })?;
                    aggregates.add(rubric, &item.visit, score);
                    for issue in found.drain(..) {
                        issue_counts.add(issue.kind);
                        sink.issue(&issue, Some(visit))?;
                    }
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
    Ok(Summary {
        rubric: rubric.clone(),
        rubric_file: rubric_path.to_path_buf(),
        inputs: summaries,
        aggregates: aggregates.finish(),
        issues: issue_counts,
        gates: Vec::new(),
        comparison: None,
        min_visits: crate::gate::DEFAULT_MIN_VISITS,
        period: window.focus.clone(),
    })
}

/// The reading side of [`stream`]: rows to scored items, in batches.
fn read_rows(
    rubric: &Rubric,
    inputs: Vec<Input>,
    full: &mpsc::SyncSender<Vec<Item>>,
    free: &mpsc::Receiver<Vec<Item>>,
    progress: &Progress,
    window: &Window,
    handoff: &Handoff,
) -> Result<Vec<InputSummary>> {
    let total: u64 = inputs.iter().map(|i| i.size).sum();
    // Bytes of the files already read, for progress.
    let mut done = 0;
    // The run's rows are estimated once, from the first full batch.
    let mut estimated = false;
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut scratch = Vec::new();
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let mut used = 0;
    let mut score_here = true;
    let bounded = window.bounded();
    for (index, mut input) in inputs.into_iter().enumerate() {
        let (mut visits, mut outside, mut compared, mut undated) = (0, 0, 0, 0);
        loop {
            if used == batch.len() {
                batch.push(Item::default());
            }
            let item = &mut batch[used];
            item.issues.clear();
            let Some(row) = input.next_row(rubric, &mut item.visit, &mut item.issues)? else { break };
            item.file = index;
            item.read = row == Row::Visit;
            item.is_visit = item.read;
            if item.is_visit && bounded && item.visit.period == UNKNOWN_PERIOD {
                // No month to place it in: listed by its bad_date issue, not scored.
                undated += 1;
                not_placed(&mut item.issues, window);
                item.is_visit = false;
            }
            if item.is_visit && !window.contains(&item.visit.period) {
                outside += 1;
                match window.after_focus(&item.visit.period) {
                    // Dated after the month being scored: a shopper's mistake to report.
                    Some(focus) => {
                        let issue = outside_period(&input, &item.visit, focus);
                        // Not scored: its answers are not this run's to check.
                        keep_record_issues(&mut item.issues);
                        item.issues.push(issue);
                        item.is_visit = false;
                    }
                    // Another month's row, outside --since/--until: counted per input.
                    None => continue,
                }
            }
            item.compare_only = item.is_visit && !window.in_focus(&item.visit.period);
            item.scored = item.is_visit && score_here;
            if item.is_visit {
                if score_here {
                    score_into(rubric, &item.visit.answers, &mut item.score, &mut scratch);
                }
                if item.compare_only {
                    compared += 1;
                } else {
                    visits += 1;
                }
            }
            used += 1;
            if used == BATCH {
                let read = done + input.position().min(input.size);
                if !estimated && read > 0 {
                    let rows = u128::from(total) * BATCH as u128 / u128::from(read);
                    handoff.estimate.store(usize::try_from(rows).unwrap_or(usize::MAX), Ordering::Relaxed);
                }
                estimated = true;
                progress.set(read);
                batch = send(full, free, batch, handoff)?;
                used = 0;
                score_here = handoff.waiting.load(Ordering::Relaxed) >= handoff.score_when_waiting;
            }
        }
        done += input.size;
        summaries.push(InputSummary {
            file: input.name.clone(),
            encoding: input.sniffed.label(),
            delimiter: input.sniffed.delimiter,
            rows: input.rows,
            visits,
            outside,
            compared,
            undated,
            sha256: input.sha256(),
        });
    }
    batch.truncate(used);
    if !batch.is_empty() {
        send(full, free, batch, handoff)?;
    }
    Ok(summaries)
}

/// Hands a full batch over and returns an empty one (a recycled one when there is).
fn send(
    full: &mpsc::SyncSender<Vec<Item>>,
    free: &mpsc::Receiver<Vec<Item>>,
    batch: Vec<Item>,
    handoff: &Handoff,
) -> Result<Vec<Item>> {
    // Counted before it can be taken, so the count never goes below zero.
    handoff.waiting.fetch_add(1, Ordering::Relaxed);
    full.send(batch).map_err(|_| anyhow::anyhow!("report writing stopped"))?;
    Ok(free.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH)))
}

/// Keeps only the issues about the record as a whole (the rows a runaway quote
/// swallowed), so every line stays accounted for when the visit itself is not scored.
fn keep_record_issues(issues: &mut Vec<Issue>) {
    issues.retain(|i| i.kind == IssueKind::SwallowedRows);
}

/// The issues of an undated visit in a bounded run: its `bad_date` issue, saying the
/// visit cannot be placed in the window and is not scored, and the record's own.
/// Its answers are not this run's to check, as with a visit outside the window.
fn not_placed(issues: &mut Vec<Issue>, window: &Window) {
    issues.retain(|i| matches!(i.kind, IssueKind::SwallowedRows | IssueKind::BadDate));
    for issue in issues.iter_mut().filter(|i| i.kind == IssueKind::BadDate) {
        let reason = issue.problem.strip_suffix(SCORED_UNKNOWN).unwrap_or(&issue.problem);
        issue.problem = format!(
            "{reason}{}, and a visit without a readable date cannot be placed in that window: it is not scored",
            window.described()
        );
    }
}

fn outside_period(input: &Input, visit: &Visit, focus: &str) -> Issue {
    Issue {
        file: input.name.clone(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        column: input.columns.headers[input.columns.date].clone(),
        value: visit.date.clone(),
        kind: IssueKind::OutsidePeriod,
        problem: format!("dated {}, after the period being scored ({focus}); the visit is not scored", visit.period),
    }
}

fn duplicate_issue(file: &str, visit: &Visit, column: String, first_file: &str, first_line: u64) -> Issue {
    Issue {
        file: file.to_string(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        column,
        value: visit.visit_id.clone(),
        kind: IssueKind::DuplicateVisitId,
        problem: format!(
            "duplicate visit id, first seen in {first_file} line {first_line}; this visit is still scored"
        ),
    }
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

    /// Whichever side scores a batch, every visit gets its score: 2,000 rows (four
    /// batches) answering a 0-4 scale with the row's number mod 5, so row r scores
    /// 25 × (r mod 5), exactly. The first batch is always scored on the reading side;
    /// "never" leaves every later one to the writing side, "always" none.
    #[test]
    fn every_visit_is_scored_on_either_side() {
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: q, type: scale, min: 0, max: 4 }\n";
        let rubric = crate::rubric::parse(Path::new("t.yaml"), yaml).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.csv");
        let rows: String = (0..2000).map(|r| format!("V{r},L,2026-10-01,{}\n", r % 5)).collect();
        std::fs::write(&path, format!("visit_id,location,date,q\n{rows}")).unwrap();
        let want: Vec<(u64, Option<f64>)> = (0..2000).map(|r| (r + 2, Some(25.0 * (r % 5) as f64))).collect();
        for (side, threshold) in [("always", 0), ("never", usize::MAX)] {
            let input = Input::open(&path, &rubric).unwrap();
            let mut scores = Scores::default();
            let (p, w) = (Progress::hidden(), Window::default());
            stream_with(Handoff::new(threshold), &rubric, &path, vec![input], &mut scores, &p, &w).unwrap();
            assert_eq!(scores.0, want, "reading side scores {side}");
        }
    }
}
