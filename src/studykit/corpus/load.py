"""Load and validate the evidence corpus: codebook, frameworks, crosswalk and study files.

``validate_corpus`` collects every problem it can find instead of stopping at
the first, so that one run of ``studykit validate`` shows an analyst all that
needs fixing. ``load_corpus`` is the library entry point: valid corpus in, tidy
DataFrames out, or a :class:`CorpusError` listing the problems.

Large corpora are read by a pool of worker processes (one per core); each
worker parses, validates and locates the quotes of its share of study files
and sends back plain tuples, which cost little to pickle.
"""

from __future__ import annotations

import gc
import os
import re
import signal
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
from pydantic import ValidationError

from ..paths import resolve_data_dir, shown_path
from . import tables
from .codebook import (
    CROSSWALK_FILE as CROSSWALK_FILE,  # re-exported: the codebook file names live in .codebook
)
from .codebook import FRAMEWORKS_FILE as FRAMEWORKS_FILE
from .codebook import THEMES_FILE, read_parts
from .drafts import Draft, is_gap, summary_gaps, unreviewed_gaps
from .memos import memo_frame, read_memos
from .problems import CorpusError, Problem, ProblemError
from .provenance import index_source, quote_problem
from .readers import parse_yaml, read_text, yaml_line
from .schema import STUDY_ID_MAX, Province, Regency, Study
from .sources import read_source
from .validation import explain_error as explain_error  # re-exported for the coding wing
from .validation import read_table, validation_problems

PROVINCES_FILE = "codebook/provinces.csv"
REGENCIES_FILE = "codebook/regencies.csv"
STUDIES_DIR = "studies"
PARALLEL_FROM = 200  # study files; below this a pool costs more than it saves
TASKS_PER_WORKER = 16  # small tasks balance the load and stream results back while workers go on


@dataclass(frozen=True)
class Corpus:
    """The corpus as tidy DataFrames, one row per study / finding / theme / variable / mapping."""

    studies: pd.DataFrame
    findings: pd.DataFrame
    themes: pd.DataFrame
    frameworks: pd.DataFrame
    crosswalk: pd.DataFrame
    provinces: pd.DataFrame
    data_dir: Path = field(repr=False)
    drafts: tuple[Draft, ...] = field(
        default=(), repr=False
    )  # studies still being coded, left out unless asked for
    regencies: pd.DataFrame = field(
        default_factory=lambda: tables.frame([], tables.REGENCY_COLUMNS), repr=False
    )  # the gazetteer of kota and kabupaten
    unused_sources: tuple[Problem, ...] = field(
        default=(), repr=False
    )  # sources no study uses: an interrupted `new-study`, or a study not coded (yet) in this copy
    memos: pd.DataFrame = field(default_factory=lambda: memo_frame([]), repr=False)
    """The analysts' memos (:mod:`studykit.corpus.memos`): project, study, theme and finding memos, one row
    each."""

    @property
    def study_ids(self) -> list[str]:
        return list(self.studies["study_id"])

    @property
    def framework_ids(self) -> list[str]:
        return list(dict.fromkeys(self.frameworks["framework_id"]))

    @property
    def theme_ids(self) -> list[str]:
        return list(self.themes["theme_id"])

    @property
    def variable_ids(self) -> list[str]:
        return list(self.frameworks["variable_id"])

    def source_text(self, study_id: str) -> str:
        """The study's source text as stored: the text that ``quote_start``/``quote_end`` index into."""
        shown = self.studies.loc[self.studies["study_id"] == study_id, "source_file"].iloc[
            0
        ]  # "<data dir name>/sources/…"
        return read_source(self.data_dir, shown.split("/", 1)[1], shown)[0]

    def summary(self) -> str:
        """One line: number of studies and findings, findings per type, and how many are unreviewed
        suggestions."""
        counts = self.findings["finding_type"].value_counts().sort_index()
        per_type = ", ".join(f"{k} {v}" for k, v in counts.items())
        unreviewed = int(self.findings["review_status"].eq("unreviewed").sum())
        pending = (
            f"; {unreviewed} unreviewed (left out of the analyses until an analyst accepts them)"
            if unreviewed
            else ""
        )
        memos = f"; {len(self.memos)} memos" if len(self.memos) else ""
        return f"{len(self.studies)} studies, {len(self.findings)} findings ({per_type}){pending}{memos}"


