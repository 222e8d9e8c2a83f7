"""Truth tables exactly as R ``QCA::truthTable`` (3.23)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .configs import memberships, mixed_base
from .data import TOL, agteb, prepare
from .errors import QCAError
from .results import TruthTable, TTRow


def _parse_incl_cut(incl_cut) -> tuple[float, float]:
    if isinstance(incl_cut, str):
        incl_cut = [v for v in incl_cut.replace(";", ",").split(",") if v.strip()]
    if isinstance(incl_cut, (int, float)):
        vals = [float(incl_cut)]
    else:
        try:
            vals = [float(v) for v in incl_cut]
        except (TypeError, ValueError) as exc:
            raise QCAError.said("qca_error.incl_cut_numbers", value=incl_cut) from exc
    if not 1 <= len(vals) <= 2:
        raise QCAError.said("qca_error.incl_cut_count")
    for v in vals:
        if not 0 <= v <= 1:
            raise QCAError.said("qca_error.incl_cut_range", value=v)
    ic1 = vals[0]
    ic0 = vals[1] if len(vals) == 2 else 1.0
    if len(vals) == 2 and ic0 > ic1:
        raise QCAError.said("qca_error.incl_cut_order")
    return ic1, ic0


def truth_table(
    data: pd.DataFrame,
    outcome: str,
    conditions: str | Iterable[str] | None = None,
    *,
    case_column: str | None = None,
    incl_cut: float | Sequence[float] = 1,
    n_cut: int = 1,
    pri_cut: float = 0,
) -> TruthTable:
    """Build the truth table of ``outcome`` (``"Y"``, ``"~Y"`` or ``"Y[v]"``) on ``conditions``.

    Crisp (0/1), multi-value (0..k) and fuzzy ([0, 1]) conditions may be mixed. A case belongs
    to the row of its configuration (fuzzy memberships > 0.5 read as 1); ``n`` counts the cases
    with membership > 0.5 in the row; ``incl`` = sum(min(X, Y)) / sum(X); PRI as in R.
    ``incl_cut`` is one value, or two: rows with ``incl_cut[1] <= incl < incl_cut[0]`` are
    contradictions ("C"). Rows with fewer than ``n_cut`` cases become remainders ("?").
    """
    prep = prepare(data, outcome, conditions, case_column)
    ic1, ic0 = _parse_incl_cut(incl_cut)
    try:
        n_cut = int(n_cut)
    except (TypeError, ValueError) as exc:
        raise QCAError.said("qca_error.n_cut_integer", value=n_cut) from exc
    if n_cut < 0:
        raise QCAError.said("qca_error.n_cut_negative")
    pri_cut = float(pri_cut)
    X, y = prep.X, prep.y
    fz = np.asarray(prep.fuzzy)
    crisp_cfg = np.where(fz[None, :], (X > 0.5).astype(np.int64), X.astype(np.int64))
    base = mixed_base(prep.noflevels)
    line = crisp_cfg @ base + 1
    uniq_lines, first = np.unique(line, return_index=True)
    configs = crisp_cfg[first]
    m = memberships(X, prep.fuzzy, configs)  # (rows, cases)
    sum_x = m.sum(axis=1)
    pmin = np.minimum(m, y[None, :])
    sum_xy = pmin.sum(axis=1)
    prisum = np.minimum(pmin, (1 - y)[None, :]).sum(axis=1)
    ncount = (m > 0.5).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        incl = sum_xy / sum_x
        pri = (sum_xy - prisum) / (sum_x - prisum)
    zero_five = np.any(np.abs(X[:, fz] - 0.5) < TOL, axis=1) if fz.any() else np.zeros(len(y), bool)

    rows: list[TTRow] = []
    removed: list[TTRow] = []
    for k, ln in enumerate(uniq_lines):
        cases = [prep.cases[i] for i in np.flatnonzero((line == ln) & ~zero_five)]
        n = int(ncount[k])
        inc, pr = float(incl[k]), float(pri[k])
        out = "1" if (agteb(inc, ic1) and agteb(pr, pri_cut)) else "0"
        if inc < ic1 and agteb(inc, ic0):
            out = "C"
        row = TTRow(int(ln), tuple(int(v) for v in configs[k]), out, n, inc, pr, cases)
        if n < n_cut:
            row.OUT = "?"
            removed.append(row)
        else:
            rows.append(row)
    if not rows:
        raise QCAError.said("qca_error.no_configurations")
    return TruthTable(
        conditions=list(prep.conditions),
        outcome=prep.outcome.label,
        noflevels=list(prep.noflevels),
        fuzzy=list(prep.fuzzy),
        rows=rows,
        removed=removed,
        incl_cut=(ic1, ic0),
        n_cut=n_cut,
        pri_cut=pri_cut,
        prepared=prep,
    )
