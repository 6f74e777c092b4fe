//! `visits.csv` and `issues.csv`: one row per visit and per data issue, streamed.
//!
//! visits.csv is the run's largest output (a row per visit), so its rows are assembled
//! by [`Line`] straight into one buffer rather than field by field through `csv::Writer`;
//! the bytes are the same as `csv::Writer`'s (a test holds them to it).

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Result;

use super::{Report, ScoredVisit, Staging};
use crate::issue::Issue;
use crate::number::{NumberText, push_int};
use crate::summary::Summary;

/// `visits.csv`: `file, line, visit_id, location, region, period, score, grade,
/// critical_failures`, then one column per section named by its id.
pub struct VisitsCsv<W: Write = BufWriter<File>> {
    out: W,
    line: Line,
    numbers: NumberText,
    /// Bytes of rows gathered before they are written.
    flush_at: usize,
}

impl VisitsCsv {
    pub fn new(staging: &mut Staging, sections: &[String]) -> Result<VisitsCsv> {
        Ok(VisitsCsv::to(staging.create("visits.csv")?, sections, FLUSH_AT))
    }
}

impl<W: Write> VisitsCsv<W> {
    /// visits.csv written to `out`, `flush_at` bytes of rows at a time.
    fn to(out: W, sections: &[String], flush_at: usize) -> VisitsCsv<W> {
        let fixed = ["file", "line", "visit_id", "location", "region", "period", "score", "grade", "critical_failures"];
        let mut line = Line::default();
        fixed.iter().copied().chain(sections.iter().map(String::as_str)).for_each(|h| line.field(h.as_bytes()));
        line.end();
        VisitsCsv { out, line, numbers: NumberText::default(), flush_at }
    }

    /// Writes the rows still gathered and flushes.
    fn close(&mut self) -> Result<()> {
        self.out.write_all(&self.line.buf)?;
        self.line.buf.clear();
        self.out.flush()?;
        Ok(())
    }
}