def _read_provinces(data_dir: Path) -> tuple[dict[str, str], list[Province], list[Problem]]:
    """The closed list of provinces: province -> island, the rows in file order, and problems (duplicates
    included)."""
    rows, problems, _ = read_table(data_dir, PROVINCES_FILE, tables.PROVINCE_COLUMNS, Province)
    shown = shown_path(data_dir / PROVINCES_FILE, data_dir)
    seen: dict[str, int] = {}
    for line, row in rows:
        if row.province in seen:
            problems.append(
                Problem(
                    shown,
                    line,
                    "province",
                    f"duplicate province {row.province!r}, already on line {seen[row.province]}",
                )
            )
        seen.setdefault(row.province, line)
    return {p.province: p.island for _, p in rows}, [p for _, p in rows], problems


def _read_regencies(data_dir: Path, provinces: dict[str, str]) -> tuple[list[Regency], list[Problem]]:
    """The gazetteer of the 514 kota and kabupaten (optional file); each must lie in a province of
    provinces.csv."""
    if not (data_dir / REGENCIES_FILE).exists():
        return [], []
    rows, problems, _ = read_table(data_dir, REGENCIES_FILE, tables.REGENCY_COLUMNS, Regency)
    shown = shown_path(data_dir / REGENCIES_FILE, data_dir)
    seen: set[str] = set()
    for line, row in rows:
        if provinces and row.province not in provinces:
            problems.append(
                Problem(
                    shown,
                    line,
                    "province",
                    f"unknown province {row.province!r}; use a name of {PROVINCES_FILE}",
                )
            )
        if row.code in seen:
            problems.append(Problem(shown, line, "code", f"duplicate code {row.code!r}"))
        seen.add(row.code)
    return [r for _, r in rows], problems


# --- studies ----------------------------------------------------------------


class _Codes(NamedTuple):
    """The codebook ids a study file may use: themes, frameworks, and provinces with their island group."""

    theme_ids: frozenset[str]
    framework_ids: frozenset[str]
    islands: (
        dict[str, str] | None
    )  # None when codebook/provinces.csv is broken (its problems are reported instead)


class _StudyResult(NamedTuple):
    """What a worker sends back for one study file: plain values, cheap to pickle."""

    path: str
    shown: str
    study: tuple | None  # the studies row (STUDY_COLUMNS order), None if the file is unusable
    findings: list[tuple]  # findings rows (FINDING_COLUMNS order)
    problems: list[Problem]
    draft: Draft | None = None  # set when the file is sound but still being coded
    memos: list[tuple] = []  # (finding_id, memo text, file as shown, line) of findings with a memo


