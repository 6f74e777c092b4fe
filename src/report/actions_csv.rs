//! `actions.csv`: each location's actions for the focus month (SCORING.md §8), by
//! location name, most severe first, written at the end of the run from
//! [`crate::follow_up::FollowUp::actions`]; only the header when there is none.
//!
//! `rule` is `failures` (failed in at least K visits), `streak` (the last N answers in a
//! row failed) or `both`; rates and severity are percentages written with every digit;
//! `comments` holds the latest shoppers' comments on the failures (` | ` between), and
//! `comments_total` how many there were in all.

use std::io::Write;

use anyhow::Result;

use super::table_csv::TableCsv;
use super::{Report, ReportWriter, Staging};
use crate::follow_up::Action;
use crate::rubric::Rubric;
use crate::sink::Sink;
use crate::summary::Summary;

pub const ACTION_HEADERS: [&str; 14] = [
    "location",
    "question",
    "section",
    "text",
    "rule",
    "failed",
    "scored",
    "pass_rate",
    "previous_pass_rate",
    "in_a_row",
    "critical",
    "severity",
    "comments",
    "comments_total",
];

pub struct ActionsCsv<W: Write = ReportWriter>(TableCsv<W>);

impl ActionsCsv {
    pub fn new(staging: &mut Staging, raw: bool) -> Result<ActionsCsv> {
        Ok(ActionsCsv(TableCsv::create(staging, "actions.csv", raw)?))
    }
}

impl<W: Write> ActionsCsv<W> {
    fn write(&mut self, rubric: &Rubric, actions: &[Action]) -> Result<()> {
        let out = &mut self.0;
        out.row(ACTION_HEADERS)?;
        let number = TableCsv::<W>::number;
        for a in actions {
            let q = rubric.questions.get(a.question);
            let section = q.and_then(|q| rubric.sections.get(q.section)).map_or("", |s| s.id.as_str());
            let record: [Vec<u8>; 14] = [
                out.text(&a.location),
                out.text(q.map_or("", |q| q.id.as_str())),
                out.text(section),
                out.text(q.map_or("", |q| q.text.as_str())),
                a.rule().as_bytes().to_vec(),
                a.failed.to_string().into_bytes(),
                a.scored.to_string().into_bytes(),
                number(a.pass_rate),
                number(a.previous_pass_rate),
                a.in_a_row.to_string().into_bytes(),
                if a.critical { b"yes".to_vec() } else { b"no".to_vec() },
                number(Some(a.severity)),
                out.text(&a.comments.join(" | ")),
                a.comments_total.to_string().into_bytes(),
            ];
            out.row(&record)?;
        }
        out.flush()
    }
}

impl<W: Write> Sink for ActionsCsv<W> {}

impl<W: Write> Report for ActionsCsv<W> {
    fn finish(mut self: Box<Self>, summary: &Summary, _: &mut Staging) -> Result<()> {
        self.write(&summary.rubric, &summary.follow_up.actions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_row_has_its_rates_rule_and_comments() {
        let yaml = "name: T\nsections:\n  - id: greeting\n    questions:\n      - { id: q1, type: yes_no, text: \"Greeted?\" }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let action = Action {
            location: "Leeds".into(),
            question: 0,
            failed: 2,
            scored: 3,
            pass_rate: Some(100.0 / 3.0),
            previous_pass_rate: None,
            in_a_row: 3,
            by_failures: true,
            by_streak: true,
            critical: false,
            severity: 200.0 / 3.0,
            comments: vec!["slow".into(), "@nobody".into()],
            comments_total: 4,
        };
        let mut out = ActionsCsv(TableCsv::to(Vec::new(), true));
        out.write(&rubric, &[action]).unwrap();
        let text = String::from_utf8(out.0.into_inner()).unwrap();
        let want = "location,question,section,text,rule,failed,scored,pass_rate,previous_pass_rate,in_a_row,critical,severity,comments,comments_total\n\
                    Leeds,q1,greeting,Greeted?,both,2,3,33.333333333333336,,3,no,66.66666666666667,slow | @nobody,4\n";
        assert_eq!(text, want);
    }
}
