//! `visits.csv` and `issues.csv`: one row per visit and per data issue, streamed.
//!
//! visits.csv is the run's largest output (a row per visit), so its rows are assembled
//! by [`Line`] straight into one buffer rather than field by field through `csv::Writer`;
//! the bytes are the same as `csv::Writer`'s (a test holds them to it).
//!
//! Text cells are guarded against formula injection (OWASP's CSV-injection rule): a cell
//! of text from the data or the rubric that starts with `=` `+` `-` `@`, a tab, a
//! carriage return or a line feed (the reader turns a `\r` in a quoted cell into `\n`),
//! which a spreadsheet would run as a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`)
//! or trim into one, is written with a `'` in front, so it shows as the text it is. Two shapes are left alone, as a spreadsheet reads them as what they
//! are and a `'` would change them: a plain number with a sign (`-2`, `+1.5`: an invalid
//! answer's value) and `-` alone (the N/A answer). The score columns are numbers and never
//! guarded. `--raw-csv` writes every cell as read, for programs.

use std::io::Write;

use anyhow::Result;

use super::{Report, ReportWriter, Staging};
use crate::ingest::Visit;
use crate::issue::Issue;
use crate::number::{NumberText, push_int};
use crate::sink::{MarkColumns, ScoredVisit, Sink};
use crate::summary::Summary;

/// `visits.csv`: `file, line, visit_id, location, region, period, score, grade,
/// critical_failures`, then one column per section named by its id; with two or more
/// rubric versions, `version` (the visit's label) right after `grade`, and with a
/// corrections file or re-shops their marks' columns after it ([`MarkColumns::headers`]).
pub struct VisitsCsv<W: Write = ReportWriter> {
    out: W,
    /// Text cells are guarded against formula injection (not with `--raw-csv`).
    guard: bool,
    line: Line,
    numbers: NumberText,
    /// Bytes of rows gathered before they are written.
    flush_at: usize,
    /// The marks' columns the run has (a corrections file's, a re-shop's).
    marks: MarkColumns,
    /// The rubric versions' labels, by index; empty with one rubric file (no column).
    versions: Vec<String>,
}

impl VisitsCsv {
    /// `versions`: the rubric versions' labels (none with one rubric file); `marks`: the
    /// marks' columns the run has.
    pub fn new(
        staging: &mut Staging,
        sections: &[String],
        versions: Vec<String>,
        raw: bool,
        marks: MarkColumns,
    ) -> Result<VisitsCsv> {
        Ok(VisitsCsv::to(staging.create("visits.csv")?, sections, versions, FLUSH_AT, !raw, marks))
    }
}

impl<W: Write> VisitsCsv<W> {
    /// visits.csv written to `out`, `flush_at` bytes of rows at a time, with a version
    /// column when `versions` has labels and the `marks` columns the run has.
    fn to(
        out: W,
        sections: &[String],
        versions: Vec<String>,
        flush_at: usize,
        guard: bool,
        marks: MarkColumns,
    ) -> VisitsCsv<W> {
        let mut line = Line::default();
        header(&mut line, sections, !versions.is_empty(), marks);
        VisitsCsv { out, guard, line, numbers: NumberText::default(), flush_at, marks, versions }
    }

    /// Writes the rows still gathered and flushes.
    fn close(&mut self) -> Result<()> {
        self.line.close(&mut self.out)
    }
}

impl<W: Write> Sink for VisitsCsv<W> {
    fn visit(&mut self, v: &ScoredVisit) -> Result<()> {
        let (visit, line, guard) = (v.visit, &mut self.line, self.guard);
        line.text(v.file.as_bytes(), guard);
        push_int(line.next(), visit.line);
        line.text(visit.visit_id.as_bytes(), guard);
        line.text(visit.location.as_bytes(), guard);
        line.text(visit.region.as_bytes(), guard);
        // `YYYY-MM` or `unknown`: never a formula.
        line.field(visit.period.as_bytes());
        self.numbers.push(line.next(), v.score.score);
        line.text(v.grade.unwrap_or("").as_bytes(), guard);
        if !self.versions.is_empty() {
            let label = visit.version.and_then(|i| self.versions.get(i)).map_or("", String::as_str);
            line.text(label.as_bytes(), guard);
        }
        let m = self.marks;
        if m.corrections {
            line.field(if v.marks.corrected { b"yes" } else { b"" });
        }
        if m.corrections || m.reshops {
            // `void`, `replaced` or empty: never a formula.
            line.field(v.marks.standing.status().as_bytes());
        }
        if m.corrections {
            self.numbers.push(line.next(), v.marks.score_as_shot);
        }
        if m.reshops {
            // The re-shop's id is data.
            line.text(v.marks.replaced_by.as_bytes(), guard);
        }
        push_int(line.next(), u64::from(v.score.critical_failures));
        for s in &v.score.sections {
            self.numbers.push(line.next(), *s);
        }
        line.end();
        // Rows gather in the line buffer and leave in large writes, long after their
        // bytes were stored (a copy right after them would wait for the stores).
        line.spill(&mut self.out, self.flush_at)
    }
}

