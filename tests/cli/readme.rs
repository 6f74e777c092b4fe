//! The README and docs/ stay true: the README's worked example is run exactly as written
//! and must print what the README shows, the files it shows must be what the run wrote,
//! every relative link in README.md and docs/*.md must lead somewhere, and the `--out`
//! default the README gives must be the one `run --help` gives.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// A fenced block of a Markdown file: its info string, its text and the last line of
/// prose before it (the caption that says what it is).
struct Block {
    info: String,
    body: String,
    caption: String,
    line: usize,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut caption = String::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            let mut body = String::new();
            for (_, l) in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push(Block { info: info.trim().to_string(), body, caption: std::mem::take(&mut caption), line: i + 1 });
        } else if !line.trim().is_empty() {
            caption = line.trim().to_string();
        }
    }
    out
}

/// The path a caption names when it starts with one (`` `reports/mini/visits.csv`: ``,
/// ``[`docs/example/mini.yaml`](docs/example/mini.yaml):``) and ends with a colon.
fn captioned_path(caption: &str) -> Option<&str> {
    let rest = caption.strip_prefix("[`").or_else(|| caption.strip_prefix('`'))?;
    let path = &rest[..rest.find('`')?];
    (caption.ends_with(':') && path.contains('/')).then_some(path)
}

/// Runs `args` (the README's words after `shopscore`) in the repository root, stdout and
/// stderr into one pipe as a terminal shows them, and returns what it printed.
fn run_as_written(args: &[String]) -> String {
    let (mut reader, writer) = std::io::pipe().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shopscore"));
    cmd.current_dir(root()).args(args).env_remove("COLUMNS");
    cmd.stdout(writer.try_clone().unwrap()).stderr(writer);
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut printed = String::new();
    reader.read_to_string(&mut printed).unwrap();
    child.wait().unwrap();
    printed
}

