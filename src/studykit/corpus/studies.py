"""Read and check the study files: one file into plain rows and problems, many files by a pool of worker
processes.

Each worker parses, validates and locates the quotes of its share of study files and sends back plain
tuples (:class:`StudyResult`), which cost little to pickle; the caller (:mod:`.load`) checks across files
and builds the tables.
"""

from __future__ import annotations

import gc
import os
import re
import shlex
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from ..paths import data_option, shown_path
from . import tables
from .drafts import Draft, is_gap, summary_gaps, unreviewed_gaps
from .messages import naming_finding
from .messages import problem as problem_of
from .places import Places
from .problems import Problem, ProblemError
from .readers import parse_yaml, read_text, yaml_line
from .schema import STUDY_ID_MAX, Study
from .sources import confine
from .studychecks import content_problems
from .studychecks import control_characters as control_characters  # re-exported: the coding wing's
from .validation import schema_kind, validation_problems

PARALLEL_FROM = 200  # study files; below this a pool costs more than it saves
TASKS_PER_WORKER = 16  # small tasks balance the load and stream results back while workers go on
# positions in the plain rows of a StudyResult (tables.STUDY_COLUMNS and tables.FINDING_COLUMNS order)
STUDY_ID_AT = tables.STUDY_COLUMNS.index("study_id")
SOURCE_FILE_AT = tables.STUDY_COLUMNS.index("source_file")
FINDING_ID_AT = tables.FINDING_COLUMNS.index("finding_id")
FINDING_STUDY_AT = tables.FINDING_COLUMNS.index("study_id")


class Codes(NamedTuple):
    """The codebook ids a study file may use: themes, frameworks, provinces with their island group, and the
    kota and kabupaten of the gazetteer."""

    theme_ids: frozenset[str]
    framework_ids: frozenset[str]
    islands: (
        dict[str, str] | None
    )  # None when codebook/provinces.csv is broken (its problems are reported instead)
    places: Places | None = None  # None: no codebook/regencies.csv (or a broken one): admin_unit unchecked
    merged: dict[str, str] | None = None  # merged theme id -> the theme it went into (themes.yaml merged:)
    retired: dict[str, tuple[str, ...]] | None = None  # retired theme id -> the themes it was split into


class StudyResult(NamedTuple):
    """What a worker sends back for one study file: plain values, cheap to pickle."""

    path: str
    shown: str
    study: tuple | None  # the studies row (STUDY_COLUMNS order), None if the file is unusable
    findings: list[tuple]  # findings rows (FINDING_COLUMNS order)
    problems: list[Problem]
    draft: Draft | None = None  # set when the file is sound but still being coded
    memos: list[tuple] = []  # (finding_id, memo text, file as shown, line) of findings with a memo
    source_key: str | None = None  # its source's text normalised (sametext.text_key), drafts' too


def read_study(path: Path, data_dir: Path, codes: Codes) -> StudyResult:
    """One study file checked against the codebook and its source, every quote located: its rows, its
    problems, or the draft it still is."""
    shown = shown_path(path, data_dir)
    try:
        text = read_text(confine(data_dir, path, shown), shown)
    except ProblemError as exc:
        return StudyResult(str(path), shown, None, [], [exc.problem])
    return check_study(text, path, data_dir, codes)


def check_study(text: str, path: Path, data_dir: Path, codes: Codes) -> StudyResult:
    """The study file ``path`` as if it held ``text``: what ``validate`` says of it (the coding workbench
    checks a study before writing it with this very function). A problem of a finding names the finding's
    id as well as its position (``findings.3.summary_en: finding jambi-bantar-04: …``)."""
    result = _check_study(text, path, data_dir, codes)
    missing = result.draft.missing if result.draft is not None else ()
    if not any(FINDING_FIELD.match(p.field) for p in [*result.problems, *missing]):
        return result
    findings = parse_yaml(text, result.shown).get("findings")  # it parsed: the problems name a finding
    if not isinstance(findings, list):
        return result
    ids = [f.get("finding_id") if isinstance(f, dict) else None for f in findings]

    def named(found: Problem) -> Problem:
        at = FINDING_FIELD.match(found.field)
        if at is None or int(at[1]) >= len(ids) or at[2] == ".finding_id":  # that field's message names it
            return found
        finding_id = ids[int(at[1])]
        readable = isinstance(finding_id, str) and READABLE_ID.fullmatch(finding_id)
        return naming_finding(found, finding_id) if readable else found

    draft = result.draft and replace(result.draft, missing=tuple(map(named, missing)))
    return result._replace(problems=[named(p) for p in result.problems], draft=draft)


NO_FINDINGS = schema_kind(
    "too_short"
)  # at `findings`, the only field a gap of that kind can be (drafts.is_gap)


def _no_findings(found: Problem, path: Path, data_dir: Path) -> Problem:
    """The advice on a study with no findings yet, naming the command for this very study."""
    study = shlex.quote(path.stem)  # validation requires the study id to be the file's name
    return problem_of(
        found.file, found.line, found.field, "problem.no_findings", study_id=study, data=data_option(data_dir)
    )


FINDING_FIELD = re.compile(r"findings\.(\d+)(\.finding_id$)?")
READABLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")  # what a coder can read back in a message


