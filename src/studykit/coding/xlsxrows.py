"""The rows of an .xlsx findings sheet, streamed, bounded, and all of them.

openpyxl's read-only mode trusts the sheet's ``<dimension ref=...>`` and skips rows numbered out of order
(``<row r="-5">``, a number used twice): a forged dimension ``A1:T5`` imported 4 rows of 11 and reported
success. Here the sheet's rows are read from its XML whatever the dimension says, and a row whose number does
not follow the previous one is refused instead of dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import ProblemError, over_cap
from ..limits import SHEET_COLUMNS, SHEET_ROWS
from .archive import open_zip
from .publish import CodingError


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _refused(shown: str, number: int | None, field: str, key: str, **values) -> CodingError:
    return CodingError([problem(shown, number, field, key, **values)])


def _parsed(sheet) -> Iterator[tuple[int, list[dict]]]:
    """(row number as the XML gives it, its cells) for every ``<row>`` of ``sheet``, the dimension ignored."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _values(shown: str, number: int, cells: list[dict]) -> list[str]:
    """The row's cell texts by column (gaps empty), the first SHEET_COLUMNS; a formula refused."""
    from openpyxl.utils import get_column_letter

    values: dict[int, str] = {}
    for cell in cells:
        column = int(cell.get("column") or 0)
        if column < 1:
            raise _refused(shown, number, "cell", "problem.sheet_row_order", row=number)
        if column > SHEET_COLUMNS:
            continue
        if cell.get("data_type") == "f":
            where = f"{get_column_letter(column)}{number}"
            raise _refused(shown, number, where, "problem.formula", formula=str(cell.get("value"))[:40])
        values[column] = _cell(cell.get("value"))
    return [values.get(c, "") for c in range(1, max(values, default=0) + 1)]


def xlsx_rows(path: Path, shown: str) -> Iterator[list[str]]:
    """The rows of the findings sheet (``findings``, else the first), from row 1 to its last, gaps as empty
    rows; bounded in size, rows and columns; formulas and rows out of order refused."""
    from openpyxl import load_workbook

    try:
        open_zip(path, shown, "an .xlsx workbook").close()  # bounded before openpyxl inflates anything
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None

    def unreadable(exc: Exception) -> CodingError:
        return _refused(shown, None, "xlsx", "problem.xlsx_unreadable", kind=type(exc).__name__, error=exc)

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile workbook fails in many libraries' own ways
        raise unreadable(exc) from None
    try:
        sheet = book["findings"] if "findings" in book.sheetnames else book.worksheets[0]
        last = 0
        for number, cells in _parsed(sheet):
            if number <= last:
                raise _refused(shown, number, "row", "problem.sheet_row_order", row=number)
            if number > SHEET_ROWS.value + 1:
                what = over_cap(SHEET_ROWS, "cap.what.sheet_rows", rows=SHEET_ROWS.value)
                raise _refused(shown, None, "rows", what)
            for _gap in range(last + 1, number):
                yield []
            last = number
            yield _values(shown, number, cells)
    except CodingError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML, entities refused by defusedxml, bad zip members
        raise unreadable(exc) from None
    finally:
        book.close()