#[test]
fn readme_worked_example_prints_and_writes_what_the_readme_shows() {
    let readme = read("README.md");
    let tmp = tempfile::tempdir().unwrap();
    // The README's `--out` folders, each with the temporary folder it stands for here.
    let mut outs: Vec<(String, PathBuf)> = Vec::new();
    let (mut commands, mut files) = (0, 0);
    for block in blocks(&readme) {
        if block.info == "console" {
            assert!(block.body.starts_with("$ "), "README.md:{}: a console block starts with `$ `", block.line);
            // Each `$ ` line and the lines it prints, up to the next `$ ` line.
            let mut runs: Vec<(&str, String)> = Vec::new();
            for line in block.body.lines() {
                match (line.strip_prefix("$ "), runs.last_mut()) {
                    (Some(command), _) => runs.push((command, String::new())),
                    (None, Some((_, shown))) => {
                        shown.push_str(line);
                        shown.push('\n');
                    }
                    (None, None) => {}
                }
            }
            for (command, shown) in runs {
                assert!(
                    !command.contains(|c| "'\"*?|<>&;$`\\".contains(c)),
                    "README.md:{}: `{command}`: keep the example's commands to plain words (this test runs them without a shell)",
                    block.line
                );
                let mut words: Vec<String> = command.split_whitespace().map(String::from).collect();
                assert_eq!(words.first().map(String::as_str), Some("shopscore"), "README.md:{}", block.line);
                words.remove(0);
                let mut written = None;
                if let Some(i) = words.iter().position(|w| w == "--out") {
                    let shown_out = words[i + 1].clone();
                    let real = tmp.path().join(format!("out-{}", outs.len()));
                    words[i + 1] = real.display().to_string();
                    written = Some((shown_out.clone(), real.clone()));
                    outs.push((shown_out, real));
                } else {
                    assert!(
                        !matches!(words.first().map(String::as_str), Some("score" | "run" | "init")),
                        "README.md:{}: `{command}` would write into the repository: give it --out",
                        block.line
                    );
                }
                let mut printed = run_as_written(&words);
                if let Some((shown_out, real)) = &written {
                    printed = printed.replace(&real.display().to_string(), shown_out);
                }
                assert_eq!(
                    printed.trim_end_matches('\n'),
                    shown.trim_end_matches('\n'),
                    "README.md:{}: `{command}` prints something else than the README shows",
                    block.line
                );
                commands += 1;
            }
        } else if let Some(path) = captioned_path(&block.caption) {
            let real = outs
                .iter()
                .find_map(|(shown, real)| path.strip_prefix(&format!("{shown}/")).map(|rest| real.join(rest)))
                .unwrap_or_else(|| root().join(path));
            let got = std::fs::read_to_string(&real)
                .unwrap_or_else(|e| panic!("README.md:{}: `{path}` ({}): {e}", block.line, real.display()));
            assert_eq!(got, block.body, "README.md:{}: `{path}` is not what the README shows", block.line);
            files += 1;
        }
    }
    assert!(commands >= 2 && !outs.is_empty(), "the README's worked example has a check and a score command");
    assert!(files >= 4, "the README shows the example's rubric, its CSV and two reports, and this test checks each");
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces to `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks), repeats numbered.
fn anchors(text: &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (_, line) in prose(text) {
        let Some(heading) = line.strip_prefix('#') else { continue };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let s = slug(heading);
        let n = seen.entry(s.clone()).or_insert(0);
        out.push(if *n == 0 { s.clone() } else { format!("{s}-{n}") });
        *n += 1;
    }
    out
}

/// The lines of a Markdown file outside fenced code blocks, with their numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut inside = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
        } else if !inside {
            out.push((i + 1, line));
        }
    }
    out
}

/// Every `](target)` of a line, with its inline code spans left out.
fn link_targets(line: &str) -> Vec<String> {
    let plain: String = line.split('`').step_by(2).collect::<Vec<_>>().join("");
    let mut out = Vec::new();
    let mut rest = plain.as_str();
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn every_relative_link_in_the_readme_and_docs_leads_to_a_file_and_heading_that_exist() {
    let mut pages = vec!["README.md".to_string()];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            pages.push(format!("docs/{name}"));
        }
    }
    pages.sort();
    let mut bad = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let text = read(page);
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for (n, line) in prose(&text) {
            for target in link_targets(line) {
                if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") {
                    continue;
                }
                checked += 1;
                let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
                let rel = if file.is_empty() { PathBuf::from(page) } else { normalize(&dir.join(file)) };
                let rel_text = rel.to_string_lossy().into_owned();
                let path = root().join(&rel);
                if !path.exists() {
                    bad.push(format!("{page}:{}: `{target}`: no file {rel_text}", n + 1));
                } else if !anchor.is_empty() {
                    let heads = anchors(&std::fs::read_to_string(&path).unwrap_or_default());
                    if !heads.iter().any(|h| h == anchor) {
                        bad.push(format!("{page}:{n}: `{target}`: {rel_text} has no heading #{anchor}"));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "broken links:\n{}", bad.join("\n"));
    assert!(checked >= 20, "the README and docs link to each other ({checked} links found)");
}

/// `docs/../README.md` as `README.md`.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn the_readme_and_docs_give_the_out_default_run_help_gives() {
    let help = Command::new(env!("CARGO_BIN_EXE_shopscore")).args(["run", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let flat = |s: &str| s.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ");
    let help = flat(&help);
    let from = help.find("--out <DIR>").unwrap();
    let default = &help[from..];
    let default = &default[default.find("[default: ").unwrap() + "[default: ".len()..];
    let default = &default[..default.find(']').unwrap()];
    assert!(default.starts_with("reports"), "run --help: --out [default: {default}]");
    for page in ["README.md", "docs/cli.md"] {
        let text = read(page);
        let row =
            text.lines().find(|l| l.starts_with("| `--out DIR`")).unwrap_or_else(|| panic!("{page}: no --out row"));
        assert!(flat(row).contains(default), "{page}: the --out row does not give run --help's default: {row}");
    }
}

/// The README's first steps with a client (`init`, a sample month copied in, `run`) work
/// as written in a fresh folder, and `run` ends as the README says: exit 1, two stores
/// below the starter run file's `fail_location_under: 70`.
#[test]
fn the_readmes_monthly_job_steps_work_as_written() {
    let readme = read("README.md");
    let block = blocks(&readme)
        .into_iter()
        .find(|b| b.info == "sh" && b.body.starts_with("shopscore init "))
        .expect("the README's monthly-job block starts with `shopscore init`");
    let tmp = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for line in block.body.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["shopscore", args @ ..] => {
                let out =
                    Command::new(env!("CARGO_BIN_EXE_shopscore")).current_dir(tmp.path()).args(args).output().unwrap();
                runs.push((args.first().copied().unwrap_or(""), out));
            }
            ["rm", file] => std::fs::remove_file(tmp.path().join(file)).unwrap(),
            // `cp` of a repository file: the README runs in the clone, this test in a temporary folder.
            ["cp", from, to] => {
                let from = root().join(from);
                std::fs::copy(&from, tmp.path().join(to).join(from.file_name().unwrap())).unwrap();
            }
            other => panic!("README.md:{}: a step this test does not know: {other:?}", block.line),
        }
    }
    // init, then a run on the folder as init made it: exit 0 (the example scores 100).
    let codes: Vec<(&str, Option<i32>)> = runs.iter().map(|(cmd, out)| (*cmd, out.status.code())).collect();
    assert_eq!(codes[..2], [("init", Some(0)), ("run", Some(0))], "README.md:{}", block.line);
    let (_, run) = runs.last().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("gate failed: 2 locations with 3+ visits below --fail-location-under 70"), "{stderr}");
    assert!(tmp.path().join("acme/reports/summary.json").exists());
}