impl<W: Write> Report for VisitsCsv<W> {
    fn finish(mut self: Box<Self>, _: &Summary, _: &mut Staging) -> Result<()> {
        self.close()
    }
}

/// visits.csv's first columns, before the sections'.
const FIXED: [&str; 9] =
    ["file", "line", "visit_id", "location", "region", "period", "score", "grade", "critical_failures"];

/// visits.csv's header line into `line`: after `grade`, `version` (with rubric versions)
/// and the marks' columns the run has.
fn header(line: &mut Line, sections: &[String], versioned: bool, marks: MarkColumns) {
    let (through_grade, rest) = FIXED.split_at(8);
    let version = versioned.then_some("version");
    let fixed = through_grade.iter().copied().chain(version).chain(marks.headers()).chain(rest.iter().copied());
    fixed.chain(sections.iter().map(String::as_str)).for_each(|h| line.field(h.as_bytes()));
    line.end();
}

/// How many bytes of rows [`VisitsCsv`] gathers before writing them: 1 MiB (within the
/// second-level cache) took 0.43 s for 1M visits, 64 KiB 0.45 s and 4 MiB 0.48 s (means of
/// 12 alternating runs).
const FLUSH_AT: usize = 1 << 20;

/// `issues.csv`: `file, line, visit_id, location, shopper, kind, column, value, problem`
/// ([`ISSUE_HEADERS`]).
pub struct IssuesCsv<W: Write = ReportWriter> {
    out: W,
    /// Text cells are guarded against formula injection (not with `--raw-csv`).
    guard: bool,
    /// Rows gathered before they are written, as visits.csv's are: [`Line`] writes the
    /// bytes csv::Writer would (a test holds them to it) in 0.80 of its instructions
    /// (callgrind, the realistic bench's first 100,000 visits).
    line: Line,
    flush_at: usize,
}

impl IssuesCsv {
    pub fn new(staging: &mut Staging, raw: bool) -> Result<IssuesCsv> {
        Ok(IssuesCsv::to(staging.create("issues.csv")?, !raw, FLUSH_AT))
    }
}

impl<W: Write> IssuesCsv<W> {
    fn to(out: W, guard: bool, flush_at: usize) -> IssuesCsv<W> {
        let mut line = Line::default();
        ISSUE_HEADERS.iter().for_each(|h| line.field(h.as_bytes()));
        line.end();
        IssuesCsv { out, guard, line, flush_at }
    }

    /// One issue's row; location and shopper are `visit`'s (blank without one). A
    /// whole-row issue's value may be a 60 MB row: each field is scanned once, and the
    /// gathered rows leave as soon as they pass `flush_at`.
    fn write(&mut self, i: &Issue, visit: Option<&Visit>) -> Result<()> {
        let (line, guard) = (&mut self.line, self.guard);
        let (location, shopper) = visit.map_or(("", ""), |v| (v.location.as_str(), v.shopper.as_str()));
        line.text(i.file.as_bytes(), guard);
        push_int(line.next(), i.line);
        line.text(i.visit_id.as_bytes(), guard);
        line.text(location.as_bytes(), guard);
        line.text(shopper.as_bytes(), guard);
        // A fixed snake_case name: never a formula.
        line.field(i.kind.as_str().as_bytes());
        line.text(i.column.as_bytes(), guard);
        line.text(i.value.as_bytes(), guard);
        line.text(i.problem.as_bytes(), guard);
        line.end();
        line.spill(&mut self.out, self.flush_at)
    }

    /// Writes the rows still gathered and flushes.
    fn close(&mut self) -> Result<()> {
        self.line.close(&mut self.out)
    }
}

