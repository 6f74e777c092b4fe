//! What each fuzz target does with its input, and the invariants it asserts.
//!
//! Shared by the fuzz targets (`fuzz/fuzz_targets/`) and the main crate's regression
//! test (`tests/cli/fuzz_regressions.rs` includes this file by path), so a kept crasher
//! replays through the same code. Only the library's public API is used.
//!
//! A panic here is a finding: either shopscore panicked, or it broke an invariant a
//! correct program keeps (a score outside its range, a row in no visit and no issue,
//! an answer read one way by the fast path and another by the parser, ...).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use shopscore::gate::Gates;
use shopscore::ingest::answer::{self, Answer};
use shopscore::ingest::{Input, Visit};
use shopscore::issue::{Issue, IssueKind};
use shopscore::progress::Progress;
use shopscore::rubric::{QuestionKind, Rubric};
use shopscore::sink::{ScoredVisit, Sink};
use shopscore::summary::Judging;
use shopscore::window::Window;

/// Every question type, unweighted, `zero_visit`, capped, every integrity check on,
/// the default field headers.
const MINI: &str = r#"name: Fuzz mini
target: 80
grades:
  - { name: Good, min: 75 }
  - { name: Poor, min: 0 }
checks: { straight_lining: true, future_dates: true, max_visits_per_shopper_location: 1, min_minutes_between_locations: 30 }
sections:
  - id: greeting
    title: Greeting
    questions:
      - { id: greeted, text: Greeted?, type: yes_no, points: 2, critical: true }
      - { id: talked_over, text: Talked over you?, type: yes_no, expected: no, na: false }
      - { id: tone, text: Tone, type: scale, min: 1, max: 5 }
  - id: service
    title: Service
    questions:
      - { id: name_use, text: Used name, type: choice, options: { Naturally: 1, Once: 0.5, Never: 0 } }
      - { id: extras, text: Extras, type: multi, options: { Gift wrap: 0.5, Loyalty card: 0.5, None: 0 }, comment: extras_comment }
      - { id: wait, text: Seconds waited, type: number, bands: [ { min: 0, max: 30, score: 1 }, { min: 30, max: 120, score: 0.5 }, { min: 120, score: 0 } ] }
      - { id: gesture, text: Gesture, type: yes_no, bonus: true, comment: gesture_comment, comment_required_on_fail: true }
"#;

/// Weighted sections, `zero_section`, pass marks, uncapped bonus points, a day-first
/// date format and headers with spaces.
const WEIGHTED: &str = r#"name: Fuzz weighted
critical_effect: zero_section
bonus_cap: false
date_format: "%d/%m/%Y"
fields: { visit_id: "Visit ID", location: Store, date: "Visit date", region: Region, shopper: Shopper, channel: Channel, time: "Visit time" }
sections:
  - id: a
    title: A
    weight: 3
    pass_mark: 50
    questions:
      - { id: q1, text: Q1, column: "Q1 Greeted", type: yes_no, critical: true, na: false }
      - { id: q2, text: Q2, column: "Q2 Rating", type: scale, min: 0, max: 10, step: 0.5, points: 4 }
      - { id: q3, text: Q3, column: "Q3 Extra", type: yes_no, bonus: true, points: 3 }
  - id: b
    title: B
    weight: 1
    questions:
      - { id: q4, text: Q4, column: "Q4 Outcome", type: choice, options: { "Fixed": 1, "Fixed after a wait": 0.6, "Not fixed": 0 } }
      - { id: q5, text: Q5, column: "Q5 Offers", type: multi, options: { "Wrap": 0.4, "Card": 0.4, "Demo": 0.4 }, comment: "Q5 Comment" }
      - { id: q6, text: Q6, column: "Q6 Rings", type: number, points: 2, bands: [ { max: 3, score: 1 }, { min: 3, max: 5, score: 0.5 } ] }
"#;

