#!/usr/bin/env python3
"""Independent reference implementation of the shopscore scoring contract (SCORING.md).

Written from the contract text alone (never from src/), so that the cross-check
(crosscheck.py) can catch mistakes in the Rust code.  Python 3.11 + PyYAML, stdlib otherwise.

Scope: valid rubrics only (rubric validation is not re-implemented), UTF-8 comma-delimited
CSV files as crosscheck.py writes them.

Usage as a script:
    python3 reference.py --rubric r.yaml data.csv [more.csv ...]     # prints JSON

Readings chosen where SCORING.md is silent:
  * cells are trimmed before anything else (answers, ids, location, region, date, comments);
  * N/A tokens are recognised before type parsing (so `n`, `no` are yes_no answers, `na` is N/A,
    `NaN` is an invalid number, `-` is N/A even for numbers);
  * numbers: optional sign, ASCII digits with optional fraction, optional exponent (`+5`, `.5`,
    `5.`, `2.5e0` are numbers; `1_0`, `0x10`, `3,5` are not); must be finite (`1e309`, `inf`: invalid);
  * dates: the trimmed cell parsed with Python's strptime and the rubric's date_format, so `%Y`
    needs four digits (`26-01-05` is a bad date, not year 26), `%m`/`%d` take one or two digits,
    and nothing may follow the date (`2026-01-05 10:30` is a bad date);
  * a date more than a year after the run date (`today`, SOURCE_DATE_EPOCH's day for the binary)
    is a bad date, period `unknown`: the same day a year later is still in (29 February gives
    28 February of the next year); without a run date every date that parses is in;
  * scale: v is valid when it is within 1e-9 of some grid value min + k*step in [min, max];
    f is computed from the value as written: (v - min) / (max - min), clamped to [0, 1];
  * multi: empty pieces (`a;`, `a;;b`, `;a`) are skipped; an answer with no label at all
    (`;`) is invalid;
  * zero_section: the section earns 0 (bonus included) -> its score is 0;
  * pass marks are checked on the section score after critical-question zeroing and capping;
    a section below its pass mark with zero_section is zeroed too; zero_visit zeroes the visit
    when there is any critical failure (question or pass mark);
  * an empty line in the CSV is not a record (skipped, as most CSV readers do), but it is still
    a physical line: the records after it start further down;
  * rows with the wrong field count or a blank visit id give only their whole-row issue and do
    not take part in duplicate detection;
  * duplicate ids are compared exactly after trimming;
  * a window of periods (`--since`, `--until`, `--period`, which reads up to its month):
    a visit of a month outside it is not listed and its issues are not reported (it is not
    this run's to check), except one dated after `--period`, which is an `outside_period`
    issue on its date; a visit of a month before `--period` only feeds the per-period
    scores; none of these takes part in duplicate detection. In such a bounded run a visit
    whose date is bad (period `unknown`) cannot be placed in the window: it is not scored,
    not listed, not in duplicate detection, and its only issue is its `bad_date`.
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import math
import re
import sys
from typing import Any

import yaml

NA_TOKENS = {"n/a", "na", "-"}
YES_TOKENS = {"yes", "y", "true", "1"}
NO_TOKENS = {"no", "n", "false", "0"}
FIELD_KEYS = ("visit_id", "location", "date", "region", "shopper", "channel")
KINDS = (
    "missing_answer",
    "invalid_answer",
    "na_not_allowed",
    "missing_comment",
    "bad_date",
    "missing_location",
    "duplicate_visit_id",
    "wrong_field_count",
    "no_visit_id",
    "outside_period",
)
TOL = 1e-9
NUM_RE = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")  # ASCII digits only


# ----------------------------------------------------------------------------- rubric


def _yes_no_expected(v: Any) -> bool:
    """True when the expected answer is `yes`. PyYAML reads unquoted yes/no as booleans."""
    if v is None:
        return True
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in YES_TOKENS:
        return True
    if s in NO_TOKENS:
        return False
    raise ValueError(f"bad expected: {v!r}")


def _label(k: Any) -> str:
    # YAML 1.1 (PyYAML) may turn unquoted labels such as `Yes` into booleans; keep the text.
    if isinstance(k, bool):
        return "true" if k else "false"
    return str(k).strip().lower()


class Question:
    def __init__(self, d: dict, section: "Section"):
        self.id = str(d["id"])
        self.section = section
        self.column = str(d.get("column", self.id)).strip()
        self.type = d.get("type", "yes_no")
        self.points = float(d.get("points", 1))
        self.na = bool(d.get("na", True))
        self.critical = bool(d.get("critical", False))
        self.bonus = bool(d.get("bonus", False))
        c = d.get("comment")
        self.comment = None if c is None else str(c).strip()
        self.comment_required = bool(d.get("comment_required_on_fail", False))
        if self.type == "yes_no":
            self.expected_yes = _yes_no_expected(d.get("expected"))
        elif self.type == "scale":
            self.min = float(d.get("min", 1))
            self.max = float(d.get("max", 5))
            self.step = float(d.get("step", 1))
        elif self.type in ("choice", "multi"):
            self.options = {_label(k): float(v) for k, v in d["options"].items()}
        elif self.type == "number":
            self.bands = [
                (
                    None if b.get("min") is None else float(b["min"]),
                    None if b.get("max") is None else float(b["max"]),
                    float(b["score"]),
                )
                for b in d["bands"]
            ]
        else:
            raise ValueError(f"unknown type {self.type!r}")

    def fraction(self, s: str) -> float | None:
        """Fraction for a trimmed, non-blank, non-N/A answer; None when invalid."""
        t = self.type
        if t == "yes_no":
            low = s.lower()
            if low in YES_TOKENS:
                return 1.0 if self.expected_yes else 0.0
            if low in NO_TOKENS:
                return 0.0 if self.expected_yes else 1.0
            return None
        if t in ("choice",):
            return self.options.get(s.lower())
        if t == "multi":
            chosen = []
            for piece in s.split(";"):
                p = piece.strip().lower()
                if not p:
                    continue  # `A;` or `A;;B`: an empty piece is no label at all
                if p not in self.options:
                    return None
                if p not in chosen:
                    chosen.append(p)
            if not chosen:
                return None
            return min(1.0, sum(self.options[p] for p in chosen))
        v = parse_number(s)
        if v is None:
            return None
        if t == "scale":
            if v < self.min - TOL or v > self.max + TOL:
                return None
            k = round((v - self.min) / self.step)
            if abs(v - (self.min + k * self.step)) > TOL:
                return None
            f = (v - self.min) / (self.max - self.min)
            return min(1.0, max(0.0, f))
        if t == "number":
            for lo, hi, score in self.bands:
                if (lo is None or v >= lo) and (hi is None or v <= hi):
                    return score
            return None
        raise AssertionError(t)


class Section:
    def __init__(self, d: dict):
        self.id = str(d["id"])
        self.weight = None if d.get("weight") is None else float(d["weight"])
        self.pass_mark = None if d.get("pass_mark") is None else float(d["pass_mark"])
        self.questions = [Question(q, self) for q in d["questions"]]


class Rubric:
    def __init__(self, d: dict):
        self.name = d.get("name")
        self.critical_effect = d.get("critical_effect", "zero_visit")
        assert self.critical_effect in ("zero_visit", "zero_section", "flag"), self.critical_effect
        self.bonus_cap = bool(d.get("bonus_cap", True))
        self.date_format = str(d.get("date_format", "%Y-%m-%d"))
        self.grades = sorted(
            ((str(g["name"]), float(g["min"])) for g in (d.get("grades") or [])),
            key=lambda g: -g[1],
        )
        fields = d.get("fields") or {}
        self.fields = {k: str(fields.get(k, k)).strip() for k in FIELD_KEYS}
        self.sections = [Section(s) for s in d["sections"]]
        self.weighted = any(s.weight is not None for s in self.sections)
        self.questions = [q for s in self.sections for q in s.questions]

    def grade(self, score: float | None) -> str | None:
        if score is None:
            return None
        for name, mn in self.grades:
            if score >= mn:
                return name
        return None


def load_rubric(path: str) -> Rubric:
    with open(path, encoding="utf-8") as fh:
        return Rubric(yaml.safe_load(fh))


# ----------------------------------------------------------------------------- parsing helpers


def parse_number(s: str) -> float | None:
    if not NUM_RE.match(s):
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def horizon(today: _dt.date) -> _dt.date:
    """The latest date accepted on a run dated `today`: the same day a year later."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def parse_period(s: str, fmt: str, today: _dt.date | None = None) -> str | None:
    """YYYY-MM of the date, or None when the (trimmed) text does not parse with fmt or is
    more than a year after `today`."""
    if not s:
        return None
    try:
        d = _dt.datetime.strptime(s, fmt)
    except ValueError:
        return None
    if today is not None and d.date() > horizon(today):
        return None
    return f"{d.year:04d}-{d.month:02d}"


