//! The reading side of [`super::stream`]: rows to scored items, in batches.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Result;

use super::{BATCH, ESTIMATE_FROM, Item, correct, issues};
use crate::date::UNKNOWN_PERIOD;
use crate::ingest::corrections::Corrections;
use crate::ingest::{Input, Row};
use crate::progress::Progress;
use crate::rubric::Rubric;
use crate::score::{Scratch, score_in_version};
use crate::summary::InputSummary;
use crate::window::Window;

/// Reads every input into batches of scored items, sent through `full` (emptied ones come
/// back through `free`); `estimate` gets the run's rows, guessed from the first
/// [`ESTIMATE_FROM`] rows (left 0 for a run of fewer);
/// `corrections` are applied to the visits they name before they are scored.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_rows(
    rubric: &Rubric,
    inputs: Vec<Input>,
    full: &mpsc::SyncSender<Vec<Item>>,
    free: &mpsc::Receiver<Vec<Item>>,
    progress: &Progress,
    window: &Window,
    estimate: &AtomicUsize,
    corrections: Option<&Corrections>,
) -> Result<Vec<InputSummary>> {
    let total: u64 = inputs.iter().map(|i| i.size).sum();
    // Bytes of the files already read, for progress.
    let mut done = 0;
    // The run's rows are estimated once, from the first batches.
    let (mut estimated, mut sent) = (false, 0usize);
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut scratch = Scratch::default();
    let mut verdicts = correct::Verdicts::default();
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let mut used = 0;
    let bounded = window.bounded();
    for (index, mut input) in inputs.into_iter().enumerate() {
        let (mut visits, mut outside, mut compared, mut undated, mut unversioned) = (0, 0, 0, 0, 0);
        loop {
            if used == batch.len() {
                batch.push(Item::default());
            }
            let item = &mut batch[used];
            item.issues.clear();
            item.corrected = None;
            let Some(row) = input.next_row(rubric, &mut item.visit, &mut item.issues)? else { break };
            item.file = index;
            item.read = row == Row::Visit;
            item.is_visit = item.read;
            if item.is_visit && bounded && item.visit.period == UNKNOWN_PERIOD {
                // No month to place it in: listed by its bad_date issue, not scored.
                undated += 1;
                issues::not_placed(&mut item.issues, window, &input.columns.headers[input.columns.date]);
                item.is_visit = false;
            }
            if item.is_visit && !window.contains(&item.visit.period) {
                outside += 1;
                match window.after_focus(&item.visit.period) {
                    // Dated after the month being scored: a shopper's mistake to report.
                    Some(focus) => {
                        let issue = issues::outside_period(&input, &item.visit, focus);
                        // Not scored: its answers are not this run's to check.
                        issues::keep_record_issues(&mut item.issues);
                        item.issues.push(issue);
                        item.is_visit = false;
                    }
                    // Another month's row, outside --since/--until: counted per input.
                    None => continue,
                }
            }
            item.compare_only = item.is_visit && !window.in_focus(&item.visit.period);
            if item.is_visit && item.visit.version.is_none() {
                // Dated before the first rubric version: not scored. In the window's own
                // months, listed by its no_version issue; in a month only read to compare
                // with, counted there, its issues unlisted as every such visit's are.
                if item.compare_only {
                    compared += 1;
                    item.issues.clear();
                } else {
                    unversioned += 1;
                    issues::not_versioned(&mut item.issues);
                }
                (item.is_visit, item.compare_only) = (false, false);
            }
            if item.is_visit {
                // Corrected answers replace the shopper's before scoring; `apply` scores
                // the visits it names.
                let version = item.visit.version.unwrap_or(0);
                let (visit, score) = (&mut item.visit, &mut item.score);
                item.corrected = corrections
                    .and_then(|c| correct::apply(rubric, version, c, visit, score, &mut scratch, &mut verdicts));
                if item.corrected.is_none() {
                    score_in_version(rubric, version, &item.visit.answers, &mut item.score, &mut scratch);
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
                sent += BATCH;
                if !estimated && sent >= ESTIMATE_FROM && read > 0 {
                    let rows = u128::from(total) * sent as u128 / u128::from(read);
                    estimate.store(usize::try_from(rows).unwrap_or(usize::MAX), Ordering::Relaxed);
                    estimated = true;
                }
                progress.set(read);
                batch = send(full, free, batch)?;
                used = 0;
            }
        }
        done += input.size;
        summaries.push(InputSummary {
            file: input.name.clone(),
            encoding: input.read_as(),
            delimiter: input.delimiter(),
            rows: input.rows,
            visits,
            outside,
            compared,
            undated,
            unversioned,
            sha256: input.sha256(),
        });
    }
    batch.truncate(used);
    if !batch.is_empty() {
        send(full, free, batch)?;
    }
    Ok(summaries)
}

/// Hands a full batch over and returns an empty one (a recycled one when there is).
fn send(full: &mpsc::SyncSender<Vec<Item>>, free: &mpsc::Receiver<Vec<Item>>, batch: Vec<Item>) -> Result<Vec<Item>> {
    full.send(batch).map_err(|_| anyhow::anyhow!("report writing stopped"))?;
    Ok(free.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH)))
}
