//! Deterministic generator of mystery-shopping survey exports for `shopscore`.
//!
//! It reads any rubric (the YAML format `docs/scoring.md` describes) generically and writes a CSV
//! with one row per visit: the rubric's visit fields, every question column and every
//! comment column, filled with answers that are valid for each question's type, and a
//! short narrative (quoted, with commas) in each column the rubric keeps (`fields.keep`).
//!
//! ```text
//! cargo run --release --example gen_samples -- \
//!     --rubric rubrics/retail-visit.yaml --out samples/retail-2026-08.csv \
//!     --period 2026-08 --visits 60 --seed 1 \
//!     [--locations 12] [--regions 3] [--area Area] [--channel in-store] [--messy] [--shuffle-columns]
//!     [--realistic] [--bom] [--crlf]
//! ```
//!
//! * `--period YYYY-MM`: every visit date falls in that month (ISO `YYYY-MM-DD`).
//! * `--locations L` / `--regions R`: L stores spread over R regions (defaults 12 and 3).
//!   Each store gets its own quality level, so store scores differ (roughly 60-95 %).
//! * `--area COLUMN`: adds a column of that header after the region's, naming each
//!   store's area within its region (a level between store and region).
//! * `--channel`: value of the channel column; by default `phone` when the rubric name
//!   mentions a phone or a call, otherwise `in-store`.
//! * `--messy`: adds a handful of real shopper mistakes on top of the clean data (the
//!   clean rows are otherwise unchanged): blank answers, a typo, N/A where it is not
//!   allowed, a duplicated row, two bad dates, a failed critical question without its
//!   required comment.
//! * `--shuffle-columns`: writes the columns in a different (seeded) order.
//! * `--realistic`: looks like a real month of exports rather than a clean one (the
//!   benchmark's second profile): most comment and narrative cells hold free text with
//!   commas, embedded `"` quotes and now and then a line break, so most rows are quoted;
//!   shoppers go by their names, a few of them non-ASCII; and data issues come at rates
//!   instead of a handful: about 3% of answers blank, 1.5% invalid, 1% of dates bad, and
//!   a tenth of the failed answers that require a comment without one.
//! * `--bom` / `--crlf`: the file starts with a UTF-8 byte-order mark / ends its lines
//!   with CR LF, as Excel's "CSV UTF-8" and Windows tools write them.
//!
//! The same arguments always give a byte-identical file: the generator uses its own
//! splitmix64 generator and plain float arithmetic only. It writes through a buffered
//! `csv::Writer` and reuses its row buffers, so a million visits take a few seconds.

use std::error::Error;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use serde_yaml::Value;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const USAGE: &str = "usage: gen_samples --rubric FILE --out FILE --period YYYY-MM --visits N --seed S \
[--locations L] [--regions R] [--area COLUMN] [--channel NAME] [--messy] [--shuffle-columns] \
[--realistic] [--bom] [--crlf]";

/// Share of visits where a conditional question ("If ...", "When ...") applies.
const CONDITION_RATE: f64 = 0.45;
/// Share of N/A answers on ordinary questions that allow N/A.
const STRAY_NA_RATE: f64 = 0.02;
/// Number of mystery shoppers (S01, S02, ...).
const SHOPPERS: usize = 12;

// ---------------------------------------------------------------------------
// Pseudo-random numbers
// ---------------------------------------------------------------------------

/// splitmix64: tiny, fast and identical on every platform.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// An independent stream for one purpose, so that optional features do not shift
    /// the numbers the main stream draws.
    fn fork(&self, tag: u64) -> Rng {
        let mut r = Rng(self.0 ^ tag.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }

    /// Uniform integer in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform float in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

struct Args {
    rubric: String,
    out: String,
    year: i32,
    month: u32,
    visits: usize,
    seed: u64,
    locations: usize,
    regions: usize,
    /// `--area`: the header of a column naming each store's area.
    area: Option<String>,
    channel: Option<String>,
    messy: bool,
    shuffle: bool,
    realistic: bool,
    bom: bool,
    crlf: bool,
}

fn parse_args() -> Result<Args> {
    let mut rubric = None;
    let mut out = None;
    let mut period = None;
    let mut visits = None;
    let mut seed = None;
    let mut locations = 12;
    let mut regions = 3;
    let mut channel = None;
    let mut area = None;
    let mut messy = false;
    let mut shuffle = false;
    let (mut realistic, mut bom, mut crlf) = (false, false, false);

    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--rubric" => rubric = Some(value()?),
            "--out" => out = Some(value()?),
            "--period" => period = Some(value()?),
            "--visits" => visits = Some(value()?.parse::<usize>()?),
            "--seed" => seed = Some(value()?.parse::<u64>()?),
            "--locations" => locations = value()?.parse::<usize>()?,
            "--regions" => regions = value()?.parse::<usize>()?,
            "--channel" => channel = Some(value()?),
            "--area" => area = Some(value()?),
            "--messy" => messy = true,
            "--shuffle-columns" => shuffle = true,
            "--realistic" => realistic = true,
            "--bom" => bom = true,
            "--crlf" => crlf = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}").into()),
        }
    }

    let missing = |name: &str| format!("{name} is required\n{USAGE}");
    let period = period.ok_or_else(|| missing("--period"))?;
    let (year, month) = period
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|&(y, m)| (1000..=9999).contains(&y) && (1..=12).contains(&m))
        .ok_or_else(|| format!("--period must look like 2026-08, got {period:?}"))?;
    if locations == 0 || regions == 0 {
        return Err("--locations and --regions must be at least 1".into());
    }
    Ok(Args {
        rubric: rubric.ok_or_else(|| missing("--rubric"))?,
        out: out.ok_or_else(|| missing("--out"))?,
        year,
        month,
        visits: visits.ok_or_else(|| missing("--visits"))?,
        seed: seed.ok_or_else(|| missing("--seed"))?,
        locations,
        regions: regions.min(locations),
        area,
        channel,
        messy,
        shuffle,
        realistic,
        bom,
        crlf,
    })
}