def read_records(path: str):
    """Yields (line, fields) with the 1-based physical line where each record starts."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        start = 1
        for rec in reader:
            line = start
            start = reader.line_num + 1
            yield line, rec


# ----------------------------------------------------------------------------- scoring


def _cap(rubric: Rubric, s: float | None) -> float | None:
    if s is None:
        return None
    return min(s, 100.0) if rubric.bonus_cap else s


def score_visit(rubric: Rubric, answers: dict[str, tuple[str, float | None]]):
    """answers: question id -> (state, f) with state in scored/na/missing/invalid.

    Returns (visit score, {section id: score}, critical failure count)."""
    effect = rubric.critical_effect
    crit = 0
    sec_scores: dict[str, float | None] = {}
    sec_earned: dict[str, float] = {}
    sec_possible: dict[str, float] = {}
    for sec in rubric.sections:
        earned = possible = 0.0
        crit_here = 0
        for q in sec.questions:
            state, f = answers[q.id]
            if state != "scored":
                continue
            earned += f * q.points
            if not q.bonus:
                possible += q.points
            if q.critical and f < 1:
                crit_here += 1
        if effect == "zero_section" and crit_here:
            earned = 0.0
        score = _cap(rubric, 100.0 * earned / possible) if possible > 0 else None
        if sec.pass_mark is not None and score is not None and score < sec.pass_mark:
            crit_here += 1
            if effect == "zero_section":
                earned = 0.0
                score = 0.0
        crit += crit_here
        sec_scores[sec.id] = score
        sec_earned[sec.id] = earned
        sec_possible[sec.id] = possible

    if rubric.weighted:
        pairs = [(s.weight, sec_scores[s.id]) for s in rubric.sections if sec_scores[s.id] is not None]
        wsum = sum(w for w, _ in pairs)
        visit = _cap(rubric, sum(w * s for w, s in pairs) / wsum) if pairs and wsum > 0 else None
    else:
        possible = sum(sec_possible.values())
        earned = sum(sec_earned.values())
        visit = _cap(rubric, 100.0 * earned / possible) if possible > 0 else None
    if effect == "zero_visit" and crit and visit is not None:
        visit = 0.0
    return visit, sec_scores, crit


def classify(q, s: str) -> tuple[str, float | None]:
    """One trimmed answer cell: ("missing"|"na"|"invalid"|"scored", fraction or None)."""
    if not s:
        return ("missing", None)
    if s.lower() in NA_TOKENS:
        return ("na", None) if q.na else ("invalid", None)
    f = q.fraction(s)
    return ("invalid", None) if f is None else ("scored", f)


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def score_files(
    rubric: Rubric,
    files: list[tuple[str, str]],
    today: _dt.date | None = None,
    since: str | None = None,
    until: str | None = None,
    period: str | None = None,
) -> dict:
    """files: list of (name as reported, path); today: the run date (see parse_period);
    since / until / period: the run's window of months (`YYYY-MM`, see the docstring).
    Returns visits, issues and aggregates."""
    if period is not None:
        until = period
    bounded = since is not None or until is not None
    visits: list[dict] = []
    compared: list[dict] = []  # months before --period: per-period scores only
    issues: list[dict] = []
    seen_ids: dict[str, tuple[str, int]] = {}
    q_fracs: dict[str, list[float]] = {q.id: [] for q in rubric.questions}
    F = rubric.fields

    def issue(fname, line, vid, column, value, kind, where=("", "")):
        """where: the (location, shopper) of the visit the issue is on; blank for a row
        that is not a visit."""
        issues.append(
            {
                "file": fname,
                "line": line,
                "visit_id": vid,
                "location": where[0],
                "shopper": where[1],
                "column": column,
                "value": value,
                "kind": kind,
            }
        )

    for fname, path in files:
        records = read_records(path)
        try:
            _, header = next(records)
        except StopIteration:
            continue
        header = [h.strip() for h in header]
        idx = {}
        for i, h in enumerate(header):
            idx.setdefault(h, i)
        for key in ("visit_id", "location", "date"):
            if F[key] not in idx:
                raise SystemExit(f"missing required column {F[key]!r}")
        for q in rubric.questions:
            if q.column not in idx:
                raise SystemExit(f"missing required column {q.column!r}")
            if q.comment_required and q.comment not in idx:
                raise SystemExit(f"missing required comment column {q.comment!r}")
        n = len(header)
        for line, rec in records:
            if not rec:
                # an empty line is not a record
                continue
            raw = ",".join(rec)
            if len(rec) != n:
                issue(fname, line, "", "", raw, "wrong_field_count")
                continue

            def cell(h):
                return rec[idx[h]].strip() if h in idx else ""

            vid = cell(F["visit_id"])
            if not vid:
                issue(fname, line, "", "", raw, "no_visit_id")
                continue
            location = cell(F["location"])
            where = (location, cell(F["shopper"]))
            date = cell(F["date"])
            vperiod = parse_period(date, rubric.date_format, today)
            if vperiod is None and bounded:
                issue(fname, line, vid, F["date"], date, "bad_date", where)  # cannot be placed: not scored
                continue
            if vperiod is not None and ((since and vperiod < since) or (until and vperiod > until)):
                if period is not None and vperiod > period:
                    issue(fname, line, vid, F["date"], date, "outside_period", where)
                continue
            compare_only = period is not None and vperiod is not None and vperiod < period
            if compare_only:
                answers = {q.id: classify(q, cell(q.column)) for q in rubric.questions}
                score, _, _ = score_visit(rubric, answers)
                compared.append({"period": vperiod, "score": score})
                continue
            if vid in seen_ids:
                issue(fname, line, vid, F["visit_id"], vid, "duplicate_visit_id", where)
            else:
                seen_ids[vid] = (fname, line)
            if not location:
                issue(fname, line, vid, F["location"], "", "missing_location", where)
            if vperiod is None:
                issue(fname, line, vid, F["date"], date, "bad_date", where)
                vperiod = "unknown"
            region = cell(F["region"])

            answers: dict[str, tuple[str, float | None]] = {}
            for q in rubric.questions:
                s = cell(q.column)
                answers[q.id] = a = classify(q, s)
                if a[0] == "missing":
                    issue(fname, line, vid, q.column, s, "missing_answer", where)
                elif a[0] == "invalid":
                    kind = "na_not_allowed" if s.lower() in NA_TOKENS else "invalid_answer"
                    issue(fname, line, vid, q.column, s, kind, where)
                elif a[0] == "scored":
                    f = a[1]
                    q_fracs[q.id].append(f)
                    if f < 1 and q.comment_required and not cell(q.comment):
                        issue(fname, line, vid, q.comment, "", "missing_comment", where)

            score, secs, crit = score_visit(rubric, answers)
            visits.append(
                {
                    "file": fname,
                    "line": line,
                    "visit_id": vid,
                    "location": location,
                    "region": region,
                    "period": vperiod,
                    "score": score,
                    "grade": rubric.grade(score),
                    "critical_failures": crit,
                    "sections": secs,
                    "answers": answers,
                }
            )

    by_loc: dict[str, list] = {}
    by_period: dict[str, list] = {}
    for v in compared:
        by_period.setdefault(v["period"], []).append(v)
    for v in visits:
        by_loc.setdefault(v["location"], []).append(v)
        by_period.setdefault(v["period"], []).append(v)

    def group_score(vs):
        return _mean([v["score"] for v in vs if v["score"] is not None])

    aggregates = {
        "overall": group_score(visits),
        "locations": {k: group_score(vs) for k, vs in by_loc.items()},
        "periods": {k: group_score(vs) for k, vs in by_period.items()},
        "sections": {
            s.id: _mean([v["sections"][s.id] for v in visits if v["sections"][s.id] is not None])
            for s in rubric.sections
        },
        "questions": {
            qid: (None if not fs else 100.0 * sum(fs) / len(fs)) for qid, fs in q_fracs.items()
        },
    }
    by_kind = {k: 0 for k in KINDS}
    for i in issues:
        by_kind[i["kind"]] += 1
    for v in visits:
        del v["answers"]
    return {"visits": visits, "issues": issues, "issues_by_kind": by_kind, "aggregates": aggregates}


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rubric", required=True)
    ap.add_argument("--today", type=_dt.date.fromisoformat, help="the run date, YYYY-MM-DD")
    ap.add_argument("--since", help="YYYY-MM")
    ap.add_argument("--until", help="YYYY-MM")
    ap.add_argument("--period", help="YYYY-MM")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    rubric = load_rubric(a.rubric)
    res = score_files(rubric, [(f, f) for f in a.files], a.today, a.since, a.until, a.period)
    json.dump(res, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
