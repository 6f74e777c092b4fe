//! A group's running totals as dense vectors, so adding a visit to a group is one vector
//! addition whatever the rubric's size, not a walk over its sections and questions.
//!
//! A visit's [`Contribution`] is laid out once: every float it adds (0.0 where it adds
//! nothing, which leaves a sum's bits unchanged) and every count (0 or 1). Each group
//! adds the floats in input order, so every sum has exactly the digits of adding the
//! visits one by one, in the order they were read (SCORING.md §4). Counts are whole
//! numbers, the same in any order: they are kept per (location, region, period) cell
//! and summed into the larger groups at the end.

use super::group::{Group, Mean, QuestionStats, SCORE_BINS, Spread, score_bin};
use crate::ingest::Visit;
use crate::ingest::answer::Answer;
use crate::rubric::Rubric;
use crate::score::VisitScore;

/// The shape of the vectors: section and question counts, and which questions are bonus.
#[derive(Debug, Clone)]
pub struct Shape {
    sections: usize,
    questions: usize,
    grades: usize,
    /// Indices of the bonus questions: they cannot fail (SCORING.md §6), so a group's
    /// failed count for them is 0. Set when a group is made ([`Shape::group`], at the end
    /// of the run), so adding a visit stays branch-free.
    bonus: Vec<usize>,
}

// Float layout: score sum, score Σv², per section sum, per question Σf. Only the visit
// score keeps a Σv² (stats::mean_ci95 reads it, for every group's score); no report reads
// the spread of a section score, so sections keep none.
// Count layout: visits, scored visits, critical visits, per section n, then per question
// scored and failed. A group without question detail uses the leading part of each.
// N/A, missing and invalid answers are rare: a contribution lists them instead (the
// "rare" counts, per question N/A, then missing, then invalid).
const FIXED_COUNTS: usize = 3;

impl Shape {
    pub fn new(sections: usize, questions: usize, grades: usize) -> Shape {
        Shape { sections, questions, grades, bonus: Vec::new() }
    }

    pub fn of(rubric: &Rubric) -> Shape {
        let bonus = rubric.questions.iter().enumerate().filter(|(_, q)| q.bonus).map(|(i, _)| i).collect();
        Shape { bonus, ..Shape::new(rubric.sections.len(), rubric.questions.len(), rubric.grades.len()) }
    }

    fn floats(&self, questions: bool) -> usize {
        2 + self.sections + if questions { self.questions } else { 0 }
    }

    fn count_len(&self, questions: bool) -> usize {
        FIXED_COUNTS + self.sections + if questions { 2 * self.questions } else { 0 }
    }

    pub fn sums(&self, questions: bool) -> Sums {
        Sums(vec![0.0; self.floats(questions)])
    }

    pub fn counts(&self, questions: bool) -> Counts {
        Counts {
            counts: vec![0; self.count_len(questions)],
            rare: vec![0; if questions { 3 * self.questions } else { 0 }],
            grades: vec![0; self.grades + 1],
            bins: [0; SCORE_BINS],
        }
    }

    /// The totals as reports read them; `counts` must have at least the detail of `sums`.
    pub fn group(&self, sums: Sums, counts: &Counts) -> Group {
        let (s, f, c) = (self.sections, &sums.0, &counts.counts);
        let questions = if f.len() > 2 + s { self.questions } else { 0 };
        let count = |i: usize| c.get(i).copied().unwrap_or(0);
        let rare = |i: usize| counts.rare.get(i).copied().unwrap_or(0);
        let base = FIXED_COUNTS + s;
        let mut group = Group {
            visits: count(0),
            score: Spread { sum: f[0], sum_sq: f[1], n: count(1) },
            critical_visits: count(2),
            sections: (0..s).map(|i| Mean { sum: f[2 + i], n: count(FIXED_COUNTS + i) }).collect(),
            questions: (0..questions)
                .map(|i| QuestionStats {
                    fraction_sum: f[2 + s + i],
                    scored: count(base + i),
                    failed: count(base + self.questions + i),
                    na: rare(i),
                    missing: rare(self.questions + i),
                    invalid: rare(2 * self.questions + i),
                })
                .collect(),
            grades: counts.grades.clone(),
            score_bins: counts.bins.to_vec(),
        };
        for &i in &self.bonus {
            if let Some(q) = group.questions.get_mut(i) {
                q.failed = 0;
            }
        }
        group
    }
}

