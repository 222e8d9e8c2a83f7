"""Analysis-ready tables for R, Excel and SPSS: the corpus joined and counted as the reports count it.

``studykit export`` writes the corpus as normalised tables (findings, studies, themes …), which an analyst
must join before any cross-case question. These two tables are the joins done once, with the reports'
counting rules (:func:`studykit.analysis.counting.distinct_findings`) applied, so a count in R or a pivot
table in Excel gives the reports' numbers:

* ``quotes``: one row per coded quote (every finding but a rejected suggestion), with its study's
  attributes, the code path split into columns (finding type, theme id, the theme's labels, group and
  origin) and ``counted`` (1 when the reports count it: reviewed and no restatement);
* ``cases``: one row per study (case) with its attributes, the outcome as 0/1 (``shortfall``,
  ``success``; empty when not stated) and one 0/1 column per finding type and theme (``T04_barrier``: the
  study has a counted barrier finding whose primary theme is T04): the code-by-case table for R, Excel
  filters (which studies report T04 as a barrier *and* T13?) and ``studykit qca cases.csv``;
* ``memos``: every memo (project, study, theme, finding; in a file or a finding's ``memo`` field) with its
  author, date, language, text, file and what it is about: the study, and the theme and finding type of a
  theme's or finding's memo.

Each table comes with its Frictionless Table Schema, described from the same models as the exported tables.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..corpus import tables
from ..corpus.export import DerivedTable
from ..corpus.layout import LEVELS
from ..corpus.load import Corpus
from ..corpus.schema import FINDING_TYPES
from .cases import OUTCOMES
from .counting import distinct_findings

# the study attributes both tables carry, as named in studies.csv (report 2's group_by attributes and more)
ATTRIBUTES = [
    "admin_unit",
    "admin_unit_type",
    "province",
    "island",
    "level",
    "locality",
    "programme_family",
    "programme_owner",
    "frameworks_declared",
    "source_type",
    "year",
    "outcome_rating",
]
STUDY_LABELS = {"label": "study_label", "label_id": "study_label_id"}
THEME_COLUMNS = {
    "label_en": "theme_label_en",
    "label_id": "theme_label_id",
    "group": "theme_group",
    "origin": "theme_origin",
}
QUOTE_CODE = ["finding_type", "theme_id", *THEME_COLUMNS.values(), "secondary_theme_id", "study_variable"]
QUOTE_TEXT = ["summary_en", "summary_id", "quote", "quote_en", "quote_start", "quote_end", "restates", "memo"]
QUOTE_COLUMNS = [
    "finding_id",
    "study_id",
    *STUDY_LABELS.values(),
    *ATTRIBUTES,
    *QUOTE_CODE,
    "counted",
    *QUOTE_TEXT,
]
MEMO_COLUMNS = [
    "level",
    "target",
    "study_id",
    "theme_id",
    "finding_type",
    "author",
    "date",
    "language",
    "text",
]
MEMO_COLUMNS += ["file", "line"]
CASE_HEAD = ["study_id", *STUDY_LABELS.values(), *ATTRIBUTES, "n_findings", *OUTCOMES]

DESCRIPTIONS = {
    "study_label": "Short display label of the study in English (studies.label).",
    "study_label_id": "Short display label of the study in Bahasa Indonesia (studies.label_id).",
    "theme_label_en": "Label of the finding's primary theme in English (themes.label_en).",
    "theme_label_id": "Label of the finding's primary theme in Bahasa Indonesia (themes.label_id).",
    "theme_group": "Group of the primary theme in the codebook (themes.group).",
    "theme_origin": "Origin of the primary theme (themes.origin): framework, extension or emergent.",
    "counted": "1 when the reports count this finding (reviewed, not a restatement of an earlier finding "
    "of its study), else 0: count or filter on it to get the reports' numbers.",
    "memo": "The finding's memo (Markdown, without its front matter), from its study file's memo field or "
    "memos/findings/<finding_id>.md; its author and date are in memos.csv.",
    "n_findings": "Number of the study's findings the reports count (reviewed, restatements once).",
    "shortfall": "1 when outcome_rating is poor or mixed, 0 when successful; empty when not stated "
    "(report 6's outcome 'shortfall').",
    "success": "1 when outcome_rating is successful, 0 when poor or mixed; empty when not stated "
    "(report 6's outcome 'success').",
}
MEMO_DESCRIPTIONS = {
    "level": "What the memo is about: project, study, theme or finding.",
    "target": "Id of the study, theme or finding the memo is about; empty for the project memo.",
    "study_id": "The study a study's or finding's memo belongs to (studies.study_id).",
    "theme_id": "The theme of a theme's memo, or the primary theme of a finding's memo (themes.theme_id).",
    "finding_type": "The finding type of a finding's memo.",
    "author": "Who wrote the memo (its front matter).",
    "date": "When the memo was written (its front matter, YYYY-MM-DD).",
    "language": "Language of the memo (en or id) when its front matter states one.",
    "text": "The memo in Markdown, without its front matter.",
    "file": "The file the memo is in, under the data directory's name: a memo file, or the study file whose "
    "finding's memo field holds it.",
    "line": "Line of the memo's front matter in that file.",
}
ABOUT = {
    "quotes": "One coded quote (a finding, rejected suggestions left out) with its study's attributes and "
    "its code path in columns, joined for analysis; `counted` marks the findings the reports count.",
    "cases": "One study (case) with its attributes, its outcome as 0/1 and one 0/1 column per finding type "
    "and theme of the codebook (the code-by-case table; report 6's case table).",
    "memos": "One memo of the analysts (project, study, theme or finding) with what it is about.",
}
ZERO_ONE = {"required": True, "minimum": 0, "maximum": 1}


def code_column(theme_id: str, finding_type: str) -> str:
    """``('T04', 'barrier')`` -> ``T04_barrier``: report 6's condition ``T04-barrier`` as a name R, Excel
    and ``studykit qca`` read as it is."""
    return f"{theme_id}_{finding_type}"


def code_columns(theme_ids: list[str]) -> list[str]:
    """Every 0/1 column of ``cases``, by finding type (the codebook's order), then theme."""
    return [code_column(t, ft) for ft in FINDING_TYPES for t in theme_ids]


def _studies(corpus: Corpus) -> pd.DataFrame:
    studies = corpus.studies[["study_id", *STUDY_LABELS, *ATTRIBUTES]].rename(columns=STUDY_LABELS)
    studies["frameworks_declared"] = studies["frameworks_declared"].map(
        lambda v: "; ".join(v) if isinstance(v, list) else v
    )
    return studies


def quotes(corpus: Corpus) -> pd.DataFrame:
    """One row per coded quote (rejected suggestions left out), in findings.csv's order: its study's
    attributes, its code path in columns and whether the reports count it."""
    f = corpus.findings[corpus.findings["review_status"] != "rejected"]
    counted = set(distinct_findings(f)["finding_id"])
    themes = corpus.themes[["theme_id", *THEME_COLUMNS]].rename(columns=THEME_COLUMNS)
    table = f.merge(_studies(corpus), on="study_id", how="left").merge(themes, on="theme_id", how="left")
    table["counted"] = table["finding_id"].isin(counted).astype(int)
    memos = corpus.memos[corpus.memos["level"] == "finding"]  # a field memo first, then a file's, as one
    memos = memos.sort_values("file", key=lambda files: files.str.endswith(".md"), kind="stable")
    table["memo"] = table["finding_id"].map(memos.groupby("target")["text"].agg("\n\n".join))
    return tables.frame(table[QUOTE_COLUMNS].to_dict("records"), QUOTE_COLUMNS)


def cases(corpus: Corpus) -> pd.DataFrame:
    """One row per study (the studies table's order): attributes, the outcome as 0/1 and one 0/1 column per
    finding type and theme (a counted finding of that type whose primary theme it is)."""
    kept = distinct_findings(corpus.findings)
    present = set(zip(kept["study_id"], kept["theme_id"], kept["finding_type"], strict=True))
    table = _studies(corpus).reset_index(drop=True)
    table["n_findings"] = table["study_id"].map(kept["study_id"].value_counts()).fillna(0).astype(int)
    for outcome, membership in OUTCOMES.items():
        table[outcome] = table["outcome_rating"].map(membership).astype("Int64")
    codes = {
        code_column(t, ft): [int((s, t, ft) in present) for s in table["study_id"]]
        for ft in FINDING_TYPES
        for t in corpus.theme_ids
    }
    table = pd.concat([table, pd.DataFrame(codes, index=table.index)], axis=1)
    table["year"] = table["year"].astype("Int64")
    return table[CASE_HEAD + code_columns(corpus.theme_ids)]


def memos(corpus: Corpus) -> pd.DataFrame:
    """Every memo, in the memo index's order (project, studies, themes, findings), with the study, theme and
    finding type it is about."""
    m = corpus.memos.copy()
    finding = m["level"] == "finding"
    f = corpus.findings.set_index("finding_id")
    m["theme_id"] = m["target"].where(m["level"] == "theme")
    m.loc[finding, "theme_id"] = m.loc[finding, "target"].map(f["theme_id"])
    m["finding_type"] = m["target"].map(f["finding_type"]).where(finding)
    return tables.frame(m[MEMO_COLUMNS].to_dict("records"), MEMO_COLUMNS).astype({"line": "Int64"})


def memos_schema() -> dict[str, Any]:
    fields = [
        {"name": c, "type": "integer" if c == "line" else "string", "description": d}
        for c, d in MEMO_DESCRIPTIONS.items()
    ]
    fields[0]["constraints"] = {"required": True, "enum": list(LEVELS)}
    return {
        "fields": fields,
        "missingValues": [""],
        "foreignKeys": [
            {"fields": ["study_id"], "reference": {"resource": "studies", "fields": ["study_id"]}},
            {"fields": ["theme_id"], "reference": {"resource": "themes", "fields": ["theme_id"]}},
        ],
    }


def _described(columns: list[str]) -> list[dict[str, Any]]:
    """Table Schema fields of ``columns``: from the exported tables where a column is theirs, else here."""
    known = {}
    for name in ("themes", "findings", "studies"):  # studies last: study_id as studies.csv describes it
        known.update({f["name"]: f for f in tables.table_schema(name)["fields"]})
    renamed = {v: k for k, v in STUDY_LABELS.items()}
    fields = []
    for column in columns:
        if column in DESCRIPTIONS:
            integer = column in ("counted", "n_findings", "shortfall", "success")
            field = {"name": column, "type": "integer" if integer else "string"}
            field["description"] = DESCRIPTIONS[column]
            if column == "counted":
                field["constraints"] = ZERO_ONE
            elif column in ("shortfall", "success"):
                field["constraints"] = {"minimum": 0, "maximum": 1}
            fields.append(field)
        else:
            fields.append({**known[renamed.get(column, column)], "name": column})
    return fields


def quotes_schema() -> dict[str, Any]:
    return {
        "fields": _described(QUOTE_COLUMNS),
        "missingValues": [""],
        "primaryKey": ["finding_id"],
        "foreignKeys": [
            {"fields": ["finding_id"], "reference": {"resource": "findings", "fields": ["finding_id"]}},
            {"fields": ["study_id"], "reference": {"resource": "studies", "fields": ["study_id"]}},
            {"fields": ["theme_id"], "reference": {"resource": "themes", "fields": ["theme_id"]}},
        ],
    }


def cases_schema(corpus: Corpus) -> dict[str, Any]:
    labels = dict(zip(corpus.themes["theme_id"], corpus.themes["label_en"], strict=True))
    codes = [
        {
            "name": code_column(t, ft),
            "type": "integer",
            "description": f"1 when the study has a counted finding of type {ft} whose primary theme is {t} "
            f"({labels[t]}), else 0.",
            "constraints": ZERO_ONE,
        }
        for ft in FINDING_TYPES
        for t in corpus.theme_ids
    ]
    return {
        "fields": _described(CASE_HEAD) + codes,
        "missingValues": [""],
        "primaryKey": ["study_id"],
        "foreignKeys": [
            {"fields": ["study_id"], "reference": {"resource": "studies", "fields": ["study_id"]}}
        ],
    }


def analysis_tables(corpus: Corpus) -> dict[str, DerivedTable]:
    """What ``studykit export`` writes besides the corpus's own tables (and the data dictionary describes):
    name -> the table with its Table Schema and what one row is."""
    return {
        "quotes": DerivedTable(quotes(corpus), quotes_schema(), ABOUT["quotes"]),
        "cases": DerivedTable(cases(corpus), cases_schema(corpus), ABOUT["cases"]),
        "memos": DerivedTable(memos(corpus), memos_schema(), ABOUT["memos"]),
    }
