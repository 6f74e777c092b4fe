//! `shopscore template`: the CSV a shopper form must produce for a rubric.

use anyhow::Result;

use crate::date;
use crate::rubric::{LongLayout, QuestionKind, Rubric};

/// The header line and `rows` example visits (`V-0001`, `V-0002`, ...) to one store, each
/// with the best answers, so each scores 100 with no data issue.
///
/// The columns are exactly those the rubric reads: its required fields, the optional
/// fields it asks for ([`optional_fields`]), each question's answer and comment column,
/// `fields.keep`, and `fields.replaces` (blank: an example visit is no re-shop). With
/// `layout: long`, one row per answer instead ([`render_long`]).
pub fn render(rubric: &Rubric, rows: usize) -> Result<Vec<u8>> {
    let (mut header, mut row) = visit_fields(rubric);
    let mut out = csv::Writer::from_writer(Vec::new());
    if let Some(layout) = &rubric.fields.long {
        render_long(rubric, layout, (header, row), rows, &mut out)?;
        return out.into_inner().map_err(|e| anyhow::anyhow!("cannot write the template: {}", e.error()));
    }
    let at = header.len() - rubric.fields.keep.len() - usize::from(rubric.fields.replaces.is_some());
    let (tail_header, tail_row) = (header.split_off(at), row.split_off(at));
    for q in &rubric.questions {
        header.push(q.column.clone());
        row.push(best_answer(&q.kind));
        if let Some(c) = &q.comment {
            header.push(c.clone());
            row.push(String::new());
        }
    }
    // The kept text columns (`fields.keep`) and the replaces column are required too:
    // blank in the example, after the answers.
    header.extend(tail_header);
    row.extend(tail_row);
    out.write_record(&header)?;
    for n in 1..=rows {
        row[0] = format!("V-{n:04}");
        out.write_record(&row)?;
    }
    out.into_inner().map_err(|e| anyhow::anyhow!("cannot write the template: {}", e.error()))
}

/// The visit fields' headers and example values: the required fields, the optional ones
/// the rubric asks for, then `fields.keep` and `fields.replaces` (blank).
fn visit_fields(rubric: &Rubric) -> (Vec<String>, Vec<String>) {
    let f = &rubric.fields;
    let mut columns: Vec<(&str, String)> = vec![
        (&f.visit_id, "V-0001".to_string()),
        (&f.location, "Example store".into()),
        (&f.date, date::example(&rubric.date_format)),
    ];
    columns.extend(optional_fields(rubric));
    columns.extend(f.keep.iter().chain(&f.replaces).map(|k| (k.as_str(), String::new())));
    columns.into_iter().map(|(h, v)| (h.to_string(), v)).unzip()
}

/// A long-format template: the visit fields, then the question, answer (and comment)
/// columns; each example visit is one row per question, named by its id.
fn render_long(
    rubric: &Rubric,
    layout: &LongLayout,
    (mut header, mut row): (Vec<String>, Vec<String>),
    rows: usize,
    out: &mut csv::Writer<Vec<u8>>,
) -> Result<()> {
    let fixed = header.len();
    header.extend([layout.question.clone(), layout.answer.clone()]);
    header.extend(layout.comment.clone());
    out.write_record(&header)?;
    row.resize(header.len(), String::new());
    for n in 1..=rows {
        row[0] = format!("V-{n:04}");
        for q in &rubric.questions {
            (row[fixed], row[fixed + 1]) = (q.id.clone(), best_answer(&q.kind));
            out.write_record(&row)?;
        }
    }
    Ok(())
}

/// The optional fields (read when the file has them) that a form for `rubric` needs,
/// with an example value each, in form order: those the rubric names in `fields` (a
/// header, even its default one: `region: region`), and those its checks read (`shopper`
/// for the rotation and travel-time checks, `time` for the travel-time check). A field
/// the rubric leaves out is one it does not ask for: no column.
fn optional_fields<'a>(rubric: &'a Rubric) -> Vec<(&'a str, String)> {
    let (f, checks) = (&rubric.fields, &rubric.checks);
    let travel = checks.min_minutes_between_locations.is_some();
    let rotation = checks.max_visits_per_shopper_location.is_some();
    let levels = !f.levels.is_empty();
    let region = [("region", f.region.as_str(), levels, "North")];
    // The levels below the top one (the region), each a required column.
    let below = f.levels.iter().skip(1).map(|h| (h.as_str(), format!("{h} 1")));
    let rest = [
        ("shopper", f.shopper.as_str(), rotation || travel, "S01"),
        ("channel", f.channel.as_str(), false, "in-store"),
        ("time", f.time.as_str(), travel, "10:30"),
    ];
    let pick = |(name, header, needed, value): (&str, &'a str, bool, &str)| {
        (needed || f.written.contains(&name)).then(|| (header, value.to_string()))
    };
    region.into_iter().filter_map(pick).chain(below).chain(rest.into_iter().filter_map(pick)).collect()
}

