"""The tidy tables built from the models, and their Frictionless Table Schemas.

Column names, types, descriptions and allowed values come from
:mod:`studykit.schema`; only the columns computed by studykit (quote offsets,
source paths) are described here.
"""

from __future__ import annotations

import types
import typing
from operator import itemgetter
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel

from .schema import (
    CrosswalkEntry,
    Finding,
    Framework,
    FrameworkFile,
    FrameworkVariable,
    ImplementationOutcome,
    Province,
    Regency,
    Source,
    Study,
    Theme,
    ThemeFile,
)

DERIVED = {
    "study_id": ("string", "Id of the study the row belongs to (studies.study_id)."),
    "quote_start": ("integer", "Start offset (code points) of the quote in the raw source text."),
    "quote_end": ("integer", "End offset (exclusive) of the quote in the raw source text."),
    "quote_en_start": ("integer", "Start offset of the English parallel quote, if any."),
    "quote_en_end": ("integer", "End offset (exclusive) of the English parallel quote, if any."),
    "source_file": ("string", "Path of the source text, relative to the repository root."),
    "framework_name": ("string", "Name of the framework the variable belongs to."),
    "framework_year": ("integer", "Year of the framework's original publication."),
    "framework_citation": ("string", "Full reference of the framework's original publication."),
    "island": ("string", "Island group of the study's province, from codebook/provinces.csv."),
    "outcome_quote_start": (
        "integer",
        "Start offset (code points) of the outcome quote in the raw source text.",
    ),
    "outcome_quote_end": ("integer", "End offset (exclusive) of the outcome quote in the raw source text."),
}

_FINDING_FIELDS = list(Finding.model_fields)
FINDING_COLUMNS = (
    ["study_id"]
    + _FINDING_FIELDS[: _FINDING_FIELDS.index("quote") + 1]
    + ["quote_start", "quote_end", "quote_en", "quote_en_start", "quote_en_end", "source_file"]
    + [f for f in _FINDING_FIELDS[_FINDING_FIELDS.index("quote_en") + 1 :]]
)
_SOURCE_PREFIXED = {
    "file": "source_file",
    "sha256": "source_sha256",
    "note": "source_note",
    "languages": "source_languages",
}
_NESTED = ("source", "findings", "implementation_outcome")
OUTCOME_COLUMNS = [
    "outcome_rating",
    "outcome_quote",
    "outcome_quote_start",
    "outcome_quote_end",
    "outcome_note",
]
_STUDY_FIELDS = [f for f in Study.model_fields if f not in _NESTED]
STUDY_COLUMNS = (
    _STUDY_FIELDS[: _STUDY_FIELDS.index("province") + 1]
    + ["island"]
    + _STUDY_FIELDS[_STUDY_FIELDS.index("province") + 1 :]
    + OUTCOME_COLUMNS
    + [_SOURCE_PREFIXED.get(f, f) for f in Source.model_fields]
)
PROVINCE_COLUMNS = list(Province.model_fields)
REGENCY_COLUMNS = list(Regency.model_fields)
THEME_COLUMNS = list(Theme.model_fields)
VARIABLE_COLUMNS = ["framework_id", "framework_name", "framework_year", "framework_citation"] + list(
    FrameworkVariable.model_fields
)
CROSSWALK_COLUMNS = list(CrosswalkEntry.model_fields)
INTEGER_COLUMNS = {
    "quote_start",
    "quote_end",
    "quote_en_start",
    "quote_en_end",
    "year",
    "framework_year",
    "outcome_quote_start",
    "outcome_quote_end",
}

# table name -> (columns, models whose fields describe them, primary key, foreign keys)
TABLES: dict[str, tuple[list[str], tuple[type[BaseModel], ...], list[str], list[dict[str, Any]]]] = {
    "studies": (
        STUDY_COLUMNS,
        (Study, ImplementationOutcome, Source),
        ["study_id"],
        [
            {"fields": ["province"], "reference": {"resource": "provinces", "fields": ["province"]}},
        ],
    ),
    "findings": (
        FINDING_COLUMNS,
        (Finding,),
        ["finding_id"],
        [
            {"fields": ["study_id"], "reference": {"resource": "studies", "fields": ["study_id"]}},
            {"fields": ["theme_id"], "reference": {"resource": "themes", "fields": ["theme_id"]}},
        ],
    ),
    "themes": (THEME_COLUMNS, (Theme,), ["theme_id"], []),
    "frameworks": (VARIABLE_COLUMNS, (FrameworkVariable, Framework), ["variable_id"], []),
    "crosswalk": (
        CROSSWALK_COLUMNS,
        (CrosswalkEntry,),
        [],
        [
            {"fields": ["theme_id"], "reference": {"resource": "themes", "fields": ["theme_id"]}},
        ],
    ),
    "provinces": (PROVINCE_COLUMNS, (Province,), ["province"], []),
    "regencies": (
        REGENCY_COLUMNS,
        (Regency,),
        ["code"],
        [{"fields": ["province"], "reference": {"resource": "provinces", "fields": ["province"]}}],
    ),
}