/// The rubrics a CSV input is read against: its first byte picks one (modulo their
/// number), the rest is the file. `MINI` again with `critical_effect: flag` and
/// uncapped bonus points, and the repository's two rubrics (the samples' headers).
fn rubrics() -> &'static [(Rubric, &'static str)] {
    static RUBRICS: OnceLock<Vec<(Rubric, &'static str)>> = OnceLock::new();
    RUBRICS.get_or_init(|| {
        let flag = MINI.replacen("target: 80\n", "target: 80\ncritical_effect: flag\nbonus_cap: false\n", 1);
        let texts: [(String, &str); 5] = [
            (MINI.to_string(), "mini.yaml"),
            (WEIGHTED.to_string(), "weighted.yaml"),
            (flag, "flag.yaml"),
            (include_str!("../../rubrics/retail-visit.yaml").to_string(), "retail-visit.yaml"),
            (include_str!("../../rubrics/phone-call.yaml").to_string(), "phone-call.yaml"),
        ];
        texts
            .into_iter()
            .map(|(text, name)| match shopscore::rubric::parse(Path::new(name), &text) {
                Ok(r) => (r, name),
                Err(e) => panic!("the fuzz harness's own rubric {name} is refused: {e}"),
            })
            .collect()
    })
}

/// A folder for the per-iteration input file: in memory (`/dev/shm`) where there is one.
pub fn scratch_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        // libFuzzer's processes end with exit(), so none removes its own folder: each new
        // one removes those of processes that are gone (Linux: no /proc/PID).
        if let Ok(entries) = std::fs::read_dir(&base) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let pid = name.to_str().and_then(|n| n.strip_prefix("shopscore-fuzz-"));
                if pid.is_some_and(|pid| !Path::new("/proc").join(pid).exists()) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = base.join(format!("shopscore-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
    .clone()
}

/// The highest score a visit can reach: 100, or with uncapped bonus points, 100 ×
/// (1 + Σ bonus points / the smallest non-bonus points) (a visit answering one such
/// question and every bonus question).
fn highest(rubric: &Rubric) -> f64 {
    if rubric.bonus_cap {
        return 100.0;
    }
    let bonus: f64 = rubric.questions.iter().filter(|q| q.bonus).map(|q| q.points).sum();
    let least = rubric.questions.iter().filter(|q| !q.bonus).map(|q| q.points).fold(f64::INFINITY, f64::min);
    if least.is_finite() { 100.0 * (1.0 + bonus / least) } else { 100.0 }
}

fn assert_score(what: &str, score: f64, rubric: &Rubric) {
    let high = highest(rubric);
    assert!(score.is_finite(), "{what} score {score} is not finite");
    // A relative slack for the rounding of sums of weights.
    assert!((0.0..=high * (1.0 + 1e-12)).contains(&score), "{what} score {score} outside [0, {high}]");
}

/// A row that is not a visit is named by one of these (the first issue on its line).
fn whole_row(kind: IssueKind) -> bool {
    matches!(kind, IssueKind::WrongFieldCount | IssueKind::NoVisitId)
}

/// Checks every visit and issue as it streams past and counts them.
struct Checked<'a> {
    rubric: &'a Rubric,
    file: String,
    visits: u64,
    scored: u64,
    whole_rows: u64,
    last_line: u64,
    /// Issue kinds of the visit just seen, and after it.
    issues: Vec<(u64, IssueKind)>,
    /// Every visit and issue, in words, for comparing two runs.
    seen: Vec<String>,
}

impl Sink for Checked<'_> {
    fn visit(&mut self, v: &ScoredVisit) -> anyhow::Result<()> {
        let rubric = self.rubric;
        assert_eq!(v.file, self.file);
        let line = v.visit.line;
        assert!(line >= 2 && line > self.last_line, "visit on line {line} after line {}", self.last_line);
        self.last_line = line;
        self.visits += 1;
        check_answers(rubric, v.visit);
        assert_eq!(v.score.sections.len(), rubric.sections.len());
        for s in v.score.sections.iter().flatten() {
            assert_score("section", *s, rubric);
        }
        if let Some(s) = v.score.score {
            self.scored += 1;
            assert_score("visit", s, rubric);
            assert_eq!(v.grade, rubric.grade(s));
        } else {
            assert_eq!(v.grade, None);
        }
        let (visit, score) = (v.visit, v.score);
        self.seen.push(format!(
            "visit line {line} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {score:?} {:?}",
            visit.visit_id,
            visit.location,
            visit.region,
            visit.shopper,
            visit.channel,
            visit.period,
            visit.answers,
            visit.cells
        ));
        if rubric.critical_effect == shopscore::rubric::CriticalEffect::ZeroVisit && v.score.critical_failures > 0 {
            assert!(v.score.score.is_none_or(|s| s == 0.0), "a critical failure under zero_visit scores {:?}", v.score);
        }
        Ok(())
    }

    fn issue(&mut self, issue: &Issue, visit: Option<&Visit>) -> anyhow::Result<()> {
        assert_eq!(issue.file, self.file);
        // An issue is on the visit of its own row, or on a row that is not a visit.
        match visit {
            Some(v) => assert_eq!(v.line, issue.line, "{issue:?} listed with the visit of line {}", v.line),
            None => assert!(
                whole_row(issue.kind) || matches!(issue.kind, IssueKind::SwallowedRows | IssueKind::CellTooLong),
                "{issue:?} has no visit"
            ),
        }
        assert!(issue.line >= 2, "an issue on line {} (the header is line 1): {issue:?}", issue.line);
        assert!(!issue.problem.is_empty());
        // A row's issues follow its visit, or stand alone for a row that is no visit.
        if whole_row(issue.kind) && !self.issues.iter().any(|&(l, k)| l == issue.line && whole_row(k)) {
            self.whole_rows += 1;
        }
        self.issues.push((issue.line, issue.kind));
        self.seen.push(format!("{issue:?}"));
        Ok(())
    }
}

