//! What each subcommand does, start to finish: the CLI's only caller into the library.
//! Results go to stdout, messages and errors to stderr.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, Settings, TemplateArgs};
use crate::config::{CheckConfig, ScoreConfig};
use crate::gate::Gates;
use crate::issue::Issue;
use crate::number::{counted, thousands};
use crate::progress::Progress;
use crate::report::{Reports, json, table};
use crate::run::{Amendments, stream};
use crate::sink::{ScoredVisit, Sink};
use crate::summary::{Judging, Summary};
use crate::terminal_text::{self, NAME, VALUE, one_line};
use crate::window::Window;

pub fn run(cli: Cli) -> Result<ExitCode> {
    if matches!(cli.command, Command::Score(_) | Command::Run(_)) {
        // A stopped run removes its staging folder instead of leaving it behind.
        crate::report::clean_up_on_signals().context("cannot watch for SIGINT and SIGTERM")?;
    }
    match cli.command {
        Command::Score(args) => score(ScoreConfig::new(Settings { inputs: args.files, ..args.settings })?),
        Command::Run(args) => score(ScoreConfig::new(crate::runfile::load(&args.file)?.overridden_by(args.settings))?),
        Command::Init(args) => init(&args.dir),
        Command::Check(args) => check(CheckConfig::new(args)?),
        Command::Template(args) => template(&args),
    }
}

/// True when the error is stdout closed early (`shopscore ... | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

fn score(cfg: ScoreConfig) -> Result<ExitCode> {
    let corrections = cfg.corrections.is_some();
    let mut reports =
        Reports::new(cfg.staging, &cfg.rubric, cfg.xlsx, cfg.charts, cfg.cards, cfg.raw_csv, corrections)?;
    let total = cfg.inputs.iter().map(|i| i.size).sum();
    let progress = Progress::reading(total, !cfg.quiet && !cfg.json);
    let focus = cfg.window.focus.as_deref();
    let judging = Judging { gates: &cfg.gates, steady_within: cfg.steady_within, focus, rules: &cfg.rules };
    let amendments = Amendments { corrections: cfg.corrections.as_ref(), reshops: cfg.reshops };
    let (rubric, inputs, window) = (&cfg.rubric, cfg.inputs, &cfg.window);
    let summary = stream(rubric, &cfg.rubric_path, inputs, &mut reports, &progress, window, judging, amendments)?;
    progress.writing();
    let written = reports.finish(&summary);
    progress.done();
    let written = written?;
    // What was read and written goes first, so it never scrolls the table away.
    if !cfg.quiet {
        describe_inputs(&summary);
        describe_written(&written, &cfg.out, cfg.verbose);
    }
    let text = if cfg.json {
        json::to_json(&summary)?
    } else if cfg.quiet {
        Vec::new()
    } else {
        match cfg.by {
            Some(level) => table::render_level(&summary, level, table::terminal_width()).into_bytes(),
            None => table::render(&summary, table::terminal_width()).into_bytes(),
        }
    };
    // A reader that stops early (`| head`) must not hide a failed gate: the exit code
    // still says how the run went.
    ignore_broken_pipe(io::stdout().lock().write_all(&text).and_then(|()| io::stdout().lock().flush()))?;
    let failed: Vec<_> = summary.gates.iter().filter(|g| !g.passed).collect();
    for gate in &failed {
        say(&format!("gate failed: {}", gate.reason));
    }
    // A note, not an error: --quiet silences it, as it does check's warnings.
    for gate in summary.gates.iter().filter(|g| g.not_judged() && !cfg.quiet) {
        say(&format!("gate not judged: {}", gate.note));
    }
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn describe_inputs(summary: &Summary) {
    for i in &summary.inputs {
        let mut outside = String::new();
        if i.compared > 0 {
            outside.push_str(&format!(", {} read to compare with", thousands(i.compared)));
        }
        if i.outside > 0 {
            outside.push_str(&format!(", {} outside the window", thousands(i.outside)));
        }
        if i.undated > 0 {
            outside.push_str(&format!(
                ", {} undated (no readable date: not placed in the window, not scored)",
                thousands(i.undated)
            ));
        }
        if i.unversioned > 0 {
            outside.push_str(&format!(
                ", {} dated before the first rubric version (not scored)",
                thousands(i.unversioned)
            ));
        }
        // A workbook has no delimiter to name.
        let delimiter = match i.delimiter {
            0 => String::new(),
            d => format!(", delimiter '{}'", json::delimiter_name(d)),
        };
        say(&format!(
            "read {}: {}{delimiter}, {}, {}{outside}",
            i.file,
            i.encoding,
            counted(i.rows, "row", "rows"),
            counted(i.visits, "visit", "visits")
        ));
    }
    if let Some(c) = &summary.corrections {
        say(&format!(
            "read corrections {}: {}, {} accepted, {} acted; {} void, {} changed",
            c.file,
            counted(c.rows, "row", "rows"),
            thousands(c.accepted),
            thousands(c.acted),
            counted(c.void_visits, "visit", "visits"),
            counted(c.changed_visits, "visit", "visits")
        ));
    }
}

/// Every report written, one line each with `--verbose`; else one line for them all.
fn describe_written(written: &[std::path::PathBuf], out: &std::path::Path, verbose: bool) {
    if verbose {
        for path in written {
            say(&format!("wrote {}", path.display()));
        }
    } else if !written.is_empty() {
        say(&format!(
            "wrote {} into {} (--verbose names each)",
            counted(written.len() as u64, "report", "reports"),
            out.display()
        ));
    }
}

/// A message on stderr, as a terminal may show it (see [`terminal_text`]).
fn say(text: &str) {
    eprintln!("{}", terminal_text::message(text));
}

/// `check`'s sink: lists issues as they are found.
struct IssuePrinter<W: Write> {
    out: W,
    quiet: bool,
    /// Stdout was closed early: stop printing, keep counting.
    closed: bool,
}

impl<W: Write> IssuePrinter<W> {
    /// Writes `text` as one line, escaped for a terminal (see [`terminal_text`]).
    fn line(&mut self, text: std::fmt::Arguments) -> Result<()> {
        if !self.closed {
            let text = one_line(&text.to_string(), terminal_text::LINE).into_owned();
            let written = self.out.write_all(text.as_bytes()).and_then(|()| self.out.write_all(b"\n"));
            self.closed = ignore_broken_pipe(written)?.is_none();
        }
        Ok(())
    }
}

/// `Ok(None)` for a closed pipe, the result otherwise.
fn ignore_broken_pipe<T>(r: io::Result<T>) -> io::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(None),
        Err(e) => Err(e),
    }
}

