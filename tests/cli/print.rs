//! The workbook printed through a real client: LibreOffice converts it to PDF (as an owner's
//! "print to PDF" would) and poppler reads the pages back. Each page's footer names its sheet
//! (`&A`) and says "Page N of M", which is how pages are told apart. Checked: every page is
//! landscape; Summary is one page; Locations, Sections, Questions, Visits and Issues are one
//! page wide, with the header row on every page (a sheet cut into columns would leave a page
//! without the first column's header or without the last one's).
//!
//! Skipped, with a message, where `soffice`, `pdftotext` or `pdfinfo` are missing (`.ci/run`
//! installs them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::*;
use crate::xlsx::{open, sheet, text, workbook_path};

/// LibreOffice converts the sample in about 3 s; past this it is taken as hung.
const CONVERT_LIMIT: Duration = Duration::from_secs(90);

/// Whether `tool` runs here.
fn have(tool: &str) -> bool {
    // Spawning is the test: poppler's tools answer `-v` on stderr, some with a non-zero code.
    Command::new(tool).arg("-v").output().is_ok()
}

/// The tools the test needs, or the message saying which are missing.
fn tools() -> Result<(), String> {
    let missing: Vec<&str> = ["soffice", "pdftotext", "pdfinfo"].into_iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "print test skipped: {} not found (Debian: apt-get install libreoffice-calc poppler-utils; .ci/run installs them)",
            missing.join(", ")
        ))
    }
}

/// `book` converted to PDF in `dir` by LibreOffice with a profile of its own (so tests in
/// parallel do not share one); returns the PDF and how long the conversion took.
fn to_pdf(book: &Path, dir: &Path) -> (PathBuf, Duration) {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let out = dir.join("pdf");
    let start = Instant::now();
    let mut child = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(book)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice failed: {status}");
            break;
        }
        if start.elapsed() > CONVERT_LIMIT {
            let _ = child.kill();
            panic!("soffice took more than {CONVERT_LIMIT:?} to convert {}", book.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = start.elapsed();
    let pdf = out.join(book.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "no {}", pdf.display());
    (pdf, took)
}

fn run(cmd: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(cmd).args(args).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One printed page: its size in points and its text as laid out.
struct Page {
    width: f64,
    height: f64,
    text: String,
}

/// Every page of `pdf`, by the sheet its footer names, in order.
fn pages(pdf: &Path) -> BTreeMap<String, Vec<Page>> {
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let count: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    let sizes = Command::new("pdfinfo").args(["-f", "1", "-l", &count.to_string()]).arg(pdf).output().unwrap();
    let sizes: Vec<(f64, f64)> = String::from_utf8_lossy(&sizes.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims: Vec<f64> =
                l.split(" size: ").nth(1).unwrap().split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (dims[0], dims[1])
        })
        .collect();
    assert_eq!(sizes.len(), count);
    let mut by_sheet: BTreeMap<String, Vec<Page>> = BTreeMap::new();
    for (i, (width, height)) in (1..=count).zip(sizes) {
        let n = i.to_string();
        let text = run("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf);
        // The footer, the page's last line: "<rubric> · <period>   <sheet>   Page i of N".
        let footer = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        assert!(footer.trim_end().ends_with(&format!("Page {i} of {count}")), "page {i}'s footer: {footer:?}");
        let fields: Vec<&str> = footer.split("  ").map(str::trim).filter(|f| !f.is_empty()).collect();
        assert!(fields.len() >= 3, "page {i}'s footer: {footer:?}");
        let name = fields[fields.len() - 2].to_string();
        by_sheet.entry(name).or_default().push(Page { width, height, text });
    }
    by_sheet
}

/// The words (letters and digits) of a header cell.
fn words(header: &str) -> Vec<String> {
    header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && w.chars().any(char::is_alphabetic))
        .map(String::from)
        .collect()
}

/// Every page of `name` holds the words of its first and last header cells.
fn one_page_wide_with_header(book: &Path, pages: &BTreeMap<String, Vec<Page>>, name: &str) {
    let rows = sheet(&mut open(book), name);
    let header: Vec<String> = rows[0].iter().map(text).filter(|h| !h.is_empty()).collect();
    let (first, last) = (words(&header[0]), words(header.last().unwrap()));
    let printed = pages.get(name).unwrap_or_else(|| panic!("{name} is not printed: {:?}", pages.keys()));
    for (i, page) in printed.iter().enumerate() {
        for w in first.iter().chain(&last) {
            assert!(page.text.contains(w.as_str()), "{name}, its page {}: no header word {w:?}", i + 1);
        }
    }
}

#[test]
fn the_sample_workbook_prints_as_an_owner_expects() {
    if let Err(why) = tools() {
        eprintln!("{why}");
        return;
    }
    let repo = |p: &str| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p).display().to_string();
    let s = Sandbox::new();
    // samples/run.sh's command for the retail months.
    let rubric = repo("rubrics/retail-visit.yaml");
    let files = ["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"].map(repo);
    let mut args = vec!["score", "--rubric", rubric.as_str(), "--out", "out"];
    args.extend(files.iter().map(String::as_str));
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let book = workbook_path(&s);
    let (pdf, took) = to_pdf(&book, s.dir.path());
    eprintln!("LibreOffice converted the sample workbook in {:.1} s", took.as_secs_f64());
    let pages = pages(&pdf);
    let names: Vec<&str> = pages.keys().map(String::as_str).collect();
    let sheets = [
        "About",
        "Actions",
        "Alerts",
        "Issues",
        "Issues by shopper",
        "Locations",
        "Questions",
        "Sections",
        "Shoppers",
        "Summary",
        "Trend",
        "Visits",
    ];
    assert_eq!(names, sheets);
    for (name, list) in &pages {
        for (i, p) in list.iter().enumerate() {
            assert!(p.width > p.height, "{name}, its page {}: portrait ({} x {})", i + 1, p.width, p.height);
        }
    }
    // Summary: one page, with its headline figures and the whole chart (title and legend).
    let summary = &pages["Summary"];
    assert_eq!(summary.len(), 1, "Summary prints on one page");
    for expected in ["Score 2026-10", "Score Aug-Oct 2026", "Score 2026-10 by store", "under target", "Target (85)"] {
        assert!(summary[0].text.contains(expected), "Summary's page lacks {expected:?}");
    }
    for name in ["Locations", "Sections", "Questions", "Visits", "Issues", "Issues by shopper"] {
        one_page_wide_with_header(&book, &pages, name);
    }
}

/// Long sheets continue on more pages, each with the header row: 600 visits of the mini
/// rubric fill several pages of Visits.
#[test]
fn long_sheets_repeat_their_header_on_every_page() {
    if let Err(why) = tools() {
        eprintln!("{why}");
        return;
    }
    let s = Sandbox::new();
    let mut csv = String::from("Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for i in 0..600 {
        csv.push_str(&format!("V{i},Store {},2026-10-{:02},yes,{},no,\n", i % 7, i % 28 + 1, i % 5 + 1));
    }
    s.write("m.csv", csv.as_bytes());
    let out = s.score(&["m.csv", "--charts", "none"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let book = workbook_path(&s);
    let (pdf, _) = to_pdf(&book, s.dir.path());
    let pages = pages(&pdf);
    assert!(pages["Visits"].len() > 1, "600 visits fill more than one page: {}", pages["Visits"].len());
    assert!(pages["Issues"].len() > 1, "600 missing comments fill more than one page");
    assert_eq!(pages["Summary"].len(), 1);
    for name in ["Visits", "Issues", "Locations"] {
        one_page_wide_with_header(&book, &pages, name);
    }
}
