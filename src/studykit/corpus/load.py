"""Load and validate the evidence corpus: codebook, frameworks, crosswalk and study files.

``validate_corpus`` collects every problem it can find instead of stopping at
the first, so that one run of ``studykit validate`` shows an analyst all that
needs fixing. ``load_corpus`` is the library entry point: valid corpus in, tidy
DataFrames out, or a :class:`CorpusError` listing the problems.

The study files are read and checked by :mod:`.studies` (large corpora by a
pool of worker processes), the lists of places by :mod:`.places`, and what
spans files by :mod:`.crosschecks`; this module puts the corpus together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..paths import resolve_data_dir, shown_path
from . import tables
from .codebook import (
    CROSSWALK_FILE as CROSSWALK_FILE,  # re-exported: the codebook file names live in .codebook
)
from .codebook import FRAMEWORKS_FILE as FRAMEWORKS_FILE
from .codebook import THEMES_FILE, read_parts, type_word
from .crosschecks import check_judgements, duplicates, orphan_sources, same_sources
from .drafts import Draft
from .layout import STUDIES_DIR as STUDIES_DIR  # re-exported for the coding wing
from .memos import memo_frame, read_memos
from .messages import problem, t
from .numbers import number
from .places import places_of, read_provinces, read_regencies
from .problems import CorpusError, Problem
from .sources import read_source
from .studies import FINDING_ID_AT, FINDING_STUDY_AT, SOURCE_FILE_AT, STUDY_ID_AT, Codes, read_studies
from .themechanges import Change, changes, gone
from .validation import explain_error as explain_error  # re-exported for the coding wing


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
    same_sources: tuple[Problem, ...] = field(
        default=(), repr=False
    )  # studies whose source is the same text as an earlier study's (sametext): one study added twice?
    memos: pd.DataFrame = field(default_factory=lambda: memo_frame([]), repr=False)
    """The analysts' memos (:mod:`studykit.corpus.memos`): project, study, theme and finding memos, one row
    each."""
    merged: dict[str, str] = field(default_factory=dict, repr=False)
    """Theme ids merged into others while coding (``merged:`` of themes.yaml) -> the theme each went into."""
    changes: tuple[Change, ...] = field(default=(), repr=False)
    """How the codebook changed while coding: every merged, retired and split theme with its date and why
    (:mod:`studykit.corpus.themechanges`)."""

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

    def summary(self, lang: str = "en") -> str:
        """One line in ``lang``: number of studies and findings, findings per type (the schema's names in
        English, the codebook's words in Indonesian), how many are unreviewed suggestions, and how many
        suggestions were rejected (kept in the study files, never a finding: not counted among them)."""
        rejected = self.findings["review_status"].eq("rejected")
        findings = self.findings[~rejected]
        counts = findings["finding_type"].value_counts().sort_index()
        per_type = ", ".join(f"{type_word(k, lang)} {number(v, lang)}" for k, v in counts.items())
        per_type = f" ({per_type})" if per_type else ""  # no finding yet (a blind start): no "()"
        unreviewed = int(findings["review_status"].eq("unreviewed").sum())
        pending = t("corpus.unreviewed", lang, n=number(unreviewed, lang)) if unreviewed else ""
        if rejected.any():
            pending += t("corpus.rejected", lang, n=number(int(rejected.sum()), lang))
        memos = t("corpus.memos", lang, n=number(len(self.memos), lang)) if len(self.memos) else ""
        return t(
            "corpus.summary",
            lang,
            studies=number(len(self.studies), lang),
            findings=number(len(findings), lang),
            per_type=per_type,
            pending=pending,
            memos=memos,
        )


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
        return None, [problem(str(data_dir), None, "data_dir", "problem.not_a_data_dir")]
    themes, frameworks, crosswalk, problems = read_parts(data_dir)
    theme_ids = frozenset(t.theme_id for t in themes.themes) if themes else frozenset()
    merged, retired = gone(themes) if themes else ({}, {})
    framework_ids = frozenset(fw.framework_id for fw in frameworks.frameworks) if frameworks else frozenset()
    islands, provinces, province_problems = read_provinces(data_dir)
    problems.extend(province_problems)
    regencies, regency_problems = read_regencies(data_dir, islands)
    problems.extend(regency_problems)
    sound_places = regencies and not regency_problems and not province_problems
    codes = Codes(
        theme_ids,
        framework_ids,
        islands if not province_problems else None,
        places_of(regencies) if sound_places else None,
        merged,
        retired,
    )
    paths = sorted((data_dir / STUDIES_DIR).glob("*.yaml"))
    if not paths:
        problems.append(
            problem(shown_path(data_dir / STUDIES_DIR, data_dir), None, "studies", "problem.no_study_files")
        )
    results = read_studies(paths, data_dir, codes) if themes and frameworks else []
    problems.extend(p for r in results for p in r.problems)
    drafts = tuple(r.draft for r in results if r.draft is not None)
    kept = [r for r in results if r.study is not None and (include_drafts or r.draft is None)]
    study_rows = [r.study for r in kept]
    finding_rows = [row for r in kept for row in r.findings]
    problems.extend(duplicates(results, data_dir))
    used = {r.study[SOURCE_FILE_AT] for r in results if r.study is not None}
    orphans = tuple(orphan_sources(paths, used, data_dir))
    same = tuple(same_sources(results))
    sound = [r for r in results if r.study is not None]  # drafts included: a memo on a draft is no error
    if themes and frameworks:
        problems.extend(check_judgements(data_dir, theme_ids, merged, retired))
        memos, memo_problems = read_memos(
            data_dir,
            {r.study[STUDY_ID_AT] for r in sound},
            set(theme_ids),
            {row[FINDING_ID_AT]: row[FINDING_STUDY_AT] for r in sound for row in r.findings},
            [m for r in sound for m in r.memos],
            complete=len(sound) == len(results),
            merged=merged,
            retired=retired,
        )
        problems.extend(memo_problems)
    else:  # what names themes and frameworks is checked against them: never against a codebook not read
        memos = []
        broken = THEMES_FILE if themes is None else FRAMEWORKS_FILE
        problems.append(
            problem(shown_path(data_dir / broken, data_dir), None, "codebook", "problem.codebook_unread")
        )
    left_out = {r.study[STUDY_ID_AT] for r in sound} - {row[STUDY_ID_AT] for row in study_rows}
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
        same_sources=same,
        memos=memo_frame(memos),
        merged=merged,
        changes=changes(themes),
    )
    return corpus, []


def load_corpus(data_dir: str | Path | None = None, include_drafts: bool = False) -> Corpus:
    """Load the corpus (default: the project's ``data/``) as tidy DataFrames; raise CorpusError if invalid.

    Drafts are left out (listed in ``corpus.drafts``); ``include_drafts`` keeps those with complete metadata.
    """
    corpus, problems = validate_corpus(data_dir, include_drafts)
    if corpus is None:
        raise CorpusError(problems)
    return corpus
