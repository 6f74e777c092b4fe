//! Checked settings: the raw [`crate::cli`] arguments resolved into what a run needs,
//! with every check that can fail done before any row is read (rubric valid, inputs
//! readable with all required columns, output folder writable, thresholds in range).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::cli::{CheckArgs, Settings};
use crate::gate::{DEFAULT_MIN_VISITS, Gates};
use crate::ingest::Input;
use crate::report::Staging;
use crate::report::cards::CardOptions;
use crate::report::charts::{ChartBy, ChartFormats, ChartOptions};
use crate::report::xlsx::XlsxOptions;
use crate::rubric::{self, Rubric};
use crate::run::Window;

/// A `score` run, ready to stream.
pub struct ScoreConfig {
    pub rubric: Rubric,
    pub rubric_path: PathBuf,
    pub inputs: Vec<Input>,
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
    pub json: bool,
    pub quiet: bool,
}

/// A `check` run.
pub struct CheckConfig {
    pub rubric: Rubric,
    pub rubric_path: PathBuf,
    pub inputs: Vec<Input>,
    pub quiet: bool,
}

impl ScoreConfig {
    /// Checks `args` (from `score`'s flags, or a run file merged with `run`'s flags).
    pub fn new(args: Settings) -> Result<ScoreConfig> {
        for (flag, value) in [("--fail-under", args.fail_under), ("--fail-location-under", args.fail_location_under)] {
            if let Some(p) = value
                && !(0.0..=100.0).contains(&p)
            {
                bail!("{flag} {p} is not a percentage\n  hint: use a number from 0 to 100");
            }
        }
        let Some(rubric_path) = args.rubric.clone() else {
            bail!("no rubric given\n  hint: pass --rubric FILE, or set `rubric:` in the run file");
        };
        if args.inputs.is_empty() {
            bail!("no input files given\n  hint: name CSV files or folders, or set `inputs:` in the run file");
        }
        if let Some(name) = &args.xlsx_name {
            check_file_name(name)?;
        }
        let focus = month_flag("--period", &args.period)?;
        if focus.is_some() && args.until.is_some() {
            bail!(
                "--period and --until cannot be used together\n  hint: --period P reads up to P and compares with the months before it"
            );
        }
        let until = focus.clone().map_or_else(|| month_flag("--until", &args.until), |p| Ok(Some(p)))?;
        let window = Window { since: month_flag("--since", &args.since)?, until, focus };
        if let (Some(a), Some(b)) = (&window.since, &window.until)
            && a > b
        {
            bail!("--since {a} is after --until {b}\n  hint: the window runs from --since to --until, both included");
        }
        let rubric = rubric::load(&rubric_path)?;
        if !args.no_xlsx.unwrap_or(false) {
            check_output_names(&rubric, &rubric_path, args.xlsx_name.as_deref())?;
        }
        let rubric_steady = rubric.steady_within;
        if let Some(p) = args.steady_within
            && !(0.0..=100.0).contains(&p)
        {
            bail!("--steady-within {p} is not a number of points from 0 to 100");
        }
        let mut inputs = open_inputs(&args.inputs, &rubric)?;
        let xlsx = (!args.no_xlsx.unwrap_or(false)).then(|| XlsxOptions {
            name: args.xlsx_name.clone(),
            settings: settings(&args),
            card: None,
            tempdir: None,
        });
        // Workbooks (the run's and the cards) show every answer and comment as written.
        for input in &mut inputs {
            input.keep_text = xlsx.is_some() || args.per_location.unwrap_or(false);
        }
        let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports"));
        refuse_inputs_in_the_way(&out, &inputs)?;
        let charts = ChartOptions {
            formats: args.charts.unwrap_or(ChartFormats::All),
            by: args.chart_by.unwrap_or(ChartBy::Region),
        };
        let steady_within = args.steady_within.or(rubric_steady).unwrap_or(2.0);
        let staging = Staging::new(&out).with_context(|| {
            format!("cannot write reports into {}\n  hint: choose another folder with --out", out.display())
        })?;
        Ok(ScoreConfig {
            rubric,
            rubric_path,
            inputs,
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
            }),
            gates: Gates {
                fail_under: args.fail_under,
                fail_location_under: args.fail_location_under,
                min_visits: args.min_visits.unwrap_or(DEFAULT_MIN_VISITS),
                max_issues: args.max_issues,
                strict: args.strict.unwrap_or(false),
            },
            window,
            steady_within,
            json: args.json.unwrap_or(false),
            quiet: args.quiet.unwrap_or(false),
        })
    }
}

