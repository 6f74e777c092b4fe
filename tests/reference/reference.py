#!/usr/bin/env python3
"""Independent reference implementation of the shopscore scoring contract (SCORING.md).

Written from the contract text (never translated from src/), so that the cross-check
(crosscheck.py) can catch mistakes in the Rust code. Where SCORING.md and the docs leave
what a field means open, src/ was read for the meaning only, and a comment says so (the
raw text's line ends, a wrong-field-count row's visit id, `outside_periods`, a comparison
group absent from a month).  Python 3.11 + PyYAML, stdlib otherwise.

Scope: valid rubrics only (rubric validation is not re-implemented), UTF-8 comma-delimited
CSV files as crosscheck.py writes them.

Usage as a script:
    python3 reference.py --rubric r.yaml data.csv [more.csv ...]     # prints summary.json's figures

score_files() gives each visit's row, each issue and the per-file counts; summary() builds
every figure of summary.json from them (see its section below for the sources of each rule:
SCORING.md, and where it is silent docs/scoring.md, docs/reports.md and docs/cli.md).

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
  * rubric versions (SCORING.md §7, load_programme): every version's required columns must be
    in the file; a visit of the window's own months dated before the first `effective_from`
    is a `no_version` issue on its date and is not scored, listed or checked for duplicates
    (one of a month only read to compare with counts as read for comparison, its issues
    unlisted like every such visit's); `fields.version_date` is not covered here.
"""
from __future__ import annotations

