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

Issue 16 (SCORING.md §7, SPEC16.md A-C): rubric versions (Programme, load_programme),
like-for-like (version_comparison), corrections (apply_corrections) and re-shops
(apply_replaces). score_files takes a Rubric or a Programme, and a corrections file; with one
rubric, no corrections and no fields.replaces every result is as before. Readings chosen
where SPEC16.md is silent (each also beside its code):
  * versions: a visit whose fields.version_date cell does not parse is scored by the latest
    version and has a `bad_date` issue on that column (the cell trimmed); the horizon applies
    to it as to the visit date; `no_version` is on the version_date column when it is set,
    value the cell trimmed; a no_version visit of the window is counted in none of inputs'
    visits / outside_periods / read_for_comparison / undated, and takes no part in duplicate
    detection; one of a month read for comparison is counted read_for_comparison and
    dropped, with no issue; `no_version` is listed in by_problem whenever a version has an
    effective_from (so always with 2+ versions);
  * every group's `sections` list (and visits.csv's section columns) is the union of
    sections, in summary.json's order; a question's figures count the visits that asked it,
    `failed` by the visit's own version's bonus flag; text/type/points of a question are
    the newest version's holding it;
  * versions[].visits: the window's visits (void and replaced ones left out) scored by it;
  * version_change: the focus month's and the previous month's visits (void and replaced
    left out) were scored by more than one version in all; false when there is no previous
    month; comparison is null as before when there is no focus month;
  * like-for-like: the shared questions are the focus version's that every version scoring
    a visit of the two months holds alike; yes_no `expected`, `na`, `critical`, `bonus` are
    not compared (the focus version's apply, as for points); a visit is re-scored from its
    answer cells (corrected ones) by the restricted focus version: its weights, pass marks,
    critical effect and bonus cap; locations and regions: every one with a visit in either
    month, by name, latest/previous null where it has none;
  * corrections and re-shops: see the comments above apply_corrections and apply_replaces.
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
OPTIONAL_FIELDS = ("version_date", "replaces")  # issue 16: columns read only when named
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
# Issue 16 (SPEC16.md): kinds listed in summary.json's by_problem only when their feature
# is on (with a feature off every output byte stays as before it existed).
VERSION_KINDS = ("no_version",)
CORRECTION_KINDS = (
    "correction_bad_action",
    "correction_bad_status",
    "correction_missing_field",
    "correction_unknown_question",
    "correction_unknown_visit",
    "correction_invalid_value",
)
RESHOP_KINDS = ("replaces_unknown", "replaces_other_location", "replaces_other_period", "replaces_not_earlier",
                "replaces_already_replaced")
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
        # Issue 16 (SPEC16.md A, C): optional columns with no default.
        for k in OPTIONAL_FIELDS:
            self.fields[k] = None if fields.get(k) is None else str(fields[k]).strip()
        # docs/scoring.md §18: the org chart's levels, top first; with `region` written it is
        # the top level, without it the first level is the region.
        below = [str(x).strip() for x in (fields.get("levels") or [])]
        if not below:
            self.levels: list[str] = []
        elif "region" in fields:
            self.levels = [self.fields["region"], *below]
        else:
            self.levels = below
            self.fields["region"] = below[0]
        ef = d.get("effective_from")
        if ef is None:
            self.effective_from = None
        elif isinstance(ef, _dt.date):  # PyYAML reads an unquoted YYYY-MM-DD as a date
            self.effective_from = ef
        else:
            self.effective_from = _dt.date.fromisoformat(str(ef).strip())
        # SCORING.md §8 (follow-up): the rubric's rules, None where not set (the run's flags
        # override them; follow_up() resolves the defaults).
        self.alert_below = None if d.get("alert_below") is None else float(d["alert_below"])
        acts = d.get("actions") or {}
        self.action_failures = None if acts.get("min_failures") is None else int(acts["min_failures"])
        self.action_streak = None if acts.get("in_a_row") is None else int(acts["in_a_row"])
        self.shopper_margin = None if d.get("shopper_margin") is None else float(d["shopper_margin"])
        lad = d.get("ladder")
        self.ladder = None if lad is None else {
            "pass": float(lad["pass"]), "steps": [str(x) for x in lad["steps"]],
            "reset": None if lad.get("reset") is None else str(lad["reset"]).strip()}
        self.sections = [Section(s) for s in d["sections"]]
        self.weighted = any(s.weight is not None for s in self.sections)
        self.questions = [q for s in self.sections for q in s.questions]
        self.qmap = {q.id: q for q in self.questions}

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


# ----------------------------------------------------------------------------- rubric versions
#
# SCORING.md §7 and SPEC16.md A. Valid programmes only: the version errors (equal dates,
# different names, fields or date_format, a column read by two ids, ...) are not
# re-implemented; the cross-check writes programmes that keep those rules.


class Version:
    """One rubric file of a programme: its rubric, label, file as given and SHA-256."""

    def __init__(self, rubric: Rubric, file: str, sha256: str = ""):
        self.rubric, self.file, self.sha256 = rubric, file, sha256
        self.effective_from = rubric.effective_from
        # SPEC16.md A: the label is the `version:` value when set, else the file name as given.
        self.label = rubric.version if rubric.version is not None else file


class Programme:
    """Every version of one programme, oldest first (the one without effective_from, at
    most one, is the earliest), and the union of their sections and questions."""

    def __init__(self, versions: list[Version]):
        self.versions = sorted(versions, key=lambda v: (v.effective_from is not None, v.effective_from or _dt.date.min))
        self.latest = self.versions[-1].rubric
        self.multi = len(self.versions) > 1
        # no_version can only happen when the earliest version has an effective_from.
        self.dated = self.versions[0].effective_from is not None
        # The versions feature is on (no_version listed in by_problem): 2+ versions, or one
        # with an effective_from (only one version may lack it).
        self.versioned = any(v.effective_from is not None for v in self.versions)
        self.fields = self.latest.fields
        self.date_format = self.latest.date_format
        # SPEC16.md A: the latest version's sections/questions in its order, then ids only in
        # earlier versions, newest version first, each in its own version's order.
        self.sections: list[Section] = []
        self.questions: list[Question] = []
        seen_s: set[str] = set()
        seen_q: set[str] = set()
        for v in reversed(self.versions):
            for sec in v.rubric.sections:
                if sec.id not in seen_s:
                    seen_s.add(sec.id)
                    self.sections.append(sec)
            for q in v.rubric.questions:
                if q.id not in seen_q:
                    seen_q.add(q.id)
                    self.questions.append(q)
        # Every CSV column read as an answer (one question id per column in every version).
        self.columns = {q.id: q.column for q in self.questions}

    @classmethod
    def single(cls, rubric: Rubric) -> "Programme":
        return cls([Version(rubric, "")])

    def choose(self, day: _dt.date | None) -> Version | None:
        """The version in force on `day` (the latest effective_from on or before it), the
        latest for an undated visit, None when dated before the earliest effective_from."""
        if day is None:
            return self.versions[-1]
        chosen = None
        for v in self.versions:
            if v.effective_from is None or v.effective_from <= day:
                chosen = v
        return chosen


def load_programme(files: list[tuple[str, str]]) -> Programme:
    """files: (name as given, path) of every rubric file."""
    import hashlib

    versions = []
    for name, path in files:
        with open(path, "rb") as fh:
            data = fh.read()
        versions.append(Version(Rubric(yaml.safe_load(data.decode("utf-8"))), name, hashlib.sha256(data).hexdigest()))
    return Programme(versions)


def same_question(a: Question, b: Question) -> bool:
    """SCORING.md §7: shared = same id and type, equal min/max/step, equal option labels
    and fractions, equal bands; points may differ. Nothing else is compared (not `expected`,
    `na`, `critical`, `bonus`: the focus version's are used; see the README's choices)."""
    if a.id != b.id or a.type != b.type:
        return False
    if a.type == "scale":
        return (a.min, a.max, a.step) == (b.min, b.max, b.step)
    if a.type in ("choice", "multi"):
        return a.options == b.options  # labels trimmed and lower-cased, as they are matched
    if a.type == "number":
        return a.bands == b.bands
    return True


def shared_questions(focus: Rubric, others: list[Rubric]) -> list[Question]:
    """The focus version's questions (its order) that every other version holds alike."""
    out = []
    for q in focus.questions:
        if all(any(same_question(q, o) for o in r.questions) for r in others):
            out.append(q)
    return out


def restricted(rubric: Rubric, keep: list[Question]) -> tuple[Rubric, list[str]]:
    """A copy of `rubric` holding only the questions `keep`; sections left with none are
    dropped (their ids returned, rubric order). Weights, pass marks, critical effect and
    bonus cap stay the rubric's."""
    import copy

    ids = {q.id for q in keep}
    r = copy.copy(rubric)
    r.sections, dropped = [], []
    for sec in rubric.sections:
        qs = [q for q in sec.questions if q.id in ids]
        if not qs:
            dropped.append(sec.id)
            continue
        s2 = copy.copy(sec)
        s2.questions = qs
        r.sections.append(s2)
    r.questions = [q for s in r.sections for q in s.questions]
    return r, dropped


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
    """The date of the (trimmed) text, or None when it does not parse with fmt or is more
    than a year after `today`."""
    if not s:
        return None
    try:
        d = _dt.datetime.strptime(s, fmt).date()
    except ValueError:
        return None
    if today is not None and d > horizon(today):
        return None
    return d


def parse_period(s: str, fmt: str, today: _dt.date | None = None) -> str | None:
    """YYYY-MM of the date, or None when the (trimmed) text does not parse with fmt or is
    more than a year after `today`."""
    d = parse_day(s, fmt, today)
    return None if d is None else f"{d.year:04d}-{d.month:02d}"


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
    rubric: "Rubric | Programme",
    files: list[tuple[str, str]],
    today: _dt.date | None = None,
    since: str | None = None,
    until: str | None = None,
    period: str | None = None,
    corrections: tuple[str, str] | None = None,
) -> dict:
    """files: list of (name as reported, path); today: the run date (see parse_period);
    since / until / period: the run's window of months (`YYYY-MM`, see the docstring);
    rubric: one rubric or a Programme of versions (SPEC16.md A); corrections: (name as
    given, path) of a corrections file (SPEC16.md B). Returns visits, issues and aggregates."""
    prog = rubric if isinstance(rubric, Programme) else Programme.single(rubric)
    if period is not None:
        until = period
    bounded = since is not None or until is not None
    visits: list[dict] = []
    compared: list[dict] = []  # every aggregated visit, in input order: the window's and those
    # of the months before --period (which only feed the per-period groups)
    issues: list[dict] = []
    seen_ids: dict[str, tuple[str, int]] = {}
    seq: list = []  # one entry per visit read (window and compare-only): input order
    F = prog.fields
    fmt = prog.date_format

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
        for key in OPTIONAL_FIELDS:
            if F[key] is not None and F[key] not in idx:
                raise SystemExit(f"missing required column {F[key]!r}")
        for q in prog.questions:
            if q.column not in idx:
                raise SystemExit(f"missing required column {q.column!r}")
        for h in prog.latest.levels:
            if h not in idx:
                raise SystemExit(f"missing required column {h!r}")
        for v in prog.versions:
            for q in v.rubric.questions:
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
                return rec[idx[h]].strip() if h is not None and h in idx else ""

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
            day = parse_day(date, fmt, today)
            vperiod = None if day is None else f"{day.year:04d}-{day.month:02d}"
            if vperiod is None and bounded:
                counts["undated"] += 1
                issue(fname, line, vid, F["date"], date, "bad_date", where)  # cannot be placed: not scored
                continue
            if vperiod is not None and ((since and vperiod < since) or (until and vperiod > until)):
                counts["outside_periods"] += 1
                if period is not None and vperiod > period:
                    issue(fname, line, vid, F["date"], date, "outside_period", where)
                continue
            compare_only = period is not None and vperiod is not None and vperiod < period
            if compare_only:
                counts["read_for_comparison"] += 1
            # SPEC16.md A: the version in force on the visit's date, or on its version_date
            # cell when the rubric names one (a cell that does not parse: the latest version,
            # and a bad_date issue on that column; reading chosen, see the README's choices).
            vcol = F["version_date"]
            vday, vbad = day, False
            if vcol is not None:
                vtext = cell(vcol)
                vday = parse_day(vtext, fmt, today)
                vbad = vday is None
            version = prog.choose(vday)
            if version is None:
                # Dated before the first version: not scored, listed in issues only (like an
                # undated visit of a bounded run); a visit read for comparison just drops out.
                if not compare_only:
                    issue(fname, line, vid, vcol or F["date"], cell(vcol or F["date"]), "no_version", where)
                continue
            vr = version.rubric
            region = cell(F["region"])
            detail = {"location": location, "region": region, "shopper": cell(F["shopper"]),
                      "channel": cell(F["channel"]), "period": vperiod, "day": day,
                      "version": version, "replaces": cell(F["replaces"]) if F["replaces"] else "",
                      "file": fname, "line": line, "visit_id": vid, "date": date, "seq": len(seq),
                      # §8: each question's comment cell (trimmed) by the visit's version's header;
                      # a line break inside it as `\n`, as in a row's raw text (see read_records)
                      "comments": {q.id: cell(q.comment).replace("\r\n", "\n").replace("\r", "\n")
                                   for q in vr.questions if q.comment},
                      "cells_shot": {q.id: cell(q.column) for q in prog.questions},
                      "levels": [cell(h) for h in prog.latest.levels]}
            seq.append(None)
            if compare_only:
                answers = {q.id: classify(q, cell(q.column)) for q in vr.questions}
                score, secs, crit = score_visit(vr, answers)
                compared.append({**detail, "score": score, "sections": secs, "critical_failures": crit,
                                 "answers": answers, "window": False})
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
            if vbad:
                issue(fname, line, vid, vcol, cell(vcol), "bad_date", where)

            answers: dict[str, tuple[str, float | None]] = {}
            for q in vr.questions:
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

            score, secs, crit = score_visit(vr, answers)
            visit = {
                **detail,
                "score": score,
                "grade": vr.grade(score),
                "critical_failures": crit,
                "sections": secs,
                "answers": answers,
                "window": True,
            }
            visits.append(visit)
            compared.append(visit)  # input order, for the region a location is first seen in

    for v in compared:
        v["cells"] = dict(v["cells_shot"])
        v["score_as_shot"] = v["score"]
        v["void"] = False
        v["changed"] = False
        v["replaced_by"] = None

    corr = None
    if corrections is not None:
        corr = apply_corrections(prog, corrections, compared, issue)
    reshops = None
    if F["replaces"] is not None:
        reshops = apply_replaces(compared, F["replaces"], issue)

    levels = prog.latest.levels
    if levels:
        moved_issues(levels, [v for v in visits if not v["void"] and v["replaced_by"] is None], issue)
    kinds = KINDS + NEVER_KINDS
    if levels:
        kinds += ("moved",)
    if prog.versioned:
        kinds += VERSION_KINDS
    if corrections is not None:
        kinds += CORRECTION_KINDS
    if F["replaces"] is not None:
        kinds += RESHOP_KINDS
    by_kind = {k: 0 for k in sorted(kinds)}
    for i in issues:
        by_kind[i["kind"]] += 1
    counted = lambda vs: [v for v in vs if not v["void"] and v["replaced_by"] is None]  # noqa: E731
    return {"listed": visits, "visits": counted(visits), "aggregated": counted(compared), "every": compared,
            "issues": issues, "issues_by_kind": by_kind, "inputs": inputs, "period": period,
            "programme": prog, "corrections": corr, "reshops": reshops}


