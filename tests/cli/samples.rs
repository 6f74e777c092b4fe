//! The shipped rubrics and samples: every rubric checks, every sample scores, and
//! every visit row and issue is accounted for.

use std::path::PathBuf;

use crate::support::*;

fn repo(p: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p).display().to_string()
}

#[test]
fn shipped_rubrics_are_valid_and_templates_score_full_marks() {
    for rubric in ["rubrics/retail-visit.yaml", "rubrics/phone-call.yaml"] {
        let s = Sandbox::new();
        let out = s.run(&["check", "--rubric", &repo(rubric)]);
        assert_eq!(code(&out), 0, "{rubric}: {}", stderr(&out));
        let form = s.run(&["template", "--rubric", &repo(rubric)]);
        s.write("form.csv", &form.stdout);
        let out = s.run(&["score", "--rubric", &repo(rubric), "--out", "out", "form.csv"]);
        assert_eq!(code(&out), 0, "{rubric}: {}", stderr(&out));
        assert_eq!(s.rows("visits.csv")[0][6], "100", "{rubric}");
        assert!(s.rows("issues.csv").is_empty(), "{rubric}: {:?}", s.rows("issues.csv"));
    }
}

#[test]
fn retail_samples_every_row_accounted_for() {
    let s = Sandbox::new();
    let files: Vec<String> =
        ["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"].map(repo).to_vec();
    let mut args = vec!["score", "--rubric", "RUBRIC", "--out", "out"];
    let rubric = repo("rubrics/retail-visit.yaml");
    args[2] = &rubric;
    args.extend(files.iter().map(String::as_str));
    let out = s.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j = s.summary();
    let rows: u64 = j["inputs"].as_array().unwrap().iter().map(|i| i["rows"].as_u64().unwrap()).sum();
    let visits = s.rows("visits.csv").len() as u64;
    let by = &j["issues"]["by_problem"];
    let dropped = by["wrong_field_count"].as_u64().unwrap() + by["no_visit_id"].as_u64().unwrap();
    assert_eq!(rows, visits + dropped, "every row is a visit or an unreadable-row issue");
    assert_eq!(s.rows("issues.csv").len() as u64, j["issues"]["total"].as_u64().unwrap());
    assert!(j["locations"].as_array().unwrap().len() >= 10);
    assert_eq!(j["regions"].as_array().unwrap().len(), 3);
    // The messiness the samples were made with shows up as issues.
    for kind in
        ["missing_answer", "invalid_answer", "na_not_allowed", "duplicate_visit_id", "bad_date", "missing_comment"]
    {
        assert!(j["issues"]["by_problem"][kind].as_u64().unwrap() > 0, "{kind}");
    }
    let periods: Vec<&str> = j["periods"].as_array().unwrap().iter().map(|p| p["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2026-08", "2026-09", "2026-10", "unknown"]);
}

#[test]
fn phone_sample_scores() {
    let s = Sandbox::new();
    let out = s.run(&[
        "score",
        "--rubric",
        &repo("rubrics/phone-call.yaml"),
        "--out",
        "out",
        &repo("samples/phone-2026-10.csv"),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let visits = s.rows("visits.csv");
    assert!(visits.len() >= 30);
    let j = s.summary();
    assert_eq!(j["rubric"]["critical_effect"], "zero_section");
    // The overall score is the mean of the visit scores that exist (SCORING.md §4),
    // recomputed here from visits.csv in input order.
    let scores: Vec<f64> = visits.iter().filter(|r| !r[6].is_empty()).map(|r| r[6].parse().unwrap()).collect();
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    assert_eq!(j["overall"]["score"].as_f64().unwrap(), mean);
    assert_eq!(j["overall"]["scored_visits"].as_u64().unwrap(), scores.len() as u64);
    // zero_section: a visit with a critical failure has a section scored 0
    let sections = j["sections"].as_array().unwrap().len();
    for r in visits.iter().filter(|r| r[8] != "0") {
        assert!(r[9..9 + sections].iter().any(|s| s == "0"), "{r:?}");
    }
}

/// The committed sample reports (shown in the README) are what the sample run writes
/// today. If this fails, run `bash samples/run.sh` and commit reports/example.
#[test]
fn committed_example_reports_are_up_to_date() {
    let s = Sandbox::new();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = s.path("example");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_shopscore"))
        .current_dir(&root)
        .args(["score", "--quiet", "--rubric", "rubrics/retail-visit.yaml", "--out"])
        .arg(&out)
        .args(["samples/retail-2026-08.csv", "samples/retail-2026-09.csv", "samples/retail-2026-10.csv"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let committed = root.join("reports/example");
    let mut names: Vec<String> = ["visits.csv", "issues.csv", "summary.json"].map(String::from).to_vec();
    for entry in std::fs::read_dir(committed.join("charts")).unwrap() {
        names.push(format!("charts/{}", entry.unwrap().file_name().to_string_lossy()));
    }
    assert_eq!(names.len(), 15, "six charts as PNG and SVG, plus the three data files");
    for name in names {
        let want = std::fs::read(committed.join(&name)).unwrap();
        let got = std::fs::read(out.join(&name)).unwrap_or_default();
        assert!(got == want, "reports/example/{name} is out of date: run `bash samples/run.sh`");
    }
}
