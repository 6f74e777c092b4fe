//! The scoring rules in plain words (SCORING.md, as the README summarises it), told for
//! this run's rubric: its weights, critical effect, bonus cap, grade bands and target.

use crate::rubric::{CriticalEffect, Rubric};

use crate::target::NEAR_WITHIN;

pub fn plain_words(r: &Rubric) -> Vec<String> {
    let visit = if r.weighted() {
        let weights: Vec<String> =
            r.sections.iter().map(|s| format!("{} {}", s.title, s.weight.unwrap_or_default())).collect();
        format!(
            "A visit's score is the weighted mean of its section scores that exist (weights: {}). No score when nothing was scored.",
            weights.join(", ")
        )
    } else {
        "A visit's score is 100 × points earned / points possible over all its scored questions. No score when nothing was scored.".to_string()
    };
    let critical = match r.critical_effect {
        CriticalEffect::ZeroVisit => {
            "this rubric (zero_visit) scores the whole visit 0; its sections keep their scores"
        }
        CriticalEffect::ZeroSection => {
            "this rubric (zero_section) gives its section 0 before the visit score is computed"
        }
        CriticalEffect::Flag => "this rubric (flag) records and shows it; scores are unchanged",
    };
    let cap =
        if r.bonus_cap { "section and visit scores stop at 100" } else { "scores may pass 100 (bonus_cap: false)" };
    let bands: Vec<String> = r.grades.iter().map(|g| format!("{} from {}", g.name, g.min)).collect();
    let grades = if bands.is_empty() { "this rubric has no grade bands".to_string() } else { bands.join(", ") };
    let target = match r.target {
        Some(t) => format!(
            "On target: a score of at least {t}; near target: less than {NEAR_WITHIN} points below it (above {}); under target: further below. Every sheet colours a score the same way: blue on target (✓ after the number), gold near (~), red under (✗), with the status in words on the Locations sheet.",
            t - NEAR_WITHIN
        ),
        None => "This rubric sets no target. The sheets colour a score by its grade band: red for the lowest band through gold to blue for the highest.".to_string(),
    };
    let focus = "The focus month is the --period, else the latest month with a dated visit. With more than one month, the Locations, Sections and Questions sheets show the focus month's figures first, beside the previous month's and the change; the figures over the whole window (all the months the run scored) have their own columns or block, labelled with the months they cover (e.g. Aug-Oct 2026). Every header names its period.".to_string();
    vec![
        "Each answer is blank (missing: left out, reported as a data issue), N/A (n/a, na or -: left out; a data issue where the question does not allow N/A), valid (scored with its fraction f) or invalid (left out, reported). A scored answer earns f × its points; a question fails when it is scored and f < 1.".to_string(),
        "A section's score is 100 × points earned / points possible over its scored questions; a section with nothing scored has no score.".to_string(),
        visit,
        format!("A failed critical question is a critical failure: {critical}."),
        format!("Bonus questions add f × points to what a section earns, never to what it could earn; {cap}. A bonus question cannot fail: its unearned answers are not counted as failed, and it is never among the weakest questions."),
        "A section with a pass mark that scores below it counts as a critical failure too, checked after critical questions were applied.".to_string(),
        format!("Grade: the first band (highest first) the score reaches: {grades}. No grade without a score."),
        format!("Period: the month (YYYY-MM) of the visit date, read as {}; unknown, and a data issue, when the date does not parse or is more than a year after the run date. Unknown months count in every total but are left out of the Trend sheet and the change column.", r.date_format),
        "A location, region, month or the whole run scores the mean of the visit scores that exist, so every visit counts once; a section's score is the mean of the visits' section scores; a question's pass rate is 100 × the mean f of its scored answers.".to_string(),
        target,
        focus,
        "Cells hold every digit of each number, the same values as visits.csv and summary.json; the sheets show one decimal. Text is shown exactly as written, cut at Excel's 32,767 characters (issues.csv lists every cut cell).".to_string(),
    ]
}
