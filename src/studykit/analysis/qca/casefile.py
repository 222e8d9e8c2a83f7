"""A case table for QCA from a CSV file: which column names the cases, and the inclusion cut-offs.

What ``studykit qca`` reads before it minimises; any problem is a :class:`QCAError` with a
message for the person who wrote the file.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ...corpus.problems import ProblemError
from ...corpus.readers import read_bytes
from .data import check_unique_columns, meant
from .errors import QCAError

CASE_COLUMN = "case"  # the column taken as case names when the user names none
MISSING = ("", "NA")  # cell values read as missing


def read_case_table(path: str | Path, case_column: str | None = None) -> pd.DataFrame:
    """The CSV as strings indexed by case name; missing cells None.

    The case names come from ``case_column``, else a column named ``case``, else a first column
    that is not all numbers, else the row numbers (from 1).
    """
    if not Path(path).exists():
        raise QCAError.said("qca_error.no_file", file=path)
    try:
        raw = read_bytes(Path(path), str(path))  # bounded: over the cap on a file, refused before it is read
    except ProblemError as exc:
        found = exc.problem  # its advice in both languages (studykit.corpus.messages)
        said = dict(found.translations).get("id", found.message)
        raise QCAError(f"{path}: {found.message}", (("id", f"{path}: {said}"),)) from None
    try:
        header = pd.read_csv(io.BytesIO(raw), header=None, nrows=1, dtype=str, keep_default_na=False)
        check_unique_columns(header.iloc[0].tolist(), str(path))  # pandas would rename a second A to A.1
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    except (QCAError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's input problem
        raise QCAError.said("qca_error.not_csv", file=path, error=exc) from None
    frame = frame.replace({value: None for value in MISSING})
    case_column = case_column if case_column is not None else guess_case_column(frame)
    if case_column is None:
        frame.index = [str(i + 1) for i in range(len(frame))]
        return frame
    if case_column not in frame.columns:
        columns = ", ".join(map(str, frame.columns))
        guess = meant(case_column, frame.columns)
        raise QCAError.said("qca_error.case_column", column=case_column, columns=columns, meant=guess)
    frame.index = frame[case_column].astype(str)
    return frame.drop(columns=[case_column])


def guess_case_column(frame: pd.DataFrame) -> str | None:
    """``case`` if there is such a column, else the first column unless it is all numbers (a condition)."""
    if CASE_COLUMN in frame.columns:
        return CASE_COLUMN
    if len(frame.columns) and not pd.to_numeric(frame[frame.columns[0]], errors="coerce").notna().all():
        return str(frame.columns[0])
    return None


def parse_incl_cut(text: str) -> list[float]:
    """``"0.8"`` or ``"0.8,0.6"`` (the second value marks contradictions) as numbers."""
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise QCAError.said("qca_error.incl_cut", value=text) from None
