"""Read and check the study files: one file into plain rows and problems, many files by a pool of worker
processes.

Each worker parses, validates and locates the quotes of its share of study files and sends back plain
tuples (:class:`StudyResult`), which cost little to pickle; the caller (:mod:`.load`) checks across files
and builds the tables.
"""

from __future__ import annotations

import gc
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..paths import shown_path
from . import tables
from .codebook import THEMES_FILE
from .drafts import Draft, is_gap, summary_gaps, unreviewed_gaps
from .messages import LANGS, t
from .messages import problem as problem_of
from .places import PROVINCES_FILE
from .problems import Problem, ProblemError
from .provenance import index_source, quote_problem
from .readers import parse_yaml, read_text, yaml_line
from .schema import STUDY_ID_MAX, Study
from .sources import CONTROL, confine, read_source
from .validation import validation_problems

STUDIES_DIR = "studies"
PARALLEL_FROM = 200  # study files; below this a pool costs more than it saves
TASKS_PER_WORKER = 16  # small tasks balance the load and stream results back while workers go on
# positions in the plain rows of a StudyResult (tables.STUDY_COLUMNS and tables.FINDING_COLUMNS order)
STUDY_ID_AT = tables.STUDY_COLUMNS.index("study_id")
SOURCE_FILE_AT = tables.STUDY_COLUMNS.index("source_file")
FINDING_ID_AT = tables.FINDING_COLUMNS.index("finding_id")
FINDING_STUDY_AT = tables.FINDING_COLUMNS.index("study_id")


class Codes(NamedTuple):
    """The codebook ids a study file may use: themes, frameworks, and provinces with their island group."""

    theme_ids: frozenset[str]
    framework_ids: frozenset[str]
    islands: (
        dict[str, str] | None
    )  # None when codebook/provinces.csv is broken (its problems are reported instead)


class StudyResult(NamedTuple):
    """What a worker sends back for one study file: plain values, cheap to pickle."""

    path: str
    shown: str
    study: tuple | None  # the studies row (STUDY_COLUMNS order), None if the file is unusable
    findings: list[tuple]  # findings rows (FINDING_COLUMNS order)
    problems: list[Problem]
    draft: Draft | None = None  # set when the file is sound but still being coded
    memos: list[tuple] = []  # (finding_id, memo text, file as shown, line) of findings with a memo


