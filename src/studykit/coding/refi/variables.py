"""A REFI-QDA source's variables (document attributes) as study and source fields of the schema.

Variables named like schema fields fill them; values the schema does not allow, and variables it
does not know, are kept aside and listed, never written.
"""

from __future__ import annotations

from ...corpus.problems import Both, Said
from ...corpus.schema import Source, Study
from ..intake import metadata_problems
from .planned import PlannedStudy

LIST_FIELDS = {
    f for f, info in {**Study.model_fields, **Source.model_fields}.items() if "list" in str(info.annotation)
}
SOURCE_VARIABLES = {
    "source_type": "source_type",
    "source_languages": "languages",
    "source_note": "note",
    "seed_file": "seed_file",
    "title": "title",
    "author": "author",
    "year": "year",
    "institution": "institution",
}
STUDY_VARIABLES = {
    f: f for f in Study.model_fields if f not in ("study_id", "source", "findings", "implementation_outcome")
}
OUTCOME_VARIABLES = {
    "outcome_rating": "rating",
    "outcome_quote": "quote",
    "outcome_note": "note",
}  # -> implementation_outcome
DERIVED_VARIABLES = {
    "study_id",
    "source_sha256",
    "source_file",
    "case",
    "island",
    "outcome_quote_start",
    "outcome_quote_end",
}  # read, or recomputed, not attributes


def study_attributes(planned: PlannedStudy, variables: dict[str, str]) -> None:
    """Fill ``planned``'s study and source fields from ``variables``; the rest go to its unused variables."""
    for name, value in sorted(variables.items()):
        key = name.strip()
        if key in DERIVED_VARIABLES:
            continue
        value = value.strip()
        if key in OUTCOME_VARIABLES:
            if value:
                planned.study.setdefault("implementation_outcome", {})[OUTCOME_VARIABLES[key]] = value
            continue
        target, field_name = (
            (planned.study, STUDY_VARIABLES[key])
            if key in STUDY_VARIABLES
            else (planned.source_fields, SOURCE_VARIABLES.get(key))
            if key in SOURCE_VARIABLES
            else (None, None)
        )
        if target is None:
            planned.unused_variables[name] = value
            continue
        if field_name in LIST_FIELDS:
            target[field_name] = [v.strip() for v in value.split(";") if v.strip()]
        elif not value:
            continue
        elif field_name == "year":
            if value.isdigit():
                target[field_name] = int(value)
            else:
                planned.unused_variables[name] = value
        else:
            target[field_name] = value
    metadata = {**planned.study, "source": planned.source_fields}
    english, indonesian = metadata_problems(metadata, "en"), metadata_problems(metadata, "id")
    for (name, message), (_, message_id) in zip(english, indonesian, strict=True):
        key = name.removeprefix("source.")
        holder = planned.source_fields if name.startswith("source.") else planned.study
        if key in holder:  # a value the schema does not allow stays out of the study file, reported
            why = Both(message, message_id)
            planned.unused_variables[name] = Said("refi.unused_value", {"value": holder.pop(key), "why": why})