_finding_values = itemgetter(*FINDING_COLUMNS)
_study_values = itemgetter(*STUDY_COLUMNS)


def finding_row(study_id: str, finding: dict[str, Any], span, span_en, source_file: str) -> tuple:
    """A findings row from a dumped Finding, as a tuple in FINDING_COLUMNS order (cheap to pickle and to
    load)."""
    return _finding_values(
        {
            **finding,
            "study_id": study_id,
            "quote_start": span[0],
            "quote_end": span[1],
            "quote_en_start": span_en[0],
            "quote_en_end": span_en[1],
            "source_file": source_file,
        }
    )


def study_row(study: dict[str, Any], source_file: str, island: str | None, outcome_span) -> tuple:
    """A studies row from a dumped Study, as a tuple in STUDY_COLUMNS order."""
    row = {k: v for k, v in study.items() if k not in _NESTED}
    row.update({_SOURCE_PREFIXED.get(k, k): v for k, v in study["source"].items()})
    row.update({f"outcome_{k}": v for k, v in study["implementation_outcome"].items()})
    row.update(
        source_file=source_file,
        island=island,
        outcome_quote_start=outcome_span[0],
        outcome_quote_end=outcome_span[1],
    )
    return _study_values(row)


def theme_rows(themes: ThemeFile) -> list[dict[str, Any]]:
    return [t.model_dump() for t in themes.themes]


def variable_rows(frameworks: FrameworkFile) -> list[dict[str, Any]]:
    return [
        {
            "framework_id": fw.framework_id,
            "framework_name": fw.name,
            "framework_year": fw.year,
            "framework_citation": fw.citation,
            **v.model_dump(),
        }
        for fw in frameworks.frameworks
        for v in fw.variables
    ]


def frame(rows: list[dict[str, Any]] | list[tuple], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (rows as dicts, or tuples in column order), integer columns as
    nullable Int64."""
    df = pd.DataFrame(rows, columns=columns)
    for col in INTEGER_COLUMNS.intersection(columns):
        df[col] = df[col].astype("Int64")
    return df


def _field_schema(name: str, models: tuple[type[BaseModel], ...]) -> dict[str, Any]:
    if name in DERIVED and not any(name in m.model_fields for m in models):
        kind, description = DERIVED[name]
        return {"name": name, "type": kind, "description": description}
    source_name = next((k for k, v in _SOURCE_PREFIXED.items() if v == name), name)
    for model in models:
        nested = (
            name.removeprefix("outcome_")
            if model is ImplementationOutcome
            else source_name
            if model is Source
            else name
        )
        info = model.model_fields.get(nested)
        if info is None:
            continue
        spec: dict[str, Any] = {"name": name, "type": "string"}
        if info.description:
            spec["description"] = info.description
        annotation = info.annotation
        optional = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        base = next(a for a in typing.get_args(annotation) if a is not type(None)) if optional else annotation
        constraints: dict[str, Any] = {}
        if typing.get_origin(base) is Literal:
            constraints["enum"] = list(typing.get_args(base))
        elif base is int:
            spec["type"] = "integer"
        elif base is bool:
            spec["type"] = "boolean"
        elif typing.get_origin(base) is list:
            spec["description"] = spec.get("description", "") + " (list, items joined by '; ')"
        for meta in info.metadata:
            pattern = getattr(meta, "pattern", None)
            if pattern:
                constraints["pattern"] = pattern.removeprefix("^").removesuffix("$")
        if info.is_required() and not optional and typing.get_origin(base) is not list:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        return spec
    raise KeyError(f"column {name!r} is described nowhere; add it to DERIVED or a model")


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema of one exported table."""
    columns, models, primary_key, foreign_keys = TABLES[table]
    schema: dict[str, Any] = {"fields": [_field_schema(c, models) for c in columns], "missingValues": [""]}
    if primary_key:
        schema["primaryKey"] = primary_key
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema
