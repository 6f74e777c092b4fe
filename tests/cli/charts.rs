//! `DIR/charts/`: every chart in PNG and SVG for the samples and for awkward data (one
//! location, 60 locations, 40 questions, one period, a location without any score, names
//! that look like paths, markup or emoji), checked as files a viewer would open: the PNG
//! decodes at the right size, the SVG parses as XML and shows the expected labels and
//! one bar per location or question, and the same input gives the same bytes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::*;

const CHARTS: [&str; 5] = ["location-ranking", "section-profile", "question-pass-rates", "trend", "score-distribution"];
/// The charts and the funnel plot, drawn when the focus month has two scored visits or more.
const WITH_FUNNEL: [&str; 6] =
    ["location-ranking", "section-profile", "question-pass-rates", "trend", "funnel", "score-distribution"];

fn repo(p: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p).display().to_string()
}

/// Runs `score` with `args` after the rubric and `--out out`, and checks it worked.
fn score_with(s: &Sandbox, rubric: &str, args: &[&str]) {
    let mut all = vec!["score", "--quiet", "--rubric", rubric, "--out", "out"];
    all.extend_from_slice(args);
    let out = s.run(&all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

fn retail(s: &Sandbox, extra: &[&str]) {
    let files = ["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"].map(repo);
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(files.iter().map(String::as_str));
    score_with(s, &repo("rubrics/retail-visit.yaml"), &args);
}

/// Every file under `dir`, as paths relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn chart_files(s: &Sandbox) -> Vec<String> {
    listing(&s.path("out/charts"))
}

fn expected_files(names: &[&str], exts: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().flat_map(|n| exts.iter().map(move |e| format!("{n}.{e}"))).collect();
    v.sort();
    v
}

/// Decodes the whole PNG (every chunk checked) and returns its size.
fn png_size(s: &Sandbox, chart: &str) -> (u32, u32) {
    let file = std::fs::File::open(s.path(&format!("out/charts/{chart}.png"))).unwrap();
    let mut reader = png::Decoder::new(file).read_info().unwrap_or_else(|e| panic!("{chart}.png: {e}"));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap_or_else(|e| panic!("{chart}.png: {e}"));
    assert_eq!(info.color_type, png::ColorType::Rgb, "{chart}.png");
    (info.width, info.height)
}

/// The parsed SVG of a chart.
struct Svg {
    text: String,
}

impl Svg {
    fn read(s: &Sandbox, chart: &str) -> Svg {
        Svg { text: s.read(&format!("out/charts/{chart}.svg")) }
    }

    fn doc(&self) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(&self.text).unwrap_or_else(|e| panic!("not XML: {e}"))
    }

    fn size(&self) -> (u32, u32) {
        let doc = self.doc();
        let root = doc.root_element();
        (root.attribute("width").unwrap().parse().unwrap(), root.attribute("height").unwrap().parse().unwrap())
    }

    /// Every `<text>` as (content, x, y, anchor, font size).
    fn texts(&self) -> Vec<(String, f64, f64, String, f64)> {
        let doc = self.doc();
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let num = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
                let content = n.text().unwrap_or("").trim().to_string();
                (content, num("x"), num("y"), n.attribute("text-anchor").unwrap().to_string(), num("font-size"))
            })
            .collect()
    }

    fn labels(&self) -> BTreeSet<String> {
        self.texts().into_iter().map(|t| t.0).collect()
    }

    /// Filled rectangles other than the white page: the bars.
    fn bars(&self) -> usize {
        let doc = self.doc();
        doc.descendants()
            .filter(|n| n.has_tag_name("rect"))
            .filter(|n| !matches!(n.attribute("fill"), Some("none" | "#FFFFFF") | None))
            .count()
    }

    /// The right-aligned labels left of the bars, top to bottom: no two closer than their
    /// font size (so they cannot overlap).
    fn assert_bar_labels_apart(&self) {
        let mut rows: Vec<(f64, f64)> =
            self.texts().into_iter().filter(|t| t.3 == "end" && t.1 < 900.0).map(|t| (t.2, t.4)).collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        rows.dedup_by(|a, b| a.0 == b.0);
        for w in rows.windows(2) {
            assert!(w[1].0 - w[0].0 >= w[0].1, "labels overlap: {:?}", w);
        }
    }
}

