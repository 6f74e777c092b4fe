//! The data issues of one visit row (SCORING.md §5), found while it is read.

use std::borrow::Cow;

use super::Columns;
use super::RunDates;
use super::answer::{Answer, Invalid, accepted, band_list};
use super::visit::Visit;
use crate::date;
use crate::date::UNKNOWN_PERIOD;
use crate::issue::{Issue, IssueKind};
use crate::rubric::{QuestionKind, Rubric};

/// How a `bad_date` problem ends in a run without a window of periods: the visit is
/// still scored.
pub const SCORED_UNKNOWN: &str = "the visit is scored with period `unknown`";

/// Where a row is: its file, the run's dates, and the rows above it with a date that
/// reads.
pub struct Place<'a> {
    pub file: &'a str,
    pub dates: Option<RunDates>,
    pub above: super::date_hint::Above,
}

/// Pushes the issues of `visit` onto `out`, in column-reading order: the visit's own
/// fields first, then each question's answer and comment in rubric order.
/// `cell` gives the text of a column of the row, read only when there is an issue.
pub fn visit_issues<'r>(
    rubric: &Rubric,
    columns: &Columns,
    at: &Place,
    visit: &Visit,
    cell: &dyn Fn(usize) -> Cow<'r, str>,
    out: &mut Vec<Issue>,
) {
    let issue = |column: usize, value: &str, kind: IssueKind, problem: String| Issue {
        file: at.file.to_string(),
        line: visit.line,
        visit_id: visit.visit_id.clone(),
        column: columns.headers[column].clone(),
        value: value.to_string(),
        kind,
        problem,
    };
    if visit.location.is_empty() {
        out.push(issue(
            columns.location,
            "",
            IssueKind::MissingLocation,
            "missing location; the visit is scored under a blank location".into(),
        ));
    }
    if visit.period == UNKNOWN_PERIOD {
        // Each problem ends with [`SCORED_UNKNOWN`]: a run bounded to periods replaces it
        // (`crate::run`), as it does not score such a visit.
        let beyond = at.dates.filter(|_| date::day(&visit.date, &rubric.date_format).is_some());
        let problem = if visit.date.is_empty() {
            format!("missing date; {SCORED_UNKNOWN}")
        } else if let Some(RunDates { today, latest }) = beyond {
            format!(
                "date is more than a year after the run date {today} (the latest accepted is {latest}); {SCORED_UNKNOWN}"
            )
        } else {
            format!(
                "{}; {SCORED_UNKNOWN}",
                super::date_hint::why_not(&visit.date, &rubric.date_format, at.above, at.dates.map(|d| d.today))
            )
        };
        out.push(issue(columns.date, &visit.date, IssueKind::BadDate, problem));
    }
    if let Some(t) = columns.time
        && visit.minutes.is_none()
        && !cell(t).trim().is_empty()
    {
        let problem = "time is not HH:MM (00:00 to 23:59); the travel-time check skips this visit".to_string();
        out.push(issue(t, &cell(t), IssueKind::BadTime, problem));
    }
    if rubric.checks.straight_lining && rubric.questions.len() >= 3 {
        let first = cell(columns.answers[0]);
        let same = |c: &usize| cell(*c).trim().eq_ignore_ascii_case(first.trim());
        if !first.trim().is_empty() && columns.answers.iter().all(same) {
            let problem = format!(
                "every one of the {} answers is `{}`: a straight-lined report; check it with the shopper",
                columns.answers.len(),
                first.trim()
            );
            out.push(issue(columns.answers[0], &first, IssueKind::StraightLining, problem));
        }
    }
    // Nearly every row has nothing more to say: one pass over the answers tells. A fold,
    // not `all`: no branch on each answer's value, which is as random as the answers.
    let clean = rubric.questions.iter().zip(&visit.answers).fold(true, |clean, (q, a)| {
        clean
            & match a {
                Answer::Scored(f) => !q.comment_required_on_fail | (*f >= 1.0),
                Answer::NotApplicable | Answer::NotAsked => true,
                Answer::Missing | Answer::Invalid(_) => false,
            }
    });
    if clean {
        return;
    }
    for (i, q) in rubric.questions.iter().enumerate() {
        let col = columns.answers[i];
        let (kind, problem) = match visit.answers[i] {
            Answer::Missing => (IssueKind::MissingAnswer, format!("missing answer to {}", q.id)),
            Answer::Invalid(Invalid::NaNotAllowed) => {
                (IssueKind::NaNotAllowed, format!("N/A is not allowed for {}; expected {}", q.id, accepted(&q.kind)))
            }
            Answer::Invalid(Invalid::NotAValue) => {
                let text = cell(col);
                let problem = match (&q.kind, super::answer::number(text.trim())) {
                    // A number outside every band: the bands say why.
                    (QuestionKind::Number { bands }, Some(_)) => {
                        let shown = crate::terminal_text::one_line(text.trim(), crate::terminal_text::VALUE);
                        format!("invalid answer to {}; {shown} is in no band ({})", q.id, band_list(bands))
                    }
                    _ => format!(
                        "invalid answer to {}; expected {}{}",
                        q.id,
                        accepted(&q.kind),
                        did_you_mean(&q.kind, &text)
                    ),
                };
                (IssueKind::InvalidAnswer, problem)
            }
            Answer::Scored(f) if f < 1.0 && q.comment_required_on_fail => {
                if let Some(c) = columns.comments[i]
                    && cell(c).trim().is_empty()
                {
                    let problem = format!("{} failed but has no comment; the rubric requires one", q.id);
                    out.push(issue(c, "", IssueKind::MissingComment, problem));
                }
                continue;
            }
            _ => continue,
        };
        out.push(issue(col, &cell(col), kind, problem));
    }
}
/// What the shopper likely meant by an answer the question does not take: the closest
/// label, or for a number written with a decimal comma (`7,5`), the number.
fn did_you_mean(kind: &QuestionKind, cell: &str) -> String {
    let cell = cell.trim();
    let labels: Vec<&str> = match kind {
        QuestionKind::YesNo { .. } => vec!["yes", "no"],
        QuestionKind::Choice { options } => options.iter().map(|o| o.label.as_str()).collect(),
        // Only a number the question takes is suggested.
        QuestionKind::Scale { .. } | QuestionKind::Number { .. } => {
            return match super::answer::decimal_comma(cell) {
                Some(p) if super::answer::value(kind, &p).is_some() => {
                    format!(" (write the decimal with a point: {})", crate::terminal_text::one_line(&p, 40))
                }
                _ => String::new(),
            };
        }
        QuestionKind::Multi { .. } => return String::new(),
    };
    match crate::closest(cell, labels) {
        Some(best) => format!(" (did you mean `{best}`?)"),
        None => String::new(),
    }
}
