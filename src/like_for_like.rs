//! The like-for-like comparison across a rubric version change (SCORING.md §7): when the
//! focus period and the one before it hold visits scored by different versions, every
//! visit of both is scored again by the focus period's version restricted to the
//! questions all their versions share (same id, answers read alike; the focus version's
//! points), a section left with no shared question dropped and weights the focus
//! version's over the sections that remain; then the groups are compared as in §4.
//!
//! Its visits are kept as the run reads them ([`Visits`]): with two or more versions
//! only, each dated visit's period, location, region, version and answers (about 16
//! bytes per question per visit), as the periods compared are known only at the end.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::aggregate::Mean;
use crate::ingest::Visit;
use crate::ingest::answer::Answer;
use crate::rubric::{QuestionKind, Rubric, Section, shared};
use crate::score::score_visit;

/// The dated visits of a run with two or more versions, as read.
#[derive(Debug, Clone, Default)]
pub struct Visits {
    visits: Vec<Kept>,
}

#[derive(Debug, Clone)]
struct Kept {
    period: String,
    location: String,
    region: String,
    version: usize,
    answers: Vec<Answer>,
}

impl Visits {
    /// Keeps `visit` (scored by version `visit.version` of `rubric`) when `rubric` has two
    /// or more versions and the visit is dated.
    pub fn add(&mut self, rubric: &Rubric, visit: &Visit) {
        let Some(version) = visit.version else { return };
        if !rubric.versioned() || visit.period == crate::date::UNKNOWN_PERIOD {
            return;
        }
        self.visits.push(Kept {
            period: visit.period.clone(),
            location: visit.location.clone(),
            region: visit.region.clone(),
            version,
            answers: visit.answers.clone(),
        });
    }
}

/// One group's like-for-like scores in the focus and previous periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub latest: Option<f64>,
    pub previous: Option<f64>,
    /// latest − previous, in points.
    pub change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    pub location: String,
    #[serde(flatten)]
    pub scores: Scores,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regional {
    pub region: String,
    #[serde(flatten)]
    pub scores: Scores,
}

/// The like-for-like comparison of the focus period with the previous one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikeForLike {
    /// The focus version's questions every version of both periods shares, in its order.
    pub shared_questions: Vec<String>,
    /// The focus version's sections left with no shared question.
    pub dropped_sections: Vec<String>,
    pub overall: Scores,
    /// By name.
    pub locations: Vec<Located>,
    pub regions: Vec<Regional>,
}

/// Whether the two periods' visits were scored by more than one version in all (false
/// when either has none), and if so their like-for-like comparison.
pub fn compare(rubric: &Rubric, visits: &Visits, latest: &str, previous: &str) -> (bool, Option<LikeForLike>) {
    let versions_in =
        |p: &str| -> BTreeSet<usize> { visits.visits.iter().filter(|v| v.period == p).map(|v| v.version).collect() };
    let (now, before) = (versions_in(latest), versions_in(previous));
    let used: BTreeSet<usize> = now.union(&before).copied().collect();
    if now.is_empty() || before.is_empty() || used.len() < 2 {
        return (false, None);
    }
    // The focus version: the latest among the focus period's.
    let Some(focus) = now.last().and_then(|&f| rubric.versions.get(f)) else { return (false, None) };
    let others: Vec<&Rubric> = used.iter().filter_map(|&v| rubric.versions.get(v)).map(|v| &v.rubric).collect();
    let f = &focus.rubric;
    let keep: Vec<bool> = f
        .questions
        .iter()
        .map(|q| others.iter().all(|o| o.questions.iter().any(|p| p.id == q.id && shared(q, p))))
        .collect();
    let restricted = restrict(f, &keep);
    let dropped =
        f.sections.iter().filter(|s| !keep[s.questions.clone()].iter().any(|k| *k)).map(|s| s.id.clone()).collect();
    type Sums = BTreeMap<String, [Mean; 2]>;
    let (mut overall, mut locations, mut regions) = ([Mean::default(); 2], Sums::new(), Sums::new());
    let mut answers = Vec::new();
    for v in &visits.visits {
        let slot = if v.period == latest {
            0
        } else if v.period == previous {
            1
        } else {
            continue;
        };
        // Every location and region with a visit in either period is listed.
        let (location, region) =
            (locations.entry(v.location.clone()).or_default(), regions.entry(v.region.clone()).or_default());
        let Some((r, asked)) = &restricted else { continue };
        answers.clear();
        answers.extend(asked.iter().map(|&i| as_focus_reads(rubric, v, &f.questions[i])));
        let Some(score) = score_visit(r, &answers).score else { continue };
        overall[slot].add(score);
        location[slot].add(score);
        region[slot].add(score);
    }
    let scores = |m: &[Mean; 2]| {
        let (latest, previous) = (m[0].value(), m[1].value());
        Scores { latest, previous, change: latest.zip(previous).map(|(a, b)| a - b) }
    };
    let like = LikeForLike {
        shared_questions: f.questions.iter().zip(&keep).filter(|(_, k)| **k).map(|(q, _)| q.id.clone()).collect(),
        dropped_sections: dropped,
        overall: scores(&overall),
        locations: locations.iter().map(|(k, m)| Located { location: k.clone(), scores: scores(m) }).collect(),
        regions: regions.iter().map(|(k, m)| Regional { region: k.clone(), scores: scores(m) }).collect(),
    };
    (true, Some(like))
}