/// An input that this run's own reports would replace (`--out` is the folder the data
/// sits in, and the data is called visits.csv) would be lost: refuse.
fn refuse_inputs_in_the_way(out: &std::path::Path, inputs: &[Input]) -> Result<()> {
    let Ok(out) = out.canonicalize() else { return Ok(()) };
    for input in inputs {
        let Ok(path) = input.path.canonicalize() else { continue };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.parent() == Some(out.as_path()) && ["visits.csv", "issues.csv", "summary.json"].contains(&name) {
            bail!(
                "{} is an input, and this run would write its report over it\n  hint: choose another --out, or rename the input",
                input.path.display()
            );
        }
    }
    Ok(())
}

/// A `YYYY-MM` flag value, checked.
fn month_flag(flag: &str, value: &Option<String>) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    match crate::ingest::date::period(&format!("{v}-01"), "%Y-%m-%d") {
        Some(p) if v.len() == 7 => Ok(Some(p)),
        _ => bail!("{flag} `{v}` is not a month\n  hint: write it as YYYY-MM, e.g. 2026-09"),
    }
}

impl CheckConfig {
    pub fn new(args: CheckArgs) -> Result<CheckConfig> {
        let rubric = rubric::load(&args.rubric)?;
        check_output_names(&rubric, &args.rubric, None)?;
        let inputs = open_inputs(&args.files, &rubric)?;
        Ok(CheckConfig { rubric, rubric_path: args.rubric, inputs, quiet: args.quiet })
    }
}

/// Opens every input and maps its header; the first unusable file stops the run.
fn open_inputs(files: &[PathBuf], rubric: &Rubric) -> Result<Vec<Input>> {
    expand(files)?.iter().map(|f| Ok(Input::open(f, rubric)?)).collect()
}

/// Files as given, and for each directory its `*.csv` files sorted by name (a monthly
/// drop folder). A directory without CSV files is an error, not an empty run.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path).with_context(|| format!("cannot list the folder {}", path.display()))?;
        let mut found: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let p = entry.with_context(|| format!("cannot list the folder {}", path.display()))?.path();
            let is_csv = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if is_csv && p.is_file() {
                found.push(p);
            }
        }
        if found.is_empty() {
            bail!(
                "the folder {} holds no .csv file\n  hint: name the files, or point at the folder the exports land in",
                path.display()
            );
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// The command's settings as the About sheet lists them.
fn settings(args: &Settings) -> Vec<(String, String)> {
    let opt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
    let path = |p: &Option<PathBuf>| p.as_ref().map_or_else(|| "-".to_string(), |p| p.display().to_string());
    vec![
        ("rubric".into(), path(&args.rubric)),
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
        ("charts".into(), format!("{:?}", args.charts.unwrap_or(ChartFormats::All)).to_lowercase()),
        ("chart_by".into(), format!("{:?}", args.chart_by.unwrap_or(ChartBy::Region)).to_lowercase()),
    ]
}

/// The longest file name in bytes that Linux, macOS and Windows file systems all take.
const NAME_MAX: usize = 255;

/// `--xlsx-name` must name a file inside the output folder, nothing else.
fn check_file_name(name: &str) -> Result<()> {
    let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
    if !plain || !name.to_ascii_lowercase().ends_with(".xlsx") {
        bail!("--xlsx-name `{name}` must be a plain file name ending in .xlsx\n  hint: use --out to choose the folder");
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