/// The answers the fast path (a table of common answers, looked up from the bytes)
/// found are the ones the parser finds in the same cells; each fraction is in [0, 1].
fn check_answers(rubric: &Rubric, visit: &Visit) {
    assert_eq!(visit.answers.len(), rubric.questions.len());
    assert_eq!(visit.cells.len(), rubric.questions.len(), "keep_text is on: every answer's text is kept");
    for ((q, got), cell) in rubric.questions.iter().zip(&visit.answers).zip(&visit.cells) {
        if let Answer::Scored(f) = got {
            assert!((0.0..=1.0).contains(f), "question {}: fraction {f} from {cell:?}", q.id);
        }
        let parsed = answer::parse(q, cell);
        assert_eq!(*got, parsed, "question {}: the cell {cell:?} read as {got:?}, parsed as {parsed:?}", q.id);
    }
}

/// Target 1: `data[0]` picks a rubric, `data[1..]` is a CSV file, read, scored and
/// aggregated as `shopscore score` does (`run::stream`). Checks every visit and issue
/// (see [`Checked`]), that every record read is a visit or a whole-row issue, and that
/// the totals agree with the visits.
pub fn csv(data: &[u8], dir: &Path) {
    let Some((&pick, body)) = data.split_first() else { return };
    let path = dir.join("visits.csv");
    std::fs::write(&path, body).unwrap();
    run_csv(pick_rubric(pick), &path);
}

/// Target 3: as [`csv`], and the same text saved as UTF-16LE (with its byte-order mark)
/// must read, score and report exactly the same: every visit, score and issue, on the
/// same lines. Only for UTF-8 input without NUL bytes (the encoding guess of other
/// bytes is not this target's question).
pub fn csv_utf16(data: &[u8], dir: &Path) {
    let Some((&pick, body)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(body) else { return };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return;
    }
    let rubric = pick_rubric(pick);
    let path = dir.join("visits.csv");
    std::fs::write(&path, text).unwrap();
    let utf8 = run_csv(rubric, &path);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&path, utf16).unwrap();
    let utf16 = run_csv(rubric, &path);
    match (utf8, utf16) {
        (Some(a), Some(b)) => {
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x, y, "UTF-8 and UTF-16 read differently");
            }
            assert_eq!(a.len(), b.len(), "UTF-8 and UTF-16 read a different number of visits and issues");
        }
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "one encoding is read, the other refused"),
    }
}

