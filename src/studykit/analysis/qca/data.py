"""Input checking and preparation of case tables for QCA."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...corpus.problems import Said
from .errors import QCAError

TOL = math.sqrt(np.finfo(float).eps)  # admisc.tol: .Machine$double.eps^0.5

_OUTCOME_RE = re.compile(r"^\s*(~?)\s*([^\[\]~]+?)\s*(?:\[\s*([0-9,\s]+)\s*\])?\s*$")


def agteb(a: float, b: float) -> bool:
    """admisc::agteb: a >= b up to the package tolerance."""
    return (a + TOL) > b


@dataclass(frozen=True)
class OutcomeSpec:
    """The outcome as the user wrote it: column, negation (~Y) and the selected values of a multi-value
    outcome."""

    name: str  # column name
    negated: bool
    values: tuple[int, ...] | None  # selected values of a multi-value outcome (Y[1] / Y[1,2])
    label: str  # as given, normalised: "~Y", "Y", "Y[2]"


def parse_outcome(spec: str) -> OutcomeSpec:
    if not isinstance(spec, str) or not spec.strip():
        raise QCAError.said("qca_error.no_outcome")
    m = _OUTCOME_RE.match(spec)
    if not m:
        raise QCAError.said("qca_error.outcome_spec", spec=spec)
    neg, name, vals = m.groups()
    values = None
    if vals is not None:
        try:
            values = tuple(int(v) for v in vals.split(",") if v.strip())
        except ValueError as exc:  # pragma: no cover - regex allows digits only
            raise QCAError.said("qca_error.outcome_values", spec=spec) from exc
        if not values:
            raise QCAError.said("qca_error.outcome_values", spec=spec)
    label = ("~" if neg else "") + name + (f"[{','.join(map(str, values))}]" if values else "")
    return OutcomeSpec(name=name, negated=bool(neg), values=values, label=label)


def check_unique_columns(names: Sequence[object], where: str = "the data") -> None:
    """Refuse a table with two columns of the same name (pandas would rename the second ``A.1``)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(map(str, names), start=1):
        if name in seen:
            raise QCAError.said("qca_error.column_twice", where=where, name=name, first=seen[name], second=i)
        seen[name] = i


def split_names(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value]


@dataclass
class Prepared:
    """Condition and outcome memberships of a case table, checked."""

    conditions: list[str]
    outcome: OutcomeSpec
    cases: list[str]
    X: np.ndarray  # (cases, conditions) float memberships / levels
    y: np.ndarray  # (cases,) outcome membership, negation applied
    fuzzy: list[bool]
    noflevels: list[int]


def _case_names(df: pd.DataFrame, case_column: str | None) -> list[str]:
    if case_column is not None:
        if case_column not in df.columns:
            columns = ", ".join(map(str, df.columns))
            raise QCAError.said(
                "qca_error.case_column",
                column=case_column,
                columns=columns,
                meant=meant(case_column, df.columns),
            )
        return [str(v) for v in df[case_column].tolist()]
    return [str(v) for v in df.index.tolist()]


def meant(name: str, columns: Iterable[object]):
    """The column a mistyped ``name`` likely means, as a did-you-mean ('' when none is near): report 6's
    condition `T04-barrier` is the export's cases.csv column `T04_barrier` (:func:`.advice.meant`)."""
    from ...corpus.advice import meant as likely

    guess = likely(name, [str(c) for c in columns])
    return Said("render.did_you_mean", {"guess": ", ".join(map(repr, guess))}) if guess else ""


def _missing(raw: pd.Series, col: str, case: str) -> QCAError:
    """A case without a value in ``col``: how many there are and what to do (the export's cases.csv leaves the
    outcome empty where a study states none)."""
    outcome = Said("qca_error.missing_outcome", {}) if col in ("shortfall", "success") else ""
    values = {"n": int(raw.isna().sum()), "total": len(raw), "outcome": outcome}
    return QCAError.said("qca_error.missing_value", column=col, case=case, **values)


def _numeric_column(df: pd.DataFrame, col: str, cases: Sequence[str]) -> np.ndarray:
    raw = df[col]
    values = np.empty(len(raw), dtype=float)
    for i, v in enumerate(raw.tolist()):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise _missing(raw, col, cases[i])
        if isinstance(v, bool):
            values[i] = float(v)
            continue
        try:
            values[i] = float(v)
        except (TypeError, ValueError):
            raise QCAError.said("qca_error.not_numeric", column=col, case=cases[i], value=v) from None
        if math.isnan(values[i]) or math.isinf(values[i]):
            raise QCAError.said("qca_error.not_numeric", column=col, case=cases[i], value=v)
    return values


def _is_fuzzy(values: np.ndarray) -> bool:
    return bool(np.any(np.mod(values, 1) > 0))


