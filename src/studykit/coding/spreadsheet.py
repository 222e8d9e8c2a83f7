"""Findings coded in a spreadsheet back into the study files: ``studykit import-findings FILE.csv|FILE.xlsx``.

The sheet has the columns of the ``findings.csv`` that ``studykit export``
writes (or ``studykit suggest ID --format csv``), in any order; in an .xlsx the
sheet named ``findings`` is read (else the first). Each study that has rows gets
exactly those findings, in row order; studies without rows are left alone. The
computed columns (``quote_start``, ``quote_end``, ``quote_en_start``,
``quote_en_end``, ``source_file``) are ignored: every quote is located again in
its source. A finding whose values did not change keeps its YAML text (comments,
folded notes), so export → import gives back byte-identical study files.

Everything is checked before anything is written; each problem is reported as
``FILE:ROW: column: problem`` (ROW as a spreadsheet numbers it, header = 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..corpus.load import STUDIES_DIR
from ..corpus.problems import Problem
from ..corpus.tables import FINDING_COLUMNS
from ..paths import resolve_data_dir, shown_path
from .intake import codebook_ids, decode_text
from .publish import CodingError, publish
from .studyfile import FINDING_FIELDS, dump, finding_problems, load, set_findings

ADDED_LATER = ("coders", "memo")  # optional columns a sheet exported before they existed may lack
COMPUTED = ("quote_start", "quote_end", "quote_en_start", "quote_en_end", "source_file")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_rows(path: Path, shown: str) -> list[list[str]]:
    text = decode_text(path.read_bytes(), shown)
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # Excel writes ';' where ',' is the decimal mark
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise CodingError(
            [Problem(shown, None, "csv", f"invalid CSV ({exc}); save it again as CSV (UTF-8)")]
        ) from None


def _xlsx_rows(path: Path, shown: str) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "xlsx",
                    f"cannot be read as an .xlsx workbook ({exc}); save it again as .xlsx",
                )
            ]
        ) from None
    try:
        sheet = book["findings"] if "findings" in book.sheetnames else book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_sheet(path: str | Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(shown file name, [(row number, {column: text})]) of a findings CSV or XLSX; a wrong header is a CodingError."""
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        raise CodingError([Problem(shown, None, "file", "not found; check the path")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, shown)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path, shown)
    else:
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "file",
                    "give a .csv or .xlsx file with the columns of studykit export's findings.csv",
                )
            ]
        )
    if not rows:
        raise CodingError(
            [
                Problem(
                    shown,
                    1,
                    "header",
                    "the sheet is empty; it needs the header of studykit export's findings.csv",
                )
            ]
        )
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    problems = [
        Problem(shown, 1, name, "column missing; keep every column that studykit export writes")
        for name in FINDING_COLUMNS
        if name not in header and name not in ADDED_LATER
    ]
    problems += [
        Problem(shown, 1, name or "(empty)", f"unknown column; the columns are: {', '.join(FINDING_COLUMNS)}")
        for name in header
        if name not in FINDING_COLUMNS
    ]
    problems += [
        Problem(shown, 1, name, "column appears twice")
        for name in sorted({h for h in header if header.count(h) > 1})
    ]
    if problems:
        raise CodingError(problems)
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        values = values + [""] * (len(header) - len(values))
        extra = [v for v in values[len(header) :] if v.strip()]
        if extra:
            problems.append(
                Problem(
                    shown,
                    number,
                    "row",
                    f"has {len(header) + len(extra)} cells, the header {len(header)}; check the separators and quotes",
                )
            )
            continue
        out.append((number, dict(zip(header, values))))
    if problems:
        raise CodingError(problems)
    return shown, out


@dataclass(frozen=True)
class Imported:
    findings: int
    studies: list[str]
    written: list[Path]


def import_findings(path: str | Path, data_dir: str | Path | None = None) -> Imported:
    """Check every row, then write the study files whose findings changed (all or nothing)."""
    data_dir = resolve_data_dir(data_dir)
    shown, rows = read_sheet(path)
    problems: list[Problem] = []
    by_study: dict[str, list[tuple[int, dict]]] = {}
    for number, row in rows:
        study_id = row["study_id"].strip()
        if not study_id:
            problems.append(Problem(shown, number, "study_id", "empty; every row names its study"))
            continue
        finding = {name: (row.get(name, "").strip() or None) for name in FINDING_FIELDS}
        by_study.setdefault(study_id, []).append((number, finding))
    theme_ids, _ = codebook_ids(data_dir)
    replaced: dict[Path, str] = {}
    for study_id, numbered in by_study.items():
        first_row = numbered[0][0]
        study_path = data_dir / STUDIES_DIR / f"{study_id}.yaml"
        if not study_path.is_file():
            problems.append(
                Problem(
                    shown,
                    first_row,
                    "study_id",
                    f"no study file {shown_path(study_path, data_dir)}; add the study first with `studykit new-study SOURCE --id {study_id}`",
                )
            )
            continue
        text = study_path.read_text(encoding="utf-8")
        source_file = ((yaml.safe_load(text) or {}).get("source") or {}).get("file")
        source_path = data_dir / str(source_file)
        if not source_file or not source_path.is_file():
            problems.append(
                Problem(
                    shown,
                    first_row,
                    "study_id",
                    f"the source of {study_id} ({source_file}) is missing; run `studykit validate`",
                )
            )
            continue
        source_text = decode_text(source_path.read_bytes(), shown_path(source_path, data_dir))
        findings = [f for _, f in numbered]
        for index, column, message in finding_problems(study_id, findings, source_text, theme_ids):
            problems.append(Problem(shown, numbered[index][0], column, message))
        if problems:
            continue
        document = load(text)
        set_findings(document, findings)
        new_text = dump(document)
        if new_text != text:
            replaced[study_path] = new_text
    if problems:
        raise CodingError(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    publish({}, replaced, shown=lambda p: shown_path(p, data_dir))
    return Imported(len(rows), list(by_study), sorted(replaced))
