//! Hostile inputs: records (quotes left open, records with no end, inputs read once).

use super::*;

/// A quote case: the visits' lines, the lines of whole-row issues, and each
/// swallowed_rows issue as (line, column, the lines it names).
struct Quote {
    file: &'static str,
    visits: &'static [u64],
    whole_rows: &'static [u64],
    swallowed: &'static [(u64, &'static str, &'static str)],
}

const QUOTES: &[Quote] = &[
    Quote {
        file: "quote-last-field-closed-next-row.csv",
        visits: &[2, 3, 5, 6, 7],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "line 4 was")],
    },
    Quote {
        file: "quote-last-field-closed-rows-later.csv",
        visits: &[2, 3, 7],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "lines 4-6 were")],
    },
    Quote {
        file: "quote-middle-field-closed-next-row.csv",
        visits: &[2, 3, 5, 6, 7],
        whole_rows: &[],
        swallowed: &[(3, "Store", "line 4 was")],
    },
    // Closed in the Date field: the record has 6 fields, not a visit.
    Quote {
        file: "quote-middle-field-closed-rows-later.csv",
        visits: &[2, 7],
        whole_rows: &[3],
        swallowed: &[(3, "Store", "lines 4-6 were")],
    },
    Quote {
        file: "quote-first-field-closed-next-row.csv",
        visits: &[2, 3, 5, 6, 7],
        whole_rows: &[],
        swallowed: &[(3, "Visit ID", "line 4 was")],
    },
    Quote {
        file: "quote-first-field-closed-rows-later.csv",
        visits: &[2, 7],
        whole_rows: &[3],
        swallowed: &[(3, "Visit ID", "lines 4-6 were")],
    },
    Quote {
        file: "quote-first-field-never-closed.csv",
        visits: &[2, 3, 4],
        whole_rows: &[5],
        swallowed: &[(5, "Visit ID", "lines 6-7 were")],
    },
    Quote {
        file: "quote-middle-field-never-closed.csv",
        visits: &[2, 3],
        whole_rows: &[4],
        swallowed: &[(4, "Date", "lines 5-7 were")],
    },
    Quote {
        file: "quote-last-field-never-closed.csv",
        visits: &[2, 3, 4, 5, 6],
        whole_rows: &[],
        swallowed: &[(6, "Q3 comment", "line 7 was")],
    },
    Quote {
        file: "quote-never-closed-crlf-no-final-line-end.csv",
        visits: &[2, 3],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "lines 4-6 were")],
    },
    // The closing quote alone on line 6: that line is named too.
    Quote {
        file: "quote-closed-alone-on-a-line.csv",
        visits: &[2, 3, 7],
        whole_rows: &[],
        swallowed: &[(3, "Q3 comment", "lines 4-6 were")],
    },
    Quote {
        file: "two-quotes-left-open.csv",
        visits: &[2, 4, 5],
        whole_rows: &[],
        swallowed: &[(2, "Q3 comment", "line 3 was"), (5, "Q3 comment", "lines 6-8 were")],
    },
    // Comments over lines (commas and a blank line in them), a first cell over two lines.
    Quote {
        file: "multiline-cells-that-swallow-nothing.csv",
        visits: &[2, 3, 5, 7, 10],
        whole_rows: &[],
        swallowed: &[],
    },
];

#[test]
fn every_line_a_quote_swallows_is_named() {
    for q in QUOTES {
        let s = Sandbox::new();
        let input = case("records", q.file);
        s.write(q.file, &input);
        let before = outside(s.dir.path(), "out");
        let out = s.score(&[q.file]);
        assert_no_panic(&out);
        assert_eq!(code(&out), 0, "{}: {}", q.file, stderr(&out));
        assert_eq!(outside(s.dir.path(), "out"), before, "{}: files outside --out changed", q.file);
        let visits: Vec<u64> = s.rows("visits.csv").iter().map(|r| r[1].parse().unwrap()).collect();
        assert_eq!(visits, q.visits, "{}: visits", q.file);
        let issues = s.rows("issues.csv");
        let whole: Vec<u64> =
            issues.iter().filter(|r| r[5].contains("the row is not scored")).map(|r| r[1].parse().unwrap()).collect();
        assert_eq!(whole, q.whole_rows, "{}: whole-row issues", q.file);
        let swallowed: Vec<(u64, &str, &str)> = issues
            .iter()
            .filter(|r| swallowed_lines(&r[5]).is_some())
            .map(|r| (r[1].parse().unwrap(), r[3].as_str(), r[5].split(" read into").next().unwrap()))
            .collect();
        assert_eq!(swallowed, q.swallowed, "{}: swallowed_rows issues", q.file);
        assert_eq!(
            s.summary()["issues"]["by_problem"]["swallowed_rows"].as_u64().unwrap_or(0),
            q.swallowed.len() as u64
        );
        assert_lines_accounted(&s, q.file, &input, b',');
    }
}
