"""The data model, defined once.

Every field of every table is declared here with its type, allowed values and a
description. These models drive validation (``studykit validate``), the JSON
Schema that editors use for ``data/studies/*.yaml``, the Frictionless
``datapackage.json`` written by ``studykit export`` and the field reference in
``docs/data-dictionary.md`` (both written by ``studykit schema``). Cross-file rules
(a theme id must exist, a quote must be found in its source) live in
:mod:`studykit.corpus`, because they need the whole corpus. Class docstrings are
the JSON Schema's descriptions: a change to one changes the published schema.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FindingType = Literal["enabler", "barrier", "outcome", "effort", "recommendation", "context"]
FINDING_TYPES: tuple[str, ...] = FindingType.__args__
Level = Literal["kota", "kabupaten", "kecamatan", "kelurahan", "desa"]
AdminUnitType = Literal["kota", "kabupaten"]
ProgrammeOwner = Literal["local", "central", "mixed"]
ProgrammeFamily = Literal["p2kp_pnpm", "pkh", "social_assistance", "local", "mixed", "other"]
OutcomeRating = Literal["successful", "mixed", "poor", "not_stated"]  # ordered: best first, not_stated last
OUTCOME_RATINGS: tuple[str, ...] = OutcomeRating.__args__
Island = Literal[
    "sumatera", "jawa", "bali_nusa_tenggara", "kalimantan", "sulawesi", "maluku", "papua"
]  # west to east
ReviewStatus = Literal["reviewed", "unreviewed", "rejected"]
SourceType = Literal["abstract", "article", "thesis", "report"]
Language = Literal["id", "en"]
Strength = Literal["direct", "partial", "none"]
ThemeGroup = Literal["determinant", "sustainability", "dependent", "content"]
ThemeOrigin = Literal["framework", "extension"]

STUDY_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
STUDY_ID_MAX = (
    200  # characters: "<id>.yaml", "<id>.txt" and report paths stay under file systems' 255-byte name limit
)
SHORT_TEXT = 200  # characters of a label, a name, a place: shown in every table and figure of a report
LINE_TEXT = 1000  # characters of a title or a statement as written
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]
THEME_ID = r"^T[0-9]{2}$"
FRAMEWORK_ID = r"^[A-Z]{2,6}$"
VARIABLE_ID = r"^[A-Z]{2,6}-[A-Z0-9]+$"


class Record(BaseModel):
    """Strict base: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Record):
    """Bibliographic record of one source text in ``data/sources/``."""

    file: str = Field(
        pattern=r"^sources/[^/]+\.txt$", description="Path of the verbatim source text, relative to data/."
    )
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the source file; raw sources are never edited."
    )
    seed_file: str | None = Field(
        None, max_length=SHORT_TEXT, description="File name the text was received under, for provenance."
    )
    source_type: SourceType = Field(
        description="Kind of document the text is; abstracts carry less evidence than full texts."
    )
    languages: list[Language] = Field(
        min_length=1, description="Languages the source is written in (id = Bahasa Indonesia)."
    )
    title: str | None = Field(
        None,
        max_length=LINE_TEXT,
        description="Title exactly as given in the source; null when the source has none.",
    )
    author: str | None = Field(
        None, max_length=SHORT_TEXT, description="Author as stated; null when not stated."
    )
    year: int | None = Field(None, ge=1945, le=2100, description="Year as stated; null when not stated.")
    institution: str | None = Field(
        None, max_length=LINE_TEXT, description="Institution as stated; null when not stated."
    )
    note: str | None = Field(None, description="What a reader should know about the source text.")


class Finding(Record):
    """One distinct claim of a study, tied to a verbatim quote of its source."""

    finding_id: str = Field(
        pattern=r"^[a-z][a-z0-9-]*-[0-9]{2,}$", description="Unique id: the study id, a hyphen and a number."
    )
    finding_type: FindingType = Field(
        description="enabler, barrier, outcome, effort (action taken), recommendation (advice) or context."
    )
    theme_id: str = Field(
        pattern=THEME_ID, description="Primary cross-case theme (codebook id T01–T16 or a later addition)."
    )
    secondary_theme_id: str | None = Field(
        None, pattern=THEME_ID, description="Optional second theme when the claim straddles two."
    )
    study_variable: str | None = Field(
        None, max_length=SHORT_TEXT, description="The study's own variable name for the factor, as written."
    )
    summary_en: str = Field(min_length=3, description="One-sentence summary in English.")
    summary_id: str = Field(min_length=3, description="One-sentence summary in Bahasa Indonesia.")
    quote: str = Field(min_length=3, description="Verbatim quote of the source (whitespace may differ).")
    quote_en: str | None = Field(
        None,
        min_length=3,
        description="Verbatim parallel quote from the source's own English version, if it has one.",
    )
    restates: str | None = Field(
        None, description="finding_id of an earlier finding of the same study that this one restates."
    )
    review_status: ReviewStatus = Field(
        "reviewed",
        description=(
            "'unreviewed' for coding suggestions not yet accepted by an analyst; 'rejected' for a "
            "suggestion an analyst "
            "turned down (kept so that it is never proposed again; never analysed)."
        ),
    )
    note: str | None = Field(None, description="Coder's note: an unsure decision, a caveat.")
    coders: str | None = Field(
        None,
        max_length=SHORT_TEXT,
        description=(
            "Who made the finding, where `studykit consensus` merged two codings: both coders ('A + B') when "
            "both made it, else the coder who proposed it; empty: the study's coded_by."
        ),
    )
    memo: str | None = Field(
        None,
        description=(
            "Analyst's memo on the finding: Markdown after a front matter of author, date and (optional) "
            "language between two '---' lines (docs/codebook.md, Memos); shown beside the finding in its "
            "profile."
        ),
    )


