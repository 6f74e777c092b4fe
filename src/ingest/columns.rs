//! Where each field, answer and comment sits in one file's header, mapped once per file.

use std::path::{Path, PathBuf};

use crate::rubric::Rubric;
use crate::terminal_text::revealed;

/// Header positions of one input file.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The file's headers, trimmed, as issues name them.
    pub headers: Vec<String>,
    pub visit_id: usize,
    pub location: usize,
    pub date: usize,
    pub region: Option<usize>,
    pub shopper: Option<usize>,
    pub channel: Option<usize>,
    pub time: Option<usize>,
    /// Per question, in rubric order.
    pub answers: Vec<usize>,
    pub comments: Vec<Option<usize>>,
    /// The rubric's `fields.keep`, in its order.
    pub keep: Vec<usize>,
    /// Every column shopscore reads, in file order.
    pub used: Vec<usize>,
}

/// A column the rubric needs that the file does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingColumn {
    pub header: String,
    /// What reads it: `visit_id`, a question id, ...
    pub needed_for: String,
    pub closest: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ColumnError {
    #[error("{}: {}", .file.display(), describe(.missing))]
    Missing { file: PathBuf, missing: Vec<MissingColumn> },
    #[error("{}: the header `{}` appears in columns {first} and {second}\n  hint: rename one of them so each answer has one column", .file.display(), revealed(.header))]
    Duplicate { file: PathBuf, header: String, first: usize, second: usize },
}

fn describe(missing: &[MissingColumn]) -> String {
    let lines: Vec<String> = missing
        .iter()
        .map(|m| {
            let hint = match &m.closest {
                Some(c) => {
                    let shown = revealed(c);
                    let why = if shown != c.as_str() {
                        " (it holds characters that do not show, written here as \\u{..})"
                    } else {
                        ""
                    };
                    format!(
                        "the closest header is `{shown}`{why}; rename it or set the rubric's `column`/`fields` to it"
                    )
                }
                None => "add the column, or set the rubric's `column`/`fields` to the header the file uses".into(),
            };
            format!("missing required column `{}` (for {})\n  hint: {hint}", revealed(&m.header), m.needed_for)
        })
        .collect();
    lines.join("\n")
}

impl Columns {
    pub fn map(file: &Path, rubric: &Rubric, headers: Vec<String>) -> Result<Columns, ColumnError> {
        let find = |h: &str| headers.iter().position(|x| x == h);
        for (i, h) in headers.iter().enumerate() {
            if let Some(first) = headers[..i].iter().position(|x| x == h)
                && !h.is_empty()
                && is_used(rubric, h)
            {
                return Err(ColumnError::Duplicate {
                    file: file.into(),
                    header: h.clone(),
                    first: first + 1,
                    second: i + 1,
                });
            }
        }
        let mut missing = Vec::new();
        let mut need = |header: &str, needed_for: &str| {
            find(header).unwrap_or_else(|| {
                missing.push(MissingColumn {
                    header: header.to_string(),
                    needed_for: needed_for.to_string(),
                    closest: crate::closest(header, headers.iter().map(String::as_str)).map(str::to_string),
                });
                0
            })
        };
        let f = &rubric.fields;
        let visit_id = need(&f.visit_id, "visit_id");
        let location = need(&f.location, "location");
        let date = need(&f.date, "date");
        let answers: Vec<usize> =
            rubric.questions.iter().map(|q| need(&q.column, &format!("question {}", q.id))).collect();
        let comments: Vec<Option<usize>> = rubric
            .questions
            .iter()
            .map(|q| match &q.comment {
                Some(c) if q.comment_required_on_fail => Some(need(c, &format!("the required comment of {}", q.id))),
                Some(c) => find(c),
                None => None,
            })
            .collect();
        let keep: Vec<usize> = f.keep.iter().map(|h| need(h, "fields.keep")).collect();
        if !missing.is_empty() {
            return Err(ColumnError::Missing { file: file.into(), missing });
        }
        let mut used: Vec<usize> = f
            .all()
            .into_iter()
            .filter_map(find)
            .chain(answers.iter().copied())
            .chain(comments.iter().flatten().copied())
            .chain(keep.iter().copied())
            .collect();
        used.sort_unstable();
        used.dedup();
        Ok(Columns {
            used,
            visit_id,
            location,
            date,
            region: find(&f.region),
            shopper: find(&f.shopper),
            channel: find(&f.channel),
            time: find(&f.time),
            answers,
            comments,
            keep,
            headers,
        })
    }
}

fn is_used(rubric: &Rubric, h: &str) -> bool {
    let f = &rubric.fields;
    f.all().contains(&h)
        || f.keep.iter().any(|k| k == h)
        || rubric.questions.iter().any(|q| q.column == h || q.comment.as_deref() == Some(h))
}
