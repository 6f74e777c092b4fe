#!/usr/bin/env python3
"""A stand-in for `shopscore score` that writes the reference's own answers as the binary's
reports (visits.csv, issues.csv, corrections.csv, alerts.csv, actions.csv, summary.json) and
exits as it would.

It checks crosscheck.py's plumbing (what it reads, which columns and fields it expects,
the exit-2 path), never the scoring: the reference compared with itself must pass.

    python3 tests/reference/crosscheck.py --bin tests/reference/stand_in.py --cases 150 \
        --features versions,corrections,reshops,followup
"""
import argparse
import csv
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crosscheck as cc  # noqa: E402
import reference as R  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("cmd"); ap.add_argument("--rubric", action="append"); ap.add_argument("--out")
ap.add_argument("--quiet", action="store_true"); ap.add_argument("--raw-csv", action="store_true")
ap.add_argument("--corrections"); ap.add_argument("--period"); ap.add_argument("--since"); ap.add_argument("--until")
for f in ("--steady-within", "--min-visits", "--fail-under", "--fail-location-under", "--max-issues"):
    ap.add_argument(f, type=float)
ap.add_argument("--strict", action="store_true"); ap.add_argument("files", nargs="+")
# SCORING.md §8, the follow-up rules and gates
ap.add_argument("--alert-below", type=float); ap.add_argument("--shopper-margin", type=float)
ap.add_argument("--action-failures", type=int); ap.add_argument("--action-streak", type=int)
ap.add_argument("--fail-on-alert", action="store_true"); ap.add_argument("--fail-on-breach", action="store_true")
a = ap.parse_args()
fu = {"alert_below": a.alert_below, "action_failures": a.action_failures, "action_streak": a.action_streak,
      "shopper_margin": a.shopper_margin, "fail_on_alert": a.fail_on_alert, "fail_on_breach": a.fail_on_breach}
prog = R.load_programme([(n, n) for n in a.rubric])
if not prog.multi and not prog.versioned:
    prog = R.load_rubric(a.rubric[0])
try:
    R.check_followup(prog if isinstance(prog, R.Programme) else R.Programme.single(prog), fu)
    res = R.score_files(prog, [(f, f) for f in a.files], cc.RUN_DATE, a.since, a.until, a.period,
                        corrections=(a.corrections, a.corrections) if a.corrections else None)
except SystemExit as e:
    print(e, file=sys.stderr); sys.exit(2)
gates = {"fail_under": a.fail_under, "fail_location_under": a.fail_location_under,
         "max_issues": None if a.max_issues is None else int(a.max_issues), "strict": a.strict}
mv = 3 if a.min_visits is None else int(a.min_visits)
s = R.summary(prog, res, mv, a.steady_within, gates, fu)
os.makedirs(a.out, exist_ok=True)
P = res["programme"]
def n(x): return "" if x is None else repr(x)
with open(os.path.join(a.out, "visits.csv"), "w", newline="") as fh:
    w = csv.writer(fh); cols = cc.visit_columns(P, res); w.writerow(cols)
    for v in res["listed"]:
        d = {"file": v["file"], "line": v["line"], "visit_id": v["visit_id"], "location": v["location"],
             "region": v["region"], "period": v["period"], "score": n(v["score"]), "grade": v["grade"] or "",
             "version": v["version"].label, "corrected": "yes" if v["changed"] or v["void"] else "",
             "status": cc.visit_status(v), "score_as_shot": n(v["score_as_shot"]),
             "replaced_by": v["replaced_by"] or "", "critical_failures": v["critical_failures"]}
        for sec in P.sections:
            d[sec.id] = n(v["sections"].get(sec.id))
        w.writerow([d[c] for c in cols])
with open(os.path.join(a.out, "issues.csv"), "w", newline="") as fh:
    w = csv.writer(fh); w.writerow(["file", "line", "visit_id", "location", "shopper", "column", "value", "kind", "problem"])
    for i in res["issues"]:
        w.writerow([i[k] for k in ("file", "line", "visit_id", "location", "shopper", "column", "value", "kind")] + ["words"])
if res["corrections"]:
    with open(os.path.join(a.out, "corrections.csv"), "w", newline="") as fh:
        w = csv.writer(fh); w.writerow(cc.CORRECTION_AUDIT)
        for r in res["corrections"]["audit"]:
            w.writerow([n(r[k]) if k.startswith("score_") else r[k] for k in cc.CORRECTION_AUDIT])
F = s["follow_up"]
with open(os.path.join(a.out, "alerts.csv"), "w", newline="") as fh:
    w = csv.writer(fh); w.writerow(cc.ALERT_COLUMNS)
    for x in cc._plain(F["alerts"]):
        r = cc.alert_row(x, F["rules"]["alert_below"]); w.writerow([r[c] for c in cc.ALERT_COLUMNS])
with open(os.path.join(a.out, "actions.csv"), "w", newline="") as fh:
    w = csv.writer(fh); w.writerow(cc.ACTION_COLUMNS); texts = {q.id: q.text for q in P.questions}
    for x in cc._plain(F["actions"]):
        r = cc.action_row(x, texts[x["question"]]); w.writerow([r[c] for c in cc.ACTION_COLUMNS])
with open(os.path.join(a.out, "summary.json"), "w") as fh:
    json.dump(s, fh, default=cc._json_default)
sys.exit(0 if all(cc._plain(g["passed"]) for g in s["gates"]) else 1)
