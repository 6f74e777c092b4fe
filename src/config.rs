//! Checked settings: the raw [`crate::cli`] arguments resolved into what a run needs,
//! with every check that can fail done before any row is read (rubric valid, inputs
//! readable with all required columns, output folder writable, thresholds in range).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};

use crate::cli::{CheckArgs, Settings};
use crate::gate::{DEFAULT_MIN_VISITS, Gates};
use crate::ingest::Input;
use crate::ingest::corrections::Corrections;
use crate::ingest::source::is_stdin;
use crate::latest::LATEST;
use crate::report::Staging;
use crate::report::cards::CardOptions;
use crate::report::charts::{ChartBy, ChartFormats, ChartOptions};
use crate::report::xlsx::XlsxOptions;
use crate::reshops::Reshops;
use crate::rubric::{self, Rubric};
use crate::window::Window;

/// A `score` run, ready to stream.
pub struct ScoreConfig {
    pub rubric: Rubric,
    pub rubric_path: PathBuf,
    pub inputs: Vec<Input>,
    /// `--corrections`: read and checked before any row of the inputs.
    pub corrections: Option<Corrections>,
    /// The inputs' re-shops, read ahead when the rubric names `fields.replaces`.
    pub reshops: Option<Reshops>,
    /// `--out`, as given.
    pub out: PathBuf,
    pub staging: Staging,
    /// The workbook's options; `None` with `--no-xlsx`.
    pub xlsx: Option<XlsxOptions>,
    pub charts: ChartOptions,
    /// `--per-location`: a report card per location.
    pub cards: Option<CardOptions>,
    pub gates: Gates,
    pub window: Window,
    /// Points within which a period change is steady.
    pub steady_within: f64,
    /// Alerts, actions, the ladder and the shopper margin (SCORING.md §8).
    pub rules: crate::follow_up::Rules,
    pub json: bool,
    /// `--by LEVEL`: the terminal table lists this level's units (an index of the
    /// rubric's `fields.levels`); `None`: the locations.
    pub by: Option<usize>,
    pub quiet: bool,
    /// `--verbose`: every file read and written on stderr, one line each.
    pub verbose: bool,
    /// `--raw-csv`: CSV text cells as read, without the formula guard.
    pub raw_csv: bool,
}

/// The run date: `SOURCE_DATE_EPOCH` (whole seconds, UTC) when set and not empty, so runs
/// and tests are reproducible, else the system clock's UTC day. A value that is not a
/// number of seconds stops the run: dates would be judged against a day nobody chose.
pub fn run_date() -> Result<NaiveDate> {
    let bad = |v: &str| {
        anyhow::anyhow!(
            "SOURCE_DATE_EPOCH `{}` is not a date in whole seconds since 1970-01-01 UTC\n  hint: set it to a number such as 1795392000 (2026-11-23), or unset it to use today's date",
            quoted(v)
        )
    };
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => crate::date::epoch_day(&v).ok_or_else(|| bad(&v)),
        Err(std::env::VarError::NotUnicode(v)) => Err(bad(&v.to_string_lossy())),
        _ => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            let day = now.ok().and_then(|d| chrono::DateTime::from_timestamp(i64::try_from(d.as_secs()).ok()?, 0));
            let hint = "hint: set SOURCE_DATE_EPOCH to the run date in seconds since 1970-01-01 UTC";
            day.map(|t| t.date_naive()).with_context(|| format!("the system clock is before 1970\n  {hint}"))
        }
    }
}

/// A `check` run.
pub struct CheckConfig {
    pub rubric: Rubric,
    pub rubric_path: PathBuf,
    pub inputs: Vec<Input>,
    /// The inputs' re-shops, read ahead when the rubric names `fields.replaces`.
    pub reshops: Option<Reshops>,
    /// `--corrections`: checked with the inputs, its rows' problems listed with theirs.
    pub corrections: Option<Corrections>,
    pub quiet: bool,
    /// The run date ([`run_date`]), for the future-date check.
    pub today: NaiveDate,
}

