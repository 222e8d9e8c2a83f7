"""What a report variant is called and how its parameters read: one place for the report's own heading, the
site index and the footer, so two variants of one notebook are told apart in words, in both languages.

The names come from :class:`Names`, built from a loaded corpus (in a notebook) or from the render plan's light
catalogue (``render.manifest.Catalog``), so the index and the page say the same. The exact parameter values
stay available beside the readable ones (:func:`exact`), for reproducing a report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..corpus.messages import join_words
from . import i18n
from .params import ALL

VALENCE_ORDER = ("enabler", "barrier")  # a title names enablers before barriers, whatever order was passed
HIDDEN = ("lang",)  # parameters every report has: the page's language says it
FILTERS = ("study_id", "theme_id", "variable_id", "finding_type", "attribute", "attribute_value")  # '': all


@dataclass(frozen=True)
class Names:
    """The labels a title or parameter needs: study id -> lang -> label, theme id -> lang -> short label,
    framework id -> name, variable id -> lang -> label."""

    studies: dict[str, dict[str, str]] = field(default_factory=dict)
    themes: dict[str, dict[str, str]] = field(default_factory=dict)
    frameworks: dict[str, str] = field(default_factory=dict)
    variables: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of_corpus(cls, corpus) -> Names:
        s, t, f = corpus.studies, corpus.themes, corpus.frameworks
        return cls(
            {
                row["study_id"]: {lang: str(row[col]) for lang, col in i18n.STUDY_LABEL.items()}
                for _, row in s.iterrows()
            },
            {
                row["theme_id"]: {lang: str(row[f"short_{lang}"]) for lang in i18n.LANGS}
                for _, row in t.iterrows()
            },
            dict(zip(f["framework_id"], f["framework_name"], strict=False)),
            {
                row["variable_id"]: {lang: str(row[f"label_{lang}"]) for lang in i18n.LANGS}
                for _, row in f.iterrows()
            },
        )


def types_plural(types, lang: str) -> str:
    """Finding types as a title names them: "enablers and barriers" / "faktor pendukung dan penghambat"."""
    ordered = [t for t in VALENCE_ORDER if t in types] + [t for t in types if t not in VALENCE_ORDER]
    return join_words([i18n.t(f"plural.{t}", lang) for t in ordered], lang)


def _condition(condition_id: str, lang: str, names: Names) -> str:
    theme_id, _, kind = condition_id.partition("-")
    return names.themes.get(theme_id, {}).get(lang, theme_id)


def _condition_with_type(condition_id: str, lang: str, names: Names) -> str:
    """ "T04 Funds (barrier)"."""
    theme_id, _, kind = condition_id.partition("-")
    kind_label = i18n.t(f"type.{kind}", lang).lower()
    return f"{theme_id} {_condition(condition_id, lang, names)} ({kind_label})"


def conditions_text(conditions, lang: str, names: Names) -> str:
    """QCA conditions grouped by type: "barriers on Funds, Staff and Structure"."""
    parts = []
    for kind in ("barrier", "enabler"):
        mine = [_condition(c, lang, names) for c in conditions if c.endswith(f"-{kind}")]
        if mine:
            parts.append(
                i18n.t(
                    "qca.title_conditions",
                    lang,
                    types=i18n.t(f"plural.{kind}", lang),
                    themes=join_words(mine, lang),
                )
            )
    return "; ".join(parts)


def values(notebook: str, params: dict[str, Any], lang: str, names: Names) -> dict[str, str]:
    """The placeholders of the title messages (``cross.title``, ``qca.title``) for these parameters: every
    placeholder for every notebook (``reports.yaml`` may give any notebook any title), from the parameters
    the notebook has and the defaults of those it has not."""
    variant = ""
    if params.get("group_by", "study") != "study":
        variant += i18n.t("cross.title_by", lang, attribute=i18n.t(f"group_by.{params['group_by']}", lang))
    if int(params.get("min_studies", 1)) > 1:
        variant += i18n.t("cross.title_min", lang, n=i18n.number(int(params["min_studies"]), lang))
    return {
        "types": types_plural(params.get("finding_types", VALENCE_ORDER), lang),
        "variant": variant,
        "conditions": conditions_text(params.get("conditions", []), lang, names),
        "outcome": i18n.t(f"qca.outcome_short.{params.get('outcome', 'shortfall')}", lang),
    }


def title(key: str, notebook: str, params: dict[str, Any], lang: str, names: Names, **extra: Any) -> str:
    """The title message ``key`` filled for this report variant."""
    return i18n.t(key, lang, **extra, **values(notebook, params, lang, names))


def _value(name: str, value: Any, lang: str, names: Names) -> str:
    """One parameter value as a reader of ``lang`` reads it."""
    every = i18n.t("all", lang)
    if name == "finding_types":
        return types_plural(value, lang)
    if name == "conditions":
        return "; ".join(_condition_with_type(c, lang, names) for c in value)
    if name in FILTERS and value == ALL:
        return every
    if name == "attribute":
        return i18n.t(f"group_by.{value}", lang)
    if name == "study_id":
        return names.studies.get(value, {}).get(lang, value)
    if name == "theme_id":
        return f"{value} {names.themes.get(value, {}).get(lang, '')}".strip()
    if name == "variable_id":
        return f"{value} {names.variables.get(value, {}).get(lang, '')}".strip()
    if name == "finding_type":
        return i18n.t(f"type.{value}", lang)
    if name == "framework":
        return names.frameworks.get(value, value)
    if name == "group_by":
        return i18n.t(f"group_by.{value}", lang)
    if name == "outcome":
        return i18n.t(f"qca.outcome_short.{value}", lang)
    if name == "second_coding":
        return value or i18n.t("param.none", lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return i18n.number(value, lang)
    return str(value)


def readable(params: dict[str, Any], lang: str, names: Names) -> str:
    """The parameters as a reader of ``lang`` reads them: "finding types: barriers · columns: type of local
    government …" ("—" when a report has none besides its language)."""
    shown = [
        f"{i18n.t(f'param.{k}', lang)}: {_value(k, v, lang, names)}"
        for k, v in params.items()
        if k not in HIDDEN
    ]
    return " · ".join(shown) or "—"


def exact(params: dict[str, Any]) -> str:
    """The exact parameter values (JSON, sorted keys): what reproduces the report."""
    return json.dumps(params, ensure_ascii=False, sort_keys=True)
