"""Pieces shared by several reports."""

from __future__ import annotations

import pandas as pd

from ..._version import __version__
from ...analysis import compare
from .. import html, reads, titles
from ..report import Report, Text, escape

FILTER_FROM_ROWS = 12  # a table with more rows than this gets a filter box


def footer(report: Report) -> Text:
    """studykit version, the parameters and the hash of the input data the report reads
    (:func:`~studykit.reports.reads.data_hash`): what a reader needs to reproduce the report."""
    names = report.memo("titles.names", lambda: titles.Names.of_corpus(report.corpus))
    shown = titles.readable(report.params, report.lang, names)
    stamp = reads.data_hash(report.corpus.data_dir, report.notebook, report.params)
    text = report.t("report.footer", version=__version__, parameters=shown, data_hash=stamp)
    exact = (
        f"<details><summary>{html.escape(report.t('param.exact'))}</summary>"
        f"<code>{html.escape(titles.exact(report.params))}</code></details>"
    )
    return Text(f"---\n<small>{escape(text)}</small>\n\n<small>{exact}</small>")


def corpus_note(report: Report) -> Text:
    """How many studies and findings the report counts, and the drafts it leaves out (still being coded)."""
    kept = compare.distinct_findings(report.corpus.findings)
    note = report.md("report.corpus_note", n_studies=len(report.corpus.studies), n_findings=len(kept))
    drafts = [d.study_id for d in report.corpus.drafts]
    if drafts:
        left_out = report.md("report.drafts_left_out", n=len(drafts), studies=", ".join(drafts))
        note = Text(f"{note.data} {left_out.data}")
    return note


def study_labels(report: Report, ids) -> str:
    return "; ".join(report.study(s) for s in ids) or "—"


def label_matrix(report: Report, matrix: pd.DataFrame, rows: str = "theme") -> pd.DataFrame:
    """A theme/variable × study matrix with reader-facing labels on both axes."""
    out = matrix.copy()
    name = {"theme": report.theme, "variable": report.variable}[rows]
    out.index = [name(i) for i in matrix.index]
    out.columns = [report.study(s) for s in matrix.columns]
    return out


def types_text(report: Report, types) -> str:
    """The finding types a caption names, as words of its sentence: lower case and joined ("barrier and
    enabler", "faktor penghambat dan faktor pendukung"), not labels ("Barrier, Enabler")."""
    return titles.join_words([report.finding_type(t).lower() for t in types], report.lang)


def abstract_caveat(report: Report, study_id: str | None = None) -> list[str]:
    """What an abstract cannot tell (an absent theme is not reported, not absent), said where the sources
    are abstracts: of the study ``study_id`` (its profile), else of the corpus (every source, some of them or
    none: nothing). A list of zero or one paragraph, to join with the others."""
    studies = report.corpus.studies
    if study_id is not None:
        kind = studies.loc[studies["study_id"] == study_id, "source_type"]
        return [report.md("profile.abstract_caveat").data] if (kind == "abstract").any() else []
    n = int((studies["source_type"] == "abstract").sum())
    if n == 0:
        return []
    if n == len(studies):
        return [report.md("report.abstract_caveat").data]
    return [report.md("report.abstract_caveat_some", n=n, total=len(studies)).data]
