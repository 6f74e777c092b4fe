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
    /// The rubric's `fields.levels`, top first (empty without them).
    pub levels: Vec<usize>,
    pub shopper: Option<usize>,
    pub channel: Option<usize>,
    pub time: Option<usize>,
    /// The `fields.version_date` column, when the rubric names one.
    pub version_date: Option<usize>,
    /// Per question, in rubric order.
    pub answers: Vec<usize>,
    pub comments: Vec<Option<usize>>,
    /// The rubric's `fields.keep`, in its order.
    pub keep: Vec<usize>,
    /// The rubric's `fields.replaces`, when it names one.
    pub replaces: Option<usize>,
    /// Every column shopscore reads, in file order.
    pub used: Vec<usize>,
}

/// A column the rubric needs that the file does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingColumn {
    pub header: String,
    /// What reads it: `visit_id`, a question id, ...
    pub needed_for: String,
    /// The rubric key that names the header, as a hint says it: the rubric's
    /// `fields.date`, question q2's `column`, ...
    pub key: String,
    /// The file's header it most likely is: one no rubric column reads (renaming a header
    /// another column reads would break that column), each suggested for one column only.
    pub closest: Option<String>,
}

/// A file that lacks columns the rubric requires.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub file: PathBuf,
    /// The rubric's `name`.
    pub rubric: String,
    /// How many different columns the rubric requires.
    pub required: usize,
    /// In rubric order: the visit fields, the questions, the required comments, `keep`,
    /// `replaces`.
    pub missing: Vec<MissingColumn>,
    /// The file's headers that no rubric column reads, in file order.
    pub unread: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ColumnError {
    #[error("{}", describe(.0))]
    Missing(Missing),
    #[error("{}: the header `{}` appears in columns {first} and {second}\n  hint: the rubric reads one column of that name: rename or delete the one it should not read", .file.display(), revealed(.header))]
    Duplicate { file: PathBuf, header: String, first: usize, second: usize },
}

/// The missing columns listed at most this many at a time; the rest are counted.
pub const MISSING_SHOWN: usize = 10;
/// The unread headers a hint names at most.
const UNREAD_SHOWN: usize = 8;

/// The error's text. When fewer than a quarter of the rubric's required columns are in
/// the file (none included), the rubric is likely the wrong one: one line says so, one
/// names the missing columns (the first [`MISSING_SHOWN`]) and a hint names the file's
/// own headers, with no per-column rename advice (renaming a file's every header to fit
/// the wrong rubric would be bad advice). Otherwise each missing column (the first
/// [`MISSING_SHOWN`]) with its hint, then the headers no rubric column reads when a
/// column has no likely header.
fn describe(m: &Missing) -> String {
    let file = m.file.display();
    let found = m.required.saturating_sub(m.missing.len());
    let mut lines = Vec::new();
    let more = |n: usize| {
        format!("... and {}", crate::number::counted(n as u64, "more missing column", "more missing columns"))
    };
    if found * 4 < m.required {
        let (required, rubric) = (m.required, revealed(&m.rubric));
        lines.push(match found {
            0 => format!(
                "{file}: none of the {required} columns the rubric `{rubric}` requires is in this file: is it the right rubric?"
            ),
            1 => format!("{file}: only 1 of the {required} columns the rubric `{rubric}` requires is in this file: is it the right rubric?"),
            _ => format!("{file}: only {found} of the {required} columns the rubric `{rubric}` requires are in this file: is it the right rubric?"),
        });
        let mut names: Vec<String> = m.missing.iter().take(MISSING_SHOWN).map(|c| header(&c.header)).collect();
        if m.missing.len() > MISSING_SHOWN {
            names.push(more(m.missing.len() - MISSING_SHOWN));
        }
        lines.push(format!("  missing: {}", names.join(", ")));
        let mut own: Vec<String> = m.unread.iter().take(UNREAD_SHOWN).map(|h| header(h)).collect();
        if m.unread.len() > UNREAD_SHOWN {
            own.push(format!("... and {} more", m.unread.len() - UNREAD_SHOWN));
        }
        lines.push(match own.is_empty() {
            true => "  hint: check --rubric (or the run file's `rubric:`)".to_string(),
            false => format!(
                "  hint: check --rubric (or the run file's `rubric:`); the file's headers that no rubric column reads are {}",
                own.join(", ")
            ),
        });
        return lines.join("\n");
    }
    for (i, c) in m.missing.iter().take(MISSING_SHOWN).enumerate() {
        let hint = match &c.closest {
            Some(h) => format!("the closest header is {}; rename it, or set {} to it", header(h), c.key),
            None => format!("add the column, or set {} to the header the file uses for it", c.key),
        };
        let at = if i == 0 && lines.is_empty() { format!("{file}: ") } else { String::new() };
        lines.push(format!(
            "{at}missing required column `{}` (for {})\n  hint: {hint}",
            revealed(&c.header),
            c.needed_for
        ));
    }
    if m.missing.len() > MISSING_SHOWN {
        lines.push(more(m.missing.len() - MISSING_SHOWN));
    }
    // The headers a column might be, when one has no likely header: those no hint names.
    let named: Vec<&String> = m.missing.iter().filter_map(|c| c.closest.as_ref()).collect();
    let rest: Vec<&String> = m.unread.iter().filter(|h| !named.contains(h)).collect();
    if m.missing.iter().any(|c| c.closest.is_none()) && !rest.is_empty() {
        let mut names: Vec<String> = rest.iter().take(UNREAD_SHOWN).map(|h| header(h)).collect();
        if rest.len() > UNREAD_SHOWN {
            names.push(format!("... and {} more", rest.len() - UNREAD_SHOWN));
        }
        let other = if named.is_empty() { "" } else { "other " };
        lines.push(format!("  hint: the file's {other}headers that no rubric column reads: {}", names.join(", ")));
    }
    lines.join("\n")
}

