//! `shopscore init`, then `shopscore run` on the folder it made: a client's job that
//! works unchanged, on the example visits init writes and then on the month's exports.

use crate::support::*;

/// The retail rubric's columns, by hand from rubrics/retail-visit.yaml: its six named
/// fields (no `time`: it names none and has no travel-time check), each question's
/// column with the comments after theirs, then `fields.keep`.
const RETAIL_COLUMNS: &str = "Visit ID,Store,Visit date,Region,Shopper,Channel,\
Q1 Seconds to greet,Q2 Warm greeting,Q3 Associate gave name,Q4 Talked over me,\
Q5 Asked before assuming,Q6 Used my name,Q7 Product knowledge,Q8 Offered to check,\
Q9 Honest about product,Q9 Comment,Q10 Honest about delivery,Q10 Comment,Q11 Extras offered,\
Q12 Offered alternative,Q13 Recovery,Q13 Comment,Q14 Took ownership,Q15 Next steps explained,\
Q16 Follow-up kept,Q16 Comment,Q17 Thanked,Q18 Invited back,Q19 Memorable gesture,Q19 Comment,\
Q20 Felt valued,Q21 Left happier,Q22 Overall (0-10),Narrative";

fn init(s: &Sandbox) {
    let out = s.run(&["init", "acme"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let want = "wrote acme/audit.yaml\nwrote acme/rubric.yaml\nwrote acme/visits-template.csv\n\
                wrote acme/data/example.csv\n\
                next: `shopscore run acme/audit.yaml` scores the 3 made-up visits in acme/data/example.csv;\n  \
                then delete that file, have the shopper form export the columns of\n  \
                acme/visits-template.csv, and put each month's exports in acme/data\n";
    assert_eq!(stderr(&out), want);
}

/// The example's fixed values for the retail rubric: store, date, region, shopper,
/// channel, then each question's best answer, read off rubrics/retail-visit.yaml (comments
/// and the narrative blank): Q1 15 s (the middle of the 0-30 band that scores 1), Q4 `no`
/// (`expected: no`), Q6 the option worth 1, Q11 the largest options until they reach 1
/// (0.5 + 0.25 + 0.25), Q13 the option worth 1, scales at their max, Q22 10.
const RETAIL_BEST: &str = "Example store,2026-03-14,North,S01,in-store,\
15,yes,yes,no,yes,Naturally throughout,5,yes,yes,,yes,,Product demo; Gift wrap; Delivery options,\
yes,Fixed on the spot,,yes,yes,yes,,yes,yes,yes,,5,yes,10,";

#[test]
fn init_writes_the_run_file_rubric_template_and_three_example_visits() {
    let s = Sandbox::new();
    init(&s);
    assert_eq!(s.read("acme/rubric.yaml"), std::fs::read_to_string("rubrics/retail-visit.yaml").unwrap());
    // The template is the header alone, outside data/ so no run reads it.
    assert_eq!(s.read("acme/visits-template.csv"), format!("{RETAIL_COLUMNS}\n"));
    assert_eq!(
        s.read("acme/data/example.csv"),
        format!("{RETAIL_COLUMNS}\nV-0001,{RETAIL_BEST}\nV-0002,{RETAIL_BEST}\nV-0003,{RETAIL_BEST}\n")
    );
    let audit = s.read("acme/audit.yaml");
    assert!(audit.lines().any(|l| l == "period: latest"), "{audit}");
    // init never overwrites
    let out = s.run(&["init", "acme"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: acme/audit.yaml already exists; nothing was written\n  hint: choose a new folder\n"
    );
}

/// The folder as init made it runs unchanged: the 3 example visits of one store score
/// 100 each (best answers), so the overall 100 passes `fail_under: 80`, the store (3
/// visits = min_visits) passes `fail_location_under: 70`, 0 issues pass `max_issues: 25`:
/// exit 0, and nothing on stderr but what was read and written.
#[test]
fn init_then_run_scores_the_folder_as_made_without_a_warning() {
    let s = Sandbox::new();
    init(&s);
    let out = s.run(&["run", "acme/audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "read acme/data/example.csv: UTF-8, delimiter ',', 3 rows, 3 visits\n\
         wrote 16 reports into acme/reports/ (--verbose names each)\n"
    );
    assert_eq!(s.read("acme/reports/issues.csv").lines().count(), 1, "no data issue");
    let j: serde_json::Value = serde_json::from_str(&s.read("acme/reports/summary.json")).unwrap();
    assert_eq!((j["focus"]["period"].as_str(), j["overall"]["score"].as_f64()), (Some("2026-03"), Some(100.0)));
    let judged: Vec<(Option<&str>, Option<bool>)> =
        j["gates"].as_array().unwrap().iter().map(|g| (g["gate"].as_str(), g["passed"].as_bool())).collect();
    assert!(judged.iter().all(|g| g.1 == Some(true)) && judged.len() == 3, "{judged:?}");
    // Quiet, the job's stderr is empty.
    let out = s.run(&["run", "acme/audit.yaml", "-q", "--out", "q"]);
    assert_eq!((code(&out), stderr(&out)), (0, String::new()));
}

/// With the example deleted and no export yet, `run` says where the exports go.
#[test]
fn init_then_run_before_any_export_says_where_to_put_them() {
    let s = Sandbox::new();
    init(&s);
    std::fs::remove_file(s.path("acme/data/example.csv")).unwrap();
    let out = s.run(&["run", "acme/audit.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: the folder acme/data/ holds no .csv file (nor an Excel workbook)\n  hint: put the month's exports (.csv or .xlsx) in it, or name the files to read\n"
    );
    assert!(!s.path("acme/reports").exists());
}

/// Each shipped rubric's template row, scored as it is, is one visit with no data issue.
#[test]
fn each_rubrics_template_row_scores_without_an_issue() {
    for rubric in ["rubrics/retail-visit.yaml", "rubrics/phone-call.yaml"] {
        let s = Sandbox::new();
        let rubric = format!("{}/{rubric}", env!("CARGO_MANIFEST_DIR"));
        let out = s.run(&["template", "--rubric", &rubric]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let scored = assert_cmd::Command::new(env!("CARGO_BIN_EXE_shopscore"))
            .current_dir(s.dir.path())
            .args(["score", "--rubric", &rubric, "--out", "out", "--no-xlsx", "--charts", "none", "-"])
            .write_stdin(out.stdout)
            .output()
            .unwrap();
        assert_eq!(code(&scored), 0, "{}", stderr(&scored));
        let j: serde_json::Value = serde_json::from_str(&s.read("out/summary.json")).unwrap();
        assert_eq!((j["overall"]["visits"].as_u64(), j["issues"]["total"].as_u64()), (Some(1), Some(0)), "{rubric}");
    }
}

/// A folder whose data/ already holds an export gets no made-up visits beside it (they
/// would be scored with the real ones), and the next step says so.
#[test]
fn init_writes_no_example_beside_exports_already_in_data() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.path("acme/data")).unwrap();
    s.write("acme/data/2026-10.csv", MINI_CSV.as_bytes());
    let out = s.run(&["init", "acme"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "wrote acme/audit.yaml\nwrote acme/rubric.yaml\nwrote acme/visits-template.csv\n\
         next: acme/data already holds exports, so no example was written; check the rubric\n  \
         against them with `shopscore check --rubric acme/rubric.yaml acme/data`, then `shopscore run acme/audit.yaml`\n"
    );
    assert!(!s.path("acme/data/example.csv").exists());
}
