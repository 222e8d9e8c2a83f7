"""The metadata form's fields: every field of a study file the analyst fills, with its allowed values.

Read from the schema (:mod:`studykit.corpus.schema`), so that the form and ``validate`` never disagree:
a ``Literal`` field is a choice, a list a multiple choice (framework ids from the codebook),
``province`` a choice of the provinces of ``codebook/provinces.csv``.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ...corpus.schema import ImplementationOutcome, Source, Study

SKIP = {"study_id", "findings", "source", "implementation_outcome"}
SOURCE_SKIP = {"file", "sha256", "seed_file"}


@dataclass(frozen=True)
class FieldSpec:
    """One form field: its path in the study file, its kind and allowed values."""

    path: tuple[str, ...]
    kind: str  # text | number | choice | choices (a list of allowed values) | list (free text items)
    choices: tuple[str, ...]
    required: bool
    description: str

    @property
    def name(self) -> str:
        return ".".join(self.path)


def _literal(annotation: Any) -> tuple[str, ...]:
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return tuple(typing.get_args(arg))
        for inner in typing.get_args(arg):
            if typing.get_origin(inner) is typing.Literal:
                return tuple(typing.get_args(inner))
    return ()


def _specs(
    model: type[BaseModel], prefix: tuple[str, ...], skip: set[str], choices: dict[str, tuple]
) -> list:
    out = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation = info.annotation
        allowed = choices.get(name) or _literal(annotation)
        is_list = typing.get_origin(annotation) is list
        number = int in (annotation, *typing.get_args(annotation))
        kind = (
            "choices"
            if is_list and allowed
            else "list"
            if is_list
            else "choice"
            if allowed
            else "number"
            if number
            else "text"
        )
        required = info.is_required() and not is_list
        out.append(FieldSpec(prefix + (name,), kind, tuple(allowed), required, info.description or ""))
    return out


def form_fields(framework_ids: list[str], provinces: list[str]) -> list[FieldSpec]:
    """The fields of the metadata form, in the order of a study file."""
    choices = {"frameworks_declared": tuple(framework_ids), "province": tuple(provinces)}
    study = _specs(Study, (), SKIP, choices)
    outcome = _specs(ImplementationOutcome, ("implementation_outcome",), set(), {})
    source = _specs(Source, ("source",), SOURCE_SKIP, {})
    return study + outcome + source
