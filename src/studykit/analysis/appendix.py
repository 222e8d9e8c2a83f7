"""The numbers of the methods appendix (ENTREQ, Tong et al. 2012), each computed from the corpus.

Pure functions over the corpus tables; the appendix report (``notebooks/9-methods.ipynb``,
``reports/views/methods.py``) only labels and lays them out. Counts of findings are
of the findings that count everywhere else (reviewed, restatements once) unless a
function says otherwise.
"""

from __future__ import annotations

import pandas as pd

from . import groups
from .compare import distinct_findings
from .evidence import COMPONENTS, CONCERNS, CONFIDENCE

CHARACTERISTICS = ("year", "province", "island", "programme_family", "framework", "source_type")


def characteristics(studies: pd.DataFrame, by: str, order=None) -> pd.DataFrame:
    """Studies per value of one attribute (a study declaring two frameworks counts under both): group,
    n_studies."""
    members = groups.memberships(studies, by, order=order)
    sizes = groups.group_sizes(members)
    return pd.DataFrame({"group": list(sizes.index), "n_studies": [int(n) for n in sizes]})


def coders(studies: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """Who coded what, as the study files state it (``coded_by``): studies and findings per coder
    statement."""
    per_study = distinct_findings(findings).groupby("study_id").size()
    rows = []
    for coded_by, part in studies.groupby("coded_by", sort=True):
        rows.append(
            {
                "coded_by": coded_by,
                "n_studies": len(part),
                "n_findings": int(per_study.reindex(part["study_id"], fill_value=0).sum()),
            }
        )
    return pd.DataFrame(rows, columns=["coded_by", "n_studies", "n_findings"])


def extraction(findings: pd.DataFrame) -> dict[str, int]:
    """How the findings were extracted: coded, reviewed, unreviewed, restatements, quotes located, English
    parallels."""
    return {
        "n_coded": len(findings),
        "n_reviewed": int(findings["review_status"].eq("reviewed").sum()),
        "n_unreviewed": int(findings["review_status"].ne("reviewed").sum()),
        "n_restatements": int(findings["restates"].notna().sum()),
        "n_counted": len(distinct_findings(findings)),
        "n_located": int(findings["quote_start"].notna().sum()),
        "n_quote_en": int(findings["quote_en"].notna().sum()),
    }


def coding_frame(themes: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Per framework: crosswalk rows by strength (direct, partial, none) over the codebook's themes."""
    grid = (
        crosswalk.groupby(["framework_id", "strength"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["direct", "partial", "none"], fill_value=0)
    )
    order = list(dict.fromkeys(crosswalk["framework_id"]))
    return grid.reindex(order).astype(int).rename_axis(index="framework_id", columns=None).reset_index()


def theme_origins(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes by group and origin (framework-derived or an extension)."""
    return themes.groupby(["group", "origin"], sort=False).size().rename("n_themes").reset_index()


def cerqual_summary(profile: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """From a CERQual profile: per component the review findings at each level of concern (and not judged);
    confidence counts."""
    rows = []
    for component in COMPONENTS:
        values = profile[component]
        row = {"component": component, **{c: int(values.eq(c).sum()) for c in CONCERNS}}
        row["not_judged"] = int(values.isna().sum())
        rows.append(row)
    confidence = profile["confidence"]
    counts = pd.Series({c: int(confidence.eq(c).sum()) for c in CONFIDENCE}, dtype=int)
    counts["not_judged"] = int(confidence.isna().sum())
    return pd.DataFrame(rows), counts
