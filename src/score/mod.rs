//! Visit scores (SCORING.md §3 and §6): pure functions from answers to numbers.
//!
//! The arithmetic follows the contract's formulas in their written order
//! (`100 × Σ earned / Σ possible`, sums in rubric order) so that an independent
//! implementation of the same page gets the same digits.

use crate::ingest::answer::Answer;
use crate::rubric::{CriticalEffect, Rubric, Version};

#[cfg(test)]
mod tests;

/// The scores of one visit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitScore {
    /// Percent, 0-100 (above 100 only with bonus points and `bonus_cap: false`);
    /// `None` when nothing in the visit was scored.
    pub score: Option<f64>,
    /// Per section, in rubric order; `None` when nothing in it was scored.
    pub sections: Vec<Option<f64>>,
    /// Failed critical questions plus sections below their pass mark.
    pub critical_failures: u32,
}

impl VisitScore {
    pub fn has_critical_failure(&self) -> bool {
        self.critical_failures > 0
    }
}

/// Scores one visit's answers (one per rubric question, in rubric order).
pub fn score_visit(rubric: &Rubric, answers: &[Answer]) -> VisitScore {
    let mut out = VisitScore::default();
    score_into(rubric, answers, &mut out, &mut Vec::new());
    out
}

/// [`score_visit`] into reused buffers; `zeroed` is scratch space.
pub fn score_into(rubric: &Rubric, answers: &[Answer], out: &mut VisitScore, zeroed: &mut Vec<bool>) {
    let zero_section = rubric.critical_effect == CriticalEffect::ZeroSection;
    out.sections.clear();
    out.critical_failures = 0;
    zeroed.clear();
    for section in &rubric.sections {
        let (mut earned, mut possible, mut critical) = (0.0, 0.0, false);
        let questions = rubric.questions.get(section.questions.clone()).unwrap_or_default();
        let section_answers = answers.get(section.questions.clone()).unwrap_or_default();
        for (q, answer) in questions.iter().zip(section_answers) {
            let Some(f) = answer.fraction() else { continue };
            earned += f * q.points;
            // Adding 0.0 leaves a sum of points unchanged; no branch on the answer's value.
            possible += if q.bonus { 0.0 } else { q.points };
            let failed = q.critical & (f < 1.0);
            out.critical_failures += u32::from(failed);
            critical |= failed;
        }
        let mut zero = zero_section && critical;
        let mut score = (possible > 0.0).then(|| if zero { 0.0 } else { cap(rubric, 100.0 * earned / possible) });
        // Pass marks are checked after critical questions have been applied (§6).
        if let (Some(mark), Some(s)) = (section.pass_mark, score)
            && s < mark
        {
            out.critical_failures += 1;
            zero |= zero_section;
            if zero_section {
                score = Some(0.0);
            }
        }
        out.sections.push(score);
        zeroed.push(zero);
    }
    out.score = if rubric.weighted() { weighted(rubric, &out.sections) } else { unweighted(rubric, answers, zeroed) };
    if rubric.critical_effect == CriticalEffect::ZeroVisit && out.critical_failures > 0 && out.score.is_some() {
        out.score = Some(0.0);
    }
}

/// Buffers [`score_in_version`] reuses from visit to visit.
#[derive(Debug, Default)]
pub struct Scratch {
    zeroed: Vec<bool>,
    /// The visit's answers in its version's order.
    own: Vec<Answer>,
}

/// Scores a visit read against `rubric` (a merged view of versions, or one rubric) by
/// its version `version` (SCORING.md §7): its answers, at the view's indices, taken in
/// the version's order and scored by that version's rules, and its section scores
/// placed at the view's indices (a section the version lacks has none). With one
/// rubric file, [`score_into`].
pub fn score_in_version(rubric: &Rubric, version: usize, answers: &[Answer], out: &mut VisitScore, s: &mut Scratch) {
    match rubric.versions.get(version) {
        Some(v) if rubric.versioned() => score_version(rubric.sections.len(), v, answers, out, s),
        _ => score_into(rubric, answers, out, &mut s.zeroed),
    }
}

fn score_version(sections: usize, v: &Version, answers: &[Answer], out: &mut VisitScore, s: &mut Scratch) {
    s.own.clear();
    s.own.extend(v.questions.iter().map(|&i| answers.get(i).copied().unwrap_or(Answer::NotAsked)));
    score_into(&v.rubric, &s.own, out, &mut s.zeroed);
    let mut placed = vec![None; sections];
    for (&i, score) in v.sections.iter().zip(&out.sections) {
        if let Some(slot) = placed.get_mut(i) {
            *slot = *score;
        }
    }
    out.sections = placed;
}

/// 100 × Σ earned / Σ possible over every scored question; a zeroed section earns 0.
fn unweighted(rubric: &Rubric, answers: &[Answer], zeroed: &[bool]) -> Option<f64> {
    let (mut earned, mut possible) = (0.0, 0.0);
    for (q, answer) in rubric.questions.iter().zip(answers) {
        let Some(f) = answer.fraction() else { continue };
        if !zeroed[q.section] {
            earned += f * q.points;
        }
        if !q.bonus {
            possible += q.points;
        }
    }
    (possible > 0.0).then(|| cap(rubric, 100.0 * earned / possible))
}

/// Σ (weight × section score) / Σ weight over the sections that have a score.
fn weighted(rubric: &Rubric, sections: &[Option<f64>]) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (section, score) in rubric.sections.iter().zip(sections) {
        if let (Some(w), Some(s)) = (section.weight, score) {
            sum += w * s;
            weights += w;
        }
    }
    (weights > 0.0).then(|| cap(rubric, sum / weights))
}

/// Every section and visit score leaves through here: a finite number from 0 to 100,
/// above 100 only with `bonus_cap: false` (bonus points), and then at most `f64::MAX`.
/// A validated rubric keeps the sums far from overflow (`rubric::bounds`), so for one
/// this only caps bonus scores at 100; the rest guards a rubric built some other way.
/// A NaN (∞/∞ from overflowing sums) becomes 0: a score that fails gates rather than
/// the 100 that `min(100)` made of it.
fn cap(rubric: &Rubric, score: f64) -> f64 {
    let top = if rubric.bonus_cap { 100.0 } else { f64::MAX };
    if score.is_nan() { 0.0 } else { score.clamp(0.0, top) }
}
