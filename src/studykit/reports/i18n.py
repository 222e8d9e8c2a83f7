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
    return template.format(**values) if values else template


def number(value: int, lang: str) -> str:
    """A whole number with the language's thousands separator: 50,000 (en), 50.000 (id)."""
    return f"{value:,}".replace(",", {"en": ",", "id": "."}[check_lang(lang)])


def label(table, key_column: str, key: str, lang: str, field: str = "label") -> str:
    """A codebook label (theme, framework variable) in ``lang``: ``<field>_<lang>`` of the row whose
    ``key_column`` is ``key``."""
    row = table.loc[table[key_column] == key]
    if row.empty:
        raise KeyError(f"{key!r} is not in the codebook")
    return str(row.iloc[0][f"{field}_{check_lang(lang)}"])
