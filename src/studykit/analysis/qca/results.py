"""The results of a QCA: the truth table and its rows, the minimal models and the solution.

Plain data with their JSON and text forms; computed by :mod:`.truthtable` and :mod:`.minimize`,
printed by :mod:`.render` (a leaf: it imports nothing of the package).
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .assumptions import SharedAssumptions, shared_table
from .data import Prepared
from .render import render_result, render_truth_table


@dataclass
class TTRow:
    """One row of a truth table: a configuration, its outcome value and the cases that have it."""

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
            "config": {c: int(v) for c, v in zip(conditions, self.config, strict=False)},
            "OUT": self.OUT,
            "n": self.n,
            "incl": _num(self.incl),
            "PRI": _num(self.PRI),
            "cases": list(self.cases),
        }


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


@dataclass
class TruthTable:
    """A truth table as R ``QCA::truthTable`` builds it, with the options it was built with."""

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
            d = {"row": r.row, **dict(zip(self.conditions, r.config, strict=False))}
            d.update(OUT=r.OUT, n=r.n, incl=r.incl, PRI=r.PRI, cases=",".join(r.cases))
            recs.append(d)
        return pd.DataFrame.from_records(recs).set_index("row") if recs else pd.DataFrame()

    def to_text(self, show_cases: bool = True, lang: str = "en") -> str:
        return render_truth_table(self, show_cases=show_cases, lang=lang)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()


def _clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


@dataclass
class Model:
    """One minimal model of a solution: its terms (essential first), their fit and the fit of the whole."""

    name: str
    pis: tuple[int, ...]  # indices into the solution's prime implicants (R order)
    terms: list[str]  # printed order: essential prime implicants first
    essential: list[str]
    terms_fit: list[dict]
    solution_fit: dict
    _sa: object = field(default=None, repr=False)  # callable -> list of row numbers
    _ec: list[int] | None = field(default=None, repr=False)
    c_model: int | None = None
    p_model: int | None = None
    # the rows of every term, shared with the tied models; index of each printed term in it
    shared_assumptions: SharedAssumptions | None = field(default=None, repr=False)
    term_pis: tuple[int, ...] = ()

    @property
    def expression(self) -> str:
        return " + ".join(self.terms)

    @property
    def simplifying_assumptions(self) -> list[int]:
        """Remainder rows (row numbers) that the model's terms cover."""
        if callable(self._sa):
            self._sa = self._sa()
        return list(self._sa or [])

    @property
    def easy_counterfactuals(self) -> list[int] | None:
        return None if self._ec is None else list(self._ec)


@dataclass
class QCAResult:
    """A solution (conservative, parsimonious or intermediate): every tied minimal model of a truth table."""

    truth_table: TruthTable
    kind: str
    models: list[Model]
    prime_implicants: list[str]  # every prime implicant of the chart, R order
    dir_exp: list[str] | None = None
    mv: bool = False

    @property
    def conditions(self) -> list[str]:
        return self.truth_table.conditions

    def to_dict(self, *, simplifying_assumptions: bool = True) -> dict:
        """The truth table and the solution, as plain data.

        The simplifying assumptions are stated once, in ``solution.simplifying_assumptions``
        (``rows``: each remainder row with its configuration; ``by_term``: the rows each term
        covers); each model gives their number, and a model's own rows are the union of
        ``by_term`` over its ``terms``. Tied models share most terms, so the output grows with
        the terms, not with the models.
        """
        models = []
        for m in self.models:
            d = {
                "name": m.name,
                "expression": m.expression,
                "terms": list(m.terms),
                "essential": list(m.essential),
                "terms_fit": [{k: _clean(v) for k, v in tf.items()} for tf in m.terms_fit],
                "solution_fit": {k: _clean(v) for k, v in m.solution_fit.items()},
            }
            if m.c_model is not None:
                d["conservative_model"] = m.c_model
                d["parsimonious_model"] = m.p_model
            if simplifying_assumptions:
                d["n_simplifying_assumptions"] = len(m.simplifying_assumptions)
                if m.easy_counterfactuals is not None:
                    d["easy_counterfactuals"] = m.easy_counterfactuals
            models.append(d)
        sol = {
            "kind": self.kind,
            "outcome": self.truth_table.outcome,
            "prime_implicants": list(self.prime_implicants),
        }
        if simplifying_assumptions:
            tt = self.truth_table
            sol["simplifying_assumptions"] = shared_table(self.models, tt.conditions, tt.noflevels)
        sol["models"] = models
        if self.dir_exp is not None:
            sol["dir_exp"] = list(self.dir_exp)
        return {"truth_table": self.truth_table.to_dict(), "solution": sol}

    def to_json(self, **kwargs) -> str:
        simp = kwargs.pop("simplifying_assumptions", True)
        kwargs.setdefault("indent", 2)
        out = io.StringIO()  # json.dump writes piece by piece: no list of every piece beside the text
        json.dump(self.to_dict(simplifying_assumptions=simp), out, ensure_ascii=False, **kwargs)
        return out.getvalue()

    def to_text(self, show_cases: bool = True, lang: str = "en") -> str:
        return render_result(self, show_cases=show_cases, lang=lang)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()
