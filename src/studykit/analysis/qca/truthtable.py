"""Truth tables exactly as R ``QCA::truthTable`` (3.23)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data import TOL, Prepared, agteb, prepare
from .errors import QCAError


@dataclass
class TTRow:
    row: int  # 1 + configuration read as a mixed-base number, first condition most significant
    config: tuple[int, ...]
    OUT: str  # "1", "0", "C" or "?"
    n: int
    incl: float
    PRI: float
    cases: list[str]

    def to_dict(self, conditions: Sequence[str]) -> dict:
        return {
            "row": self.row,
            "config": {c: int(v) for c, v in zip(conditions, self.config)},
            "OUT": self.OUT,
            "n": self.n,
            "incl": _num(self.incl),
            "PRI": _num(self.PRI),
            "cases": list(self.cases),
        }


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def mixed_base(noflevels: Sequence[int]) -> np.ndarray:
    base = np.ones(len(noflevels), dtype=np.int64)
    for i in range(len(noflevels) - 2, -1, -1):
        base[i] = base[i + 1] * noflevels[i + 1]
    return base


def row_config(row: int, noflevels: Sequence[int]) -> tuple[int, ...]:
    rest = row - 1
    out = []
    for b, lv in zip(mixed_base(noflevels), noflevels):
        out.append(int(rest // b) % lv)
    return tuple(out)


def memberships(X: np.ndarray, fuzzy: Sequence[bool], configs: np.ndarray) -> np.ndarray:
    """Membership of every case (columns) in every configuration / term (rows).

    ``configs`` holds level values, or -1 where a condition is absent from a term.
    """
    configs = np.atleast_2d(np.asarray(configs))
    out = np.empty((configs.shape[0], X.shape[0]), dtype=float)
    fz = np.asarray(fuzzy, dtype=bool)
    chunk = max(1, 2_000_000 // max(1, X.shape[0] * X.shape[1]))
    for start in range(0, configs.shape[0], chunk):
        cf = configs[start : start + chunk]  # (r, C)
        v = np.broadcast_to(X[None, :, :], (cf.shape[0],) + X.shape)
        crisp = (v == cf[:, None, :]).astype(float)
        fuzz = np.where(cf[:, None, :] == 1, v, 1.0 - v)
        m = np.where(fz[None, None, :], fuzz, crisp)
        m = np.where(cf[:, None, :] < 0, 1.0, m)
        out[start : start + chunk] = m.min(axis=2)
    return out


@dataclass
class TruthTable:
    conditions: list[str]
    outcome: str  # as given, e.g. "~SURV"
    noflevels: list[int]
    fuzzy: list[bool]
    rows: list[TTRow]  # observed rows with n >= n_cut (OUT 1, 0 or C)
    removed: list[TTRow]  # observed configurations with n < n_cut (OUT "?")
    incl_cut: tuple[float, float]
    n_cut: int
    pri_cut: float
    prepared: Prepared = field(repr=False)

    # --- convenience -------------------------------------------------------------------
    @property
    def multivalue(self) -> bool:
        return any(lv > 2 for lv in self.noflevels)

    def rows_with(self, *outs: str) -> list[TTRow]:
        return [r for r in self.rows if r.OUT in outs]

    def to_dict(self) -> dict:
        return {
            "conditions": list(self.conditions),
            "outcome": self.outcome,
            "options": {
                "incl_cut": list(self.incl_cut) if self.incl_cut[1] != 1 else self.incl_cut[0],
                "n_cut": self.n_cut,
                "pri_cut": self.pri_cut,
            },
            "rows": [r.to_dict(self.conditions) for r in self.rows],
            "removed": [r.to_dict(self.conditions) for r in self.removed],
        }

    def to_frame(self) -> pd.DataFrame:
        recs = []
        for r in self.rows:
            d = {"row": r.row, **dict(zip(self.conditions, r.config))}
            d.update(OUT=r.OUT, n=r.n, incl=r.incl, PRI=r.PRI, cases=",".join(r.cases))
            recs.append(d)
        return pd.DataFrame.from_records(recs).set_index("row") if recs else pd.DataFrame()

    def to_text(self, show_cases: bool = True) -> str:
        from .render import render_truth_table

        return render_truth_table(self, show_cases=show_cases)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()


def _parse_incl_cut(incl_cut) -> tuple[float, float]:
    if isinstance(incl_cut, str):
        incl_cut = [v for v in incl_cut.replace(";", ",").split(",") if v.strip()]
    if isinstance(incl_cut, (int, float)):
        vals = [float(incl_cut)]
    else:
        try:
            vals = [float(v) for v in incl_cut]
        except (TypeError, ValueError) as exc:
            raise QCAError(f"incl_cut must be a number or two numbers, got {incl_cut!r}") from exc
    if not 1 <= len(vals) <= 2:
        raise QCAError(
            "incl_cut takes one value, or two (inclusion cut for 1, lower bound of contradictions)"
        )
    for v in vals:
        if not 0 <= v <= 1:
            raise QCAError(f"incl_cut values must lie in [0, 1], got {v:g}")
    ic1 = vals[0]
    ic0 = vals[1] if len(vals) == 2 else 1.0
    if len(vals) == 2 and ic0 > ic1:
        raise QCAError("the second incl_cut value (contradictions) must not exceed the first")
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
        raise QCAError(f"n_cut must be an integer, got {n_cut!r}") from exc
    if n_cut < 0:
        raise QCAError("n_cut must not be negative")
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
        raise QCAError("there are no configurations, using these cutoff values (n_cut)")
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