def _shown(cells: list[str]) -> str:
    """A unit's path as the moved issue says it: a blank level is `(blank)`."""
    return " / ".join(c if c else "(blank)" for c in cells)


def moved_issues(levels: list[str], window: list[dict], issue) -> None:
    """docs/scoring.md §18: a (named) location of the window seen under a second unit of the
    lowest level (its full path differs from its first window visit's) is one `moved` issue,
    at that visit, on the column of the highest level that differs."""
    first: dict[str, tuple[list[str], bool]] = {}
    for v in window:
        path = v["levels"]
        if v["location"] not in first:
            first[v["location"]] = (path, False)
            continue
        was, told = first[v["location"]]
        if told or was == path or not v["location"]:
            continue
        first[v["location"]] = (was, True)
        k = next(i for i, (a, b) in enumerate(zip(was, path)) if a != b)
        issue(v["file"], v["line"], v["visit_id"], levels[k], f"{_shown(was)} → {_shown(path)}", "moved",
              (v["location"], v["shopper"]))


# ----------------------------------------------------------------------------- corrections
#
# SPEC16.md B. The corrections file is a CSV of visit_id, question, value, action, status,
# reason, by, date (header any order, any case, trimmed). Readings chosen where SPEC16.md is
# silent (the README lists them):
#   * every row is checked whatever its status (a pending row naming an unknown visit is an
#     issue too), and every check that fails is an issue of its own (a row may have several),
#     and the row acts not: action, status, blank visit_id, `set` with a blank question, a
#     question no version knows; with the visit known: a (non-blank) question not in the
#     visit's version (whatever the action), and for a `set` an invalid value; a non-blank
#     visit_id that names no visit (reported after the other issues);
#   * an issue of the corrections file has a blank location and shopper (SPEC16.md lists
#     file, line, visit_id, column, value); `column` is the corrections file's header as
#     written (trimmed); `value` the cell trimmed;
#   * the visits a correction may name are those the run reads as visits: the window's and
#     those read for comparison (--period), not a visit of a month outside the window, not a
#     visit dated before the first version, not an undated visit of a bounded run;
#   * the audit trail's `question` is the question id; `answer_as_shot` the shopper's cell
#     trimmed; `answer_corrected` the row's value trimmed (blank for void/restore, even one
#     naming a question; a row with a bad action and a question shows them);
#     `action` and `status` lower-case when known, else as written (trimmed); for a visit id
#     held by several visits (duplicates), location, shopper, answers and scores are those
#     of its first occurrence in input order;
#   * `acted` is yes for an accepted row with no issue: it was applied in file order, even
#     when a later row overrides it;
#   * an answer is changed when the final corrected text (trimmed) differs from the shopper's
#     (trimmed), exactly;
#   * summary `rows`: every data row of the file; accepted/rejected/pending: rows with that
#     status (trimmed, any case), whatever else is wrong with them; `by_location`,
#     `by_shopper`: over the audit trail's rows; `by_question`: over its rows with a question;
#     `void_visits`, `changed_visits`: window visits (rows of visits.csv) void / changed.

