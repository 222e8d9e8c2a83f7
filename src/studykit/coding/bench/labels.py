"""What the coder reads, in English or Bahasa Indonesia: the workbench's texts come from the one
message catalogue (keys ``workbench.*``, read by :mod:`studykit.corpus.messages`: the coding wing does not
import the reports wing), and the codebook's bilingual labels."""

from __future__ import annotations

from typing import Any

from ...corpus import messages
from ...corpus.codebook import FINDING_TYPE_INFO, HIGHLIGHT_COLOURS
from ...corpus.messages import LANGS as LANGS
from ...corpus.messages import check_lang as check_lang
from ...corpus.problems import Problem

TYPE_COLOURS = HIGHLIGHT_COLOURS  # the study profile's highlight colours


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled (``type.<finding type>``: the
    codebook's name)."""
    if key.startswith("type.") and key[5:] in FINDING_TYPE_INFO:
        return FINDING_TYPE_INFO[key[5:]].label(check_lang(lang))
    return messages.t(key, lang, **values)


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
    if f"workbench.field.{field}" in messages.catalogue():
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