/// What one visit adds to every group it is in.
#[derive(Debug, Clone, Default)]
pub struct Contribution {
    floats: Vec<f64>,
    counts: Vec<u64>,
    /// Indices into the rare counts of the visit's N/A, missing and invalid answers.
    rare: Vec<usize>,
    /// The grade slot and score bin a scored visit counts in.
    graded: Option<(usize, usize)>,
}

impl Contribution {
    /// Lays out `visit`; `grade` is the index of its band (`None`: no band or no score).
    pub fn fill(&mut self, shape: &Shape, visit: &Visit, score: &VisitScore, grade: Option<usize>) {
        let (s, q) = (shape.sections, shape.questions);
        self.floats.clear();
        self.floats.resize(shape.floats(true), 0.0);
        self.counts.clear();
        self.counts.resize(shape.count_len(true), 0);
        self.counts[0] = 1;
        self.graded = None;
        if let Some(v) = score.score {
            (self.floats[0], self.floats[1], self.counts[1]) = (v, v * v, 1);
            self.graded = Some((grade.unwrap_or(shape.grades), score_bin(v)));
        }
        self.counts[2] = u64::from(score.has_critical_failure());
        for (i, v) in score.sections.iter().enumerate().take(s) {
            if let Some(v) = *v {
                (self.floats[2 + i], self.counts[FIXED_COUNTS + i]) = (v, 1);
            }
        }
        let per_question = FIXED_COUNTS + s;
        self.rare.clear();
        for (i, answer) in visit.answers.iter().enumerate().take(q) {
            match *answer {
                Answer::Scored(f) => {
                    self.floats[2 + s + i] = f;
                    self.counts[per_question + i] = 1;
                    // Stored, not branched on: whether an answer failed is as random as
                    // the answers, and a mispredicted branch costs more than the store.
                    self.counts[per_question + q + i] = u64::from(f < 1.0);
                }
                Answer::NotApplicable => self.rare.push(i),
                Answer::Missing => self.rare.push(q + i),
                Answer::Invalid(_) => self.rare.push(2 * q + i),
                // Not in the visit's rubric version: counts nowhere.
                Answer::NotAsked => {}
            }
        }
    }
}

/// The float sums of one group, added in input order.
#[derive(Debug, Clone)]
pub struct Sums(Vec<f64>);

impl Sums {
    pub fn add(&mut self, c: &Contribution) {
        // Zips stop at the shorter side: a group without question detail takes the
        // leading part of the contribution.
        self.0.iter_mut().zip(&c.floats).for_each(|(a, b)| *a += b);
    }
}

/// The counts of one group. Whole numbers add up the same in any order, so the counts of
/// a large group can be made from those of its parts.
#[derive(Debug, Clone)]
pub struct Counts {
    counts: Vec<u64>,
    /// Per question N/A, missing and invalid answers (empty without question detail).
    rare: Vec<u64>,
    grades: Vec<u64>,
    bins: [u64; SCORE_BINS],
}

impl Counts {
    pub fn add(&mut self, c: &Contribution) {
        self.counts.iter_mut().zip(&c.counts).for_each(|(a, b)| *a += b);
        for &i in &c.rare {
            if let Some(n) = self.rare.get_mut(i) {
                *n += 1;
            }
        }
        if let Some((grade, bin)) = c.graded {
            if let Some(g) = self.grades.get_mut(grade) {
                *g += 1;
            }
            self.bins[bin.min(SCORE_BINS - 1)] += 1;
        }
    }