def _check_study(text: str, path: Path, data_dir: Path, codes: Codes) -> StudyResult:
    shown = shown_path(path, data_dir)
    problems: list[Problem] = []
    try:
        content = parse_yaml(text, shown)
    except ProblemError as exc:
        return StudyResult(str(path), shown, None, [], [exc.problem])
    if not isinstance(content, dict):
        problems.append(problem_of(shown, 1, "(file)", "problem.study_not_a_mapping"))
        return StudyResult(str(path), shown, None, [], problems)

    def problem(loc: tuple, key: str | None, said: tuple[str, str] | None = None, **values) -> None:
        """A problem at ``loc``: ``key`` of the catalogue with ``values``, or ``said`` (en, id)."""
        where, field = yaml_line(text, loc), ".".join(map(str, loc))
        if key is not None:
            problems.append(problem_of(shown, where, field, key, **values))
        elif said is not None:
            problems.append(Problem(shown, where, field, said[0], (("id", said[1]),)))

    try:
        study = Study.model_validate(content)
    except ValidationError as exc:
        found = validation_problems(exc, shown, text)
        if not all(is_gap(e) for e in exc.errors()):
            return StudyResult(str(path), shown, None, [], found)
        found = [_no_findings(p, path, data_dir) if p.kind == NO_FINDINGS else p for p in found]
        # only fields still empty: a draft, unless what is filled in is wrong (a quote not in the source …)
        key = content_problems(content, path.stem, data_dir, codes, problem, draft=True)[2]
        if problems:
            return StudyResult(str(path), shown, None, [], problems)
        findings = content.get("findings") if isinstance(content.get("findings"), list) else []
        found += [  # and what else it still needs, so that the list is complete at once
            problem_of(shown, yaml_line(text, loc), ".".join(map(str, loc)), f"problem.{kind}")
            for loc, kind in unreviewed_gaps(findings) + summary_gaps(findings)
        ]
        draft = Draft(
            str(content.get("study_id") or path.stem),
            shown,
            tuple(sorted(found, key=lambda p: (p.line or 0, p.field))),
        )
        return StudyResult(str(path), shown, None, [], [], draft, source_key=key)
    # YAML refuses control characters written raw, so they come only from escapes ("\x01"): no backslash, none
    for loc, char in control_characters(content) if "\\" in text else ():
        problem(loc, "problem.control_character", code=f"{ord(char):04X}")
    if len(study.study_id) > STUDY_ID_MAX:
        problem(("study_id",), "problem.study_id_too_long", n=len(study.study_id), limit=STUDY_ID_MAX)
    if path.stem != study.study_id:
        problem(("study_id",), "problem.study_id_not_file_name", study_id=study.study_id, stem=path.stem)
    dumped = study.model_dump()  # one call for the whole study: far cheaper than one per finding
    spans, outcome_span, key = content_problems(dumped, path.stem, data_dir, codes, problem)
    source_file = f"{data_dir.name}/{study.source.file}"
    rows, memos = [], []
    for i, f in enumerate(study.findings):
        span, span_en = spans[i]
        rows.append(tables.finding_row(study.study_id, dumped["findings"][i], span, span_en, source_file))
        if f.memo is not None:
            memos.append((f.finding_id, f.memo, shown, yaml_line(text, ("findings", i, "memo")) or 1))
    study_row = tables.study_row(dumped, source_file, (codes.islands or {}).get(study.province), outcome_span)
    gaps = unreviewed_gaps(content["findings"]) + summary_gaps(content["findings"])
    draft = None
    if gaps and not problems:
        missing = tuple(
            problem_of(shown, yaml_line(text, loc), ".".join(map(str, loc)), f"problem.{kind}")
            for loc, kind in gaps
        )
        draft = Draft(study.study_id, shown, missing)
    return StudyResult(str(path), shown, study_row, rows, problems, draft, memos, key)


def _read_chunk(paths: list[Path], data_dir: Path, codes: Codes) -> list[StudyResult]:
    return [read_study(p, data_dir, codes) for p in paths]


def _init_worker() -> None:
    """Pool workers are short-lived and build acyclic data: leave the heap inherited from the parent
    out of garbage collection and collect rarely (at the default threshold, YAML parsing triggers
    thousands of collections that free nothing). Ctrl-C is the parent's to handle (one line, no worker
    tracebacks), and SIGTERM ends a worker plainly, whatever handler the parent had."""
    gc.freeze()
    gc.set_threshold(50_000)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _heap_frozen():
    """Keep the objects that exist now out of garbage collection while the pool runs, as the gc docs
    advise before forking workers: collections then skip the parent's big heap (pandas, pydantic) while
    results pour in, and workers share its pages. A heap the host application froze itself is left alone."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def read_studies(paths: list[Path], data_dir: Path, codes: Codes) -> list[StudyResult]:
    """Results in the order of ``paths``; contiguous chunks keep that order without sorting."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _read_chunk(paths, data_dir, codes)
    size = -(-len(paths) // (workers * TASKS_PER_WORKER))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with _heap_frozen(), ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        parts = pool.map(_read_chunk, chunks, repeat(data_dir), repeat(codes))
        return [r for part in parts for r in part]