CORRECTION_COLUMNS = ("visit_id", "question", "value", "action", "status", "reason", "by", "date")


def read_corrections(path: str):
    """(header names as written by canonical name, [(line, {canonical: trimmed cell})]);
    SystemExit when a header column is missing (exit 2, nothing written)."""
    records = read_records(path)
    try:
        _, header, _ = next(records)
    except StopIteration:
        raise SystemExit("corrections: empty file")
    names = {}
    for i, h in enumerate(header):
        k = h.strip().lower()
        if k in CORRECTION_COLUMNS and k not in names:
            names[k] = (i, h.strip())
    missing = [c for c in CORRECTION_COLUMNS if c not in names]
    if missing:
        raise SystemExit(f"corrections: missing column {missing[0]!r}")
    rows = []
    for line, rec, _raw in records:
        if not rec:
            continue
        rows.append((line, {k: (rec[i].strip() if i < len(rec) else "") for k, (i, _) in names.items()}))
    return {k: h for k, (_, h) in names.items()}, rows


def apply_corrections(prog: Programme, corrections: tuple[str, str], every: list[dict], issue) -> dict:
    """Checks and applies the corrections file to `every` visit (in place: cells, answers,
    score, sections, critical_failures, void, changed); raises the file's issues. Returns
    the audit trail and the summary's `corrections` figures."""
    import hashlib

    cname, cpath = corrections
    with open(cpath, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    hdr, rows = read_corrections(cpath)
    by_id: dict[str, list[dict]] = {}
    for v in every:
        by_id.setdefault(v["visit_id"], []).append(v)
    qref: dict[str, str] = {}  # a question id or CSV header (any version) -> question id
    for q in prog.questions:
        qref.setdefault(q.id, q.id)
    for q in prog.questions:
        qref.setdefault(q.column, q.id)

    audit, late = [], []
    sets: dict[tuple[int, str], str] = {}  # (id(visit), question id) -> value; later rows win
    voids: dict[int, bool] = {}
    status_n = {"accepted": 0, "rejected": 0, "pending": 0}
    acted_n = 0
    for line, r in rows:
        vid, qtext, value = r["visit_id"], r["question"], r["value"]
        action, status = r["action"].lower(), r["status"].lower()
        problems = []

        def bad(col, kind):
            problems.append((hdr[col], r[col], kind))

        if action not in ("set", "void", "restore"):
            bad("action", "correction_bad_action")
        if status in status_n:
            status_n[status] += 1
        else:
            bad("status", "correction_bad_status")
        if not vid:
            bad("visit_id", "correction_missing_field")
        if action == "set" and not qtext:
            bad("question", "correction_missing_field")
        qid = qref.get(qtext) if qtext else None
        if qtext and qid is None:
            bad("question", "correction_unknown_question")
        targets = by_id.get(vid, []) if vid else []
        first = targets[0] if targets else None
        if first is not None and qid is not None:
            vq = first["version"].rubric.qmap.get(qid)
            if vq is None:
                bad("question", "correction_unknown_question")
            elif action == "set" and value and classify(vq, value)[0] == "invalid":
                bad("value", "correction_invalid_value")
        for col, val, kind in problems:
            issue(cname, line, vid, col, val, kind)
        if vid and first is None:
            late.append((line, vid))  # unknown visit: reported at the end, file order
        ok = not problems and first is not None
        acted = ok and status == "accepted"
        if acted:
            acted_n += 1
            if action == "set":
                for t in targets:
                    if qid in {q.id for q in t["version"].rubric.questions}:
                        sets[(id(t), qid)] = value
            else:
                for t in targets:
                    voids[id(t)] = action == "void"
        # The audit trail: rows naming a known visit and a question of its version, or a
        # known visit and no question for a void/restore (a bad action with no question
        # names no question: not listed).
        # A void/restore's question, answers are empty (SPEC16.md B) even when it names one.
        vq_ok = qid is not None and first is not None and qid in {q.id for q in first["version"].rubric.questions}
        if first is not None and (vq_ok or (not qtext and action in ("void", "restore"))):
            shown = vq_ok and action not in ("void", "restore")
            audit.append({
                "line": line, "visit_id": vid, "location": first["location"], "shopper": first["shopper"],
                "question": qid if shown else "",
                "answer_as_shot": first["cells_shot"][qid] if shown else "",
                "answer_corrected": value if shown else "", "visit": first,
                "action": action if action in ("set", "void", "restore") else r["action"],
                "status": status if status in status_n else r["status"],
                "acted": "yes" if acted else "no", "reason": r["reason"], "by": r["by"], "date": r["date"],
            })
    for line, vid in late:
        issue(cname, line, vid, hdr["visit_id"], vid, "correction_unknown_visit")

    # Effects: corrected answers replace the shopper's before scoring.
    for v in every:
        vr = v["version"].rubric
        changed = False
        for q in vr.questions:
            key = (id(v), q.id)
            if key in sets:
                v["cells"][q.id] = sets[key]
                if sets[key] != v["cells_shot"][q.id]:
                    changed = True
        v["void"] = voids.get(id(v), False)
        v["changed"] = changed
        if key_in_any(sets, v):
            answers = {q.id: classify(q, v["cells"][q.id]) for q in vr.questions}
            v["answers"] = answers
            v["score"], v["sections"], v["critical_failures"] = score_visit(vr, answers)
            if "grade" in v:
                v["grade"] = vr.grade(v["score"])
    for a in audit:
        a["score_before"] = a["visit"]["score_as_shot"]
        a["score_after"] = a["visit"]["score"]

    def dispute(key):
        groups: dict[str, list[dict]] = {}
        for a in audit:
            k = a[key]
            if key == "question" and not k:
                continue
            groups.setdefault(k, []).append(a)
        out = []
        for k, xs in groups.items():
            acc = sum(1 for a in xs if a["status"] == "accepted")
            out.append({key: k, "rows": len(xs), "accepted": acc, "share_accepted": 100.0 * acc / len(xs)})
        return sorted(out, key=lambda d: (-d["rows"], d[key]))

    window = [v for v in every if v["window"]]
    figures = {
        "file": cname, "sha256": sha, "rows": len(rows), **status_n, "acted": acted_n,
        "void_visits": sum(1 for v in window if v["void"]),
        "changed_visits": sum(1 for v in window if v["changed"]),
        "by_location": dispute("location"), "by_shopper": dispute("shopper"), "by_question": dispute("question"),
    }
    # §8 follow-up `disputed`: every visit id a row of the file names (any status or action,
    # faults included), trimmed.
    return {"audit": audit, "summary": figures, "named": {r["visit_id"] for _, r in rows if r["visit_id"]}}


def key_in_any(sets: dict, v: dict) -> bool:
    return any(k[0] == id(v) for k in sets)


# ----------------------------------------------------------------------------- re-shops
#
# SPEC16.md C. Readings chosen where it is silent (the README lists them): the id is looked
# up among the visits the run reads (the window's and those read for comparison); the first
# check that fails, in the order unknown, other location, not earlier when either visit is
# undated (SPEC16.md C: "or either undated"), other period, not earlier, gives the issue;
# when several visits hold the id (a duplicate_visit_id), a re-shop names the first in input
# order, the only one it can replace; a visit named by several re-shops that qualify is
# replaced by the first in input order, and each later one is a `replaces_already_replaced`
# issue and an ordinary visit; replacing is decided from the data alone (a void re-shop
# still replaces); issues of a visit read only for comparison are not reported (as every
# issue of those visits).


def apply_replaces(every: list[dict], column: str, issue) -> dict:
    first: dict[str, dict] = {}  # each id's first occurrence, in input order
    for v in every:
        first.setdefault(v["visit_id"], v)
    for v in every:
        target = v["replaces"]
        if not target:
            continue
        t = first.get(target)
        if t is None:
            kind = "replaces_unknown"
        elif t["location"] != v["location"]:
            kind = "replaces_other_location"
        elif t["day"] is None or v["day"] is None:
            kind = "replaces_not_earlier"
        elif t["period"] != v["period"]:
            kind = "replaces_other_period"
        elif not t["day"] < v["day"]:
            kind = "replaces_not_earlier"
        elif t["replaced_by"] is not None:
            kind = "replaces_already_replaced"
        else:
            t["replaced_by"] = v["visit_id"]
            continue
        if v["window"]:
            issue(v["file"], v["line"], v["visit_id"], column, target, kind, (v["location"], v["shopper"]))
    window = [v for v in every if v["window"]]
    return {"named": sum(1 for v in window if v["replaces"]),
            "replaced": sum(1 for v in window if v["replaced_by"] is not None)}


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

    def __init__(self, value: Any, bug: str, alt: Any = None):
        """alt: when given, what the binary is known to write instead; the binary's value
        must then be `value` or `alt` (anything else is a difference)."""
        super().__init__(value, f"known bug {bug}")
        self.bug, self.alt = bug, alt


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

    def __init__(self, rubric: Rubric, visits: list[dict], min_visits: int, sections: list | None = None):
        self.rubric, self.visits, self.min_visits = rubric, visits, min_visits
        # the programme's sections (SPEC16.md A: the union of every version's)
        self.sections = rubric.sections if sections is None else sections
        self.scores = [v["score"] for v in visits if v["score"] is not None]
        self.n = len(self.scores)
        self.score = _mean(self.scores)

    def question(self, q: Question) -> dict:
        """SCORING.md §4: pass rate = 100 x mean f over scored answers, with the counts of
        scored, N/A, missing and invalid answers (`invalid` holds N/A where not allowed:
        it is an invalid answer, §2); `failed` (docs/scoring.md §6, §10): scored with f < 1,
        never for a bonus question."""
        # SPEC16.md A: over the visits whose version asked it; `failed` by each visit's
        # version's question (bonus or not).
        asked = [v for v in self.visits if q.id in v["answers"]]
        states = [v["answers"][q.id] for v in asked]
        fracs = [f for st, f in states if st == "scored"]
        failed = sum(1 for v in asked if v["answers"][q.id][0] == "scored" and v["answers"][q.id][1] < 1
                     and not _asked(v, q).bonus)
        return {
            "fracs": fracs,
            "pass_rate": None if not fracs else 100.0 * (sum(fracs) / len(fracs)),
            "scored": len(fracs),
            "failed": failed,
            "na": sum(1 for st, _ in states if st == "na"),
            "missing": sum(1 for st, _ in states if st == "missing"),
            "invalid": sum(1 for st, _ in states if st == "invalid"),
        }

    def section(self, sid: str) -> tuple[float | None, int]:
        xs = [v["sections"][sid] for v in self.visits if v["sections"].get(sid) is not None]
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
            dict(zip(("section", "score", "n"), (s.id, *self.section(s.id)))) for s in self.sections
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


def _asked(v: dict, q: Question) -> Question:
    """The question `q.id` as the visit's own version asks it."""
    ver = v.get("version")
    return q if ver is None else ver.rubric.qmap[q.id]


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
    followup: dict | None = None,
) -> dict:
    """The summary.json the binary should write for `res` (score_files' result), as the
    same JSON shape. `gates`: fail_under, fail_location_under, max_issues (None when not
    asked) and strict (bool); min_visits is --min-visits. `followup`: the §8 flags
    (alert_below, action_failures, action_streak, shopper_margin: None when not given;
    fail_on_alert, fail_on_breach: bool)."""
    gates = gates or {}
    prog: Programme = res["programme"]
    rubric = prog.latest  # SPEC16.md A: `rubric` describes the latest version
    steady = rubric.steady_within if steady_within is None else steady_within
    # Void and replaced visits (SPEC16.md B, C) are in none of these.
    window = res["visits"]  # every scored visit of the run (the --period month alone)
    every = res["aggregated"]  # and the months read to compare with
    G = lambda vs: Group(rubric, vs, min_visits, prog.sections)  # noqa: E731
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

    qstats = {q.id: overall.question(q) for q in prog.questions}
    questions = []
    for q in prog.questions:
        st = qstats[q.id]
        questions.append({
            "id": q.id, "section": q.section.id, "text": q.text, "type": q.type, "points": q.points,
            "critical": q.critical, "bonus": q.bonus, "pass_rate": st["pass_rate"],
            "pass_rate_ci95": wilson95(st["fracs"]),
            **{k: st[k] for k in ("scored", "failed", "na", "missing", "invalid")},
        })
    sections = []
    for s in prog.sections:
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
            for s in prog.sections
        ]
        q_cmp = [
            {"key": q.id, **change(now_o and now_o.question(q)["pass_rate"],
                                   before_o and before_o.question(q)["pass_rate"], run_small)}
            for q in prog.questions
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
        if prog.multi:
            comparison.update(version_comparison(prog, every, focus_p, previous))

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

    out = {
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
    ytd = year_to_date(every, focus_p, loc_region, min_visits, rubric.levels)
    if ytd is not None:
        out["year_to_date"] = ytd
    if prog.multi:
        out["versions"] = versions_figures(prog, window)
    if rubric.levels:
        out["levels"] = levels_figures(rubric, window, every, focus_p or "unknown", previous if focus_p else None,
                                       steady, min_visits)
    if res.get("corrections") is not None:
        out["corrections"] = res["corrections"]["summary"]
    if res.get("reshops") is not None:
        out["reshops"] = res["reshops"]
    # §8: always written (with the defaults when nothing asks for it), last.
    out["follow_up"], more_gates = follow_up(prog, res, focus_p, previous, min_visits, followup)
    gate_list += more_gates
    return out


def _tally(vs: list[dict]) -> dict:
    scores = [v["score"] for v in vs if v["score"] is not None]
    return {"visits": len(vs), "scored_visits": len(scores), "score": _mean(scores),
            "critical_failure_visits": sum(1 for v in vs if v["critical_failures"] > 0)}


def _best_first(key):
    """Highest score first, then the key; no score last."""
    return lambda item: (item[1]["score"] is None, -(item[1]["score"] or 0.0), key(item))


def share(on, of: int):
    """The percent of `of` stores on target (None without a target or a store)."""
    if on is None or of == 0:
        return None
    if isinstance(on, Unsure):
        return Unsure(100.0 * on.value / of, on.why)
    return 100.0 * on / of


def levels_figures(rubric: Rubric, window: list[dict], every: list[dict], focus_p: str, previous: str | None,
                   steady: float, min_visits: int) -> list[dict]:
    """docs/scoring.md §18 and docs/reports.md (the org chart): summary.json's `levels`. A
    unit is named by its path; its figures are the focus month's (every visit reported under
    it), against the previous month; its stores are those under it in the focus month (of
    the window), best first; on target: stores at or above the rubric's target there."""
    out = []
    for k, name in enumerate(rubric.levels):
        path = lambda v: " / ".join(v["levels"][: k + 1])  # noqa: E731
        per = {u: _group_by(vs, lambda v: v["period"]) for u, vs in _group_by(every, path).items()}
        win = _group_by(window, path)
        units = []
        for u, ps in per.items():
            any_visit = (win.get(u) or ps[next(iter(ps))])[0]
            now = _tally(ps[focus_p]) if focus_p in ps else None
            before = _tally(ps[previous]) if previous and previous in ps else None
            small = now is None or now["scored_visits"] < min_visits or (
                before is not None and before["scored_visits"] < min_visits)
            score = now and now["score"]
            prev = before and before["score"]
            d = None if score is None or prev is None else score - prev
            locs = [(loc, _tally(vs)) for loc, vs in
                    _group_by([v for v in win.get(u, []) if v["period"] == focus_p], lambda v: v["location"]).items()]
            locs.sort(key=_best_first(lambda item: item[0]))
            scored = [t for _, t in locs if t["score"] is not None]
            t = rubric.target
            on = None if t is None else sum(1 for x in scored if x["score"] >= t)
            if t is not None and any(_near_edge(x["score"], [t]) for x in scored):
                on = Unsure(on, "a store's score at the target")
            z = now or {"visits": 0, "scored_visits": 0, "score": None, "critical_failure_visits": 0}
            units.append((u, {
                "unit": u, "name": any_visit["levels"][k], "parent": " / ".join(any_visit["levels"][:k]) if k else None,
                "visits": z["visits"], "scored_visits": z["scored_visits"], "score": z["score"], "small_sample": small,
                "previous_score": prev, "change": d, "trend": _trend(d, steady),
                "scored_locations": len(scored), "on_target_locations": on,
                "on_target_share": share(on, len(scored)),
                "critical_failure_visits": z["critical_failure_visits"],
                "window": _tally(win.get(u, [])),
                "locations": [{"location": loc, **x} for loc, x in locs],
            }))
        units.sort(key=_best_first(lambda item: item[0]))
        rank = 0
        listed = []
        for _, unit in units:
            if unit["score"] is not None:
                rank += 1
            listed.append({"rank": rank if unit["score"] is not None else None, **unit})
        out.append({"level": name, "units": listed})
    return out


# ----------------------------------------------------------------------------- year to date

MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def year_to_date(every: list[dict], focus_p: str | None, loc_region: dict, min_visits: int,
                 levels: list[str] | None = None) -> dict | None:
    """docs/scoring.md §19: January to the focus month of its year against the same months
    of the year before, over every visit read (compare-only months of --period included; an
    undated visit is in no month); only when both hold a visit. Each side's score is the
    mean of its scored visits (the docs sum the months' sums oldest first; the mean of the
    same visits agrees within the tolerance). Locations and regions: every one with a visit
    on either side, in name order; `new`: a score this year and none last year."""
    if focus_p is None or len(focus_p) != 7:
        return None
    year, month = int(focus_p[:4]), int(focus_p[5:])
    spans = [(f"{y:04d}-01", f"{y:04d}-{month:02d}") for y in (year, year - 1)]
    sides = [[v for v in every if v["period"] != "unknown" and a <= v["period"] <= b] for a, b in spans]
    if not sides[0] or not sides[1]:
        return None

    def figure(vs: list[dict]) -> dict:
        scores = [v["score"] for v in vs if v["score"] is not None]
        return {"visits": len(vs), "scored_visits": len(scores), "score": _mean(scores),
                "small_sample": len(scores) < min_visits}

    def pair(this: list[dict], last: list[dict]) -> dict:
        a, b = figure(this), figure(last)
        change = None if a["score"] is None or b["score"] is None else a["score"] - b["score"]
        return {"this_year": a, "last_year": b, "change": change,
                "new": a["scored_visits"] > 0 and b["scored_visits"] == 0}

    def by(key: str) -> list[dict]:
        out = []
        for k in sorted({v[key] for side in sides for v in side}):
            item = {key: k, **({"region": loc_region.get(k)} if key == "location" else {})}
            item.update(pair(*[[v for v in side if v[key] == k] for side in sides]))
            out.append(item)
        return out

    def span(i: int) -> dict:
        a, b = spans[i]
        label = a if a == b else f"{MONTH_NAMES[0]}-{MONTH_NAMES[month - 1]} {a[:4]}"
        return {"from": a, "to": b, "label": label,
                "months_with_visits": sorted({v["period"] for v in sides[i]})}

    out = {"this_year": span(0), "last_year": span(1), "overall": pair(*sides),
           "locations": by("location"), "regions": by("region")}
    # With fields.levels: each level's units by path (`North / Leeds area`), in path order.
    if levels:
        out["levels"] = []
        for k, name in enumerate(levels):
            path = lambda v: " / ".join(v["levels"][: k + 1])  # noqa: E731
            units = []
            for u in sorted({path(v) for side in sides for v in side}):
                units.append({"unit": u, **pair(*[[v for v in side if path(v) == u] for side in sides])})
            out["levels"].append({"level": name, "units": units})
    return out


# ----------------------------------------------------------------------------- follow-up
#
# SCORING.md §8 (alerts, actions, ladder, shopper deviation, funnel limits) and the follow-up
# outputs as the project specifies them where §8 is silent (summary.json `follow_up`,
# alerts.csv, actions.csv, the gates --fail-on-alert and --fail-on-breach). Terms: a visit is
# *counted* when neither void nor replaced (§7); the *scored window* is res["visits"], every
# visit read (compare-only months of --period included) res["aggregated"]; *input order* is
# the files in the order given, then rows (a visit's `seq`).

Z95, Z998 = 1.959964, 3.090232  # §8: the funnel's z values as written there
FOLLOWUP_DEFAULTS = {"action_failures": 2, "action_streak": 3, "shopper_margin": 5.0}


def followup_rules(prog: "Programme", flags: dict | None = None) -> dict:
    """summary.json follow_up.rules: each flag (--alert-below, --action-failures,
    --action-streak, --shopper-margin) over the rubric's key (alert_below, actions.min_failures,
    actions.in_a_row, shopper_margin) over the default; the ladder is the rubric's only.
    With versions the latest version's keys are read (the cross-check writes equal ones)."""
    flags = flags or {}
    r = prog.latest

    def pick(key, rubric_value):
        if flags.get(key) is not None:
            return flags[key]
        return rubric_value if rubric_value is not None else FOLLOWUP_DEFAULTS.get(key)

    ab = pick("alert_below", r.alert_below)
    return {
        "alert_below": None if ab is None else float(ab),
        "action_failures": int(pick("action_failures", r.action_failures)),
        "action_streak": int(pick("action_streak", r.action_streak)),
        "shopper_margin": float(pick("shopper_margin", r.shopper_margin)),
        "ladder": None if r.ladder is None else dict(r.ladder),
    }


def check_followup(prog: "Programme", flags: dict | None = None) -> None:
    """--fail-on-breach without a rubric ladder is an error: exit 2, nothing written."""
    if (flags or {}).get("fail_on_breach") and prog.latest.ladder is None:
        raise SystemExit("--fail-on-breach needs a ladder in the rubric")


def _section_of(rubric: Rubric, sid: str):
    return next((s for s in rubric.sections if s.id == sid), None)


def _scored(v: dict, qid: str):
    """The fraction of the visit's scored answer to `qid`, or None (not asked, N/A, blank, invalid)."""
    a = v["answers"].get(qid)
    return a[1] if a is not None and a[0] == "scored" else None


def followup_alerts(prog: "Programme", scope: list[dict], alert_below: float | None):
    """Every visit of `scope` (counted, focus month, input order) with a critical failure or
    (alert_below set) a score below alert_below. Returns (alerts, unsure): `unsure` when a
    visit with no critical failure scores within 1e-9 of alert_below (whether it is listed
    is then last-bit rounding); a listed visit's `below` is Unsure in the same case."""
    out, unsure = [], False
    for v in scope:
        crit = v["critical_failures"] > 0
        below = alert_below is not None and v["score"] is not None and v["score"] < alert_below
        near = alert_below is not None and _near_edge(v["score"], [alert_below])
        if near and not crit:
            unsure = True
        if not (crit or below):
            continue
        vr = v["version"].rubric
        failed: list[dict] = []
        # failed critical questions (the visit's own version's flag), merged-view order
        for q in prog.questions:
            f = _scored(v, q.id)
            if f is not None and f < 1 and vr.qmap[q.id].critical:
                failed.append({"question": q.id, "comment": v["comments"].get(q.id, "")})
        # then sections below their pass mark (the visit's own version's mark), in the merged
        # view's order, as the questions are (and as visits.csv's section columns are)
        secs = [{"section": vs.id, "score": v["sections"][vs.id], "pass_mark": vs.pass_mark}
                for vs in vr.sections
                if vs.pass_mark is not None and v["sections"].get(vs.id) is not None
                and v["sections"][vs.id] < vs.pass_mark]
        failed += [x for s in prog.sections for x in secs if x["section"] == s.id]
        out.append({
            "file": v["file"], "line": v["line"], "visit_id": v["visit_id"], "location": v["location"],
            "region": v["region"], "date": v["date"], "shopper": v["shopper"], "score": v["score"],
            "critical": crit, "below": Unsure(below, "score at alert_below") if near else below,
            "failed": failed,
        })
    return out, unsure


def question_share(prog: "Programme", q: Question) -> float:
    """The share of the score a question's section carries, for an action's severity, in
    the latest rubric version (the one the reports describe): weighted, its section's
    weight over the sum of that version's weights; unweighted, the section's non-bonus
    points over every non-bonus question's points there. A section the latest version
    does not have carries none."""
    sid = q.section.id
    latest = prog.latest
    if not any(s.id == sid for s in latest.sections):
        return 0.0
    if latest.weighted:
        total = sum(s.weight for s in latest.sections)
        return _section_of_list(latest.sections, sid).weight / total if total > 0 else 0.0
    nb = [x for x in latest.questions if not x.bonus]
    total = sum(x.points for x in nb)
    return sum(x.points for x in nb if x.section.id == sid) / total if total > 0 else 0.0


def _section_of_list(sections, sid):
    return next(s for s in sections if s.id == sid)


def trailing_failures(history: list[dict], qid: str) -> int:
    """The number of failed (f < 1) scored answers to `qid` at the end of `history` (visits
    in (date, input order)); answers not scored are skipped, neither breaking nor extending it."""
    n = 0
    for v in reversed(history):
        f = _scored(v, qid)
        if f is None:
            continue
        if f < 1:
            n += 1
        else:
            break
    return n


def followup_actions(prog: "Programme", scope: list[dict], before: list[dict] | None, every: list[dict],
                     K: int, N: int):
    """Each location's actions (see the module's follow-up comment): `scope` its focus-month
    counted visits (the run's when there is no focus month), `before` the previous month's
    (None without one), `every` every counted visit read. Returns (actions, unsure): unsure
    when two actions of a location are ordered by severities within 1e-9 but not equal."""
    out, unsure = [], False
    day_key = lambda v: (v["day"] or _dt.date.min, v["seq"])  # noqa: E731
    for loc in sorted({v["location"] for v in scope if v["location"] != ""}):
        here = [v for v in scope if v["location"] == loc]
        prev = None if before is None else [v for v in before if v["location"] == loc]
        history = sorted((v for v in every if v["location"] == loc and v["day"] is not None), key=day_key)
        items = []
        for qi, q in enumerate(prog.questions):
            if q.bonus:
                continue
            fs = [f for f in (_scored(v, q.id) for v in here) if f is not None]
            if not fs:
                continue
            failed = sum(1 for f in fs if f < 1)
            pass_rate = 100.0 * (sum(fs) / len(fs))
            pfs = [] if prev is None else [f for f in (_scored(v, q.id) for v in prev) if f is not None]
            prev_rate = 100.0 * (sum(pfs) / len(pfs)) if pfs else None
            in_a_row = trailing_failures(history, q.id)
            by_k, by_n = failed >= K, in_a_row >= N
            if not (by_k or by_n):
                continue
            notes = sorted(
                (v for v in here if (_scored(v, q.id) is not None and _scored(v, q.id) < 1
                                     and v["comments"].get(q.id, ""))),
                key=day_key)
            items.append((qi, {
                "location": loc, "question": q.id, "section": q.section.id,
                "rule": "both" if by_k and by_n else "failures" if by_k else "streak",
                "failed": failed, "scored": len(fs), "pass_rate": pass_rate, "previous_pass_rate": prev_rate,
                "in_a_row": in_a_row, "critical": q.critical,
                "severity": question_share(prog, q) * (100.0 - pass_rate),
                "comments": [v["comments"][q.id] for v in notes[-3:]], "comments_total": len(notes),
            }))
        items.sort(key=lambda t: (not t[1]["critical"], -t[1]["severity"], t[0]))
        for (_, a), (_, b) in zip(items, items[1:]):
            if a["critical"] == b["critical"] and 0 < abs(a["severity"] - b["severity"]) <= TOL:
                unsure = True
        out += [x for _, x in items]
    return out, unsure


def followup_ladder(prog: "Programme", every: list[dict], min_visits: int):
    """The rubric's ladder walked for every store over every dated month of the run
    (compare-only months included), oldest first. Returns the block, or None without a
    ladder. A store with a judged month whose score is within 1e-9 of `pass` is Unsure."""
    lad = prog.latest.ladder
    if lad is None:
        return None
    months = sorted({v["period"] for v in every if v["period"] != "unknown"})
    need = max(min_visits, 1)
    locations = []
    for loc in sorted({v["location"] for v in every if v["location"] != ""}):
        step = streak = 0
        reset_done = False
        near = False
        periods = []
        for m in months:
            was_reset = False
            if not reset_done and lad["reset"] is not None and m >= lad["reset"]:
                step = streak = 0
                reset_done = was_reset = True
            xs = [v["score"] for v in every if v["location"] == loc and v["period"] == m and v["score"] is not None]
            score = _mean(xs)
            if len(xs) < need:
                outcome = "too_few"
            else:
                near = near or _near_edge(score, [lad["pass"]])
                if score < lad["pass"]:
                    outcome = "fail"
                    step = min(step + 1, len(lad["steps"]))
                    streak += 1
                else:
                    outcome = "pass"
                    step = streak = 0
            periods.append({"period": m, "score": score, "scored": len(xs), "outcome": outcome,
                            "reset": was_reset, "step": step})
        item = {"location": loc, "step": step, "step_name": lad["steps"][step - 1] if step > 0 else None,
                "breach": step > 0 and step == len(lad["steps"]), "streak": streak, "periods": periods}
        locations.append(Unsure(item, "a month's score at the ladder's pass") if near else item)
    return {"pass": lad["pass"], "steps": list(lad["steps"]), "reset": lad["reset"], "locations": locations}


def deviations(window: list[dict]) -> dict[str, list[float]]:
    """§8 shopper deviation: d_v = score_v - the mean of the other shoppers' scores in v's
    (location, month), over the counted, scored visits of the scored window with a shopper,
    a location and a readable date; others' mean = (the group's sum - the shopper's own sum)
    / (the group's count - the shopper's own count), each sum in input order, only when that
    count is > 0. Returns each shopper's d values in input order."""
    pool = [v for v in window if v["score"] is not None and v["shopper"] and v["location"] and v["period"] != "unknown"]
    groups: dict[tuple[str, str], list[dict]] = {}
    for v in pool:
        groups.setdefault((v["location"], v["period"]), []).append(v)
    out: dict[str, list[float]] = {}
    for v in pool:
        g = groups[(v["location"], v["period"])]
        own = [x["score"] for x in g if x["shopper"] == v["shopper"]]
        k = len(g) - len(own)
        if k > 0:
            others = (sum(x["score"] for x in g) - sum(own)) / k
            out.setdefault(v["shopper"], []).append(v["score"] - others)
    return out


def followup_shoppers(window: list[dict], listed: list[dict], issues: list[dict], margin: float,
                      named: set[str] | None) -> list[dict]:
    """Every non-blank shopper of summary.json `shoppers`, by name, with their deviation
    (mean of d, a t-interval not clamped, lean) and counts; `disputed` only with corrections."""
    devs = deviations(window)
    out = []
    for name, vs in _group_by(window, lambda v: v["shopper"]).items():
        if name == "":
            continue
        scores = [v["score"] for v in vs if v["score"] is not None]
        d = devs.get(name, [])
        n = len(d)
        dev = sum(d) / n if n else None
        ci = lean = None
        if n >= 2:
            var = sum((x - dev) ** 2 for x in d) / (n - 1)
            half = t975(n - 1) * math.sqrt(var / n)
            lo, hi = dev - half, dev + half
            tol = 1e-5 + 0.0005 * half
            ci = [Near(lo, tol), Near(hi, tol)]
            lean = "lenient" if lo > 0 and dev >= margin else "severe" if hi < 0 and dev <= -margin else None
            if abs(lo) <= tol or abs(hi) <= tol or _near_edge(dev, [margin, -margin]):
                lean = Unsure(lean, "an interval end at 0 or the deviation at the margin")
        item = {"shopper": name, "visits": len(vs), "scored": len(scores), "mean": _mean(scores),
                "compared": n, "deviation": dev, "ci95": ci, "lean": lean,
                "issues": sum(1 for i in issues if i["shopper"] == name)}
        if named is not None:
            item["disputed"] = sum(1 for v in listed if v["shopper"] == name and v["visit_id"] in named)
        out.append(item)
    return out


def followup_funnel(scope: list[dict], focus_p: str | None):
    """§8 funnel limits over the focus month's counted visits (None without a focus month or
    with fewer than 2 scored visits). s is compared within 1e-5 (the binary takes it from Σv
    and Σv², whose cancellation costs digits), the limits within 5e-5 (z × that / √n), and a
    location's `outside` not when its score is within that of a limit."""
    xs = [v["score"] for v in scope if v["score"] is not None]
    if focus_p is None or len(xs) < 2:
        return None
    n_all = len(xs)
    m = sum(xs) / n_all
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n_all - 1))
    ltol = 5e-5
    points = []
    for loc, vs in _group_by(scope, lambda v: v["location"]).items():
        ys = [v["score"] for v in vs if v["score"] is not None]
        if loc == "" or not ys:
            continue
        n, score = len(ys), _mean(ys)
        lims, near = {}, False
        for key, z in (("limits95", Z95), ("limits998", Z998)):
            h = z * sd / math.sqrt(n)
            lims[key] = (max(0.0, m - h), min(100.0, m + h))
            # A limit clipped to 0 or 100 is exact in both; an unclipped one (or one at the
            # clip) carries s's tolerance, so a score that close to it is not judged.
            near = near or (m - h > -ltol and abs(score - (m - h)) <= ltol) \
                or (m + h < 100 + ltol and abs(score - (m + h)) <= ltol)
        out998 = score < lims["limits998"][0] or score > lims["limits998"][1]
        out95 = score < lims["limits95"][0] or score > lims["limits95"][1]
        outside = 99.8 if out998 else 95.0 if out95 else None
        if near:
            outside = Unsure(outside, "a location's score at a funnel limit")
        points.append({"location": loc, "n": n, "score": score,
                       **{k: [Near(lo, ltol), Near(hi, ltol)] for k, (lo, hi) in lims.items()},
                       "outside": outside})
    return {"period": focus_p, "mean": m, "sd": Near(sd, 1e-5 + 1e-9 * sd), "z95": Z95, "z998": Z998,
            "points": points}


