"""The models of the codebook's files (:mod:`.schema`): frameworks and their variables, themes, the
crosswalk between them, provinces and regencies, and the reviewers' CERQual judgements. Class docstrings
are the descriptions of the published schema and data dictionary."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .schema_types import (
    EMERGENT_MARK,
    FRAMEWORK_ID,
    SHORT_TEXT,
    SUMMARY_TEXT,
    THEME_ID,
    VARIABLE_ID,
    AdminUnitType,
    Island,
    LineText,
    ParagraphText,
    Record,
    ShortText,
    Strength,
    ThemeGroup,
    ThemeOrigin,
)


def _unmarked(label: str) -> str:
    """A theme's label without the mark of an emergent theme: a framework theme labelled "X †" read as
    emergent in the cross-case matrices (where the legend is shown only when an emergent theme is)."""
    if EMERGENT_MARK in label:
        raise PydanticCustomError(
            "emergent_mark", "holds {mark}, the mark of an emergent theme", {"mark": EMERGENT_MARK}
        )
    return label


ThemeLabel = Annotated[str, Field(max_length=SHORT_TEXT), AfterValidator(_unmarked)]
ThemeShortLabel = Annotated[str, Field(max_length=24), AfterValidator(_unmarked)]  # in figures' axes


class FrameworkVariable(Record):
    """One variable (factor, condition, criterion) of an implementation framework."""

    variable_id: str = Field(pattern=VARIABLE_ID, description="Short code, e.g. VMVH-V3 or ED-COMM.")
    group_en: ShortText | None = Field(
        None, description="Group of variables in English, where the framework groups them."
    )
    group_id: ShortText | None = Field(None, description="Group of variables in Bahasa Indonesia.")
    label_en: ShortText
    label_id: ShortText
    definition_en: ParagraphText
    definition_id: ParagraphText
    is_dependent: bool = Field(description="True for outcome/performance variables (the dependent side).")


class Framework(Record):
    """An implementation-theory framework (Van Meter & Van Horn, Edwards III, ...)."""

    framework_id: str = Field(pattern=FRAMEWORK_ID)
    name: ShortText
    year: int
    citation: LineText
    aliases: list[ShortText] = Field(
        default_factory=list, description="Spellings found in Indonesian abstracts."
    )
    description_en: ParagraphText
    description_id: ParagraphText
    variables: list[FrameworkVariable] = Field(min_length=1)


class Theme(Record):
    """A harmonised cross-case theme of the codebook."""

    theme_id: str = Field(pattern=THEME_ID)
    label_en: ThemeLabel
    label_id: ThemeLabel
    short_en: ThemeShortLabel
    short_id: ThemeShortLabel
    group: ThemeGroup
    origin: ThemeOrigin = Field(
        description="'framework' for a theme derived from the classical frameworks, 'extension' for one no "
        "framework has that was defined before coding, 'emergent' for one found in the data while coding "
        "(the inductive stage of a best-fit framework synthesis, reported apart)."
    )
    definition_en: ParagraphText
    definition_id: ParagraphText
    cue_words: list[ShortText] = Field(min_length=1, description="Indonesian cue words for coders.")
    include_en: ParagraphText | None = Field(
        None,
        description="Inclusion rule for coders in English: what is coded under the theme, beyond its "
        "definition.",
    )
    include_id: ParagraphText | None = Field(None, description="The inclusion rule in Bahasa Indonesia.")
    exclude_en: ParagraphText | None = Field(
        None,
        description="Exclusion rule for coders in English: what looks like the theme but is coded elsewhere.",
    )
    exclude_id: ParagraphText | None = Field(None, description="The exclusion rule in Bahasa Indonesia.")
    added: datetime.date | None = Field(
        None,
        description="When the theme was added to the codebook while coding (YYYY-MM-DD); report 8 lists it.",
    )
    note: ParagraphText | None = None


class Province(Record):
    """An Indonesian province (a closed list), its names in both languages and its island group."""

    province: str = Field(
        min_length=2,
        max_length=SHORT_TEXT,
        description="Official name in Bahasa Indonesia, as written in the study files' province field.",
    )
    label_en: str = Field(min_length=2, max_length=SHORT_TEXT, description="Name in English.")
    label_id: str = Field(min_length=2, max_length=SHORT_TEXT, description="Name in Bahasa Indonesia.")
    island: Island = Field(
        description="Island group (BPS regions, west to east); Kepulauan Riau and Bangka Belitung count "
        "with Sumatera."
    )


class Regency(Record):
    """An Indonesian regency (kabupaten) or city (kota), from the Ministry of Home Affairs' official codes (Kepmendagri 300.2.2-2L38/2025, via idn-area-data 4.0.1, ODbL 1.0; data/codebook/regencies.md)."""  # noqa: E501 - the published schema's text

    code: str = Field(
        pattern=r"^[0-9]{2}\.[0-9]{2}$", description="Kemendagri area code: province code, dot, regency code."
    )
    admin_unit: str = Field(
        min_length=4,
        max_length=SHORT_TEXT,
        description="Official name with its type, as in a study file's admin_unit (Kota Semarang).",
    )
    admin_unit_type: AdminUnitType = Field(description="kota (city) or kabupaten (regency).")
    name: str = Field(
        min_length=2,
        max_length=SHORT_TEXT,
        description="The name without its type (Semarang): what a study may write after Kota/Kab.",
    )
    province: str = Field(
        min_length=2, max_length=SHORT_TEXT, description="Its province, as in codebook/provinces.csv."
    )