impl ScoreConfig {
    /// Checks `args` (from `score`'s flags, or a run file merged with `run`'s flags).
    pub fn new(mut args: Settings) -> Result<ScoreConfig> {
        for (flag, value) in [("--fail-under", args.fail_under), ("--fail-location-under", args.fail_location_under)] {
            if let Some(p) = value
                && !(0.0..=100.0).contains(&p)
            {
                bail!("{flag} {p} is not a percentage\n  hint: use a number from 0 to 100");
            }
        }
        if args.rubric.is_empty() {
            bail!("no rubric given\n  hint: pass --rubric FILE, or set `rubric:` in the run file");
        }
        if args.inputs.is_empty() {
            bail!("no input files given\n  hint: name CSV files or folders, or set `inputs:` in the run file");
        }
        if let Some(name) = &args.xlsx_name {
            check_file_name(name)?;
        }
        // `latest` is a month only once the inputs' dates are read, below; `previous` is the
        // calendar month before the run date's.
        let today = run_date()?;
        let latest = args.period.as_deref() == Some(LATEST);
        let focus = if latest {
            None
        } else if args.period.as_deref() == Some(PREVIOUS) {
            let month = previous_month(today);
            // The About sheet says which month `previous` was.
            args.period = Some(format!("{PREVIOUS} ({month})"));
            Some(month)
        } else {
            month_flag("--period", &args.period)?
        };
        if args.period.is_some() && args.until.is_some() {
            bail!(
                "--period and --until cannot be used together\n  hint: --period P reads up to P and compares with the months before it"
            );
        }
        let until = focus.clone().map_or_else(|| month_flag("--until", &args.until), |p| Ok(Some(p)))?;
        let mut window = Window { since: month_flag("--since", &args.since)?, until, focus, today: Some(today) };
        if let (Some(a), Some(b)) = (&window.since, &window.until)
            && a > b
        {
            bail!("--since {a} is after --until {b}\n  hint: the window runs from --since to --until, both included");
        }
        let (rubric, rubric_path) = load_rubric(&args.rubric)?;
        if latest {
            let month = crate::latest::latest_month(&expand(&args.inputs)?, &rubric, today, args.sheet.as_deref())?;
            if let Some(since) = window.since.as_ref().filter(|s| **s > month) {
                bail!(
                    "--since {since} is after {month}, the latest month in the inputs (period `latest`)\n  hint: no visit is dated from --since on; lower --since, or leave it out"
                );
            }
            // The About sheet says which month `latest` was.
            args.period = Some(format!("{LATEST} ({month})"));
            (window.focus, window.until) = (Some(month.clone()), Some(month));
        }
        if !args.no_xlsx.unwrap_or(false) {
            check_output_names(&rubric, &rubric_path, args.xlsx_name.as_deref())?;
        }
        let rules = follow_up_rules(&args, &rubric.programme)?;
        let by = by_level(args.by.as_deref(), &rubric.fields.levels)?;
        let rubric_steady = rubric.steady_within;
        if let Some(p) = args.steady_within
            && !(0.0..=100.0).contains(&p)
        {
            bail!("--steady-within {p} is not a number of points from 0 to 100");
        }
        let corrections = load_corrections(args.corrections.as_deref(), &rubric)?;
        let sheet = args.sheet.as_deref();
        let mut inputs = open_inputs(&args.inputs, &rubric, today, sheet)?;
        let xlsx = (!args.no_xlsx.unwrap_or(false)).then(|| XlsxOptions {
            name: args.xlsx_name.clone(),
            settings: settings(&args),
            card: None,
            tempdir: None,
            corrections: corrections.is_some(),
        });
        // Workbooks (the run's and the cards) show every answer and comment as written,
        // and each input's SHA-256 on their About sheet: without one, neither is taken.
        let workbooks = xlsx.is_some() || args.per_location.unwrap_or(false);
        for input in &mut inputs {
            // The audit trail shows the answer as shot beside the corrected one.
            input.keep_text = workbooks || corrections.is_some();
            if !workbooks {
                input.skip_hash();
            }
        }
        let reshops = read_reshops(&args.inputs, (&rubric, sheet), today, &window)?;
        let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports"));
        refuse_inputs_in_the_way(&out, &inputs, args.corrections.as_deref(), xlsx.is_some())?;
        let charts = ChartOptions {
            formats: args.charts.unwrap_or(ChartFormats::All),
            by: args.chart_by.unwrap_or(ChartBy::Region),
        };
        let steady_within = args.steady_within.or(rubric_steady).unwrap_or(2.0);
        // Its errors name the path and give the hint themselves.
        let staging = Staging::new(&out)?;
        Ok(ScoreConfig {
            rubric,
            rubric_path,
            inputs,
            corrections,
            reshops,
            out,
            staging,
            xlsx,
            charts,
            cards: args.per_location.unwrap_or(false).then(|| CardOptions {
                charts,
                focus: window.focus.clone(),
                steady_within,
                min_visits: args.min_visits.unwrap_or(DEFAULT_MIN_VISITS),
                settings: settings(&args),
                tempdir: None,
                corrections: args.corrections.is_some(),
            }),
            gates: Gates {
                fail_under: args.fail_under,
                fail_location_under: args.fail_location_under,
                min_visits: args.min_visits.unwrap_or(DEFAULT_MIN_VISITS),
                max_issues: args.max_issues,
                strict: args.strict.unwrap_or(false),
                fail_on_alert: args.fail_on_alert.unwrap_or(false),
                fail_on_breach: args.fail_on_breach.unwrap_or(false),
            },
            window,
            steady_within,
            rules,
            json: args.json.unwrap_or(false),
            by,
            quiet: args.quiet.unwrap_or(false),
            verbose: args.verbose.unwrap_or(false),
            raw_csv: args.raw_csv.unwrap_or(false),
        })
    }
}

