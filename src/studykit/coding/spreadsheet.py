"""Findings coded in a spreadsheet back into the study files: ``studykit import-findings FILE.csv|FILE.xlsx``.

The sheet has the columns of the ``findings.csv`` that ``studykit export``
writes (or ``studykit suggest ID --format csv``), in any order; in an .xlsx the
sheet named ``findings`` is read (else the first). Rows are matched to the study
files' findings by ``finding_id`` (:mod:`.sheetmerge`): they edit and add
findings, never quietly undo a reviewed or rejected one, and keep the findings
they have no row for, unless ``--replace`` makes the sheet the whole truth of
the studies it has rows for; studies without rows are left alone. The computed
columns (``quote_start``, ``quote_end``, ``quote_en_start``, ``quote_en_end``,
``source_file``) are ignored: every quote is located again in its source. An
empty summary is a gap, as in the study file: the study stays a draft. A finding
whose values did not change keeps its YAML text (comments, folded notes), so
export → import gives back byte-identical study files.

Everything is checked before anything is written; each problem is reported as
``FILE:ROW: column: problem`` (ROW as a spreadsheet numbers it, header = 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..corpus.cells import from_cell
from ..corpus.codebook import read_merged, read_retired
from ..corpus.load import STUDIES_DIR
from ..corpus.messages import problem
from ..corpus.problems import Problem, ProblemError, over_cap
from ..corpus.readers import no_file, parse_yaml, read_text_and_sha256
from ..corpus.sources import named_source, read_source
from ..corpus.tables import FINDING_COLUMNS
from ..limits import SHEET_BYTES, SHEET_ROWS
from ..paths import resolve_data_dir, shown_path
from .intake import check_study_id, codebook_ids, decode_text
from .publish import CodingError, publish
from .sheetmerge import merge
from .studyfile import FINDING_FIELDS, dump, load, set_findings, stated_finding_problems, summaries_as_gaps
from .xlsxrows import xlsx_rows

CELL_CHARS = 131_072  # the most a CSV cell may hold (csv's default): a whole text pasted is refused
ADDED_LATER = ("coders", "memo")  # optional columns a sheet exported before they existed may lack
COMPUTED = ("quote_start", "quote_end", "quote_en_start", "quote_en_end", "source_file")


def _too_many_rows(shown: str) -> CodingError:
    return CodingError(
        [problem(shown, None, "rows", over_cap(SHEET_ROWS, "cap.what.sheet_rows", rows=SHEET_ROWS.value))]
    )


def _csv_rows(path: Path, shown: str) -> Iterator[list[str]]:
    """The rows of a CSV, one at a time, cells restored from their neutralised form
    (:mod:`studykit.corpus.cells`)."""
    size = path.stat().st_size
    if size > SHEET_BYTES.value:
        raise CodingError(
            [problem(shown, None, "file", over_cap(SHEET_BYTES, "cap.what.file_bytes", size=size))]
        )
    text = decode_text(path.read_bytes(), shown, sheet=True)
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # Excel writes ';' where ',' is the decimal mark
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    # the limit is process-wide and a library may have raised it (frictionless does when imported): set here
    previous = csv.field_size_limit(CELL_CHARS)
    try:
        for count, row in enumerate(reader):
            if count > SHEET_ROWS.value:
                raise _too_many_rows(shown)
            yield [from_cell(v) for v in row]
    except csv.Error as exc:
        if "field larger than field limit" in str(
            exc
        ):  # a whole text pasted into one cell, not a broken file
            said = problem(shown, reader.line_num, "csv", "problem.sheet_cell_long", limit=CELL_CHARS)
            raise CodingError([said]) from None
        raise CodingError([problem(shown, reader.line_num, "csv", "problem.sheet_csv", error=exc)]) from None
    finally:
        csv.field_size_limit(previous)


# the export's tables for analysis (studykit.analysis.tidy), known by columns findings.csv does not have
ANALYSIS_TABLES = {
    "quotes.csv": {"counted", "theme_label_en", "study_label"},
    "cases.csv": {"n_findings", "shortfall", "success"},
    "memos.csv": {"level", "target", "text", "line"},
}


def read_sheet(path: str | Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(shown file name, [(row number, {column: text})]) of a findings CSV or XLSX; a wrong header is a
    CodingError."""
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        raise CodingError([no_file(path, shown)])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(_csv_rows(path, shown))
    elif suffix in (".xlsx", ".xlsm"):
        rows = list(xlsx_rows(path, shown))
    else:
        raise CodingError([problem(shown, None, "file", "problem.sheet_kind")])
    if not rows:
        raise CodingError([problem(shown, 1, "header", "problem.sheet_empty")])
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    for table, marks in ANALYSIS_TABLES.items():  # one line, not a problem per column
        if marks <= set(header):
            raise CodingError([problem(shown, 1, "header", "problem.analysis_table", table=table)])
    problems = [
        problem(shown, 1, name, "problem.column_missing")
        for name in FINDING_COLUMNS
        if name not in header and name not in ADDED_LATER
    ]
    problems += [
        problem(shown, 1, name or "(empty)", "problem.column_unknown", columns=", ".join(FINDING_COLUMNS))
        for name in header
        if name not in FINDING_COLUMNS
    ]
    problems += [
        problem(shown, 1, name, "problem.column_twice")
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
                problem(
                    shown, number, "row", "problem.row_cells", n=len(header) + len(extra), header=len(header)
                )
            )
            continue
        out.append((number, dict(zip(header, values, strict=False))))
    if problems:
        raise CodingError(problems)
    return shown, out


