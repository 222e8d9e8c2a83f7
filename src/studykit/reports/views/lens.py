"""Framework lens: the whole corpus seen through one implementation framework's variables."""

from __future__ import annotations

import pandas as pd

from ...analysis import compare
from .. import plots
from ..report import Report, Text
from .common import label_matrix, study_labels


def _framework(r: Report) -> pd.DataFrame:
    fw = r.corpus.frameworks
    return fw[fw["framework_id"] == r.params["framework"]]


def _direct_links(r: Report) -> pd.DataFrame:
    cw = r.corpus.crosswalk
    return cw[(cw["framework_id"] == r.params["framework"]) & (cw["strength"] == "direct")]


def title(r: Report) -> Text:
    fid = r.params["framework"]
    name = r.framework_name(fid)
    declared = r.corpus.studies[r.corpus.studies["frameworks_declared"].map(lambda fs: fid in fs)]["study_id"]
    parts = [
        r.md("lens.title", level=1, framework=name).data,
        r.md("lens.citation", citation=_citation(r)).data,
        r.md("lens.declared", studies=study_labels(r, declared)).data,
        r.md("report.abstract_caveat").data,
    ]
    return Text("\n\n".join(parts))


def _citation(r: Report) -> str:
    return str(_framework(r)["framework_citation"].iloc[0])


def variables_table(r: Report):
    """Each variable with its definition and the themes mapped to it directly."""
    links = _direct_links(r)
    fw = _framework(r)
    table = pd.DataFrame({
        "variable_id": fw["variable_id"],
        "variable": fw[f"label_{r.lang}"],
        "definition": fw[f"definition_{r.lang}"],
        "themes": [", ".join(f"{t} {r.theme(t, short=True)}" for t in sorted(links.loc[links["variable_id"] == v, "theme_id"])) or "—" for v in fw["variable_id"]],
    })
    return r.table(table, "lens.variables_caption", framework=r.framework_name(r.params["framework"]))


def _signed(r: Report):
    """Enablers +1 / barriers −1 per theme and study, over every theme of the codebook."""
    return compare.signed_matrix(r.corpus.findings, r.corpus.studies, all_themes=r.corpus.themes["theme_id"])


def matrix_figure(r: Report) -> plots.Figure:
    """The signed theme matrix re-projected onto the framework's variables (direct mappings)."""
    fid = r.params["framework"]
    name = r.framework_name(fid)
    projected = compare.framework_lens(_signed(r), r.corpus.crosswalk, fid, r.corpus.frameworks)
    fig = plots.heatmap(label_matrix(r, projected, rows="variable"), title=r.t("cross.lens_title", framework=name), xlabel="", ylabel="", cbar_label=r.t("cross.signed_cbar"), signed=True)
    return r.figure(fig, projected, "cross.lens_alt", "cross.lens_caption", framework=name)


def gaps(r: Report) -> Text:
    """The framework's variables that no study gives evidence for."""
    fid = r.params["framework"]
    name = r.framework_name(fid)
    gap_ids = list(compare.framework_gaps(_signed(r), r.corpus.crosswalk, fid, r.corpus.frameworks).index)
    if not gap_ids:
        return r.md("cross.no_gaps", framework=name)
    return r.md("cross.gaps", framework=name, variables="; ".join(f"{v} {r.variable(v)}" for v in gap_ids))


def quotes_by_variable(r: Report):
    """Barrier and enabler quotes under each variable their theme maps to directly."""
    links = _direct_links(r)[["theme_id", "variable_id"]]
    quotes = compare.quote_matrix(r.corpus.findings, ("barrier", "enabler"))
    rows = quotes.merge(links, on="theme_id").sort_values(["variable_id", "study_id", "finding_id"], key=lambda c: c.map(_order(r)) if c.name == "variable_id" else c)
    table = pd.DataFrame({
        "variable": rows["variable_id"] + " " + rows["variable_id"].map(r.variable),
        "study": rows["study_id"].map(r.study),
        "finding_type": rows["finding_type"].map(r.finding_type),
        "theme": rows["theme_id"].map(lambda t: r.theme(t, short=True)),
        "quote": rows["quote"],
        "finding_id": rows["finding_id"],
    })
    return r.table(table, "lens.quotes_caption", framework=r.framework_name(r.params["framework"]))


def _order(r: Report) -> dict[str, int]:
    return {v: i for i, v in enumerate(_framework(r)["variable_id"])}