/// An input that this run's own reports would replace (`--out` is the folder the data
/// sits in, and the data is called visits.csv) would be lost: refuse.
/// The same for the corrections file, which corrections.csv would replace as well.
fn refuse_inputs_in_the_way(
    out: &std::path::Path,
    inputs: &[Input],
    corrections: Option<&std::path::Path>,
    workbook: bool,
) -> Result<()> {
    let Ok(out) = out.canonicalize() else { return Ok(()) };
    let reports = ["visits.csv", "issues.csv", "summary.json", "corrections.csv"];
    // corrections.csv is written only with a corrections file.
    let written = if corrections.is_some() { &reports[..] } else { &reports[..3] };
    for given in inputs.iter().map(|i| i.path.as_path()).chain(corrections) {
        let Ok(path) = given.canonicalize() else { continue };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        // The workbook's name is known only once the months are (`<rubric>-<months>.xlsx`):
        // any workbook in the folder may be the one the run writes.
        let over = written.contains(&name) || (workbook && name.to_ascii_lowercase().ends_with(".xlsx"));
        if path.parent() == Some(out.as_path()) && over {
            bail!(
                "{} is an input, and this run would write its report over it\n  hint: choose another --out, or rename the input",
                given.display()
            );
        }
    }
    Ok(())
}

/// `--corrections FILE`, read and checked on its own before any row of the inputs.
fn load_corrections(path: Option<&std::path::Path>, rubric: &Rubric) -> Result<Option<Corrections>> {
    match path {
        Some(path) if path.as_os_str() == "-" => bail!(
            "--corrections - : the corrections file is read before the inputs, so it cannot be standard input\n  hint: save it to a file and name that"
        ),
        Some(path) => Ok(Some(Corrections::load(path, &rubric.questions)?)),
        None => Ok(None),
    }
}

/// A value the user gave, as an error quotes it: cut to 80 columns (`…`), escaped.
fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    crate::terminal_text::one_line(value, crate::terminal_text::VALUE)
}

/// A `YYYY-MM` flag value, checked.
/// The `--period` value that asks for the calendar month before the run date's: a
/// monthly job run early in a month scores the month just ended, whatever visits of the
/// new month have already come in.
pub const PREVIOUS: &str = "previous";

/// The month (`YYYY-MM`) before `day`'s.
fn previous_month(day: NaiveDate) -> String {
    let (year, month) = if day.month() == 1 { (day.year() - 1, 12) } else { (day.year(), day.month() - 1) };
    format!("{year:04}-{month:02}")
}