impl<W: Write> Sink for IssuePrinter<W> {
    fn visit(&mut self, _: &ScoredVisit) -> Result<()> {
        Ok(())
    }

    fn issue(&mut self, i: &Issue, _: Option<&crate::ingest::Visit>) -> Result<()> {
        if !self.quiet {
            // Each part cut to its room, so a huge id or raw row cannot hide the problem.
            let id =
                if i.visit_id.is_empty() { String::new() } else { format!(" visit {}", one_line(&i.visit_id, NAME)) };
            let col =
                if i.column.is_empty() { String::new() } else { format!(" column `{}`", one_line(&i.column, NAME)) };
            let value = one_line(&i.value, VALUE);
            self.line(format_args!("{}:{}:{id}{col} value `{value}`: {}", i.file, i.line, i.problem))?;
        }
        Ok(())
    }
}

fn check(cfg: CheckConfig) -> Result<ExitCode> {
    let mut printer = IssuePrinter { out: io::stdout().lock(), quiet: cfg.quiet, closed: false };
    // Likely slips in a valid rubric: on stderr, like errors, but they stop nothing.
    let warnings = &cfg.rubric.warnings;
    if !cfg.quiet {
        for w in warnings {
            eprintln!("{}", crate::terminal_text::message(&format!("warning: {w}")));
        }
    }
    if cfg.inputs.is_empty() {
        let ok = |r: &crate::rubric::Rubric, warned: usize| {
            let sections = crate::number::counted(r.sections.len() as u64, "section", "sections");
            let questions = crate::number::counted(r.questions.len() as u64, "question", "questions");
            let warned = match warned {
                0 => String::new(),
                n => format!("; {}", crate::number::counted(n as u64, "warning", "warnings")),
            };
            format!("rubric OK ({sections}, {questions}{warned})")
        };
        if !cfg.rubric.versioned() {
            printer.line(format_args!("{}: {}", cfg.rubric_path.display(), ok(&cfg.rubric, warnings.len())))?;
            return Ok(ExitCode::SUCCESS);
        }
        // Each version, oldest first, with the days it is in force.
        for (i, v) in cfg.rubric.versions.iter().enumerate() {
            let from = v.effective_from().map_or_else(|| "the start".to_string(), |d| d.to_string());
            let until = cfg.rubric.version_until(i).map_or_else(|| "now".to_string(), |d| d.to_string());
            let own = ok(&v.rubric, v.rubric.warnings.len());
            printer.line(format_args!(
                "{}: {own}, version {} in force from {from} to {until}",
                v.file.display(),
                v.label
            ))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let window = Window { today: Some(cfg.today), ..Window::default() };
    // `check` judges nothing: no gate, and the comparison is never shown.
    let gates = Gates { min_visits: crate::gate::DEFAULT_MIN_VISITS, ..Gates::default() };
    let rules = crate::follow_up::Rules::default();
    let judging = Judging { gates: &gates, steady_within: 0.0, focus: None, rules: &rules };
    let (rubric, inputs, progress) = (&cfg.rubric, cfg.inputs, Progress::hidden());
    let amendments = Amendments { corrections: cfg.corrections.as_ref(), reshops: cfg.reshops };
    let summary = stream(rubric, &cfg.rubric_path, inputs, &mut printer, &progress, &window, judging, amendments)?;
    let n = summary.issues.total();
    let counted = crate::number::counted;
    printer.line(format_args!(
        "{} in {} from {}",
        counted(n, "data issue", "data issues"),
        // Every visit read, a void or replaced one too: `check` describes the files.
        counted(summary.inputs.iter().map(|i| i.visits).sum(), "visit", "visits"),
        counted(summary.inputs.len() as u64, "file", "files")
    ))?;
    if !printer.closed {
        ignore_broken_pipe(printer.out.flush())?;
    }
    Ok(if n == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn template(args: &TemplateArgs) -> Result<ExitCode> {
    let (rubric, _) = crate::config::load_rubric(&args.rubric)?;
    // With several versions, the form shoppers fill in now: the latest version's.
    let rubric = rubric.latest();
    let mut out = io::stdout().lock();
    out.write_all(&crate::template::render(rubric, usize::from(!args.header_only))?)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `shopscore init DIR`: a run file, the retail rubric to adapt, the CSV template of the
/// columns it reads (beside them, not in `data/`, where every run would read it as an
/// input), and an empty `data/` for the exports. Existing files are never overwritten.
fn init(dir: &std::path::Path) -> Result<ExitCode> {
    const RUBRIC: &str = include_str!("../rubrics/retail-visit.yaml");
    const TEMPLATE: &str = "visits-template.csv";
    const EXAMPLE: &str = "data/example.csv";
    let rubric = crate::rubric::parse(std::path::Path::new("rubrics/retail-visit.yaml"), RUBRIC)?;
    // Three made-up visits to one store, so that `run` works on the folder as made (and
    // its location gate, which needs 3 visits, judges it); the `next:` line says to
    // replace them.
    // A data/ that already holds exports gets no made-up visits among them.
    let data = dir.join("data");
    let exports = std::fs::read_dir(&data)
        .is_ok_and(|entries| entries.flatten().any(|e| crate::ingest::is_input_name(&e.path())));
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("audit.yaml", crate::runfile::STARTER.as_bytes().to_vec()),
        ("rubric.yaml", RUBRIC.as_bytes().to_vec()),
        (TEMPLATE, crate::template::render(&rubric, 0)?),
    ];
    if !exports {
        files.push((EXAMPLE, crate::template::render(&rubric, 3)?));
    }
    for (name, _) in &files {
        let path = dir.join(name);
        if path.exists() {
            anyhow::bail!("{} already exists; nothing was written\n  hint: choose a new folder", path.display());
        }
    }
    std::fs::create_dir_all(&data).with_context(|| format!("cannot create {}", data.display()))?;
    for (name, bytes) in &files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        say(&format!("wrote {}", path.display()));
    }
    if exports {
        say(&format!(
            "next: {} already holds exports, so no example was written; check the rubric\n  \
             against them with `shopscore check --rubric {} {}`, then `shopscore run {}`",
            data.display(),
            dir.join("rubric.yaml").display(),
            data.display(),
            dir.join("audit.yaml").display(),
        ));
    } else {
        say(&format!(
            "next: `shopscore run {}` scores the 3 made-up visits in {};\n  \
             then delete that file, have the shopper form export the columns of\n  \
             {}, and put each month's exports in {}",
            dir.join("audit.yaml").display(),
            dir.join(EXAMPLE).display(),
            dir.join(TEMPLATE).display(),
            data.display(),
        ));
    }
    Ok(ExitCode::SUCCESS)
}
