//! The words the reports put on follow-up (SCORING.md §8): why a visit is an alert, what
//! failed in it, the shopper's comments, and which rule made a question an action. One
//! place, so alerts.csv, actions.csv and the workbook say the same.

use crate::follow_up::{Action, Alert, Failed};
use crate::number::write_opt;
use crate::rubric::Rubric;

/// How a section's score is written in `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// Every digit, as the CSV files write numbers (`33.333333333333336 < 50`).
    Every,
    /// One decimal, as the workbook shows scores (`33.3 < 50`).
    One,
}

/// An alert's `why`, `failed` and `comments` cells.
pub fn describe(rubric: &Rubric, alert_below: Option<f64>, a: &Alert, digits: Digits) -> (String, String, String) {
    let mut why = Vec::new();
    if a.critical {
        why.push("critical failure".to_string());
    }
    if let (true, Some(limit)) = (a.below, alert_below) {
        let mut t = String::new();
        write_opt(&mut t, Some(limit));
        why.push(format!("below {t}"));
    }
    let (mut failed, mut comments) = (Vec::new(), Vec::new());
    for f in &a.failed {
        match f {
            Failed::Question { question, comment } => {
                let id = rubric.questions.get(*question).map_or("", |q| q.id.as_str());
                failed.push(id.to_string());
                if !comment.is_empty() {
                    comments.push(format!("{id}: {comment}"));
                }
            }
            Failed::Section { section, score, pass_mark } => {
                let id = rubric.sections.get(*section).map_or("", |s| s.id.as_str());
                let (mut got, mut mark) = (String::new(), String::new());
                match digits {
                    Digits::Every => write_opt(&mut got, Some(*score)),
                    Digits::One => got = crate::number::one_decimal(Some(*score)),
                }
                write_opt(&mut mark, Some(*pass_mark));
                failed.push(format!("{id} {got} < {mark}"));
            }
        }
    }
    (why.join("; "), failed.join("; "), comments.join(" | "))
}

/// Which rule listed an action, in words: `failed 3 of 5`, `failed 4 in a row`, or both
/// (`failed 3 of 5; 4 in a row`).
pub fn rule_words(a: &Action) -> String {
    let k = format!("failed {} of {}", a.failed, a.scored);
    let n = format!("{} in a row", a.in_a_row);
    match (a.by_failures, a.by_streak) {
        (true, true) => format!("{k}; {n}"),
        (false, true) => format!("failed {n}"),
        _ => k,
    }
}