#[test]
fn samples_render_every_chart_as_png_and_svg() {
    let s = Sandbox::new();
    retail(&s, &[]);
    assert_eq!(chart_files(&s), expected_files(&WITH_FUNNEL, &["png", "svg"]));
    for chart in WITH_FUNNEL {
        let svg = Svg::read(&s, chart);
        assert_eq!(png_size(&s, chart), svg.size(), "{chart}: PNG and SVG have the same size");
        assert_eq!(svg.size(), (1600, 1000), "{chart}: the sample fits a slide");
        let labels = svg.labels();
        assert!(labels.iter().any(|l| l.starts_with("Retail store visit: ")), "{chart}: title");
        // One score per location: the focus month; the others: the window.
        let period = match chart {
            "location-ranking" | "section-profile" => "Scores, 2026-10",
            "funnel" => "Funnel, 2026-10",
            _ => "Aug-Oct 2026",
        };
        assert!(labels.iter().any(|l| l.starts_with(period)), "{chart}: {period}");
    }
    // The ranking is October's (the focus month): each location's mean October visit score
    // and count, from visits.csv, best first.
    let mut october: std::collections::BTreeMap<String, (f64, u64)> = Default::default();
    for r in s.rows("visits.csv").iter().filter(|r| r[5] == "2026-10" && !r[6].is_empty()) {
        let e = october.entry(r[3].clone()).or_default();
        *e = (e.0 + r[6].parse::<f64>().unwrap(), e.1 + 1);
    }
    let mut locations: Vec<(String, f64, u64)> = october.into_iter().map(|(l, (s, n))| (l, s / n as f64, n)).collect();
    locations.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let ranking = Svg::read(&s, "location-ranking");
    assert_eq!(ranking.bars(), locations.len(), "one bar per location");
    let labels = ranking.labels();
    for (name, _, n) in &locations {
        assert!(labels.contains(name), "{name} labelled");
        assert!(labels.contains(&format!("n={n}")), "{name}: visit count");
    }
    // Best at the top: the labels' order is the ranking's.
    let mut named: Vec<(f64, String)> =
        ranking.texts().into_iter().filter(|t| t.3 == "end" && !t.0.starts_with("n=")).map(|t| (t.2, t.0)).collect();
    named.sort_by(|a, b| a.0.total_cmp(&b.0));
    let order: Vec<&str> = named.iter().map(|(_, n)| n.as_str()).collect();
    let ranked: Vec<&str> = locations.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(order, ranked);
    assert!(labels.contains("Target 85"));
    ranking.assert_bar_labels_apart();

    let questions = Svg::read(&s, "question-pass-rates");
    assert_eq!(questions.bars(), 22, "one bar per question");
    assert!(questions.labels().iter().any(|l| l.starts_with("▲ ")), "critical questions marked");
    questions.assert_bar_labels_apart();
    let profile = Svg::read(&s, "section-profile").labels();
    for name in ["Overall", "Midlands", "North", "South", "Welcome"] {
        assert!(profile.contains(name), "section profile: {name}");
    }
    let trend = Svg::read(&s, "trend").labels();
    for name in ["Overall", "2026-08", "2026-09", "2026-10"] {
        assert!(trend.contains(name), "trend: {name}");
    }
    assert!(!trend.contains("unknown"), "undated visits are no period");
    // October's funnel: every store named (12 of them), Reading Broad St (49.9 over 5
    // visits) the one outside the limits.
    let funnel = Svg::read(&s, "funnel").labels();
    for (name, _, _) in &locations {
        assert!(funnel.contains(name), "funnel: {name}");
    }
    for name in ["95% limits", "99.8% limits", "Scored visits in 2026-10 (n)"] {
        assert!(funnel.contains(name), "funnel: {name}");
    }
    assert!(funnel.iter().any(|l| l.starts_with("Funnel, 2026-10 · ") && l.contains("1 outside the 95% limits")));
    let histogram = Svg::read(&s, "score-distribution").labels();
    for name in ["Excellent", "Good", "Needs work", "Poor", "Target 85"] {
        assert!(histogram.contains(name), "histogram: {name}");
    }
}

#[test]
fn same_input_gives_byte_identical_charts() {
    let (a, b) = (Sandbox::new(), Sandbox::new());
    retail(&a, &[]);
    retail(&b, &[]);
    for file in chart_files(&a) {
        let path = format!("out/charts/{file}");
        assert!(std::fs::read(a.path(&path)).unwrap() == std::fs::read(b.path(&path)).unwrap(), "{file} differs");
    }
    assert_eq!(chart_files(&a), chart_files(&b));
}

