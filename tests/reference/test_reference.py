"""Hand-worked checks of the reference's issue-16 rules (SPEC16.md A-C, SCORING.md §7) and of
the follow-up (SCORING.md §8: alerts, actions, ladder, shopper deviation, funnel), so
the reference is trusted before a binary implements them. Every expected number is worked
out by hand in the comment beside it.

    python3 -m unittest discover -s tests/reference        # from the repository's root
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import textwrap
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as R  # noqa: E402


class Files:
    """A temp directory to write rubrics, data and corrections into."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="test-reference-")
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(textwrap.dedent(text).lstrip("\n"))
        return path

    def programme(self, *names: str) -> R.Programme:
        return R.load_programme([(n, os.path.join(self.dir, n)) for n in names])


def kinds(res) -> list[tuple]:
    return sorted((i["line"], i["column"], i["kind"], i["value"]) for i in res["issues"])


# A two-version programme (the issue's "done when"): v2 removes q3, re-weights q1 and q2
# (points 1 -> 2 and 1 -> 3) and adds q4 (a 1..5 scale).
V1 = """
name: Shop
version: "2026.1"
sections:
  - id: s1
    questions:
      - { id: q1, type: yes_no }
      - { id: q2, type: yes_no }
      - { id: q3, type: yes_no, points: 2 }
"""
V2 = """
name: Shop
version: "2026.2"
effective_from: 2026-02-01
sections:
  - id: s1
    questions:
      - { id: q1, type: yes_no, points: 2 }
      - { id: q2, type: yes_no, points: 3 }
      - { id: q4, type: scale, min: 1, max: 5 }
"""
DATA = """
visit_id,location,date,q1,q2,q3,q4
V1,Leeds,2026-01-10,yes,no,yes,5
V2,York,2026-01-20,no,yes,no,
V3,Leeds,2026-02-05,yes,no,,3
V4,York,2026-02-10,yes,yes,,5
V5,Leeds,2026-03-01,no,yes,,1
V6,York,soon,yes,no,,x
"""