class MemoHeader(Record):
    """The front matter of a memo (``data/memos/**.md`` or a finding's ``memo``): who wrote it, when, in which language."""  # noqa: E501 - the published schema's text

    author: str = Field(max_length=SHORT_TEXT, min_length=2, description="Who wrote the memo.")
    date: datetime.date = Field(description="When the memo was written or last revised (YYYY-MM-DD).")
    language: Language | None = Field(
        None,
        description="Language the memo is written in (id or en); reports say it is not stated otherwise.",
    )


class ImplementationOutcome(Record):
    """The study's own overall verdict on how implementation went, coded with the sentence that states it (docs/codebook.md)."""  # noqa: E501 - the published schema's text

    rating: OutcomeRating = Field(
        description=(
            "successful: the verdict says implementation went well or reached its aims, with no shortfall "
            "in results; "
            "mixed: it states achievement and a shortfall in results together; poor: it states that "
            "implementation fell "
            "short (not optimal, not effective) and claims no achievement; not_stated: the source gives "
            "no overall verdict."
        )
    )
    quote: str | None = Field(
        None,
        min_length=3,
        description="Verbatim sentence of the source stating the verdict; required unless rating is "
        "not_stated, and empty then.",
    )
    note: str | None = Field(
        None, description="Coder's reason for the rating, especially for a borderline case."
    )


class Study(Record):
    """One study file, ``data/studies/<study_id>.yaml``: metadata, source and findings."""

    study_id: str = Field(
        pattern=STUDY_ID,
        description="Unique id, lower-case words joined by hyphens; the file is named after it.",
    )
    label: str = Field(
        max_length=SHORT_TEXT,
        min_length=2,
        description="Short display label in English, used in the tables and figures of English reports.",
    )
    label_id: str = Field(
        max_length=SHORT_TEXT,
        min_length=2,
        description="The same short display label in Bahasa Indonesia, used in Indonesian reports.",
    )
    city_as_written: str = Field(
        max_length=SHORT_TEXT, description="City or regency name exactly as the study writes it."
    )
    admin_unit: str = Field(
        max_length=SHORT_TEXT,
        description=(
            "Official autonomous local government as named in codebook/regencies.csv (e.g. Kabupaten "
            "Jombang); for a desa, kelurahan or kecamatan, the kota or kabupaten it lies in."
        ),
    )
    admin_unit_type: AdminUnitType = Field(
        description="kota (city) or kabupaten (regency): the admin unit's, as in codebook/regencies.csv."
    )
    province: str = Field(
        max_length=SHORT_TEXT,
        description=(
            "Province of the admin unit: its official name, one of codebook/provinces.csv (the admin unit's, "
            "as in codebook/regencies.csv)."
        ),
    )
    level: Level = Field(description="Administrative level of the locality studied.")
    locality: str = Field(
        max_length=SHORT_TEXT, description="Place studied, as precisely as the study states it."
    )
    programme_name: str = Field(max_length=SHORT_TEXT, description="Programme name as written.")
    programme_acronym: str | None = Field(
        None, max_length=SHORT_TEXT, description="Programme acronym, if any."
    )
    programme_owner: ProgrammeOwner = Field(
        description="Who owns the programme: local government, central government, or mixed."
    )
    programme_family: ProgrammeFamily = Field(
        description=(
            "Family of programme design: p2kp_pnpm (P2KP, PNPM Mandiri Perkotaan and successors), pkh "
            "(Program Keluarga "
            "Harapan), social_assistance (other central social assistance: Raskin/BPNT, BLT, KIS ...), "
            "local (designed and "
            "funded by the local government), mixed (several programmes of different families), other."
        )
    )
    frameworks_declared: list[ShortText] = Field(
        description="Framework ids (frameworks.yaml) the study declares; empty when none is named."
    )
    framework_as_written: str | None = Field(
        None, max_length=LINE_TEXT, description="The study's framework statement as written."
    )
    analytic_dimensions: list[ShortText] = Field(
        default_factory=list, description="Dimensions the study says it examines, as written."
    )
    method: str = Field(max_length=SHORT_TEXT, description="Research method as written.")
    data_collection: list[ShortText] = Field(
        description="Data-collection techniques as written; empty when not stated."
    )
    sampling: str | None = Field(
        None,
        max_length=LINE_TEXT,
        description="Sampling or informant selection as written; null when not stated.",
    )
    note: str | None = Field(None, description="Coder's note on the study as a whole.")
    implementation_outcome: ImplementationOutcome = Field(
        description="The study's overall verdict on implementation, rated and quoted."
    )
    coded_by: str = Field(
        max_length=SHORT_TEXT, min_length=2, description="Who coded the findings, and when."
    )
    source: Source
    findings: list[Finding] = Field(min_length=1, description="The coded findings of the study.")


