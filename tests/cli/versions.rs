//! Rubric versions by date (SCORING.md §7): a two-version programme over three months,
//! each visit scored by the version in force on its date, aggregates over the union of
//! sections and questions, and the outputs that name each visit's version.

use serde_json::{Value, json};

use crate::support::*;

/// v1 (from 2026-08-01): welcome = greet (2 points) + smile (1) + queue (1); close =
/// thanks (1). Possible 5.
const V1: &str = r#"name: Visits
version: v1
effective_from: 2026-08-01
fields: { visit_id: id, location: store, date: date }
sections:
  - id: welcome
    questions:
      - { id: greet, column: Greet, type: yes_no, points: 2 }
      - { id: smile, column: Smile, type: yes_no, points: 1 }
      - { id: queue, column: Queue, type: yes_no, points: 1 }
  - id: close
    questions:
      - { id: thanks, column: Thanks, type: yes_no, points: 1 }
"#;

/// v2 (from 2026-09-01): queue removed, greet re-weighted 2 → 1 and smile 1 → 3, upsell
/// (3) added; welcome = greet + smile (possible 4), close = thanks + upsell (4).
const V2: &str = r#"name: Visits
version: v2
effective_from: 2026-09-01
fields: { visit_id: id, location: store, date: date }
sections:
  - id: welcome
    questions:
      - { id: greet, column: Greet, type: yes_no, points: 1 }
      - { id: smile, column: Smile, type: yes_no, points: 3 }
  - id: close
    questions:
      - { id: thanks, column: Thanks, type: yes_no, points: 1 }
      - { id: upsell, column: Upsell, type: yes_no, points: 3 }
"#;

/// Two visits a month, August by v1, September and October by v2 (worked in
/// [`a_programme_over_three_months`]). B1 answers queue, which v2 does not ask: ignored.
const DATA: &str = "id,store,date,Greet,Smile,Queue,Thanks,Upsell\n\
A1,Leeds,2026-08-05,yes,no,yes,yes,\n\
A2,York,2026-08-20,no,yes,no,no,\n\
B1,Leeds,2026-09-03,yes,no,yes,yes,no\n\
B2,York,2026-09-15,no,yes,,yes,yes\n\
C1,Leeds,2026-10-02,yes,yes,,no,yes\n\
C2,York,2026-10-09,no,yes,,no,yes\n";

fn sandbox(data: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("v1.yaml", V1.as_bytes());
    s.write("v2.yaml", V2.as_bytes());
    s.write("d.csv", data.as_bytes());
    s
}

/// `score` with both versions (given newest first: the order does not matter) and `more`.
fn score(s: &Sandbox, more: &[&str]) -> std::process::Output {
    let mut args = vec!["score", "--rubric", "v2.yaml", "--rubric", "v1.yaml", "--out", "out", "--charts", "none"];
    args.extend_from_slice(more);
    args.push("d.csv");
    s.run(&args)
}

fn field<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|v| v[key] == value).unwrap_or_else(|| panic!("no {key} {value}"))
}