/// A header as a message quotes it, saying so when it holds characters that do not show.
fn header(h: &str) -> String {
    let shown = revealed(h);
    let why = if shown != h { " (it holds characters that do not show, written here as \\u{..})" } else { "" };
    format!("`{shown}`{why}")
}

impl Columns {
    pub fn map(file: &Path, rubric: &Rubric, headers: Vec<String>) -> Result<Columns, ColumnError> {
        let find = |h: &str| headers.iter().position(|x| x == h);
        if let Some(e) = duplicate(file, &headers, |h| is_used(rubric, h)) {
            return Err(e);
        }
        let mut missing: Vec<MissingColumn> = Vec::new();
        // Once per file, not per row.
        let mut required: Vec<String> = Vec::new();
        let mut need = |header: &str, needed_for: &str, key: String| {
            if !required.iter().any(|r| r == header) {
                required.push(header.to_string());
            }
            find(header).unwrap_or_else(|| {
                if !missing.iter().any(|m| m.header == header) {
                    let (header, needed_for) = (header.to_string(), needed_for.to_string());
                    missing.push(MissingColumn { header, needed_for, key, closest: None });
                }
                0
            })
        };
        let f = &rubric.fields;
        let field = |name: &str| format!("the rubric's `fields.{name}`");
        let visit_id = need(&f.visit_id, "visit_id", field("visit_id"));
        let location = need(&f.location, "location", field("location"));
        let date = need(&f.date, "date", field("date"));
        let version_date = f.version_date.as_ref().map(|h| need(h, "version_date", field("version_date")));
        let levels: Vec<usize> = f
            .levels
            .iter()
            .map(|h| need(h, &format!("the level {h}"), "that item of the rubric's `fields.levels`".into()))
            .collect();
        let answers: Vec<usize> = rubric
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                need(
                    &q.column,
                    &format!("question {}{}", q.id, asked_by(rubric, i)),
                    format!("question {}'s `column`", q.id),
                )
            })
            .collect();
        let comments: Vec<Option<usize>> = rubric
            .questions
            .iter()
            .map(|q| match &q.comment {
                Some(c) if q.comment_required_on_fail => Some(need(
                    c,
                    &format!("the required comment of {}", q.id),
                    format!("question {}'s `comment`", q.id),
                )),
                Some(c) => find(c),
                None => None,
            })
            .collect();
        let keep: Vec<usize> =
            f.keep.iter().map(|h| need(h, "fields.keep", "that item of the rubric's `fields.keep`".into())).collect();
        let replaces = f.replaces.as_ref().map(|h| need(h, "fields.replaces", field("replaces")));
        if !missing.is_empty() {
            let required = required.len();
            let mut unread: Vec<String> = Vec::new();
            for h in &headers {
                if !h.is_empty() && !is_used(rubric, h) && !unread.contains(h) {
                    unread.push(h.clone());
                }
            }
            suggest(&mut missing, &unread);
            let file = file.to_path_buf();
            return Err(ColumnError::Missing(Missing { file, rubric: rubric.name.clone(), required, missing, unread }));
        }
        let mut used: Vec<usize> = f
            .all()
            .into_iter()
            .filter_map(find)
            .chain(answers.iter().copied())
            .chain(comments.iter().flatten().copied())
            .chain(keep.iter().copied())
            .chain(levels.iter().copied())
            .chain(replaces)
            .chain(version_date)
            .collect();
        used.sort_unstable();
        used.dedup();
        Ok(Columns {
            used,
            visit_id,
            location,
            date,
            region: find(&f.region),
            levels,
            shopper: find(&f.shopper),
            channel: find(&f.channel),
            time: find(&f.time),
            version_date,
            answers,
            comments,
            keep,
            replaces,
            headers,
        })
    }
}