class FrameworkVariable(Record):
    """One variable (factor, condition, criterion) of an implementation framework."""

    variable_id: str = Field(pattern=VARIABLE_ID, description="Short code, e.g. VMVH-V3 or ED-COMM.")
    group_en: str | None = Field(
        None, description="Group of variables in English, where the framework groups them."
    )
    group_id: str | None = Field(None, description="Group of variables in Bahasa Indonesia.")
    label_en: str
    label_id: str
    definition_en: str
    definition_id: str
    is_dependent: bool = Field(description="True for outcome/performance variables (the dependent side).")


class Framework(Record):
    """An implementation-theory framework (Van Meter & Van Horn, Edwards III, ...)."""

    framework_id: str = Field(pattern=FRAMEWORK_ID)
    name: str
    year: int
    citation: str
    aliases: list[str] = Field(default_factory=list, description="Spellings found in Indonesian abstracts.")
    description_en: str
    description_id: str
    variables: list[FrameworkVariable] = Field(min_length=1)


class Theme(Record):
    """A harmonised cross-case theme of the codebook."""

    theme_id: str = Field(pattern=THEME_ID)
    label_en: str
    label_id: str
    short_en: str = Field(max_length=24)
    short_id: str = Field(max_length=24)
    group: ThemeGroup
    origin: ThemeOrigin = Field(description="'extension' for a theme no classical framework has.")
    definition_en: str
    definition_id: str
    cue_words: list[str] = Field(min_length=1, description="Indonesian cue words for coders.")
    include_en: str | None = Field(
        None,
        description="Inclusion rule for coders in English: what is coded under the theme, beyond its "
        "definition.",
    )
    include_id: str | None = Field(None, description="The inclusion rule in Bahasa Indonesia.")
    exclude_en: str | None = Field(
        None,
        description="Exclusion rule for coders in English: what looks like the theme but is coded elsewhere.",
    )
    exclude_id: str | None = Field(None, description="The exclusion rule in Bahasa Indonesia.")
    note: str | None = None


class Province(Record):
    """An Indonesian province (a closed list), its names in both languages and its island group."""

    province: str = Field(
        min_length=2,
        description="Official name in Bahasa Indonesia, as written in the study files' province field.",
    )
    label_en: str = Field(min_length=2, description="Name in English.")
    label_id: str = Field(min_length=2, description="Name in Bahasa Indonesia.")
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
        description="Official name with its type, as in a study file's admin_unit (Kota Semarang).",
    )
    admin_unit_type: AdminUnitType = Field(description="kota (city) or kabupaten (regency).")
    name: str = Field(
        min_length=2,
        description="The name without its type (Semarang): what a study may write after Kota/Kab.",
    )
    province: str = Field(min_length=2, description="Its province, as in codebook/provinces.csv.")


class CrosswalkEntry(Record):
    """How one theme maps onto one framework: a variable and its strength, or 'none'."""

    theme_id: str = Field(pattern=THEME_ID)
    framework_id: str = Field(pattern=FRAMEWORK_ID)
    variable_id: str | None = Field(
        None, pattern=VARIABLE_ID, description="Empty exactly when strength is 'none'."
    )
    strength: Strength = Field(description="direct (=), partial (~) or none (—), as in domain.md §2.")
    note: str | None = None


class MergedTheme(Record):
    """A theme the codebook no longer has because it was merged into another: its id maps to that theme (the
    suggester's lexicon, examples and bank, and decision logs that still name it, count for ``into``)."""

    theme_id: str = Field(pattern=THEME_ID, description="The id the merged theme had.")
    into: str = Field(pattern=THEME_ID, description="The theme of the codebook it was merged into.")
    note: str | None = None


class ThemeFile(Record):
    """``codebook/themes.yaml``: the harmonised themes."""

    themes: list[Theme] = Field(min_length=1)
    merged: list[MergedTheme] = Field(
        default_factory=list, description="Themes merged into another; their ids are never used again."
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
    rationale_en: str = Field(min_length=3)
    rationale_id: str = Field(min_length=3)


class SynthesisFile(Record):
    """``synthesis/cerqual.yaml``: the reviewers' CERQual judgements."""

    judgements: list[CerqualJudgement]