impl<W: Write> Report for VisitsCsv<W> {
    fn visit(&mut self, v: &ScoredVisit) -> Result<()> {
        let (visit, line) = (v.visit, &mut self.line);
        line.field(v.file.as_bytes());
        push_int(line.next(), visit.line);
        line.field(visit.visit_id.as_bytes());
        line.field(visit.location.as_bytes());
        line.field(visit.region.as_bytes());
        line.field(visit.period.as_bytes());
        self.numbers.push(line.next(), v.score.score);
        line.field(v.grade.unwrap_or("").as_bytes());
        push_int(line.next(), u64::from(v.score.critical_failures));
        for s in &v.score.sections {
            self.numbers.push(line.next(), *s);
        }
        line.end();
        // Rows gather in the line buffer and leave in large writes, long after their
        // bytes were stored (a copy right after them would wait for the stores).
        if line.buf.len() >= self.flush_at {
            self.out.write_all(&line.buf)?;
            line.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, _: &Summary, _: &mut Staging) -> Result<()> {
        self.close()
    }
}

/// How many bytes of rows [`VisitsCsv`] gathers before writing them: 1 MiB (within the
/// second-level cache) took 0.43 s for 1M visits, 64 KiB 0.45 s and 4 MiB 0.48 s (means of
/// 12 alternating runs).
const FLUSH_AT: usize = 1 << 20;

/// `issues.csv`: `file, line, visit_id, column, value, problem`.
pub struct IssuesCsv {
    out: csv::Writer<BufWriter<File>>,
}

impl IssuesCsv {
    pub fn new(staging: &mut Staging) -> Result<IssuesCsv> {
        // csv_core searches the rest of a quoted field for its next `"` each time the
        // writer's buffer fills: with the default 8 KiB, a whole-row issue holding a 60 MB
        // row took 14 s. 4 MiB makes that 15 searches of a field of the 64 MiB a record
        // may hold.
        let out = staging.create("issues.csv")?;
        let mut out = csv::WriterBuilder::new().buffer_capacity(4 << 20).from_writer(out);
        out.write_record(["file", "line", "visit_id", "column", "value", "problem"])?;
        Ok(IssuesCsv { out })
    }
}

impl Report for IssuesCsv {
    fn issue(&mut self, i: &Issue) -> Result<()> {
        self.out.write_record([i.file.as_str(), &i.line.to_string(), &i.visit_id, &i.column, &i.value, &i.problem])?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _: &Summary, _: &mut Staging) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Whether `bytes` holds `,` `"` `\n` or `\r`, eight bytes at a time: fields are a few
/// bytes, shorter than memchr's set-up pays for.
fn needs_quotes(bytes: &[u8]) -> bool {
    use crate::bytes::{eq_mask, word_at};
    let special = |w: u64| eq_mask(w, b',') | eq_mask(w, b'"') | eq_mask(w, b'\n') | eq_mask(w, b'\r') != 0;
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    }
    // Whole words, the last one ending at the field's end (overlapping the one before
    // it): no byte loop whose length varies from field to field.
    let last = bytes.len() - 8;
    (0..last).step_by(8).chain([last]).any(|at| word_at(bytes, at).is_some_and(special))
}

/// One CSV record as `csv::Writer` writes it by default: `,` between fields, a field
/// quoted only when it holds `,` `"` or a line break (a `"` inside doubled), `\n` at
/// the end. A record of one empty field is `""`, so it does not read back as no field.
/// Records follow each other in `buf`; the one being written starts at `start`.
#[derive(Default)]
struct Line {
    buf: Vec<u8>,
    start: usize,
    fields: usize,
}

impl Line {
    fn field(&mut self, bytes: &[u8]) {
        self.separate();
        if needs_quotes(bytes) {
            self.quoted(bytes);
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// Starts a field known to need no quotes (a number), for the caller to write.
    fn next(&mut self) -> &mut Vec<u8> {
        self.separate();
        &mut self.buf
    }

    /// A `,` before every field but a record's first.
    fn separate(&mut self) {
        if self.fields == 0 {
            self.start = self.buf.len();
        } else {
            self.buf.push(b',');
        }
        self.fields += 1;
    }

    fn quoted(&mut self, bytes: &[u8]) {
        self.buf.push(b'"');
        for part in bytes.split_inclusive(|&b| b == b'"') {
            self.buf.extend_from_slice(part);
            if part.ends_with(b"\"") {
                self.buf.push(b'"');
            }
        }
        self.buf.push(b'"');
    }

    /// Ends the record and returns it; the next field starts a new one.
    fn end(&mut self) -> &[u8] {
        if self.fields == 1 && self.buf.len() == self.start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.push(b'\n');
        self.fields = 0;
        &self.buf[self.start..]
    }
}

#[cfg(test)]
mod tests {
    use super::{Line, Report, VisitsCsv};
    use crate::ingest::Visit;
    use crate::number::write_opt;
    use crate::report::ScoredVisit;
    use crate::score::VisitScore;

    /// Thousands of rows (many 4 KiB writes) with every kind of field, against the same
    /// rows written by csv::Writer field by field.
    #[test]
    fn visits_csv_is_what_csv_writer_writes() {
        let sections = ["arrival".to_string(), "service".to_string()];
        let mut ours = VisitsCsv::to(Vec::new(), &sections, 4096);
        let mut want = csv::Writer::from_writer(Vec::new());
        want.write_record([
            "file",
            "line",
            "visit_id",
            "location",
            "region",
            "period",
            "score",
            "grade",
            "critical_failures",
            "arrival",
            "service",
        ])
        .unwrap();
        let names = ["Store, High St", "Caf\u{e9} \"Central\"", "plain", ""];
        let scores = [Some(450.0 / 7.0), None, Some(100.0), Some(0.0), Some(1e-7), Some(87.5)];
        let mut text = String::new();
        for i in 0..5_000u32 {
            let visit = Visit {
                line: u64::from(i) * 3 + 2,
                visit_id: format!("V-{i}"),
                location: names[i as usize % 4].to_string(),
                region: names[(i as usize + 1) % 4].to_string(),
                period: "2026-10".to_string(),
                ..Visit::default()
            };
            let pick = |k: u32| scores[(i + k) as usize % scores.len()];
            let score = VisitScore { score: pick(0), sections: vec![pick(1), pick(2)], critical_failures: i % 3 };
            let grade = [Some("Good"), None, Some("Needs, work")][i as usize % 3];
            ours.visit(&ScoredVisit { file: "in/oct.csv", visit: &visit, score: &score, grade }).unwrap();
            let mut row = vec!["in/oct.csv".to_string(), visit.line.to_string(), visit.visit_id.clone()];
            row.extend([visit.location.clone(), visit.region.clone(), visit.period.clone()]);
            write_opt(&mut text, score.score);
            row.extend([text.clone(), grade.unwrap_or("").to_string(), score.critical_failures.to_string()]);
            for s in &score.sections {
                write_opt(&mut text, *s);
                row.push(text.clone());
            }
            want.write_record(&row).unwrap();
        }
        ours.close().unwrap();
        let want = want.into_inner().unwrap();
        assert!(want.len() > 4 * ours.flush_at, "the rows span several writes");
        assert!(ours.out == want, "visits.csv differs from csv::Writer's bytes");
    }

    #[test]
    fn quotes_are_found_at_every_position() {
        for len in 0..20 {
            for at in 0..len {
                for special in [b',', b'"', b'\n', b'\r'] {
                    let mut field = vec![b'a'; len];
                    field[at] = special;
                    assert!(super::needs_quotes(&field), "{field:?}");
                }
            }
            // Bytes next to the special ones, and high bytes, need no quotes.
            let plain: Vec<u8> =
                [b'+', b'-', b'!', b'#', 0x0b, 0x0c, 0xe9, 0x2d, 0xac].iter().copied().cycle().take(len).collect();
            assert!(!super::needs_quotes(&plain), "{plain:?}");
        }
    }

    /// Every field shape the quoting rule distinguishes, against csv::Writer itself.
    #[test]
    fn lines_are_what_csv_writer_writes() {
        let records: [&[&str]; 7] = [
            &["plain", "12.5", "", "Good"],
            &["a,b", "say \"hi\"", "two\nlines", "cr\rhere", "crlf\r\n"],
            &["\"", "\"\"", ",", "\n", " spaced "],
            &["Café #3", "tab\there", "semi;colon", "'quote'"],
            &[""],
            &["", ""],
            &["only"],
        ];
        for record in records {
            let mut want = csv::Writer::from_writer(Vec::new());
            want.write_record(record).unwrap();
            let want = want.into_inner().unwrap();
            let mut line = Line::default();
            record.iter().for_each(|f| line.field(f.as_bytes()));
            assert_eq!(String::from_utf8_lossy(line.end()), String::from_utf8_lossy(&want), "{record:?}");
        }
    }
}
