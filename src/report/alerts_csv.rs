//! `alerts.csv`: the focus month's hot alerts (SCORING.md §8), one row per visit in input
//! order, written at the end of the run from [`crate::follow_up::FollowUp::alerts`]; only
//! the header when there is none, so a job can count rows.
//!
//! `why` says `critical failure`, `below P` or both; `failed` names the failed critical
//! questions and the sections under their pass mark (`greeting 50 < 60`); `comments` holds
//! what the shopper wrote on each failed critical question (`id: comment`, ` | ` between).

use std::io::Write;

use anyhow::Result;

use super::follow_up_text::{Digits, describe};
use super::table_csv::TableCsv;
use super::{Report, ReportWriter, Staging};
use crate::follow_up::Alert;
use crate::rubric::Rubric;
use crate::sink::Sink;
use crate::summary::Summary;

pub const ALERT_HEADERS: [&str; 11] =
    ["file", "line", "visit_id", "location", "region", "date", "shopper", "score", "why", "failed", "comments"];

pub struct AlertsCsv<W: Write = ReportWriter>(TableCsv<W>);

impl AlertsCsv {
    pub fn new(staging: &mut Staging, raw: bool) -> Result<AlertsCsv> {
        Ok(AlertsCsv(TableCsv::create(staging, "alerts.csv", raw)?))
    }
}

impl<W: Write> AlertsCsv<W> {
    fn write(&mut self, rubric: &Rubric, alert_below: Option<f64>, alerts: &[Alert]) -> Result<()> {
        let out = &mut self.0;
        out.row(ALERT_HEADERS)?;
        for a in alerts {
            let (why, failed, comments) = describe(rubric, alert_below, a, Digits::Every);
            let record: [Vec<u8>; 11] = [
                out.text(&a.file),
                a.line.to_string().into_bytes(),
                out.text(&a.visit_id),
                out.text(&a.location),
                out.text(&a.region),
                out.text(&a.date),
                out.text(&a.shopper),
                TableCsv::<W>::number(a.score),
                why.into_bytes(),
                out.text(&failed),
                out.text(&comments),
            ];
            out.row(&record)?;
        }
        out.flush()
    }
}

impl<W: Write> Sink for AlertsCsv<W> {}

impl<W: Write> Report for AlertsCsv<W> {
    fn finish(mut self: Box<Self>, summary: &Summary, _: &mut Staging) -> Result<()> {
        let f = &summary.follow_up;
        self.write(&summary.rubric, f.rules.alert_below, &f.alerts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::follow_up::Failed;

    #[test]
    fn an_alert_row_names_why_what_failed_and_the_comments() {
        let yaml = "name: T\nsections:\n  - id: greeting\n    pass_mark: 60\n    questions:\n      - { id: q1, type: yes_no, critical: true }\n      - { id: q2, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t.yaml"), yaml).unwrap();
        let alert = Alert {
            file: "a.csv".into(),
            line: 4,
            visit_id: "V1".into(),
            location: "=Leeds".into(),
            region: "North".into(),
            date: "2026-10-02".into(),
            shopper: "S1".into(),
            score: Some(0.0),
            critical: true,
            below: true,
            failed: vec![
                Failed::Question { question: 0, comment: "no hello, sorry".into() },
                Failed::Section { section: 0, score: 50.0, pass_mark: 60.0 },
            ],
        };
        let mut out = AlertsCsv(TableCsv::to(Vec::new(), true));
        out.write(&rubric, Some(62.5), &[alert]).unwrap();
        let text = String::from_utf8(out.0.into_inner()).unwrap();
        let want = "file,line,visit_id,location,region,date,shopper,score,why,failed,comments\n\
                    a.csv,4,V1,'=Leeds,North,2026-10-02,S1,0,critical failure; below 62.5,q1; greeting 50 < 60,\"q1: no hello, sorry\"\n";
        assert_eq!(text, want);
    }
}
