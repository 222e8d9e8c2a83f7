"""Advice on bad input in the language of the person fixing it (``lang`` = ``en`` or ``id``).

The texts are the ``problem.<kind>`` entries of the one message catalogue (read by
:mod:`.messages`). ``validate --lang`` and the coding workbench state them in the language of
the person fixing the file. :func:`pydantic_advice` turns a pydantic error into its kind and values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .messages import LANGS as LANGS
from .messages import catalogue, t
from .problems import Said

# pydantic error type -> problem kind (the rest is "other": pydantic's own English message)
PYDANTIC_KINDS = {
    "missing": "missing",
    "extra_forbidden": "unknown_field",
    "literal_error": "not_allowed",
    "enum": "not_allowed",
    "string_pattern_mismatch": "pattern",
    "string_too_short": "too_short_text",
    "string_too_long": "too_long_text",
    "too_short": "too_few_items",
    "too_long": "too_many_items",
    "int_parsing": "not_a_number",
    "int_type": "not_a_number",
    "int_from_float": "not_a_number",
    "greater_than_equal": "too_small",
    "less_than_equal": "too_large",
    "string_type": "not_text",
    "list_type": "not_a_list",
    "dict_type": "not_a_section",
    "model_type": "not_a_section",
    "model_attributes_type": "not_a_section",
    "bool_parsing": "not_yes_no",
    "bool_type": "not_yes_no",
    "date_parsing": "not_a_date",
    "date_from_datetime_parsing": "not_a_date",
    "date_type": "not_a_date",
    "finite_number": "not_a_number",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "emergent_mark": "emergent_mark",  # a theme's label holding † (:data:`.schema_types.EMERGENT_MARK`)
}
NUMBER_CHECKS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than", "int_type")


def near(target: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The ``n`` choices closest to a mistyped ``target``, closest first (difflib, ratio 0.6 or more): the one
    did-you-mean of studykit (study ids, places of the gazetteer)."""
    from difflib import get_close_matches

    return get_close_matches(target, list(choices), n=n, cutoff=0.6)


def loosely(value: str) -> str:
    """An id as one types it loosely: any case, spaces around it, no leading zeros ('T4' for 'T04'), '_' for
    '-' (`T04_barrier`, the export's cases.csv column, for report 6's condition `T04-barrier`)."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), value.strip().casefold().replace("_", "-"))


def meant(target: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """What a mistyped ``target`` likely means: the choices it equals :func:`loosely`, else :func:`near`'s."""
    choices = list(choices)
    return [c for c in choices if loosely(c) == loosely(target)] or near(target, choices, n)


def kinds() -> list[str]:
    """Every problem kind the catalogue states."""
    return sorted(key.split(".", 1)[1] for key in catalogue() if key.startswith("problem."))


def advice(kind: str, lang: str = "en", **values: Any) -> str:
    """The advice ``problem.<kind>`` in ``lang`` with its placeholders filled."""
    return t(f"problem.{kind}", lang, **values)


def _allowed(err: dict[str, Any], lang: str) -> str:
    """The allowed values of a literal error ("'kota' or 'kabupaten'") in ``lang``; Indonesian puts PUEBI's
    comma before the "atau" of three or more ("'kota', 'desa', atau 'kecamatan'")."""
    expected = str((err.get("ctx") or {}).get("expected", ""))
    serial = "," if lang == "id" and ", " in expected else ""
    return expected.replace(" or ", f"{serial} {advice('or', lang)} ")


def pydantic_advice(err: dict[str, Any], lang: str = "en") -> str:
    """A pydantic error as advice to the person editing the file."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return advice("missing", lang)
    if kind == "invalid_key":  # `1: c`, `~: c`, `yes: c`: YAML reads the key as a number, null or yes/no
        key = str(tuple(err["loc"])[-1]) if err["loc"] else "?"
        return advice("key_not_text", lang, key="~" if key == "None" else key)
    if isinstance(value, bool) and kind in NUMBER_CHECKS:  # `year: yes` is read as true, not as a number
        return advice("yes_no_not_a_number", lang, value=value)
    if value is None and tuple(err["loc"])[-1:] in (("summary_en",), ("summary_id",)):
        return advice("summary_to_write", lang)  # e.g. a suggestion accepted in the workbench without one
    if value is None:  # a field left empty, e.g. in a template written by `studykit new-study`
        if kind == "literal_error":
            return advice("empty_choice", lang, allowed=_allowed(err, lang))
        return advice("empty", lang)
    if kind == "date_from_datetime_inexact":  # `date: 2026-12-01 10:00`: YAML reads a time of day too
        return advice("not_a_date", lang, value=str(value))
    if kind == "too_short" and tuple(err["loc"]) == ("findings",):
        return advice("no_findings", lang, study_id="<study_id>", data="")  # the study file names its id
    name = PYDANTIC_KINDS.get(kind, "other")
    if name == "other":
        message = f"{err['msg']} (got {value!r})" if not isinstance(value, (dict, list)) else err["msg"]
        return advice("other", lang, message=message)
    if name == "pattern" and str(tuple(err["loc"])[-1]).endswith("theme_id"):
        return advice("theme_pattern", lang, value=value)
    if name == "not_text" and not isinstance(value, (str, dict, list, bool, int, float)):
        return advice("not_text_quote", lang, value=value)  # a date or time YAML read as such
    limit = ctx.get("ge", ctx.get("le"))
    length = Said("problem.text_length", {"n": len(value)}) if isinstance(value, str) else ""
    return advice(name, lang, value=value, allowed=_allowed(err, lang), limit=limit, length=length, **ctx)
