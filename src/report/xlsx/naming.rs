//! The workbook's file name and its document date: both from the run's data, never from
//! the clock, so the same inputs give the same bytes.

use rust_xlsxwriter::{ExcelDateTime, XlsxError};

/// `<rubric-name>-<first period>[_<last period>].xlsx`: lowercase, every run of characters
/// other than ASCII letters and digits as one `-`; periods without `unknown`.
pub fn file_name(rubric_name: &str, periods: &[&str]) -> String {
    let mut name = clean(rubric_name);
    if name.is_empty() {
        name.push_str("shopscore");
    }
    // `con.xlsx` cannot be opened on Windows (`con-2026-09.xlsx` can).
    if periods.is_empty() && crate::report::is_windows_device_name(&name) {
        name.push_str("-report");
    }
    match periods {
        [] => {}
        [one] => name.push_str(&format!("-{}", clean(one))),
        [first, .., last] => name.push_str(&format!("-{}_{}", clean(first), clean(last))),
    }
    name.push_str(".xlsx");
    name
}

fn clean(text: &str) -> String {
    crate::report::safe_name(text, usize::MAX)
}

/// Where the document date came from, for the About sheet.
pub struct DocDate {
    pub date: ExcelDateTime,
    /// The date as people read it, UTC.
    pub text: String,
    pub source: &'static str,
}

/// The document's creation date: `SOURCE_DATE_EPOCH` (seconds) when set and valid, else
/// the first day of the last period of the data, else 2000-01-01.
pub fn doc_date(source_date_epoch: Option<&str>, last_period: Option<&str>) -> Result<DocDate, XlsxError> {
    if let Some(secs) = source_date_epoch.and_then(|s| s.trim().parse::<i64>().ok())
        && let Ok(date) = ExcelDateTime::from_timestamp(secs)
        && let Some(utc) = chrono::DateTime::from_timestamp(secs, 0)
    {
        let text = utc.format("%Y-%m-%d %H:%M:%S UTC").to_string();
        return Ok(DocDate { date, text, source: "SOURCE_DATE_EPOCH" });
    }
    if let Some((y, m)) = last_period.and_then(year_month)
        && let Ok(date) = ExcelDateTime::from_ymd(y, m, 1)
    {
        return Ok(DocDate { date, text: format!("{y:04}-{m:02}-01"), source: "the first day of the last period" });
    }
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    Ok(DocDate { date, text: "2000-01-01".to_string(), source: "a fixed date, as no visit has a valid date" })
}

fn year_month(period: &str) -> Option<(u16, u8)> {
    let (y, m) = period.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(file_name("Mini", &["2026-09", "2026-10"]), "mini-2026-09_2026-10.xlsx");
        assert_eq!(
            file_name("Retail store visit", &["2026-08", "2026-09", "2026-10"]),
            "retail-store-visit-2026-08_2026-10.xlsx"
        );
        assert_eq!(file_name(" Café: Nord / Süd ", &["2026-09"]), "caf-nord-s-d-2026-09.xlsx");
        assert_eq!(file_name("***", &[]), "shopscore.xlsx");
        assert_eq!(file_name("AUX", &[]), "aux-report.xlsx", "a Windows device name");
        assert_eq!(file_name("AUX", &["2026-09"]), "aux-2026-09.xlsx");
    }

    #[test]
    fn dates() {
        let d = doc_date(Some("86400"), Some("2026-10")).unwrap();
        assert_eq!(d.text, "1970-01-02 00:00:00 UTC");
        assert_eq!(
            (d.date.to_excel(), d.source),
            (ExcelDateTime::from_ymd(1970, 1, 2).unwrap().to_excel(), "SOURCE_DATE_EPOCH")
        );
        let d = doc_date(Some("soon"), Some("2026-10")).unwrap();
        assert_eq!(d.date.to_excel(), ExcelDateTime::from_ymd(2026, 10, 1).unwrap().to_excel());
        assert_eq!(d.text, "2026-10-01");
        let d = doc_date(None, None).unwrap();
        assert_eq!(d.date.to_excel(), ExcelDateTime::from_ymd(2000, 1, 1).unwrap().to_excel());
    }
}
