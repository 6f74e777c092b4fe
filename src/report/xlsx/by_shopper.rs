//! Sheet "Issues by shopper": per shopper, the data issues on their visits, the visits
//! that have any, and the count of each kind (`missing_answer`, ...), most issues first,
//! so an agency sends each shopper their own list (the Issues sheet filtered on them).
//! Issues of visits without a shopper and of rows that are not visits are one last row,
//! "(no shopper)", so the counts add up to the Issues sheet. Left out when no issue is
//! on a visit with a shopper.

use std::collections::HashMap;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::style::{Styles, col, count, header, widths};
use super::text::put;
use crate::ingest::Visit;
use crate::issue::{Issue, IssueKind};

/// The row of issues that name no shopper.
pub const NO_SHOPPER: &str = "(no shopper)";

#[derive(Debug)]
struct Counts {
    issues: u64,
    visits: u64,
    kinds: [u64; IssueKind::EVERY.len()],
}

// By hand: std derives `Default` for arrays of at most 32.
impl Default for Counts {
    fn default() -> Self {
        Counts { issues: 0, visits: 0, kinds: [0; IssueKind::EVERY.len()] }
    }
}

#[derive(Debug, Default)]
pub struct ShopperTally {
    by_shopper: HashMap<String, Counts>,
    /// File and line of the visit the last issue was on: a visit's issues come together.
    last_file: String,
    last_line: Option<u64>,
}

impl ShopperTally {
    pub fn add(&mut self, issue: &Issue, visit: Option<&Visit>) {
        let shopper = visit.map_or("", |v| v.shopper.as_str());
        let counts = match self.by_shopper.get_mut(shopper) {
            Some(c) => c,
            None => self.by_shopper.entry(shopper.to_string()).or_default(),
        };
        counts.issues += 1;
        counts.kinds[issue.kind as usize] += 1;
        let Some(visit) = visit else {
            self.last_line = None;
            return;
        };
        if self.last_line != Some(visit.line) || self.last_file != issue.file {
            counts.visits += 1;
            self.last_line = Some(visit.line);
            self.last_file.clear();
            self.last_file.push_str(&issue.file);
        }
    }

    /// The sheet, or `None` when no issue names a shopper.
    pub fn sheet(&self, wb: &mut Workbook, styles: &Styles, rows: u32) -> Result<Option<Worksheet>, XlsxError> {
        if self.by_shopper.keys().all(String::is_empty) {
            return Ok(None);
        }
        let kinds: Vec<IssueKind> = IssueKind::EVERY
            .into_iter()
            .filter(|k| self.by_shopper.values().any(|c| c.kinds[*k as usize] > 0))
            .collect();
        let mut order: Vec<(&String, &Counts)> = self.by_shopper.iter().collect();
        order.sort_by(|a, b| a.0.is_empty().cmp(&b.0.is_empty()).then(b.1.issues.cmp(&a.1.issues)).then(a.0.cmp(b.0)));
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        ws.set_name("Issues by shopper")?;
        let longest = order.iter().map(|(s, _)| s.chars().take(40).count()).max().unwrap_or(0).max(NO_SHOPPER.len());
        let mut w = vec![longest as f64 + 2.0, 8.0, 9.0];
        w.extend(kinds.iter().map(|k| k.as_str().len() as f64 + 2.0));
        widths(&mut ws, &w)?;
        let mut headers = vec!["Shopper", "Issues", "Visits with issues"];
        headers.extend(kinds.iter().map(|k| k.as_str()));
        // "Visits with issues" wraps to two lines in its column.
        ws.set_row_height(0, 30)?;
        header(&mut ws, 0, &headers, styles)?;
        let mut r = 0;
        for (shopper, c) in order.iter().take(rows as usize) {
            r += 1;
            put(&mut ws, r, 0, if shopper.is_empty() { NO_SHOPPER } else { shopper }, styles)?;
            count(&mut ws, r, 1, c.issues)?;
            count(&mut ws, r, 2, c.visits)?;
            for (i, k) in (3..).zip(&kinds) {
                let n = c.kinds[*k as usize];
                if n > 0 {
                    count(&mut ws, r, i, n)?;
                }
            }
        }
        ws.autofilter(0, 0, r, col(headers.len() - 1))?;
        Ok(Some(ws))
    }
}