def follow_up(prog: "Programme", res: dict, focus_p: str | None, previous: str | None, min_visits: int,
              flags: dict | None = None):
    """summary.json `follow_up` and the gates it adds (--fail-on-alert, --fail-on-breach)."""
    flags = flags or {}
    rules = followup_rules(prog, flags)
    window, every = res["visits"], res["aggregated"]
    # The focus month's counted visits (all in the scored window); every counted visit of the
    # run when no visit has a readable date (no focus month).
    scope = window if focus_p is None else [v for v in every if v["period"] == focus_p]
    before = None if previous is None else [v for v in every if v["period"] == previous]
    alerts, a_unsure = followup_alerts(prog, scope, rules["alert_below"])
    actions, x_unsure = followup_actions(prog, scope, before, every, rules["action_failures"],
                                         rules["action_streak"])
    ladder = followup_ladder(prog, every, min_visits)
    named = res["corrections"]["named"] if res.get("corrections") is not None else None
    block = {
        "period": focus_p, "previous": previous, "rules": rules,
        "alerts": Unsure(alerts, "a visit's score at alert_below") if a_unsure else alerts,
        "actions": Unsure(actions, "two actions' severities within 1e-9") if x_unsure else actions,
        "ladder": ladder,
        "shoppers": followup_shoppers(window, res["listed"], res["issues"], rules["shopper_margin"], named),
        "funnel": followup_funnel(scope, focus_p),
    }
    gates = []
    if flags.get("fail_on_alert"):
        n = float(len(alerts))
        passed = n == 0
        if a_unsure:
            sure = sum(1 for a in alerts if a["critical"])
            n = Unsure(n, "a visit's score at alert_below")
            passed = False if sure else Unsure(passed, "a visit's score at alert_below")
        gates.append({"gate": "fail_on_alert", "threshold": 0.0, "value": n, "passed": passed, "judged": True})
    if flags.get("fail_on_breach"):
        locs = ladder["locations"] if ladder else []
        sure = [x for x in locs if not isinstance(x, Unsure)]
        n = float(sum(1 for x in sure if x["breach"]))
        passed = n == 0
        if len(sure) < len(locs):
            passed = False if n else Unsure(passed, "a month's score at the ladder's pass")
            n = Unsure(n, "a month's score at the ladder's pass")
        gates.append({"gate": "fail_on_breach", "threshold": 0.0, "value": n, "passed": passed, "judged": True})
    return block, gates