// ---------------------------------------------------------------------------
// Rubric (read generically from YAML)
// ---------------------------------------------------------------------------

struct Band {
    min: Option<f64>,
    max: Option<f64>,
    score: f64,
}

enum Kind {
    YesNo { expected_yes: bool },
    Scale { min: f64, max: f64, step: f64 },
    Choice(Vec<(String, f64)>),
    Number(Vec<Band>),
    Multi(Vec<(String, f64)>),
}

#[derive(Clone, Copy, PartialEq)]
enum Pool {
    General,
    Honesty,
    FollowUp,
    Recovery,
    Gesture,
}

struct Question {
    kind: Kind,
    column: String,
    comment: Option<String>,
    na: bool,
    critical: bool,
    comment_required: bool,
    bonus: bool,
    /// Index of the situation this question depends on ("If you were put on hold..."),
    /// shared by questions of one section that open with the same words.
    condition: Option<usize>,
    /// Per-question shift of the pass rate, so that question pass rates differ.
    difficulty: f64,
    pool: Pool,
}

struct Rubric {
    name: String,
    /// Headers of visit_id, date, region, location, shopper, channel (in that order).
    fields: [String; 6],
    questions: Vec<Question>,
    conditions: usize,
    /// Headers of the `fields.keep` columns.
    keep: Vec<String>,
}

const FIELD_KEYS: [&str; 6] = ["visit_id", "date", "region", "location", "shopper", "channel"];
const F_ID: usize = 0;
const F_DATE: usize = 1;
const F_REGION: usize = 2;
const F_LOCATION: usize = 3;
const F_SHOPPER: usize = 4;
const F_CHANNEL: usize = 5;

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

fn get_str(v: &Value, key: &str) -> Option<String> {
    get(v, key).and_then(scalar_text)
}

fn get_f64(v: &Value, key: &str) -> Option<f64> {
    get(v, key).and_then(Value::as_f64)
}

fn get_bool(v: &Value, key: &str, default: bool) -> bool {
    get(v, key).and_then(Value::as_bool).unwrap_or(default)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn labelled_fractions(q: &Value, id: &str) -> Result<Vec<(String, f64)>> {
    let map = get(q, "options")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("question {id}: `options` must be a mapping"))?;
    let mut out = Vec::with_capacity(map.len());
    for (k, v) in map {
        let label = scalar_text(k).ok_or_else(|| format!("question {id}: bad option label"))?;
        let f = v.as_f64().ok_or_else(|| format!("question {id}: option {label:?} needs a number"))?;
        out.push((label, f));
    }
    if out.is_empty() {
        return Err(format!("question {id}: no options").into());
    }
    Ok(out)
}

fn load_rubric(path: &str, rng: &mut Rng) -> Result<Rubric> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let doc: Value = serde_yaml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;

    let name = get_str(&doc, "name").unwrap_or_default();
    let fields = FIELD_KEYS.map(|k| get(&doc, "fields").and_then(|f| get_str(f, k)).unwrap_or_else(|| k.to_string()));

    let sections = get(&doc, "sections")
        .and_then(Value::as_sequence)
        .ok_or_else(|| format!("{path}: `sections` must be a list"))?;
    let mut questions = Vec::new();
    let mut condition_keys: Vec<(usize, String)> = Vec::new();
    for (si, section) in sections.iter().enumerate() {
        let qs = get(section, "questions")
            .and_then(Value::as_sequence)
            .ok_or_else(|| format!("{path}: section {si}: `questions` must be a list"))?;
        for q in qs {
            let id = get_str(q, "id").ok_or_else(|| format!("{path}: question without id"))?;
            let ty = get_str(q, "type").unwrap_or_else(|| "yes_no".into());
            let kind = match ty.as_str() {
                "yes_no" => {
                    let expected = get_str(q, "expected").unwrap_or_else(|| "yes".into());
                    let expected_yes =
                        !matches!(expected.trim().to_ascii_lowercase().as_str(), "no" | "n" | "false" | "0");
                    Kind::YesNo { expected_yes }
                }
                "scale" => {
                    let min = get_f64(q, "min").unwrap_or(1.0);
                    let max = get_f64(q, "max").unwrap_or(5.0);
                    let step = get_f64(q, "step").unwrap_or(1.0);
                    if max <= min || step <= 0.0 {
                        return Err(format!("question {id}: bad scale").into());
                    }
                    Kind::Scale { min, max, step }
                }
                "choice" => Kind::Choice(labelled_fractions(q, &id)?),
                "multi" => Kind::Multi(labelled_fractions(q, &id)?),
                "number" => {
                    let bands = get(q, "bands")
                        .and_then(Value::as_sequence)
                        .ok_or_else(|| format!("question {id}: `bands` must be a list"))?
                        .iter()
                        .map(|b| Band {
                            min: get_f64(b, "min"),
                            max: get_f64(b, "max"),
                            score: get_f64(b, "score").unwrap_or(0.0),
                        })
                        .collect::<Vec<_>>();
                    if bands.is_empty() {
                        return Err(format!("question {id}: no bands").into());
                    }
                    Kind::Number(bands)
                }
                other => return Err(format!("question {id}: unknown type {other:?}").into()),
            };

            let text = get_str(q, "text").unwrap_or_default().to_ascii_lowercase();
            let condition = if text.starts_with("if ") || text.starts_with("when ") {
                let key: String = text.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                let found = condition_keys.iter().position(|(s, k)| *s == si && *k == key);
                Some(found.unwrap_or_else(|| {
                    condition_keys.push((si, key));
                    condition_keys.len() - 1
                }))
            } else {
                None
            };
            let critical = get_bool(q, "critical", false);
            let bonus = get_bool(q, "bonus", false);
            let pool = if bonus {
                Pool::Gesture
            } else if critical {
                Pool::Honesty
            } else if text.contains("went wrong") {
                Pool::Recovery
            } else if text.contains("call-back") || text.contains("contact you") {
                Pool::FollowUp
            } else {
                Pool::General
            };
            questions.push(Question {
                kind,
                column: get_str(q, "column").unwrap_or_else(|| id.clone()),
                comment: get_str(q, "comment"),
                na: get_bool(q, "na", true),
                critical,
                comment_required: get_bool(q, "comment_required_on_fail", false),
                bonus,
                condition,
                difficulty: (rng.unit() - 0.5) * 0.2,
                pool,
            });
        }
    }
    if questions.is_empty() {
        return Err(format!("{path}: the rubric has no questions").into());
    }
    let keep = get(&doc, "fields")
        .and_then(|f| get(f, "keep"))
        .and_then(Value::as_sequence)
        .map(|k| k.iter().filter_map(scalar_text).collect())
        .unwrap_or_default();
    Ok(Rubric { name, fields, questions, conditions: condition_keys.len(), keep })
}

