"""Boolean minimisation of a truth table, exactly as R ``QCA::minimize`` (3.23)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .assumptions import SharedAssumptions
from .chart import minimum_covers
from .configs import memberships, row_config
from .errors import QCAError, memory_guard
from .expectations import easy_counterfactuals, parse_dir_exp
from .fit import sufficiency
from .implicants import ccubes, cover_matrix, qmc
from .results import Model, QCAResult, TruthTable
from .truthtable import truth_table

KINDS = ("conservative", "parsimonious", "intermediate")
DEFAULT_MAX_PRIME_IMPLICANTS = 250_000
DEFAULT_MAX_MODELS = 10_000
DEFAULT_MAX_SECONDS = 300.0


# --------------------------------------------------------------------------------------
# writing terms
def term_string(term: Sequence[int], conditions: Sequence[str], mv: bool) -> str:
    return term_strings(np.asarray([term]), conditions, mv)[0]


def term_strings(terms: np.ndarray, conditions: Sequence[str], mv: bool) -> list[str]:
    """R's ``writePrimeimp``: ``A*~B`` (binary) or ``A[1]*B[0]`` (multi-value) per coded term."""
    maxcode = int(np.max(terms)) if np.size(terms) else 0
    lit = []
    for name in conditions:
        if mv:
            lit.append([""] + [f"{name}[{v}]" for v in range(maxcode)])
        else:
            lit.append(["", "~" + name, name] + [f"{name}[{v}]" for v in range(2, maxcode)])
    out = []
    for row in np.asarray(terms).tolist():
        out.append("*".join(lit[c][code] for c, code in enumerate(row) if code))
    return out


# --------------------------------------------------------------------------------------
# solving: prime implicants, minimal covers, models (directional expectations: .expectations)
@dataclass
class _Solution:
    terms: np.ndarray  # coded prime implicants (R order), only those covering a positive row
    models: list[tuple[int, ...]]
    cov: np.ndarray | None = None  # (terms, positive rows)
    strings: list[str] | None = None


def _solve(terms: np.ndarray, pos: np.ndarray, *, max_models, max_seconds, deadline) -> _Solution:
    cov = cover_matrix(terms, pos)  # (terms, pos rows)
    keep = cov.any(axis=1)
    terms, cov = terms[keep], cov[keep]
    models = minimum_covers(cov, max_models=max_models, max_seconds=max_seconds, deadline=deadline)
    return _Solution(terms, models, cov)


def _build_models(
    sol: _Solution,
    tt: TruthTable,
    pos_rows: np.ndarray,
    mv: bool,
    names: list[str],
    explain_row_numbers: np.ndarray,
    pos_cases: list[list[str]],
) -> list[Model]:
    prep = tt.prepared
    conds = tt.conditions
    strings = sol.strings if sol.strings is not None else term_strings(sol.terms, conds, mv)
    used = sorted({i for mod in sol.models for i in mod})
    cfg = np.where(sol.terms[used] > 0, sol.terms[used] - 1, -1)
    tm_used = memberships(prep.X, prep.fuzzy, cfg) if used else np.zeros((0, len(prep.y)))
    where = {i: k for k, i in enumerate(used)}
    case_lists: dict[int, list[str]] = {}

    def cases_of(i: int) -> list[str]:
        if i not in case_lists:
            case_lists[i] = [c for r in np.flatnonzero(cov[i]).tolist() for c in pos_cases[r]]
        return case_lists[i]

    cov = sol.cov if sol.cov is not None else cover_matrix(sol.terms, pos_rows)
    shared = SharedAssumptions(sol.terms, strings, tt.noflevels, explain_row_numbers)
    zero_below = 1e-5 if len(sol.models) == 1 else 1e-4
    ess = set(sol.models[0]).intersection(*map(set, sol.models[1:])) if sol.models else set()
    models = []
    for name, mod in zip(names, sol.models, strict=False):
        essential = [i for i in mod if i in ess]
        ordered = essential + [i for i in mod if i not in ess]
        tfit, sfit = sufficiency(tm_used[[where[i] for i in ordered]], prep.y, zero_below)
        terms_fit = [
            {"term": strings[i], **f, "cases": list(cases_of(i))} for i, f in zip(ordered, tfit, strict=False)
        ]
        models.append(
            Model(
                name=name,
                pis=tuple(mod),
                terms=[strings[i] for i in ordered],
                essential=[strings[i] for i in essential],
                terms_fit=terms_fit,
                solution_fit=sfit,
                _sa=lambda mod=mod: shared.of_model(mod),
                shared_assumptions=shared,
                term_pis=tuple(ordered),
            )
        )
    return models


def _model_names(n: int, suffix: str = "") -> list[str]:
    if suffix:
        return [f"M-{suffix}"] if n == 1 else [f"M{i + 1}-{suffix}" for i in range(n)]
    return [f"M{i + 1}" for i in range(n)]