fn pick_rubric(pick: u8) -> &'static (Rubric, &'static str) {
    let all = rubrics();
    &all[usize::from(pick) % all.len()]
}

/// Reads, scores and aggregates the file at `path` and checks it (see [`csv`]): what
/// the sink saw, one line per visit and issue, or `None` if the file is refused.
fn run_csv((rubric, rubric_name): &(Rubric, &str), path: &Path) -> Option<Vec<String>> {
    let mut input = match Input::open(path, rubric) {
        Ok(input) => input,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return None;
        }
    };
    input.keep_text = true;
    let mut sink = Checked {
        rubric,
        file: input.name.clone(),
        visits: 0,
        scored: 0,
        whole_rows: 0,
        last_line: 1,
        issues: Vec::new(),
        seen: Vec::new(),
    };
    let (progress, window, gates) = (Progress::hidden(), Window::default(), Gates::default());
    // A threshold, so that every visit's alert is worked out too.
    let rules = shopscore::follow_up::Rules { alert_below: Some(50.0), ..Default::default() };
    let judging = Judging { gates: &gates, steady_within: 2.0, focus: None, rules: &rules };
    let path = Path::new(rubric_name);
    let summary = match shopscore::run::stream(
        rubric,
        path,
        vec![input],
        &mut sink,
        &progress,
        &window,
        judging,
        Default::default(),
    ) {
        Ok(summary) => summary,
        Err(e) => {
            assert!(!format!("{e:#}").is_empty());
            return None;
        }
    };
    assert_eq!(summary.inputs.len(), 1);
    let read = &summary.inputs[0];
    assert_eq!(
        read.rows,
        sink.visits + sink.whole_rows,
        "{} records read, {} visits and {} rows named by a whole-row issue",
        read.rows,
        sink.visits,
        sink.whole_rows
    );
    assert_eq!(read.visits, sink.visits);
    let overall = &summary.aggregates.overall;
    assert_eq!(overall.visits, sink.visits);
    assert_eq!(overall.score.n, sink.scored);
    if let Some(s) = overall.score.value() {
        assert_score("overall", s, rubric);
    }
    assert_eq!(overall.grades.iter().sum::<u64>(), sink.scored, "grade counts: {:?}", overall.grades);
    assert_eq!(overall.score_bins.iter().sum::<u64>(), sink.scored, "score bins: {:?}", overall.score_bins);
    let by_location: u64 = summary.aggregates.locations.values().map(|g| g.visits).sum();
    assert_eq!(by_location, sink.visits);
    let by_period: u64 = summary.aggregates.periods.values().map(|g| g.visits).sum();
    assert_eq!(by_period, sink.visits);
    for group in summary.aggregates.locations.values() {
        if let Some(s) = group.score.value() {
            assert_score("location", s, rubric);
        }
    }
    assert_eq!(summary.issues.total(), sink.issues.len() as u64);
    sink.seen.push(format!("{} rows, delimiter {}", read.rows, read.delimiter));
    Some(sink.seen)
}