// ---------------------------------------------------------------------------
// Stores, regions, shoppers
// ---------------------------------------------------------------------------

const REGIONS: [(&str, &[&str]); 7] = [
    (
        "North",
        &[
            "Leeds Briggate",
            "York Coney St",
            "Manchester Arndale",
            "Newcastle Eldon Sq",
            "Sheffield Fargate",
            "Liverpool Church St",
            "Harrogate James St",
            "Durham Market Pl",
        ],
    ),
    (
        "Midlands",
        &[
            "Birmingham Bullring",
            "Nottingham Victoria",
            "Leicester Highcross",
            "Derby Cornmarket",
            "Coventry Cathedral Lanes",
            "Wolverhampton Mander",
            "Lincoln High St",
            "Worcester Crowngate",
        ],
    ),
    (
        "South",
        &[
            "Brighton Churchill Sq",
            "Southampton West Quay",
            "Bristol Cabot Circus",
            "Reading Broad St",
            "Oxford Westgate",
            "Exeter Princesshay",
            "Bath Milsom St",
            "Guildford High St",
        ],
    ),
    (
        "London",
        &[
            "Oxford Street",
            "Covent Garden",
            "Stratford Westfield",
            "Croydon North End",
            "Kingston Eden Walk",
            "Islington Upper St",
        ],
    ),
    (
        "Scotland",
        &["Glasgow Buchanan St", "Edinburgh Princes St", "Aberdeen Union Sq", "Dundee Overgate", "Inverness Eastgate"],
    ),
    ("Wales", &["Cardiff Queen St", "Swansea Quadrant", "Newport Friars Walk", "Wrexham Eagles Meadow"]),
    (
        "East",
        &[
            "Norwich Chapelfield",
            "Cambridge Grand Arcade",
            "Ipswich Buttermarket",
            "Peterborough Queensgate",
            "Colchester Culver Sq",
        ],
    ),
];

struct Location {
    name: String,
    region: String,
    /// The area within the region (`--area`).
    area: String,
    quality: f64,
}

fn make_locations(count: usize, regions: usize, months_since_2026: i32, rng: &mut Rng) -> Vec<Location> {
    let mut out = Vec::with_capacity(count);
    for r in 0..regions {
        let (region, stores) = match REGIONS.get(r) {
            Some((name, stores)) => (name.to_string(), *stores),
            None => (format!("Region {}", r + 1), &[][..]),
        };
        // Location j goes to region j % regions: regions differ by at most one store.
        for k in 0..count.div_ceil(regions) {
            if k * regions + r >= count {
                break;
            }
            let name = match stores.get(k) {
                Some(s) => s.to_string(),
                None => format!("{region} #{}", k + 1),
            };
            let area = area_of(&name).map_or_else(|| format!("{region} {}", k / 2 + 1), str::to_string);
            out.push(Location { name, region: region.clone(), area, quality: 0.0 });
        }
    }
    // A store keeps its character from one file to the next: its level and its monthly
    // trend come from its name; the seed only adds a little month-to-month noise.
    for loc in &mut out {
        let mut own = Rng::new(fnv1a(loc.name.as_bytes()));
        let level = 0.64 + 0.34 * own.unit();
        let trend = (own.unit() - 0.5) * 0.03;
        let noise = (rng.unit() - 0.5) * 0.04;
        loc.quality = (level + trend * months_since_2026 as f64 + noise).clamp(0.55, 0.99);
    }
    out
}