def versions_figures(prog: Programme, window: list[dict]) -> list[dict]:
    """SPEC16.md A: summary.json `versions`, oldest first; `visits` counts the window's
    visits (void and replaced ones left out) scored by that version."""
    out = []
    for i, v in enumerate(prog.versions):
        nxt = prog.versions[i + 1].effective_from if i + 1 < len(prog.versions) else None
        out.append({
            "label": v.label, "file": v.file, "sha256": v.sha256,
            "effective_from": None if v.effective_from is None else v.effective_from.isoformat(),
            "effective_until": None if nxt is None else (nxt - _dt.timedelta(days=1)).isoformat(),
            "visits": sum(1 for x in window if x["version"] is v),
        })
    return out


def rescore(rubric: Rubric, v: dict) -> float | None:
    """A visit's score by `rubric` (a restricted focus version), from its answer cells
    (corrected ones when corrections act)."""
    answers = {q.id: classify(q, v["cells"][q.id]) for q in rubric.questions}
    return score_visit(rubric, answers)[0]


def version_comparison(prog: Programme, every: list[dict], focus_p: str, previous: str | None) -> dict:
    """SPEC16.md A, like-for-like: `version_change` (false unless the visits of the focus
    month and the previous one were scored by more than one version in all) and, when true,
    `like_for_like`. The focus version is the latest among the focus month's visits; the
    shared questions those of it that every version scoring a visit of the two months holds
    alike (same_question)."""
    now = [v for v in every if v["period"] == focus_p]
    before = [v for v in every if previous is not None and v["period"] == previous]
    used = {id(v["version"]): v["version"] for v in now + before}
    if previous is None or not now or not before or len(used) < 2:
        return {"version_change": False}
    order = {id(v): i for i, v in enumerate(prog.versions)}
    focus_v = max((v["version"] for v in now), key=lambda x: order[id(x)])
    others = [x.rubric for x in used.values() if x is not focus_v]
    shared = shared_questions(focus_v.rubric, others)
    r, dropped = restricted(focus_v.rubric, shared)
    score_of = {id(v): rescore(r, v) for v in now + before}

    def mean_of(vs):
        return _mean([score_of[id(v)] for v in vs if score_of[id(v)] is not None])

    def change(a, b):
        return {"latest": a, "previous": b, "change": None if a is None or b is None else a - b}

    def by(key):
        keys = sorted({v[key] for v in now + before})
        return [{key: k, **change(mean_of([v for v in now if v[key] == k]), mean_of([v for v in before if v[key] == k]))}
                for k in keys]

    return {"version_change": True, "like_for_like": {
        "shared_questions": [q.id for q in shared],
        "dropped_sections": dropped,
        "overall": change(mean_of(now), mean_of(before)),
        "locations": by("location"),
        "regions": by("region"),
    }}


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
