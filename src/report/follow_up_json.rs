//! summary.json's `follow_up`: the focus month's hot alerts, actions, ladders, shopper
//! deviations and funnel (SCORING.md §8), with the rules the run applied. Numbers carry
//! every digit; questions and sections are named by id.

use serde::Serialize;

use crate::follow_up::{Alert, Failed, FollowUp, Lean};
use crate::rubric::Rubric;

#[derive(Serialize)]
pub(super) struct FollowUpDoc<'a> {
    /// The focus month; `None` when no visit is dated (alerts and actions are then about
    /// every scored visit).
    period: Option<&'a str>,
    previous: Option<&'a str>,
    rules: RulesDoc<'a>,
    alerts: Vec<AlertDoc<'a>>,
    actions: Vec<ActionDoc<'a>>,
    ladder: Option<LadderDoc<'a>>,
    shoppers: Vec<ShopperDoc<'a>>,
    funnel: Option<FunnelDoc<'a>>,
}

#[derive(Serialize)]
struct RulesDoc<'a> {
    alert_below: Option<f64>,
    action_failures: u64,
    action_streak: u64,
    shopper_margin: f64,
    ladder: Option<&'a crate::rubric::LadderRule>,
}

#[derive(Serialize)]
struct AlertDoc<'a> {
    file: &'a str,
    line: u64,
    visit_id: &'a str,
    location: &'a str,
    region: &'a str,
    date: &'a str,
    shopper: &'a str,
    score: Option<f64>,
    critical: bool,
    below: bool,
    failed: Vec<FailedDoc<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum FailedDoc<'a> {
    Question { question: &'a str, comment: &'a str },
    Section { section: &'a str, score: f64, pass_mark: f64 },
}

#[derive(Serialize)]
struct ActionDoc<'a> {
    location: &'a str,
    question: &'a str,
    section: &'a str,
    rule: &'static str,
    failed: u64,
    scored: u64,
    pass_rate: Option<f64>,
    previous_pass_rate: Option<f64>,
    in_a_row: u64,
    critical: bool,
    severity: f64,
    comments: &'a [String],
    comments_total: u64,
}

#[derive(Serialize)]
struct LadderDoc<'a> {
    pass: f64,
    steps: &'a [String],
    reset: Option<&'a str>,
    locations: Vec<LadderLocationDoc<'a>>,
}

#[derive(Serialize)]
struct LadderLocationDoc<'a> {
    location: &'a str,
    step: usize,
    step_name: Option<&'a str>,
    breach: bool,
    streak: u64,
    periods: Vec<LadderPeriodDoc<'a>>,
}

#[derive(Serialize)]
struct LadderPeriodDoc<'a> {
    period: &'a str,
    score: Option<f64>,
    scored: u64,
    /// `pass`, `fail` or `too_few` (fewer than the run's `min_visits` scored visits).
    outcome: &'static str,
    reset: bool,
    step: usize,
}

#[derive(Serialize)]
struct ShopperDoc<'a> {
    shopper: &'a str,
    visits: u64,
    scored: u64,
    mean: Option<f64>,
    compared: u64,
    deviation: Option<f64>,
    ci95: Option<[f64; 2]>,
    /// `lenient`, `severe`, or `None`.
    lean: Option<&'static str>,
    issues: u64,
    /// Only with `--corrections`.
    #[serde(skip_serializing_if = "Option::is_none")]
    disputed: Option<u64>,
}

#[derive(Serialize)]
struct FunnelDoc<'a> {
    period: &'a str,
    mean: f64,
    sd: f64,
    z95: f64,
    z998: f64,
    points: Vec<FunnelPointDoc<'a>>,
}

#[derive(Serialize)]
struct FunnelPointDoc<'a> {
    location: &'a str,
    n: u64,
    score: f64,
    limits95: [f64; 2],
    limits998: [f64; 2],
    /// 95 outside the 95% limits only, 99.8 outside the 99.8% ones too.
    outside: Option<f64>,
}

