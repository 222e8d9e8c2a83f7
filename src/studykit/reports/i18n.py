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
from ..corpus.numbers import MINUS as MINUS
from ..corpus.numbers import SEPARATORS as SEPARATORS
from ..corpus.numbers import number as _number

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
    return messages.fill(template, lang, **values) if values else template  # {n:study|studies} too


def number(value: Any, lang: str, decimals: int | None = None, *, missing: str = "—") -> str:
    """A number as a reader of ``lang`` writes it (:func:`studykit.corpus.numbers.number`, the one formatter;
    an unknown ``lang`` is a report parameter's error here)::

        number(3336, "id")           # '3.336'
        number(2 / 3, "id", 3)       # '0,667'
    """
    return _number(value, check_lang(lang), decimals, missing=missing)


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