/// The area of the first regions' first stores; others are numbered two to an area.
fn area_of(store: &str) -> Option<&'static str> {
    const AREAS: [(&str, &str); 10] = [
        ("Leeds Briggate", "Yorkshire"),
        ("York Coney St", "Yorkshire"),
        ("Manchester Arndale", "North West"),
        ("Newcastle Eldon Sq", "North West"),
        ("Birmingham Bullring", "West Midlands"),
        ("Nottingham Victoria", "East Midlands"),
        ("Leicester Highcross", "East Midlands"),
        ("Brighton Churchill Sq", "South East"),
        ("Southampton West Quay", "South East"),
        ("Bristol Cabot Circus", "South West"),
    ];
    AREAS.iter().find(|(s, _)| *s == store).map(|(_, a)| *a)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3))
}

// ---------------------------------------------------------------------------
// Answers and remarks
// ---------------------------------------------------------------------------

fn yes_no_text(rng: &mut Rng, yes: bool) -> &'static str {
    let spellings: [&str; 5] = if yes { ["Yes", "Y", "yes", "y", "YES"] } else { ["No", "N", "no", "n", "NO"] };
    let r = rng.unit();
    let i = if r < 0.75 {
        0
    } else if r < 0.85 {
        1
    } else if r < 0.93 {
        2
    } else if r < 0.98 {
        3
    } else {
        4
    };
    spellings[i]
}

fn na_text(rng: &mut Rng) -> &'static str {
    let r = rng.unit();
    if r < 0.7 {
        "N/A"
    } else if r < 0.85 {
        "n/a"
    } else if r < 0.95 {
        "NA"
    } else {
        "-"
    }
}

const REMARKS_GENERAL: &[&str] = &[
    "Associate seemed distracted and kept looking at the till screen.",
    "Had to ask twice before anyone came over.",
    "Was told \"that's not my department\" and left to it.",
    "Polite enough, but no real effort to help.",
    "Answers were vague, no detail at all.",
    "Two staff chatting to each other, took a while to notice me.",
    "Rushed, clearly wanted to get to the next customer.",
];
const REMARKS_HONESTY: &[&str] = &[
    "Promised delivery \"by Friday, guaranteed\"; it came the following Wednesday.",
    "Said the kettle was dishwasher-safe, but the manual says hand wash only.",
    "Claimed a 10-hour battery; the spec sheet online says 6.",
    "Told me it was in the warehouse, the order then showed a three-week wait.",
    "Quoted 49.99 on the phone, 59.99 at the till, no explanation.",
    "Said it would fit a double bed; it is sized for a single.",
];
const REMARKS_FOLLOW_UP: &[&str] = &[
    "No call-back at all, I rang again two days later.",
    "Email promised for \"first thing tomorrow\" arrived four days later.",
    "A text did come, but a day late and with the wrong order number.",
];
const REMARKS_RECOVERY: &[&str] = &[
    "Card machine failed, waited 10 minutes while they looked for a manager.",
    "Wrong size brought out, then blamed the stock system.",
    "Item was damaged, I was sent to customer services, then back again.",
];
const REMARKS_GESTURE: &[&str] = &[
    "Carried my bags out to the car park without being asked.",
    "Remembered me from my last visit and asked how the sofa was working out.",
    "Wrote a little care card, with watering tips, for the plant I bought.",
    "Phoned the other branch, then put the item aside for me there.",
];
const REMARKS_POSITIVE: &[&str] = &[
    "Spot on, very clear.",
    "Friendly, and knew the range well.",
    "Checked the system in front of me, which I appreciated.",
];
const REMARK_MULTILINE: &str = "Was told it would arrive on Tuesday.\nStill waiting on Saturday, and nobody called.";
const REMARK_MULTILINE_POSITIVE: &str = "Clear and patient throughout.\nI would happily deal with them again.";
const REMARK_MULTILINE_GESTURE: &str =
    "Walked me to the right aisle himself.\nThen came back with a cheaper alternative, too.";

fn remark(rng: &mut Rng, pool: Pool) -> &'static str {
    let list = match pool {
        Pool::General => REMARKS_GENERAL,
        Pool::Honesty => REMARKS_HONESTY,
        Pool::FollowUp => REMARKS_FOLLOW_UP,
        Pool::Recovery => REMARKS_RECOVERY,
        Pool::Gesture => REMARKS_GESTURE,
    };
    list[rng.below(list.len())]
}

/// How a visit went, in the shopper's words: the store as found, then the verdict, which
/// follows the visit's quality.
const NARRATIVE_SCENE: &[&str] = &[
    "Busy Saturday, about a dozen customers, two tills open.",
    "Quiet mid-morning visit, shelves tidy and well stocked.",
    "Arrived just after opening, lights still coming on at the back.",
    "Lunchtime rush, a queue of six at the till.",
    "Late afternoon, music a little loud, floor clean.",
];
const NARRATIVE_GOOD: &[&str] = &[
    "A warm, helpful visit overall; I would come back.",
    "Staff knew the range, and offered to check stock without being asked.",
];
const NARRATIVE_MIXED: &[&str] =
    &["Friendly, but slow, and the offer was not explained.", "Helpful in the end, after a long wait to be noticed."];
const NARRATIVE_POOR: &[&str] = &[
    "Felt rushed throughout, and nobody asked what I needed.",
    "Left without buying; the associate was busy on the phone.",
];