/// The follow-up rules (SCORING.md §8): each flag or run-file key over the rubric's, over
/// the defaults.
fn follow_up_rules(args: &Settings, programme: &crate::rubric::Programme) -> Result<crate::follow_up::Rules> {
    use crate::follow_up::{DEFAULT_ACTION_FAILURES, DEFAULT_ACTION_STREAK, DEFAULT_SHOPPER_MARGIN, Rules};
    let counts = [
        ("--action-failures", "action_failures", args.action_failures),
        ("--action-streak", "action_streak", args.action_streak),
    ];
    for (flag, key, n) in counts {
        if n == Some(0) {
            bail!("{flag} (run file: `{key}`) 0 would make every question an action\n  hint: use 1 or more");
        }
    }
    if args.fail_on_breach == Some(true) && programme.ladder.is_none() {
        bail!(
            "--fail-on-breach (run file: `fail_on_breach`) needs a ladder, and the rubric has none\n  hint: add one to the rubric, e.g. `ladder: {{ pass: 85, steps: [warning, final warning, breach] }}`"
        );
    }
    Ok(Rules {
        alert_below: args.alert_below.or(programme.alert_below),
        action_failures: args.action_failures.or(programme.min_failures).unwrap_or(DEFAULT_ACTION_FAILURES),
        action_streak: args.action_streak.or(programme.in_a_row).unwrap_or(DEFAULT_ACTION_STREAK),
        ladder: programme.ladder.clone(),
        shopper_margin: args.shopper_margin.or(programme.shopper_margin).unwrap_or(DEFAULT_SHOPPER_MARGIN),
    })
}

fn month_flag(flag: &str, value: &Option<String>) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    match crate::date::period(&format!("{v}-01"), "%Y-%m-%d") {
        Some(p) if v.len() == 7 => Ok(Some(p)),
        _ => {
            let or_latest = if flag == "--period" {
                ", `latest` for the latest month in the inputs, or `previous` for the month before the run date's"
            } else {
                ""
            };
            bail!("{flag} `{}` is not a month\n  hint: write it as YYYY-MM, e.g. 2026-09{or_latest}", quoted(v))
        }
    }
}

impl CheckConfig {
    pub fn new(args: CheckArgs) -> Result<CheckConfig> {
        let today = run_date()?;
        let (rubric, rubric_path) = load_rubric(&args.rubric)?;
        check_output_names(&rubric, &rubric_path, None)?;
        let corrections = load_corrections(args.corrections.as_deref(), &rubric)?;
        let sheet = args.sheet.as_deref();
        let mut inputs = open_inputs(&args.files, &rubric, today, sheet)?;
        for input in &mut inputs {
            input.skip_hash();
            // The audit trail (not printed, but kept as a run keeps it) names the answer as shot.
            input.keep_text = corrections.is_some();
        }
        let window = Window { today: Some(today), ..Window::default() };
        let reshops = read_reshops(&args.files, (&rubric, sheet), today, &window)?;
        Ok(CheckConfig { rubric, rubric_path, inputs, reshops, corrections, quiet: args.quiet, today })
    }
}

/// Opens every input and maps its header; the first unusable file stops the run. Dates
/// are judged against `today` ([`Input::set_run_date`]); `sheet` is each workbook's
/// sheet to read (`--sheet`).
fn open_inputs(files: &[PathBuf], rubric: &Rubric, today: NaiveDate, sheet: Option<&str>) -> Result<Vec<Input>> {
    let open = |f: &PathBuf| {
        let mut input = Input::open_sheet(f, rubric, sheet)?;
        input.set_run_date(today);
        Ok(input)
    };
    expand(files)?.iter().map(open).collect()
}

/// The re-shops of `files` ([`crate::reshops::prepass`]) when the rubric names
/// `fields.replaces`: one more read of every input, before the run.
fn read_reshops(
    files: &[PathBuf],
    (rubric, sheet): (&Rubric, Option<&str>),
    today: NaiveDate,
    window: &Window,
) -> Result<Option<Reshops>> {
    match rubric.fields.replaces {
        Some(_) => Ok(Some(crate::reshops::prepass(&expand(files)?, (rubric, sheet), today, window)?)),
        None => Ok(None),
    }
}