#[test]
fn charts_option_picks_the_formats() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    for (option, exts) in [("png", vec!["png"]), ("svg", vec!["svg"]), ("all", vec!["png", "svg"])] {
        std::fs::remove_dir_all(s.path("out")).ok();
        score_with(&s, "mini.yaml", &["--charts", option, "m.csv"]);
        assert_eq!(chart_files(&s), expected_files(&CHARTS, &exts), "--charts {option}");
    }
    std::fs::remove_dir_all(s.path("out")).ok();
    score_with(&s, "mini.yaml", &["--charts", "none", "m.csv"]);
    assert!(!s.path("out/charts").exists(), "--charts none writes no folder");
    let out = s.run(&["score", "--rubric", "mini.yaml", "--out", "out", "--charts", "gif", "m.csv"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn one_period_has_no_trend() {
    let s = Sandbox::new();
    let one = MINI_CSV.replace("2026-10-01", "2026-09-21");
    s.write("m.csv", one.as_bytes());
    score_with(&s, "mini.yaml", &["m.csv"]);
    // September has three scored visits: a funnel.
    let names: Vec<&str> = WITH_FUNNEL.iter().copied().filter(|c| *c != "trend").collect();
    assert_eq!(chart_files(&s), expected_files(&names, &["png", "svg"]));
    let ranking = Svg::read(&s, "location-ranking");
    assert!(ranking.labels().iter().any(|l| l.starts_with("Scores, 2026-09 ")), "one period in the subtitle");
}

#[test]
fn one_location() {
    let s = Sandbox::new();
    let text: String = MINI_CSV.lines().filter(|l| !l.contains("York")).map(|l| format!("{l}\n")).collect();
    s.write("m.csv", text.as_bytes());
    score_with(&s, "mini.yaml", &["m.csv"]);
    for chart in ["location-ranking", "section-profile", "question-pass-rates", "score-distribution"] {
        assert_eq!(png_size(&s, chart), (1600, 1000), "{chart}");
        Svg::read(&s, chart).doc();
    }
    let ranking = Svg::read(&s, "location-ranking");
    assert_eq!(ranking.bars(), 1);
    assert!(ranking.labels().contains("Leeds"));
    assert!(ranking.labels().contains("56.3"), "the score at the end of the bar");
    assert!(ranking.labels().contains("n=2"), "small samples show their count");
    // Without a region column there is nothing to compare the overall profile with.
    let profile = Svg::read(&s, "section-profile").labels();
    assert!(profile.contains("Overall") && profile.contains("welcome") && profile.contains("close"));
}

/// `n` locations named `Store NN`, each with 1 to 6 visits over three months and a region.
fn many_locations(n: usize) -> String {
    let mut csv = String::from("Visit ID,Store,region,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    let mut id = 0;
    for i in 0..n {
        for v in 0..(i % 6 + 1) {
            id += 1;
            let yes = if (i + v) % 3 == 0 { "no" } else { "yes" };
            let month = 8 + (v % 3);
            let region = ["North", "South", "East", "West"][i % 4];
            csv.push_str(&format!("V{id},Store {i:02},{region},2026-{month:02}-1{v},{yes},{},yes,\n", 1 + (i + v) % 5));
        }
    }
    csv
}

#[test]
fn sixty_locations_grow_the_image_and_keep_labels_apart() {
    let s = Sandbox::new();
    s.write("m.csv", many_locations(60).as_bytes());
    score_with(&s, "mini.yaml", &["--chart-by", "location", "m.csv"]);
    let ranking = Svg::read(&s, "location-ranking");
    let (w, h) = png_size(&s, "location-ranking");
    assert_eq!((w, h), ranking.size());
    assert!(w == 1600 && h > 1000, "taller for 60 bars: {h}");
    // Store i has i % 6 + 1 visits, visit v in month 8 + v % 3: October (the focus) holds
    // a visit of the stores with i % 6 >= 2, 40 of the 60, each a labelled bar; the other
    // 20 (i = 0, 1, 6, 7, ...) are named in one line, the first three by name.
    assert_eq!(ranking.bars(), 40);
    let labels = ranking.labels();
    assert!(labels.contains("No visit in 2026-10: Store 00, Store 01, Store 06 and 17 more"), "{labels:?}");
    for i in (0..60).filter(|i| i % 6 >= 2) {
        assert!(labels.contains(&format!("Store {i:02}")), "Store {i:02}");
    }
    ranking.assert_bar_labels_apart();
    // By location, the profile shows overall and the best and worst 15 of the 40 October
    // locations in each section as labelled rows in a taller image.
    let profile = Svg::read(&s, "section-profile");
    let (_, ph) = png_size(&s, "section-profile");
    assert!(ph > 1000 && profile.size().1 == ph);
    assert_eq!(profile.bars(), 2 * 31);
    profile.assert_bar_labels_apart();
    let labels = profile.labels();
    assert!(labels.iter().any(|l| l.starts_with("#1 Store ")) && labels.iter().any(|l| l.starts_with("#40 Store ")));
    assert!(!labels.iter().any(|l| l.starts_with("#16 ") || l.starts_with("#41 ")));
    let trend = Svg::read(&s, "trend").labels();
    let ranked: Vec<&String> = trend.iter().filter(|l| l.starts_with('#')).collect();
    assert_eq!(ranked.len(), 6, "best 3 and worst 3: {ranked:?}");
    assert!(trend.iter().any(|l| l.starts_with("#40 Store ")), "ranked on October: {ranked:?}");
}

#[test]
fn forty_questions_with_long_texts() {
    let s = Sandbox::new();
    let mut rubric = String::from("name: Forty\nfields: { visit_id: id, location: store, date: date }\nsections:\n");
    let mut header = String::from("id,store,date");
    let mut row = String::from("V1,Leeds,2026-09-01");
    for sec in 0..4 {
        rubric.push_str(&format!("  - id: s{sec}\n    questions:\n"));
        for q in 0..10 {
            let n = sec * 10 + q;
            let text = format!("Question {n}: did the associate {} before the end of the visit?", "really ".repeat(n));
            let critical = n % 7 == 0;
            rubric.push_str(&format!("      - {{ id: q{n}, type: yes_no, critical: {critical}, text: \"{text}\" }}\n"));
            header.push_str(&format!(",q{n}"));
            row.push_str(if n % 3 == 0 { ",no" } else { ",yes" });
        }
    }
    s.write("forty.yaml", rubric.as_bytes());
    s.write("m.csv", format!("{header}\n{row}\n").as_bytes());
    score_with(&s, "forty.yaml", &["m.csv"]);
    let svg = Svg::read(&s, "question-pass-rates");
    let (w, h) = png_size(&s, "question-pass-rates");
    assert_eq!((w, h), svg.size());
    assert!(h > 1000, "taller for 40 bars: {h}");
    assert_eq!(svg.bars(), 40);
    svg.assert_bar_labels_apart();
    let labels = svg.labels();
    assert!(labels.contains("Question 1: did the associate really before the end of the visit?"));
    assert!(labels.iter().any(|l| l.starts_with("▲ Question 7: ")), "critical marked");
    assert!(labels.iter().any(|l| l.starts_with("Question 39: did the associate really") && l.ends_with('…')), "cut");
}

#[test]
fn a_location_without_any_score_is_labelled_not_drawn() {
    let s = Sandbox::new();
    let text = format!("{MINI_CSV}V4,Ghost,2026-10-02,,N/A,,\nV5,Ghost,2026-10-03,n/a,,N/A,\n");
    s.write("m.csv", text.as_bytes());
    score_with(&s, "mini.yaml", &["m.csv"]);
    let ranking = Svg::read(&s, "location-ranking");
    // The focus is October: York has a score, Leeds (September only) and Ghost none.
    assert_eq!(ranking.bars(), 1, "York only");
    let labels = ranking.labels();
    assert!(labels.contains("Ghost") && labels.contains("no scored visit in 2026-10") && labels.contains("n=0"));
    for chart in CHARTS {
        png_size(&s, chart);
        Svg::read(&s, chart).doc();
    }
}

#[test]
fn names_are_labels_never_file_names() {
    let s = Sandbox::new();
    let long = format!("Very long store name {}", "x".repeat(200));
    let names = ["../../escape", "a/b\\c", "Quote \"q\" 'x' <b>&amp;", "Café 🙂🎉", long.as_str()];
    let mut csv = String::from("Visit ID,Store,region,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n");
    for (i, name) in names.iter().enumerate() {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        // All in the focus month, so every name is a bar's label; the trend needs a
        // second month: one more visit in August.
        csv.push_str(&format!("V{i},{quoted},{quoted},2026-09-01,yes,{},yes,\n", 1 + i));
    }
    csv.push_str("V9,\"a/b\\c\",North,2026-08-01,yes,5,yes,\n");
    s.write("m.csv", csv.as_bytes());
    score_with(&s, "mini.yaml", &["m.csv"]);
    let files: Vec<String> = tree(&s.path("out")).into_iter().filter(|f| f.starts_with("charts")).collect();
    let expected: Vec<String> =
        expected_files(&WITH_FUNNEL, &["png", "svg"]).iter().map(|f| format!("charts/{f}")).collect();
    assert_eq!(files, expected, "only the fixed chart names");
    assert!(!s.dir.path().join("escape").exists() && !s.path("out/escape").exists());
    for chart in WITH_FUNNEL {
        png_size(&s, chart);
        let svg = Svg::read(&s, chart);
        svg.doc();
        assert!(!svg.text.contains("<b>"), "{chart}: markup escaped");
    }
    let labels = Svg::read(&s, "location-ranking").labels();
    for name in &names[..4] {
        assert!(labels.contains(*name), "{name}");
    }
    let cut = labels.iter().find(|l| l.starts_with("Very long store name x")).unwrap();
    assert!(cut.ends_with('…') && cut.chars().count() < 120, "{cut}");
    assert!(Svg::read(&s, "section-profile").labels().contains("Café 🙂🎉"), "regions as labels too");
}
