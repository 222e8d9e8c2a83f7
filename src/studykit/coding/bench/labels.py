"""What the coder reads, in English or Bahasa Indonesia: the workbench's texts come from the one
message catalogue (``src/studykit/reports/messages.yaml``, keys ``workbench.*``), read as data
(the coding wing does not import the reports wing), and the codebook's bilingual labels."""

from __future__ import annotations

from typing import Any

from ...corpus.advice import catalogue
from ...corpus.codebook import FINDING_TYPE_INFO, HIGHLIGHT_COLOURS
from ...corpus.problems import Problem

LANGS = ("en", "id")
TYPE_COLOURS = HIGHLIGHT_COLOURS  # the study profile's highlight colours


def _catalogue() -> dict[str, dict[str, str]]:
    return catalogue()  # read once, shared with the corpus wing's advice on problems


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


# a finding's fields as the editor names them
FINDING_FIELDS = {
    "finding_type": "workbench.type",
    "theme_id": "workbench.theme",
    "secondary_theme_id": "workbench.secondary_theme",
    "summary_en": "workbench.summary_en",
    "summary_id": "workbench.summary_id",
    "quote": "col.quote",
}


def problem_line(problem: Problem, lang: str, finding_ids: list[str | None]) -> str:
    """A problem of a save as the coder reads it: the field as the form or the editor names it (its key in
    brackets), then the advice (already in ``lang``). ``finding_ids``: the saved findings, in order."""
    field = problem.field
    parts = field.split(".")
    if f"workbench.field.{field}" in _catalogue():
        where = f"{t(f'workbench.field.{field}', lang)} ({field})"
    elif (
        parts[0] == "findings" and len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(finding_ids)
    ):
        name = ".".join(parts[2:])
        shown = t(FINDING_FIELDS[name], lang) if name in FINDING_FIELDS else name
        where = f"{t('workbench.col.id', lang)} {finding_ids[int(parts[1])]} · {shown} ({name})"
    else:
        where = field
    return f"{where}: {problem.message}"
