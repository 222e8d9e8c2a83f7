"""How the rows of a findings sheet meet a study's findings (``studykit import-findings``).

Rows are matched to the study file's findings by ``finding_id``. By default a sheet *adds and edits*: a row
whose id the file has changes that finding where it stands (a column the sheet lacks leaves that field as
it is), a row with a new id is appended, in row order, and a finding of the file without a row is kept.
What an analyst has decided (a reviewed or rejected finding, :mod:`.decided`) is never quietly undone; a row
is refused when it would

- make a decided finding unreviewed again (a suggestion sheet or an old export read back in), or
- change a decided finding while the study file was saved after the sheet (the sheet predates that work).

``replace=True`` (``import-findings --replace``): the sheet is the whole new truth for the studies it has
rows for. Each gets exactly its rows, in row order; a finding without a row is deleted; nothing is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .decided import is_decided, status_of
from .studyfile import FINDING_FIELDS, normalized


@dataclass(frozen=True)
class Refusal:
    """A row that would undo an analyst's decision: its index among the study's rows, the column, the
    message key (``messages.yaml``) and its values."""

    row: int
    column: str
    key: str
    values: dict[str, str]


@dataclass
class Merged:
    """A study's findings after the import, and what became of those the sheet has no row for."""

    findings: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int | None] = field(default_factory=list)  # each finding's row index; None: kept from the file
    kept: list[str] = field(default_factory=list)  # ids of the file's findings without a row, kept
    dropped: list[str] = field(default_factory=list)  # ids of the file's findings without a row, deleted
    refused: list[Refusal] = field(default_factory=list)


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The fields whose values differ as the schema sees them (:func:`.studyfile.normalized`)."""
    a, b = normalized(old), normalized(new)
    return [name for name in FINDING_FIELDS if a[name] != b[name]]


def _refusal(index: int, old: dict[str, Any], new: dict[str, Any], sheet_older: bool) -> Refusal | None:
    """Why the row ``index`` may not turn the decided finding ``old`` into ``new``, or None."""
    status = status_of(old)
    values = {"finding_id": str(old.get("finding_id")), "status": status}
    if status_of(new) == "unreviewed":
        return Refusal(index, "review_status", "problem.sheet_unreviews", values)
    changed = changed_fields(old, new)
    if sheet_older and changed:
        return Refusal(index, changed[0], "problem.sheet_older", {**values, "fields": ", ".join(changed)})
    return None


def merge(
    existing: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    *,
    replace: bool = False,
    sheet_older: bool = False,
) -> Merged:
    """The study's findings once ``rows`` (its rows of the sheet: the columns the sheet has, empty cells
    None) meet ``existing`` (the study file's); ``sheet_older``: the study file was saved after the sheet."""
    by_id = {str(f.get("finding_id")): i for i, f in enumerate(existing) if f.get("finding_id")}
    out = Merged()
    slots: dict[int, tuple[int, dict[str, Any]]] = {}  # index in existing -> (row index, its new values)
    appended: list[tuple[int, dict[str, Any]]] = []
    for r, row in enumerate(rows):
        at = by_id.get(str(row.get("finding_id")))
        if at is None or at in slots:  # a new finding (or an id given twice: its check names the row)
            appended.append((r, dict(row)))
            continue
        old = dict(existing[at])
        values = {**old, **row}
        slots[at] = (r, values)
        if not replace and is_decided(old) and (why := _refusal(r, old, values, sheet_older)) is not None:
            out.refused.append(why)
    unmatched = [str(f.get("finding_id")) for i, f in enumerate(existing) if i not in slots]
    if replace:
        placed = sorted([*slots.values(), *appended], key=lambda pair: pair[0])
        out.dropped = unmatched
    else:
        placed = [slots.get(i, (None, dict(f))) for i, f in enumerate(existing)] + appended
        out.kept = unmatched
    out.rows = [r for r, _ in placed]
    out.findings = [values for _, values in placed]
    return out