def _read_study(path: Path, data_dir: Path, codes: _Codes) -> _StudyResult:
    shown = shown_path(path, data_dir)
    problems: list[Problem] = []
    try:
        text = read_text(path, shown)
        content = parse_yaml(text, shown)
    except ProblemError as exc:
        return _StudyResult(str(path), shown, None, [], [exc.problem])
    if not isinstance(content, dict):
        problems.append(
            Problem(
                shown,
                1,
                "(file)",
                "a study file must be a YAML mapping of fields; see data/schema/study.schema.json",
            )
        )
        return _StudyResult(str(path), shown, None, [], problems)
    try:
        study = Study.model_validate(content)
    except ValidationError as exc:
        found = validation_problems(exc, shown, text)
        if all(is_gap(e) for e in exc.errors()):  # only fields still empty: a draft, not an error
            findings = content.get("findings") if isinstance(content.get("findings"), list) else []
            found += [  # and what else it still needs, so that the list is complete at once
                Problem(shown, yaml_line(text, loc), ".".join(map(str, loc)), m)
                for loc, m in unreviewed_gaps(findings) + summary_gaps(findings)
            ]
            draft = Draft(
                str(content.get("study_id") or path.stem),
                shown,
                tuple(sorted(found, key=lambda p: (p.line or 0, p.field))),
            )
            return _StudyResult(str(path), shown, None, [], [], draft)
        return _StudyResult(str(path), shown, None, [], found)

    def problem(loc: tuple, message: str) -> None:
        problems.append(Problem(shown, yaml_line(text, loc), ".".join(map(str, loc)), message))

    # YAML refuses control characters written raw, so they come only from escapes ("\x01"): no backslash, none
    for loc, char in _control_characters(content) if "\\" in text else ():
        problem(
            loc,
            f"contains the control character U+{ord(char):04X}, which spreadsheets and XML cannot hold; "
            "delete it "
            "(tabs and line breaks are fine)",
        )
    if len(study.study_id) > STUDY_ID_MAX:
        problem(
            ("study_id",), f"is {len(study.study_id)} characters long; a study id has at most {STUDY_ID_MAX}"
        )
    if path.stem != study.study_id:
        problem(
            ("study_id",),
            f"{study.study_id!r} differs from the file name; rename the file to {study.study_id}.yaml",
        )
    theme_ids, framework_ids = codes.theme_ids, codes.framework_ids
    if codes.islands is not None and study.province not in codes.islands:
        problem(
            ("province",),
            f"unknown province {study.province!r}; use the official name as in {PROVINCES_FILE} (e.g. "
            "Jawa Tengah)",
        )
    for i, fid in enumerate(study.frameworks_declared):
        if fid not in framework_ids:
            problem(
                ("frameworks_declared", i),
                f"unknown framework id {fid!r}; use one of {', '.join(sorted(framework_ids))}",
            )
    index = digest = None
    try:
        source_text, digest = read_source(data_dir, study.source.file, shown)
        index = index_source(source_text)
    except ProblemError as exc:
        problem(("source", "file"), f"source {study.source.file!r} cannot be used: {exc.problem.message}")
    if index is not None and digest != study.source.sha256:
        problem(
            ("source", "sha256"),
            f"{study.source.file} has changed since it was recorded; raw sources are never edited "
            "(restore it from git)",
        )
    source_file = f"{data_dir.name}/{study.source.file}"
    dumped = study.model_dump()  # one call for the whole study: far cheaper than one per finding
    rows, memos = [], []
    seen: set[str] = set()
    for i, f in enumerate(study.findings):
        loc = ("findings", i)
        if not f.finding_id.startswith(study.study_id + "-"):
            problem(
                loc + ("finding_id",),
                f"{f.finding_id!r} does not belong to study {study.study_id!r}; finding ids start with "
                f"'{study.study_id}-'",
            )
        if f.finding_id in seen:
            problem(
                loc + ("finding_id",), f"duplicate finding id {f.finding_id!r}; give it the next free number"
            )
        seen.add(f.finding_id)
        for key in ("theme_id", "secondary_theme_id"):
            value = getattr(f, key)
            if value is not None and value not in theme_ids:
                problem(loc + (key,), f"unknown theme id {value!r}; it is not in {THEMES_FILE}")
        if f.secondary_theme_id is not None and f.secondary_theme_id == f.theme_id:
            problem(loc + ("secondary_theme_id",), "equals theme_id; leave it empty")
        if f.restates is not None and f.restates not in {g.finding_id for g in study.findings[:i]}:
            problem(loc + ("restates",), f"{f.restates!r} is not an earlier finding of this study")
        span = span_en = (None, None)
        if index is not None:
            found, why = quote_problem(index, f.quote, source_file)
            span = found or span
            if why:
                problem(loc + ("quote",), why)
            if f.quote_en is not None:
                found, why = quote_problem(index, f.quote_en, source_file)
                span_en = found or span_en
                if why:
                    problem(loc + ("quote_en",), why)
        if f.quote_en is not None and "en" not in study.source.languages:
            problem(
                loc + ("quote_en",), "the source has no English version (source.languages); remove quote_en"
            )
        rows.append(tables.finding_row(study.study_id, dumped["findings"][i], span, span_en, source_file))
        if f.memo is not None:
            memos.append((f.finding_id, f.memo, shown, yaml_line(text, loc + ("memo",)) or 1))
    outcome_span = _locate_outcome(study, index, source_file, problem)
    study_row = tables.study_row(dumped, source_file, (codes.islands or {}).get(study.province), outcome_span)
    gaps = unreviewed_gaps(content["findings"]) + summary_gaps(content["findings"])
    draft = None
    if gaps and not problems:
        missing = tuple(Problem(shown, yaml_line(text, loc), ".".join(map(str, loc)), m) for loc, m in gaps)
        draft = Draft(study.study_id, shown, missing)
    return _StudyResult(str(path), shown, study_row, rows, problems, draft, memos)


_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
)  # what openpyxl (and XML 1.0) refuse: export must not fail