/// The README's rubric reference names every key a rubric may hold: the lists of known
/// keys the rubric loader checks against (src/rubric/tree.rs), each as `` `key` `` under
/// "The rubric in brief".
#[test]
fn the_readmes_rubric_reference_names_every_rubric_key() {
    let readme = read("README.md");
    let from = readme.find("## The rubric in brief").expect("README.md has a section `The rubric in brief`");
    let section = &readme[from..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let tree = read("src/rubric/tree.rs");
    let mut keys = Vec::new();
    for list in ["RUBRIC", "GRADE", "FIELDS", "CHECKS", "ACTIONS", "LADDER", "SECTION", "QUESTION", "BAND"] {
        let start = tree.find(&format!("const {list}: &[&str] =")).unwrap_or_else(|| panic!("tree.rs: no {list}"));
        let body = &tree[start..];
        let body = &body[body.find('[').unwrap()..body.find("];").unwrap()];
        let found: Vec<&str> = body.split('"').skip(1).step_by(2).collect();
        assert!(!found.is_empty(), "tree.rs: {list} holds no key");
        keys.extend(found);
    }
    assert!(keys.len() >= 40, "{keys:?}");
    let missing: Vec<&str> = keys.into_iter().filter(|k| !section.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "README.md's rubric reference does not name {missing:?}");
}

/// CI (`.ci/run`) runs the README's two commands, so what the README promises is what CI checks.
#[test]
fn ci_runs_the_readmes_two_commands() {
    let readme = read("README.md");
    let from = readme.find("## Two commands").expect("README.md has a section `Two commands`");
    let block = blocks(&readme[from..]).into_iter().next().expect("a block under `Two commands`");
    let commands: Vec<&str> = block.body.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(commands.len(), 2, "README.md: the two commands: {commands:?}");
    let ci = read(".ci/run");
    for command in commands {
        assert!(ci.lines().any(|l| l.trim() == command), ".ci/run does not run the README's `{command}`");
    }
}

/// docs/input.md's broken-rubric example prints what the page shows: every mistake of
/// docs/example/broken.yaml in one run.
#[test]
fn the_broken_rubric_example_in_docs_input_prints_what_the_page_shows() {
    let page = read("docs/input.md");
    let command = "$ shopscore check --rubric docs/example/broken.yaml\n";
    let block = blocks(&page)
        .into_iter()
        .find(|b| b.info == "console" && b.body.starts_with(command))
        .expect("docs/input.md shows `shopscore check --rubric docs/example/broken.yaml`");
    let args: Vec<String> = ["check", "--rubric", "docs/example/broken.yaml"].map(String::from).to_vec();
    assert_eq!(run_as_written(&args), block.body[command.len()..], "docs/input.md:{}", block.line);
    // Four mistakes of four kinds, each on its own `error:` line with line and column.
    assert_eq!(block.body.matches("\nerror: docs/example/broken.yaml:").count(), 4, "{}", block.body);
}
