//! `summary.json`: the run's aggregates for other tools, and `--json` on stdout.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::{Report, Staging};
use crate::aggregate::Group;
use crate::sink::Sink;
use crate::summary::Summary;

pub struct SummaryJson;

impl Sink for SummaryJson {}

impl Report for SummaryJson {
    fn finish(self: Box<Self>, summary: &Summary, staging: &mut Staging) -> Result<()> {
        staging.write("summary.json", &to_json(summary)?)?;
        Ok(())
    }
}

/// The summary as pretty-printed JSON, ending with a newline.
pub fn to_json(summary: &Summary) -> Result<Vec<u8>> {
    let mut bytes = crate::number::plain_json(&serde_json::to_vec_pretty(&Doc::new(summary))?);
    bytes = escape_for_terminals(bytes);
    bytes.push(b'\n');
    Ok(bytes)
}

/// JSON with every character a terminal could act on written as a `\uXXXX` escape:
/// serde escapes the C0 controls, but DEL, the C1 controls (`\u009b` starts an escape
/// sequence on some terminals) and the bidi controls would reach a terminal raw with
/// `--json`. A JSON reader reads the escape back as the same character, so the data is
/// unchanged. Such characters stand only inside strings, never in JSON's own syntax; the
/// C0 controls left are that syntax's line breaks and indents (serde escaped the others).
fn escape_for_terminals(json: Vec<u8>) -> Vec<u8> {
    let unsafe_char = |c: char| c >= ' ' && crate::terminal_text::acts_on_terminal(c);
    // Each such character starts with one of these bytes in UTF-8 (DEL; C1 `\xC2\x80`-`\x9f`;
    // U+061C `\xD8\x9C`; U+200E, U+200F, U+202A-U+202E, U+2066-U+2069 `\xE2\x80`/`\x81`):
    // a JSON without them, nearly every one, is left after one pass over its bytes (the
    // char-by-char test was 1.3% of a 100,000-visit run's instructions).
    if !json.iter().any(|b| matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2)) {
        return json;
    }
    let text = match String::from_utf8(json) {
        Ok(text) if text.chars().any(unsafe_char) => text,
        Ok(text) => return text.into_bytes(),
        Err(e) => return e.into_bytes(),
    };
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        if unsafe_char(c) {
            // Every such character is in the Basic Multilingual Plane: one escape.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct Doc<'a> {
    tool: Tool,
    rubric: RubricView<'a>,
    /// With two or more rubric versions, each, oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    versions: Option<Vec<VersionDoc<'a>>>,
    inputs: Vec<Input<'a>>,
    /// The month the headlines are about, and the window the totals cover; `None`
    /// without a dated visit.
    focus: Option<FocusDoc<'a>>,
    overall: GroupView<'a>,
    locations: Vec<Keyed<'a>>,
    /// The stores with no visit in the focus month (`locations` holds the window's, so a
    /// store seen only in a month read to compare with is here alone).
    unvisited: Vec<Unvisited<'a>>,
    regions: Vec<Keyed<'a>>,
    periods: Vec<Keyed<'a>>,
    location_periods: Vec<Keyed<'a>>,
    region_periods: Vec<Keyed<'a>>,
    /// The org chart's levels, top first: only when the rubric names `fields.levels`.
    #[serde(skip_serializing_if = "Option::is_none")]
    levels: Option<Vec<super::levels_json::LevelDoc<'a>>>,
    shoppers: Vec<Keyed<'a>>,
    channels: Vec<Keyed<'a>>,
    sections: Vec<SectionView<'a>>,
    questions: Vec<QuestionView<'a>>,
    issues: Issues,
    gates: &'a [crate::gate::GateResult],
    /// Scores resting on fewer scored visits than this are marked `small_sample`.
    small_sample_below: u64,
    comparison: Option<&'a crate::compare::Comparison>,
    /// This year to date against last year's same months, only when the run holds both.
    #[serde(skip_serializing_if = "Option::is_none")]
    year_to_date: Option<super::ytd_json::YtdDoc>,
    /// What the corrections file did (`--corrections` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    corrections: Option<CorrectionsDoc<'a>>,
    /// Only when the rubric names `fields.replaces`.
    #[serde(skip_serializing_if = "Option::is_none")]
    reshops: Option<crate::summary::ReshopCounts>,
    /// Alerts, actions, ladders, shopper deviations and the funnel (SCORING.md §8).
    follow_up: super::follow_up_json::FollowUpDoc<'a>,
}

