"""Everything a report reader sees, in Bahasa Indonesia and English.

Report text comes from two places only: the bilingual codebook (theme, framework
and variable labels live in data/, finding-type names in :mod:`studykit.corpus.codebook`)
and the message catalogue ``messages.yaml`` next to this module, read by its one reader
:mod:`studykit.corpus.messages`. Notebooks never hard-code reader-facing text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..corpus import messages
from ..corpus.codebook import FINDING_TYPE_INFO
from ..corpus.messages import LANGS as LANGS
from ..corpus.messages import placeholders as placeholders

STUDY_LABEL = {"en": "label", "id": "label_id"}  # the study field that holds a study's label in each language


class UnknownMessage(KeyError):
    """A message key that the catalogue does not define."""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """The message catalogue: key -> {"en": ..., "id": ...}; the finding-type names come from the codebook."""
    types = {f"type.{t}": {"en": info.label_en, "id": info.label_id} for t, info in FINDING_TYPE_INFO.items()}
    return {**types, **messages.catalogue()}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        from .params import ParameterError

        raise ParameterError("lang", lang, LANGS)
    return lang


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    try:
        template = catalogue()[key][check_lang(lang)]
    except KeyError:
        raise UnknownMessage(f"no message {key!r} in messages.yaml") from None
    return messages.fill(template, **values) if values else template  # {n:study|studies} too


MINUS = "\u2212"  # the minus sign of every report (heatmap cells −1, signed counts)
SEPARATORS = {
    "en": (",", "."),
    "id": (".", ","),
}  # (thousands, decimal) as each language's readers write them


def number(value: Any, lang: str, decimals: int | None = None, *, missing: str = "—") -> str:
    """A number as a reader of ``lang`` writes it: the one number formatter of every report (tables, text,
    figure annotations and colour bars).

    English: thousands comma, decimal point (50,000; 0.667). Bahasa Indonesia: thousands point, decimal
    comma (50.000; 0,667). ``decimals``: digits after the decimal sign (rounded); by default none for
    a whole number and as Python writes a float (0.8 → "0.8" / "0,8"; 1.0 → "1.0" / "1,0"). ``None`` and
    NaN read ``missing``. Use it wherever a number reaches a reader::

        number(3336, "id")           # '3.336'
        number(2 / 3, "id", 3)       # '0,667'
        number(1.0, "en", 3)         # '1.000'
        number(-0.08, "en", 2)       # '−0.08' (a minus sign, as the heatmaps' −1)
    """
    thousands, point = SEPARATORS[check_lang(lang)]
    if value is None or (isinstance(value, float) and value != value):
        return missing
    if hasattr(value, "item") and not isinstance(value, (int, float)):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:
        return missing
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{value:,}"
    if text.startswith("-"):  # the minus sign (U+2212) of every report's −1, never a hyphen; −0.00 is 0.00
        text = text[1:] if not text.strip("-0.,") else MINUS + text[1:]
    return text.translate(str.maketrans({",": thousands, ".": point}))


def numbers_in(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """``values`` with every int and float written by :func:`number` (booleans and text as given): what a
    message placeholder receives."""
    return {
        k: number(v, lang) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        for k, v in values.items()
    }


def label(table, key_column: str, key: str, lang: str, field: str = "label") -> str:
    """A codebook label (theme, framework variable) in ``lang``: ``<field>_<lang>`` of the row whose
    ``key_column`` is ``key``."""
    row = table.loc[table[key_column] == key]
    if row.empty:
        raise KeyError(f"{key!r} is not in the codebook")
    return str(row.iloc[0][f"{field}_{check_lang(lang)}"])
