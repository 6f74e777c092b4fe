//! The Summary's year-to-date block (docs/scoring.md §19), across the bottom of the printed
//! page when the run holds both spans: the whole run and each region, January to the focus
//! month against the same months a year earlier, each with its visits, and the change
//! (`new` for a region with no scored visit last year). The Locations sheet has every store's.

use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};

use super::super::style::number;
use super::super::view::View;
use super::{Page, put_in};
use crate::year_to_date::{Pair, YearToDate};

/// At most this many regions are listed; the rest are counted.
const MAX_REGIONS: usize = 8;

/// The columns of the block: A (the tables' rank column, blank here), the name (B), this
/// year, its visits, last year, its visits, the change (H, past the gap G).
const COLUMNS: [u16; 7] = [0, 1, 2, 3, 4, 5, 7];

/// Writes the block from row `r`; returns the row after it, or `None` (nothing written)
/// when the run shows no year to date.
pub(super) fn block(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<Option<RowNum>, XlsxError> {
    let Some(y) = &p.v.ytd else { return Ok(None) };
    let (this, last) = (y.this.label(), y.last.label());
    ws.write_string_with_format(r, 0, format!("Year to date: {this} against {last}"), &p.formats.block)?;
    ws.write_string_with_format(r + 1, 0, note(y), &p.formats.subtitle)?;
    // The block's title names both spans; the headers stay short enough for one line.
    let headers = ["", "", "This year", "Visits", "Last year", "Visits", "Change"];
    for (&c, h) in COLUMNS.iter().zip(headers) {
        ws.write_string_with_format(r + 2, c, h, &p.v.styles.header)?;
    }
    let (listed, more) = regions(y);
    let first = r + 3;
    row(ws, p, first, "Overall", &y.overall)?;
    for ((name, pair), r) in listed.iter().zip(first + 1..) {
        row(ws, p, r, &View::label(name), pair)?;
    }
    let mut end = first + 1 + listed.len() as RowNum;
    if more > 0 {
        ws.write_string(end, 1, format!("and {more} more regions: see summary.json"))?;
        end += 1;
    }
    Ok(Some(end))
}

/// The regions listed (at most [`MAX_REGIONS`], in name order) and how many more there are.
/// Without a region column every visit is in the blank region: the overall says it all.
fn regions(y: &YearToDate) -> (&[(String, Pair)], usize) {
    if y.regions.iter().all(|(k, _)| k.is_empty()) {
        return (&[], 0);
    }
    let shown = y.regions.len().min(MAX_REGIONS);
    (&y.regions[..shown], y.regions.len() - shown)
}

/// What the figures are, and the months of a span that hold no visit.
fn note(y: &YearToDate) -> String {
    let mut said = "Each figure is the mean of every scored visit in its months.".to_string();
    for (label, span, months) in [(y.this.label(), &y.this, &y.this_months), (y.last.label(), &y.last, &y.last_months)]
    {
        let all = span_months(&span.first, &span.last);
        if months.len() < all {
            let list = if months.len() <= 4 { format!(": {}", months.join(", ")) } else { String::new() };
            said.push_str(&format!(" {label} has visits in {} of its {all} months{list}.", months.len()));
        }
    }
    said
}

/// How many months `first` (`YYYY-01`) to `last` (`YYYY-MM`) span.
fn span_months(first: &str, last: &str) -> usize {
    let month = |p: &str| p.split_once('-').and_then(|(_, m)| m.parse::<usize>().ok()).unwrap_or(0);
    (month(last) + 1).saturating_sub(month(first))
}

/// One row: the name, each side's score and visits, the change or `new`.
fn row(ws: &mut Worksheet, p: &Page, r: RowNum, name: &str, pair: &Pair) -> Result<(), XlsxError> {
    let f = &p.formats;
    put_in(ws, r, COLUMNS[1], name, &f.plain)?;
    number(ws, r, COLUMNS[2], pair.this.score(), &f.score)?;
    ws.write_number_with_format(r, COLUMNS[3], pair.this.visits as f64, &f.rank)?;
    number(ws, r, COLUMNS[4], pair.last.score(), &f.score)?;
    ws.write_number_with_format(r, COLUMNS[5], pair.last.visits as f64, &f.rank)?;
    if pair.is_new() {
        ws.write_string_with_format(r, COLUMNS[6], "new", &f.rank)?;
        return Ok(());
    }
    number(ws, r, COLUMNS[6], pair.change(), &p.v.styles.change)
}

#[cfg(test)]
mod tests {
    use crate::year_to_date::{YearToDate, spans};

    /// Focus October 2026: this year's ten months all hold a visit, so nothing is said of
    /// them; last year's hold one (listed), or five of ten (counted, not listed).
    #[test]
    fn the_note_names_the_months_without_visits() {
        let (this, last) = spans("2026-10").unwrap();
        let months = |y: &str, ms: &[u32]| ms.iter().map(|m| format!("{y}-{m:02}")).collect::<Vec<_>>();
        let mut y = YearToDate {
            this,
            last,
            this_months: months("2026", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
            last_months: months("2025", &[10]),
            overall: Default::default(),
            locations: Vec::new(),
            regions: Vec::new(),
            levels: Vec::new(),
        };
        let head = "Each figure is the mean of every scored visit in its months.";
        assert_eq!(super::note(&y), format!("{head} Jan-Oct 2025 has visits in 1 of its 10 months: 2025-10."));
        y.last_months = months("2025", &[1, 2, 3, 4, 5]);
        assert_eq!(super::note(&y), format!("{head} Jan-Oct 2025 has visits in 5 of its 10 months."));
        y.last_months = months("2025", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(super::note(&y), head);
    }

    /// Nine regions: the first eight by name, one more counted; only the blank region
    /// (no region column): none; two: both.
    #[test]
    fn at_most_eight_regions_are_listed() {
        let (this, last) = spans("2026-10").unwrap();
        let with = |names: &[&str]| YearToDate {
            this: this.clone(),
            last: last.clone(),
            this_months: Vec::new(),
            last_months: Vec::new(),
            overall: Default::default(),
            locations: Vec::new(),
            regions: names.iter().map(|n| (n.to_string(), Default::default())).collect(),
            levels: Vec::new(),
        };
        let nine = with(&["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
        let (listed, more) = super::regions(&nine);
        assert_eq!((listed.len(), listed.last().map(|(k, _)| k.as_str()), more), (8, Some("H"), 1));
        assert_eq!(super::regions(&with(&[""])).0.len(), 0);
        let two = with(&["", "North"]);
        let (listed, more) = super::regions(&two);
        assert_eq!((listed.len(), more), (2, 0));
        assert_eq!(super::regions(&with(&["A", "B", "C", "D", "E", "F", "G", "H"])).1, 0);
    }

    #[test]
    fn a_span_counts_its_months() {
        assert_eq!(super::span_months("2026-01", "2026-10"), 10);
        assert_eq!(super::span_months("2026-01", "2026-01"), 1);
        assert_eq!(super::span_months("2026-01", "2026-12"), 12);
    }
}