/// summary.json's `corrections`: the file, its rows by status, what they did, and the
/// dispute figures.
#[derive(Serialize)]
struct CorrectionsDoc<'a> {
    file: &'a str,
    sha256: &'a str,
    rows: u64,
    accepted: u64,
    rejected: u64,
    pending: u64,
    acted: u64,
    void_visits: u64,
    changed_visits: u64,
    by_location: Vec<DisputedDoc>,
    by_shopper: Vec<DisputedDoc>,
    by_question: Vec<DisputedDoc>,
}

/// One location's (shopper's, question's) disputes, named by the list's own key.
#[derive(Serialize)]
struct DisputedDoc {
    #[serde(flatten)]
    name: std::collections::BTreeMap<&'static str, String>,
    rows: u64,
    accepted: u64,
    share_accepted: f64,
}

impl<'a> CorrectionsDoc<'a> {
    fn new(c: &'a crate::audit::CorrectionsReport) -> CorrectionsDoc<'a> {
        let list = |key: &'static str, d: Vec<crate::audit::Disputed>| {
            d.into_iter()
                .map(|d| DisputedDoc {
                    name: [(key, d.name)].into_iter().collect(),
                    rows: d.rows,
                    accepted: d.accepted,
                    share_accepted: d.share_accepted,
                })
                .collect()
        };
        CorrectionsDoc {
            file: &c.file,
            sha256: &c.sha256,
            rows: c.rows,
            accepted: c.accepted,
            rejected: c.rejected,
            pending: c.pending,
            acted: c.acted,
            void_visits: c.void_visits,
            changed_visits: c.changed_visits,
            by_location: list("location", c.by_location()),
            by_shopper: list("shopper", c.by_shopper()),
            by_question: list("question", c.by_question()),
        }
    }
}

/// One rubric version: its file, dates in force and the focus window's visits it scored.
#[derive(Serialize)]
struct VersionDoc<'a> {
    label: &'a str,
    file: String,
    sha256: Option<&'a str>,
    /// `None` for the earliest when it has no `effective_from`.
    effective_from: Option<String>,
    /// The day before the next version's `effective_from`; `None` for the latest.
    effective_until: Option<String>,
    visits: u64,
}

fn versions(s: &Summary) -> Option<Vec<VersionDoc<'_>>> {
    let r = &s.rubric;
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    r.versioned().then(|| {
        r.versions
            .iter()
            .enumerate()
            .map(|(i, v)| VersionDoc {
                label: &v.label,
                file: v.file.display().to_string(),
                sha256: v.rubric.sha256.as_deref(),
                effective_from: day(v.effective_from()),
                effective_until: day(r.version_until(i)),
                visits: s.version_visits.get(i).copied().unwrap_or(0),
            })
            .collect()
    })
}

#[derive(Serialize)]
struct FocusDoc<'a> {
    /// The focus month: `--period`, else the latest dated month.
    period: &'a str,
    /// The dated month before it.
    previous: Option<&'a str>,
    /// The dated months the totals (`overall`, `locations`, ...) cover, oldest first.
    window: Vec<&'a str>,
    /// e.g. `Aug-Oct 2026`.
    window_label: String,
    /// The window holds more than the focus month: the totals are not the focus month's.
    split: bool,
    /// Visits of no readable date the totals count (a run without a window scores them,
    /// in no month); `window_label` then ends `+ undated`.
    undated_in_window: u64,
}

/// A group's figures in the focus month, beside its window totals.
#[derive(Serialize)]
struct FocusFigures<'a> {
    period: &'a str,
    /// The location's place when ranked on focus-month scores (locations only).
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    visits: u64,
    scored_visits: u64,
    score: Option<f64>,
    small_sample: bool,
    grade: Option<&'a str>,
    on_target: Option<bool>,
    critical_failure_visits: u64,
}

