//! The grouping of a long-format file, read through [`Input`] as a run reads it: the
//! order visits are handed out in, the cells they get, and every issue at its line.

use std::path::Path;

use crate::ingest::answer::Answer;
use crate::ingest::{Input, InputError, Row, Visit};
use crate::issue::{Issue, IssueKind};
use crate::rubric::Rubric;

/// Two yes_no questions (q1 in column `Q1`, worth 1; q2 in `Q2`, with a comment column
/// `Q2 note`), long format with columns `Question`, `Answer` and `Note`.
fn rubric() -> Rubric {
    let yaml = "name: T\nlayout: long\nfields: { visit_id: id, location: store, question: Question, answer: Answer, comment: Note }\nsections:\n  - id: s\n    questions:\n      - { id: q1, column: Q1, type: yes_no }\n      - { id: q2, column: Q2, type: yes_no, comment: Q2 note }\n";
    crate::rubric::parse(Path::new("t.yaml"), yaml).unwrap()
}

/// What one row read gave: a visit's line, id, store, answers and comments, or a row
/// that is not a visit; and its issues as (line, kind, column, value).
#[derive(Debug, PartialEq)]
enum Got {
    Visit { line: u64, id: String, store: String, answers: Vec<Answer>, comments: Vec<String> },
    NotAVisit,
}

type Found = (u64, IssueKind, String, String);

/// Every row of `body` (after the header `id,store,date,Question,Answer,Note`), read.
fn read(body: &str) -> Vec<(Got, Vec<Found>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(&path, format!("id,store,date,Question,Answer,Note\n{body}")).unwrap();
    let rubric = rubric();
    let mut input = Input::open(&path, &rubric).unwrap();
    input.keep_text = true;
    let (mut visit, mut issues) = (Visit::default(), Vec::new());
    let mut got = Vec::new();
    while let Some(row) = input.next_row(&rubric, &mut visit, &mut issues).unwrap() {
        let row = match row {
            Row::Visit => Got::Visit {
                line: visit.line,
                id: visit.visit_id.clone(),
                store: visit.location.clone(),
                answers: visit.answers.clone(),
                comments: visit.comments.clone(),
            },
            Row::NotAVisit => Got::NotAVisit,
        };
        let found = issues.drain(..).map(|i: Issue| (i.line, i.kind, i.column, i.value)).collect();
        got.push((row, found));
    }
    got
}

fn visit(line: u64, id: &str, store: &str, answers: [Answer; 2], comments: [&str; 2]) -> Got {
    let comments = comments.map(String::from).to_vec();
    Got::Visit { line, id: id.into(), store: store.into(), answers: answers.to_vec(), comments }
}

const YES: Answer = Answer::Scored(1.0);
const NO: Answer = Answer::Scored(0.0);

/// V1's rows are on lines 2 and 5, far apart with V2's between: V1 comes first (its first
/// row is first), at line 2, with both answers; then V2 at line 3. The question cell
/// matches an id or a column, in any case and with spaces around it; a comment goes to
/// its question's comment.
#[test]
fn visits_come_in_the_order_of_their_first_rows_with_every_answer() {
    let got = read(
        "V1,Leeds,2026-09-01,q1,yes,\nV2,York,2026-09-02, Q2 ,no,Rushed\nV2,York,2026-09-02,Q1,no,\nV1,Leeds,2026-09-01,q2,yes,fine\n",
    );
    assert_eq!(
        got,
        [
            (visit(2, "V1", "Leeds", [YES, YES], ["", "fine"]), vec![]),
            (visit(3, "V2", "York", [NO, NO], ["", "Rushed"]), vec![]),
        ]
    );
}

/// V1 answers q1 on line 2 (yes) and again on line 4 (no): the first is kept, so q1 is
/// yes, and the second is an issue at line 4 on the `Answer` column with its value.
#[test]
fn an_answer_given_twice_keeps_the_first() {
    let got = read("V1,Leeds,2026-09-01,q1,yes,\nV1,Leeds,2026-09-01,q2,no,x\nV1,Leeds,2026-09-01,Q1,no,\n");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, visit(2, "V1", "Leeds", [YES, NO], ["", "x"]));
    assert_eq!(got[0].1, [(4, IssueKind::DuplicateAnswer, "Answer".into(), "no".into())]);
}

/// V1's second row says York, its first Leeds: an issue at line 3 on `store` with
/// `York`; the visit keeps Leeds (and the row's answer). A difference of spaces only is
/// none; the date column is read by the rubric too, and compared.
#[test]
fn a_visit_field_that_disagrees_keeps_the_first_rows() {
    let got = read("V1,Leeds,2026-09-01,q1,yes,\nV1,York,2026-09-01,q2,yes,\nV1, Leeds ,2026-09-02,q2,no,\n");
    assert_eq!(got[0].0, visit(2, "V1", "Leeds", [YES, YES], ["", ""]));
    let want: Vec<Found> = vec![
        (3, IssueKind::ConflictingField, "store".into(), "York".into()),
        (4, IssueKind::ConflictingField, "date".into(), "2026-09-02".into()),
        (4, IssueKind::DuplicateAnswer, "Answer".into(), "no".into()),
    ];
    assert_eq!(got[0].1, want);
}