/// issues.csv's header: the visit's place first, as visits.csv has it, then what is wrong.
pub const ISSUE_HEADERS: [&str; 9] =
    ["file", "line", "visit_id", "location", "shopper", "kind", "column", "value", "problem"];

impl<W: Write> Sink for IssuesCsv<W> {
    fn issue(&mut self, i: &Issue, visit: Option<&Visit>) -> Result<()> {
        self.write(i, visit)
    }
}

impl<W: Write> Report for IssuesCsv<W> {
    fn finish(mut self: Box<Self>, _: &Summary, _: &mut Staging) -> Result<()> {
        self.close()
    }
}

/// The first bytes of a cell a spreadsheet may read as a formula (OWASP): `=` `+` `-`
/// `@`, and tab and carriage return, trimmed away by some, leaving what follows; and line
/// feed, as the reader turns a shopper's `\r` into `\n`.
const FORMULA_START: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let starts = b"=+-@\t\r\n";
    while i < starts.len() {
        t[starts[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether a text cell needs a `'` in front to show as text in a spreadsheet: it starts
/// with a [`FORMULA_START`] byte (one table look-up: nearly every cell stops there) and is
/// not `-` alone or a plain signed number (`-2`, `+1.5`), which spreadsheets read as the
/// N/A mark and the number they are, never as a formula.
/// A text cell's bytes as issues.csv writes them: with `guard`, a `'` in front of one a
/// spreadsheet would run ([`is_formula`]); only such a cell is copied.
pub(super) fn guarded(text: &str, guard: bool) -> std::borrow::Cow<'_, [u8]> {
    if guard && is_formula(text.as_bytes()) { [b"'", text.as_bytes()].concat().into() } else { text.as_bytes().into() }
}

fn is_formula(bytes: &[u8]) -> bool {
    let Some(&first) = bytes.first() else { return false };
    if !FORMULA_START[usize::from(first)] {
        return false;
    }
    if bytes == b"-" {
        return false;
    }
    let rest = &bytes[1..];
    let number = matches!(first, b'-' | b'+')
        && rest.iter().any(u8::is_ascii_digit)
        && rest.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && rest.iter().filter(|&&b| b == b'.').count() <= 1;
    !number
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

    /// A text cell from the data or the rubric: with `guard`, a `'` in front when it
    /// could be read as a formula ([`is_formula`]).
    fn text(&mut self, bytes: &[u8], guard: bool) {
        if !(guard && is_formula(bytes)) {
            return self.field(bytes);
        }
        self.separate();
        let quoted = needs_quotes(bytes);
        if quoted {
            self.buf.push(b'"');
            self.buf.push(b'\'');
            self.escaped(bytes);
            self.buf.push(b'"');
        } else {
            self.buf.push(b'\'');
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
        self.escaped(bytes);
        self.buf.push(b'"');
    }

    /// `bytes` inside quotes: each `"` doubled.
    fn escaped(&mut self, bytes: &[u8]) {
        for part in bytes.split_inclusive(|&b| b == b'"') {
            self.buf.extend_from_slice(part);
            if part.ends_with(b"\"") {
                self.buf.push(b'"');
            }
        }
    }

    /// Writes the records gathered to `out` once they hold `at` bytes or more, and
    /// empties the buffer.
    fn spill(&mut self, out: &mut impl Write, at: usize) -> Result<()> {
        if self.buf.len() >= at {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes every record gathered to `out` and flushes it.
    fn close(&mut self, out: &mut impl Write) -> Result<()> {
        self.spill(out, 0)?;
        out.flush()?;
        Ok(())
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
    use super::{Line, VisitsCsv};
    use crate::ingest::Visit;
    use crate::number::write_opt;
    use crate::score::VisitScore;
    use crate::sink::Sink;
    use crate::sink::{MarkColumns, Marks, ScoredVisit};
    use crate::standing::Standing;

    /// Thousands of rows (many 4 KiB writes) with every kind of field, against the same
    /// rows written by csv::Writer field by field.
    #[test]
    fn visits_csv_is_what_csv_writer_writes() {
        let sections = ["arrival".to_string(), "service".to_string()];
        let mut ours = VisitsCsv::to(Vec::new(), &sections, Vec::new(), 4096, true, MarkColumns::default());
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
            ours.visit(&ScoredVisit {
                file: "in/oct.csv",
                visit: &visit,
                score: &score,
                grade,
                marks: Default::default(),
            })
            .unwrap();
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

    /// Text cells that a spreadsheet would run as formulas get a `'`; signed numbers, `-`
    /// alone and everything else are written as read. Expected bytes written by hand.
    #[test]
    fn formula_cells_are_guarded() {
        let cells: [(&str, &str); 19] = [
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "\"'\r=1+1\""),
            ("\n=1+1", "\"'\n=1+1\""),
            ("--", "'--"),
            ("-1.2.3", "'-1.2.3"),
            ("-.", "'-."),
            ("-", "-"),
            ("-2", "-2"),
            ("+1.5", "+1.5"),
            ("-0.25", "-0.25"),
            ("'=already", "'=already"),
            ("a=1", "a=1"),
            (" =1", " =1"),
            ("", "\"\""),
        ];
        for (cell, want) in cells {
            let mut line = Line::default();
            line.text(cell.as_bytes(), true);
            assert_eq!(String::from_utf8_lossy(line.end()), format!("{want}\n"), "{cell:?}");
            let mut raw = Line::default();
            raw.text(cell.as_bytes(), false);
            let mut plain = Line::default();
            plain.field(cell.as_bytes());
            assert_eq!(raw.end(), plain.end(), "{cell:?} unguarded is written as read");
        }
    }

    /// issues.csv: every text column guarded (the visit's location and shopper too), the
    /// line number and the kind never; a row that is not a visit has a blank location and
    /// shopper. Expected rows written by hand.
    #[test]
    fn issue_rows_are_guarded() {
        let issue = crate::issue::Issue {
            file: "=a.csv".into(),
            line: 7,
            visit_id: "@V1".into(),
            column: "+Q1".into(),
            value: "=cmd|' /C calc'!A0".into(),
            kind: crate::issue::IssueKind::InvalidAnswer,
            problem: "invalid answer to q1; expected yes or no".into(),
        };
        let negative = crate::issue::Issue { value: "-3".into(), line: 8, ..issue.clone() };
        let row = crate::issue::Issue {
            line: 12_345_678_901,
            kind: crate::issue::IssueKind::WrongFieldCount,
            ..issue.clone()
        };
        let visit = Visit { location: "=HYPERLINK(\"x\")".into(), shopper: "-S1".into(), ..Visit::default() };
        let mut ours = super::IssuesCsv::to(Vec::new(), true, 1);
        ours.write(&issue, Some(&visit)).unwrap();
        ours.write(&negative, Some(&visit)).unwrap();
        ours.write(&row, None).unwrap();
        ours.close().unwrap();
        let bytes = ours.out;
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "file,line,visit_id,location,shopper,kind,column,value,problem\n\
             '=a.csv,7,'@V1,\"'=HYPERLINK(\"\"x\"\")\",'-S1,invalid_answer,'+Q1,'=cmd|' /C calc'!A0,invalid answer to q1; expected yes or no\n\
             '=a.csv,8,'@V1,\"'=HYPERLINK(\"\"x\"\")\",'-S1,invalid_answer,'+Q1,-3,invalid answer to q1; expected yes or no\n\
             '=a.csv,12345678901,'@V1,,,wrong_field_count,'+Q1,'=cmd|' /C calc'!A0,invalid answer to q1; expected yes or no\n"
        );
        let mut raw = super::IssuesCsv::to(Vec::new(), false, super::FLUSH_AT);
        raw.write(&issue, Some(&visit)).unwrap();
        raw.close().unwrap();
        let bytes = raw.out;
        assert!(String::from_utf8(bytes).unwrap().ends_with(
            "\n=a.csv,7,@V1,\"=HYPERLINK(\"\"x\"\")\",-S1,invalid_answer,+Q1,=cmd|' /C calc'!A0,invalid answer to q1; expected yes or no\n"
        ));
    }

    /// Thousands of issue rows (many small writes) with quotes, commas, line breaks and
    /// formula starts in every field, against the same rows through csv::Writer with the
    /// guard applied cell by cell, as issues.csv was written before [`Line`].
    #[test]
    fn issues_csv_is_what_csv_writer_writes() {
        let texts = ["plain", "a,b", "say \"hi\"", "two\nlines", "=SUM(A1)", "-3", "", "Zo\u{eb} \"S\", 2", "@x,\"y\""];
        let mut ours = super::IssuesCsv::to(Vec::new(), true, 4096);
        let mut want = csv::Writer::from_writer(Vec::new());
        want.write_record(super::ISSUE_HEADERS).unwrap();
        for n in 0..3_000usize {
            let t = |k: usize| texts[(n * 7 + k * 3) % texts.len()];
            let issue = crate::issue::Issue {
                file: t(0).into(),
                line: n as u64 * 11,
                visit_id: t(1).into(),
                column: t(2).into(),
                value: t(3).into(),
                kind: crate::issue::IssueKind::EVERY[n % crate::issue::IssueKind::EVERY.len()],
                problem: t(4).into(),
            };
            let visit = Visit { location: t(5).into(), shopper: t(6).into(), ..Visit::default() };
            let visit = (n % 5 != 0).then_some(&visit);
            ours.write(&issue, visit).unwrap();
            let (location, shopper) = visit.map_or(("", ""), |v| (v.location.as_str(), v.shopper.as_str()));
            let g = |text: &str| super::guarded(text, true).into_owned();
            let line = (n as u64 * 11).to_string().into_bytes();
            let kind = issue.kind.as_str().as_bytes().to_vec();
            let record = [
                g(&issue.file),
                line,
                g(&issue.visit_id),
                g(location),
                g(shopper),
                kind,
                g(&issue.column),
                g(&issue.value),
                g(&issue.problem),
            ];
            want.write_record(&record).unwrap();
        }
        ours.close().unwrap();
        let want = want.into_inner().unwrap();
        assert_eq!(String::from_utf8(ours.out).unwrap(), String::from_utf8(want).unwrap());
    }

    /// A visits.csv row: file, id, location, region and grade guarded; scores not.
    #[test]
    fn visit_rows_are_guarded() {
        let visit = Visit {
            line: 2,
            visit_id: "-V1".into(),
            location: "=HYPERLINK(\"x\")".into(),
            region: "@North".into(),
            period: "2026-10".into(),
            ..Visit::default()
        };
        let score = VisitScore { score: Some(12.5), sections: vec![Some(50.0)], critical_failures: 0 };
        for (guard, want) in [
            (true, "'=in.csv,2,'-V1,\"'=HYPERLINK(\"\"x\"\")\",'@North,2026-10,12.5,'+Good,0,50\n"),
            (false, "=in.csv,2,-V1,\"=HYPERLINK(\"\"x\"\")\",@North,2026-10,12.5,+Good,0,50\n"),
        ] {
            let mut ours =
                VisitsCsv::to(Vec::new(), &["s".to_string()], Vec::new(), 4096, guard, MarkColumns::default());
            let v = ScoredVisit {
                file: "=in.csv",
                visit: &visit,
                score: &score,
                grade: Some("+Good"),
                marks: Default::default(),
            };
            ours.visit(&v).unwrap();
            ours.close().unwrap();
            let text = String::from_utf8(ours.out).unwrap();
            assert_eq!(text.lines().nth(1).map(|l| format!("{l}\n")).as_deref(), Some(want), "guard {guard}");
        }
    }

    /// With re-shops, `status, replaced_by` sit between `grade` and `critical_failures`:
    /// `replaced` and the re-shop's id (guarded as data: `=R2` gets its `'`) for a replaced
    /// visit, both empty for a counted one.
    #[test]
    fn the_standing_columns_follow_the_grade() {
        let visit = Visit {
            line: 3,
            visit_id: "V1".into(),
            location: "L".into(),
            period: "2026-10".into(),
            ..Visit::default()
        };
        let score = VisitScore { score: Some(40.0), sections: vec![Some(40.0)], critical_failures: 1 };
        let reshops = MarkColumns { corrections: false, reshops: true };
        let mut ours = VisitsCsv::to(Vec::new(), &["s".to_string()], Vec::new(), 4096, true, reshops);
        for standing in [Standing::Replaced { by: "=R2" }, Standing::Counted] {
            let marks = Marks { standing, replaced_by: standing.replaced_by(), ..Marks::default() };
            let v = ScoredVisit { file: "v.csv", visit: &visit, score: &score, grade: Some("Poor"), marks };
            ours.visit(&v).unwrap();
        }
        ours.close().unwrap();
        let text = String::from_utf8(ours.out).unwrap();
        assert_eq!(
            text,
            "file,line,visit_id,location,region,period,score,grade,status,replaced_by,critical_failures,s\n\
             v.csv,3,V1,L,,2026-10,40,Poor,replaced,'=R2,1,40\n\
             v.csv,3,V1,L,,2026-10,40,Poor,,,1,40\n"
        );
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