/// A CSV cell, always quoted.
fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// The best answer to `q` as a shopper would type it, and whether it earns the whole
/// of the question's points.
fn best_answer(q: &shopscore::rubric::Question) -> (String, bool) {
    match &q.kind {
        QuestionKind::YesNo { expected } => ((if *expected { "yes" } else { "no" }).to_string(), true),
        QuestionKind::Scale { max, .. } => (format!("{max}"), true),
        QuestionKind::Choice { options } => {
            let best = options.iter().max_by(|a, b| a.fraction.total_cmp(&b.fraction));
            best.map_or((String::new(), false), |c| (c.label.clone(), c.fraction == 1.0))
        }
        QuestionKind::Multi { options } => {
            let labels: Vec<&str> = options.iter().map(|c| c.label.as_str()).collect();
            let sum: f64 = options.iter().map(|c| c.fraction).sum();
            (labels.join(";"), sum >= 1.0)
        }
        QuestionKind::Number { bands } => {
            let best = bands.iter().max_by(|a, b| a.score.total_cmp(&b.score));
            match best {
                Some(b) => {
                    let v = b.min.or(b.max).unwrap_or(0.0);
                    // The first band holding the value is the one that scores it.
                    let first = bands.iter().find(|band| band.contains(v)).map_or(0.0, |band| band.score);
                    (format!("{v}"), first == 1.0)
                }
                None => (String::new(), false),
            }
        }
    }
}

