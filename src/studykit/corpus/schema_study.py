"""The models of a study file (:mod:`.schema`): its metadata, its source's record, its findings, the
implementation outcome, and the front matter of a memo. Class docstrings are the JSON Schema's descriptions:
a change to one changes the published schema."""

from __future__ import annotations

import datetime

from pydantic import Field

from .schema_types import (
    LINE_TEXT,
    MEMO_TEXT,
    SHORT_TEXT,
    STUDY_ID,
    SUMMARY_TEXT,
    THEME_ID,
    AdminUnitType,
    FindingType,
    Language,
    Level,
    OutcomeRating,
    ProgrammeFamily,
    ProgrammeOwner,
    Record,
    ReviewStatus,
    ShortText,
    SourceType,
)


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
    summary_en: str = Field(
        min_length=3, max_length=SUMMARY_TEXT, description="One-sentence summary in English."
    )
    summary_id: str = Field(
        min_length=3, max_length=SUMMARY_TEXT, description="One-sentence summary in Bahasa Indonesia."
    )
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
            f"profile. At most {MEMO_TEXT:,} characters after the front matter."
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
