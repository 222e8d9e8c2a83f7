"""The vocabulary every model of the data shares (:mod:`.schema`): the allowed values of the coded fields,
the id patterns, the caps on the length of text fields, and the strict base of every record."""

from __future__ import annotations

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
ThemeOrigin = Literal["framework", "extension", "emergent"]

STUDY_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
STUDY_ID_MAX = (
    200  # characters: "<id>.yaml", "<id>.txt" and report paths stay under file systems' 255-byte name limit
)
SHORT_TEXT = 200  # characters of a label, a name, a place: shown in every table and figure of a report
LINE_TEXT = 1000  # characters of a title or a statement as written
# characters of a finding's summary, shown in every table of quotes: a rendered report holds ~20 times the
# bytes of a summary (a 64 MB one took a profile 1.6 GB; benchmarks/README.md), so a cap no one writing
# sentences meets keeps a slip (a whole paper pasted) from stalling the render
SUMMARY_TEXT = 20_000
# characters of a memo's Markdown (a file of memos/ or a finding's memo field, front matter apart): rendered
# to HTML at ~15 times its bytes; a memo over it is a document of its own, to link to
MEMO_TEXT = 100_000
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]
# the codebook's free text under the same caps: a name or label is shown as a label is, a definition, rule,
# description or note is text of a paragraph, capped as a summary is (a 30 MB definition took `export --refi`
# gigabytes: it is written into every code's description, both languages)
LineText = Annotated[str, Field(max_length=LINE_TEXT)]
ParagraphText = Annotated[str, Field(max_length=SUMMARY_TEXT)]
EMERGENT_MARK = "\u2020"  # † after an emergent theme's label where themes are listed side by side
THEME_ID = r"^T[0-9]{2}$"
FRAMEWORK_ID = r"^[A-Z]{2,6}$"
VARIABLE_ID = r"^[A-Z]{2,6}-[A-Z0-9]+$"


class Record(BaseModel):
    """Strict base: unknown keys are errors, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