/// Files as given, and for each directory its `*.csv` and workbook files sorted by name
/// (a monthly drop folder; [`crate::ingest::is_input_name`]: Excel's `~$` lock files
/// are not read). A directory without such files is an error, not an empty run. `-` is
/// standard input, which can be read once: named twice, it is an error.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if paths.iter().filter(|p| is_stdin(p)).count() > 1 {
        bail!(
            "`-` (standard input) is named more than once, and it can be read only once\n  hint: name `-` once, and save the other input to a file"
        );
    }
    let mut files = Vec::new();
    for path in paths {
        if is_stdin(path) || !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).with_context(|| format!("cannot list the folder {}", path.display()))?;
        let mut found: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let p = entry.with_context(|| format!("cannot list the folder {}", path.display()))?.path();
            if crate::ingest::is_input_name(&p) && p.is_file() {
                found.push(p);
            }
        }
        if found.is_empty() {
            bail!(
                "the folder {} holds no .csv file (nor an Excel workbook)\n  hint: put the month's exports (.csv or .xlsx) in it, or name the files to read",
                path.display()
            );
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// The rubric files given (the versions of one programme when several), merged, and the
/// file the reports name: the one rubric's, or the latest version's.
pub fn load_rubric(files: &[PathBuf]) -> Result<(Rubric, PathBuf)> {
    let rubric = rubric::load_versions(files)?;
    let path = match rubric.versions.last() {
        Some(v) => v.file.clone(),
        None => files.first().cloned().unwrap_or_default(),
    };
    Ok((rubric, path))
}

/// Paths as the About sheet lists them: `-` for none, else joined by `, `.
fn paths(files: &[PathBuf]) -> String {
    if files.is_empty() {
        return "-".into();
    }
    files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// `--by`: `None` for `location` (or none given), else the index of the level named (any
/// case) in the rubric's `fields.levels`; any other name is refused, naming the levels.
fn by_level(by: Option<&str>, levels: &[String]) -> Result<Option<usize>> {
    let Some(name) = by.map(str::trim) else { return Ok(None) };
    if name.eq_ignore_ascii_case("location") {
        return Ok(None);
    }
    let lower = name.to_lowercase();
    if let Some(i) = levels.iter().position(|l| l.to_lowercase() == lower) {
        return Ok(Some(i));
    }
    let name = quoted(name);
    if levels.is_empty() {
        bail!(
            "--by `{name}` is not a level: the rubric names no `fields.levels`\n  hint: use --by location, or add `levels: [Region, Area]` under the rubric's `fields`"
        );
    }
    let mut choices: Vec<String> = vec!["location".into()];
    choices.extend(levels.iter().map(|l| l.to_lowercase()));
    let near = crate::closest(&name, levels.iter().map(String::as_str))
        .map(|c| format!("did you mean {}? ", c.to_lowercase()))
        .unwrap_or_default();
    bail!("--by `{name}` is not a level of the rubric\n  hint: {near}use one of {}", choices.join(", "))
}

/// The command's settings as the About sheet lists them.
fn settings(args: &Settings) -> Vec<(String, String)> {
    let opt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let path = |p: &Option<PathBuf>| p.as_ref().map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let mut listed = vec![
        ("rubric".into(), paths(&args.rubric)),
        ("inputs".into(), args.inputs.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")),
        ("out".into(), path(&args.out)),
        ("fail_under".into(), opt(args.fail_under)),
        ("fail_location_under".into(), opt(args.fail_location_under)),
        ("min_visits".into(), args.min_visits.unwrap_or(DEFAULT_MIN_VISITS).to_string()),
        ("max_issues".into(), args.max_issues.map_or_else(|| "-".to_string(), |v| v.to_string())),
        ("strict".into(), args.strict.unwrap_or(false).to_string()),
        ("period".into(), args.period.clone().unwrap_or_else(|| "-".into())),
        ("since".into(), args.since.clone().unwrap_or_else(|| "-".into())),
        ("until".into(), args.until.clone().unwrap_or_else(|| "-".into())),
        ("steady_within".into(), opt(args.steady_within)),
        ("per_location".into(), args.per_location.unwrap_or(false).to_string()),
        ("raw_csv".into(), args.raw_csv.unwrap_or(false).to_string()),
        ("charts".into(), format!("{:?}", args.charts.unwrap_or(ChartFormats::All)).to_lowercase()),
        ("chart_by".into(), format!("{:?}", args.chart_by.unwrap_or(ChartBy::Region)).to_lowercase()),
    ];
    // Listed only when given: a run without keeps its About sheet as it was.
    if args.corrections.is_some() {
        listed.insert(3, ("corrections".into(), path(&args.corrections)));
    }
    if let Some(sheet) = &args.sheet {
        listed.insert(2, ("sheet".into(), sheet.clone()));
    }
    if let Some(by) = &args.by {
        listed.push(("by".into(), by.clone()));
    }
    let counts = [("action_failures", args.action_failures), ("action_streak", args.action_streak)];
    let numbers = [("alert_below", args.alert_below), ("shopper_margin", args.shopper_margin)];
    let switches = [("fail_on_alert", args.fail_on_alert), ("fail_on_breach", args.fail_on_breach)];
    listed.extend(numbers.into_iter().filter(|(_, v)| v.is_some()).map(|(k, v)| (k.into(), opt(v))));
    listed.extend(counts.into_iter().filter_map(|(k, v)| Some((k.into(), v?.to_string()))));
    listed.extend(switches.into_iter().filter_map(|(k, v)| Some((k.into(), v?.to_string()))));
    listed
}

/// The longest file name in bytes that Linux, macOS and Windows file systems all take.
const NAME_MAX: usize = 255;

/// `--xlsx-name` must name a file inside the output folder, nothing else.
fn check_file_name(name: &str) -> Result<()> {
    let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
    if !plain {
        bail!(
            "--xlsx-name `{}` must be a plain file name ending in .xlsx\n  hint: use --out to choose the folder",
            quoted(name)
        );
    }
    // A name without the extension is not a folder mistake: say what it lacks.
    if !name.to_ascii_lowercase().ends_with(".xlsx") {
        bail!("--xlsx-name `{}` must end in .xlsx\n  hint: name it `{}.xlsx`", quoted(name), quoted(name));
    }
    if crate::report::is_windows_device_name(name) {
        bail!(
            "--xlsx-name `{}` is a device name on Windows, where the file could not be opened\n  hint: choose another name",
            quoted(name)
        );
    }
    if name.len() > NAME_MAX {
        bail!(
            "--xlsx-name is {} bytes long; file systems take file names of at most {NAME_MAX}\n  hint: choose a shorter name",
            name.len()
        );
    }
    Ok(())
}

/// The workbook's file name made from the rubric's name (and the periods, always
/// `YYYY-MM`), unless `--xlsx-name` gives one, must be one a file system takes: checked
/// before any row is read, not when the workbook is written at the end.
fn check_output_names(rubric: &Rubric, rubric_path: &std::path::Path, xlsx_name: Option<&str>) -> Result<()> {
    if xlsx_name.is_some() {
        return Ok(());
    }
    let longest = crate::report::xlsx::file_name(&rubric.name, &["2026-01", "2026-12"]);
    if longest.len() > NAME_MAX {
        bail!(
            "{}: name: the workbook's file name made from the rubric's name would be {} bytes long; file systems take at most {NAME_MAX}\n  hint: shorten the rubric's `name`, or give the workbook a name with --xlsx-name",
            rubric_path.display(),
            longest.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric(name: &str) -> Rubric {
        let yaml = "name: T\nsections:\n  - id: s1\n    questions: [{ id: q1, type: yes_no }]\n";
        let mut r = rubric::parse(std::path::Path::new("r.yaml"), yaml).unwrap();
        r.name = name.to_string();
        r
    }

    #[test]
    fn previous_is_the_month_before_the_run_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(previous_month(day(2026, 12, 2)), "2026-11");
        assert_eq!(previous_month(day(2026, 1, 31)), "2025-12");
        assert_eq!(previous_month(day(2026, 3, 1)), "2026-02");
    }

    #[test]
    fn the_workbook_name_from_the_rubric_must_fit_a_file_system() {
        let path = std::path::Path::new("r.yaml");
        // 234 letters + "-2026-01_2026-12.xlsx" (21) = 255 bytes: the longest that fits.
        assert!(check_output_names(&rubric(&"a".repeat(234)), path, None).is_ok());
        let e = check_output_names(&rubric(&"a".repeat(235)), path, None).unwrap_err().to_string();
        assert!(e.starts_with("r.yaml: name: ") && e.contains("256 bytes") && e.contains("hint:"), "{e}");
        // --xlsx-name replaces the name made from the rubric.
        assert!(check_output_names(&rubric(&"a".repeat(300)), path, Some("book.xlsx")).is_ok());
    }

    #[test]
    fn xlsx_name_must_fit_a_file_system() {
        assert!(check_file_name(&format!("{}.xlsx", "b".repeat(250))).is_ok());
        let e = check_file_name(&format!("{}.xlsx", "b".repeat(251))).unwrap_err().to_string();
        assert!(e.contains("256 bytes"), "{e}");
    }
}