/// A store with no visit in the focus month: listed so its owner sees it went unvisited,
/// never ranked or judged by a gate.
#[derive(Serialize)]
struct Unvisited<'a> {
    location: &'a str,
    region: Option<&'a str>,
    /// The latest dated month it had a visit in.
    last_period: Option<&'a str>,
    /// Its figures in the month before the focus (`null` without a visit then).
    previous: Option<FocusFigures<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct RubricView<'a> {
    name: &'a str,
    version: Option<&'a str>,
    file: String,
    target: Option<f64>,
    critical_effect: &'static str,
    weighted: bool,
}

#[derive(Serialize)]
struct Input<'a> {
    file: &'a str,
    encoding: &'a str,
    delimiter: String,
    rows: u64,
    visits: u64,
    outside_periods: u64,
    /// Visits of earlier months read only for comparison (`--period`).
    read_for_comparison: u64,
    /// Visits whose date cannot be read, in a run bounded to periods: not scored, as
    /// they cannot be placed in the window (each is a `bad_date` issue).
    undated: u64,
}

#[derive(Serialize)]
struct Keyed<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shopper: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<&'a str>,
    #[serde(flatten)]
    group: GroupView<'a>,
}

impl<'a> Keyed<'a> {
    fn new(group: GroupView<'a>) -> Keyed<'a> {
        Keyed { rank: None, location: None, region: None, period: None, shopper: None, channel: None, group }
    }
}

#[derive(Serialize)]
struct GroupView<'a> {
    visits: u64,
    scored_visits: u64,
    score: Option<f64>,
    /// 95% t-interval of the mean visit score.
    ci95: Option<[f64; 2]>,
    small_sample: bool,
    grade: Option<&'a str>,
    on_target: Option<bool>,
    critical_failure_visits: u64,
    sections: Vec<SectionScore<'a>>,
    grades: Vec<GradeCount<'a>>,
    /// Overall, locations and regions: the focus month's figures (`null` when the group
    /// has no visit then, or nothing is dated); absent from other groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    focus: Option<Option<FocusFigures<'a>>>,
}

#[derive(Serialize)]
struct SectionScore<'a> {
    section: &'a str,
    score: Option<f64>,
    n: u64,
}

/// Visits of one grade band; the last, `grade: null` with `below_every_band: true`, is
/// the scored visits below the lowest band's `min`, listed only when there are any.
#[derive(Serialize)]
struct GradeCount<'a> {
    grade: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    below_every_band: bool,
    visits: u64,
}

#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    title: &'a str,
    weight: Option<f64>,
    pass_mark: Option<f64>,
    score: Option<f64>,
    n: u64,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    id: &'a str,
    section: &'a str,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    points: f64,
    critical: bool,
    bonus: bool,
    pass_rate: Option<f64>,
    /// 95% Wilson interval of the pass rate.
    pass_rate_ci95: Option<[f64; 2]>,
    scored: u64,
    failed: u64,
    na: u64,
    missing: u64,
    invalid: u64,
}

#[derive(Serialize)]
struct Issues {
    total: u64,
    by_problem: serde_json::Map<String, serde_json::Value>,
}

