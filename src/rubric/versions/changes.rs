//! What changed from one rubric version to the next, question by question (the About
//! sheet lists it), and which questions two versions share (a like-for-like comparison
//! scores only those): the same id and answers read alike (same type, min, max and step,
//! option labels and fractions, bands). Nothing else is compared: points, a yes_no's
//! `expected`, `na`, `critical` and `bonus` may differ (the focus version's apply).

use crate::rubric::{Question, QuestionKind, Rubric};

/// Option labels as matched (lower-cased) with their fractions' bits, sorted: equal for the same options in any order.
fn options(o: &[crate::rubric::Choice]) -> Vec<(&str, u64)> {
    let mut pairs: Vec<(&str, u64)> = o.iter().map(|c| (c.key.as_str(), c.fraction.to_bits())).collect();
    pairs.sort_unstable();
    pairs
}

/// A rubric number as written: `2`, `0.5`.
fn plain(v: f64) -> String {
    format!("{v}")
}

/// One question's change between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub question: String,
    /// `added`, `removed`, or what changed, e.g. `points 2 → 1; weight of section welcome 1 → 2`.
    pub what: String,
}

/// Whether `a` and `b` (one id in two versions) are shared questions of a like-for-like
/// comparison (SCORING.md §7): same type, equal min/max/step, equal option labels (as
/// matched: any case) and fractions in any order, equal bands.
pub fn shared(a: &Question, b: &Question) -> bool {
    // Option labels and fractions in any order (a label is found wherever it is listed);
    // bands in order (the first band holding a number gives its fraction).
    match (&a.kind, &b.kind) {
        (QuestionKind::Choice { options: x }, QuestionKind::Choice { options: y })
        | (QuestionKind::Multi { options: x }, QuestionKind::Multi { options: y }) => options(x) == options(y),
        (QuestionKind::YesNo { .. }, QuestionKind::YesNo { .. }) => true,
        (x, y) => x == y,
    }
}

/// The questions of `newer` changed from `older`, in `newer`'s order, then those
/// `older` had that `newer` removed, in `older`'s order.
pub fn changes(older: &Rubric, newer: &Rubric) -> Vec<Change> {
    let find = |r: &'_ Rubric, id: &str| r.questions.iter().position(|q| q.id == id);
    let mut out = Vec::new();
    for q in &newer.questions {
        let what = match find(older, &q.id) {
            None => "added".to_string(),
            Some(i) => differences(older, &older.questions[i], newer, q).join("; "),
        };
        if !what.is_empty() {
            out.push(Change { question: q.id.clone(), what });
        }
    }
    for q in older.questions.iter().filter(|q| find(newer, &q.id).is_none()) {
        out.push(Change { question: q.id.clone(), what: "removed".into() });
    }
    out
}

fn differences(older: &Rubric, a: &Question, newer: &Rubric, b: &Question) -> Vec<String> {
    let mut out = Vec::new();
    match (&a.kind, &b.kind) {
        (x, y) if x.name() != y.name() => out.push(format!("type {} → {}", x.name(), y.name())),
        (QuestionKind::Scale { min, max, step }, QuestionKind::Scale { min: m, max: n, step: s })
            if (min, max, step) != (m, n, s) =>
        {
            out.push(format!(
                "scale {}-{} step {} → {}-{} step {}",
                plain(*min),
                plain(*max),
                plain(*step),
                plain(*m),
                plain(*n),
                plain(*s)
            ));
        }
        (QuestionKind::YesNo { expected }, QuestionKind::YesNo { expected: e }) if expected != e => {
            out.push("expected answer".into());
        }
        (QuestionKind::Choice { .. } | QuestionKind::Multi { .. }, _) if !shared(a, b) => out.push("options".into()),
        (QuestionKind::Number { .. }, _) if a.kind != b.kind => out.push("bands".into()),
        _ => {}
    }
    if a.points != b.points {
        out.push(format!("points {} → {}", plain(a.points), plain(b.points)));
    }
    let (sa, sb) = (&older.sections[a.section], &newer.sections[b.section]);
    if sa.id != sb.id {
        out.push(format!("section {} → {}", sa.id, sb.id));
    } else if sa.weight != sb.weight {
        let w = |w: Option<f64>| w.map_or_else(|| "none".to_string(), plain);
        out.push(format!("weight of section {} {} → {}", sa.id, w(sa.weight), w(sb.weight)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric(sections: &str) -> Rubric {
        crate::rubric::parse(std::path::Path::new("r.yaml"), &format!("name: T\nsections:\n{sections}")).unwrap()
    }

    #[test]
    fn every_kind_of_change_is_named() {
        let older = rubric(
            "  - id: a\n    weight: 1\n    questions:\n      - { id: keep, type: yes_no }\n      - { id: pts, type: yes_no, points: 2 }\n      - { id: gone, type: yes_no }\n      - { id: sc, type: scale, min: 1, max: 5 }\n      - { id: ty, type: yes_no }\n      - { id: op, type: choice, options: { A: 1, B: 0 } }\n",
        );
        let newer = rubric(
            "  - id: a\n    weight: 2\n    questions:\n      - { id: keep, type: yes_no }\n      - { id: pts, type: yes_no, points: 1 }\n      - { id: sc, type: scale, min: 1, max: 10 }\n      - { id: ty, type: scale }\n      - { id: op, type: choice, options: { A: 1, B: 0.5 } }\n      - { id: new, type: yes_no }\n",
        );
        let got: Vec<(String, String)> = changes(&older, &newer).into_iter().map(|c| (c.question, c.what)).collect();
        let w = "weight of section a 1 → 2";
        let want = [
            ("keep", w.to_string()),
            ("pts", format!("points 2 → 1; {w}")),
            ("sc", format!("scale 1-5 step 1 → 1-10 step 1; {w}")),
            ("ty", format!("type yes_no → scale; {w}")),
            ("op", format!("options; {w}")),
            ("new", "added".to_string()),
            ("gone", "removed".to_string()),
        ];
        let want: Vec<(String, String)> = want.into_iter().map(|(a, b)| (a.to_string(), b)).collect();
        assert_eq!(got, want);
        assert!(shared(&older.questions[1], &newer.questions[1]), "points may differ");
        assert!(!shared(&older.questions[3], &newer.questions[2]), "another scale is not shared");
        assert!(!shared(&older.questions[5], &newer.questions[4]), "other fractions are not shared");
        let listed = |options: &str| {
            rubric(&format!("  - id: a\n    questions:\n      - {{ id: op, type: choice, options: {options} }}\n"))
        };
        let (ab, ba) = (listed("{ A: 1, B: 0 }"), listed("{ B: 0, A: 1 }"));
        assert!(shared(&ab.questions[0], &ba.questions[0]), "the same options in another order");
    }
}
