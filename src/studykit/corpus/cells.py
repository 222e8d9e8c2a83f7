"""Spreadsheet cells that stay text: CSV formula injection neutralised on export and undone on import.

A CSV cell that starts with ``= + - @``, a tab or a carriage return is run as a
formula by Excel and LibreOffice (OWASP "CSV injection"). Such a text is written
with a leading apostrophe, the spreadsheet convention for "this is text", and the
apostrophe is removed again on import. The rule is reversible for every text,
including texts that themselves start with apostrophes, so export → import gives
back the same value. (The .xlsx export needs no prefix: its cells are typed as
strings, never formulas.)
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _risky(text: str) -> bool:
    return text.lstrip("'").startswith(TRIGGERS)


def to_cell(value: Any) -> Any:
    """The CSV cell of ``value``: a text that a spreadsheet would run gets a leading apostrophe; other values
    as they are."""
    return "'" + value if isinstance(value, str) and _risky(value) else value


def from_cell(text: str) -> str:
    """The value of a CSV cell written by :func:`to_cell` (an apostrophe before a formula character is
    removed)."""
    return text[1:] if text.startswith("'") and _risky(text) else text