/// An answer that earns full marks.
fn best_answer(kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::YesNo { expected } => (if *expected { "yes" } else { "no" }).into(),
        QuestionKind::Scale { max, .. } => max.to_string(),
        QuestionKind::Choice { options } => {
            options.iter().max_by(|a, b| a.fraction.total_cmp(&b.fraction)).map(|o| o.label.clone()).unwrap_or_default()
        }
        QuestionKind::Multi { options } => {
            let mut sorted: Vec<_> = options.iter().collect();
            sorted.sort_by(|a, b| b.fraction.total_cmp(&a.fraction));
            let (mut sum, mut picked) = (0.0, Vec::new());
            for o in sorted {
                if sum >= 1.0 {
                    break;
                }
                sum += o.fraction;
                picked.push(o.label.as_str());
            }
            picked.join("; ")
        }
        QuestionKind::Number { bands } => {
            // A value the first matching band scores best (bands may overlap).
            let best = bands.iter().map(|b| b.score).fold(0.0, f64::max);
            let candidates = bands.iter().flat_map(|b| {
                let (lo, hi) =
                    (b.min.unwrap_or(b.max.unwrap_or(0.0) - 10.0), b.max.unwrap_or(b.min.unwrap_or(0.0) + 10.0));
                [((lo + hi) / 2.0).floor(), lo, hi, (lo + hi) / 2.0]
            });
            let first = |v: f64| bands.iter().find(|b| b.contains(v)).map(|b| b.score);
            candidates.into_iter().find(|&v| first(v) == Some(best)).unwrap_or(0.0).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_example_lands_in_the_best_band_even_when_bands_overlap() {
        let yaml = "name: T\nsections:\n  - id: s\n    questions:\n      - { id: n, type: number, bands: [{ min: 0, max: 60, score: 0.5 }, { min: 50, max: 60, score: 1 }, { min: 61, score: 1 }] }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t"), yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 1).unwrap()).unwrap();
        let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
        // 0-60 scores 0.5 first, so the example must be above 60
        let v: f64 = row.last().unwrap().parse().unwrap();
        assert!(v >= 61.0, "{text}");
        assert_eq!(text.lines().next().unwrap(), "visit_id,location,date,n");
    }

    /// A kept column is part of the form: last, after the answers and comments.
    #[test]
    fn kept_columns_end_the_header() {
        let yaml = "name: T\nfields: { keep: [Narrative, Receipt] }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no, comment: Why }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t"), yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 1).unwrap()).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("visit_id,location,date,q,Why,Narrative,Receipt"));
        assert!(lines.next().unwrap().ends_with(",yes,,,"));
    }

    /// The levels are columns (each required), top first where the region goes: here
    /// `Region` (the top, the region) then `Area`, with example values.
    #[test]
    fn levels_are_columns_top_first() {
        let yaml = "name: T\nfields: { levels: [Region, Area] }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t"), yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 1).unwrap()).unwrap();
        assert_eq!(text, "visit_id,location,date,Region,Area,q\nV-0001,Example store,2026-03-14,North,Area 1,yes\n");
    }

    /// The replaces column is the form's last, blank: the example visits replace nothing.
    #[test]
    fn the_replaces_column_ends_the_header_blank() {
        let yaml = "name: T\nfields: { keep: [Narrative], replaces: Redo }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t"), yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 1).unwrap()).unwrap();
        assert_eq!(text, "visit_id,location,date,q,Narrative,Redo\nV-0001,Example store,2026-03-14,yes,,\n");
    }

    /// With `layout: long`, a row per question of each visit, named by its id, after the
    /// visit fields (and the kept column); the header ends with the question, answer and
    /// comment columns.
    #[test]
    fn a_long_layout_gets_a_row_per_answer() {
        let yaml = "name: T\nlayout: long\nfields: { keep: [Narrative], question: Q, answer: A, comment: C }\nsections:\n  - id: s\n    questions:\n      - { id: q1, type: yes_no }\n      - { id: q2, type: scale, max: 4 }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t"), yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 2).unwrap()).unwrap();
        let want = "visit_id,location,date,Narrative,Q,A,C\n\
                    V-0001,Example store,2026-03-14,,q1,yes,\n\
                    V-0001,Example store,2026-03-14,,q2,4,\n\
                    V-0002,Example store,2026-03-14,,q1,yes,\n\
                    V-0002,Example store,2026-03-14,,q2,4,\n";
        assert_eq!(text, want);
    }

    /// An optional field is a column when the rubric names it or a check reads it: here
    /// `region` is named (`Area`), `channel: channel` is named at its default header (still
    /// asked for), and the travel-time check reads `shopper` and `time` at their defaults.
    #[test]
    fn optional_fields_are_columns_when_the_rubric_asks_for_them() {
        let yaml = "name: T\nfields: { region: Area, channel: channel }\nchecks: { min_minutes_between_locations: 30 }\nsections:\n  - id: s\n    questions:\n      - { id: q, type: yes_no }\n";
        let rubric = crate::rubric::parse(std::path::Path::new("t"), yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 1).unwrap()).unwrap();
        assert_eq!(
            text,
            "visit_id,location,date,Area,shopper,channel,time,q\nV-0001,Example store,2026-03-14,North,S01,in-store,10:30,yes\n"
        );
        // The rotation check reads `shopper` alone.
        let yaml = yaml
            .replace("{ region: Area, channel: channel }", "{}")
            .replace("min_minutes_between_locations", "max_visits_per_shopper_location");
        let rubric = crate::rubric::parse(std::path::Path::new("t"), &yaml).unwrap();
        let text = String::from_utf8(render(&rubric, 0).unwrap()).unwrap();
        assert_eq!(text, "visit_id,location,date,shopper,q\n");
    }
}
