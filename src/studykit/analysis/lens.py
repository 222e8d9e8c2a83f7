"""A theme × study matrix seen through one implementation framework: the crosswalk maps themes to the
framework's variables (``framework_lens``), and the variables with no evidence are its gaps."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .counting import indexed_frame


def _links(
    crosswalk: pd.DataFrame, framework: str, frameworks: pd.DataFrame | None, strengths: str | Iterable[str]
) -> tuple[list[str], pd.DataFrame]:
    """The framework's variables (frameworks-table order, else sorted) and its theme → variable links."""
    known = frameworks["framework_id"] if frameworks is not None else crosswalk["framework_id"]
    allowed = sorted(set(known))
    if framework not in allowed:
        raise ValueError(f"unknown framework {framework!r}; use one of {', '.join(allowed)}")
    strengths = [strengths] if isinstance(strengths, str) else list(strengths)
    if not strengths or set(strengths) - {"direct", "partial"}:
        raise ValueError(f"strengths must be among 'direct', 'partial', got {strengths!r}")
    rows = crosswalk[crosswalk["framework_id"].eq(framework) & crosswalk["variable_id"].notna()]
    variables = sorted(set(rows["variable_id"]))
    if frameworks is not None:
        ordered = list(frameworks.loc[frameworks["framework_id"].eq(framework), "variable_id"])
        variables = ordered + [v for v in variables if v not in ordered]
    links = rows[rows["strength"].isin(strengths)][["theme_id", "variable_id"]].sort_values(
        ["variable_id", "theme_id"]
    )
    return variables, links


def framework_lens(
    matrix: pd.DataFrame,
    crosswalk: pd.DataFrame,
    framework: str,
    frameworks: pd.DataFrame | None = None,
    strengths: str | Iterable[str] = ("direct",),
) -> pd.DataFrame:
    """Re-project a theme × study matrix onto one framework's variables.

    A variable's value in a study is the sum of the values of the themes the
    crosswalk maps to it with one of ``strengths``. One theme can feed several
    variables (and several themes one variable), so the column sums are not
    those of ``matrix`` and must not be compared with them. Rows are all the
    framework's variables (zeros included): in the ``frameworks`` table's
    order if given, else sorted. Unknown framework: ``ValueError`` naming the
    allowed ids.
    """
    variables, links = _links(crosswalk, framework, frameworks, strengths)
    out = pd.DataFrame(
        np.zeros(
            (len(variables), matrix.shape[1]), dtype=matrix.to_numpy().dtype if matrix.size else "int64"
        ),
        index=pd.Index(variables, dtype="str", name="variable_id"),
        columns=matrix.columns,
    )
    for theme, variable in links.itertuples(index=False):
        if theme in matrix.index:
            out.loc[variable] += matrix.loc[theme].to_numpy()
    return out


def framework_gaps(
    matrix: pd.DataFrame,
    crosswalk: pd.DataFrame,
    framework: str,
    frameworks: pd.DataFrame | None = None,
    strengths: str | Iterable[str] = ("direct",),
) -> pd.DataFrame:
    """The framework's variables with no evidence: zero in every study of the lens.

    Pass a count matrix (:func:`theme_matrix`): in a signed matrix a cell whose
    enablers and barriers balance is 0. The lens is taken of ``|matrix|`` so
    that opposite signs of different themes do not cancel. Indexed by
    variable_id (lens order); ``label_en`` (NA without ``frameworks``) and
    ``themes``, the theme ids mapped to the variable with ``strengths`` (empty
    when none is).
    """
    variables, links = _links(crosswalk, framework, frameworks, strengths)
    lens = framework_lens(matrix.abs(), crosswalk, framework, frameworks, strengths)
    empty = [v for v in variables if not lens.loc[v].any()]
    labels = (
        dict(zip(frameworks["variable_id"], frameworks["label_en"], strict=False))
        if frameworks is not None
        else {}
    )
    rows = [
        {
            "variable_id": v,
            "label_en": labels.get(v, pd.NA),
            "themes": sorted(links.loc[links["variable_id"].eq(v), "theme_id"]),
        }
        for v in empty
    ]
    return indexed_frame(rows, ["label_en", "themes"], "variable_id")