def read_study(path: Path, data_dir: Path, codes: Codes) -> StudyResult:
    """One study file checked against the codebook and its source, every quote located: its rows, its
    problems, or the draft it still is."""
    shown = shown_path(path, data_dir)
    problems: list[Problem] = []
    try:
        text = read_text(confine(data_dir, path, shown), shown)
        content = parse_yaml(text, shown)
    except ProblemError as exc:
        return StudyResult(str(path), shown, None, [], [exc.problem])
    if not isinstance(content, dict):
        problems.append(problem_of(shown, 1, "(file)", "problem.study_not_a_mapping"))
        return StudyResult(str(path), shown, None, [], problems)
    try:
        study = Study.model_validate(content)
    except ValidationError as exc:
        found = validation_problems(exc, shown, text)
        if all(is_gap(e) for e in exc.errors()):  # only fields still empty: a draft, not an error
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
            return StudyResult(str(path), shown, None, [], [], draft)
        return StudyResult(str(path), shown, None, [], found)

    def problem(loc: tuple, key: str | None, said: tuple[str, str] | None = None, **values) -> None:
        """A problem at ``loc``: ``key`` of the catalogue with ``values``, or ``said`` (en, id)."""
        where, field = yaml_line(text, loc), ".".join(map(str, loc))
        if key is not None:
            problems.append(problem_of(shown, where, field, key, **values))
        elif said is not None:
            problems.append(Problem(shown, where, field, said[0], (("id", said[1]),)))

    # YAML refuses control characters written raw, so they come only from escapes ("\x01"): no backslash, none
    for loc, char in control_characters(content) if "\\" in text else ():
        problem(loc, "problem.control_character", code=f"{ord(char):04X}")
    if len(study.study_id) > STUDY_ID_MAX:
        problem(("study_id",), "problem.study_id_too_long", n=len(study.study_id), limit=STUDY_ID_MAX)
    if path.stem != study.study_id:
        problem(("study_id",), "problem.study_id_not_file_name", study_id=study.study_id, stem=path.stem)
    theme_ids, framework_ids = codes.theme_ids, codes.framework_ids
    if codes.islands is not None and study.province not in codes.islands:
        problem(("province",), "problem.unknown_province", value=study.province, file=PROVINCES_FILE)
    for i, fid in enumerate(study.frameworks_declared):
        if fid not in framework_ids:
            allowed = ", ".join(sorted(framework_ids))
            problem(("frameworks_declared", i), "problem.unknown_framework", value=fid, allowed=allowed)
    index = digest = None
    try:
        source_text, digest = read_source(data_dir, study.source.file, shown)
        index = index_source(source_text)
    except ProblemError as exc:
        reason = (exc.problem.message, dict(exc.problem.translations).get("id", exc.problem.message))
        said = tuple(
            t("problem.source_unusable", lang, file=study.source.file, reason=why)
            for lang, why in zip(LANGS, reason, strict=True)
        )
        problem(("source", "file"), None, said)
    if index is not None and digest != study.source.sha256:
        problem(("source", "sha256"), "problem.source_changed", file=study.source.file)
    source_file = f"{data_dir.name}/{study.source.file}"
    dumped = study.model_dump()  # one call for the whole study: far cheaper than one per finding
    rows, memos = [], []
    seen: set[str] = set()
    for i, f in enumerate(study.findings):
        loc = ("findings", i)
        # a typo in study_id is one problem (above), not one more per finding named after the file
        if not f.finding_id.startswith((study.study_id + "-", path.stem + "-")):
            problem(
                loc + ("finding_id",),
                "problem.foreign_finding_id",
                finding_id=f.finding_id,
                study_id=study.study_id,
            )
        if f.finding_id in seen:
            problem(loc + ("finding_id",), "problem.duplicate_finding_id", finding_id=f.finding_id)
        seen.add(f.finding_id)
        for key in ("theme_id", "secondary_theme_id"):
            value = getattr(f, key)
            if value is not None and value not in theme_ids:
                problem(loc + (key,), "problem.unknown_theme_in", value=value, file=THEMES_FILE)
        if f.secondary_theme_id is not None and f.secondary_theme_id == f.theme_id:
            problem(loc + ("secondary_theme_id",), "problem.same_theme_twice")
        if f.restates is not None and f.restates not in {g.finding_id for g in study.findings[:i]}:
            problem(loc + ("restates",), "problem.restates_not_earlier", value=f.restates)
        span = span_en = (None, None)
        if index is not None:
            span = _located(index, f.quote, source_file, loc + ("quote",), problem) or span
            if f.quote_en is not None:
                span_en = _located(index, f.quote_en, source_file, loc + ("quote_en",), problem) or span_en
        if f.quote_en is not None and "en" not in study.source.languages:
            problem(loc + ("quote_en",), "problem.quote_en_no_english")
        rows.append(tables.finding_row(study.study_id, dumped["findings"][i], span, span_en, source_file))
        if f.memo is not None:
            memos.append((f.finding_id, f.memo, shown, yaml_line(text, loc + ("memo",)) or 1))
    outcome_span = _locate_outcome(study, index, source_file, problem)
    study_row = tables.study_row(dumped, source_file, (codes.islands or {}).get(study.province), outcome_span)
    gaps = unreviewed_gaps(content["findings"]) + summary_gaps(content["findings"])
    draft = None
    if gaps and not problems:
        missing = tuple(
            problem_of(shown, yaml_line(text, loc), ".".join(map(str, loc)), f"problem.{kind}")
            for loc, kind in gaps
        )
        draft = Draft(study.study_id, shown, missing)
    return StudyResult(str(path), shown, study_row, rows, problems, draft, memos)


def control_characters(value: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(location, character) of every string in a study file's data holding a control character export would
    refuse."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        return [(loc, found.group())] if found else []
    if isinstance(value, dict):
        return [hit for k, v in value.items() for hit in control_characters(v, loc + (k,))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in control_characters(v, loc + (i,))]
    return []


def _locate_outcome(study: Study, index, source_file: str, problem) -> tuple[int | None, int | None]:
    """The implementation-outcome quote: required unless the rating is not_stated, and found in the source
    like a finding's."""
    outcome = study.implementation_outcome
    loc = ("implementation_outcome", "quote")
    if outcome.rating == "not_stated":
        if outcome.quote is not None:
            problem(loc, "problem.outcome_quote_not_stated")
        return None, None
    if outcome.quote is None:
        problem(loc, "problem.outcome_needs_quote", rating=outcome.rating)
        return None, None
    if index is None:
        return None, None
    return _located(index, outcome.quote, source_file, loc, problem) or (None, None)


def _located(index, quote: str, source_file: str, loc: tuple, problem) -> tuple[int, int] | None:
    """The span of a quote in the source; why it cannot be used (both languages) is a problem at ``loc``."""
    span, why = quote_problem(index, quote, source_file)
    if why:
        problem(loc, None, (why, quote_problem(index, quote, source_file, "id")[1]))
    return span


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
