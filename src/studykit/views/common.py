"""Pieces shared by several reports."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from .. import __version__, compare
from ..report import Report, Text, escape


def data_hash(report: Report) -> str:
    """Short SHA-256 over every file of the data directory (paths and bytes), stamped into each report's footer."""
    digest = hashlib.sha256()
    for path in sorted(p for p in report.corpus.data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(report.corpus.data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def footer(report: Report) -> Text:
    """studykit version, the parameters and the input-data hash: what a reader needs to reproduce the report."""
    params = json.dumps(report.params, ensure_ascii=False, sort_keys=True)
    text = report.t("report.footer", version=__version__, parameters=params, data_hash=data_hash(report))
    return Text(f"---\n<small>{escape(text)}</small>")


def corpus_note(report: Report) -> Text:
    kept = compare.distinct_findings(report.corpus.findings)
    return report.md("report.corpus_note", n_studies=len(report.corpus.studies), n_findings=len(kept))


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
    return ", ".join(report.finding_type(t) for t in types)
