"""Explore: filter the findings by study, type, theme, framework variable and study attribute (kabupaten
studies, studies in Jawa Tengah), and read the quotes."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare, groups
from .. import html, links
from ..params import ALL
from ..report import Block, Report, Text
from . import grouping as grp

MAX_ROWS = 300  # findings listed in the report; more are counted, and the parameters narrow them down


def filtered(r: Report) -> pd.DataFrame:
    """The findings matching every filter ('' = no filter); a variable filter keeps themes mapped to it
    (direct or partial); an attribute filter keeps the studies with ``attribute_value`` (a study declaring
    two frameworks has both)."""
    f = r.corpus.findings
    p = r.params
    keep = pd.Series(True, index=f.index)
    if p["study_id"] != ALL:
        keep &= f["study_id"] == p["study_id"]
    if p["finding_type"] != ALL:
        keep &= f["finding_type"] == p["finding_type"]
    if p["theme_id"] != ALL:
        keep &= (f["theme_id"] == p["theme_id"]) | (f["secondary_theme_id"] == p["theme_id"])
    if p["variable_id"] != ALL:
        cw = r.corpus.crosswalk
        themes = set(cw.loc[(cw["variable_id"] == p["variable_id"]) & (cw["strength"] != "none"), "theme_id"])
        keep &= f["theme_id"].isin(themes)
    if p["attribute"] != ALL:
        keep &= f["study_id"].isin(
            groups.studies_with(r.corpus.studies, p["attribute"], p["attribute_value"])
        )
    return f[keep].sort_values(["study_id", "finding_id"])


def title(r: Report) -> Text:
    p = r.params
    everything = r.t("all")
    filters = r.md(
        "explore.filters",
        study=r.study(p["study_id"]) if p["study_id"] != ALL else everything,
        type=r.finding_type(p["finding_type"]) if p["finding_type"] != ALL else everything,
        theme=r.theme(p["theme_id"]) if p["theme_id"] != ALL else everything,
        variable=f"{p['variable_id']} {r.variable(p['variable_id'])}"
        if p["variable_id"] != ALL
        else everything,
        studies=r.t(
            "explore.studies_with",
            attribute=grp.attribute_name(r, p["attribute"]),
            value=grp.group_label(r, p["attribute"], p["attribute_value"]),
        )
        if p["attribute"] != ALL
        else everything,
    ).data
    matching = filtered(r)
    counted = len(compare.distinct_findings(matching))  # what every other report counts of them
    count = (
        r.md("explore.count", n=len(matching)).data
        if counted == len(matching)
        else r.md("explore.count_distinct", n=len(matching), counted=counted).data
    )
    return Text("\n\n".join([r.md("explore.title", level=1).data, filters, count, r.md("explore.how").data]))


def table(r: Report):
    """The matching findings with their quotes, sortable and filterable; at most MAX_ROWS rows, the rest
    counted."""
    f = filtered(r)
    shown = f.head(MAX_ROWS)
    rows = pd.DataFrame(
        {
            "study": [grp.study_link(r, s) for s in shown["study_id"]],
            "finding_type": shown["finding_type"].map(r.finding_type),
            "theme": shown["theme_id"].map(r.theme),
            "summary": shown[f"summary_{r.lang}"],
            "quote": shown["quote"],
            "quote_en": shown["quote_en"],
            "finding_id": [
                html.link(links.profile(r.notebook, s, grp.anchored_finding(r, i)), i)
                for s, i in zip(shown["study_id"], shown["finding_id"], strict=False)
            ],
        }
    )
    out = r.table(rows, "explore.table_caption", filterable=True)
    if len(f) > MAX_ROWS:
        return Block([r.md("explore.capped", shown=MAX_ROWS, total=len(f)), out])
    return out
