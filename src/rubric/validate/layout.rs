//! `layout`: `wide` (one row per visit, the default) or `long` (one row per answer), and
//! the long format's columns under `fields` (`question`, `answer`, an optional `comment`),
//! which only `layout: long` takes and which it needs.

use std::collections::{HashMap, HashSet};

use super::{Checker, Spot, one_of};
use crate::rubric::{LongLayout, Question};

const LAYOUTS: [&str; 2] = ["wide", "long"];

/// The layout keys as written.
pub(super) struct RawLong {
    pub layout: Option<String>,
    pub question: Option<String>,
    pub answer: Option<String>,
    pub comment: Option<String>,
}

impl Checker<'_> {
    /// The long format's columns with `layout: long`, else `None`. `columns` holds the
    /// headers the fields and questions read: the long format's columns are their own.
    pub(super) fn layout(
        &mut self,
        raw: RawLong,
        questions: &[Question],
        columns: &mut HashSet<String>,
    ) -> Option<LongLayout> {
        let long = match raw.layout.as_deref().map(str::trim) {
            None | Some("wide") => false,
            Some("long") => true,
            Some(other) => {
                self.error("layout", format!("`{other}` is not a layout")).hint(one_of(other, &LAYOUTS));
                return None;
            }
        };
        let keys = [("question", &raw.question), ("answer", &raw.answer), ("comment", &raw.comment)];
        if !long {
            for (key, value) in keys {
                if value.is_some() {
                    self.error(format!("fields.{key}"), format!("`fields.{key}` is only read with `layout: long`"))
                        .hint("add `layout: long` at the top level for an export with one row per answer, or remove the key");
                }
            }
            return None;
        }
        for (key, value) in &keys[..2] {
            if value.is_none() {
                self.error("layout", format!("`layout: long` needs `fields.{key}`")).hint(format!(
                    "name the column holding each row's {key}, e.g. `fields: {{ question: Question, answer: Answer }}`"
                ));
            }
        }
        let mut header = |c: &mut Self, key: &str, value: &Option<String>| {
            let h = value.as_deref()?.trim().to_string();
            c.column(Spot::from(format!("fields.{key}")), &h, columns);
            Some(h)
        };
        let question = header(self, "question", &raw.question);
        let answer = header(self, "answer", &raw.answer);
        let comment = header(self, "comment", &raw.comment);
        if comment.is_none()
            && let Some(q) = questions.iter().find(|q| q.comment_required_on_fail)
        {
            self.error(
                "layout",
                format!("question {} requires a comment, and `fields.comment` names no comment column", q.id),
            )
            .hint("name the column holding each answer's comment, e.g. `fields: { comment: Comment }`");
        }
        self.names_differ(questions);
        Some(LongLayout { question: question?, answer: answer?, comment })
    }

    /// A row's question is matched to an id or a `column`, trimmed and in any case: no
    /// such name may stand for two questions.
    fn names_differ(&mut self, questions: &[Question]) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, q) in questions.iter().enumerate() {
            for name in [&q.id, &q.column] {
                let key = name.trim().to_lowercase();
                match seen.get(&key) {
                    Some(&j) if j != i => {
                        let other = &questions[j].id;
                        self.error("layout", format!("with `layout: long` the question `{}` would name both {other} and {}", name.trim(), q.id))
                            .hint("a row's question is matched to ids and columns in any case: give each question a `column` no other question's id or column is");
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key, i);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::rubric::{LongLayout, RubricError, parse};

    /// A rubric with `top` written before `fields: { fields }`, and two questions.
    fn yaml(top: &str, fields: &str, q2: &str) -> String {
        format!(
            "name: T\n{top}fields: {{ visit_id: id{fields} }}\nsections:\n  - id: s\n    questions:\n      - {{ id: q1, column: \"Q1 Greeted\", type: yes_no }}\n      - {{ id: q2, type: yes_no{q2} }}\n"
        )
    }

    fn errors(text: &str) -> Vec<RubricError> {
        match parse(Path::new("r.yaml"), text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn layout_long_reads_its_columns_and_wide_is_the_default() {
        let r = parse(Path::new("r.yaml"), &yaml("", "", "")).unwrap();
        assert_eq!(r.fields.long, None);
        let r = parse(Path::new("r.yaml"), &yaml("layout: wide\n", "", "")).unwrap();
        assert_eq!(r.fields.long, None);
        let text = yaml("layout: long\n", ", question: \" Item \", answer: Reply, comment: Note", "");
        let r = parse(Path::new("r.yaml"), &text).unwrap();
        let want = LongLayout { question: "Item".into(), answer: "Reply".into(), comment: Some("Note".into()) };
        assert_eq!(r.fields.long, Some(want));
    }

    /// `layout: long` on line 2, column 1: both missing columns are named there.
    #[test]
    fn layout_long_without_its_columns_is_refused_at_the_layout_key() {
        let e = errors(&yaml("layout: long\n", ", answer: A", ""));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].line, e[0].column, e[0].path.as_str()), (Some(2), Some(1), "layout"));
        assert_eq!(e[0].problem, "`layout: long` needs `fields.question`");
        let e = errors(&yaml("layout: long\n", "", ""));
        let problems: Vec<&str> = e.iter().map(|e| e.problem.as_str()).collect();
        assert_eq!(problems, ["`layout: long` needs `fields.question`", "`layout: long` needs `fields.answer`"]);
    }

    /// `fields: { visit_id: id, question: Q }` on line 2: `question` at column 25.
    #[test]
    fn the_long_columns_without_layout_long_are_refused_at_their_key() {
        let e = errors(&yaml("", ", question: Q", ""));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].line, e[0].column, e[0].path.as_str()), (Some(2), Some(25), "fields.question"));
        assert!(e[0].hint.as_deref().unwrap_or("").contains("add `layout: long`"), "{:?}", e[0].hint);
    }

    #[test]
    fn an_unknown_layout_gets_the_closest() {
        let e = errors(&yaml("layout: lng\n", "", ""));
        assert_eq!((e[0].line, e[0].problem.as_str()), (Some(2), "`lng` is not a layout"));
        assert!(e[0].hint.as_deref().unwrap_or("").starts_with("did you mean `long`?"), "{:?}", e[0].hint);
    }

    #[test]
    fn a_required_comment_needs_the_comment_column() {
        let long = ", question: Q, answer: A";
        let e = errors(&yaml("layout: long\n", long, ", comment: C2, comment_required_on_fail: true"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].problem.starts_with("question q2 requires a comment"), "{}", e[0].problem);
        let with = format!("{long}, comment: C");
        assert!(
            parse(Path::new("r.yaml"), &yaml("layout: long\n", &with, ", comment: C2, comment_required_on_fail: true"))
                .is_ok()
        );
    }

    /// q2's column `q1 greeted` is q1's column in another case: a row's `Q1 GREETED`
    /// would name both. Its own id in another case (`Q2`) names only q2.
    #[test]
    fn no_question_name_stands_for_two_questions() {
        let long = ", question: Q, answer: A";
        let e = errors(&yaml("layout: long\n", long, ", column: q1 greeted"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].problem, "with `layout: long` the question `q1 greeted` would name both q1 and q2");
        assert!(parse(Path::new("r.yaml"), &yaml("layout: long\n", long, ", column: Q2")).is_ok());
        // Without layout long, the same columns are two headers.
        assert!(parse(Path::new("r.yaml"), &yaml("", "", ", column: q1 greeted")).is_ok());
    }

    /// The answer column may not be a column a field or question reads.
    #[test]
    fn the_long_columns_are_columns_of_their_own() {
        let e = errors(&yaml("layout: long\n", ", question: Q, answer: id", ""));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].path, "fields.answer");
        assert!(e[0].problem.contains("already read"), "{}", e[0].problem);
        let e = errors(&yaml("layout: long\n", ", question: Q, answer: Q1 Greeted", ""));
        assert_eq!(e[0].path, "fields.answer");
    }
}