/// A narrative for a visit of `quality` (0.2 to 1), blank now and then.
fn narrative(rng: &mut Rng, quality: f64, out: &mut String) {
    if rng.chance(0.05) {
        return;
    }
    let scene = *rng.pick::<&str>(NARRATIVE_SCENE);
    out.push_str(scene);
    out.push(' ');
    let verdict = if quality > 0.85 {
        NARRATIVE_GOOD
    } else if quality > 0.65 {
        NARRATIVE_MIXED
    } else {
        NARRATIVE_POOR
    };
    let verdict = *rng.pick::<&str>(verdict);
    out.push_str(verdict);
}

/// Writes a number without a trailing `.0` and without float noise.
fn push_number(out: &mut String, v: f64) {
    let mut r = (v * 1e6).round() / 1e6;
    if r == 0.0 {
        r = 0.0; // no "-0"
    }
    let _ = write!(out, "{r}");
}

fn band_score(bands: &[Band], v: f64) -> f64 {
    bands.iter().find(|b| b.min.is_none_or(|m| v >= m) && b.max.is_none_or(|m| v <= m)).map_or(0.0, |b| b.score)
}

/// An integer value inside a band (unbounded sides get a plausible spread).
fn value_in_band(rng: &mut Rng, b: &Band) -> f64 {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => {
            let (lo, hi) = (lo.ceil(), hi.floor());
            if hi > lo { lo + rng.below((hi - lo) as usize + 1) as f64 } else { b.min.unwrap_or(lo) }
        }
        (Some(lo), None) => lo.ceil() + rng.below((lo.abs() * 1.5).max(5.0) as usize) as f64,
        (None, Some(hi)) => hi.floor() - rng.below(hi.abs().max(5.0) as usize) as f64,
        (None, None) => rng.below(100) as f64,
    }
}

/// Writes an answer for `q` into `out` aiming at quality `p` and returns its fraction.
fn answer(rng: &mut Rng, q: &Question, p: f64, out: &mut String) -> f64 {
    match &q.kind {
        Kind::YesNo { expected_yes } => {
            let pass = rng.chance(p);
            out.push_str(yes_no_text(rng, pass == *expected_yes));
            if pass { 1.0 } else { 0.0 }
        }
        Kind::Scale { min, max, step } => {
            let steps = ((max - min) / step + 1e-9).floor();
            let t = (p + (rng.unit() - 0.5) * 0.5).clamp(0.0, 1.0);
            let k = (t * steps).round();
            push_number(out, min + k * step);
            k * step / (max - min)
        }
        Kind::Choice(options) => {
            let i = if rng.chance(0.1) {
                rng.below(options.len())
            } else {
                let t = (p + (rng.unit() - 0.5) * 0.5).clamp(0.0, 1.0);
                nearest(options, t)
            };
            out.push_str(&options[i].0);
            options[i].1
        }
        Kind::Number(bands) => {
            let best = best_index(bands.iter().map(|b| b.score));
            let band = if rng.chance(p) {
                best
            } else {
                let i = rng.below(bands.len());
                if i == best { (i + 1) % bands.len() } else { i }
            };
            let v = value_in_band(rng, &bands[band]);
            push_number(out, v);
            band_score(bands, v)
        }
        Kind::Multi(options) => {
            let mut sum = 0.0;
            for (label, f) in options {
                if *f > 0.0 && rng.chance(p * 0.75) {
                    if !out.is_empty() {
                        out.push_str(if rng.chance(0.7) { "; " } else { ";" });
                    }
                    out.push_str(label);
                    sum += f;
                }
            }
            if out.is_empty() {
                let none = worst_index(options.iter().map(|o| o.1));
                out.push_str(&options[none].0);
                sum = options[none].1;
            }
            sum.min(1.0)
        }
    }
}

/// An answer that certainly fails `q` (used for the messy critical failure).
fn failing_answer(q: &Question, out: &mut String) {
    out.clear();
    match &q.kind {
        Kind::YesNo { expected_yes } => out.push_str(if *expected_yes { "No" } else { "Yes" }),
        Kind::Scale { min, .. } => push_number(out, *min),
        Kind::Choice(o) | Kind::Multi(o) => {
            out.push_str(&o[worst_index(o.iter().map(|x| x.1))].0);
        }
        Kind::Number(bands) => {
            let mut rng = Rng::new(0);
            let b = &bands[worst_index(bands.iter().map(|b| b.score))];
            push_number(out, value_in_band(&mut rng, b));
        }
    }
}

fn nearest(options: &[(String, f64)], t: f64) -> usize {
    let mut best = 0;
    for (i, o) in options.iter().enumerate() {
        if (o.1 - t).abs() < (options[best].1 - t).abs() {
            best = i;
        }
    }
    best
}

fn best_index(scores: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, s) in scores.enumerate() {
        if s > best.1 {
            best = (i, s);
        }
    }
    best.0
}

fn worst_index(scores: impl Iterator<Item = f64>) -> usize {
    let mut worst = (0, f64::INFINITY);
    for (i, s) in scores.enumerate() {
        if s < worst.1 {
            worst = (i, s);
        }
    }
    worst.0
}

// ---------------------------------------------------------------------------
// Columns and messy data
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Col {
    Field(usize),
    Answer(usize),
    Comment(usize),
    /// A `fields.keep` column: the shopper's narrative.
    Kept(usize),
    /// The `--area` column.
    Area,
}

