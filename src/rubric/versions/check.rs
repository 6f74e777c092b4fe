//! The rules that hold across the versions of one programme (SCORING.md §7): one name,
//! the same fields and date format (a visit's version is chosen from them), at most one
//! version without `effective_from`, no two on one date, no two with one label, and each
//! CSV column read by one question id, each id reading one column, in every version.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{at, label};
use crate::rubric::{Rubric, RubricError};

/// Every broken rule of `versions` (sorted by `effective_from`, none first), in the
/// order the versions are given to the rules.
pub(super) fn check(versions: &[(PathBuf, Rubric)]) -> Vec<RubricError> {
    let mut errors = Vec::new();
    let Some((latest_file, latest)) = versions.last() else {
        return errors;
    };
    let latest_file = latest_file.display();
    let mut labels: HashMap<String, &PathBuf> = HashMap::new();
    let mut column_ids: HashMap<&str, (&str, &PathBuf)> = HashMap::new();
    let mut id_columns: HashMap<&str, (&str, &PathBuf)> = HashMap::new();
    for (i, (file, r)) in versions.iter().enumerate() {
        let earlier = i.checked_sub(1).map(|j| &versions[j]);
        match (earlier, r.effective_from) {
            (Some((other, _)), None) => errors.push(at(
                file,
                r,
                "effective_from",
                "",
                format!("a second version without `effective_from` ({} has none either)", other.display()),
                "only the earliest version may leave `effective_from` out: add `effective_from: YYYY-MM-DD`",
            )),
            (Some((other, o)), Some(day)) if o.effective_from == Some(day) => errors.push(at(
                file,
                r,
                "effective_from",
                "",
                format!("{} is effective from {day} too", other.display()),
                "each version starts on a day of its own: change one `effective_from`",
            )),
            _ => {}
        }
        let own = label(file, r);
        if let Some(other) = labels.insert(own.clone(), file) {
            errors.push(at(
                file,
                r,
                "version",
                "",
                format!("the version label `{own}` is also {}'s", other.display()),
                "give each version its own `version:` (the reports name each visit's version by it)",
            ));
        }
        // The latest is what the others are held to.
        if i + 1 < versions.len() {
            same_as_latest(file, r, latest, &latest_file.to_string(), &mut errors);
        }
        for (qi, q) in r.questions.iter().enumerate() {
            let path = question_path(r, qi);
            let column_key = format!("{path}.column");
            match column_ids.get(q.column.as_str()) {
                Some(&(id, other)) if id != q.id => errors.push(at(
                    file,
                    r,
                    &column_key,
                    &path,
                    format!("the CSV column `{}` is read by question `{id}` in {}", q.column, other.display()),
                    "a column means one question in every version: give the new question a column of its own",
                )),
                Some(_) => {}
                None => {
                    column_ids.insert(&q.column, (&q.id, file));
                }
            }
            match id_columns.get(q.id.as_str()) {
                Some(&(column, other)) if column != q.column => errors.push(at(
                    file,
                    r,
                    &column_key,
                    &path,
                    format!("question `{}` reads the column `{column}` in {}", q.id, other.display()),
                    "a question reads one column in every version: use the same `column`, or give the question a new id",
                )),
                Some(_) => {}
                None => {
                    id_columns.insert(&q.id, (&q.column, file));
                }
            }
        }
    }
    errors
}

/// `r`'s name, fields and date format against the latest version's.
fn same_as_latest(file: &Path, r: &Rubric, latest: &Rubric, latest_file: &str, errors: &mut Vec<RubricError>) {
    if r.name != latest.name {
        errors.push(at(
            file,
            r,
            "name",
            "",
            format!("the name `{}` is not the latest version's `{}` ({latest_file})", r.name, latest.name),
            "versions of one programme share its name: write the same `name:` in every version",
        ));
    }
    if r.date_format != latest.date_format {
        errors.push(at(
            file,
            r,
            "date_format",
            "",
            format!(
                "the date format `{}` is not the latest version's `{}` ({latest_file})",
                r.date_format, latest.date_format
            ),
            "a visit's version is chosen by its date: write the same `date_format` in every version",
        ));
    }
    let (a, b) = (&r.fields, &latest.fields);
    let keys = ["visit_id", "location", "date", "region", "shopper", "channel", "time"];
    let mut differ: Vec<(String, String, String)> = keys
        .iter()
        .zip(a.all().into_iter().zip(b.all()))
        .filter(|(_, (x, y))| x != y)
        .map(|(k, (x, y))| (k.to_string(), x.to_string(), y.to_string()))
        .collect();
    if a.keep != b.keep {
        differ.push(("keep".into(), a.keep.join(", "), b.keep.join(", ")));
    }
    if a.levels != b.levels {
        let shown = |l: &[String]| if l.is_empty() { "(none)".to_string() } else { format!("[{}]", l.join(", ")) };
        differ.push(("levels".into(), shown(&a.levels), shown(&b.levels)));
    }
    if a.version_date != b.version_date {
        let shown = |h: &Option<String>| h.clone().unwrap_or_else(|| "(none)".into());
        differ.push(("version_date".into(), shown(&a.version_date), shown(&b.version_date)));
    }
    if a.long != b.long {
        let shown = |l: &Option<crate::rubric::LongLayout>| match l {
            Some(l) => format!("long, question `{}`, answer `{}`", l.question, l.answer),
            None => "wide".into(),
        };
        differ.push(("question".into(), shown(&a.long), shown(&b.long)));
    }
    for (key, here, there) in differ {
        errors.push(at(
            file,
            r,
            &format!("fields.{key}"),
            "fields",
            format!("`fields.{key}` is `{here}` here but `{there}` in the latest version ({latest_file})"),
            "a visit's version is chosen from its fields: write the same `fields:` in every version",
        ));
    }
}

/// The rubric path of question `qi`: `sections[s].questions[j]`.
fn question_path(r: &Rubric, qi: usize) -> String {
    let q = &r.questions[qi];
    let start = r.sections.get(q.section).map_or(0, |s| s.questions.start);
    format!("sections[{}].questions[{}]", q.section, qi - start)
}
