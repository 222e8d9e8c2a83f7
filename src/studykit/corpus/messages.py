"""The one reader of the message catalogue ``src/studykit/reports/messages.yaml``: every text a reader or a
coder sees, in English (``en``) and Bahasa Indonesia (``id``), one key per text.

It lives in the lowest wing that needs it (problems of bad input are stated here in both languages), so the
reports (:mod:`studykit.reports.i18n`), the coding wing (:mod:`studykit.coding.labels`, the workbench) and
the command line read the same catalogue, parsed once by the one YAML loader, through the same lookup.

A problem of bad input (:class:`~.problems.Problem`) made by :func:`problem` carries its advice in both
languages, so the command line can state it in the language of the person fixing the file.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

from ..paths import MESSAGES
from .problems import Both, Problem, Said
from .safeyaml import load_yaml

LANGS = ("en", "id")
SHOWN = "src/studykit/reports/messages.yaml"  # how a problem of the catalogue names it


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every message: ``{key: {"en": ..., "id": ...}}``."""
    return load_yaml(MESSAGES.read_text(encoding="utf-8"), SHOWN)


def check_lang(lang: str) -> str:
    """``lang`` if studykit speaks it, else a ValueError naming the allowed values."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r} is not allowed; allowed values: 'en', 'id'")
    return lang


class _Counted(string.Formatter):
    """``str.format`` plus one spec for counts: ``{n:finding|findings}`` is the word for ``n``, the first
    form for 1 and the second for any other number (``{n} {n:finding|findings}``: "1 finding", "9 findings").
    The one way the catalogue writes a count's noun (or verb: ``{n:has|have}``); Indonesian has no plural
    forms and needs none. A number with a spec (``{size:,}``, ``{limit:g}``) is written as the language's
    readers write it, as :func:`studykit.corpus.numbers.number` does: ``20,000`` / ``20.000``, ``0.5`` /
    ``0,5``."""

    def __init__(self, lang: str = "en"):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return one if value in (1, "1") else other  # "1": a count a report has written already
        text = super().format_field(value, format_spec)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if self.lang == "id" and format_spec and number:
            return text.translate(_ID_SEPARATORS)  # thousands point, decimal comma
        return text


_ID_SEPARATORS = str.maketrans({",": ".", ".": ","})
_COUNTED = {lang: _Counted(lang) for lang in LANGS}


def t(key: str, lang: str, /, **values: Any) -> str:
    """The message ``key`` in ``lang``, its ``{placeholders}`` filled from ``values`` (KeyError: no such
    key); ``{n:one|other}`` is the word for the count ``n`` (:class:`_Counted`)."""
    template = catalogue()[key][check_lang(lang)]
    if not values:
        return template
    filled = {k: phrase(v, lang) for k, v in values.items()}
    return _COUNTED[lang].format(template, **filled)


def join_words(items: list[str], lang: str) -> str:
    """ "a, b and c" / "a, b, dan c" (PUEBI puts a comma before the "dan" of three or more)."""
    if len(items) <= 1:
        return "".join(items)
    serial = "," if lang == "id" and len(items) > 2 else ""
    return ", ".join(items[:-1]) + serial + t("list.and", lang) + items[-1]


def phrase(value: Any, lang: str) -> Any:
    """``value`` in ``lang``: a :class:`~.problems.Said` stated from the catalogue, a :class:`~.problems.Both`
    its text of ``lang``; anything else as it is."""
    if isinstance(value, Said):
        return t(value.key, lang, **value.values)
    if isinstance(value, Both):
        return getattr(value, check_lang(lang))
    return value


def fill(template: str, lang: str = "en", /, **values: Any) -> str:
    """``template`` (a text of ``lang``) filled as :func:`t` fills a message (``{n:one|other}`` included)."""
    return _COUNTED[check_lang(lang)].format(template, **values)


def placeholders(template: str) -> set[str]:
    """The names of a template's ``{placeholders}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def naming_finding(found: Problem, finding_id: str) -> Problem:
    """``found`` (a problem of a study file's finding) naming that finding by its id as well as by its
    position: ``findings.3.summary_en: finding jambi-bantar-04: …``, in each language."""
    from dataclasses import replace

    named = tuple((lang, t("problem.finding_named", lang, finding_id=finding_id)) for lang in LANGS)
    return replace(found, finding_id=finding_id, named=named)


def problem(file: str, line: int | None, field: str, key: str | Said, /, **values: Any) -> Problem:
    """A problem stated by the catalogue's ``key`` (or a :class:`~.problems.Said`): its English ``message``
    and its Indonesian translation (:meth:`~.problems.Problem.text`)."""
    if isinstance(key, Said):
        key, values = key.key, {**key.values, **values}
    said = (("id", t(key, "id", **values)),)
    return Problem(file, line, field, t(key, "en", **values), translations=said, kind=key)