/// Scores by hand (v1 possible 5: welcome 4, close 1; v2 possible 8: welcome 4, close 4):
/// - A1 v1: greet 2 + queue 1 + thanks 1 = 4/5 = 80; welcome 3/4 = 75, close 100.
/// - A2 v1: smile 1 = 1/5 = 20; welcome 1/4 = 25, close 0.
/// - B1 v2: greet 1 + thanks 1 = 2/8 = 25; welcome 1/4 = 25, close 1/4 = 25.
/// - B2 v2: smile 3 + thanks 1 + upsell 3 = 7/8 = 87.5; welcome 75, close 100.
/// - C1 v2: greet 1 + smile 3 + upsell 3 = 7/8 = 87.5; welcome 100, close 3/4 = 75.
/// - C2 v2: smile 3 + upsell 3 = 6/8 = 75; welcome 75, close 75.
///
/// Overall (80 + 20 + 25 + 87.5 + 87.5 + 75) / 6 = 375 / 6 = 62.5. Months: August
/// (80 + 20) / 2 = 50, September (25 + 87.5) / 2 = 56.25, October (87.5 + 75) / 2 = 81.25.
/// Sections: welcome (75 + 25 + 25 + 75 + 100 + 75) / 6 = 62.5, close (100 + 0 + 25 +
/// 100 + 75 + 75) / 6 = 62.5. Questions, over the visits that asked them: greet 3 of 6
/// yes = 50; smile 4 of 6; thanks 3 of 6 = 50; upsell (v2's 4 visits) 3 of 4 = 75;
/// queue (v1's 2) 1 of 2 = 50, and no visit counts as missing an answer it was not asked.
#[test]
fn a_programme_over_three_months() {
    let s = sandbox(DATA);
    let out = score(&s, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let header = s.read("out/visits.csv").lines().next().unwrap().to_string();
    assert_eq!(header, "file,line,visit_id,location,region,period,score,grade,version,critical_failures,welcome,close");
    let rows: Vec<Vec<String>> = s.rows("visits.csv");
    let got: Vec<[&str; 5]> = rows.iter().map(|r| [&*r[2], &*r[6], &*r[8], &*r[10], &*r[11]]).collect();
    assert_eq!(
        got,
        [
            ["A1", "80", "v1", "75", "100"],
            ["A2", "20", "v1", "25", "0"],
            ["B1", "25", "v2", "25", "25"],
            ["B2", "87.5", "v2", "75", "100"],
            ["C1", "87.5", "v2", "100", "75"],
            ["C2", "75", "v2", "75", "75"],
        ]
    );
    assert!(s.rows("issues.csv").is_empty(), "a question not asked is no missing answer");
    let j = s.summary();
    assert_eq!(j["overall"]["score"], 62.5);
    let periods: Vec<(&str, f64)> = j["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(periods, [("2026-08", 50.0), ("2026-09", 56.25), ("2026-10", 81.25)]);
    let sections: Vec<(&str, f64)> = j["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["id"].as_str().unwrap(), x["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(sections, [("welcome", 62.5), ("close", 62.5)]);
    // The latest version's questions in its order, then queue (v1's only).
    let ids: Vec<&str> = j["questions"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["greet", "smile", "thanks", "upsell", "queue"]);
    let q = |id: &str| field(&j["questions"], "id", id).clone();
    assert_eq!((q("greet")["pass_rate"].clone(), q("greet")["scored"].clone()), (json!(50.0), json!(6)));
    assert_eq!(q("smile")["pass_rate"].as_f64().unwrap(), 100.0 * (4.0 / 6.0));
    assert_eq!(q("thanks")["pass_rate"], 50.0);
    assert_eq!((q("upsell")["pass_rate"].clone(), q("upsell")["scored"].clone()), (json!(75.0), json!(4)));
    assert_eq!((q("queue")["pass_rate"].clone(), q("queue")["scored"].clone()), (json!(50.0), json!(2)));
    for id in ["upsell", "queue"] {
        assert_eq!((q(id)["missing"].clone(), q(id)["na"].clone()), (json!(0), json!(0)), "{id}");
    }
    // The rubric described is the latest version; each version with its dates and visits.
    assert_eq!(j["rubric"]["version"], "v2");
    let versions = j["versions"].as_array().unwrap();
    let sha = |text: &str| {
        use sha2::Digest;
        sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(
        versions[0],
        json!({"label": "v1", "file": "v1.yaml", "sha256": sha(V1), "effective_from": "2026-08-01",
               "effective_until": "2026-08-31", "visits": 2})
    );
    assert_eq!(
        versions[1],
        json!({"label": "v2", "file": "v2.yaml", "sha256": sha(V2), "effective_from": "2026-09-01",
               "effective_until": null, "visits": 4})
    );
}

/// With `--period 2026-09` the focus window is September alone: v2's 2 visits; v1's
/// August visits are read to compare with and count for no version.
#[test]
fn versions_count_the_focus_windows_visits() {
    let s = sandbox(DATA);
    let out = score(&s, &["--no-xlsx", "--period", "2026-09"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let visits: Vec<u64> =
        s.summary()["versions"].as_array().unwrap().iter().map(|v| v["visits"].as_u64().unwrap()).collect();
    assert_eq!(visits, [0, 2]);
}

/// U1's date does not read: the latest version (v2) scores it, greet 1 + thanks 1 +
/// upsell 3 = 5/8 = 62.5 (period `unknown`), and its bad_date issue says so.
#[test]
fn an_undated_visit_is_scored_by_the_latest_version() {
    let s = sandbox("id,store,date,Greet,Smile,Queue,Thanks,Upsell\nU1,Leeds,soon,yes,no,,yes,yes\n");
    let out = score(&s, &["--no-xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = s.rows("visits.csv");
    assert_eq!((&*rows[0][5], &*rows[0][6], &*rows[0][8]), ("unknown", "62.5", "v2"));
    let issues = s.rows("issues.csv");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0][5], "bad_date");
    assert!(issues[0][8].ends_with("; scored by version v2, the latest"), "{}", issues[0][8]);
}

/// X1 (2026-07-20) is before v1's 2026-08-01: a no_version issue on its date, not in
/// visits.csv and in no total; A1 alone is scored (80).
#[test]
fn a_visit_before_the_first_version_is_not_scored() {
    let s = sandbox(
        "id,store,date,Greet,Smile,Queue,Thanks,Upsell\nX1,York,2026-07-20,yes,yes,yes,yes,\nA1,Leeds,2026-08-05,yes,no,yes,yes,\n",
    );
    let out = score(&s, &["--no-xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ids: Vec<String> = s.rows("visits.csv").into_iter().map(|r| r[2].clone()).collect();
    assert_eq!(ids, ["A1"]);
    let issues = s.rows("issues.csv");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let i = &issues[0];
    assert_eq!((&*i[2], &*i[5], &*i[6], &*i[7]), ("X1", "no_version", "date", "2026-07-20"));
    assert_eq!(i[8], "dated before the first version (v1, effective from 2026-08-01); not scored");
    let j = s.summary();
    assert_eq!((j["overall"]["visits"].clone(), j["overall"]["score"].clone()), (json!(1), json!(80.0)));
    assert_eq!(j["issues"]["by_problem"]["no_version"], 1);
}

/// With one rubric file nothing names a version; its `effective_from` still keeps an
/// earlier visit out.
#[test]
fn one_rubric_file_with_a_date_adds_no_column() {
    let s = sandbox(
        "id,store,date,Greet,Smile,Queue,Thanks\nX1,York,2026-07-20,yes,yes,yes,yes\nA1,Leeds,2026-08-05,yes,no,yes,yes\n",
    );
    let out = s.run(&["score", "--rubric", "v1.yaml", "--out", "out", "--no-xlsx", "--charts", "none", "d.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let header = s.read("out/visits.csv").lines().next().unwrap().to_string();
    assert_eq!(header, "file,line,visit_id,location,region,period,score,grade,critical_failures,welcome,close");
    let j = s.summary();
    assert!(j.get("versions").is_none());
    assert_eq!(j["overall"]["score"], 80.0);
    assert_eq!(s.rows("issues.csv")[0][5], "no_version");
}

/// A run file's `rubric:` takes a list, and `check` takes `--rubric` twice.
#[test]
fn run_files_and_check_take_several_versions() {
    let s = sandbox(DATA);
    s.write("audit.yaml", b"rubric: [v1.yaml, v2.yaml]\ninputs: d.csv\nout: out\nno_xlsx: true\ncharts: none\n");
    let out = s.run(&["run", "audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(s.summary()["versions"].as_array().unwrap().len(), 2);
    let out = s.run(&["check", "--rubric", "v1.yaml", "--rubric", "v2.yaml", "d.csv"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

/// Versions that disagree stop the run before anything is written (exit 2), each error
/// at its file, line and column with a hint.
#[test]
fn versions_that_disagree_stop_the_run() {
    let s = sandbox(DATA);
    s.write("v2.yaml", V2.replace("name: Visits", "name: Visit").replace("column: Upsell", "column: Queue").as_bytes());
    let out = score(&s, &[]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    // v1 (the earlier) is held to v2's name; v2's upsell reads v1's queue column.
    assert!(err.contains("v1.yaml:1:1: name: the name `Visits` is not the latest version's `Visit`"), "{err}");
    assert!(err.contains("v2.yaml:13:23: sections[1].questions[1].column: the CSV column `Queue` is read by question `queue` in v1.yaml"), "{err}");
    assert!(err.contains("hint: a column means one question in every version"), "{err}");
    assert!(!s.path("out").exists());
}

/// A file must hold every version's columns: the missing one names the version asking it.
#[test]
fn a_missing_column_names_its_version() {
    let s = sandbox("id,store,date,Greet,Smile,Thanks,Upsell\nB1,Leeds,2026-09-03,yes,no,yes,no\n");
    let out = score(&s, &["--no-xlsx"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("missing required column `Queue` (for question queue (version v1))"), "{err}");
}

/// `template` with several versions prints the latest's form.
#[test]
fn the_template_is_the_latest_versions() {
    let s = sandbox(DATA);
    let out = s.run(&["template", "--header-only", "--rubric", "v1.yaml", "--rubric", "v2.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().next().unwrap(), "id,store,date,Greet,Smile,Thanks,Upsell");
}

/// The workbook: the Visits sheet names each visit's version after Grade, with blank
/// cells for the questions it did not ask; About lists each version with its SHA-256 and
/// dates, and what changed between them. A location's card names the version too.
#[test]
fn the_workbook_names_versions_and_their_changes() {
    use crate::xlsx::{open, sheet, text, workbook_path};
    let s = sandbox(DATA);
    let out = score(&s, &["--per-location"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&workbook_path(&s));
    let visits = sheet(&mut book, "Visits");
    let header: Vec<String> = visits[0].iter().map(text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}: {header:?}"));
    assert_eq!(col("Version"), col("Grade") + 1);
    let row = |id: &str| visits.iter().find(|r| text(&r[col("Visit ID")]) == id).unwrap().clone();
    assert_eq!(text(&row("A1")[col("Version")]), "v1");
    assert_eq!(text(&row("B1")[col("Version")]), "v2");
    // B1 wrote `yes` under Queue, which v2 does not ask: blank; A1 was not asked Upsell.
    assert_eq!((text(&row("B1")[col("Queue")]), text(&row("A1")[col("Upsell")])), (String::new(), String::new()));
    assert_eq!(text(&row("A1")[col("Queue")]), "yes");

    let about: Vec<Vec<String>> = sheet(&mut book, "About").iter().map(|r| r.iter().map(text).collect()).collect();
    let at = |label: &str| about.iter().position(|r| r[0] == label).unwrap_or_else(|| panic!("no {label}"));
    let versions = at("Rubric versions");
    let sha = |text: &str| {
        use sha2::Digest;
        sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(about[versions + 2][..6], ["v1", &sha(V1), "2026-08-01", "2026-08-31", "v1.yaml", "2"]);
    assert_eq!(about[versions + 3][..6], ["v2", &sha(V2), "2026-09-01", "now", "v2.yaml", "4"]);
    let changes = at("Question changes");
    let listed: Vec<[&str; 3]> = about[changes + 2..changes + 6].iter().map(|r| [&*r[0], &*r[1], &*r[2]]).collect();
    assert_eq!(
        listed,
        [
            ["greet", "points 2 → 1", "v1 → v2"],
            ["smile", "points 1 → 3", "v1 → v2"],
            ["upsell", "added", "v1 → v2"],
            ["queue", "removed", "v1 → v2"],
        ]
    );
    assert_eq!(about[changes + 6].first().map_or("", String::as_str), "", "thanks did not change");

    let mut card = open(&s.path("out/locations/leeds.xlsx"));
    let rows = sheet(&mut card, "Visits");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let version = header.iter().position(|h| h == "Version").unwrap();
    let named: Vec<String> = rows[1..].iter().map(|r| text(&r[version])).collect();
    assert_eq!(named, ["v1", "v2", "v2"]);
}

/// `--period 2026-09`: September (v2) against August (v1) is a version change. Like for
/// like, both are scored by v2 on the questions v1 and v2 share (greet, smile, thanks;
/// v2's points 1, 3, 1: welcome possible 4, close 1, all 5 unweighted):
/// - September: B1 greet 1 + thanks 1 = 2/5 = 40; B2 smile 3 + thanks 1 = 4/5 = 80;
///   mean 60.
/// - August: A1 greet 1 + thanks 1 = 2/5 = 40; A2 smile 3 = 3/5 = 60; mean 50.
///
/// Change +10 (as scored, 56.25 − 50 = +6.25); Leeds 40 − 40 = 0, York 80 − 60 = +20.
#[test]
fn a_version_change_is_compared_like_for_like() {
    let s = sandbox(DATA);
    let out = score(&s, &["--no-xlsx", "--period", "2026-09"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let c = s.summary()["comparison"].clone();
    assert_eq!((c["version_change"].clone(), c["overall"]["change"].clone()), (json!(true), json!(6.25)));
    // The table says so under the change it shows.
    assert!(
        stdout(&out).contains("\nThe rubric version changed between 2026-08 and 2026-09: like for like"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        c["like_for_like"],
        json!({
            "shared_questions": ["greet", "smile", "thanks"],
            "dropped_sections": [],
            "overall": {"latest": 60.0, "previous": 50.0, "change": 10.0},
            "locations": [
                {"location": "Leeds", "latest": 40.0, "previous": 40.0, "change": 0.0},
                {"location": "York", "latest": 80.0, "previous": 60.0, "change": 20.0}
            ],
            "regions": [{"region": "", "latest": 60.0, "previous": 50.0, "change": 10.0}]
        })
    );
    // October against September: both v2, no change and nothing like for like.
    let out = score(&s, &["--no-xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let c = s.summary()["comparison"].clone();
    assert_eq!(c["version_change"], json!(false));
    assert!(c.get("like_for_like").is_none());
}

/// v2 weighted (welcome 2, close 1, sell 1) with upsell alone in `sell`: like for like,
/// `sell` is dropped and the visit score is (2 × welcome + 1 × close) / 3.
/// - August (v1 visits): P1 smile (3 of 4) = welcome 75, thanks no = close 0: 150 / 3 =
///   50; P2 all yes: 100. Mean 75.
/// - September (v2): F1 greet (1 of 4) = 25, thanks = 100: 150 / 3 = 50; F2 nothing: 0.
///   Mean 25.
///
/// Change 25 − 75 = −50; Leeds 50 − 50 = 0, York 0 − 100 = −100.
#[test]
fn a_section_with_no_shared_question_is_dropped_and_the_weights_are_the_focus_versions() {
    let s = sandbox(
        "id,store,date,Greet,Smile,Queue,Thanks,Upsell\n\
P1,Leeds,2026-08-05,no,yes,yes,no,\n\
P2,York,2026-08-06,yes,yes,yes,yes,\n\
F1,Leeds,2026-09-05,yes,no,,yes,yes\n\
F2,York,2026-09-06,no,no,,no,yes\n",
    );
    let v2 = V2
        .replace("  - id: welcome\n", "  - id: welcome\n    weight: 2\n")
        .replace("  - id: close\n", "  - id: close\n    weight: 1\n")
        .replace("      - { id: upsell", "  - id: sell\n    weight: 1\n    questions:\n      - { id: upsell");
    s.write("v2.yaml", v2.as_bytes());
    let out = score(&s, &["--no-xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let like = s.summary()["comparison"]["like_for_like"].clone();
    assert_eq!(
        (like["shared_questions"].clone(), like["dropped_sections"].clone()),
        (json!(["greet", "smile", "thanks"]), json!(["sell"]))
    );
    assert_eq!(like["overall"], json!({"latest": 25.0, "previous": 75.0, "change": -50.0}));
    assert_eq!(
        like["locations"],
        json!([
            {"location": "Leeds", "latest": 50.0, "previous": 50.0, "change": 0.0},
            {"location": "York", "latest": 0.0, "previous": 100.0, "change": -100.0}
        ])
    );
}

/// The workbook's Summary says beside the change that the rubric version changed, with
/// the like-for-like figures (worked in [`a_version_change_is_compared_like_for_like`]).
#[test]
fn the_summary_sheet_flags_the_version_change() {
    use crate::xlsx::{open, sheet, text, workbook_path};
    let s = sandbox(DATA);
    let out = score(&s, &["--period", "2026-09"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut book = open(&workbook_path(&s));
    let rows = sheet(&mut book, "Summary");
    let notice = text(&rows[2][0]);
    let want = "The rubric version changed between 2026-08 and 2026-09: like for like (both scored by 2026-09's \
                version on the 3 questions they share) 60.0 against 50.0 (+10.0).";
    assert!(notice.ends_with(want), "{notice}");
    // Each location's like-for-like change beside its change: Leeds 0, York +20.
    let rows = sheet(&mut book, "Locations");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let like = header.iter().position(|h| h == "Change since 2026-08, like for like").unwrap();
    assert_eq!(header[like - 1], "Trend");
    let by: Vec<(String, Option<f64>)> = rows[1..].iter().map(|r| (text(&r[1]), crate::xlsx::num(&r[like]))).collect();
    assert_eq!(by, [("York".to_string(), Some(20.0)), ("Leeds".to_string(), Some(0.0))]);
}

/// `fields.version_date` chooses the version by the report's date: A1 was visited in
/// August but reported in September, so v2 scores it: greet 1 + thanks 1 = 2/8 = 25;
/// B1 (reported in August) by v1: greet 2 + queue 1 + thanks 1 = 4/5 = 80; C1 has no
/// report date: the latest, v2: smile 3 + thanks 1 + upsell 3 = 7/8 = 87.5, with a
/// bad_date issue on the report date column.
#[test]
fn the_version_date_column_chooses_the_version() {
    let s = sandbox(
        "id,store,date,reported,Greet,Smile,Queue,Thanks,Upsell\n\
A1,Leeds,2026-08-30,2026-09-02,yes,no,yes,yes,no\n\
B1,York,2026-08-10,2026-08-12,yes,no,yes,yes,\n\
C1,York,2026-08-11,,no,yes,,yes,yes\n",
    );
    let fields = "fields: { visit_id: id, location: store, date: date }";
    let with = "fields: { visit_id: id, location: store, date: date, version_date: reported }";
    s.write("v1.yaml", V1.replace(fields, with).as_bytes());
    s.write("v2.yaml", V2.replace(fields, with).as_bytes());
    let out = score(&s, &["--no-xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let got: Vec<[String; 3]> =
        s.rows("visits.csv").into_iter().map(|r| [r[2].clone(), r[6].clone(), r[8].clone()]).collect();
    let want = [["A1", "25", "v2"], ["B1", "80", "v1"], ["C1", "87.5", "v2"]].map(|r| r.map(String::from));
    assert_eq!(got, want);
    let issues = s.rows("issues.csv");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let i = &issues[0];
    assert_eq!((&*i[2], &*i[5], &*i[6]), ("C1", "bad_date", "reported"));
    assert_eq!(i[8], "missing version date; scored by version v2, the latest");
}

/// `check` with versions and no data: each version's file, its counts and its dates.
#[test]
fn check_lists_each_version() {
    let s = sandbox(DATA);
    let out = s.run(&["check", "--rubric", "v2.yaml", "--rubric", "v1.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "v1.yaml: rubric OK (2 sections, 4 questions), version v1 in force from 2026-08-01 to 2026-08-31\n\
         v2.yaml: rubric OK (2 sections, 4 questions), version v2 in force from 2026-09-01 to now\n"
    );
}

/// A question re-scaled between versions reads each visit's cell by its own version: 8
/// is not on v1's 1-5 scale (invalid, the visit has no score) but is on v2's 1-9: (8 − 1)
/// / (9 − 1) = 0.875, 87.5; 5 on v1's scale is (5 − 1) / 4 = 1, 100.
#[test]
fn each_visit_is_read_by_its_own_version() {
    let s = Sandbox::new();
    let rubric = |top: &str, max: u32| {
        format!(
            "name: R\n{top}sections:\n  - id: s\n    questions:\n      - {{ id: q, column: Q, type: scale, min: 1, max: {max} }}\n"
        )
    };
    s.write("a.yaml", rubric("version: a\n", 5).as_bytes());
    s.write("b.yaml", rubric("version: b\neffective_from: 2026-09-01\n", 9).as_bytes());
    s.write("d.csv", b"visit_id,location,date,Q\nV1,L,2026-08-01,8\nV2,L,2026-09-01,8\nV3,L,2026-08-02,5\n");
    let out = s.run(&[
        "score",
        "--rubric",
        "a.yaml",
        "--rubric",
        "b.yaml",
        "--out",
        "out",
        "--no-xlsx",
        "--charts",
        "none",
        "d.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let got: Vec<[String; 2]> = s.rows("visits.csv").into_iter().map(|r| [r[6].clone(), r[8].clone()]).collect();
    assert_eq!(got, [["", "a"], ["87.5", "b"], ["100", "a"]].map(|r| r.map(String::from)));
    let issues = s.rows("issues.csv");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!((&*issues[0][2], &*issues[0][5]), ("V1", "invalid_answer"));
    assert!(issues[0][8].contains('5') && !issues[0][8].contains('9'), "v1's scale: {}", issues[0][8]);
}

/// A visit before the first version that the window leaves out is only counted: outside
/// `--since`, or in a month read only to compare with (`--period 2026-08`: July), it is
/// no issue; A1 alone is scored.
#[test]
fn a_visit_before_the_first_version_outside_the_window_is_no_issue() {
    let s = sandbox(
        "id,store,date,Greet,Smile,Queue,Thanks,Upsell\nX1,York,2026-07-20,yes,yes,yes,yes,\nA1,Leeds,2026-08-05,yes,no,yes,yes,\n",
    );
    for window in [["--since", "2026-08"], ["--period", "2026-08"]] {
        let out = score(&s, &["--no-xlsx", window[0], window[1]]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(s.rows("issues.csv").is_empty(), "{window:?}: {:?}", s.rows("issues.csv"));
        let j = s.summary();
        assert_eq!(
            (j["overall"]["visits"].clone(), j["overall"]["score"].clone()),
            (json!(1), json!(80.0)),
            "{window:?}"
        );
    }
}

/// In a run bounded to months an undated visit is not scored: its only issue is the bad
/// date of its visit date, not one for its blank version date too.
#[test]
fn an_unplaced_visit_has_no_version_date_issue() {
    let s = sandbox("id,store,date,reported,Greet,Smile,Queue,Thanks,Upsell\nU1,Leeds,soon,,yes,no,,yes,yes\n");
    let fields = "fields: { visit_id: id, location: store, date: date }";
    let with = "fields: { visit_id: id, location: store, date: date, version_date: reported }";
    s.write("v1.yaml", V1.replace(fields, with).as_bytes());
    s.write("v2.yaml", V2.replace(fields, with).as_bytes());
    let out = score(&s, &["--no-xlsx", "--since", "2026-08"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let issues = s.rows("issues.csv");
    let got: Vec<(&str, &str)> = issues.iter().map(|i| (&*i[5], &*i[6])).collect();
    assert_eq!(got, [("bad_date", "date")]);
    assert!(!issues[0][8].contains("scored by version"), "{}", issues[0][8]);
}

/// A corrections row is judged once, at the first visit of its id in input order: D1
/// first comes dated September (v2, which does not ask `queue`), so the row naming
/// `queue` is an unknown question there and changes nothing, not even the August copy
/// (v1 asks `queue`). By hand: the September D1 is greet 1 + thanks 1 = 2 of v2's 8 = 25;
/// the August D1 answers no to all: 0 of v1's 5 = 0 (with the row applied it would be
/// queue 1 of 5 = 20).
#[test]
fn a_correction_is_judged_at_the_first_visit_of_its_id() {
    let data = "id,store,date,Greet,Smile,Queue,Thanks,Upsell\n\
                D1,Leeds,2026-09-03,yes,no,,yes,no\n\
                D1,Leeds,2026-08-05,no,no,no,no,\n";
    let s = sandbox(data);
    s.write("fix.csv", b"visit_id,question,value,action,status,reason,by,date\nD1,queue,yes,set,accepted,,,\n");
    let out = score(&s, &["--corrections", "fix.csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = s.rows("visits.csv");
    let got: Vec<[&str; 4]> = rows.iter().map(|r| [&*r[2], &*r[6], &*r[8], &*r[9]]).collect();
    // file, line, visit_id, location, region, period, score, grade, version, corrected.
    assert_eq!(got, [["D1", "25", "v2", ""], ["D1", "0", "v1", ""]]);
    let kinds: Vec<(String, String)> = s.rows("issues.csv").iter().map(|r| (r[0].clone(), r[5].clone())).collect();
    assert!(kinds.contains(&("fix.csv".to_string(), "correction_unknown_question".to_string())), "{kinds:?}");
}

/// Every file under `dir`, by its path inside it, with its bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let name = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(name, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The same inputs, rubric versions, corrections, re-shops and settings give the same
/// bytes in every report (workbooks, cards and charts included), run after run; the About
/// sheet and summary.json name every version and the corrections file by SHA-256.
#[test]
fn a_changing_programme_reruns_byte_for_byte() {
    let fields = "fields: { visit_id: id, location: store, date: date }";
    let with = "fields: { visit_id: id, location: store, date: date, replaces: Redo }";
    let s = Sandbox::new();
    s.write("v1.yaml", V1.replace(fields, with).as_bytes());
    s.write("v2.yaml", V2.replace(fields, with).as_bytes());
    // A Redo column (empty) on every row of DATA, then B3 re-shops Leeds's B1 (25).
    let data = DATA.replace("Upsell\n", "Upsell,Redo\n").replace(",\n", ",,\n");
    let data = data.replace("yes\n", "yes,\n").replace("no\n", "no,\n");
    let data = format!("{data}B3,Leeds,2026-09-20,yes,yes,,yes,yes,B1\n");
    s.write("d.csv", data.as_bytes());
    s.write("fix.csv", b"visit_id,question,value,action,status,reason,by,date\nA2,thanks,yes,set,accepted,,,\n");
    let run = |out: &str| {
        let args = ["score", "--rubric", "v1.yaml", "--rubric", "v2.yaml", "--corrections", "fix.csv"];
        let o = s.run_env(
            &[("SOURCE_DATE_EPOCH", "1767225600")],
            &[&args[..], &["--per-location", "--out", out, "d.csv"]].concat(),
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        tree(&s.path(out))
    };
    // The same `--out` both times: the About sheet lists the settings, `out` among them.
    let (first, second) = (run("out"), run("out"));
    assert!(first.len() > 10, "{:?}", first.keys());
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        assert!(*bytes == second[name], "{name} differs between two runs");
    }
    let j: Value = serde_json::from_slice(&first["summary.json"]).unwrap();
    let sha = |name: &str| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(std::fs::read(s.path(name)).unwrap());
        digest.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(j["versions"][0]["sha256"], sha("v1.yaml"));
    assert_eq!(j["versions"][1]["sha256"], sha("v2.yaml"));
    assert_eq!(j["corrections"]["sha256"], sha("fix.csv"));
    assert_eq!(j["reshops"]["replaced"], 1);
}
