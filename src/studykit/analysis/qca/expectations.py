"""Directional expectations for the intermediate solution, exactly as R ``QCA`` (3.23): parse them as
``verify.dir.exp`` does, and tell which simplifying assumptions are easy counterfactuals (``C_getEC``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .errors import QCAError

_LIT = re.compile(r"^(~?)([^\[\]~*]+?)(?:\[([0-9,\s]+)\])?$")


def parse_dir_exp(
    dir_exp: Sequence[str] | str, conditions: Sequence[str], noflevels: Sequence[int]
) -> np.ndarray:
    """Matrix of directional expectations, coded like R's ``verify.dir.exp`` (0 = none).

    Each expectation is a literal (``A``, ``~B``, ``C[1]``) or a conjunction of literals
    (``A*~B``). Single-literal expectations on the same condition are merged as R's
    ``simplify()`` does: every value of the condition cancels out (an error), several but
    not all values leave the condition without an expectation.
    """
    if isinstance(dir_exp, str):
        dir_exp = [d for d in re.split(r"[,;]", dir_exp)]
    items = [re.sub(r"\s+", "", d) for d in dir_exp]
    items = [d for d in items if d and d != "-"]
    C = len(conditions)
    index = {c: i for i, c in enumerate(conditions)}
    mv = any(lv > 2 for lv in noflevels)
    single: dict[int, set[int]] = {}
    conj: list[dict[int, set[int]]] = []
    for item in items:
        lits: dict[int, set[int]] = {}
        for lit in item.split("*"):
            m = _LIT.match(lit)
            if not m:
                raise QCAError.said("qca_error.dir_exp", item=item)
            neg, name, vals = m.groups()
            if name not in index:
                raise QCAError.said("qca_error.dir_exp_condition", item=item, name=name)
            j = index[name]
            if vals is not None:
                if neg:
                    raise QCAError.said("qca_error.dir_exp_both", item=item)
                values = {int(v) for v in vals.split(",") if v.strip()}
                if any(v >= noflevels[j] for v in values):
                    raise QCAError.said("qca_error.dir_exp_values", item=item, name=name)
            else:
                if noflevels[j] > 2 or mv:
                    if noflevels[j] > 2:
                        raise QCAError.said("qca_error.dir_exp_brackets")
                values = {0} if neg else {1}
            lits.setdefault(j, set()).update(values)
        if len(lits) == 1:
            ((j, values),) = lits.items()
            single.setdefault(j, set()).update(values)
        else:
            conj.append(lits)
    rows: list[list[int]] = []
    for j in sorted(single):
        values = single[j]
        if len(values) >= noflevels[j]:
            raise QCAError.said("qca_error.dir_exp_empty")
        row = [0] * C
        row[j] = next(iter(values)) + 1 if len(values) == 1 else -1
        rows.append(row)
    for lits in conj:
        # absorbed by a single-literal expectation (A + A*B = A)
        if any(j in single and lits[j] <= single[j] for j in lits):
            continue
        row = [0] * C
        for j, values in lits.items():
            row[j] = next(iter(values)) + 1 if len(values) == 1 else -1
        rows.append(row)
    if not rows:
        return np.zeros((1, C), dtype=np.int64)
    return np.asarray(rows, dtype=np.int64)


def easy_counterfactuals(
    dem: np.ndarray, comp_terms: np.ndarray, pars_terms: np.ndarray, sa_rows: np.ndarray
) -> np.ndarray:
    """R's ``C_getEC`` for one pair of conservative and parsimonious models.

    Returns a boolean over ``sa_rows`` (levels): is the simplifying assumption an easy
    counterfactual?
    """
    ncols = dem.shape[1]
    rowsums = (dem > 0).sum(axis=1)
    ide = [r for r in range(dem.shape[0]) if rowsums[r] == 1]
    cde = [r for r in range(dem.shape[0]) if rowsums[r] > 1]
    ecs = np.zeros(sa_rows.shape[0], dtype=bool)
    for comp in comp_terms:
        for pars in pars_terms:
            parsgz = pars > 0
            if not np.all(pars[parsgz] == comp[parsgz]):
                continue
            compgz = (comp > 0) & ~parsgz
            res = comp.copy()
            if ide:
                for c in range(ncols):
                    if compgz[c]:
                        dontcare, defound = True, False
                        for r in ide:
                            inde = dem[r, c]
                            if inde > 0:
                                dontcare = False
                                if inde == comp[c]:
                                    defound = True
                        if not dontcare and not defound:
                            res[c] = 0
            if cde:
                for r in cde:
                    res = comp.copy()  # R resets here: only the last conjunctural row counts
                    allcde = True
                    for c in range(ncols):
                        if compgz[c] and dem[r, c] > 0:
                            allcde = allcde and dem[r, c] == comp[c]
                    if not allcde:
                        for c in range(ncols):
                            if compgz[c] and dem[r, c] > 0:
                                res[c] = 0
            if sa_rows.shape[0]:
                sel = res > 0
                ecs |= np.all(sa_rows[:, sel] + 1 == res[sel][None, :], axis=1)
    return ecs