import copy
import csv
import datetime as _dt
import hashlib
import json
import math
import os
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
# Kinds of issue the reference never raises: they come from checks the cross-check's
# rubrics do not turn on (rotation, too_close, straight_lining, future_date), a time column
# it does not write (bad_time), or bytes and quoting it does not write (cell_too_long,
# invalid_utf8, swallowed_rows). summary.json counts them all; here they must stay 0.
NEVER_KINDS = (
    "bad_time",
    "cell_too_long",
    "invalid_utf8",
    "rotation",
    "straight_lining",
    "swallowed_rows",
    "too_close",
    "future_date",
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
        self.text = str(d.get("text", self.id))
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
        self.title = str(d.get("title", self.id))
        self.questions = [Question(q, self) for q in d["questions"]]


class Rubric:
    def __init__(self, d: dict):
        self.raw = d
        self.versions: list[dict] = []  # SCORING.md §7: empty for one rubric file
        self.name = d.get("name")
        self.version = None if d.get("version") is None else str(d["version"])
        self.target = None if d.get("target") is None else float(d["target"])
        self.steady_within = float(d.get("steady_within", 2))
        # Grade bands as written (summary.json counts visits per band in rubric order).
        self.grades_listed = [(str(g["name"]), float(g["min"])) for g in (d.get("grades") or [])]
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


def _day(v) -> _dt.date | None:
    """An `effective_from`: YAML reads `2026-01-15` as a date; text is read as YYYY-MM-DD."""
    if v is None or isinstance(v, _dt.date):
        return v
    return _dt.datetime.strptime(str(v), "%Y-%m-%d").date()


def load_programme(paths: list[str]) -> Rubric:
    """SCORING.md §7: one file is one rubric; several are the versions of one programme,
    sorted by `effective_from` (the one without it first), merged into one view whose
    sections and questions are the union by id: the latest version's in its order, then the
    ids only in earlier versions, newest version first, each in its own order. The view's
    own figures (name, version, target, grades, weighted) are the latest version's (the
    issue 16 spec: `rubric` describes the latest version)."""
    if len(paths) == 1:
        return load_rubric(paths[0])
    versions = []
    for p in paths:
        with open(p, "rb") as fh:
            b = fh.read()
        d = yaml.safe_load(b.decode("utf-8"))
        r = Rubric(d)
        label = str(d["version"]) if d.get("version") is not None else os.path.basename(p)
        versions.append({"label": label, "file": os.path.basename(p), "sha256": hashlib.sha256(b).hexdigest(),
                         "from": _day(d.get("effective_from")), "rubric": r})
    versions.sort(key=lambda v: (v["from"] is not None, v["from"] or _dt.date.min))
    latest = versions[-1]["rubric"]
    view = copy.copy(latest)
    view.sections, view.questions = [], []
    seen_s, seen_q = set(), set()
    for v in reversed(versions):
        for sec in v["rubric"].sections:
            if sec.id not in seen_s:
                seen_s.add(sec.id)
                view.sections.append(sec)
    for v in reversed(versions):
        for q in v["rubric"].questions:
            if q.id not in seen_q:
                seen_q.add(q.id)
                view.questions.append(q)
    view.versions = versions
    return view


def choose_version(rubric: Rubric, day: _dt.date | None) -> int | None:
    """SCORING.md §7: the version with the latest effective_from on or before the day; an
    undated visit, the latest; None before the first version's effective_from."""
    vs = rubric.versions
    if day is None:
        return len(vs) - 1
    if vs[0]["from"] is not None and day < vs[0]["from"]:
        return None
    return max(i for i, v in enumerate(vs) if v["from"] is None or v["from"] <= day)


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


def parse_day(s: str, fmt: str, today: _dt.date | None = None) -> _dt.date | None:
    """The date itself, as parse_period reads it."""
    if not s:
        return None
    try:
        d = _dt.datetime.strptime(s, fmt).date()
    except ValueError:
        return None
    return None if today is not None and d > horizon(today) else d


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
    """Yields (line, fields, raw) with the 1-based physical line where each record starts
    and the record's text as it stands in the file, without its last line end.

    raw: SCORING.md §5 lists an unreadable row "with its raw text". It does not say how
    line ends inside it are written; the binary writes every line break as `\n`
    (src/ingest/crlf.rs was read for it), which changes nothing a reader of the issue
    needs, so raw here has `\r\n` and a lone `\r` as `\n` too."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = list(fh)  # split on \n, \r\n and \r, line ends kept
    reader = csv.reader(lines)
    start = 1
    for rec in reader:
        line = start
        start = reader.line_num + 1
        text = "".join(lines[line - 1 : reader.line_num])
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        yield line, rec, text.removesuffix("\n")


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
    compared: list[dict] = []  # every aggregated visit, in input order: the window's and those
    # of the months before --period (which only feed the per-period groups)
    issues: list[dict] = []
    seen_ids: dict[str, tuple[str, int]] = {}
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

    inputs: list[dict] = []
    for fname, path in files:
        # Per file (summary.json `inputs`): records after the header, visits scored in the
        # window, visits left out by the window (`--since`/`--until`, and those dated after
        # `--period`), visits read only for comparison, undated visits of a bounded run.
        # SCORING.md does not define these counts; their meaning is the one docs/reports.md
        # gives, and where it is unclear (is a visit after `--period` "outside"?) src/run.rs
        # was read to learn what the field means (yes, it is).
        counts = {"file": fname, "delimiter": ",", "rows": 0, "visits": 0, "outside_periods": 0, "read_for_comparison": 0,
                  "undated": 0}
        inputs.append(counts)
        records = read_records(path)
        try:
            _, header, _ = next(records)
        except StopIteration:
            continue
        header = [h.strip() for h in header]
        idx = {}
        for i, h in enumerate(header):
            idx.setdefault(h, i)
        for key in ("visit_id", "location", "date"):
            if F[key] not in idx:
                raise SystemExit(f"missing required column {F[key]!r}")
        # SCORING.md §7 (issue 16 spec): a file holds every column of every version.
        for q in [q for r in [rubric] + [v["rubric"] for v in rubric.versions] for q in r.questions]:
            if q.column not in idx:
                raise SystemExit(f"missing required column {q.column!r}")
            if q.comment_required and q.comment not in idx:
                raise SystemExit(f"missing required comment column {q.comment!r}")
        n = len(header)
        for line, rec, raw in records:
            if not rec:
                # an empty line is not a record
                continue
            counts["rows"] += 1
            if len(rec) != n:
                # The visit id of a row that cannot be read as a visit: SCORING.md §5 gives
                # every issue its visit id, and does not say what a row with the wrong field
                # count has; the binary gives the id cell when the row reaches that column.
                i_id = idx[F["visit_id"]]
                issue(fname, line, rec[i_id].strip() if i_id < len(rec) else "", "", raw, "wrong_field_count")
                continue

            def cell(h):
                return rec[idx[h]].strip() if h in idx else ""

            def as_read(h):
                # SCORING.md §5: an issue holds "the value as read". For an answer that is
                # the cell untrimmed; for the visit's own fields (id, location, date) and a
                # comment, the value as the visit holds it, trimmed (§2 trims every cell
                # first). The contract does not settle which; this is what the binary does.
                return rec[idx[h]] if h in idx else ""

            vid = cell(F["visit_id"])
            if not vid:
                issue(fname, line, "", "", raw, "no_visit_id")
                continue
            location = cell(F["location"])
            where = (location, cell(F["shopper"]))
            date = cell(F["date"])
            vperiod = parse_period(date, rubric.date_format, today)
            if vperiod is None and bounded:
                counts["undated"] += 1
                issue(fname, line, vid, F["date"], date, "bad_date", where)  # cannot be placed: not scored
                continue
            if vperiod is not None and ((since and vperiod < since) or (until and vperiod > until)):
                counts["outside_periods"] += 1
                if period is not None and vperiod > period:
                    issue(fname, line, vid, F["date"], date, "outside_period", where)
                continue
            region = cell(F["region"])
            detail = {"location": location, "region": region, "shopper": cell(F["shopper"]),
                      "channel": cell(F["channel"]), "period": vperiod}
            compare_only = period is not None and vperiod is not None and vperiod < period
            # SCORING.md §7: the version in force on the visit's date reads and scores it.
            own, ver = rubric, None
            if rubric.versions:
                ver = choose_version(rubric, parse_day(date, rubric.date_format, today))
                if ver is None:
                    if compare_only:
                        counts["read_for_comparison"] += 1
                    else:
                        issue(fname, line, vid, F["date"], date, "no_version", where)
                    continue
                own = rubric.versions[ver]["rubric"]
                detail["version"], detail["vi"] = rubric.versions[ver]["label"], ver

            def in_view(answers, secs):
                """A question or section the visit's version lacks is not asked: it counts nowhere."""
                answers = {q.id: answers.get(q.id, ("not_asked", None)) for q in rubric.questions}
                return answers, {sec.id: secs.get(sec.id) for sec in rubric.sections}

            if compare_only:
                counts["read_for_comparison"] += 1
                answers = {q.id: classify(q, cell(q.column)) for q in own.questions}
                score, secs, crit = score_visit(own, answers)
                answers, secs = in_view(answers, secs)
                compared.append({**detail, "score": score, "sections": secs, "critical_failures": crit,
                                 "answers": answers, "window": False,
                                 "cells": {q.id: cell(q.column) for q in own.questions}})
                continue
            counts["visits"] += 1
            if vid in seen_ids:
                issue(fname, line, vid, F["visit_id"], vid, "duplicate_visit_id", where)
            else:
                seen_ids[vid] = (fname, line)
            if not location:
                issue(fname, line, vid, F["location"], location, "missing_location", where)
            if vperiod is None:
                issue(fname, line, vid, F["date"], date, "bad_date", where)
                vperiod = "unknown"
                detail["period"] = vperiod

            answers: dict[str, tuple[str, float | None]] = {}
            for q in own.questions:
                s = cell(q.column)
                answers[q.id] = a = classify(q, s)
                if a[0] == "missing":
                    issue(fname, line, vid, q.column, as_read(q.column), "missing_answer", where)
                elif a[0] == "invalid":
                    kind = "na_not_allowed" if s.lower() in NA_TOKENS else "invalid_answer"
                    issue(fname, line, vid, q.column, as_read(q.column), kind, where)
                elif a[0] == "scored":
                    f = a[1]
                    if f < 1 and q.comment_required and not cell(q.comment):
                        issue(fname, line, vid, q.comment, cell(q.comment),
                              "missing_comment", where)

            score, secs, crit = score_visit(own, answers)
            answers, secs = in_view(answers, secs)
            visit = {
                "file": fname,
                "line": line,
                "visit_id": vid,
                **detail,
                "score": score,
                "grade": rubric.grade(score),
                "critical_failures": crit,
                "sections": secs,
                "answers": answers,
                "window": True,
                "cells": {q.id: cell(q.column) for q in own.questions},
            }
            visits.append(visit)
            compared.append(visit)  # input order, for the region a location is first seen in

    by_kind = {k: 0 for k in sorted(KINDS + NEVER_KINDS)}
    for i in issues:
        by_kind[i["kind"]] = by_kind.get(i["kind"], 0) + 1  # no_version: listed when found (§7)
    if any(v["from"] is not None for v in rubric.versions):
        by_kind.setdefault("no_version", 0)  # listed in a run with rubric versions
    by_kind = dict(sorted(by_kind.items()))
    return {"visits": visits, "aggregated": compared, "issues": issues, "issues_by_kind": by_kind,
            "inputs": inputs, "period": period}


# ----------------------------------------------------------------------------- summary.json
#
# Every figure of summary.json, built from the scored visits by the rules of SCORING.md §4
# (groups, means, counts) and, where SCORING.md is silent, by the project's user-facing
# reference docs/scoring.md (§8 grades and target, §10 which visits each figure covers,
# §11 comparison, small samples and intervals), docs/reports.md (the summary.json fields) and
# docs/cli.md (gates). Where those leave a field's meaning open, the Rust code was read to
# learn what the field means (never to copy how it is computed), and a comment says so.


class Near:
    """An expected float compared within `tol` (absolute) instead of the default 1e-9."""

    def __init__(self, value: float, tol: float):
        self.value, self.tol = value, tol

    def __repr__(self):
        return f"{self.value!r} (within {self.tol:g})"


class Unsure:
    """A value too close to a decision edge (a grade band's min, the target, a gate's
    threshold, `steady_within`) for the two implementations' last-bit rounding to agree:
    not compared. `value` is the reference's reading, shown in a diff of its parent."""

    def __init__(self, value: Any, why: str):
        self.value, self.why = value, why

    def __repr__(self):
        return f"{self.value!r} (not compared: {self.why})"


class Known(Unsure):
    """A value where the binary is known to disagree with the contract or its docs: not
    compared, counted under `bug` (a key of crosscheck.KNOWN_BUGS) and reported at the end."""

    def __init__(self, value: Any, bug: str):
        super().__init__(value, f"known bug {bug}")
        self.bug = bug


def _near_edge(x: float | None, edges) -> bool:
    return x is not None and any(e is not None and abs(x - e) <= TOL for e in edges)


def t975(df: int) -> float:
    """Student's t 97.5% point for `df` degrees of freedom (docs/scoring.md §11), by
    bisection on the t distribution's CDF written with the regularized incomplete beta
    function: P(T <= t) = 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t^2), for t >= 0."""
    if df in _T975:
        return _T975[df]
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        x = df / (df + mid * mid)
        if 1 - _betainc(df / 2, 0.5, x) / 2 < 0.975:
            lo = mid
        else:
            hi = mid
    _T975[df] = (lo + hi) / 2
    return _T975[df]


_T975: dict[int, float] = {}


def _betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    ln_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x > (a + 1) / (a + b + 2):
        return 1.0 - _betainc(b, a, 1.0 - x)
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(0, 400):
        m = i // 2
        if i == 0:
            num = 1.0
        elif i % 2 == 0:
            num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + num * d
        d = tiny if abs(d) < tiny else d
        d = 1.0 / d
        c = 1.0 + num / c
        c = tiny if abs(c) < tiny else c
        f *= c * d
        if abs(1.0 - c * d) < 1e-15:
            break
    return math.exp(ln_front) * (f - 1.0) / a


Z975 = 1.959963984540054  # the standard normal's 97.5% point


def mean_ci95(scores: list[float]):
    """docs/scoring.md §11: mean +- t * s / sqrt(n), s the sample standard deviation, t the
    97.5% point for n - 1 degrees of freedom; kept within 0 to 100, or up to the mean when
    bonus points put the mean above 100; None below 2 scored visits.

    Compared within 1e-5 + 0.05% of the half-width: the docs ask for Student's t and do not
    say to how many digits, and a t table of three decimals (or a series beyond its end) is
    a fair reading of them; the half-width's relative error from it is below 0.025%. The
    1e-5 is for the spread of equal scores, 0 exactly here, a rounding error elsewhere."""
    n = len(scores)
    if n < 2:
        return None
    mean = sum(scores) / n
    var = sum((x - mean) ** 2 for x in scores) / (n - 1)
    half = t975(n - 1) * math.sqrt(var / n)
    lo = max(0.0, mean - half)
    hi = min(max(100.0, mean), mean + half)
    tol = 1e-5 + 0.0005 * half
    return [Near(lo, tol), Near(hi, tol)]


def wilson95(fracs: list[float]):
    """docs/scoring.md §11: the 95% Wilson interval of a pass rate, with the mean fraction
    as the proportion and the scored answers as n, in percent; None when nothing was scored.
    The interval is kept within 0 to 100."""
    n = len(fracs)
    if n == 0:
        return None
    p = min(1.0, max(0.0, sum(fracs) / n))
    z2 = Z975 * Z975
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z975 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return [Near(100 * max(0.0, centre - half), 1e-9), Near(100 * min(1.0, centre + half), 1e-9)]


class Group:
    """A group of visits (SCORING.md §4) and every figure summary.json gives for one."""

    def __init__(self, rubric: Rubric, visits: list[dict], min_visits: int):
        self.rubric, self.visits, self.min_visits = rubric, visits, min_visits
        self.scores = [v["score"] for v in visits if v["score"] is not None]
        self.n = len(self.scores)
        self.score = _mean(self.scores)

    def question(self, q: Question) -> dict:
        """SCORING.md §4: pass rate = 100 x mean f over scored answers, with the counts of
        scored, N/A, missing and invalid answers (`invalid` holds N/A where not allowed:
        it is an invalid answer, §2); `failed` (docs/scoring.md §6, §10): scored with f < 1,
        never for a bonus question."""
        states = [v["answers"][q.id] for v in self.visits]
        fracs = [f for st, f in states if st == "scored"]
        return {
            "fracs": fracs,
            "pass_rate": None if not fracs else 100.0 * (sum(fracs) / len(fracs)),
            "scored": len(fracs),
            "failed": 0 if q.bonus else sum(1 for f in fracs if f < 1),
            "na": sum(1 for st, _ in states if st == "na"),
            "missing": sum(1 for st, _ in states if st == "missing"),
            "invalid": sum(1 for st, _ in states if st == "invalid"),
        }

    def section(self, sid: str) -> tuple[float | None, int]:
        xs = [v["sections"][sid] for v in self.visits if v["sections"][sid] is not None]
        return _mean(xs), len(xs)

    def grade(self):
        g = self.rubric.grade(self.score)
        if _near_edge(self.score, [m for _, m in self.rubric.grades]):
            return Unsure(g, "score at a grade band's min")
        return g

    def on_target(self):
        """docs/scoring.md §8: on target when score >= target; null without a target or a score."""
        t = self.rubric.target
        if t is None or self.score is None:
            return None
        if _near_edge(self.score, [t]):
            return Unsure(self.score >= t, "score at the target")
        return self.score >= t

    def figures(self) -> dict:
        """The short figures (a `focus` block, an `unvisited` store's `previous`)."""
        return {
            "visits": len(self.visits),
            "scored_visits": self.n,
            "score": self.score,
            "small_sample": self.n < self.min_visits,
            "grade": self.grade(),
            "on_target": self.on_target(),
            "critical_failure_visits": sum(1 for v in self.visits if v["critical_failures"] > 0),
        }

    def view(self) -> dict:
        """A group's window figures (docs/reports.md: visits, scored_visits, score, ci95,
        small_sample, grade, on_target, critical_failure_visits, sections, grades)."""
        r = self.rubric
        d = self.figures()
        d["ci95"] = mean_ci95(self.scores)
        d["sections"] = [
            dict(zip(("section", "score", "n"), (s.id, *self.section(s.id)))) for s in r.sections
        ]
        # Visits per grade band in rubric order, then (only when there are any) the scored
        # visits below every band's min (docs/scoring.md §8, docs/reports.md). A visit's band
        # is the one with the highest min its score reaches. A group holding a visit whose
        # score sits on a band's min is not compared (last-bit rounding decides its band).
        scored = [v["score"] for v in self.visits if v["score"] is not None]
        grades = [{"grade": name, "visits": sum(1 for x in scored if r.grade(x) == name)} for name, _ in r.grades_listed]
        below = sum(1 for x in scored if r.grade(x) is None)
        if below:
            grades.append({"grade": None, "below_every_band": True, "visits": below})
        if any(_near_edge(x, [m for _, m in r.grades]) for x in scored):
            grades = Unsure(grades, "a visit score at a grade band's min")
        d["grades"] = grades
        return d


def _group_by(visits: list[dict], key) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for v in visits:
        out.setdefault(key(v), []).append(v)
    return dict(sorted(out.items()))


def _rank_key(item):
    """Best first: a score before none, higher before lower, then by name."""
    name, score = item
    return (score is None, -(score or 0.0), name)


def _trend(change: float | None, steady: float):
    """docs/scoring.md §11: improved above +steady_within, declined below -steady_within,
    steady within it (exactly steady_within is steady)."""
    if change is None:
        return None
    t = "improved" if change > steady else "declined" if change < -steady else "steady"
    if _near_edge(abs(change), [steady]):
        return Unsure(t, "change at steady_within")
    return t


def summary(
    rubric: Rubric,
    res: dict,
    min_visits: int = 3,
    steady_within: float | None = None,
    gates: dict | None = None,
) -> dict:
    """The summary.json the binary should write for `res` (score_files' result), as the
    same JSON shape. `gates`: fail_under, fail_location_under, max_issues (None when not
    asked) and strict (bool); min_visits is --min-visits."""
    gates = gates or {}
    steady = rubric.steady_within if steady_within is None else steady_within
    window = res["visits"]  # every scored visit of the run (the --period month alone)
    every = res["aggregated"]  # and the months read to compare with
    G = lambda vs: Group(rubric, vs, min_visits)  # noqa: E731
    overall = G(window)

    # docs/scoring.md §10: periods, location_periods and region_periods hold every month,
    # the comparison months of --period included; the other groups cover the window.
    periods = {p: G(vs) for p, vs in _group_by(every, lambda v: v["period"]).items()}
    loc_periods = {
        k: {p: G(x) for p, x in _group_by(vs, lambda v: v["period"]).items()}
        for k, vs in _group_by(every, lambda v: v["location"]).items()
    }
    reg_periods = {
        k: {p: G(x) for p, x in _group_by(vs, lambda v: v["period"]).items()}
        for k, vs in _group_by(every, lambda v: v["region"]).items()
    }
    locations = {k: G(vs) for k, vs in _group_by(window, lambda v: v["location"]).items()}
    regions = {k: G(vs) for k, vs in _group_by(window, lambda v: v["region"]).items()}
    shoppers = {k: G(vs) for k, vs in _group_by(window, lambda v: v["shopper"]).items()}
    channels = {k: G(vs) for k, vs in _group_by(window, lambda v: v["channel"]).items()}
    # docs/scoring.md §10: "A location is listed under the region its first visit gave"
    # (first in input order, a month read to compare with included).
    loc_region: dict[str, str] = {}
    for v in every:
        loc_region.setdefault(v["location"], v["region"])

    # docs/scoring.md §10-11: the focus month is --period, else the latest month with a
    # dated visit; the previous month is the latest dated month before it.
    dated = sorted(p for p in periods if p != "unknown")
    focus_p = res["period"] or (dated[-1] if dated else None)
    previous = max((p for p in dated if p < focus_p), default=None) if focus_p else None
    # docs/reports.md: `window` the dated months the totals cover (the --period month alone
    # with --period); undated_in_window: visits of no readable date the totals count;
    # split: the window holds more than the focus month (other months, or undated visits).
    win_months = [res["period"]] if res["period"] else dated
    undated_in = sum(1 for v in window if v["period"] == "unknown")
    split = bool(undated_in) or any(p != focus_p for p in win_months)

    def in_month(vs, p):
        xs = [v for v in vs if v["period"] == p]
        return G(xs) if xs else None

    def focus_block(g: Group | None, rank=None):
        if focus_p is None or g is None:
            return None
        d = {"period": focus_p, **g.figures()}
        if rank is not None:
            d["rank"] = rank
        return d

    stores = [k for k in set(locations) | set(loc_periods) if k != ""]
    # A location's focus-month group: its visits of the focus month (all in the window).
    focus_of = {k: (in_month([v for v in every if v["location"] == k], focus_p) if focus_p else None)
                for k in set(stores) | set(locations)}
    # Focus-month rank (docs/reports.md: "rank (locations: the place on focus-month
    # scores)"): the stores (docs/scoring.md §10: a blank location is never ranked) with a
    # focus-month score, best first, ties by name.
    focus_rank = {}
    ranked = sorted(
        ((k, g.score) for k, g in focus_of.items() if k != "" and g is not None and g.score is not None),
        key=_rank_key,
    )
    for i, (k, _) in enumerate(ranked):
        focus_rank[k] = i + 1

    # `locations`: ranked on the window's score, best first, ties by name, none last;
    # rank = place in that list (docs/reports.md). The blank location ranks like any other
    # group: see BLANK_LOCATION_RANKED in crosscheck.py.
    loc_list = []
    for i, (k, _) in enumerate(sorted(((k, g.score) for k, g in locations.items()), key=_rank_key)):
        g = locations[k]
        item = {"rank": i + 1, "location": k, "region": loc_region.get(k), **g.view()}
        item["focus"] = focus_block(focus_of.get(k), focus_rank.get(k))
        loc_list.append(item)

    # `unvisited`: every store with no visit in the focus month (docs/reports.md), in name
    # order (none of them has a focus-month score to rank on).
    unvisited = []
    if focus_p is not None:
        for k in sorted(k for k in stores if focus_of[k] is None):
            months = [p for p in loc_periods.get(k, {}) if p != "unknown"]
            prev = loc_periods.get(k, {}).get(previous) if previous else None
            unvisited.append({
                "location": k,
                "region": loc_region.get(k),
                "last_period": max(months) if months else None,
                "previous": None if prev is None else {"period": previous, **prev.figures()},
            })

    def keyed(name, groups, focus=False):
        out = []
        for k, g in groups.items():
            item = {name: k, **g.view()}
            if focus:
                item["focus"] = focus_block(in_month(g.visits, focus_p) if focus_p else None)
            out.append(item)
        return out

    def flat(name, m):
        return [{name: k, "period": p, **g.view()} for k, ps in m.items() for p, g in ps.items()]

    ov = overall.view()
    # docs/reports.md: focus is `null` when the group had no visit in the focus month.
    ov["focus"] = focus_block(in_month(window, focus_p) if focus_p else None)

    qstats = {q.id: overall.question(q) for q in rubric.questions}
    questions = []
    for q in rubric.questions:
        st = qstats[q.id]
        questions.append({
            "id": q.id, "section": q.section.id, "text": q.text, "type": q.type, "points": q.points,
            "critical": q.critical, "bonus": q.bonus, "pass_rate": st["pass_rate"],
            "pass_rate_ci95": wilson95(st["fracs"]),
            **{k: st[k] for k in ("scored", "failed", "na", "missing", "invalid")},
        })
    sections = []
    for s in rubric.sections:
        score, n = overall.section(s.id)
        sections.append({"id": s.id, "title": s.title, "weight": s.weight, "pass_mark": s.pass_mark,
                         "score": score, "n": n})

    # docs/scoring.md §11: the comparison, focus month against the previous one.
    comparison = None
    if focus_p is not None:
        now_o, before_o = periods.get(focus_p), periods.get(previous) if previous else None

        def small(now: Group | None, before: Group | None) -> bool:
            # "a group is a small sample when either month is". SCORING.md and the docs do
            # not say what a group absent from a month is; src/compare.rs was read for it:
            # absent from the focus month is small, absent from the previous month is not.
            return now is None or now.n < min_visits or (before is not None and before.n < min_visits)

        def change(now_v, before_v, is_small):
            d = None if now_v is None or before_v is None else now_v - before_v
            return {"latest": now_v, "previous": before_v, "change": d, "trend": _trend(d, steady),
                    "small_sample": is_small}

        def groups_change(m):
            out = []
            for k, ps in m.items():
                now, before = ps.get(focus_p), ps.get(previous) if previous else None
                out.append({"key": k, **change(now and now.score, before and before.score, small(now, before))})
            return out

        run_small = small(now_o, before_o)
        sec_cmp = [
            {"key": s.id, **change(now_o and now_o.section(s.id)[0], before_o and before_o.section(s.id)[0], run_small)}
            for s in rubric.sections
        ]
        q_cmp = [
            {"key": q.id, **change(now_o and now_o.question(q)["pass_rate"],
                                   before_o and before_o.question(q)["pass_rate"], run_small)}
            for q in rubric.questions
        ]
        loc_cmp = groups_change(loc_periods)
        # most_improved / most_declined: up to three locations each with the largest rise
        # (fall), small samples left out (docs/scoring.md §11).
        moved = [c for c in loc_cmp if c["change"] is not None and not c["small_sample"]]
        rising = sorted((c for c in moved if c["change"] > 0), key=lambda c: (-c["change"], c["key"]))
        falling = sorted((c for c in moved if c["change"] < 0), key=lambda c: (c["change"], c["key"]))

        def top3(xs):
            # The docs do not say how equal changes are ordered (or which of them the cut
            # at three keeps): with a tie among the first four, the list is not compared.
            if any(abs(a["change"] - b["change"]) <= TOL for a, b in zip(xs[:4], xs[1:4])):
                return Unsure(xs[:3], "equal changes: the order of ties is not specified")
            return xs[:3]

        rising, falling = top3(rising), top3(falling)
        comparison = {
            "latest_period": focus_p,
            "previous_period": previous,
            "steady_within": steady,
            "overall": change(now_o and now_o.score, before_o and before_o.score, run_small),
            "locations": loc_cmp,
            "regions": groups_change(reg_periods),
            "sections": sec_cmp,
            "questions": q_cmp,
            "most_improved": rising,
            "most_declined": falling,
        }

    if rubric.versions and comparison is not None:
        comparison["version_change"], like = like_for_like(rubric, every, focus_p, previous)
        if like is not None:
            comparison["like_for_like"] = like

    n_issues = len(res["issues"])
    gate_list = []
    # docs/cli.md, "gates": fail_under judges the window's overall score; fail_location_under
    # each location with at least --min-visits scored visits (value: the lowest judged score;
    # judged false when none is judged, and it passes); max_issues and strict the issue count.
    if gates.get("fail_under") is not None:
        t = gates["fail_under"]
        ok = overall.score is not None and overall.score >= t
        gate_list.append({"gate": "fail_under", "threshold": t, "value": overall.score,
                          "passed": Unsure(ok, "score at the threshold") if _near_edge(overall.score, [t]) else ok,
                          "judged": True})
    if gates.get("fail_location_under") is not None:
        t = gates["fail_location_under"]
        judged = [g.score for g in locations.values() if g.score is not None and g.n >= min_visits]
        ok = all(x >= t for x in judged)
        if any(_near_edge(x, [t]) for x in judged):
            ok = Unsure(ok, "a location's score at the threshold")
        gate_list.append({"gate": "fail_location_under", "threshold": t, "value": min(judged) if judged else None,
                          "passed": ok, "judged": bool(judged)})
    if gates.get("max_issues") is not None:
        t = gates["max_issues"]
        gate_list.append({"gate": "max_issues", "threshold": float(t), "value": float(n_issues),
                          "passed": n_issues <= t, "judged": True})
    if gates.get("strict"):
        gate_list.append({"gate": "strict", "threshold": 0.0, "value": float(n_issues), "passed": n_issues == 0,
                          "judged": True})

    doc = {
        "rubric": {"name": rubric.name, "version": rubric.version, "target": rubric.target,
                   "critical_effect": rubric.critical_effect, "weighted": rubric.weighted},
        "inputs": res["inputs"],
        "focus": None if focus_p is None else {
            "period": focus_p, "previous": previous, "window": win_months, "split": split,
            "undated_in_window": undated_in,
        },
        "overall": ov,
        "locations": loc_list,
        "unvisited": unvisited,
        "regions": keyed("region", regions, focus=True),
        "periods": keyed("period", periods),
        "location_periods": flat("location", loc_periods),
        "region_periods": flat("region", reg_periods),
        "shoppers": keyed("shopper", shoppers),
        "channels": keyed("channel", channels),
        "sections": sections,
        "questions": questions,
        "issues": {"total": n_issues, "by_problem": dict(res["issues_by_kind"])},
        "gates": gate_list,
        "small_sample_below": min_visits,
        "comparison": comparison,
    }
    if rubric.versions:
        # The issue 16 spec: every version, oldest first, with the days it is in force and
        # the window's visits it scored.
        vs = rubric.versions
        doc["versions"] = [
            {"label": v["label"], "file": v["file"], "sha256": v["sha256"],
             "effective_from": None if v["from"] is None else v["from"].isoformat(),
             "effective_until": None if i + 1 == len(vs) else (vs[i + 1]["from"] - _dt.timedelta(days=1)).isoformat(),
             "visits": sum(1 for x in window if x.get("vi") == i)}
            for i, v in enumerate(vs)
        ]
    return doc


def _shared(a: Question, b: Question) -> bool:
    """SCORING.md §7: a shared question has the same id and type, equal min/max/step, equal
    option labels and fractions, equal bands; nothing else (points, expected, na, critical,
    bonus: the focus version's apply)."""
    if a.type != b.type:
        return False
    if a.type == "yes_no":
        return True  # `expected` is not compared: the focus version reads the cell
    if a.type == "scale":
        return (a.min, a.max, a.step) == (b.min, b.max, b.step)
    if a.type in ("choice", "multi"):
        return a.options == b.options
    return a.bands == b.bands


def like_for_like(rubric: Rubric, every: list[dict], focus_p: str, previous: str | None):
    """SCORING.md §7: (version_change, like_for_like or None). The focus version is the
    latest among the focus month's; every visit of both months is scored by it restricted
    to the questions all their versions share (its points, its weights over the sections
    left), a section with none dropped; then groups are compared as in §4."""
    if previous is None:
        return False, None
    now = {v["vi"] for v in every if v["period"] == focus_p}
    before = {v["vi"] for v in every if v["period"] == previous}
    if not now or not before or len(now | before) < 2:
        return False, None  # scored by one version in all
    focus = rubric.versions[max(now)]["rubric"]
    others = [rubric.versions[i]["rubric"] for i in sorted(now | before)]
    shared = [q.id for q in focus.questions
              if all(any(p.id == q.id and _shared(q, p) for p in o.questions) for o in others)]
    d = copy.deepcopy(focus.raw)
    kept, dropped = [], []
    for sec in d["sections"]:
        qs = [q for q in sec["questions"] if str(q["id"]) in shared]
        if qs:
            sec["questions"] = qs
            kept.append(sec)
        else:
            dropped.append(str(sec["id"]))
    d["sections"] = kept
    restricted = Rubric(d) if kept else None
    sums: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for v in every:
        slot = 0 if v["period"] == focus_p else 1 if v["period"] == previous else None
        if slot is None:
            continue
        keys = (("overall", ""), ("location", v["location"]), ("region", v["region"]))
        for key in keys:  # every location and region with a visit in either month
            sums.setdefault(key, ([], []))
        if restricted is None:
            continue
        # Re-scored from its answer cells, as the restricted focus version reads them.
        answers = {q.id: classify(q, v["cells"].get(q.id, "")) for q in restricted.questions}
        score, _, _ = score_visit(restricted, answers)
        if score is None:
            continue
        for key in keys:
            sums[key][slot].append(score)

    def scores(key):
        a, b = sums.get(key, ([], []))
        la, pb = _mean(a), _mean(b)
        return {"latest": la, "previous": pb, "change": None if la is None or pb is None else la - pb}

    def listed(kind):
        return [{kind: k, **scores((kind, k))} for k in sorted({k for t, k in sums if t == kind})]

    return True, {"shared_questions": shared, "dropped_sections": dropped, "overall": scores(("overall", "")),
                  "locations": listed("location"), "regions": listed("region")}


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
    out = summary(rubric, res)
    json.dump(out, sys.stdout, indent=1, default=lambda o: o.value)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
