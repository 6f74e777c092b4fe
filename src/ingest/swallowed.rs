//! The lines a quote left open read into one cell ([`swallowed_rows`]): named as one issue
//! on the record, so that every line of the file is a visit, a whole-row issue, or named.

use super::cells::Fields;
use super::utf8;
use crate::issue::{Issue, IssueKind};

/// The lines of a record that a quote left open swallowed, as one issue on the record.
///
/// A line of the record "looks like a whole row" when it holds at least as many
/// delimiters as the header (counted on the line as written: quotes hold no delimiter
/// and no line break, so the fields tell). The record's own row is its first line, or,
/// when that does not look like a row (a first cell that runs over lines), the first
/// line that does. Every later line that looks like a row was swallowed; the issue names
/// the lines from the first of them to the record's last (`lines 5-9 were read into this
/// cell`), so every line of the file is a visit, a whole-row issue, or named here.
pub(super) fn swallowed_rows(fields: &Fields, delimiter: u8, headers: &[String], lines: (u64, u64)) -> Option<Issue> {
    let (line, last_line) = lines;
    if headers.len() < 3 || last_line <= line {
        return None;
    }
    // Each delimiter, written or between fields, is on one line: two lines that look like
    // rows take twice a row's delimiters, which a record whose comment runs over lines
    // seldom holds. One count over the record's bytes settles those (3% of a realistic
    // run's instructions went to walking every line of them).
    let separators = fields.len().saturating_sub(1);
    if separators + memchr::memchr_iter(delimiter, fields.all).count() < 2 * (headers.len() - 1) {
        return None;
    }
    let row_like = |delimiters: usize| delimiters + 1 >= headers.len();
    // Walk the record's physical lines: `at` is the line (0 = the record's first), `seen`
    // its delimiters so far; `own` the record's own row once found.
    let (mut at, mut seen, mut own) = (0u64, 0usize, None);
    // The first swallowed line, the field its line starts in, and how many look like rows.
    let mut first: Option<(u64, usize)> = None;
    let mut rows = 0u64;
    let mut end_line = |at: u64, seen: usize, field: usize, own: &mut Option<u64>| {
        if !row_like(seen) {
            return;
        }
        if own.is_none() {
            *own = Some(at);
        } else {
            rows += 1;
            first.get_or_insert((at, field));
        }
    };
    // Where each line starts: the field holding the line break before it.
    let mut started_in = 0;
    for i in 0..fields.len() {
        if i > 0 {
            seen += 1;
        }
        let field = fields.bytes(i);
        let mut from = 0;
        for nl in memchr::memchr_iter(b'\n', field) {
            seen += memchr::memchr_iter(delimiter, &field[from..nl]).count();
            end_line(at, seen, started_in, &mut own);
            (at, seen, from, started_in) = (at + 1, 0, nl + 1, i);
        }
        seen += memchr::memchr_iter(delimiter, &field[from..]).count();
    }
    end_line(at, seen, started_in, &mut own);
    let (first, field) = first?;
    let first = line + first;
    let lines =
        if first >= last_line { format!("line {first} was") } else { format!("lines {first}-{last_line} were") };
    let looks = if rows == 1 { "1 of them looks".to_string() } else { format!("{rows} of them look") };
    Some(Issue {
        file: String::new(),
        line,
        visit_id: String::new(),
        column: headers.get(field).cloned().unwrap_or_default(),
        value: utf8::text(fields.bytes(field)).chars().take(80).collect(),
        kind: IssueKind::SwallowedRows,
        problem: format!(
            "{lines} read into this cell, not as rows ({looks} like a whole row): a quote is probably not closed where it should be; fix the quote and score the file again"
        ),
    })
}

#[cfg(test)]
mod tests {
    use crate::ingest::cells::Fields;
    use crate::ingest::records::Records;

    /// The swallowed_rows issue of the record after the header, as (column, lines named).
    fn swallowed(text: &str) -> Option<(String, String)> {
        let mut records = Records::new(text.as_bytes(), b',');
        let header = records.next_record().unwrap().unwrap();
        let fields = Fields::new(&header);
        let headers: Vec<String> = (0..fields.len()).map(|i| fields.cell(i).into_owned()).collect();
        let record = records.next_record().unwrap().unwrap();
        let issue = super::swallowed_rows(&Fields::new(&record), b',', &headers, (record.line, record.last_line))?;
        assert_eq!((issue.kind, issue.line), (crate::issue::IssueKind::SwallowedRows, 2));
        let named = issue.problem.split(" read into").next().unwrap_or_default().to_string();
        Some((issue.column, named))
    }

    /// Header `a,b,c,d`: a line with 3 delimiters looks like a whole row.
    #[test]
    fn swallowed_rows_are_named_line_by_line() {
        let some = |column: &str, named: &str| Some((column.to_string(), named.to_string()));
        let h = "a,b,c,d\n";
        // Opened in the last field, closed by the next row.
        assert_eq!(swallowed(&format!("{h}1,2,3,\"x\n5,6,7,8\"\n")), some("d", "line 3 was"));
        // ... closed three rows later: the rows between and the closing one.
        let text = format!("{h}1,2,3,\"x\n5,6,7,8\nshort\n9,9,9,9\n1,1,1,1\"\n2,2,2,2\n");
        assert_eq!(swallowed(&text), some("d", "lines 3-6 were"));
        // Opened in a middle field: the closing row's fields after the quote are the record's.
        assert_eq!(swallowed(&format!("{h}1,\"2,3,4\n5,6,7,8\n9,9\",9,9\n")), some("b", "lines 3-4 were"));
        // Opened in the first field and never closed: to the end of the text.
        assert_eq!(swallowed(&format!("{h}\"1,2,3,4\n5,6,7,8\n")), some("a", "line 3 was"));
        assert_eq!(swallowed(&format!("{h}1,2,3,\"x\n5,6,7,8\n\n")), some("d", "lines 3-4 were"));
        // A first cell over two lines: its second line is the record's own row.
        assert_eq!(swallowed(&format!("{h}\"x\ny\",2,3,4\n")), None);
        // ... and a row it swallowed after that is named.
        assert_eq!(swallowed(&format!("{h}\"x\ny\",2,3,\"4\n5,6,7,8\"\n")), some("d", "line 4 was"));
        // A comment over lines, commas and all, swallows nothing.
        assert_eq!(swallowed(&format!("{h}1,2,3,\"a, b\nc, d\"\n")), None);
        assert_eq!(swallowed(&format!("{h}1,\"a, b\nc\",3,4\n")), None);
    }
}
