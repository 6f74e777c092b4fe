//! `corrections.csv`: the audit trail of a corrections file, written beside visits.csv
//! at the end of the run from [`Summary::corrections`].

use std::io::Write;

use anyhow::Result;

use super::table_csv::TableCsv;
use super::{Report, ReportWriter, Staging};
use crate::audit::AuditRow;
use crate::sink::Sink;
use crate::summary::Summary;

/// corrections.csv's header, as the Corrections sheet's columns.
pub const AUDIT_HEADERS: [&str; 15] = [
    "line",
    "visit_id",
    "location",
    "shopper",
    "question",
    "answer_as_shot",
    "answer_corrected",
    "score_before",
    "score_after",
    "action",
    "status",
    "acted",
    "reason",
    "by",
    "date",
];

pub struct CorrectionsCsv<W: Write = ReportWriter>(TableCsv<W>);

impl CorrectionsCsv {
    pub fn new(staging: &mut Staging, raw: bool) -> Result<CorrectionsCsv> {
        Ok(CorrectionsCsv(TableCsv::create(staging, "corrections.csv", raw)?))
    }
}

impl<W: Write> CorrectionsCsv<W> {
    #[cfg(test)]
    fn to(out: W, guard: bool) -> CorrectionsCsv<W> {
        CorrectionsCsv(TableCsv::to(out, guard))
    }

    fn write(&mut self, rows: &[AuditRow]) -> Result<()> {
        let out = &mut self.0;
        out.row(AUDIT_HEADERS)?;
        for r in rows {
            // As written when they are not a known action or status: data, so guarded.
            let record: [Vec<u8>; 15] = [
                r.line.to_string().into_bytes(),
                out.text(&r.visit_id),
                out.text(&r.location),
                out.text(&r.shopper),
                out.text(&r.question),
                out.text(&r.answer_as_shot),
                out.text(&r.answer_corrected),
                TableCsv::<W>::number(r.score_before),
                TableCsv::<W>::number(r.score_after),
                out.text(&r.action),
                out.text(&r.status),
                if r.acted { b"yes".to_vec() } else { b"no".to_vec() },
                out.text(&r.reason),
                out.text(&r.by),
                out.text(&r.date),
            ];
            out.row(&record)?;
        }
        out.flush()
    }
}

impl<W: Write> Sink for CorrectionsCsv<W> {}

impl<W: Write> Report for CorrectionsCsv<W> {
    fn finish(mut self: Box<Self>, summary: &Summary, _: &mut Staging) -> Result<()> {
        let rows = summary.corrections.as_ref().map_or(&[][..], |c| c.audit.as_slice());
        self.write(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_written_with_its_scores_and_guarded_text() {
        let row = AuditRow {
            line: 3,
            visit_id: "V1".into(),
            location: "Leeds".into(),
            shopper: "=S1".into(),
            question: "q1".into(),
            answer_as_shot: "no".into(),
            answer_corrected: "yes".into(),
            score_before: Some(62.5),
            score_after: Some(100.0),
            action: "set".into(),
            status: "accepted".into(),
            acted: true,
            reason: "photo shows greeting, see ticket".into(),
            by: "Ann".into(),
            date: "2026-11-02".into(),
        };
        let mut out = CorrectionsCsv::to(Vec::new(), true);
        out.write(&[row]).unwrap();
        let text = String::from_utf8(out.0.into_inner()).unwrap();
        let want = "line,visit_id,location,shopper,question,answer_as_shot,answer_corrected,score_before,score_after,action,status,acted,reason,by,date\n\
                    3,V1,Leeds,'=S1,q1,no,yes,62.5,100,set,accepted,yes,\"photo shows greeting, see ticket\",Ann,2026-11-02\n";
        assert_eq!(text, want);
    }

    /// An action and a status the file wrote and shopscore does not know are listed as
    /// written, and guarded as any text from the data is (`=set` becomes `'=set`).
    #[test]
    fn an_unknown_action_and_status_are_guarded() {
        let row = AuditRow { action: "=set".into(), status: "@ok".into(), ..AuditRow::default() };
        let mut out = CorrectionsCsv::to(Vec::new(), true);
        out.write(&[row]).unwrap();
        let text = String::from_utf8(out.0.into_inner()).unwrap();
        let second = text.lines().nth(1).unwrap().to_string();
        let cells: Vec<&str> = second.split(',').collect();
        assert_eq!((cells[9], cells[10]), ("'=set", "'@ok"), "{second}");
    }
}