/// `q3` names no question: an issue at its line on the `Question` column, and its row
/// is not used (q2 stays missing, which is the visit's own issue at its first line).
#[test]
fn an_unknown_question_is_an_issue_and_its_row_is_not_used() {
    let got = read("V1,Leeds,2026-09-01,q1,yes,\nV1,Leeds,2026-09-01,q3,no,\n");
    assert_eq!(got[0].0, visit(2, "V1", "Leeds", [YES, Answer::Missing], ["", ""]));
    let want: Vec<Found> = vec![
        (2, IssueKind::MissingAnswer, "Q2".into(), String::new()),
        (3, IssueKind::UnknownQuestion, "Question".into(), "q3".into()),
    ];
    assert_eq!(got[0].1, want);
}

/// A row without an id (line 3) and one a field short (line 5) are not visits: each is
/// handed out in its place by line, between V1 (line 2) and V2 (line 4), and after V2.
#[test]
fn rows_that_are_not_visits_come_in_their_place() {
    let got = read(
        "V1,Leeds,2026-09-01,q1,yes,\n,Leeds,2026-09-01,q2,yes,\nV2,York,2026-09-01,q1,no,\nV1,Leeds,2026-09-01,q2,yes\nV2,York,2026-09-01,q2,no,\nV1,Leeds,2026-09-01,q2,no,\n",
    );
    let kinds: Vec<(bool, Vec<(u64, IssueKind)>)> = got
        .iter()
        .map(|(g, found)| (matches!(g, Got::NotAVisit), found.iter().map(|f| (f.0, f.1)).collect()))
        .collect();
    assert_eq!(
        kinds,
        [
            (false, vec![]),
            (true, vec![(3, IssueKind::NoVisitId)]),
            (false, vec![]),
            (true, vec![(5, IssueKind::WrongFieldCount)]),
        ]
    );
    // V1's q2 is its line-7 row's answer (the line-5 row is not one of its rows).
    assert_eq!(got[0].0, visit(2, "V1", "Leeds", [YES, NO], ["", ""]));
}

/// An answer's own issue (an invalid answer, on line 3) names its row's line and the
/// `Answer` column, not the visit's line.
#[test]
fn an_answers_issue_is_at_its_own_row() {
    let got = read("V1,Leeds,2026-09-01,q1,yes,\nV1,Leeds,2026-09-01,q2,maybe,\n");
    assert!(matches!(got[0].0, Got::Visit { line: 2, .. }));
    assert_eq!(got[0].1, [(3, IssueKind::InvalidAnswer, "Answer".into(), "maybe".into())]);
}

/// The header lacks the `Answer` column the rubric names: the file is refused, naming it.
#[test]
fn a_file_without_the_long_columns_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(&path, "id,store,date,Question,Reply,Note\nV1,Leeds,2026-09-01,q1,yes,\n").unwrap();
    let err = Input::open(&path, &rubric()).err().unwrap();
    assert!(matches!(err, InputError::Columns(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("missing required column `Answer` (for the answer of each row (layout long))"), "{text}");
    assert!(text.contains("`fields.answer`"), "{text}");
}

/// A long column or a visit field the rubric reads, named twice, is refused as the wide
/// reader refuses it, naming both columns: in `id,store,date,Question,Answer,Answer,Note`
/// the answers are columns 5 and 6; in `id,id,...` the ids are 1 and 2. A header no one
/// reads (`x`, twice) is fine.
#[test]
fn a_long_column_named_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let open = |header: &str| {
        std::fs::write(&path, format!("{header}\nV1,Leeds,2026-09-01,q1,yes,,\n")).unwrap();
        Input::open(&path, &rubric()).err().map(|e| e.to_string())
    };
    let text = open("id,store,date,Question,Answer,Answer,Note").unwrap_or_default();
    assert!(text.contains("the header `Answer` appears in columns 5 and 6"), "{text}");
    let text = open("id,store,date,Question,Question,Answer,Note").unwrap_or_default();
    assert!(text.contains("the header `Question` appears in columns 4 and 5"), "{text}");
    let text = open("id,store,date,Question,Answer,Note,Note").unwrap_or_default();
    assert!(text.contains("the header `Note` appears in columns 6 and 7"), "{text}");
    let text = open("id,id,store,date,Question,Answer,Note").unwrap_or_default();
    assert!(text.contains("the header `id` appears in columns 1 and 2"), "{text}");
    assert_eq!(open("id,store,date,x,Question,Answer,Note,x"), None);
}

/// The reads before a run (re-shops, `--period latest`) see each visit once, at its first
/// row's line, and pass over the rows that are not visits.
#[test]
fn the_reads_before_a_run_see_each_visit_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let body = ",Leeds,2026-09-01,q1,yes,\nV1,Leeds,2026-09-01,q1,yes,\nV2,York,2026-09-03,q1,no,\nV1,Leeds,2026-09-01,q2,no,\n";
    std::fs::write(&path, format!("id,store,date,Question,Answer,Note\n{body}")).unwrap();
    let rubric = rubric();
    let mut input = Input::open(&path, &rubric).unwrap();
    let mut keys = Vec::new();
    input.each_visit_key(&rubric, |k| keys.push((k.line, k.id.to_string(), k.location.to_string()))).unwrap();
    assert_eq!(keys, [(3, "V1".into(), "Leeds".into()), (4, "V2".into(), "York".into())]);
}

/// A visit field with a question's column name (`Q1`, the file's fifth column) would be
/// read as q1's answer and as a field: the file is refused, naming it.
#[test]
fn a_visit_field_named_as_a_question_column_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(&path, "id,store,date,Question,Q1,Answer,Note\nV1,Leeds,2026-09-01,q1,x,yes,\n").unwrap();
    let err = Input::open(&path, &rubric()).err().unwrap();
    assert!(matches!(&err, InputError::LongQuestionColumn { column: 5, header, .. } if header == "Q1"), "{err:?}");
}
