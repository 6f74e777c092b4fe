//! What real exports contain: BOM, `;` and tab, CRLF, Windows-1252, UTF-16, quoted line
//! breaks, other column orders. Each variant must score exactly like the plain file.

use crate::support::*;

/// (visit_id, location, score) per visit of a run on `name`.
fn scores(s: &Sandbox, name: &str) -> Vec<(String, String, String)> {
    let out = s.score(&[name]);
    assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    s.rows("visits.csv").into_iter().map(|r| (r[2].clone(), r[3].clone(), r[6].clone())).collect()
}

fn expected() -> Vec<(String, String, String)> {
    [("V1", "Leeds", "100"), ("V2", "Leeds", "12.5"), ("V3", "York", "66.66666666666667")]
        .map(|(a, b, c)| (a.into(), b.into(), c.into()))
        .to_vec()
}

#[test]
fn bom_semicolon_crlf() {
    let s = Sandbox::new();
    let text = MINI_CSV.replace(',', ";").replace("Rushed; no", "Rushed, no").replace('\n', "\r\n");
    s.write("m.csv", &[b"\xEF\xBB\xBF", text.as_bytes()].concat());
    assert_eq!(scores(&s, "m.csv"), expected());
    assert_eq!(s.summary()["inputs"][0]["encoding"], "UTF-8 (with BOM)");
    assert_eq!(s.summary()["inputs"][0]["delimiter"], ";");
}

#[test]
fn windows_1252_is_decoded_and_named() {
    let s = Sandbox::new();
    let text = MINI_CSV.replace("York", "Caf\u{e9} Nord");
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!bad);
    s.write("m.csv", &bytes);
    let got = scores(&s, "m.csv");
    assert_eq!(got[2].1, "Café Nord");
    assert_eq!(s.summary()["inputs"][0]["encoding"], "windows-1252");
}

#[test]
fn utf16_tab_separated_as_excel_saves_unicode_text() {
    let s = Sandbox::new();
    let text = MINI_CSV.replace(',', "\t").replace("Rushed\t no", "Rushed, no");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    s.write("m.csv", &bytes);
    assert_eq!(scores(&s, "m.csv"), expected());
    assert_eq!(s.summary()["inputs"][0]["encoding"], "UTF-16LE (with BOM)");
    assert_eq!(s.summary()["inputs"][0]["delimiter"], "tab");
}

#[test]
fn quoted_line_breaks_move_later_lines_down() {
    let s = Sandbox::new();
    let text = MINI_CSV.replace("\"Rushed, no thanks\"", "\"Rushed,\nno thanks\"");
    s.write("m.csv", text.as_bytes());
    assert_eq!(scores(&s, "m.csv"), expected());
    let lines: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(lines, ["2", "3", "5"]);
    assert_eq!(s.rows("issues.csv")[0][1], "5");
}

#[test]
fn columns_in_another_order_and_extra_columns() {
    let s = Sandbox::new();
    let text = "Q3 comment,Notes,Q2 Smile,Date,  Store  ,Q3 Thanks,Visit ID,Q1 Greeted
,x,5,2026-09-03,Leeds,yes,V1,yes
\"Rushed, no thanks\",,3,2026-09-10,Leeds,no,V2,no
,,N/A,2026-10-01,York,no,V3,yes
";
    s.write("m.csv", text.as_bytes());
    assert_eq!(scores(&s, "m.csv"), expected());
}

#[test]
fn several_files_each_with_its_own_format() {
    let s = Sandbox::new();
    let mut lines = MINI_CSV.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    s.write("a.csv", format!("{header}\n{}\n{}\n", rows[0], rows[1]).as_bytes());
    let semi = format!("{header}\r\n{}\r\n", rows[2]).replace(',', ";");
    s.write("b.csv", semi.as_bytes());
    let out = s.score(&["a.csv", "b.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let got: Vec<(String, String)> = s.rows("visits.csv").into_iter().map(|r| (r[0].clone(), r[6].clone())).collect();
    assert_eq!(
        got,
        [("a.csv".into(), "100".into()), ("a.csv".into(), "12.5".into()), ("b.csv".into(), "66.66666666666667".into())]
    );
}

#[test]
fn crlf_line_numbers_are_physical_lines() {
    let s = Sandbox::new();
    let text = MINI_CSV.replace("\"Rushed, no thanks\"", "\"Rushed,\n\nno thanks\"").replace('\n', "\r\n") + "\r\n";
    s.write("m.csv", text.as_bytes());
    assert_eq!(scores(&s, "m.csv"), expected());
    let lines: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[1].clone()).collect();
    // V2 starts on line 3 and spans three lines; V3 starts on line 6.
    assert_eq!(lines, ["2", "3", "6"]);
    assert_eq!(s.rows("issues.csv").len(), 1, "the trailing blank line is not a row");
    assert_eq!(s.rows("issues.csv")[0][1], "6");
}

#[test]
fn blank_lines_between_rows_count_as_lines() {
    let s = Sandbox::new();
    let text = MINI_CSV.replace("V2,", "\n\nV2,");
    s.write("m.csv", text.as_bytes());
    assert_eq!(scores(&s, "m.csv"), expected());
    let lines: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(lines, ["2", "5", "6"]);
    assert_eq!(s.summary()["inputs"][0]["rows"], 3, "blank lines are not rows");
}

#[test]
fn old_mac_cr_line_ends_count_lines() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.replace('\n', "\r").as_bytes());
    assert_eq!(scores(&s, "m.csv"), expected());
    let lines: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(lines, ["2", "3", "4"]);
}

#[test]
fn an_unclosed_quote_that_swallows_rows_is_reported() {
    let s = Sandbox::new();
    // V1's comment opens a quote that is never closed: V2 and V3 end up inside it.
    let text = MINI_CSV.replace("V1,Leeds,2026-09-03,yes,5,yes,", "V1,Leeds,2026-09-03,yes,5,yes,\"he said hi");
    let text = text.replace("\"Rushed, no thanks\"", "Rushed no thanks");
    s.write("m.csv", text.as_bytes());
    let out = s.score(&["m.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.rows("visits.csv").len(), 1);
    let issues = s.rows("issues.csv");
    let swallowed: Vec<&Vec<String>> =
        issues.iter().filter(|r| r[8].contains("quote is probably not closed")).collect();
    assert_eq!(swallowed.len(), 1, "{issues:?}");
    assert_eq!((swallowed[0][1].as_str(), swallowed[0][6].as_str()), ("2", "Q3 comment"));
    assert!(swallowed[0][8].starts_with("lines 3-4 were read into this cell"), "{}", swallowed[0][8]);
}