def _control_characters(value: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(location, character) of every string in a study file's data holding a control character export would
    refuse."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        return [(loc, found.group())] if found else []
    if isinstance(value, dict):
        return [hit for k, v in value.items() for hit in _control_characters(v, loc + (k,))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in _control_characters(v, loc + (i,))]
    return []


def _locate_outcome(study: Study, index, source_file: str, problem) -> tuple[int | None, int | None]:
    """The implementation-outcome quote: required unless the rating is not_stated, and found in the source
    like a finding's."""
    outcome = study.implementation_outcome
    loc = ("implementation_outcome", "quote")
    if outcome.rating == "not_stated":
        if outcome.quote is not None:
            problem(
                loc, "rating not_stated takes no quote; remove the quote or give the rating the quote states"
            )
        return None, None
    if outcome.quote is None:
        problem(
            loc,
            f"rating {outcome.rating!r} needs the verbatim sentence of the source that states it (or rate "
            "it not_stated)",
        )
        return None, None
    if index is None:
        return None, None
    span, why = quote_problem(index, outcome.quote, source_file)
    if why:
        problem(loc, why)
    return span or (None, None)


def _read_chunk(paths: list[Path], data_dir: Path, codes: _Codes) -> list[_StudyResult]:
    return [_read_study(p, data_dir, codes) for p in paths]


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


def _read_studies(paths: list[Path], data_dir: Path, codes: _Codes) -> list[_StudyResult]:
    """Results in the order of ``paths``; contiguous chunks keep that order without sorting."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _read_chunk(paths, data_dir, codes)
    size = -(-len(paths) // (workers * TASKS_PER_WORKER))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with _heap_frozen(), ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        parts = pool.map(_read_chunk, chunks, repeat(data_dir), repeat(codes))
        return [r for part in parts for r in part]


def validate_corpus(
    data_dir: str | Path | None = None, include_drafts: bool = False
) -> tuple[Corpus | None, list[Problem]]:
    """Check the whole corpus; return the corpus (None if any problem) and every problem found.

    Drafts (:mod:`studykit.corpus.drafts`) are no problem: they are listed in ``corpus.drafts``
    and left out of its tables, unless ``include_drafts`` keeps those that can be tabled
    (complete metadata, findings still unreviewed).
    """
    data_dir = resolve_data_dir(data_dir)
    if not data_dir.is_dir():
        return None, [
            Problem(
                str(data_dir),
                None,
                "data_dir",
                "not a directory; pass the folder that holds codebook/, studies/ and sources/",
            )
        ]
    themes, frameworks, crosswalk, problems = read_parts(data_dir)
    theme_ids = frozenset(t.theme_id for t in themes.themes) if themes else frozenset()
    framework_ids = frozenset(fw.framework_id for fw in frameworks.frameworks) if frameworks else frozenset()
    islands, provinces, province_problems = _read_provinces(data_dir)
    problems.extend(province_problems)
    regencies, regency_problems = _read_regencies(data_dir, islands)
    problems.extend(regency_problems)
    codes = _Codes(theme_ids, framework_ids, islands if not province_problems else None)
    paths = sorted((data_dir / STUDIES_DIR).glob("*.yaml"))
    if not paths:
        problems.append(
            Problem(
                shown_path(data_dir / STUDIES_DIR, data_dir),
                None,
                "studies",
                "no study files (*.yaml) found; add one per study",
            )
        )
    results = _read_studies(paths, data_dir, codes) if themes and frameworks else []
    problems.extend(p for r in results for p in r.problems)
    drafts = tuple(r.draft for r in results if r.draft is not None)
    kept = [r for r in results if r.study is not None and (include_drafts or r.draft is None)]
    study_rows = [r.study for r in kept]
    finding_rows = [row for r in kept for row in r.findings]
    problems.extend(_duplicates(results, data_dir))
    used = {r.study[_SOURCE_FILE] for r in results if r.study is not None}
    orphans = tuple(_orphan_sources(paths, used, data_dir))
    problems.extend(_check_judgements(data_dir, theme_ids))
    sound = [r for r in results if r.study is not None]  # drafts included: a memo on a draft is no error
    memos, memo_problems = read_memos(
        data_dir,
        {r.study[_STUDY_ID] for r in sound},
        set(theme_ids),
        {row[_FINDING_ID]: row[_FINDING_STUDY] for r in sound for row in r.findings},
        [m for r in sound for m in r.memos],
        complete=len(sound) == len(results),
    )
    problems.extend(memo_problems)
    left_out = {r.study[_STUDY_ID] for r in sound} - {row[_STUDY_ID] for row in study_rows}
    memos = [m for m in memos if m.study_id not in left_out]  # a draft's memos wait with the draft
    if problems or themes is None or frameworks is None:
        return None, sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
    corpus = Corpus(
        studies=tables.frame(study_rows, tables.STUDY_COLUMNS),
        findings=tables.frame(finding_rows, tables.FINDING_COLUMNS),
        themes=tables.frame(tables.theme_rows(themes), tables.THEME_COLUMNS),
        frameworks=tables.frame(tables.variable_rows(frameworks), tables.VARIABLE_COLUMNS),
        crosswalk=tables.frame([e.model_dump() for _, e in crosswalk], tables.CROSSWALK_COLUMNS),
        provinces=tables.frame([p.model_dump() for p in provinces], tables.PROVINCE_COLUMNS),
        data_dir=data_dir,
        drafts=drafts,
        regencies=tables.frame([r.model_dump() for r in regencies], tables.REGENCY_COLUMNS),
        unused_sources=orphans,
        memos=memo_frame(memos),
    )
    return corpus, []


_STUDY_ID = tables.STUDY_COLUMNS.index("study_id")
_FINDING_ID = tables.FINDING_COLUMNS.index("finding_id")
_SOURCE_FILE = tables.STUDY_COLUMNS.index("source_file")
_FINDING_STUDY = tables.FINDING_COLUMNS.index("study_id")


def _duplicates(results: list[_StudyResult], data_dir: Path) -> list[Problem]:
    """Ids that must be unique across files: study ids and finding ids."""
    problems = []
    first_study: dict[str, str] = {}
    first_finding: dict[str, str] = {}
    for r in results:
        if r.study is None:
            continue
        shown = r.shown
        sid = r.study[_STUDY_ID]
        text = None
        if sid in first_study:
            text = Path(r.path).read_text(encoding="utf-8")
            problems.append(
                Problem(
                    shown,
                    yaml_line(text, ("study_id",)),
                    "study_id",
                    f"duplicate study id {sid!r}, already used in {first_study[sid]}",
                )
            )
        first_study.setdefault(sid, shown)
        for i, row in enumerate(r.findings):
            fid = row[_FINDING_ID]
            if fid in first_finding and first_finding[fid] != shown:
                text = text or Path(r.path).read_text(encoding="utf-8")
                problems.append(
                    Problem(
                        shown,
                        yaml_line(text, ("findings", i, "finding_id")),
                        f"findings.{i}.finding_id",
                        f"duplicate finding id {fid!r}, already used in {first_finding[fid]}",
                    )
                )
            first_finding.setdefault(fid, shown)
    return problems


def _orphan_sources(study_paths: list[Path], used: set[str], data_dir: Path) -> list[Problem]:
    """Sources that no study uses and no study file is named after: what an interrupted ``new-study`` leaves
    behind."""
    studies = {p.stem for p in study_paths}
    return [
        Problem(
            shown_path(source, data_dir),
            None,
            "file",
            f"a source with no study file {STUDIES_DIR}/{source.stem}.yaml (an interrupted `studykit "
            "new-study`?); "
            f"run `studykit new-study` again with --id {source.stem}, or delete the file",
        )
        for source in sorted((data_dir / "sources").glob("*.txt"))
        if source.stem not in studies and f"{data_dir.name}/sources/{source.name}" not in used
    ]


def _check_judgements(data_dir: Path, theme_ids: frozenset[str]) -> list[Problem]:
    """The reviewers' CERQual judgements (optional file) must parse and name existing themes."""
    from .judgements import CERQUAL_FILE, read_judgements

    path = data_dir / CERQUAL_FILE
    if not path.exists():
        return []
    try:
        judgements = read_judgements(data_dir)
    except CorpusError as exc:
        return exc.problems
    shown = shown_path(path, data_dir)
    text = path.read_text(encoding="utf-8")
    return [
        Problem(
            shown,
            yaml_line(text, ("judgements", i, "review_finding_id")),
            f"judgements.{i}.review_finding_id",
            f"unknown theme in {rid!r}; it is not in {THEMES_FILE}",
        )
        for i, rid in enumerate(judgements["review_finding_id"])
        if rid != "*" and rid.split("-")[0] not in theme_ids
    ]


def load_corpus(data_dir: str | Path | None = None, include_drafts: bool = False) -> Corpus:
    """Load the corpus (default: the project's ``data/``) as tidy DataFrames; raise CorpusError if invalid.

    Drafts are left out (listed in ``corpus.drafts``); ``include_drafts`` keeps those with complete metadata.
    """
    corpus, problems = validate_corpus(data_dir, include_drafts)
    if corpus is None:
        raise CorpusError(problems)
    return corpus
