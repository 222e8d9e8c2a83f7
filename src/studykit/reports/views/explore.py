"""Explore: filter the findings by study, type, theme and framework variable, and read the quotes."""

from __future__ import annotations

import pandas as pd

from ..params import ALL
from ..report import Report, Text


def filtered(r: Report) -> pd.DataFrame:
    """The findings matching every filter ('' = no filter); a variable filter keeps themes mapped to it (direct or partial)."""
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
    return f[keep].sort_values(["study_id", "finding_id"])


def title(r: Report) -> Text:
    p = r.params
    everything = r.t("all")
    filters = r.md(
        "explore.filters",
        study=r.study(p["study_id"]) if p["study_id"] != ALL else everything,
        type=r.finding_type(p["finding_type"]) if p["finding_type"] != ALL else everything,
        theme=r.theme(p["theme_id"]) if p["theme_id"] != ALL else everything,
        variable=f"{p['variable_id']} {r.variable(p['variable_id'])}" if p["variable_id"] != ALL else everything,
    ).data
    count = r.md("explore.count", n=len(filtered(r))).data
    return Text("\n\n".join([r.md("explore.title", level=1).data, filters, count, r.md("explore.how").data]))


def table(r: Report):
    f = filtered(r)
    shown = pd.DataFrame({
        "study": f["study_id"].map(r.study),
        "finding_type": f["finding_type"].map(r.finding_type),
        "theme": f["theme_id"].map(r.theme),
        "summary": f[f"summary_{r.lang}"],
        "quote": f["quote"],
        "quote_en": f["quote_en"],
        "finding_id": f["finding_id"],
    })
    return r.table(shown, "explore.table_caption")