enum Mistake {
    Blank(usize),
    Typo(usize),
    NaNotAllowed(usize),
    Duplicate,
    ImpossibleDate,
    DayFirstDate,
    CriticalNoComment(usize),
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A date a shopper might type that does not exist: day 31 of the first month,
/// from the period on, that has fewer days (e.g. 2026-09-31).
fn impossible_date(year: i32, month: u32) -> String {
    let (mut y, mut m) = (year, month);
    while days_in_month(y, m) == 31 {
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    format!("{y:04}-{m:02}-31")
}

fn plan_mistakes(rubric: &Rubric, visits: usize, rng: &mut Rng) -> Vec<(usize, Mistake)> {
    let qs = &rubric.questions;
    let n = qs.len();
    let mut plan = vec![
        (0, Mistake::Blank(rng.below(n))),
        (0, Mistake::Blank(rng.below(n))),
        (0, Mistake::Duplicate),
        (0, Mistake::ImpossibleDate),
        (0, Mistake::DayFirstDate),
    ];
    let yes_no: Vec<usize> = (0..n).filter(|&i| matches!(qs[i].kind, Kind::YesNo { .. })).collect();
    if !yes_no.is_empty() {
        plan.push((0, Mistake::Typo(*rng.pick(&yes_no))));
    }
    let no_na: Vec<usize> = (0..n).filter(|&i| !qs[i].na && !qs[i].bonus).collect();
    if !no_na.is_empty() {
        plan.push((0, Mistake::NaNotAllowed(*rng.pick(&no_na))));
    }
    let mut needs_comment: Vec<usize> =
        (0..n).filter(|&i| qs[i].critical && qs[i].comment_required && qs[i].comment.is_some()).collect();
    if needs_comment.is_empty() {
        needs_comment = (0..n).filter(|&i| qs[i].comment_required && qs[i].comment.is_some()).collect();
    }
    if !needs_comment.is_empty() {
        plan.push((0, Mistake::CriticalNoComment(*rng.pick(&needs_comment))));
    }

    // Distinct rows when there are enough of them.
    let mut used: Vec<usize> = Vec::new();
    for (row, _) in &mut plan {
        let mut r = rng.below(visits);
        let mut tries = 0;
        while used.contains(&r) && tries < 100 {
            r = rng.below(visits);
            tries += 1;
        }
        used.push(r);
        *row = r;
    }
    plan.sort_by_key(|(row, _)| *row);
    plan
}

// ---------------------------------------------------------------------------
// Realistic exports (`--realistic`)
// ---------------------------------------------------------------------------

/// Shoppers by name, as agencies' exports list them; a third of them with letters
/// outside ASCII.
const SHOPPER_NAMES: [&str; SHOPPERS] = [
    "Amy Clarke",
    "Zoë Hartley",
    "Ben Walsh",
    "José Ortega",
    "Priya Shah",
    "Siobhán Kelly",
    "Tom Reid",
    "Łukasz Nowak",
    "Grace Obi",
    "Dan Price",
    "Chloé Martin",
    "Sam Moore",
];

/// What shoppers add to a remark: a clause after a comma, often with quoted words.
const ASIDES: &[&str] = &[
    ", to be fair it was busy",
    ", and the till queue was long",
    ", though they did apologise",
    ", then said \"leave it with me\"",
    "; when I asked, the reply was \"we don't do that here\"",
    ", with a \"back in five minutes\" sign on the desk",
];
const SECOND_LINES: &[&str] =
    &["\nAsked a colleague to confirm, same answer.", "\nNoted the time: 14:05.", "\nReceipt photo in the app."];

/// Share of answer cells left blank, and then of those holding something no rubric reads.
const BLANK_RATE: f64 = 0.03;
const INVALID_RATE: f64 = 0.015;
/// Share of visits whose date cell does not read.
const BAD_DATE_RATE: f64 = 0.01;
/// Share of failed answers needing a comment that come without one.
const NO_COMMENT_RATE: f64 = 0.1;
/// Share of other answers with a comment column that get a remark anyway.
const REMARK_RATE: f64 = 0.85;

/// A remark in a real shopper's style: one from `pool` (a positive one when the answer
/// passed), usually with an aside, now and then a second line.
fn real_remark(rng: &mut Rng, pool: Pool, passed: bool, out: &mut String) {
    let said = if passed { *rng.pick(REMARKS_POSITIVE) } else { remark(rng, pool) };
    out.push_str(said);
    if rng.chance(0.8) {
        if out.ends_with('.') {
            out.pop();
        }
        out.push_str(rng.pick::<&str>(ASIDES));
        out.push('.');
    }
    if rng.chance(0.08) {
        out.push_str(rng.pick::<&str>(SECOND_LINES));
    }
}

/// A narrative (every scene has a comma), with the associate's quoted words in some and
/// a second paragraph in a few.
fn real_narrative(rng: &mut Rng, quality: f64, out: &mut String) {
    narrative(rng, quality, out);
    if out.is_empty() {
        return;
    }
    if rng.chance(0.3) {
        out.push_str(" In the associate's words: \"happy to help, any time\".");
    }
    if rng.chance(0.12) {
        out.push_str("\nOn the way out: ");
        out.push_str(rng.pick::<&str>(NARRATIVE_SCENE));
    }
}

/// An answer a shopper might type that `q` does not take.
fn invalid_answer(rng: &mut Rng, q: &Question, out: &mut String) {
    out.clear();
    out.push_str(match &q.kind {
        Kind::YesNo { .. } => rng.pick::<&str>(&["yse", "maybe", "N0", "Yes (mostly)"]),
        Kind::Scale { .. } => rng.pick::<&str>(&["4,5", "about 3", "11", "three"]),
        Kind::Choice(_) | Kind::Multi(_) => rng.pick::<&str>(&["Other", "see comment", "Asked question"]),
        Kind::Number(_) => rng.pick::<&str>(&["about 40", "2 mins", "quick"]),
    });
}

/// What goes wrong in a realistic row, drawn from its own generator so the rates hold
/// whatever the rubric: answers blanked or garbled, and now and then a date that does
/// not read (a day that does not exist, or day first).
fn real_mistakes(rng: &mut Rng, rubric: &Rubric, answer_cell: &[usize], date: (i32, u32, usize), cells: &mut [String]) {
    for (i, q) in rubric.questions.iter().enumerate() {
        let r = rng.unit();
        if r < BLANK_RATE {
            cells[answer_cell[i]].clear();
        } else if r < BLANK_RATE + INVALID_RATE {
            invalid_answer(rng, q, &mut cells[answer_cell[i]]);
        }
    }
    if rng.chance(BAD_DATE_RATE) {
        let (year, month, day) = date;
        cells[F_DATE].clear();
        if rng.chance(0.5) {
            cells[F_DATE].push_str(&impossible_date(year, month));
        } else {
            let _ = write!(cells[F_DATE], "{:02}/{:02}/{:04}", day, month, year);
        }
    }
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

fn run(args: &Args) -> Result<()> {
    let root = Rng::new(args.seed);
    let mut setup = root.fork(1);
    let mut rng = root.fork(2);

    let rubric = load_rubric(&args.rubric, &mut setup)?;
    let months = (args.year - 2026) * 12 + args.month as i32 - 1;
    let locations = make_locations(args.locations, args.regions, months, &mut setup);
    let shopper_bias: Vec<f64> = (0..SHOPPERS).map(|_| (setup.unit() - 0.5) * 0.08).collect();
    let shoppers: Vec<String> = if args.realistic {
        SHOPPER_NAMES.map(str::to_string).to_vec()
    } else {
        (1..=SHOPPERS).map(|i| format!("S{i:02}")).collect()
    };

    let channel = args.channel.clone().unwrap_or_else(|| {
        let name = rubric.name.to_ascii_lowercase();
        if name.contains("phone") || name.contains("call") { "phone".to_string() } else { "in-store".to_string() }
    });
    let prefix = match channel.as_str() {
        "in-store" => 'R',
        other => other.chars().find(char::is_ascii_alphabetic).map_or('V', |c| c.to_ascii_uppercase()),
    };
    let id_width = args.visits.to_string().len().max(4);
    let yymm = format!("{:02}{:02}", args.year.rem_euclid(100), args.month);

    // Columns: the visit fields, then each question followed by its comment column.
    let mut columns: Vec<Col> = (0..FIELD_KEYS.len()).map(Col::Field).collect();
    // The area column, after the fields (so their cells keep their places), written
    // after the region's.
    let area_cell = args.area.is_some().then(|| {
        columns.push(Col::Area);
        columns.len() - 1
    });
    for (i, q) in rubric.questions.iter().enumerate() {
        columns.push(Col::Answer(i));
        if q.comment.is_some() {
            columns.push(Col::Comment(i));
        }
    }
    let mut order: Vec<usize> = (0..columns.len()).collect();
    if let Some(a) = area_cell {
        order.remove(a);
        order.insert(F_REGION + 1, a);
    }
    if args.shuffle {
        let mut srng = root.fork(3);
        for i in (1..order.len()).rev() {
            order.swap(i, srng.below(i + 1));
        }
        if order.iter().enumerate().all(|(i, &c)| i == c) {
            order.rotate_left(1);
        }
    }
    // Kept columns last, or (shuffled) each at a place of its own; their own generator
    // leaves every other column as it was without them.
    let mut nrng = root.fork(5);
    for k in 0..rubric.keep.len() {
        columns.push(Col::Kept(k));
        let at = if args.shuffle { nrng.below(order.len() + 1) } else { order.len() };
        order.insert(at, columns.len() - 1);
    }
    let mistakes =
        if args.messy && args.visits > 0 { plan_mistakes(&rubric, args.visits, &mut root.fork(4)) } else { Vec::new() };

    // Where each question's answer and comment live in the row buffer.
    let mut answer_cell = vec![0; rubric.questions.len()];
    let mut comment_cell = vec![None; rubric.questions.len()];
    for (c, col) in columns.iter().enumerate() {
        match *col {
            Col::Answer(i) => answer_cell[i] = c,
            Col::Comment(i) => comment_cell[i] = Some(c),
            Col::Field(_) | Col::Kept(_) | Col::Area => {}
        }
    }

    let file = File::create(&args.out).map_err(|e| format!("{}: {e}", args.out))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    if args.bom {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    let mut builder = csv::WriterBuilder::new();
    if args.crlf {
        builder.terminator(csv::Terminator::CRLF);
    }
    let mut wtr = builder.from_writer(out);
    let mut mrng = root.fork(6);
    let header: Vec<&str> = columns
        .iter()
        .map(|col| match *col {
            Col::Field(f) => rubric.fields[f].as_str(),
            Col::Answer(i) => rubric.questions[i].column.as_str(),
            Col::Comment(i) => rubric.questions[i].comment.as_deref().unwrap_or(""),
            Col::Kept(k) => rubric.keep[k].as_str(),
            Col::Area => args.area.as_deref().unwrap_or(""),
        })
        .collect();
    wtr.write_record(order.iter().map(|&c| header[c]))?;

    // Visits per day of the month; rows come out in date order.
    let days = days_in_month(args.year, args.month);
    let mut per_day = vec![0usize; days as usize];
    for _ in 0..args.visits {
        per_day[rng.below(days as usize)] += 1;
    }
    // Each store gets its share of visits (counts differ by at most one), in random order.
    let offset = rng.below(locations.len());
    let mut schedule: Vec<u32> = (0..args.visits).map(|i| ((i + offset) % locations.len()) as u32).collect();
    for i in (1..schedule.len()).rev() {
        schedule.swap(i, rng.below(i + 1));
    }

    let mut cells: Vec<String> = vec![String::new(); columns.len()];
    let mut condition = vec![false; rubric.conditions];
    let mut multiline_done = false;
    let mut next_mistake = 0;
    let mut visit = 0usize;
    for (d, &count) in per_day.iter().enumerate() {
        for _ in 0..count {
            for c in &mut cells {
                c.clear();
            }
            let loc = &locations[schedule[visit] as usize];
            let s = rng.below(SHOPPERS);
            let quality = (loc.quality + shopper_bias[s] + (rng.unit() - 0.5) * 0.24).clamp(0.2, 1.0);
            for c in &mut condition {
                *c = rng.chance(CONDITION_RATE);
            }

            let _ = write!(cells[F_ID], "{prefix}-{yymm}-{:0width$}", visit + 1, width = id_width);
            let _ = write!(cells[F_DATE], "{:04}-{:02}-{:02}", args.year, args.month, d + 1);
            cells[F_REGION].push_str(&loc.region);
            if let Some(a) = area_cell {
                cells[a].push_str(&loc.area);
            }
            cells[F_LOCATION].push_str(&loc.name);
            cells[F_SHOPPER].push_str(&shoppers[s]);
            cells[F_CHANNEL].push_str(&channel);

            for (i, q) in rubric.questions.iter().enumerate() {
                let applies = q.condition.is_none_or(|c| condition[c]);
                if q.na && (!applies || rng.chance(STRAY_NA_RATE)) {
                    cells[answer_cell[i]].push_str(na_text(&mut rng));
                    continue;
                }
                let base = (quality + q.difficulty).clamp(0.02, 0.99);
                let p = if q.bonus {
                    base * 0.3
                } else if q.critical {
                    1.0 - (1.0 - base) * 0.15
                } else {
                    base
                };
                let f = answer(&mut rng, q, p, &mut cells[answer_cell[i]]);
                let Some(cc) = comment_cell[i] else { continue };
                if args.realistic {
                    let needed = f < 1.0 && q.comment_required && !q.bonus;
                    if (needed && !rng.chance(NO_COMMENT_RATE)) || (!needed && rng.chance(REMARK_RATE)) {
                        real_remark(&mut rng, q.pool, f >= 1.0, &mut cells[cc]);
                    }
                    continue;
                }
                let mut text = if q.bonus {
                    (f > 0.0).then(|| remark(&mut rng, q.pool))
                } else if f < 1.0 {
                    (q.comment_required || rng.chance(0.7)).then(|| remark(&mut rng, q.pool))
                } else {
                    rng.chance(0.1).then(|| *rng.pick(REMARKS_POSITIVE))
                };
                // One remark per file, in the second half, spans two lines (quoting test).
                if text.is_some() && !multiline_done && visit >= args.visits / 2 {
                    multiline_done = true;
                    text = Some(if q.bonus {
                        REMARK_MULTILINE_GESTURE
                    } else if f < 1.0 {
                        REMARK_MULTILINE
                    } else {
                        REMARK_MULTILINE_POSITIVE
                    });
                }
                if let Some(t) = text {
                    cells[cc].push_str(t);
                }
            }

            for (c, col) in columns.iter().enumerate() {
                if let Col::Kept(_) = col {
                    if args.realistic {
                        real_narrative(&mut nrng, quality, &mut cells[c]);
                    } else {
                        narrative(&mut nrng, quality, &mut cells[c]);
                    }
                }
            }
            if args.realistic {
                real_mistakes(&mut mrng, &rubric, &answer_cell, (args.year, args.month, d + 1), &mut cells);
            }

            let mut repeat = false;
            while let Some((row, m)) = mistakes.get(next_mistake) {
                if *row != visit {
                    break;
                }
                next_mistake += 1;
                match *m {
                    Mistake::Blank(q) => cells[answer_cell[q]].clear(),
                    Mistake::Typo(q) => {
                        cells[answer_cell[q]].clear();
                        cells[answer_cell[q]].push_str("yse");
                    }
                    Mistake::NaNotAllowed(q) => {
                        cells[answer_cell[q]].clear();
                        cells[answer_cell[q]].push_str("N/A");
                    }
                    Mistake::Duplicate => repeat = true,
                    Mistake::ImpossibleDate => {
                        cells[F_DATE] = impossible_date(args.year, args.month);
                    }
                    Mistake::DayFirstDate => {
                        cells[F_DATE].clear();
                        let _ = write!(cells[F_DATE], "{:02}/{:02}/{:04}", d + 1, args.month, args.year);
                    }
                    Mistake::CriticalNoComment(q) => {
                        failing_answer(&rubric.questions[q], &mut cells[answer_cell[q]]);
                        if let Some(cc) = comment_cell[q] {
                            cells[cc].clear();
                        }
                    }
                }
            }

            for _ in 0..=usize::from(repeat) {
                wtr.write_record(order.iter().map(|&c| cells[c].as_bytes()))?;
            }
            visit += 1;
        }
    }
    wtr.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_samples: {e}");
            ExitCode::FAILURE
        }
    }
}