class CrosswalkEntry(Record):
    """How one theme maps onto one framework: a variable and its strength, or 'none'."""

    theme_id: str = Field(pattern=THEME_ID)
    framework_id: str = Field(pattern=FRAMEWORK_ID)
    variable_id: str | None = Field(
        None, pattern=VARIABLE_ID, description="Empty exactly when strength is 'none'."
    )
    strength: Strength = Field(description="direct (=), partial (~) or none (—), as in domain.md §2.")
    note: ParagraphText | None = None


class MergedTheme(Record):
    """A theme the codebook no longer has because it was merged into another: its id maps to that theme (the
    suggester's lexicon, examples and bank, and decision logs that still name it, count for ``into``)."""

    theme_id: str = Field(pattern=THEME_ID, description="The id the merged theme had.")
    into: str = Field(pattern=THEME_ID, description="The theme of the codebook it was merged into.")
    date: datetime.date | None = Field(None, description="When the codebook changed (YYYY-MM-DD).")
    note: str | None = Field(
        None, max_length=SUMMARY_TEXT, description="Why: what the analysts decided (shown in report 8)."
    )


class RetiredTheme(Record):
    """A theme the codebook no longer has and no one theme took over: retired (its findings recoded to
    whichever theme fits, or deleted) or split into several themes (each finding recoded to the part that fits
    its quote). What the suggester knew of it counts for no theme."""

    theme_id: str = Field(pattern=THEME_ID, description="The id the retired theme had.")
    split_into: list[str] = Field(
        default_factory=list,
        description="The themes of the codebook it was split into (new ids); empty when simply retired.",
    )
    date: datetime.date | None = Field(None, description="When the codebook changed (YYYY-MM-DD).")
    note: str | None = Field(
        None, max_length=SUMMARY_TEXT, description="Why: what the analysts decided (shown in report 8)."
    )


class ThemeFile(Record):
    """``codebook/themes.yaml``: the harmonised themes."""

    themes: list[Theme] = Field(min_length=1)
    merged: list[MergedTheme] = Field(
        default_factory=list, description="Themes merged into another; their ids are never used again."
    )
    retired: list[RetiredTheme] = Field(
        default_factory=list,
        description="Themes retired or split into several; their ids are never used again.",
    )


class FrameworkFile(Record):
    """``codebook/frameworks.yaml``: the implementation frameworks and their variables."""

    frameworks: list[Framework] = Field(min_length=1)


CerqualComponent = Literal["methodological_limitations", "coherence", "adequacy", "relevance"]
Concern = Literal["no_or_very_minor", "minor", "moderate", "serious"]


class CerqualJudgement(Record):
    """A reviewer's GRADE-CERQual judgement of one component of one review finding, with its rationale."""

    review_finding_id: str = Field(
        pattern=r"^(\*|T[0-9]{2}-(barrier|enabler))$",
        description="'<theme_id>-barrier' / '<theme_id>-enabler', or '*' for the default of every review "
        "finding.",
    )
    component: CerqualComponent
    concern: Concern
    rationale_en: str = Field(min_length=3, max_length=SUMMARY_TEXT)
    rationale_id: str = Field(min_length=3, max_length=SUMMARY_TEXT)


class SynthesisFile(Record):
    """``synthesis/cerqual.yaml``: the reviewers' CERQual judgements."""

    judgements: list[CerqualJudgement]