impl<'a> FollowUpDoc<'a> {
    pub(super) fn new(rubric: &'a Rubric, f: &'a FollowUp) -> FollowUpDoc<'a> {
        let question = |i: usize| rubric.questions.get(i).map_or("", |q| q.id.as_str());
        let section_of = |i: usize| rubric.questions.get(i).and_then(|q| rubric.sections.get(q.section));
        FollowUpDoc {
            period: f.period.as_deref(),
            previous: f.previous.as_deref(),
            rules: RulesDoc {
                alert_below: f.rules.alert_below,
                action_failures: f.rules.action_failures,
                action_streak: f.rules.action_streak,
                shopper_margin: f.rules.shopper_margin,
                ladder: f.rules.ladder.as_ref(),
            },
            alerts: f.alerts.iter().map(|a| alert(rubric, a)).collect(),
            actions: f
                .actions
                .iter()
                .map(|a| ActionDoc {
                    location: &a.location,
                    question: question(a.question),
                    section: section_of(a.question).map_or("", |s| s.id.as_str()),
                    rule: a.rule(),
                    failed: a.failed,
                    scored: a.scored,
                    pass_rate: a.pass_rate,
                    previous_pass_rate: a.previous_pass_rate,
                    in_a_row: a.in_a_row,
                    critical: a.critical,
                    severity: a.severity,
                    comments: &a.comments,
                    comments_total: a.comments_total,
                })
                .collect(),
            ladder: f.ladder.as_ref().map(|l| LadderDoc {
                pass: l.rule.pass,
                steps: &l.rule.steps,
                reset: l.rule.reset.as_deref(),
                locations: l
                    .locations
                    .iter()
                    .map(|loc| LadderLocationDoc {
                        location: &loc.location,
                        step: loc.step,
                        step_name: l.rule.step_name(loc.step),
                        breach: l.rule.is_breach(loc.step),
                        streak: loc.streak,
                        periods: loc
                            .periods
                            .iter()
                            .map(|p| LadderPeriodDoc {
                                period: &p.period,
                                score: p.score,
                                scored: p.scored,
                                outcome: p.outcome.as_str(),
                                reset: p.reset,
                                step: p.step,
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            shoppers: f
                .shoppers
                .iter()
                .map(|s| ShopperDoc {
                    shopper: &s.shopper,
                    visits: s.visits,
                    scored: s.scored,
                    mean: s.mean,
                    compared: s.compared,
                    deviation: s.deviation,
                    ci95: s.ci95.map(|(lo, hi)| [lo, hi]),
                    lean: s.lean.map(Lean::as_str),
                    issues: s.issues,
                    disputed: s.disputed,
                })
                .collect(),
            funnel: f.funnel.as_ref().map(|fun| FunnelDoc {
                period: &fun.period,
                mean: fun.mean,
                sd: fun.sd,
                z95: crate::follow_up::Z95,
                z998: crate::follow_up::Z998,
                points: fun
                    .points
                    .iter()
                    .map(|p| FunnelPointDoc {
                        location: &p.location,
                        n: p.n,
                        score: p.score,
                        limits95: [p.limits95.0, p.limits95.1],
                        limits998: [p.limits998.0, p.limits998.1],
                        outside: p.outside,
                    })
                    .collect(),
            }),
        }
    }
}

fn alert<'a>(rubric: &'a Rubric, a: &'a Alert) -> AlertDoc<'a> {
    let failed = a
        .failed
        .iter()
        .map(|f| match f {
            Failed::Question { question, comment } => {
                FailedDoc::Question { question: rubric.questions.get(*question).map_or("", |q| q.id.as_str()), comment }
            }
            Failed::Section { section, score, pass_mark } => FailedDoc::Section {
                section: rubric.sections.get(*section).map_or("", |s| s.id.as_str()),
                score: *score,
                pass_mark: *pass_mark,
            },
        })
        .collect();
    AlertDoc {
        file: &a.file,
        line: a.line,
        visit_id: &a.visit_id,
        location: &a.location,
        region: &a.region,
        date: &a.date,
        shopper: &a.shopper,
        score: a.score,
        critical: a.critical,
        below: a.below,
        failed,
    }
}