/// The error for the first header named twice among those `read` says a reader reads
/// (a blank header never is), naming both columns (1-based), or `None`.
pub(super) fn duplicate(file: &Path, headers: &[String], read: impl Fn(&str) -> bool) -> Option<ColumnError> {
    headers.iter().enumerate().find_map(|(i, h)| {
        let first = headers[..i].iter().position(|x| x == h)?;
        (!h.is_empty() && read(h)).then(|| ColumnError::Duplicate {
            file: file.into(),
            header: h.clone(),
            first: first + 1,
            second: i + 1,
        })
    })
}

/// The error for a file lacking some of the `required` columns, each `(header, what reads
/// it, the rubric key naming it)`, or `None` when `headers` has them all. For the columns a
/// reader needs before [`Columns::map`] (a long-format export's).
pub(super) fn missing(
    file: &Path,
    rubric: &Rubric,
    required: &[(&str, &str, String)],
    headers: &[String],
) -> Option<ColumnError> {
    let mut missing: Vec<MissingColumn> = required
        .iter()
        .filter(|(h, _, _)| !headers.iter().any(|x| x == h))
        .map(|(h, needed_for, key)| MissingColumn {
            header: h.to_string(),
            needed_for: needed_for.to_string(),
            key: key.clone(),
            closest: None,
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut unread: Vec<String> = Vec::new();
    for h in headers {
        if !h.is_empty() && !is_used(rubric, h) && !required.iter().any(|r| r.0 == h) && !unread.contains(h) {
            unread.push(h.clone());
        }
    }
    suggest(&mut missing, &unread);
    let (file, name, required) = (file.to_path_buf(), rubric.name.clone(), required.len());
    Some(ColumnError::Missing(Missing { file, rubric: name, required, missing, unread }))
}

/// Gives each missing column the unread header most likely meant for it: the closest pairs
/// first, each header to one column only (two columns told to rename the same header
/// could not both follow the hint).
fn suggest(missing: &mut [MissingColumn], unread: &[String]) {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (m, column) in missing.iter().enumerate() {
        for (h, header) in unread.iter().enumerate() {
            if let Some(edits) = crate::typo_distance(&column.header, header) {
                pairs.push((edits, m, h));
            }
        }
    }
    pairs.sort_unstable();
    let mut taken = vec![false; unread.len()];
    for (_, m, h) in pairs {
        if missing[m].closest.is_none() && !taken[h] {
            missing[m].closest = Some(unread[h].clone());
            taken[h] = true;
        }
    }
}

/// With two or more rubric versions, the versions asking question `i` of the merged
/// view, as a missing column names them: ` (versions v1, v2)`; else nothing.
fn asked_by(rubric: &Rubric, i: usize) -> String {
    if !rubric.versioned() {
        return String::new();
    }
    let labels: Vec<&str> = rubric
        .versions
        .iter()
        .filter(|v| v.asks.get(i).copied().flatten().is_some())
        .map(|v| v.label.as_str())
        .collect();
    let word = if labels.len() == 1 { "version" } else { "versions" };
    format!(" ({word} {})", labels.join(", "))
}

/// Whether some field, question, comment or `keep` item of the rubric reads header `h`.
pub(super) fn is_used(rubric: &Rubric, h: &str) -> bool {
    let f = &rubric.fields;
    f.all().contains(&h)
        || f.keep.iter().any(|k| k == h)
        || f.levels.iter().any(|l| l == h)
        || f.replaces.as_deref() == Some(h)
        || f.version_date.as_deref() == Some(h)
        || rubric.questions.iter().any(|q| q.column == h || q.comment.as_deref() == Some(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rubric reading `Visit ID`, `Store` and `Visit date`, and one yes_no question per
    /// column named, in order (ids q1, q2, ...); `more` is added to `fields`.
    fn rubric(columns: &[&str], more: &str) -> Rubric {
        let questions: String = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("      - {{ id: q{}, column: \"{c}\", type: yes_no }}\n", i + 1))
            .collect();
        let yaml = format!(
            "name: Visits\nfields: {{ visit_id: Visit ID, location: Store, date: Visit date{more} }}\nsections:\n  - id: s\n    questions:\n{questions}"
        );
        crate::rubric::parse(Path::new("r.yaml"), &yaml).unwrap()
    }

    fn error(rubric: &Rubric, headers: &[&str]) -> String {
        let headers = headers.iter().map(|h| h.to_string()).collect();
        Columns::map(Path::new("v.csv"), rubric, headers).unwrap_err().to_string()
    }

    /// The case: `Visit ID` is the closest header to `Visit date`, but the id
    /// column reads it. With no unread header close, the hint lists the unread ones.
    #[test]
    fn a_header_another_column_reads_is_never_suggested() {
        let r = rubric(&["Q1"], "");
        assert_eq!(
            error(&r, &["Visit ID", "Store", "When", "Q1"]),
            "v.csv: missing required column `Visit date` (for date)\n  \
             hint: add the column, or set the rubric's `fields.date` to the header the file uses for it\n  \
             hint: the file's headers that no rubric column reads: `When`"
        );
        // Every header read: no list at all.
        assert_eq!(
            error(&r, &["Visit ID", "Store", "Q1"]),
            "v.csv: missing required column `Visit date` (for date)\n  \
             hint: add the column, or set the rubric's `fields.date` to the header the file uses for it"
        );
    }

    /// `Visit rate` (a question's column) and `Visit note` (kept) are one edit from
    /// `Visit date`, as is `Visit dates`, which nothing reads: only it is suggested.
    #[test]
    fn headers_of_questions_and_keep_are_not_suggested_either() {
        let r = rubric(&["Visit rate"], ", keep: [Visit note]");
        assert_eq!(
            error(&r, &["Visit ID", "Store", "Visit rate", "Visit note", "Visit dates"]),
            "v.csv: missing required column `Visit date` (for date)\n  \
             hint: the closest header is `Visit dates`; rename it, or set the rubric's `fields.date` to it"
        );
    }

    /// `Q10 Ratings` is 1 edit from `Q10 Rating` and 2 from `Q11 Rating`: it is suggested
    /// once, for the closer; the other column is told the remaining unread headers.
    #[test]
    fn a_header_is_suggested_for_one_column_only() {
        let r = rubric(&["Q10 Rating", "Q11 Rating"], "");
        assert_eq!(
            error(&r, &["Visit ID", "Store", "Visit date", "Q10 Ratings", "Notes"]),
            "v.csv: missing required column `Q10 Rating` (for question q1)\n  \
             hint: the closest header is `Q10 Ratings`; rename it, or set question q1's `column` to it\n\
             missing required column `Q11 Rating` (for question q2)\n  \
             hint: add the column, or set question q2's `column` to the header the file uses for it\n  \
             hint: the file's other headers that no rubric column reads: `Notes`"
        );
    }

    /// 12 questions: 15 required columns. None in the file: one line says so first, then
    /// 10 of the 15 missing columns and the count of the rest.
    #[test]
    fn a_file_for_another_rubric_is_said_to_be_one_first() {
        let q: Vec<String> = (1..=12).map(|i| format!("Q{i}")).collect();
        let r = rubric(&q.iter().map(String::as_str).collect::<Vec<_>>(), "");
        let want = "v.csv: none of the 15 columns the rubric `Visits` requires is in this file: is it the right rubric?\n  \
                    missing: `Visit ID`, `Store`, `Visit date`, `Q1`, `Q2`, `Q3`, `Q4`, `Q5`, `Q6`, `Q7`, ... and 5 more missing columns\n  \
                    hint: check --rubric (or the run file's `rubric:`); the file's headers that no rubric column reads are `Call ID`, `Branch`";
        assert_eq!(error(&r, &["Call ID", "Branch"]), want);
        // 3 of 15 (3 x 4 = 12 < 15): still said; 4 of 15 (16) is not.
        let three = error(&r, &["Visit ID", "Store", "Visit date"]);
        assert!(
            three.starts_with(
                "v.csv: only 3 of the 15 columns the rubric `Visits` requires are in this file: is it the right rubric?\n  missing: `Q1`, `Q2`,"
            ),
            "{three}"
        );
        let one = error(&r, &["Visit ID"]);
        assert!(
            one.starts_with("v.csv: only 1 of the 15 columns the rubric `Visits` requires is in this file:"),
            "{one}"
        );
        let four = error(&r, &["Visit ID", "Store", "Visit date", "Q1"]);
        assert!(four.starts_with("v.csv: missing required column `Q2` (for question q2)\n"), "{four}");
        assert!(four.ends_with("\n... and 1 more missing column"), "{four}");
        // 13 questions, 16 required: 4 found is a quarter exactly, and not said.
        let q: Vec<String> = (1..=13).map(|i| format!("Q{i}")).collect();
        let r = rubric(&q.iter().map(String::as_str).collect::<Vec<_>>(), "");
        let four = error(&r, &["Visit ID", "Store", "Visit date", "Q1"]);
        assert!(four.starts_with("v.csv: missing required column `Q2` (for question q2)\n"), "{four}");
    }
}
