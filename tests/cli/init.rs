//! `shopscore init`, then `shopscore run` on the folder it made: a client's job that
//! works unchanged once the month's export is in `data/`.

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
                made acme/data for the exports (empty)\n\
                next: have the shopper form export the columns of acme/visits-template.csv, put the month's \
                exports in acme/data, then run `shopscore run acme/audit.yaml`\n";
    assert_eq!(stderr(&out), want);
}

#[test]
fn init_writes_the_run_file_rubric_and_template_beside_an_empty_data_folder() {
    let s = Sandbox::new();
    init(&s);
    assert_eq!(s.read("acme/rubric.yaml"), std::fs::read_to_string("rubrics/retail-visit.yaml").unwrap());
    // The template is the header alone, outside data/ so no run reads it.
    assert_eq!(s.read("acme/visits-template.csv"), format!("{RETAIL_COLUMNS}\n"));
    assert_eq!(std::fs::read_dir(s.path("acme/data")).unwrap().count(), 0, "data/ is empty");
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

/// The template's example row, dropped into data/, is a month's export: the run scores
/// it with nothing on stderr but what it read and wrote, and exits 0 (100 ≥ 80; no data
/// issue). One visit is under min_visits, so no location is judged: a note says so (no
/// warning, no failure), and --quiet silences it.
#[test]
fn init_then_run_with_an_export_in_data_scores_without_a_warning() {
    let s = Sandbox::new();
    init(&s);
    let out = s.run(&["template", "--rubric", "acme/rubric.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.write("acme/data/2026-03.csv", &out.stdout);
    let out = s.run(&["run", "acme/audit.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "read acme/data/2026-03.csv: UTF-8, delimiter ',', 1 row, 1 visit\n\
         wrote 12 reports into acme/reports/ (--verbose names each)\n\
         gate not judged: --fail-location-under 70: no location has 3 or more scored visits (2026-03)\n"
    );
    assert_eq!(s.read("acme/reports/issues.csv").lines().count(), 1, "no data issue");
    let j: serde_json::Value = serde_json::from_str(&s.read("acme/reports/summary.json")).unwrap();
    assert_eq!((j["focus"]["period"].as_str(), j["overall"]["score"].as_f64()), (Some("2026-03"), Some(100.0)));
    // Quiet, the job's stderr is empty.
    let out = s.run(&["run", "acme/audit.yaml", "-q", "--out", "q"]);
    assert_eq!((code(&out), stderr(&out)), (0, String::new()));
}

#[test]
fn init_then_run_before_any_export_says_where_to_put_them() {
    let s = Sandbox::new();
    init(&s);
    let out = s.run(&["run", "acme/audit.yaml"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: the folder acme/data/ holds no .csv file\n  hint: put the month's exports (.csv) in it, or name the files to read\n"
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
