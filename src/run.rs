//! One pass over the inputs: rows → visits → scores → aggregates, with every visit and
//! issue handed to the caller's sink as it streams past.

use std::path::Path;

use anyhow::Result;

use crate::aggregate::Aggregator;
use crate::ingest::{Duplicates, Input, Row, Visit};
use crate::issue::{Issue, IssueCounts, IssueKind};
use crate::report::ScoredVisit;
use crate::rubric::Rubric;
use crate::score::{VisitScore, score_into};
use crate::summary::{InputSummary, Summary};

/// Where the stream goes: report formats, or `check`'s listing.
pub trait Sink {
    fn visit(&mut self, visit: &ScoredVisit) -> Result<()>;
    fn issue(&mut self, issue: &Issue) -> Result<()>;
}

impl Sink for crate::report::Reports {
    fn visit(&mut self, visit: &ScoredVisit) -> Result<()> {
        crate::report::Reports::visit(self, visit)
    }

    fn issue(&mut self, issue: &Issue) -> Result<()> {
        crate::report::Reports::issue(self, issue)
    }
}

/// Reads every input in order, scores each visit and aggregates the run.
pub fn stream(rubric: &Rubric, rubric_path: &Path, inputs: Vec<Input>, sink: &mut dyn Sink) -> Result<Summary> {
    let mut aggregates = Aggregator::new(rubric);
    let mut issue_counts = IssueCounts::default();
    let mut duplicates = Duplicates::default();
    let mut summaries = Vec::with_capacity(inputs.len());
    let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let (mut visit, mut score, mut scratch) = (Visit::default(), VisitScore::default(), Vec::new());
    let mut issues: Vec<Issue> = Vec::new();
    for (index, mut input) in inputs.into_iter().enumerate() {
        let mut visits = 0;
        while let Some(row) = input.next_row(rubric, index, &mut visit, &mut issues)? {
            if row == Row::Visit {
                if let Some((file, line)) = duplicates.first_seen(&visit.visit_id, index, visit.line) {
                    issues.insert(
                        0,
                        duplicate_issue(
                            &input.name,
                            &visit,
                            input.columns.headers[input.columns.visit_id].clone(),
                            &names[file],
                            line,
                        ),
                    );
                }
                score_into(rubric, &visit.answers, &mut score, &mut scratch);
                let grade = score.score.and_then(|s| rubric.grade(s));
                sink.visit(&ScoredVisit { file: &input.name, visit: &visit, score: &score, grade })?;
                aggregates.add(rubric, &visit, &score);
                visits += 1;
            }
            for issue in issues.drain(..) {
                issue_counts.add(issue.kind);
                sink.issue(&issue)?;
            }
        }
        summaries.push(InputSummary {
            file: input.name.clone(),
            encoding: input.sniffed.label(),
            delimiter: input.sniffed.delimiter,
            rows: input.rows,
            visits,
        });
    }
    Ok(Summary {
        rubric: rubric.clone(),
        rubric_file: rubric_path.to_path_buf(),
        inputs: summaries,
        aggregates: aggregates.finish(),
        issues: issue_counts,
    })
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