@dataclass(frozen=True)
class Imported:
    """What ``import-findings`` did: findings and studies read, study files written, and the findings of
    those studies that the sheet has no row for (kept, or deleted by ``--replace``)."""

    findings: int
    studies: list[str]
    written: list[Path]
    kept: int = 0
    dropped: int = 0


def _rows_by_study(shown: str, rows: list[tuple[int, dict[str, str]]], problems: list[Problem]) -> dict:
    """{study id: [(row number, its finding: the sheet's columns, empty cells None)]}; a row without a valid
    study id is a problem."""
    by_study: dict[str, list[tuple[int, dict]]] = {}
    for number, row in rows:
        study_id = row["study_id"].strip()
        if not study_id:
            problems.append(problem(shown, number, "study_id", "problem.row_no_study"))
            continue
        if (why := check_study_id(study_id)) is not None:
            problems.append(problem(shown, number, "study_id", why))
            continue
        finding = {name: (row[name].strip() or None) for name in FINDING_FIELDS if name in row}
        by_study.setdefault(study_id, []).append((number, finding))
    return by_study


def import_findings(path: str | Path, data_dir: str | Path | None = None, replace: bool = False) -> Imported:
    """Check every row, then write the study files whose findings changed (all or nothing); rows meet the
    study files' findings as :mod:`.sheetmerge` says (``replace``: the sheet replaces them)."""
    data_dir = resolve_data_dir(data_dir)
    shown, rows = read_sheet(path)
    sheet_time = Path(path).stat().st_mtime_ns
    problems: list[Problem] = []
    by_study = _rows_by_study(shown, rows, problems)
    theme_ids, _ = codebook_ids(data_dir)
    merged_ids = read_merged(data_dir)  # a row naming a merged theme is told where it went
    replaced: dict[Path, str] = {}
    base: dict[Path, str] = {}  # what each file held when read: a change made meanwhile is never lost
    kept = dropped = 0
    for study_id, numbered in by_study.items():
        first_row = numbered[0][0]
        study_path = data_dir / STUDIES_DIR / f"{study_id}.yaml"
        study_shown = shown_path(study_path, data_dir)
        if not study_path.is_file():
            problems.append(
                problem(
                    shown,
                    first_row,
                    "study_id",
                    "problem.row_study_missing",
                    file=study_shown,
                    study_id=study_id,
                )
            )
            continue
        try:
            text, read_hash = read_text_and_sha256(study_path, study_shown)
            content = parse_yaml(text, study_shown)
            source_file = named_source(content, study_shown)
            source_text = read_source(data_dir, source_file, study_shown)[0]
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        document = load(text)
        existing = [dict(f) for f in document.get("findings") or [] if hasattr(f, "get")]
        older = study_path.stat().st_mtime_ns > sheet_time
        merged = merge(existing, [f for _, f in numbered], replace=replace, sheet_older=older)
        kept, dropped = kept + len(merged.kept), dropped + len(merged.dropped)
        problems += [
            problem(shown, numbered[r.row][0], r.column, r.key, file=study_shown, **r.values)
            for r in merged.refused
        ]
        line_of = lambda i, m=merged, at=numbered: None if m.rows[i] is None else at[m.rows[i]][0]  # noqa: E731
        problems += [  # the sheet's rows only: a finding kept as the file has it is validate's to judge
            p
            for p in stated_finding_problems(
                shown,
                line_of,
                lambda i, column: column,
                study_id,
                summaries_as_gaps(merged.findings),  # an empty summary: the study stays a draft
                source_text,
                theme_ids,
                merged=merged_ids,
                retired=read_retired(data_dir),
            )
            if p.line is not None
        ]
        if problems:
            continue
        set_findings(document, merged.findings)
        new_text = dump(document)
        if new_text != text and parse_yaml(new_text, study_shown) != content:  # not only laid out anew
            replaced[study_path], base[study_path] = new_text, read_hash
    if problems:
        raise CodingError(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    publish({}, replaced, shown=lambda p: shown_path(p, data_dir), base=base, root=data_dir)
    return Imported(len(rows), list(by_study), sorted(replaced), kept, dropped)