class Versions(Files, unittest.TestCase):
    def test_order_labels_and_choice(self):
        self.write("b.yaml", V2)
        self.write("a.yaml", V1.replace('version: "2026.1"\n', ""))
        p = self.programme("b.yaml", "a.yaml")  # given newest first: sorted by effective_from
        self.assertEqual([v.label for v in p.versions], ["a.yaml", "2026.2"])  # no version: -> file name
        self.assertTrue(p.multi)
        self.assertFalse(p.dated)  # the earliest has no effective_from: no visit is too early
        self.assertIs(p.choose(dt.date(2026, 1, 31)), p.versions[0])
        self.assertIs(p.choose(dt.date(2026, 2, 1)), p.versions[1])  # on the day: the new one
        self.assertIs(p.choose(None), p.versions[1])  # undated: the latest

    def test_before_the_first_version(self):
        self.write("a.yaml", V1.replace('version: "2026.1"\n', 'version: "2026.1"\neffective_from: 2026-01-15\n'))
        p = self.programme("a.yaml")
        self.assertIsNone(p.choose(dt.date(2026, 1, 14)))
        self.assertTrue(p.dated)
        self.assertFalse(p.multi)

    def test_union_order(self):
        # latest's in its order (q1, q4), then earlier-only ids (q2 from v2 first, then q3 from v1)
        self.write("v1.yaml", """
            name: P
            sections:
              - id: s2
                questions: [{ id: q3, type: yes_no }]
              - id: s1
                questions: [{ id: q1, type: yes_no }, { id: q2, type: yes_no }]
            """)
        self.write("v2.yaml", """
            name: P
            effective_from: 2026-01-01
            sections:
              - id: s1
                questions: [{ id: q2, type: yes_no }]
              - id: s4
                questions: [{ id: q5, type: yes_no }]
            """)
        self.write("v3.yaml", """
            name: P
            effective_from: 2026-02-01
            sections:
              - id: s1
                questions: [{ id: q1, type: yes_no }, { id: q4, type: yes_no }]
            """)
        p = self.programme("v3.yaml", "v1.yaml", "v2.yaml")
        self.assertEqual([s.id for s in p.sections], ["s1", "s4", "s2"])
        self.assertEqual([q.id for q in p.questions], ["q1", "q4", "q2", "q5", "q3"])

    def test_two_versions_three_months(self):
        self.write("v1.yaml", V1)
        self.write("v2.yaml", V2)
        data = self.write("data.csv", DATA)
        p = self.programme("v2.yaml", "v1.yaml")
        res = R.score_files(p, [("data.csv", data)])
        got = {v["visit_id"]: (v["version"].label, v["score"]) for v in res["listed"]}
        self.assertEqual(got["V1"], ("2026.1", 75.0))  # v1: 1 + 0 + 2 of 4 (q4 not asked)
        self.assertEqual(got["V2"], ("2026.1", 25.0))  # 0 + 1 + 0 of 4
        self.assertAlmostEqual(got["V3"][1], 250 / 6)  # v2: 2 + 0 + 0.5 (3 on 1..5) of 6
        self.assertEqual(got["V3"][0], "2026.2")
        self.assertEqual(got["V4"], ("2026.2", 100.0))  # 2 + 3 + 1 of 6
        self.assertEqual(got["V5"], ("2026.2", 50.0))  # 0 + 3 + 0 of 6
        self.assertEqual(got["V6"], ("2026.2", 40.0))  # undated: latest; 2 + 0 of 5, q4 invalid
        # not asked is no issue: V2's blank q4, V3-V5's blank q3
        self.assertEqual(kinds(res), [(7, "date", "bad_date", "soon"), (7, "q4", "invalid_answer", "x")])
        s = R.summary(p, res)
        self.assertIn("no_version", s["issues"]["by_problem"])  # 2+ versions: the kind is listed (0)
        self.assertEqual([q["id"] for q in s["questions"]], ["q1", "q2", "q4", "q3"])
        q3 = next(q for q in s["questions"] if q["id"] == "q3")
        self.assertEqual((q3["pass_rate"], q3["scored"], q3["missing"]), (50.0, 2, 0))  # V1 yes, V2 no
        q4 = next(q for q in s["questions"] if q["id"] == "q4")
        # V3 0.5, V4 1, V5 0 -> 100 x 1.5 / 3 = 50; V6 invalid; failed: V3 and V5
        self.assertEqual((q4["pass_rate"], q4["scored"], q4["invalid"], q4["failed"]), (50.0, 3, 1, 2))
        self.assertEqual(
            [(v["label"], v["effective_from"], v["effective_until"], v["visits"]) for v in s["versions"]],
            [("2026.1", None, "2026-01-31", 2), ("2026.2", "2026-02-01", None, 4)],
        )
        # focus 2026-03 (V5), previous 2026-02 (V3, V4): one version, no version change
        self.assertEqual(s["comparison"]["latest_period"], "2026-03")
        self.assertIs(s["comparison"]["version_change"], False)
        self.assertNotIn("like_for_like", s["comparison"])

    def test_like_for_like(self):
        self.write("v1.yaml", V1)
        self.write("v2.yaml", V2)
        data = self.write("data.csv", DATA)
        p = self.programme("v1.yaml", "v2.yaml")
        res = R.score_files(p, [("data.csv", data)], period="2026-02")
        s = R.summary(p, res)
        c = s["comparison"]
        self.assertEqual((c["latest_period"], c["previous_period"]), ("2026-02", "2026-01"))
        self.assertIs(c["version_change"], True)
        lfl = c["like_for_like"]
        # shared: q1 and q2 (same id and type; points may differ); q3 and q4 are in one version only
        self.assertEqual(lfl["shared_questions"], ["q1", "q2"])
        self.assertEqual(lfl["dropped_sections"], [])
        # re-scored by v2 restricted to q1 (2 points) and q2 (3 points):
        # V1 2 of 5 = 40, V2 3 of 5 = 60 -> previous 50; V3 2 of 5 = 40, V4 5 of 5 = 100 -> 70
        self.assertEqual(lfl["overall"], {"latest": 70.0, "previous": 50.0, "change": 20.0})
        self.assertEqual(lfl["locations"], [
            {"location": "Leeds", "latest": 40.0, "previous": 40.0, "change": 0.0},
            {"location": "York", "latest": 100.0, "previous": 60.0, "change": 40.0},
        ])
        self.assertEqual(lfl["regions"], [{"region": "", "latest": 70.0, "previous": 50.0, "change": 20.0}])
        # the plain comparison keeps each visit's own version: 70.833.. (V3 41.67, V4 100) vs 50 (75, 25)
        self.assertAlmostEqual(c["overall"]["latest"], (250 / 6 + 100) / 2)
        self.assertEqual(c["overall"]["previous"], 50.0)
        # versions count the window's visits (2026-02 only): V3 and V4, both v2
        self.assertEqual([v["visits"] for v in s["versions"]], [0, 2])
        # V5 is after --period: an outside_period issue; V6 undated in a bounded run: bad_date only
        self.assertEqual(kinds(res), [(6, "date", "outside_period", "2026-03-01"), (7, "date", "bad_date", "soon")])

    def test_dropped_section_and_changed_scale(self):
        a = R.Rubric({"name": "P", "sections": [
            {"id": "s1", "weight": 1, "questions": [{"id": "q1", "type": "scale", "min": 1, "max": 5}]},
            {"id": "s2", "weight": 3, "questions": [{"id": "q2", "type": "choice", "options": {"Good": 1, "Poor": 0}}]},
        ]})
        b = R.Rubric({"name": "P", "sections": [
            {"id": "s1", "weight": 1, "questions": [{"id": "q1", "type": "scale", "min": 1, "max": 10}]},
            {"id": "s2", "weight": 3, "questions": [{"id": "q2", "type": "choice", "points": 4,
                                                     "options": {" good ": 1, "POOR": 0}}]},
        ]})
        shared = R.shared_questions(b, [a])
        self.assertEqual([q.id for q in shared], ["q2"])  # q1's max changed; q2's labels match trimmed, any case
        r, dropped = R.restricted(b, shared)
        self.assertEqual(dropped, ["s1"])
        self.assertEqual([s.id for s in r.sections], ["s2"])
        self.assertEqual([s.id for s in b.sections], ["s1", "s2"])  # the version itself is untouched
        # weights over the sections that remain: s2 alone, Good -> 100
        self.assertEqual(R.rescore(r, {"cells": {"q1": "1", "q2": "good"}}), 100.0)
        self.assertFalse(R.same_question(R.Question({"id": "q", "type": "yes_no"}, None),
                                         R.Question({"id": "q", "type": "scale"}, None)))

    def test_same_question(self):
        def q(**d):
            return R.Question({"id": "q", **d}, None)

        choice = q(type="choice", options={"Good": 1, "Poor": 0})
        self.assertTrue(R.same_question(choice, q(type="choice", points=3, options={"good": 1, "poor": 0})))
        self.assertFalse(R.same_question(choice, q(type="choice", options={"Good": 1, "Poor": 0.5})))  # a fraction
        self.assertFalse(R.same_question(choice, q(type="choice", options={"Good": 1, "Bad": 0})))  # a label
        self.assertFalse(R.same_question(choice, q(type="choice", options={"Good": 1, "Poor": 0, "Fair": 0.5})))
        self.assertFalse(R.same_question(choice, q(type="multi", options={"Good": 1, "Poor": 0})))  # the type
        band = q(type="number", bands=[{"max": 10, "score": 1}, {"min": 11, "score": 0}])
        self.assertTrue(R.same_question(band, q(type="number", bands=[{"max": 10, "score": 1}, {"min": 11, "score": 0}])))
        self.assertFalse(R.same_question(band, q(type="number", bands=[{"max": 9, "score": 1}, {"min": 11, "score": 0}])))
        self.assertTrue(R.same_question(q(type="scale"), q(type="scale", min=1, max=5, step=1)))  # defaults
        self.assertFalse(R.same_question(q(type="scale"), q(type="scale", step=0.5)))
        self.assertFalse(R.same_question(q(type="yes_no"), R.Question({"id": "p", "type": "yes_no"}, None)))  # the id

    def test_no_version_and_version_date(self):
        self.write("v1.yaml", """
            name: P
            version: A
            effective_from: 2026-01-10
            fields: { version_date: Reported }
            sections:
              - id: s1
                questions: [{ id: q1, type: yes_no }]
            """)
        self.write("v2.yaml", """
            name: P
            version: B
            effective_from: 2026-02-01
            fields: { version_date: Reported }
            sections:
              - id: s1
                questions: [{ id: q1, type: yes_no }, { id: q2, type: yes_no }]
            """)
        data = self.write("data.csv", """
            visit_id,location,date,Reported,q1,q2
            W1,Leeds,2026-01-30,2026-02-02,yes,no
            W2,Leeds,2026-02-03,,yes,no
            W3,Leeds,2026-02-05,2026-01-20,yes,no
            W4,Leeds,2026-01-12,2026-01-05,yes,
            """)
        p = self.programme("v1.yaml", "v2.yaml")
        res = R.score_files(p, [("data.csv", data)])
        got = {v["visit_id"]: (v["version"].label, v["score"]) for v in res["listed"]}
        # W1 reported 02-02: B, 1 of 2; W2 report date blank: B (latest) 1 of 2; W3 reported 01-20: A, 1 of 1
        self.assertEqual(got, {"W1": ("B", 50.0), "W2": ("B", 50.0), "W3": ("A", 100.0)})
        # W4 reported before A's effective_from: not scored, its one issue on the version_date column
        self.assertEqual(kinds(res), [(3, "Reported", "bad_date", ""), (5, "Reported", "no_version", "2026-01-05")])
        self.assertEqual(res["inputs"][0]["visits"], 3)
        s = R.summary(p, res)
        self.assertIn("no_version", s["issues"]["by_problem"])


RUBRIC = """
name: Shop
sections:
  - id: s1
    questions:
      - { id: q1, type: yes_no }
      - { id: q2, type: scale, min: 1, max: 5, na: false, column: Q2 Scale }
"""