impl<'a> Doc<'a> {
    fn new(s: &'a Summary) -> Doc<'a> {
        let r = &s.rubric;
        // The rubric it names is the latest version (the merged view's own top level).
        let latest = r.latest();
        let a = &s.aggregates;
        let g = |group: &'a Group| GroupView::new(s, group);
        let keyed = |map: &'a std::collections::BTreeMap<String, Group>, set: fn(&mut Keyed<'a>, &'a str)| {
            map.iter()
                .map(|(k, group)| {
                    let mut item = Keyed::new(g(group));
                    set(&mut item, k);
                    item
                })
                .collect()
        };
        let focus = s.focus();
        let period = focus.as_ref().map(|f| f.period);
        // Each location's place on focus-month scores (those with one rank first).
        let focus_rank: BTreeMap<&str, usize> = s.stores().iter().enumerate().map(|(i, h)| (h.key, i + 1)).collect();
        let locations = a
            .ranking()
            .into_iter()
            .enumerate()
            .map(|(i, (name, group))| {
                let now = focus.as_ref().and_then(|f| f.location(name));
                let view = g(group).with_focus(s, period, now, focus_rank.get(name).copied());
                Keyed {
                    rank: Some(i + 1),
                    location: Some(name),
                    region: a.location_regions.get(name).map(String::as_str),
                    ..Keyed::new(view)
                }
            })
            .collect();
        let unvisited = s
            .headlines()
            .into_iter()
            .filter(|h| h.is_store() && h.unvisited())
            .filter_map(|h| {
                let f = focus.as_ref()?;
                let months = a.location_periods.get(h.key);
                let dated = months.and_then(|m| m.keys().rfind(|p| *p != crate::date::UNKNOWN_PERIOD));
                Some(Unvisited {
                    location: h.key,
                    region: a.location_regions.get(h.key).map(String::as_str),
                    last_period: dated.map(String::as_str),
                    previous: f.previous.zip(f.previous_location(h.key)).map(|(p, g)| figures(s, p, g, None)),
                })
            })
            .collect();
        let regions = a
            .regions
            .iter()
            .map(|(name, group)| {
                let now = focus.as_ref().and_then(|f| f.region(name));
                Keyed { region: Some(name.as_str()), ..Keyed::new(g(group).with_focus(s, period, now, None)) }
            })
            .collect();
        let overall = g(&a.overall).with_focus(s, period, focus.as_ref().and_then(|f| f.overall()), None);
        // location or region × period, flattened: one item per pair.
        let by_period = |m: &'a BTreeMap<String, BTreeMap<String, Group>>, set: fn(&mut Keyed<'a>, &'a str)| {
            m.iter()
                .flat_map(|(key, periods)| {
                    periods.iter().map(move |(p, group)| {
                        let mut item = Keyed { period: Some(p), ..Keyed::new(GroupView::new(s, group)) };
                        set(&mut item, key);
                        item
                    })
                })
                .collect::<Vec<_>>()
        };
        let location_periods = by_period(&a.location_periods, |k, v| k.location = Some(v));
        let region_periods = by_period(&a.region_periods, |k, v| k.region = Some(v));
        Doc {
            tool: Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION") },
            rubric: RubricView {
                name: &r.name,
                version: r.version.as_deref(),
                file: s.rubric_file.display().to_string(),
                target: r.target,
                critical_effect: r.critical_effect.as_str(),
                weighted: latest.weighted(),
            },
            versions: versions(s),
            inputs: s
                .inputs
                .iter()
                .map(|i| Input {
                    file: &i.file,
                    encoding: &i.encoding,
                    delimiter: delimiter_name(i.delimiter),
                    rows: i.rows,
                    visits: i.visits,
                    outside_periods: i.outside,
                    read_for_comparison: i.compared,
                    undated: i.undated,
                })
                .collect(),
            overall,
            locations,
            unvisited,
            regions,
            focus: focus.as_ref().map(|f| FocusDoc {
                period: f.period,
                previous: f.previous,
                window: f.window.clone(),
                window_label: f.window_label(),
                split: f.split(),
                undated_in_window: f.undated,
            }),
            periods: keyed(&a.periods, |k, v| k.period = Some(v)),
            location_periods,
            region_periods,
            levels: super::levels_json::levels(&s.hierarchy()),
            shoppers: keyed(&a.shoppers, |k, v| k.shopper = Some(v)),
            channels: keyed(&a.channels, |k, v| k.channel = Some(v)),
            sections: r
                .sections
                .iter()
                .zip(&a.overall.sections)
                .map(|(sec, m)| SectionView {
                    id: &sec.id,
                    title: &sec.title,
                    weight: sec.weight,
                    pass_mark: sec.pass_mark,
                    score: m.value(),
                    n: m.n,
                })
                .collect(),
            questions: r
                .questions
                .iter()
                .zip(&a.overall.questions)
                .map(|(q, st)| QuestionView {
                    id: &q.id,
                    section: &r.sections[q.section].id,
                    text: &q.text,
                    kind: q.kind.name(),
                    points: q.points,
                    critical: q.critical,
                    bonus: q.bonus,
                    pass_rate: st.pass_rate(),
                    pass_rate_ci95: crate::stats::wilson95(st).map(|(lo, hi)| [lo, hi]),
                    scored: st.scored,
                    failed: st.failed,
                    na: st.na,
                    missing: st.missing,
                    invalid: st.invalid,
                })
                .collect(),
            gates: &s.gates,
            small_sample_below: s.min_visits,
            comparison: s.comparison.as_ref(),
            year_to_date: s.year_to_date().map(|y| super::ytd_json::YtdDoc::new(y, a, s.min_visits)),
            corrections: s.corrections.as_ref().map(CorrectionsDoc::new),
            reshops: s.reshops,
            follow_up: super::follow_up_json::FollowUpDoc::new(r, &s.follow_up),
            issues: Issues {
                total: s.issues.total(),
                by_problem: s.issues.by_kind().map(|(k, n)| (k.as_str().to_string(), n.into())).collect(),
            },
        }
    }
}