def _check_set(col: str, values: np.ndarray, cases: Sequence[str], fuzzy: bool) -> None:
    if fuzzy:
        bad = np.flatnonzero((values < 0) | (values > 1))
        if bad.size:
            i = int(bad[0])
            raise QCAError.said("qca_error.fuzzy_range", column=col, case=cases[i], value=values[i])
    else:
        bad = np.flatnonzero(values < 0)
        if bad.size:
            i = int(bad[0])
            raise QCAError.said("qca_error.negative", column=col, case=cases[i], value=values[i])


def _levels(col: str, values: np.ndarray, cases: Sequence[str]) -> int:
    """The levels of a crisp condition (0 … its largest value), within QCA_LEVELS: a value such as 100000000
    would make a truth table no memory holds."""
    from ...limits import QCA_LEVELS

    top = int(np.argmax(values))
    levels = max(2, int(values[top]) + 1)
    if levels > QCA_LEVELS.value:
        cap = {"limit": QCA_LEVELS.value, "variable": QCA_LEVELS.variable, "example": QCA_LEVELS.value * 4}
        raise QCAError.said(
            "qca_error.too_many_levels", column=col, case=cases[top], value=values[top], levels=levels, **cap
        )
    return levels


def _check_rows(conds: Sequence[str], noflevels: Sequence[int]) -> None:
    """The truth table's rows (the product of the levels) within QCA_ROWS, checked before any is built."""
    from ...limits import QCA_ROWS

    if math.prod(noflevels) > QCA_ROWS.value:
        levels = ", ".join(f"{c}: {n}" for c, n in zip(conds, noflevels, strict=True))
        cap = {"limit": QCA_ROWS.value, "variable": QCA_ROWS.variable, "example": QCA_ROWS.value * 4}
        raise QCAError.said("qca_error.too_many_rows", rows=math.prod(noflevels), levels=levels, **cap)


def prepare(
    data: pd.DataFrame,
    outcome: str,
    conditions: str | Iterable[str] | None = None,
    case_column: str | None = None,
) -> Prepared:
    if not isinstance(data, pd.DataFrame):
        try:
            data = pd.DataFrame(data)
        except Exception as exc:  # noqa: BLE001
            raise QCAError.said("qca_error.not_a_table") from exc
    if data.shape[0] == 0:
        raise QCAError.said("qca_error.no_cases")
    spec = parse_outcome(outcome)
    check_unique_columns(data.columns)
    columns = [str(c) for c in data.columns]
    data = data.copy()
    data.columns = columns
    if spec.name not in columns:
        joined, guess = ", ".join(columns), meant(spec.name, columns)
        raise QCAError.said("qca_error.outcome_column", column=spec.name, columns=joined, meant=guess)
    conds = split_names(conditions)
    named = bool(conds)
    if not conds:
        conds = [c for c in columns if c != spec.name and c != case_column]
    for c in conds:
        if c not in columns:
            joined, guess = ", ".join(columns), meant(c, columns)
            raise QCAError.said("qca_error.condition_column", column=c, columns=joined, meant=guess)
    if len(set(conds)) != len(conds):
        raise QCAError.said("qca_error.conditions_twice")
    if spec.name in conds:
        raise QCAError.said("qca_error.outcome_condition", name=spec.name)
    if len(conds) == 0:
        raise QCAError.said("qca_error.no_conditions")
    if len(conds) > 25:
        every = (
            "" if named else Said("qca_error.every_column", {})
        )  # cases.csv has a column per type and theme
        raise QCAError.said("qca_error.too_many_conditions", n=len(conds), every=every)
    cases = _case_names(data, case_column)

    X = np.empty((len(cases), len(conds)), dtype=float)
    fuzzy: list[bool] = []
    noflevels: list[int] = []
    for j, c in enumerate(conds):
        v = _numeric_column(data, c, cases)
        fz = _is_fuzzy(v)
        _check_set(c, v, cases, fz)
        X[:, j] = v
        fuzzy.append(fz)
        noflevels.append(2 if fz else _levels(c, v, cases))
    _check_rows(conds, noflevels)

    yraw = _numeric_column(data, spec.name, cases)
    yfz = _is_fuzzy(yraw)
    _check_set(spec.name, yraw, cases, yfz)
    if spec.values is not None:
        if yfz:
            raise QCAError.said("qca_error.fuzzy_outcome", name=spec.name)
        y = np.isin(yraw, spec.values).astype(float)
    else:
        if not yfz and yraw.max() > 1:
            raise QCAError.said("qca_error.multi_value", name=spec.name, top=int(yraw.max()))
        y = yraw
    if spec.negated:
        y = 1.0 - y
    return Prepared(conds, spec, cases, X, y, fuzzy, noflevels)
