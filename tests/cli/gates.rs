//! Gates as a job reads them: one decimal in messages (never one that contradicts the
//! verdict), the period the score covers, and the measured value in the JSON.

use crate::support::*;

fn run(s: &Sandbox, gates: &[&str]) -> (i32, String, serde_json::Value) {
    let mut args = vec!["score", "--rubric", "mini.yaml", "--out", "out", "--no-xlsx", "--charts", "none"];
    args.extend_from_slice(gates);
    args.push("m.csv");
    let out = s.run(&args);
    (code(&out), stderr(&out), s.summary())
}

/// Mini: V1 100, V2 12.5 (Leeds, September), V3 200 / 3 (York, October), so overall
/// (100 + 12.5 + 66.666...) / 3 = 59.7222..., Leeds (100 + 12.5) / 2 = 56.25; the window is
/// Sep-Oct 2026.
#[test]
fn gate_messages_round_to_one_decimal_and_name_the_window() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let overall = (100.0 + 12.5 + 200.0 / 3.0) / 3.0;
    let (code, err, j) = run(&s, &["--fail-under", "60", "--fail-location-under", "60", "--min-visits", "2"]);
    assert_eq!(code, 1);
    assert!(err.contains("gate failed: overall score 59.7 (Sep-Oct 2026) is below --fail-under 60\n"), "{err}");
    assert!(
        err.contains(
            "gate failed: 1 location with 2+ visits below --fail-location-under 60 (Sep-Oct 2026): Leeds 56.3\n"
        ),
        "{err}"
    );
    let gates = j["gates"].as_array().unwrap();
    assert_eq!(gates[0]["value"].as_f64(), Some(overall), "every digit in the JSON");
    assert_eq!(gates[1]["value"].as_f64(), Some(56.25), "the lowest location judged (York's 1 visit is not)");
    // Leeds's 56.25 is 56.3 at one decimal, which would read as not below 56.26: the
    // message shows two decimals then.
    let (_, err, _) = run(&s, &["--fail-location-under", "56.26", "--min-visits", "2"]);
    assert!(err.contains("below --fail-location-under 56.26 (Sep-Oct 2026): Leeds 56.25\n"), "{err}");
}

#[test]
fn gates_with_nothing_measured_carry_a_null_value() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    // No location has 3 scored visits: nothing judged, so no lowest score.
    let (code, err, j) = run(&s, &["--fail-location-under", "60", "--max-issues", "5"]);
    assert_eq!(code, 0, "nothing failed");
    let note = "--fail-location-under 60: no location has 3 or more scored visits (Sep-Oct 2026)";
    assert!(err.ends_with(&format!("\ngate not judged: {note}\n")), "{err}");
    let gates = j["gates"].as_array().unwrap();
    assert_eq!(gates[0]["gate"], "fail_location_under");
    assert!(gates[0]["value"].is_null());
    // `reason` stays "why it failed" (empty on a pass); `judged` and `note` say the rest.
    assert_eq!((&gates[0]["passed"], gates[0]["reason"].as_str()), (&true.into(), Some("")));
    assert_eq!((&gates[0]["judged"], gates[0]["note"].as_str()), (&false.into(), Some(note)));
    assert_eq!((&gates[1]["judged"], gates[1]["note"].as_str()), (&true.into(), Some("")));
    assert_eq!((&gates[1]["gate"], gates[1]["value"].as_f64()), (&"max_issues".into(), Some(1.0)), "1 data issue");
}

/// A note is not an error: --quiet silences it, as it does every other note; the
/// summary still says why the gate judged nothing.
#[test]
fn quiet_keeps_the_not_judged_note_in_the_summary_only() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let (code, err, j) = run(&s, &["--fail-location-under", "60", "--min-visits", "5", "--quiet"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        j["gates"][0]["note"].as_str(),
        Some("--fail-location-under 60: no location has 5 or more scored visits (Sep-Oct 2026)")
    );
    // A location judged (Leeds's 2 visits) and passing: no note, no reason.
    let (code, err, j) = run(&s, &["--fail-location-under", "50", "--min-visits", "2"]);
    assert_eq!(code, 0);
    assert!(!err.contains("gate not judged"), "{err}");
    assert_eq!((j["gates"][0]["reason"].as_str(), j["gates"][0]["note"].as_str()), (Some(""), Some("")));
    assert_eq!(j["gates"][0]["judged"], true);
}

/// No scored visit at all (every visit is September or October; the run scores only
/// 2026-08): --fail-under has no score to pass on, so it fails, and says why.
#[test]
fn fail_under_without_a_scored_visit_fails() {
    let s = Sandbox::new();
    s.write("m.csv", MINI_CSV.as_bytes());
    let (code, err, j) = run(&s, &["--fail-under", "60", "--until", "2026-08"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.ends_with("\ngate failed: no visit has a score, so --fail-under 60 is not met\n"), "{err}");
    assert_eq!((&j["gates"][0]["passed"], j["gates"][0]["value"].is_null()), (&false.into(), true));
}