impl<'a> GroupView<'a> {
    fn new(s: &'a Summary, group: &'a Group) -> GroupView<'a> {
        let r = &s.rubric;
        let score = group.score.value();
        GroupView {
            visits: group.visits,
            scored_visits: group.score.n,
            score,
            ci95: crate::stats::mean_ci95(&group.score).map(|(lo, hi)| [lo, hi]),
            small_sample: group.score.n < s.min_visits,
            grade: score.and_then(|v| r.grade(v)),
            on_target: score.and_then(|v| r.on_target(v)),
            critical_failure_visits: group.critical_visits,
            sections: r
                .sections
                .iter()
                .zip(&group.sections)
                .map(|(sec, m)| SectionScore { section: &sec.id, score: m.value(), n: m.n })
                .collect(),
            grades: r
                .grades
                .iter()
                .map(|g| Some(g.name.as_str()))
                .chain([None])
                .zip(&group.grades)
                .filter(|&(grade, &visits)| grade.is_some() || visits > 0)
                .map(|(grade, &visits)| GradeCount { grade, below_every_band: grade.is_none(), visits })
                .collect(),
            focus: None,
        }
    }

    /// This view with `group`'s focus-month figures beside it (`group` is `None` when it
    /// has no visit in the focus month).
    fn with_focus(
        mut self,
        s: &'a Summary,
        period: Option<&'a str>,
        group: Option<&'a Group>,
        rank: Option<usize>,
    ) -> Self {
        self.focus = Some(period.zip(group).map(|(period, g)| figures(s, period, g, rank)));
        self
    }
}

/// `g`'s figures in one month, `period` (a rank only where it has a score).
fn figures<'a>(s: &'a Summary, period: &'a str, g: &'a Group, rank: Option<usize>) -> FocusFigures<'a> {
    let score = g.score.value();
    FocusFigures {
        period,
        rank: rank.filter(|_| score.is_some()),
        visits: g.visits,
        scored_visits: g.score.n,
        score,
        small_sample: g.score.n < s.min_visits,
        grade: score.and_then(|v| s.rubric.grade(v)),
        on_target: score.and_then(|v| s.rubric.on_target(v)),
        critical_failure_visits: g.critical_visits,
    }
}

/// `,`, `;` or `tab`: how the user would name it; `-` for none (a workbook).
pub fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        0 => "-".into(),
        d => (d as char).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::escape_for_terminals;

    #[test]
    fn characters_a_terminal_acts_on_are_escaped_and_read_back_the_same() {
        let name = "A\u{9b}31mB\u{202e}C\u{7f}D é\u{2066}\u{61c}";
        let json = serde_json::to_vec(&serde_json::json!({ "name": name })).unwrap();
        let out = escape_for_terminals(json);
        let text = String::from_utf8(out.clone()).unwrap();
        assert_eq!(text, r#"{"name":"A\u009b31mB\u202eC\u007fD é\u2066\u061c"}"#);
        let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back["name"], name);
        // Nothing to escape: the same bytes, the pretty printer's line breaks and indents
        // included.
        let plain = serde_json::to_vec_pretty(&serde_json::json!({ "name": "Café Nord", "tab": "\t" })).unwrap();
        assert_eq!(escape_for_terminals(plain.clone()), plain);
        let pretty = serde_json::to_vec_pretty(&serde_json::json!({ "name": "a\u{7f}" })).unwrap();
        assert_eq!(String::from_utf8(escape_for_terminals(pretty)).unwrap(), "{\n  \"name\": \"a\\u007f\"\n}");
    }
}
