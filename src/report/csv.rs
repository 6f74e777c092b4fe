//! `visits.csv` and `issues.csv`: one row per visit and per data issue, streamed.

use std::fs::File;
use std::io::BufWriter;

use anyhow::Result;

use super::{Report, ScoredVisit, Staging};
use crate::issue::Issue;
use crate::number::write_opt;
use crate::summary::Summary;

type Writer = csv::Writer<BufWriter<File>>;

/// `visits.csv`: `file, line, visit_id, location, region, period, score, grade,
/// critical_failures`, then one column per section named by its id.
pub struct VisitsCsv {
    out: Writer,
    number: String,
}

impl VisitsCsv {
    pub fn new(staging: &mut Staging, sections: &[String]) -> Result<VisitsCsv> {
        let mut out = csv::Writer::from_writer(staging.create("visits.csv")?);
        let fixed = ["file", "line", "visit_id", "location", "region", "period", "score", "grade", "critical_failures"];
        out.write_record(fixed.iter().copied().chain(sections.iter().map(String::as_str)))?;
        Ok(VisitsCsv { out, number: String::new() })
    }
}

impl Report for VisitsCsv {
    fn visit(&mut self, v: &ScoredVisit) -> Result<()> {
        let (visit, out, num) = (v.visit, &mut self.out, &mut self.number);
        out.write_field(v.file)?;
        let mut int = itoa::Buffer::new();
        out.write_field(int.format(visit.line))?;
        out.write_field(&visit.visit_id)?;
        out.write_field(&visit.location)?;
        out.write_field(&visit.region)?;
        out.write_field(&visit.period)?;
        write_opt(num, v.score.score);
        out.write_field(num.as_str())?;
        out.write_field(v.grade.unwrap_or(""))?;
        out.write_field(int.format(v.score.critical_failures))?;
        for s in &v.score.sections {
            write_opt(num, *s);
            out.write_field(num.as_str())?;
        }
        out.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _: &Summary, _: &mut Staging) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// `issues.csv`: `file, line, visit_id, column, value, problem`.
pub struct IssuesCsv {
    out: Writer,
}

impl IssuesCsv {
    pub fn new(staging: &mut Staging) -> Result<IssuesCsv> {
        let mut out = csv::Writer::from_writer(staging.create("issues.csv")?);
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
