//! The corrections file's header and row rules, and a value read as a shopper's answer.

use std::path::Path;

use super::*;
use crate::ingest::answer::{Answer, Invalid};

const RUBRIC: &str = "name: T\nfields: { visit_id: Visit, location: Store, date: Date }\nsections:\n  - id: s\n    questions:\n      \
                      - { id: q1, column: \"Q1 Greeted\", type: yes_no }\n      - { id: q2, column: \"Q2 Smile\", type: scale, min: 1, max: 5, na: false }\n";

fn questions() -> Vec<Question> {
    crate::rubric::parse(Path::new("t.yaml"), RUBRIC).unwrap().questions
}

fn parse(text: &str) -> Result<Corrections, CorrectionsError> {
    Corrections::parse(Path::new("fix.csv"), text.as_bytes(), "00".into(), &questions())
}

#[test]
fn the_header_may_come_in_any_order_and_case() {
    let c = parse("Date,BY,reason,Status,Action,Value,Question,Visit_ID\n2026-11-02,Ann,typo,accepted,set,no,q1,V1\n")
        .unwrap();
    assert_eq!(c.rows, 1);
    assert_eq!(c.by_status, [1, 0, 0]);
    let row = &c.records[0];
    assert_eq!((row.line, row.visit_id.as_str(), row.question.as_deref()), (2, "V1", Some("q1")));
    assert_eq!(
        (row.action, row.status, row.value.as_str(), row.by.as_str(), row.sound),
        (Some(Action::Set), Some(Status::Accepted), "no", "Ann", true)
    );
    assert_eq!(c.headers[COL_VISIT_ID], "Visit_ID");
    assert_eq!(c.for_visit("V1"), [0]);
    assert!(c.for_visit("V2").is_empty());
}

#[test]
fn a_missing_header_column_stops_the_run_naming_the_closest() {
    let err = parse("visit_id,question,value,action,stauts,reason,by,date\n").unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("fix.csv:1: the corrections file's header has no `status` column (is `stauts` meant?)"),
        "{text}"
    );
    assert!(matches!(parse(""), Err(CorrectionsError::Empty { .. })));
}

/// One row per rule, in the file's order: lines 2 to 11 are data (a blank line 5 is not a
/// row). Every rule a row fails is an issue of its own: line 10 fails three.
#[test]
fn each_row_rule_is_a_data_issue_of_its_line_and_column() {
    let text = "visit_id,question,value,action,status,reason,by,date\n\
                ,q1,yes,set,accepted,,,\n\
                V1,q1,yes,change,accepted,,,\n\
                \n\
                V1,q1,yes,SET,maybe,,,\n\
                V1,,yes,set,pending,,,\n\
                V1,Q9,yes,set,rejected,,,\n\
                V1,Q2 Smile,4,Set,Accepted,,,\n\
                V2,,,VOID,pending,,,\n\
                ,,x,fix,maybe,,,\n\
                V3,Q7,,void,accepted,,,\n";
    let c = parse(text).unwrap();
    let got: Vec<_> =
        c.problems.iter().map(|i| (i.line, i.kind.as_str(), i.column.as_str(), i.value.as_str())).collect();
    assert_eq!(
        got,
        [
            (2, "correction_missing_field", "visit_id", ""),
            (3, "correction_bad_action", "action", "change"),
            (5, "correction_bad_status", "status", "maybe"),
            (6, "correction_missing_field", "question", ""),
            (7, "correction_unknown_question", "question", "Q9"),
            (10, "correction_bad_action", "action", "fix"),
            (10, "correction_bad_status", "status", "maybe"),
            (10, "correction_missing_field", "visit_id", ""),
            (11, "correction_unknown_question", "question", "Q7"),
        ]
    );
    assert!(c.problems.iter().all(|i| i.file == "fix.csv"));
    // 9 rows; statuses that read: accepted on lines 2, 3, 8 and 11, pending on 6 and 9,
    // rejected on 7 (line 5's and line 10's `maybe` count nowhere).
    assert_eq!((c.rows, c.by_status), (9, [4, 1, 2]));
    // Every row is kept; only lines 8 (q2 by its header) and 9 (a void needs no question) are sound.
    assert_eq!(c.records.len(), 9);
    let sound: Vec<_> = c.records.iter().filter(|r| r.sound).map(|r| (r.line, r.question.clone(), r.action)).collect();
    assert_eq!(sound, [(8, Some("q2".to_string()), Some(Action::Set)), (9, None, Some(Action::Void))]);
    // The bad action is kept as written, for the audit trail.
    assert_eq!((c.records[1].action_shown(), c.records[2].status_shown()), ("change".to_string(), "maybe".to_string()));
    // A row is found by its visit (a blank id names none): V1 on lines 3 to 8.
    assert_eq!(c.for_visit("V1"), [1, 2, 3, 4, 5]);
    assert!(c.for_visit("").is_empty());
}

#[test]
fn a_value_reads_as_the_shoppers_answer_would() {
    let qs = questions();
    let row = |value: &str| Correction {
        line: 2,
        visit_id: "V1".into(),
        question: Some("q2".into()),
        question_as_written: "q2".into(),
        value: value.into(),
        action: Some(Action::Set),
        action_as_written: "set".into(),
        status: Some(Status::Accepted),
        status_as_written: "accepted".into(),
        reason: String::new(),
        by: String::new(),
        date: String::new(),
        sound: true,
    };
    // 4 on 1-5 is (4 - 1) / (5 - 1) = 0.75; blank is a missing answer; yes on q1 is 1.
    assert_eq!(row("4").answer(&qs[1]), Ok(Answer::Scored(0.75)));
    assert_eq!(row("").answer(&qs[1]), Ok(Answer::Missing));
    assert_eq!(row("N/A").answer(&qs[0]), Ok(Answer::NotApplicable));
    assert_eq!(row("yes").answer(&qs[0]), Ok(Answer::Scored(1.0)));
    // q2 has na: false; 6 is off its scale.
    let na = row("N/A").answer(&qs[1]).unwrap_err();
    assert!(na.starts_with("N/A is not allowed for q2"), "{na}");
    let off = row("6").answer(&qs[1]).unwrap_err();
    assert!(off.starts_with("`6` is not an answer to q2; expected"), "{off}");
    assert_ne!(crate::ingest::answer::parse(&qs[1], "6"), Answer::Invalid(Invalid::NaNotAllowed));
}

/// Saved by a spreadsheet with a decimal comma: `;` between cells, `3,5` a value.
#[test]
fn a_semicolon_file_reads_as_well() {
    let c = parse("visit_id;question;value;action;status;reason;by;date\r\nV1;q2;3,5;set;pending;a; b;\r\n").unwrap();
    let row = &c.records[0];
    assert_eq!(
        (row.value.as_str(), row.reason.as_str(), row.by.as_str(), row.status),
        ("3,5", "a", "b", Some(Status::Pending))
    );
}