class Corrections(Files, unittest.TestCase):
    def run_it(self):
        rubric = R.load_rubric(self.write("r.yaml", RUBRIC))
        data = self.write("data.csv", """
            visit_id,location,shopper,date,q1,Q2 Scale
            A,Leeds,S1,2026-01-05,no,3
            B,York,S2,2026-01-06,yes,5
            C,Leeds,S1,2026-01-07,yes,1
            """)
        fixes = self.write("fixes.csv", """
            Visit_ID,question,value,ACTION,status,reason,by,date
            A,q1,yes,set,accepted,receipt,AM,2026-02-01
            A,Q2 Scale,5,set,rejected,,AM,2026-02-01
            B,,,void,accepted,not a real shop,QA,2026-02-02
            B,,,restore,pending,,QA,2026-02-02
            C,,,void,accepted,,QA,2026-02-03
            C,,,restore,Accepted,,QA,2026-02-04
            Z9,q1,yes,set,accepted,,,
            A,q2,7,set,accepted,,,
            A,q2,N/A,set,pending,,,
            A,q9,1,set,accepted,,,
            C,q1,no,SET,approved,,,
            ,q1,yes,set,accepted,,,
            A,,yes,set,accepted,,,
            B,q1,no,fix,accepted,,,
            C,q2,,set,accepted,"two
            lines",,
            C,,,delete,accepted,,,
            """)
        res = R.score_files(rubric, [("data.csv", data)], corrections=("fixes.csv", fixes))
        return rubric, res

    def test_visits(self):
        _, res = self.run_it()
        v = {x["visit_id"]: x for x in res["listed"]}
        self.assertEqual((v["A"]["score_as_shot"], v["A"]["score"]), (25.0, 75.0))  # 0 + 0.5 of 2 -> 1 + 0.5 of 2
        self.assertTrue(v["A"]["changed"])
        self.assertTrue(v["B"]["void"])  # void accepted; the restore is pending
        self.assertFalse(v["B"]["changed"])  # the bad-action row acts not
        self.assertEqual(v["B"]["score"], 100.0)  # listed with its scores as computed
        self.assertFalse(v["C"]["void"])  # void, then restore (any case: Accepted)
        self.assertEqual((v["C"]["score_as_shot"], v["C"]["score"]), (50.0, 100.0))  # q2 blank: 1 of 1
        self.assertEqual([x["visit_id"] for x in res["visits"]], ["A", "C"])  # B void: in no aggregate

    def test_issues(self):
        _, res = self.run_it()
        self.assertEqual(kinds(res), [
            (8, "Visit_ID", "correction_unknown_visit", "Z9"),  # the header as written
            (9, "value", "correction_invalid_value", "7"),
            (10, "value", "correction_invalid_value", "N/A"),  # na: false; pending rows are checked too
            (11, "question", "correction_unknown_question", "q9"),
            (12, "status", "correction_bad_status", "approved"),
            (13, "Visit_ID", "correction_missing_field", ""),
            (14, "question", "correction_missing_field", ""),
            (15, "ACTION", "correction_bad_action", "fix"),
            (18, "ACTION", "correction_bad_action", "delete"),  # line 16's reason holds a line break
        ])
        self.assertTrue(all(i["file"] == "fixes.csv" and i["location"] == "" for i in res["issues"]))

    def test_audit_trail(self):
        _, res = self.run_it()
        audit = res["corrections"]["audit"]
        # not listed: 8 (unknown visit), 11 (unknown question), 13 (no visit id), 14 (set, no question),
        # 18 (a bad action naming no question)
        self.assertEqual([a["line"] for a in audit], [2, 3, 4, 5, 6, 7, 9, 10, 12, 15, 16])
        a2 = audit[0]
        self.assertEqual(
            (a2["visit_id"], a2["location"], a2["shopper"], a2["question"], a2["answer_as_shot"],
             a2["answer_corrected"], a2["score_before"], a2["score_after"], a2["action"], a2["status"], a2["acted"]),
            ("A", "Leeds", "S1", "q1", "no", "yes", 25.0, 75.0, "set", "accepted", "yes"),
        )
        a3 = audit[1]
        self.assertEqual((a3["question"], a3["answer_as_shot"], a3["answer_corrected"], a3["acted"]),
                         ("q2", "3", "5", "no"))  # named by its header, listed by its id; rejected
        a7 = audit[5]
        self.assertEqual((a7["question"], a7["answer_as_shot"], a7["action"], a7["status"], a7["acted"]),
                         ("", "", "restore", "accepted", "yes"))
        self.assertEqual((audit[8]["action"], audit[8]["status"], audit[8]["acted"]), ("set", "approved", "no"))
        self.assertEqual((audit[9]["action"], audit[9]["acted"]), ("fix", "no"))
        self.assertEqual((audit[10]["reason"], audit[10]["score_before"], audit[10]["score_after"]),
                         ("two\nlines", 50.0, 100.0))

    def test_summary(self):
        rubric, res = self.run_it()
        s = R.summary(rubric, res)
        c = s["corrections"]
        # rows 2..16 and 18 = 16; accepted 2,4,6,7,8,9,11,13,14,15,16,18 = 12; rejected 3; pending 5, 10;
        # acted: 2 (set), 4 (void), 6 (void), 7 (restore), 16 (set) = 5
        self.assertEqual({k: c[k] for k in ("file", "rows", "accepted", "rejected", "pending", "acted",
                                            "void_visits", "changed_visits")},
                         {"file": "fixes.csv", "rows": 16, "accepted": 12, "rejected": 1, "pending": 2, "acted": 5,
                          "void_visits": 1, "changed_visits": 2})
        self.assertEqual(len(c["sha256"]), 64)
        # Leeds (A, C): lines 2,3,6,7,9,10,12,16 = 8, accepted 2,6,7,9,16 = 5 -> 62.5;
        # York (B): 4,5,15 = 3, accepted 4,15 = 2 -> 66.67
        self.assertEqual([(x["location"], x["rows"], x["accepted"]) for x in c["by_location"]],
                         [("Leeds", 8, 5), ("York", 3, 2)])
        self.assertEqual(c["by_location"][0]["share_accepted"], 62.5)
        self.assertAlmostEqual(c["by_location"][1]["share_accepted"], 200 / 3)
        self.assertEqual([(x["shopper"], x["rows"]) for x in c["by_shopper"]], [("S1", 8), ("S2", 3)])
        # q2: 3, 9, 10, 16 = 4 rows, accepted 9, 16 -> 50; q1: 2, 12, 15 = 3, accepted 2, 15
        self.assertEqual([(x["question"], x["rows"], x["accepted"], x["share_accepted"]) for x in c["by_question"]],
                         [("q2", 4, 2, 50.0), ("q1", 3, 2, 200 / 3)])
        self.assertEqual(s["overall"]["score"], 87.5)  # A 75 and C 100; B void
        self.assertEqual(s["overall"]["visits"], 2)
        self.assertEqual(s["issues"]["total"], 9)
        self.assertEqual(s["issues"]["by_problem"]["correction_invalid_value"], 2)
        self.assertNotIn("versions", s)
        self.assertNotIn("reshops", s)

    def test_missing_header_column(self):
        rubric = R.load_rubric(self.write("r.yaml", RUBRIC))
        data = self.write("data.csv", "visit_id,location,date,q1,Q2 Scale\nA,Leeds,2026-01-05,no,3\n")
        fixes = self.write("fixes.csv", "visit_id,question,value,action,status,reason,by\n")
        with self.assertRaises(SystemExit):
            R.score_files(rubric, [("data.csv", data)], corrections=("fixes.csv", fixes))

    def test_set_on_a_question_of_another_version(self):
        self.write("v1.yaml", V1)
        self.write("v2.yaml", V2)
        data = self.write("data.csv", DATA)
        fixes = self.write("fixes.csv", """
            visit_id,question,value,action,status,reason,by,date
            V1,q4,5,set,accepted,,,
            V3,q3,yes,set,accepted,,,
            V3,q4,5,set,accepted,,,
            """)
        p = self.programme("v1.yaml", "v2.yaml")
        res = R.score_files(p, [("data.csv", data)], corrections=("fixes.csv", fixes))
        # V1 is v1's (no q4), V3 is v2's (no q3); V3's q4 5: 2 + 0 + 1 of 6 = 50
        self.assertEqual(kinds(res), [(2, "question", "correction_unknown_question", "q4"),
                                      (3, "question", "correction_unknown_question", "q3"),
                                      (7, "date", "bad_date", "soon"), (7, "q4", "invalid_answer", "x")])
        v3 = next(v for v in res["listed"] if v["visit_id"] == "V3")
        self.assertEqual(v3["score"], 50.0)
        self.assertEqual([a["line"] for a in res["corrections"]["audit"]], [4])


