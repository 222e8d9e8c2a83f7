"""The study file a new study starts from: every metadata field of the schema, its allowed values as a
comment, the recorded SHA-256, no findings.

The comments are in the coder's language (``lang``): in English, the schema's own descriptions; in Bahasa
Indonesia, the coding workbench's field hints (``workbench.hint.<field>`` of the message catalogue) and
``template.hint.<field>`` for the fields the workbench does not show."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import BaseModel

from ..corpus.messages import catalogue, t
from ..corpus.schema import Source, Study

STUDY_FIXED = ("study_id", "source", "findings")  # set by intake, not metadata


def _scalar(value: Any) -> str:
    """One YAML value on one line (flow style)."""
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
        .removesuffix("\n...\n")
        .rstrip("\n")
    )


def _allowed(annotation: Any) -> list[str]:
    """The allowed values of a Literal field (also inside Optional or list)."""
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return list(typing.get_args(arg))
        for inner in typing.get_args(arg):
            if typing.get_origin(inner) is typing.Literal:
                return list(typing.get_args(inner))
    return []


def _description(info, path: str, lang: str) -> str:
    """What a field holds, in ``lang``."""
    if lang != "en":
        for hint in (f"workbench.hint.{path}", f"template.hint.{path}"):
            if hint in catalogue():
                return t(hint, lang)
    return info.description or ""


def _comment(model, name: str, choices: dict[str, list[str]], path: str, lang: str = "en") -> str:
    info = model.model_fields[name]
    allowed = choices.get(name) or _allowed(info.annotation)
    parts = []
    if allowed:
        kind = "template.list_of" if typing.get_origin(info.annotation) is list else "template.one_of"
        parts.append(t(kind, lang, values=", ".join(allowed)))
    if not info.is_required():
        parts.append(t("template.optional", lang))
    parts.append(_description(info, path, lang))
    return " — ".join(p for p in parts if p)


def _lines(
    model,
    values: dict[str, Any],
    skip: Iterable[str],
    choices: dict[str, list[str]],
    indent: str,
    notes: dict[str, str],
    lang: str = "en",
    prefix: str = "",
) -> list[str]:
    lines = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        if isinstance(info.annotation, type) and issubclass(
            info.annotation, BaseModel
        ):  # a nested record: its own block
            lines.append(f"{indent}{name}:  # {_description(info, prefix + name, lang)}")
            nested = dict(values.get(name) or {})
            lines += _lines(info.annotation, nested, (), {}, indent + "  ", {}, lang, f"{prefix}{name}.")
            continue
        if name in values:
            value = values[name]
        else:
            value = [] if typing.get_origin(info.annotation) is list and name != "languages" else None
        comment = _comment(model, name, choices, prefix + name, lang)
        if name in notes:
            comment = f"{notes[name]}; {comment}"
        lines.append(f"{indent}{name}: {_scalar(value)}  # {comment}")
    return lines


def study_template(
    study_id: str,
    source_file: str,
    sha256: str,
    *,
    seed_file: str | None,
    metadata: dict[str, Any] | None = None,
    languages: list[str] | None = None,
    properties: dict[str, str] | None = None,
    framework_ids: Iterable[str] = (),
    lang: str = "en",
) -> str:
    """The text of a new study file: every metadata field (given values filled, the rest null), allowed
    values as comments (in ``lang``), no findings.

    ``properties`` (title/author from the document's properties) are shown as
    comments only: they are often a file name or the typist, not the study.
    """
    metadata = dict(metadata or {})
    source_values = dict(metadata.pop("source", None) or {})
    source_values.update(file=source_file, sha256=sha256)
    if seed_file is not None:
        source_values.setdefault("seed_file", seed_file)
    notes: dict[str, str] = {}
    if languages and "languages" not in source_values:
        source_values["languages"] = languages
        notes["languages"] = t("template.detected", lang)
    for key, value in (properties or {}).items():
        if source_values.get(key) is None:
            notes[key] = t("template.properties", lang, value=_scalar(value))
    choices = {"frameworks_declared": sorted(framework_ids)}
    header = [
        "# yaml-language-server: $schema=../schema/study.schema.json",
        *t("template.header", lang, seed=seed_file or source_file, study_id=study_id).split("\n"),
        f"study_id: {study_id}",
    ]
    body = _lines(Study, metadata, STUDY_FIXED, choices, "", {}, lang)
    source = ["source:"] + _lines(Source, source_values, (), {}, "  ", notes, lang, "source.")
    return "\n".join(header + body + source + ["findings: []", ""])
