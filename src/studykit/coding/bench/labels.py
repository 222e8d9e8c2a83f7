"""What the coder reads, in English or Bahasa Indonesia: the workbench's texts come from the one
message catalogue (``src/studykit/reports/messages.yaml``, keys ``workbench.*``), read as data
(the coding wing does not import the reports wing), and the codebook's bilingual labels."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...corpus.codebook import FINDING_TYPE_INFO, HIGHLIGHT_COLOURS
from ...corpus.safeyaml import load_yaml
from ...paths import MESSAGES

LANGS = ("en", "id")
TYPE_COLOURS = HIGHLIGHT_COLOURS  # the study profile's highlight colours


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, str]]:
    return load_yaml(MESSAGES.read_text(encoding="utf-8"), "src/studykit/reports/messages.yaml")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r} is not allowed; allowed values: 'en', 'id'")
    return lang


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled (``type.<finding type>``: the
    codebook's name)."""
    if key.startswith("type.") and key[5:] in FINDING_TYPE_INFO:
        return FINDING_TYPE_INFO[key[5:]].label(check_lang(lang))
    template = _catalogue()[key][check_lang(lang)]
    return template.format(**values) if values else template