RESHOPS = """
name: Shop
fields: { replaces: Replaces }
sections:
  - id: s1
    questions: [{ id: q1, type: yes_no }]
"""


class Reshops(Files, unittest.TestCase):
    def test_replaces(self):
        rubric = R.load_rubric(self.write("r.yaml", RESHOPS))
        data = self.write("data.csv", """
            visit_id,location,date,Replaces,q1
            R1,Leeds,2026-01-05,,no
            R2,Leeds,2026-01-20, R1 ,yes
            R3,York,2026-01-10,,yes
            R4,Leeds,2026-01-25,R3,no
            R5,Leeds,2026-02-03,R2,yes
            R6,Leeds,2026-01-20,R2,no
            R7,Leeds,2026-01-28,NOPE,yes
            R0,Leeds,2026-01-02,R9,yes
            R9,Leeds,2026-01-01,,no
            """)
        res = R.score_files(rubric, [("data.csv", data)])
        rep = {v["visit_id"]: v["replaced_by"] for v in res["listed"]}
        # R1 by R2; R9 (later in the file, earlier in date) by R0
        self.assertEqual({k: x for k, x in rep.items() if x}, {"R1": "R2", "R9": "R0"})
        self.assertEqual(kinds(res), [
            (5, "Replaces", "replaces_other_location", "R3"),
            (6, "Replaces", "replaces_other_period", "R2"),
            (7, "Replaces", "replaces_not_earlier", "R2"),  # same day
            (8, "Replaces", "replaces_unknown", "NOPE"),
        ])
        self.assertEqual(res["reshops"], {"named": 6, "replaced": 2})  # R2, R4, R5, R6, R7, R0
        s = R.summary(rubric, res)
        # counted: R2 100, R3 100, R4 0, R5 100, R6 0, R7 100, R0 100 -> 500 / 7
        self.assertAlmostEqual(s["overall"]["score"], 500 / 7)
        self.assertEqual(s["overall"]["visits"], 7)
        self.assertEqual(s["reshops"], {"named": 6, "replaced": 2})
        self.assertEqual(sorted(k for k in s["issues"]["by_problem"] if k.startswith("replaces_")), sorted(R.RESHOP_KINDS))

    def test_void_wins_and_undated(self):
        rubric = R.load_rubric(self.write("r.yaml", RESHOPS))
        data = self.write("data.csv", """
            visit_id,location,date,Replaces,q1
            R1,Leeds,2026-01-05,,no
            R2,Leeds,2026-01-20,R1,yes
            U1,Leeds,someday,,yes
            U2,Leeds,later,U1,yes
            U3,Leeds,2026-01-21,U1,yes
            """)
        fixes = self.write("fixes.csv", "visit_id,question,value,action,status,reason,by,date\nR1,,,void,accepted,,,\n")
        res = R.score_files(rubric, [("data.csv", data)], corrections=("fixes.csv", fixes))
        v = {x["visit_id"]: x for x in res["listed"]}
        self.assertTrue(v["R1"]["void"])
        self.assertEqual(v["R1"]["replaced_by"], "R2")  # both: the status column says void (crosscheck.visit_status)
        # either visit undated: not earlier (SPEC16.md C), before the period is looked at
        self.assertEqual([k for k in kinds(res) if k[1] == "Replaces"],
                         [(5, "Replaces", "replaces_not_earlier", "U1"), (6, "Replaces", "replaces_not_earlier", "U1")])
        self.assertEqual(res["reshops"], {"named": 3, "replaced": 1})

    def test_already_replaced_and_a_repeated_id(self):
        rubric = R.load_rubric(self.write("r.yaml", RESHOPS))
        data = self.write("data.csv", """
            visit_id,location,date,Replaces,q1
            R1,Leeds,2026-01-05,,no
            R2,Leeds,2026-01-20,R1,yes
            R3,Leeds,2026-01-22,R1,yes
            D1,York,2026-01-03,,no
            D1,Leeds,2026-01-03,,no
            R4,Leeds,2026-01-25,D1,yes
            """)
        res = R.score_files(rubric, [("data.csv", data)])
        rep = {v["visit_id"]: v["replaced_by"] for v in res["listed"] if v["replaced_by"]}
        # R1 by R2 (the first in input order); R3 would qualify but R1 is taken. D1 is
        # named at its first occurrence (York): another location, though the second would do.
        self.assertEqual(rep, {"R1": "R2"})
        self.assertEqual([k for k in kinds(res) if k[1] == "Replaces"],
                         [(4, "Replaces", "replaces_already_replaced", "R1"),
                          (7, "Replaces", "replaces_other_location", "D1")])
        self.assertEqual(res["reshops"], {"named": 3, "replaced": 1})


