"""The data model, defined once.

Every field of every table is declared here with its type, allowed values and a
description. These models drive validation (``studykit validate``), the JSON
Schema that editors use for ``data/studies/*.yaml``, the Frictionless
``datapackage.json`` written by ``studykit export`` and the field reference in
``docs/data-dictionary.md`` (both written by ``studykit schema``). Cross-file rules
(a theme id must exist, a quote must be found in its source) live in
:mod:`studykit.corpus`, because they need the whole corpus. Class docstrings are
the JSON Schema's descriptions: a change to one changes the published schema.

Import every name of the model from here. It lives in three modules by concept: the vocabulary every model
shares (allowed values, id patterns, the caps on text fields, the strict base :class:`Record`) in
:mod:`.schema_types`, the models of a study file in :mod:`.schema_study`, and those of the codebook's
files (frameworks, themes, crosswalk, places, CERQual judgements) in :mod:`.schema_codebook`.
"""

from __future__ import annotations

from .schema_codebook import (
    CerqualComponent,
    CerqualJudgement,
    Concern,
    CrosswalkEntry,
    Framework,
    FrameworkFile,
    FrameworkVariable,
    MergedTheme,
    Province,
    Regency,
    RetiredTheme,
    SynthesisFile,
    Theme,
    ThemeFile,
)
from .schema_study import (
    Finding,
    ImplementationOutcome,
    MemoHeader,
    Source,
    Study,
)
from .schema_types import (
    FINDING_TYPES,
    FRAMEWORK_ID,
    LINE_TEXT,
    MEMO_TEXT,
    OUTCOME_RATINGS,
    SHORT_TEXT,
    STUDY_ID,
    STUDY_ID_MAX,
    SUMMARY_TEXT,
    THEME_ID,
    VARIABLE_ID,
    AdminUnitType,
    FindingType,
    Island,
    Language,
    Level,
    OutcomeRating,
    ProgrammeFamily,
    ProgrammeOwner,
    Record,
    ReviewStatus,
    ShortText,
    SourceType,
    Strength,
    ThemeGroup,
    ThemeOrigin,
)

__all__ = [  # the data model: imported from this module
    "AdminUnitType",
    "CerqualComponent",
    "CerqualJudgement",
    "Concern",
    "CrosswalkEntry",
    "FINDING_TYPES",
    "FRAMEWORK_ID",
    "Finding",
    "FindingType",
    "Framework",
    "FrameworkFile",
    "FrameworkVariable",
    "ImplementationOutcome",
    "Island",
    "LINE_TEXT",
    "MEMO_TEXT",
    "Language",
    "Level",
    "MemoHeader",
    "OUTCOME_RATINGS",
    "OutcomeRating",
    "ProgrammeFamily",
    "ProgrammeOwner",
    "Province",
    "Record",
    "MergedTheme",
    "RetiredTheme",
    "Regency",
    "ReviewStatus",
    "SHORT_TEXT",
    "STUDY_ID",
    "STUDY_ID_MAX",
    "SUMMARY_TEXT",
    "ShortText",
    "Source",
    "SourceType",
    "Strength",
    "Study",
    "SynthesisFile",
    "THEME_ID",
    "Theme",
    "ThemeFile",
    "ThemeGroup",
    "ThemeOrigin",
    "VARIABLE_ID",
]