/// Target 2: `data` (lossily UTF-8) is a rubric, loaded and validated. A refused one
/// must say why; an accepted one must keep the invariants the rest of the crate relies
/// on and score a row of best answers (built from the rubric, read as a CSV file) to a
/// finite score in range: exactly 100 where every answer earns all its points.
pub fn rubric(data: &[u8], dir: &Path) {
    let text = String::from_utf8_lossy(data);
    let rubric = match shopscore::rubric::parse(Path::new("fuzz.yaml"), &text) {
        Ok(rubric) => rubric,
        Err(e) => {
            assert!(!e.0.is_empty(), "refused without a reason");
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    check_rubric(&rubric);
    // The header and row: the visit fields, then each question's column and comment.
    let mut cells: Vec<(String, String)> = Vec::new();
    let mut clash = false;
    let mut put = |header: &str, value: String| match cells.iter().find(|(h, _)| h == header) {
        Some((_, v)) => clash |= *v != value,
        None => cells.push((header.to_string(), value)),
    };
    put(&rubric.fields.visit_id, "V1".into());
    put(&rubric.fields.location, "L1".into());
    put(&rubric.fields.date, "2026-10-01".into());
    let mut full_marks = true;
    for q in &rubric.questions {
        let (answer, full) = best_answer(q);
        full_marks &= full;
        put(&q.column, answer);
        if let Some(c) = &q.comment {
            put(c, "a comment".into());
        }
    }
    let header: Vec<String> = cells.iter().map(|(h, _)| quoted(h)).collect();
    let row: Vec<String> = cells.iter().map(|(_, v)| quoted(v)).collect();
    let path = dir.join("best.csv");
    std::fs::write(&path, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    let mut input = match Input::open(&path, &rubric) {
        Ok(input) => input,
        // A header the rubric names but a file cannot hold (say, with surrounding
        // spaces, which are trimmed from headers) is refused here, not a panic.
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    input.keep_text = true;
    let (mut visit, mut issues) = (Visit::default(), Vec::new());
    let row = input.next_row(&rubric, &mut visit, &mut issues).unwrap();
    if row != Some(shopscore::ingest::Row::Visit) {
        return;
    }
    check_answers(&rubric, &visit);
    if !clash {
        // A rubric that is accepted can be answered: its scale's top and a number in its
        // best band are answers it takes (labels may hold what a cell cannot, so not those).
        for (q, a) in rubric.questions.iter().zip(&visit.answers) {
            let typed =
                matches!(q.kind, QuestionKind::YesNo { .. } | QuestionKind::Scale { .. } | QuestionKind::Number { .. });
            assert!(
                !typed || matches!(a, Answer::Scored(_)),
                "question {}: its best answer reads as {a:?}: {:?}",
                q.id,
                q.kind
            );
        }
    }
    let score = shopscore::score::score_visit(&rubric, &visit.answers);
    for s in score.sections.iter().flatten() {
        assert_score("section", *s, &rubric);
    }
    let Some(s) = score.score else { return };
    assert_score("visit", s, &rubric);
    let _ = rubric.grade(s);
    let all_scored = visit.answers.iter().all(|a| matches!(a, Answer::Scored(_)));
    if full_marks && !clash && all_scored && rubric.bonus_cap && score.critical_failures == 0 {
        assert!((s - 100.0).abs() <= 1e-9, "every answer earns all its points, the visit scores {s}: {score:?}");
    }
    one_answer_worse(&rubric, &visit.answers, s);
}

/// Each answer in turn made worth nothing (f = 0) or left blank: the score stays in
/// range and never rises; and where the contract's sum is plain (unweighted, no bonus,
/// critical question or pass mark), it is 100 × (Σ points − the question's) / Σ points.
fn one_answer_worse(rubric: &Rubric, best: &[Answer], best_score: f64) {
    let plain = !rubric.weighted()
        && rubric.questions.iter().all(|q| !q.bonus && !q.critical)
        && rubric.sections.iter().all(|s| s.pass_mark.is_none())
        && best.iter().all(|a| *a == Answer::Scored(1.0));
    let total: f64 = rubric.questions.iter().map(|q| q.points).sum();
    let mut answers = best.to_vec();
    for (i, q) in rubric.questions.iter().enumerate() {
        for worse in [Answer::Scored(0.0), Answer::Missing] {
            answers[i] = worse;
            let score = shopscore::score::score_visit(rubric, &answers);
            for s in score.sections.iter().flatten() {
                assert_score("section", *s, rubric);
            }
            if let Some(s) = score.score {
                assert_score("visit", s, rubric);
                if worse == Answer::Scored(0.0) {
                    assert!(s <= best_score + 1e-9, "question {} answered worse raises {best_score} to {s}", q.id);
                }
                if plain && worse == Answer::Scored(0.0) {
                    let want = 100.0 * ((total - q.points) / total);
                    let close = (s - want).abs() <= 1e-9 * want.abs().max(1.0);
                    assert!(
                        close,
                        "question {} ({:e} of {total:e} points) failed: {s}, the contract says {want}",
                        q.id, q.points
                    );
                }
            }
        }
        answers[i] = best[i];
    }
}

/// What a validated rubric promises (`rubric/mod.rs`): numbers finite and in range.
fn check_rubric(rubric: &Rubric) {
    assert!(!rubric.name.trim().is_empty());
    assert!(!rubric.questions.is_empty() && !rubric.sections.is_empty());
    assert!(rubric.sections.iter().all(|s| s.weight.is_some()) || rubric.sections.iter().all(|s| s.weight.is_none()));
    for g in rubric.grades.windows(2) {
        assert!(g[0].min > g[1].min, "grades not highest first: {:?}", rubric.grades);
    }
    for s in &rubric.sections {
        assert!(s.weight.is_none_or(|w| w.is_finite() && w > 0.0), "section {} weight {:?}", s.id, s.weight);
        assert!(s.questions.end <= rubric.questions.len());
    }
    for q in &rubric.questions {
        assert!(q.points.is_finite() && q.points > 0.0, "question {} points {}", q.id, q.points);
        match &q.kind {
            QuestionKind::Scale { min, max, step } => {
                assert!(min.is_finite() && max.is_finite() && min < max, "question {} scale {min}..{max}", q.id);
                assert!(step.is_finite() && *step > 0.0, "question {} step {step}", q.id);
            }
            QuestionKind::Choice { options } | QuestionKind::Multi { options } => {
                assert!(!options.is_empty());
                for c in options {
                    assert!((0.0..=1.0).contains(&c.fraction), "question {} option {:?}", q.id, c);
                }
            }
            QuestionKind::Number { bands } => {
                assert!(!bands.is_empty());
                for b in bands {
                    assert!((0.0..=1.0).contains(&b.score), "question {} band {:?}", q.id, b);
                }
            }
            QuestionKind::YesNo { .. } => {}
        }
    }
}