class Metamorphic(Files, unittest.TestCase):
    """Properties of the reference on the cross-check's random rubrics and data (no
    binary): they hold whatever the numbers are, so they catch a rule applied wrongly."""

    CASES = 40

    def case(self, i):
        import random

        import crosscheck as cc

        rng = random.Random(f"test-reference/{i}")
        rdict = cc.gen_rubric(rng)
        meta: list = []
        data = cc.gen_data(rng, rdict, "\n", None, meta)
        self.write("data.csv", data)
        import yaml

        with open(os.path.join(self.dir, "r.yaml"), "w", encoding="utf-8") as fh:
            yaml.safe_dump(rdict, fh, sort_keys=False, allow_unicode=True)
        return rdict, meta, rng

    def test_identical_versions_change_nothing(self):
        import yaml

        changes = 0
        for i in range(self.CASES):
            with self.subTest(case=i):
                rdict, _, _ = self.case(i)
                v2 = {**rdict, "version": "later", "effective_from": dt.date(2026, 3, 1)}
                with open(os.path.join(self.dir, "r2.yaml"), "w", encoding="utf-8") as fh:
                    yaml.safe_dump(v2, fh, sort_keys=False, allow_unicode=True)
                data = [("data.csv", os.path.join(self.dir, "data.csv"))]
                one = R.load_rubric(os.path.join(self.dir, "r.yaml"))
                a = R.score_files(one, data)
                p = self.programme("r.yaml", "r2.yaml")
                b = R.score_files(p, data)
                self.assertEqual([(v["visit_id"], v["score"], v["sections"]) for v in a["listed"]],
                                 [(v["visit_id"], v["score"], v["sections"]) for v in b["listed"]])
                self.assertEqual(a["issues"], b["issues"])
                sa, sb = R.summary(one, a), R.summary(p, b)
                self.assertEqual(sa["overall"]["score"], sb["overall"]["score"])
                self.assertEqual(sum(v["visits"] for v in sb["versions"]), len(b["visits"]))
                c = sb["comparison"]
                if c and c["version_change"]:
                    changes += 1
                    lfl = c["like_for_like"]
                    self.assertEqual(lfl["shared_questions"], [q.id for q in one.questions])
                    self.assertEqual(lfl["dropped_sections"], [])
                    for k in ("latest", "previous", "change"):
                        x, y = lfl["overall"][k], c["overall"][k]
                        self.assertTrue(x is None and y is None or abs(x - y) <= 1e-9, (k, x, y))
        self.assertGreater(changes, self.CASES // 2)  # most cases compare 2026-03 (v2) with 2026-02 (v1)

    def test_corrections_that_act_not_change_nothing(self):
        for i in range(self.CASES):
            with self.subTest(case=i):
                rdict, meta, rng = self.case(i)
                rubric = R.load_rubric(os.path.join(self.dir, "r.yaml"))
                f = {k: k for k in R.FIELD_KEYS}
                f.update(rdict.get("fields") or {})
                lines = ["visit_id,question,value,action,status,reason,by,date"]
                import collections

                n_id = collections.Counter(vals[f["visit_id"]].strip() for vals, ok in meta if ok)
                for vals, ok in meta:
                    vid = vals[f["visit_id"]].strip()
                    if not ok or n_id[vid] > 1:  # a set acts on every visit holding the id
                        continue
                    q = rng.choice(rubric.questions)
                    # a rejected or pending change, and an accepted set to the answer as shot
                    lines.append(f"{vid},{q.id},zzz,set,{rng.choice(['rejected', 'pending'])},,,")
                    lines.append(f"{vid},,,void,{rng.choice(['rejected', 'pending'])},,,")
                    cell = vals[q.column].strip()
                    if "," not in cell and '"' not in cell and "\n" not in cell:
                        lines.append(f"{vid},{q.column},{cell},set,accepted,,,")
                fixes = self.write("fixes.csv", "\n".join(lines) + "\n")
                data = [("data.csv", os.path.join(self.dir, "data.csv"))]
                a = R.score_files(rubric, data)
                b = R.score_files(rubric, data, corrections=("fixes.csv", fixes))
                self.assertEqual([(v["score"], v["sections"]) for v in a["listed"]],
                                 [(v["score"], v["sections"]) for v in b["listed"]])
                self.assertFalse(any(v["void"] or v["changed"] for v in b["listed"]))
                self.assertTrue(all(v["score_as_shot"] == v["score"] for v in b["listed"]))
                sa, sb = R.summary(rubric, a), R.summary(rubric, b)
                self.assertEqual((sa["overall"]["score"], sa["overall"]["visits"]), (sb["overall"]["score"], sb["overall"]["visits"]))


class FeaturesOff(Files, unittest.TestCase):
    def test_no_new_keys(self):
        rubric = R.load_rubric(self.write("r.yaml", RUBRIC))
        data = self.write("data.csv", "visit_id,location,date,q1,Q2 Scale\nA,Leeds,2026-01-05,no,3\n")
        res = R.score_files(rubric, [("data.csv", data)])
        s = R.summary(rubric, res)
        for k in ("versions", "corrections", "reshops"):
            self.assertNotIn(k, s)
        self.assertNotIn("version_change", s["comparison"])
        self.assertEqual(set(s["issues"]["by_problem"]), set(R.KINDS + R.NEVER_KINDS))


# SCORING.md §8, the follow-up. Unweighted, critical_effect zero_visit (the default); q4 is a
# bonus question. Non-bonus points: q1 1 + q2 2 (s1) + q3 1 (s2) = 4, so the shares of the
# score are s1 3/4 and s2 1/4.
FU_RUBRIC = """
name: Shop
alert_below: 60
actions: { min_failures: 2, in_a_row: 2 }
ladder: { pass: 70, steps: [warning, breach], reset: 2026-02 }
sections:
  - id: s1
    pass_mark: 30
    questions:
      - { id: q1, type: yes_no, critical: true, comment: c1 }
      - { id: q2, type: yes_no, points: 2 }
  - id: s2
    questions:
      - { id: q3, type: yes_no, comment: c3 }
      - { id: q4, type: yes_no, bonus: true }
"""
# Scores by hand (earned / possible of the non-bonus points; bonus earned added, capped at 100):
#   V1 Leeds 01-10 S1: 1+2+0 = 3/4 -> 75; s1 3/3 = 100, s2 0/1 = 0.
#   V2 Leeds 02-05 S1: 1+0+0 = 1/4 -> 25; s1 1/3 = 33.3 (>= 30), s2 0.
#   V3 Leeds 02-03 S2: q1 no: critical; 0+2+1+1 = 4/4 = 100 -> zero_visit 0; s1 2/3 = 66.7,
#      s2 (1+1)/1 -> capped 100; 1 critical failure.
#   V4 Leeds 02-25 S2: as V2 -> 25, s1 33.3, s2 0.
#   V0 York  01-20 S2: 1+0+1 = 2/4 -> 50; s1 33.3, s2 100.
#   V5 York  02-10 S1: q2 N/A; 1+0+1 (bonus) = 2 of 2 -> 100; s1 1/1 = 100, s2 (0+1)/1 = 100.
#   V6 York  02-12 S2: q2, q3 N/A, q4 blank (a missing_answer issue of S2); 1/1 -> 100;
#      s1 100, s2 none (nothing possible).
#   V7 York  02-15 S1: q1 no and s1 0/3 = 0 < 30: 2 critical failures; 1/4 -> 0; s2 1/1 = 100.
FU_DATA = """
visit_id,location,date,shopper,q1,c1,q2,q3,c3,q4
V1,Leeds,2026-01-10,S1,yes,,yes,no,slow,no
V2,Leeds,2026-02-05,S1,yes,,no,no,rude,no
V3,Leeds,2026-02-03,S2,no, Door locked ,yes,yes,,yes
V4,Leeds,2026-02-25,S2,yes,,no,no, late ,no
V0,York,2026-01-20,S2,yes,,no,yes,,no
V5,York,2026-02-10,S1,yes,,N/A,no,,yes
V6,York,2026-02-12,S2,yes,,N/A,N/A,,
V7,York,2026-02-15,S1,no,,no,yes,,no
"""


class FollowUp(Files, unittest.TestCase):
    def run_fu(self, rubric_text=FU_RUBRIC, min_visits=3, flags=None, **window):
        rubric = R.load_rubric(self.write("r.yaml", rubric_text))
        res = R.score_files(rubric, [("data.csv", self.write("data.csv", FU_DATA))], **window)
        return res, R.summary(rubric, res, min_visits, None, None, flags)

    def test_scores_as_worked(self):
        res, _ = self.run_fu()
        got = {v["visit_id"]: (v["score"], v["critical_failures"]) for v in res["listed"]}
        self.assertEqual(got, {"V1": (75.0, 0), "V2": (25.0, 0), "V3": (0.0, 1), "V4": (25.0, 0), "V0": (50.0, 0),
                               "V5": (100.0, 0), "V6": (100.0, 0), "V7": (0.0, 2)})

    def test_rules(self):
        _, s = self.run_fu()
        # the rubric's keys; shopper_margin its default 5
        self.assertEqual(s["follow_up"]["rules"], {
            "alert_below": 60.0, "action_failures": 2, "action_streak": 2, "shopper_margin": 5.0,
            "ladder": {"pass": 70.0, "steps": ["warning", "breach"], "reset": "2026-02"}})
        # flags override the rubric's keys one by one
        rubric = R.Programme.single(R.load_rubric(self.write("r.yaml", FU_RUBRIC)))
        r = R.followup_rules(rubric, {"alert_below": 10, "action_failures": 3, "shopper_margin": 0})
        self.assertEqual((r["alert_below"], r["action_failures"], r["action_streak"], r["shopper_margin"]),
                         (10.0, 3, 2, 0.0))
        # nothing set: the defaults K = 2, N = 3, margin 5, no alert_below, no ladder
        plain = R.Programme.single(R.load_rubric(self.write("p.yaml", RUBRIC)))
        self.assertEqual(R.followup_rules(plain), {"alert_below": None, "action_failures": 2, "action_streak": 3,
                                                   "shopper_margin": 5.0, "ladder": None})
        # --fail-on-breach needs a ladder: exit 2
        with self.assertRaises(SystemExit):
            R.check_followup(plain, {"fail_on_breach": True})
        R.check_followup(rubric, {"fail_on_breach": True})

    def test_alerts(self):
        _, s = self.run_fu()
        fu = s["follow_up"]
        self.assertEqual((fu["period"], fu["previous"]), ("2026-02", "2026-01"))
        # February's visits in input order: V2 25 < 60 (below only), V3 critical (q1, its comment
        # trimmed) and 0 < 60, V4 25 below, V5 and V6 100 not listed, V7 critical: q1 with no
        # comment, then s1 0 < its pass mark 30. January's V1 (75) and V0 (50 < 60) are not the
        # focus month's.
        got = [(a["visit_id"], a["score"], a["critical"], a["below"], a["failed"]) for a in fu["alerts"]]
        self.assertEqual(got, [
            ("V2", 25.0, False, True, []),
            ("V3", 0.0, True, True, [{"question": "q1", "comment": "Door locked"}]),
            ("V4", 25.0, False, True, []),
            ("V7", 0.0, True, True, [{"question": "q1", "comment": ""},
                                     {"section": "s1", "score": 0.0, "pass_mark": 30.0}]),
        ])
        self.assertEqual({k: fu["alerts"][1][k] for k in ("file", "line", "location", "date", "shopper")},
                         {"file": "data.csv", "line": 4, "location": "Leeds", "date": "2026-02-03", "shopper": "S2"})
        # with --alert-below 10 only the critical ones stay (25 >= 10)
        _, s = self.run_fu(flags={"alert_below": 10})
        self.assertEqual([(a["visit_id"], a["below"]) for a in s["follow_up"]["alerts"]], [("V3", True), ("V7", True)])

    def test_actions(self):
        _, s = self.run_fu()
        got = [{k: a[k] for k in ("location", "question", "rule", "failed", "scored", "in_a_row", "previous_pass_rate",
                                  "comments", "comments_total")} for a in s["follow_up"]["actions"]]
        # Leeds in February: V2, V3, V4; its dated visits by date: V1 01-10, V3 02-03, V2 02-05,
        # V4 02-25.
        #   q1: failed once (V3), the last answer (V4) passed: 1 < K, 0 < N: no action.
        #   q2: no, yes, no: failed 2 of 3, pass rate 100/3; the last two (V2, V4) failed, V3
        #       before them passed: in a row 2. Both rules. January's V1 yes: previous 100.
        #       Severity 3/4 x (100 - 33.3) = 50.
        #   q3: no, yes, no (comments rude, late): as q2; previous V1 no: 0. Severity
        #       1/4 x 66.7 = 16.7, after q2. Comments by date: rude (02-05), late (02-25).
        #   q4: a bonus question, never an action (failed by V2, V4).
        # York in February: V5, V6, V7; dated by date: V0 01-20, V5, V6, V7.
        #   q1: failed once (V7), in a row 1: no action.
        #   q2: scored only by V7 (no): failed 1 < K; in a row: V7 no, V6 and V5 N/A skipped,
        #       V0 no: 2 >= N: a streak. Pass rate 0, previous (V0 no) 0, severity 3/4 x 100 = 75.
        #   q3: V5 no, V6 N/A, V7 yes: failed 1, in a row 0: no action.
        self.assertEqual(got, [
            {"location": "Leeds", "question": "q2", "rule": "both", "failed": 2, "scored": 3, "in_a_row": 2,
             "previous_pass_rate": 100.0, "comments": [], "comments_total": 0},
            {"location": "Leeds", "question": "q3", "rule": "both", "failed": 2, "scored": 3, "in_a_row": 2,
             "previous_pass_rate": 0.0, "comments": ["rude", "late"], "comments_total": 2},
            {"location": "York", "question": "q2", "rule": "streak", "failed": 1, "scored": 1, "in_a_row": 2,
             "previous_pass_rate": 0.0, "comments": [], "comments_total": 0},
        ])
        acts = s["follow_up"]["actions"]
        for a, rate, sev in zip(acts, (100 / 3, 100 / 3, 0.0), (50.0, 100 / 6, 75.0)):
            self.assertAlmostEqual(a["pass_rate"], rate, places=9)
            self.assertAlmostEqual(a["severity"], sev, places=9)
            self.assertFalse(a["critical"])
        # K = 3 and N = 3 by the flags: Leeds q2/q3 fail 2 < 3, in a row 2 < 3; York q2 2 < 3
        _, s = self.run_fu(flags={"action_failures": 3, "action_streak": 3})
        self.assertEqual(s["follow_up"]["actions"], [])

    def test_ladder(self):
        # reset 2026-02, min_visits 1. Leeds: January 75 >= 70 passes (step 0); February resets,
        # then (25 + 0 + 25) / 3 = 16.7 < 70 fails: step 1 `warning`, streak 1. York: January 50
        # fails (step 1); February resets to 0, then (100 + 100 + 0) / 3 = 66.7 fails: step 1.
        _, s = self.run_fu(min_visits=1)
        lad = s["follow_up"]["ladder"]
        self.assertEqual((lad["pass"], lad["steps"], lad["reset"]), (70.0, ["warning", "breach"], "2026-02"))
        got = {x["location"]: (x["step"], x["step_name"], x["breach"], x["streak"],
                               [(p["period"], p["scored"], p["outcome"], p["reset"], p["step"]) for p in x["periods"]])
               for x in lad["locations"]}
        self.assertEqual(got, {
            "Leeds": (1, "warning", False, 1, [("2026-01", 1, "pass", False, 0), ("2026-02", 3, "fail", True, 1)]),
            "York": (1, "warning", False, 1, [("2026-01", 1, "fail", False, 1), ("2026-02", 3, "fail", True, 1)]),
        })
        self.assertAlmostEqual(lad["locations"][0]["periods"][1]["score"], 50 / 3, places=9)
        # no reset: York fails twice in a row: step 2 of 2 = the breach; --fail-on-breach fails
        # (1 location in breach), --fail-on-alert too (4 alerts).
        text = FU_RUBRIC.replace(", reset: 2026-02", "")
        _, s = self.run_fu(text, min_visits=1, flags={"fail_on_alert": True, "fail_on_breach": True})
        york = s["follow_up"]["ladder"]["locations"][1]
        self.assertEqual((york["step"], york["step_name"], york["breach"], york["streak"]), (2, "breach", True, 2))
        self.assertEqual([(g["gate"], g["value"], g["passed"]) for g in s["gates"]],
                         [("fail_on_alert", 4.0, False), ("fail_on_breach", 1.0, False)])
        # min_visits 3: January's single visits are too few (step unchanged at 0); February fails: 1
        _, s = self.run_fu(text, min_visits=3)
        for x in s["follow_up"]["ladder"]["locations"]:
            self.assertEqual([p["outcome"] for p in x["periods"]], ["too_few", "fail"])
            self.assertEqual(x["step"], 1)
        # the ladder's months include those read for comparison (--period 2026-02)
        _, s = self.run_fu(min_visits=1, period="2026-02")
        self.assertEqual([p["period"] for p in s["follow_up"]["ladder"]["locations"][1]["periods"]],
                         ["2026-01", "2026-02"])

    def test_shoppers(self):
        _, s = self.run_fu()
        sh = {x["shopper"]: x for x in s["follow_up"]["shoppers"]}
        # Groups (location, month) with other shoppers' visits: Leeds 02 (V2 S1 25, V3 S2 0,
        # V4 S2 25; sum 50) and York 02 (V5 S1 100, V6 S2 100, V7 S1 0; sum 200).
        #   V2: others (50 - 25) / 2 = 12.5, d = 12.5.  V3: others (50 - 25) / 1 = 25, d = -25.
        #   V4: d = 25 - 25 = 0.  V5: others (200 - 100) / 1 = 100, d = 0.
        #   V6: others (200 - 100) / 2 = 50, d = 50.  V7: d = 0 - 100 = -100.
        # S1: d = 12.5, 0, -100: mean -175/6 = -29.17; squares of (d - mean) = (250/6)^2 +
        #     (175/6)^2 + (425/6)^2 = 273750/36 = 7604.17, var 3802.08, sqrt(var/3) = 35.600,
        #     t(2) = 4.3027: half 153.17 -> [-29.17 - 153.17, -29.17 + 153.17] = [-182.34, 124.01]:
        #     no lean.
        # S2: d = -25, 0, 50: mean 25/3 = 8.33; squares 2916.67, var 1458.33, sqrt(var/3) = 22.048,
        #     half 94.87 -> [-86.53, 103.20]: no lean.
        self.assertEqual((sh["S1"]["visits"], sh["S1"]["scored"], sh["S1"]["mean"]), (4, 4, 50.0))  # 75 25 100 0
        self.assertEqual((sh["S2"]["visits"], sh["S2"]["mean"]), (4, 43.75))  # 0 25 50 100
        self.assertEqual((sh["S1"]["compared"], sh["S2"]["compared"]), (3, 3))
        self.assertAlmostEqual(sh["S1"]["deviation"], -175 / 6, places=9)
        self.assertAlmostEqual(sh["S2"]["deviation"], 25 / 3, places=9)
        for name, lo, hi in (("S1", -182.34, 124.01), ("S2", -86.53, 103.20)):
            self.assertAlmostEqual(sh[name]["ci95"][0].value, lo, delta=0.05)
            self.assertAlmostEqual(sh[name]["ci95"][1].value, hi, delta=0.05)
            self.assertIsNone(sh[name]["lean"])
        self.assertEqual((sh["S1"]["issues"], sh["S2"]["issues"]), (0, 1))  # V6's blank q4
        self.assertNotIn("disputed", sh["S1"])  # only with --corrections

    def test_lean(self):
        # A 80 and B 70 at Leeds in January, A 90 and B 80 in February: d_A = 10, 10 (spread 0,
        # interval [10, 10]), d_B = -10, -10. Margin 5: A lenient (10 > 0, 10 >= 5), B severe.
        # Margin 10: the deviation sits on it (not judged, reading `lenient`); margin 12: none.
        vs = [{"score": x, "shopper": sh, "location": "Leeds", "period": p, "visit_id": sh + p}
              for sh, x, p in (("A", 80.0, "2026-01"), ("B", 70.0, "2026-01"), ("A", 90.0, "2026-02"),
                               ("B", 80.0, "2026-02"))]
        out = {x["shopper"]: x for x in R.followup_shoppers(vs, vs, [], 5.0, None)}
        self.assertEqual((out["A"]["deviation"], out["A"]["lean"], out["B"]["lean"]), (10.0, "lenient", "severe"))
        self.assertEqual([c.value for c in out["A"]["ci95"]], [10.0, 10.0])
        at = {x["shopper"]: x for x in R.followup_shoppers(vs, vs, [], 10.0, None)}
        self.assertIsInstance(at["A"]["lean"], R.Unsure)
        self.assertEqual(at["A"]["lean"].value, "lenient")
        self.assertIsNone(R.followup_shoppers(vs, vs, [], 12.0, None)[0]["lean"])
        # disputed: a corrections file naming B2026-01 (any row)
        out = {x["shopper"]: x for x in R.followup_shoppers(vs, vs, [], 5.0, {"B2026-01", "ZZ"})}
        self.assertEqual((out["A"]["disputed"], out["B"]["disputed"]), (0, 1))

    def test_funnel(self):
        _, s = self.run_fu()
        f = s["follow_up"]["funnel"]
        # February's scores 25, 0, 25, 100, 100, 0: m = 250/6 = 41.67; squares of (x - m):
        # 2 x 16.67^2 + 2 x 41.67^2 + 2 x 58.33^2 = 10833.3, / 5 = 2166.7, s = 46.547.
        # Leeds and York n = 3: s / sqrt(3) = 26.874; 95%: 1.959964 x 26.874 = 52.672 ->
        # [max(0, -11.0) = 0, 94.34]; 99.8%: 3.090232 x 26.874 = 83.047 -> [0, min(100, 124.7) = 100].
        # Leeds 16.67 and York 66.67 are inside both.
        self.assertEqual(f["period"], "2026-02")
        self.assertAlmostEqual(f["mean"], 250 / 6, places=9)
        self.assertAlmostEqual(f["sd"].value, 46.547, delta=0.001)
        self.assertEqual([(p["location"], p["n"]) for p in f["points"]], [("Leeds", 3), ("York", 3)])
        for p in f["points"]:
            self.assertEqual([x.value for x in p["limits95"]][0], 0.0)
            self.assertAlmostEqual(p["limits95"][1].value, 94.339, delta=0.001)
            self.assertEqual([x.value for x in p["limits998"]], [0.0, 100.0])
            self.assertIsNone(p["outside"])
        # January alone (V1 75, V0 50): two scored visits are enough; one is not
        _, s = self.run_fu(since="2026-01", until="2026-01")
        self.assertEqual(s["follow_up"]["funnel"]["mean"], 62.5)
        self.assertIsNone(R.followup_funnel([{"score": 50.0, "location": "Leeds"}], "2026-01"))

    def test_alert_order_with_versions(self):
        # v2 (from 2026-03-01) drops q2 and puts s2 first: the merged view is s2, s1 and q4, q1,
        # q3, then q2 (only in v1). V1 (February, v1) fails q1, q2, q3 (critical) and q4: s1 0/3
        # and s2 0/1 are both below their pass mark 50. Its failed list follows the merged
        # view: q1, q3, q2, then s2, s1.
        self.write("v1.yaml", """
            name: Shop
            sections:
              - id: s1
                pass_mark: 50
                questions:
                  - { id: q1, type: yes_no, critical: true }
                  - { id: q2, type: yes_no, critical: true }
                  - { id: q3, type: yes_no, critical: true }
              - id: s2
                pass_mark: 50
                questions: [{ id: q4, type: yes_no }]
            """)
        self.write("v2.yaml", """
            name: Shop
            effective_from: 2026-03-01
            sections:
              - id: s2
                pass_mark: 50
                questions: [{ id: q4, type: yes_no }]
              - id: s1
                pass_mark: 50
                questions:
                  - { id: q1, type: yes_no, critical: true }
                  - { id: q3, type: yes_no, critical: true }
            """)
        p = self.programme("v1.yaml", "v2.yaml")
        data = self.write("d.csv", "visit_id,location,date,q1,q2,q3,q4\nV1,Leeds,2026-02-10,no,no,no,no\n")
        res = R.score_files(p, [("d.csv", data)], period="2026-02")
        failed = R.summary(p, res)["follow_up"]["alerts"][0]["failed"]
        self.assertEqual([x.get("question") or x["section"] for x in failed], ["q1", "q3", "q2", "s2", "s1"])

    def test_defaults_always_written(self):
        rubric = R.load_rubric(self.write("r.yaml", RUBRIC))
        data = self.write("data.csv", "visit_id,location,date,q1,Q2 Scale\nA,Leeds,2026-01-05,no,3\n")
        fu = R.summary(rubric, R.score_files(rubric, [("data.csv", data)]))["follow_up"]
        self.assertEqual((fu["period"], fu["ladder"], fu["funnel"], fu["shoppers"]), ("2026-01", None, None, []))


if __name__ == "__main__":
    unittest.main()


class Levels(unittest.TestCase):
    """docs/scoring.md §18 on the shipped sample (samples/chain-levels.csv, scored by
    rubrics/chain-visit.yaml), its numbers worked by hand in Example 8 there."""

    def test_york_area_and_the_store_that_moved(self):
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        prog = R.Programme.single(R.load_rubric(os.path.join(root, "rubrics/chain-visit.yaml")))
        res = R.score_files(prog, [("chain.csv", os.path.join(root, "samples/chain-levels.csv"))])
        summ = R.summary(prog.latest, res)
        areas = {u["unit"]: u for u in summ["levels"][1]["units"]}
        york = areas["North / York area"]
        # October: Coney St 60 + 100 + 100, Harrogate 70 + 50 + 60, Kirkgate 50 + 60: 550 / 8;
        # September (Coney St, Harrogate) 330 / 6 = 55; 1 of 3 stores at 80 or more.
        self.assertEqual((york["rank"], york["visits"], york["score"]), (3, 8, 68.75))
        self.assertEqual((york["previous_score"], york["change"], york["trend"]), (55.0, 13.75, "improved"))
        self.assertEqual((york["on_target_locations"], york["scored_locations"], york["parent"]), (1, 3, "North"))
        self.assertEqual([x["location"] for x in york["locations"]], ["York Coney St", "Harrogate", "Leeds Kirkgate"])
        # Leeds area: Briggate 90 + 80 + 0, Headingley 80 + 0 + 70, Kirkgate's 70: 390 / 7.
        leeds = areas["North / Leeds area"]
        self.assertEqual((leeds["visits"], leeds["score"], leeds["critical_failure_visits"]), (7, 390 / 7, 2))
        moved = [i for i in res["issues"] if i["kind"] == "moved"]
        self.assertEqual([(i["line"], i["column"], i["value"]) for i in moved],
                         [(51, "Area", "North / Leeds area → North / York area")])


class YearToDate(Files, unittest.TestCase):
    """docs/scoring.md §19, Example 9: three yes/no questions of a point each."""

    RUBRIC = """
        name: Example nine
        fields: { visit_id: id, location: store, date: date, region: region }
        sections:
          - id: service
            questions:
              - { id: greeted, type: yes_no }
              - { id: listened, type: yes_no }
              - { id: thanked, type: yes_no }
        """
    DATA = """
        id,store,region,date,greeted,listened,thanked
        V1,Leeds,North,2025-02-10,yes,yes,no
        V2,Leeds,North,2025-03-05,yes,no,yes
        V3,York,North,2025-03-12,yes,no,no
        V4,Leeds,North,2025-11-20,no,no,no
        V5,Leeds,North,2026-01-15,yes,yes,yes
        V6,York,North,2026-01-20,yes,yes,no
        V7,Bath,South,2026-02-03,yes,no,no
        V8,Leeds,North,2026-03-04,yes,no,yes
        V9,York,North,2026-03-09,yes,yes,yes
        V10,York,North,2026-03-18,n/a,n/a,n/a
        """

    def ytd(self, data=DATA, **window):
        rubric = R.load_rubric(self.write("r.yaml", self.RUBRIC))
        res = R.score_files(rubric, [("data.csv", self.write("data.csv", data))], **window)
        return R.summary(rubric, res, 3).get("year_to_date")

    def test_example_eight(self):
        y = self.ytd()
        self.assertEqual((y["this_year"]["label"], y["last_year"]["label"]), ("Jan-Mar 2026", "Jan-Mar 2025"))
        self.assertEqual(y["last_year"]["months_with_visits"], ["2025-02", "2025-03"])
        loc = {x["location"]: x for x in y["locations"]}
        # Leeds: (100 + 66.67) / 2 = 83.33 against (66.67 + 66.67) / 2 = 66.67: +16.67
        self.assertAlmostEqual(loc["Leeds"]["this_year"]["score"], 250 / 3, places=9)
        self.assertAlmostEqual(loc["Leeds"]["change"], 50 / 3, places=9)
        # York: 3 visits, 2 scored (V10 all N/A): (66.67 + 100) / 2 against V3's 33.33: +50
        self.assertEqual((loc["York"]["this_year"]["visits"], loc["York"]["this_year"]["scored_visits"]), (3, 2))
        self.assertAlmostEqual(loc["York"]["change"], 50.0, places=9)
        # Bath: opened in 2026: new, no change
        self.assertEqual((loc["Bath"]["new"], loc["Bath"]["change"], loc["Bath"]["region"]), (True, None, "South"))
        reg = {x["region"]: x for x in y["regions"]}
        # North: 333.33 / 4 = 83.33 against 166.67 / 3 = 55.56: +27.78; South new
        self.assertAlmostEqual(reg["North"]["change"], 250 / 3 - 500 / 9, places=9)
        self.assertTrue(reg["South"]["new"])
        # Overall: 366.67 / 5 = 73.33 from 6 visits against 55.56 from 3: +17.78
        o = y["overall"]
        self.assertEqual((o["this_year"]["visits"], o["last_year"]["visits"]), (6, 3))
        self.assertAlmostEqual(o["change"], 220 / 3 - 500 / 9, places=9)

    def test_not_shown_without_last_years_months(self):
        # V1-V3 gone: November 2025 (V4) is read but is not in January to March 2025.
        data = "\n".join(l for l in textwrap.dedent(self.DATA).splitlines() if ",2025-0" not in l)
        self.assertIsNone(self.ytd(data))

    def test_a_compared_month_counts(self):
        # --period 2026-02: Jan-Feb 2026 against Jan-Feb 2025; Leeds V5 100 against V1 66.67
        y = self.ytd(period="2026-02")
        leeds = next(x for x in y["locations"] if x["location"] == "Leeds")
        self.assertAlmostEqual(leeds["change"], 100 / 3, places=9)