/// Visit `v`'s answer to the focus version's question `q` as that version reads the cell:
/// a shared question reads alike but for a yes_no's `expected` (the same cell earns the
/// other fraction) and `na` (N/A where not allowed is invalid: in a score, both count
/// nowhere alike).
fn as_focus_reads(rubric: &Rubric, v: &Kept, q: &crate::rubric::Question) -> Answer {
    let Some(i) = rubric.questions.iter().position(|m| m.id == q.id) else { return Answer::NotAsked };
    let answer = v.answers.get(i).copied().unwrap_or(Answer::NotAsked);
    let own = rubric
        .versions
        .get(v.version)
        .and_then(|ver| ver.asks.get(i).copied().flatten())
        .and_then(|j| rubric.versions.get(v.version).and_then(|ver| ver.rubric.questions.get(j)));
    match (answer, own.map(|p| &p.kind), &q.kind) {
        (Answer::Scored(f), Some(QuestionKind::YesNo { expected: a }), QuestionKind::YesNo { expected: b })
            if a != b =>
        {
            Answer::Scored(1.0 - f)
        }
        _ => answer,
    }
}

/// `rubric` with only the questions `keep` marks (and the sections holding one), and the
/// indices in `rubric` of the questions kept; `None` when none is.
fn restrict(rubric: &Rubric, keep: &[bool]) -> Option<(Rubric, Vec<usize>)> {
    let mut out = rubric.clone();
    let (mut sections, mut questions, mut asked) = (Vec::new(), Vec::new(), Vec::new());
    for s in &rubric.sections {
        let start = questions.len();
        for i in s.questions.clone().filter(|&i| keep[i]) {
            questions.push(crate::rubric::Question { section: sections.len(), ..rubric.questions[i].clone() });
            asked.push(i);
        }
        if questions.len() > start {
            sections.push(Section { questions: start..questions.len(), ..s.clone() });
        }
    }
    if questions.is_empty() {
        return None;
    }
    (out.sections, out.questions) = (sections, questions);
    Some((out, asked))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// v1 (a, b, c on 1-5), v2 from 2026-09-01 (c on 1-10), v3 from 2026-09-15 (a, b
    /// worth 3, d): merged a, b, d, c.
    fn programme() -> Rubric {
        let q = |more: &str| format!("name: P\n{more}sections:\n  - id: s\n    questions:\n");
        let texts = [
            q("version: v1\n")
                + "      - { id: a, type: yes_no }\n      - { id: b, type: yes_no }\n      - { id: c, type: scale }\n",
            q("version: v2\neffective_from: 2026-09-01\n")
                + "      - { id: a, type: yes_no }\n      - { id: b, type: yes_no }\n      - { id: c, type: scale, max: 10 }\n",
            q("version: v3\neffective_from: 2026-09-15\n")
                + "      - { id: a, type: yes_no }\n      - { id: b, type: yes_no, points: 3 }\n      - { id: d, type: yes_no }\n",
        ];
        load(&texts)
    }

    fn load(texts: &[String]) -> Rubric {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<std::path::PathBuf> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let p = dir.path().join(format!("v{i}.yaml"));
                std::fs::write(&p, t).unwrap();
                p
            })
            .collect();
        crate::rubric::load_versions(&paths).unwrap()
    }

    /// A yes_no whose `expected` changed is still shared, and the focus version reads the
    /// cell: v1 expects yes, v2 (the focus) no. August's v1 visit answered yes (1 for v1)
    /// is 0 for v2: 0; September's v2 visit answered yes: 0 too. Both 0, change 0; as
    /// scored, 100 against 0.
    #[test]
    fn the_focus_version_reads_a_changed_expected_answer() {
        let q = |top: &str, expected: &str| {
            format!(
                "name: P\n{top}sections:\n  - id: s\n    questions:\n      - {{ id: a, type: yes_no, expected: {expected} }}\n"
            )
        };
        let r = load(&[q("version: v1\n", "yes"), q("version: v2\neffective_from: 2026-09-01\n", "no")]);
        let mut visits = Visits::default();
        visits.add(&r, &visit("2026-08", 0, vec![Answer::Scored(1.0)]));
        visits.add(&r, &visit("2026-09", 1, vec![Answer::Scored(0.0)]));
        let (change, like) = compare(&r, &visits, "2026-09", "2026-08");
        assert!(change);
        assert_eq!(like.unwrap().overall, Scores { latest: Some(0.0), previous: Some(0.0), change: Some(0.0) });
    }

    fn visit(period: &str, version: usize, answers: Vec<Answer>) -> Visit {
        Visit { period: period.into(), location: "L".into(), version: Some(version), ..Visit::with_answers(answers) }
    }

    /// September holds v2 and v3 visits: the focus version is v3, and the questions
    /// shared by v1, v2 and v3 are a and b (c is not in v3, d not in v1). By v3 on a (1
    /// point) and b (3): August's v1 visit a yes, b no = 1/4 = 25; September's v2 visit
    /// a no, b yes = 3/4 = 75, its v3 visit both yes = 100: mean 87.5; change 62.5.
    #[test]
    fn the_focus_version_is_the_latest_of_the_focus_period() {
        let r = programme();
        let ids: Vec<&str> = r.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "d", "c"]);
        let (yes, no, none) = (Answer::Scored(1.0), Answer::Scored(0.0), Answer::NotAsked);
        let mut visits = Visits::default();
        for v in [
            visit("2026-08", 0, vec![yes, no, none, Answer::Scored(0.5)]),
            visit("2026-09", 1, vec![no, yes, none, Answer::Scored(0.25)]),
            visit("2026-09", 2, vec![yes, yes, no, none]),
        ] {
            visits.add(&r, &v);
        }
        let (change, like) = compare(&r, &visits, "2026-09", "2026-08");
        let like = like.unwrap();
        assert!(change);
        assert_eq!((like.shared_questions, like.dropped_sections), (vec!["a".to_string(), "b".into()], vec![]));
        assert_eq!(like.overall, Scores { latest: Some(87.5), previous: Some(25.0), change: Some(62.5) });
        // One version in all (August against itself): no change; September against itself
        // holds two versions in all: a change.
        assert_eq!(compare(&r, &visits, "2026-08", "2026-08"), (false, None));
        assert!(compare(&r, &visits, "2026-09", "2026-09").0);
        // No month to compare with: no change.
        assert_eq!(compare(&r, &visits, "2026-09", "2026-07"), (false, None));
    }

    /// Only a versioned run keeps visits, and only dated ones: with one rubric file, or
    /// undated, nothing is kept (the comparison needs a month and a version change).
    #[test]
    fn only_dated_visits_of_a_versioned_run_are_kept() {
        let r = programme();
        let one = load(&["name: P\nsections:\n  - id: s\n    questions:\n      - { id: a, type: yes_no }\n".into()]);
        let mut visits = Visits::default();
        visits.add(&one, &visit("2026-08", 0, vec![Answer::Scored(1.0)]));
        assert_eq!(visits.visits.len(), 0, "one rubric file keeps nothing");
        visits.add(&r, &visit(crate::date::UNKNOWN_PERIOD, 2, vec![Answer::Scored(1.0)]));
        assert_eq!(visits.visits.len(), 0, "an undated visit is not kept");
        visits.add(&r, &visit("2026-08", 0, vec![Answer::Scored(1.0)]));
        assert_eq!(visits.visits.len(), 1);
    }

    /// Restricting drops a section left with no question and renumbers what stays: s1
    /// holds a, s2 holds b and c; keeping b and c leaves one section (s2, questions 0..2),
    /// and both questions now belong to section 0; the kept questions were 1 and 2.
    #[test]
    fn restricting_drops_empty_sections_and_renumbers_the_rest() {
        let text = "name: P\nsections:\n  - id: s1\n    questions:\n      - { id: a, type: yes_no }\n  \
                    - id: s2\n    questions:\n      - { id: b, type: yes_no }\n      - { id: c, type: yes_no }\n";
        let r = crate::rubric::parse(std::path::Path::new("r.yaml"), text).unwrap();
        let (out, asked) = restrict(&r, &[false, true, true]).unwrap();
        let sections: Vec<(&str, std::ops::Range<usize>)> =
            out.sections.iter().map(|s| (s.id.as_str(), s.questions.clone())).collect();
        assert_eq!(sections, [("s2", 0..2)]);
        let questions: Vec<(&str, usize)> = out.questions.iter().map(|q| (q.id.as_str(), q.section)).collect();
        assert_eq!(questions, [("b", 0), ("c", 0)]);
        assert_eq!(asked, [1, 2]);
        assert!(restrict(&r, &[false, false, false]).is_none(), "nothing kept: no rubric");
    }
}
