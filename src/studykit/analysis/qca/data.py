"""Input checking and preparation of case tables for QCA."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
        raise QCAError("the outcome is missing")
    m = _OUTCOME_RE.match(spec)
    if not m:
        raise QCAError(f"incorrect outcome specification {spec!r} (use Y, ~Y or Y[v])")
    neg, name, vals = m.groups()
    values = None
    if vals is not None:
        try:
            values = tuple(int(v) for v in vals.split(",") if v.strip())
        except ValueError as exc:  # pragma: no cover - regex allows digits only
            raise QCAError(f"incorrect outcome specification {spec!r}") from exc
        if not values:
            raise QCAError(f"incorrect outcome specification {spec!r}")
    label = ("~" if neg else "") + name + (f"[{','.join(map(str, values))}]" if values else "")
    return OutcomeSpec(name=name, negated=bool(neg), values=values, label=label)


def check_unique_columns(names: Sequence[object], where: str = "the data") -> None:
    """Refuse a table with two columns of the same name (pandas would rename the second ``A.1``)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(map(str, names), start=1):
        if name in seen:
            raise QCAError(
                f"{where}: column {name!r} appears twice (columns {seen[name]} and {i}); "
                "column names must be unique: rename or remove one"
            )
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
            raise QCAError(
                f"unknown case column {case_column!r}; columns are: {', '.join(map(str, df.columns))}"
            )
        return [str(v) for v in df[case_column].tolist()]
    return [str(v) for v in df.index.tolist()]


def _numeric_column(df: pd.DataFrame, col: str, cases: Sequence[str]) -> np.ndarray:
    raw = df[col]
    values = np.empty(len(raw), dtype=float)
    for i, v in enumerate(raw.tolist()):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise QCAError(f"column {col!r}, case {cases[i]!r}: missing membership value")
        if isinstance(v, bool):
            values[i] = float(v)
            continue
        try:
            values[i] = float(v)
        except (TypeError, ValueError):
            raise QCAError(f"column {col!r}, case {cases[i]!r}: non-numeric membership {v!r}") from None
        if math.isnan(values[i]) or math.isinf(values[i]):
            raise QCAError(f"column {col!r}, case {cases[i]!r}: non-numeric membership {v!r}")
    return values


def _is_fuzzy(values: np.ndarray) -> bool:
    return bool(np.any(np.mod(values, 1) > 0))


def _check_set(col: str, values: np.ndarray, cases: Sequence[str], fuzzy: bool) -> None:
    if fuzzy:
        bad = np.flatnonzero((values < 0) | (values > 1))
        if bad.size:
            i = int(bad[0])
            raise QCAError(
                f"column {col!r}, case {cases[i]!r}: fuzzy membership {values[i]:g} outside [0, 1]"
            )
    else:
        bad = np.flatnonzero(values < 0)
        if bad.size:
            i = int(bad[0])
            raise QCAError(f"column {col!r}, case {cases[i]!r}: negative crisp value {values[i]:g}")


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
            raise QCAError("the data should be a table (pandas DataFrame)") from exc
    if data.shape[0] == 0:
        raise QCAError("the data has no cases")
    spec = parse_outcome(outcome)
    check_unique_columns(data.columns)
    columns = [str(c) for c in data.columns]
    data = data.copy()
    data.columns = columns
    if spec.name not in columns:
        raise QCAError(f"unknown outcome column {spec.name!r}; columns are: {', '.join(columns)}")
    conds = split_names(conditions)
    if not conds:
        conds = [c for c in columns if c != spec.name and c != case_column]
    for c in conds:
        if c not in columns:
            raise QCAError(f"unknown condition column {c!r}; columns are: {', '.join(columns)}")
    if len(set(conds)) != len(conds):
        raise QCAError("duplicated condition names")
    if spec.name in conds:
        raise QCAError(f"the outcome {spec.name!r} cannot also be a condition")
    if len(conds) == 0:
        raise QCAError("no conditions to analyse")
    if len(conds) > 25:
        raise QCAError("impossible to run a QCA analysis with more than 25 conditions")
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
        noflevels.append(2 if fz else max(2, int(v.max()) + 1))

    yraw = _numeric_column(data, spec.name, cases)
    yfz = _is_fuzzy(yraw)
    _check_set(spec.name, yraw, cases, yfz)
    if spec.values is not None:
        if yfz:
            raise QCAError(f"outcome {spec.name!r} is fuzzy; values in brackets are for multi-value outcomes")
        y = np.isin(yraw, spec.values).astype(float)
    else:
        if not yfz and yraw.max() > 1:
            raise QCAError(
                f"outcome {spec.name!r} is multi-value (values up to {int(yraw.max())}); "
                f"select the value(s) to explain, e.g. {spec.name}[{int(yraw.max())}]"
            )
        y = yraw
    if spec.negated:
        y = 1.0 - y
    return Prepared(conds, spec, cases, X, y, fuzzy, noflevels)