    pub fn merge(&mut self, other: &Counts) {
        self.counts.iter_mut().zip(&other.counts).for_each(|(a, b)| *a += b);
        self.rare.iter_mut().zip(&other.rare).for_each(|(a, b)| *a += b);
        self.grades.iter_mut().zip(&other.grades).for_each(|(a, b)| *a += b);
        self.bins.iter_mut().zip(&other.bins).for_each(|(a, b)| *a += b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::answer::Invalid;

    fn visit(answers: Vec<Answer>) -> Visit {
        Visit::with_answers(answers)
    }

    /// Three visits, two sections, two questions, grades [Good ≥ 80, Poor ≥ 0]:
    /// - A: score 90, sections 100 and 80, answers f=1 and f=0.5 → Good, bin 18;
    /// - B: score 60, section 2 unscored, critical failure, answers N/A and missing → Poor, bin 12;
    /// - C: no score, answers invalid and f=0.
    ///
    /// By hand: score mean (90 + 60) / 2 = 75, Σv² = 8100 + 3600 = 11700; section 1 mean
    /// (100 + 40) / 2 = 70, section 2 mean 80 (n = 1); question 1: scored 1 (Σf 1), N/A 1,
    /// invalid 1; question 2: scored 2 (Σf 0.5), failed 2, missing 1.
    ///
    /// Section scores keep no Σv² (no report reads their spread): 0 in every section mean.
    ///
    /// Equivalent mutants: "replace - with + in Counts::add" and "replace - with / in
    /// Counts::add" (`bin.min(SCORE_BINS - 1)` becomes `bin.min(22)` or `bin.min(21)`): a
    /// contribution's bin comes from [`score_bin`], which is at most `SCORE_BINS - 1` = 20
    /// already (group.rs tests 110 and 1e300), so the clamp never changes a bin.
    #[test]
    fn a_tally_is_the_sum_of_its_visits() {
        let shape = Shape::new(2, 2, 2);
        let mut c = Contribution::default();
        let (mut full, mut brief, mut counts) = (shape.sums(true), shape.sums(false), shape.counts(true));
        let (mut first, mut rest) = (shape.counts(true), shape.counts(true));
        let visits = [
            (
                visit(vec![Answer::Scored(1.0), Answer::Scored(0.5)]),
                Some(90.0),
                vec![Some(100.0), Some(80.0)],
                0,
                Some(0),
            ),
            (visit(vec![Answer::NotApplicable, Answer::Missing]), Some(60.0), vec![Some(40.0), None], 1, Some(1)),
            (visit(vec![Answer::Invalid(Invalid::NotAValue), Answer::Scored(0.0)]), None, vec![None, None], 0, None),
        ];
        for (k, (v, score, sections, critical_failures, grade)) in visits.into_iter().enumerate() {
            let s = VisitScore { score, sections, critical_failures };
            c.fill(&shape, &v, &s, grade);
            full.add(&c);
            brief.add(&c);
            counts.add(&c);
            if k == 0 { first.add(&c) } else { rest.add(&c) }
        }
        // Counts made from parts (the first visit, the other two) are the same counts.
        let mut parts = shape.counts(true);
        parts.merge(&first);
        parts.merge(&rest);
        assert_eq!(shape.group(full.clone(), &parts), shape.group(full.clone(), &counts));
        let full_again = full.clone();
        let g = shape.group(full, &counts);
        assert_eq!((g.visits, g.score.n, g.score.value(), g.score.sum_sq), (3, 2, Some(75.0), 11700.0));
        assert_eq!(g.critical_visits, 1);
        assert_eq!((g.sections[0].value(), g.sections[0].n), (Some(70.0), 2));
        assert_eq!((g.sections[1].value(), g.sections[1].n), (Some(80.0), 1));
        let q1 = QuestionStats { fraction_sum: 1.0, scored: 1, na: 1, missing: 0, invalid: 1, failed: 0 };
        let q2 = QuestionStats { fraction_sum: 0.5, scored: 2, na: 0, missing: 1, invalid: 0, failed: 2 };
        assert_eq!(g.questions, [q1, q2]);
        assert_eq!(g.grades, [1, 1, 0]);
        let mut bins = [0u64; SCORE_BINS];
        (bins[18], bins[12]) = (1, 1);
        assert_eq!(g.score_bins, bins);
        let b = shape.group(brief.clone(), &counts);
        assert_eq!((b.visits, b.score.value(), b.sections[0].value()), (3, Some(75.0), Some(70.0)));
        assert!(b.questions.is_empty(), "a brief group keeps no question detail");
        // Were question 2 a bonus, its two unearned answers (f = 0.5, f = 0) would not be
        // failures; everything else the same.
        let with_bonus = Shape { bonus: vec![1], ..shape.clone() };
        let g = with_bonus.group(full_again, &counts);
        assert_eq!(g.questions, [q1, QuestionStats { failed: 0, ..q2 }]);
        assert!(with_bonus.group(brief, &counts).questions.is_empty());
    }
}