@memory_guard("minimising the truth table")
def minimize(
    data: pd.DataFrame | TruthTable,
    outcome: str | None = None,
    conditions: str | Iterable[str] | None = None,
    *,
    solution: str = "conservative",
    dir_exp: Sequence[str] | str | None = None,
    case_column: str | None = None,
    incl_cut: float | Sequence[float] = 1,
    n_cut: int = 1,
    pri_cut: float = 0,
    max_prime_implicants: int | None = DEFAULT_MAX_PRIME_IMPLICANTS,
    max_models: int | None = DEFAULT_MAX_MODELS,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
    complete_pi_search: bool = False,
) -> QCAResult:
    """Minimise a truth table (or build one from ``data``) as R ``minimize()`` does.

    ``solution``: ``"conservative"`` (positive rows only; R's default), ``"parsimonious"``
    (remainders included, R ``include = "?"``) or ``"intermediate"`` (remainders that are
    easy counterfactuals under ``dir_exp``, e.g. ``["A", "~B", "C[1]"]``). Contradictions
    are never explained. Every tied minimal model is returned, in R's order.

    Caps raise :class:`QCALimitError` rather than returning part of an answer:
    ``max_prime_implicants``, ``max_models`` (tied minimal models), ``max_seconds``.
    ``complete_pi_search=True`` searches prime implicants of every size for the
    parsimonious solution; by default the search stops where R's CCubes stops.
    """
    if solution not in KINDS:
        raise QCAError.said("qca_error.solution", value=solution, allowed=", ".join(KINDS))
    if isinstance(data, TruthTable):
        tt = data
    else:
        if outcome is None:
            raise QCAError.said("qca_error.no_outcome")
        tt = truth_table(
            data,
            outcome,
            conditions,
            case_column=case_column,
            incl_cut=incl_cut,
            n_cut=n_cut,
            pri_cut=pri_cut,
        )
    if solution == "intermediate" and dir_exp is None:
        raise QCAError.said("qca_error.needs_dir_exp")
    if solution != "intermediate" and dir_exp is not None:
        raise QCAError.said("qca_error.dir_exp_only")
    deadline = time.monotonic() + max_seconds if max_seconds is not None else None
    mv = tt.multivalue or tt.prepared.outcome.values is not None
    pos_list = tt.rows_with("1")
    if not pos_list:
        raise QCAError.said("qca_error.no_positive_row", incl_cut=tt.incl_cut[0])
    pos = np.array([r.config for r in pos_list], dtype=np.int64)
    neg = np.array([r.config for r in tt.rows_with("0", "C")], dtype=np.int64).reshape(-1, len(tt.conditions))
    explain_rows = np.array([r.row for r in pos_list], dtype=np.int64)
    pos_cases = [r.cases for r in pos_list]
    caps = dict(max_models=max_models, max_seconds=max_seconds, deadline=deadline)

    def conservative() -> _Solution:
        terms = qmc(pos, tt.noflevels)
        _check_pi_cap(terms.shape[0], max_prime_implicants)
        return _solve(terms, pos, **caps)

    def parsimonious() -> _Solution:
        terms = ccubes(
            pos,
            neg,
            max_prime_implicants=max_prime_implicants,
            deadline=deadline,
            complete=complete_pi_search,
            max_seconds=max_seconds if max_seconds is not None else float("nan"),
        )
        return _solve(terms, pos, **caps)

    if solution == "conservative":
        sol = conservative()
        sol.strings = term_strings(sol.terms, tt.conditions, mv)
        models = _build_models(sol, tt, pos, mv, _model_names(len(sol.models)), explain_rows, pos_cases)
        return QCAResult(tt, solution, models, sol.strings, None, mv)
    if solution == "parsimonious":
        sol = parsimonious()
        sol.strings = term_strings(sol.terms, tt.conditions, mv)
        models = _build_models(sol, tt, pos, mv, _model_names(len(sol.models)), explain_rows, pos_cases)
        return QCAResult(tt, solution, models, sol.strings, None, mv)

    # intermediate
    csol = conservative()
    psol = parsimonious()
    dem = parse_dir_exp(dir_exp, tt.conditions, tt.noflevels)
    no_dir = not (dem > 0).any()
    pshared = SharedAssumptions(psol.terms, [], tt.noflevels, explain_rows)
    models: list[Model] = []
    all_pis: list[str] = []
    for ci, cmod in enumerate(csol.models, start=1):
        for pi_, pmod in enumerate(psol.models, start=1):
            suffix = f"C{ci}P{pi_}"
            if no_dir:
                isol = _Solution(csol.terms, [cmod], csol.cov)
                ec_rows: list[int] = []
            else:
                sa_nums = np.asarray(pshared.of_model(pmod), dtype=np.int64)
                sa_cfg = np.array(
                    [row_config(int(r), tt.noflevels) for r in sa_nums], dtype=np.int64
                ).reshape(-1, len(tt.conditions))
                ecs = easy_counterfactuals(dem, csol.terms[list(cmod)], psol.terms[list(pmod)], sa_cfg)
                ec_cfg = sa_cfg[ecs]
                ec_rows = [int(r) for r in sa_nums[ecs]]
                rows_for_qmc = np.vstack([pos, ec_cfg]) if ec_cfg.shape[0] else pos
                terms = qmc(rows_for_qmc, tt.noflevels)
                _check_pi_cap(terms.shape[0], max_prime_implicants)
                isol = _solve(terms, pos, **caps)
            built = _build_models(
                isol, tt, pos, mv, _model_names(len(isol.models), suffix), explain_rows, pos_cases
            )
            for m in built:
                m.c_model, m.p_model = ci, pi_
                m._ec = ec_rows
            models.extend(built)
            for s in term_strings(isol.terms, tt.conditions, mv):
                if s not in all_pis:
                    all_pis.append(s)
    des = [dir_exp] if isinstance(dir_exp, str) else list(dir_exp)
    return QCAResult(tt, solution, models, all_pis, des, mv)


def _check_pi_cap(n: int, cap: int | None) -> None:
    from .errors import QCALimitError

    if cap is not None and n > cap:
        raise QCALimitError(
            f"{n:,} prime implicants exceed max_prime_implicants={cap:,}; raise the cap or reduce conditions",
            cap="max_prime_implicants",
            limit=cap,
            value=n,
        )
