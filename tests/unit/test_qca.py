"""Tests of ``studykit.analysis.qca`` against the reference implementation, R ``QCA`` 3.23.

Sources of the expected values:

* Lipset's survival of democracy (LC crisp, LF fuzzy, LM multi-value), as analysed in
  Rihoux & De Meur (2009, csQCA chapter), Ragin (2009, fsQCA chapter) and Cronqvist &
  Berg-Schlosser (2009, mvQCA chapter) in Rihoux & Ragin (eds.), *Configurational
  Comparative Methods*, and re-run with the R package in Duşa (2019), *QCA with R*, ch. 7-8
  (truth tables, ``minimize(ttLC)`` -> ``DEV*~URB*LIT*STB + DEV*LIT*IND*STB``,
  ``include = "?"`` -> ``DEV*STB``; ``minimize(ttLF, include = "?")`` -> ``DEV*~IND + URB*STB``
  and the intermediate ``DEV*URB*LIT*STB + DEV*LIT*~IND*STB``).
* Cebotari & Vink (2013): the calibration thresholds of CVR -> CVF as documented in R's
  ``?CV`` help page.
* ``tests/data/qca/r_qca323_reference.json``: the output of R 4.2.2 with ``QCA`` 3.23 (the CRAN
  release of 2025-01-26) and ``admisc`` 0.37 on the datasets and options it lists: truth
  tables, every model (terms in R's printed order), every fit value, the simplifying
  assumptions, the easy counterfactuals of intermediate solutions, necessity tables and
  calibrations. The numbers in the explicit tests below are the same R values.

The datasets in ``tests/data/qca/`` are the classic tables distributed with R ``QCA``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import TEST_DATA

from studykit.analysis import qca
from studykit.analysis.qca.chart import minimum_covers
from studykit.analysis.qca.implicants import ccubes, cover_matrix, qmc, r_sort

DATA = TEST_DATA / "qca"
REFERENCE = json.loads((DATA / "r_qca323_reference.json").read_text())
TOL = 1e-9


def load(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, index_col=0)


def approx(a, b, tol=TOL) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol


# --------------------------------------------------------------------------------------
# Lipset, crisp (Rihoux & De Meur 2009; Duşa 2019)
def test_lipset_crisp_truth_table_rows_numbers_and_cases():
    tt = qca.truth_table(load("LC.csv"), "SURV")
    got = [(r.row, r.OUT, r.n, r.incl, ",".join(r.cases)) for r in tt.rows]
    assert got == [
        (1, "0", 3, 0.0, "GR,PT,ES"),
        (2, "0", 2, 0.0, "IT,RO"),
        (5, "0", 2, 0.0, "HU,PL"),
        (6, "0", 1, 0.0, "EE"),
        (22, "1", 2, 1.0, "FI,IE"),
        (23, "0", 1, 0.0, "AU"),
        (24, "1", 2, 1.0, "FR,SE"),
        (31, "0", 1, 0.0, "DE"),
        (32, "1", 4, 1.0, "BE,CZ,NL,UK"),
    ]
    # row 22 = 1 + DEV*16 + URB*8 + LIT*4 + IND*2 + STB
    assert tt.rows[4].config == (1, 0, 1, 0, 1)


def test_lipset_crisp_conservative_solution_and_fit():
    res = qca.minimize(load("LC.csv"), "SURV")
    assert [m.expression for m in res.models] == ["DEV*~URB*LIT*STB + DEV*LIT*IND*STB"]
    fit = {t["term"]: t for t in res.models[0].terms_fit}
    assert fit["DEV*~URB*LIT*STB"]["covS"] == 0.5 and fit["DEV*~URB*LIT*STB"]["covU"] == 0.25
    assert fit["DEV*LIT*IND*STB"]["covS"] == 0.75 and fit["DEV*LIT*IND*STB"]["covU"] == 0.5
    assert res.models[0].solution_fit == {"inclS": 1.0, "PRI": 1.0, "covS": 1.0}
    assert res.models[0].simplifying_assumptions == []


def test_lipset_crisp_parsimonious_solution_and_simplifying_assumptions():
    res = qca.minimize(load("LC.csv"), "SURV", solution="parsimonious")
    (m,) = res.models
    assert m.expression == "DEV*STB"
    assert m.terms_fit[0]["covU"] is None  # a single term has no unique coverage in R
    assert m.solution_fit == {"inclS": 1.0, "PRI": 1.0, "covS": 1.0}
    # DEV*STB covers rows 18, 20, 22, 24, 26, 28, 30, 32; 22, 24, 32 are observed positives
    assert m.simplifying_assumptions == [18, 20, 26, 28, 30]


def test_lipset_crisp_negated_outcome():
    res = qca.minimize(load("LC.csv"), "~SURV", solution="parsimonious")
    assert res.truth_table.outcome == "~SURV"
    assert {r.row: r.OUT for r in res.truth_table.rows}[22] == "0"
    assert [m.expression for m in res.models] == ["~DEV + ~STB"]


# --------------------------------------------------------------------------------------
# Lipset, fuzzy (Ragin 2009; Duşa 2019 ch. 8), inclusion cut-off 0.8
def test_lipset_fuzzy_truth_table_inclusion_and_pri():
    tt = qca.truth_table(load("LF.csv"), "SURV", incl_cut=0.8)
    rows = {r.row: r for r in tt.rows}
    assert sorted(rows) == [1, 2, 5, 6, 22, 23, 24, 31, 32]
    assert rows[22].OUT == "1" and rows[22].n == 2
    assert approx(rows[22].incl, 0.804270462633452) and approx(rows[22].PRI, 0.719387755102041)
    assert rows[24].OUT == "0" and approx(rows[24].incl, 0.708771929824562)
    assert rows[32].OUT == "1" and approx(rows[32].incl, 0.904205607476635)


def test_lipset_fuzzy_parsimonious_solution_and_fit():
    res = qca.minimize(load("LF.csv"), "SURV", solution="parsimonious", incl_cut=0.8)
    (m,) = res.models
    assert m.terms == ["DEV*~IND", "URB*STB"]
    a, b = m.terms_fit
    assert approx(a["inclS"], 0.814814814814815) and approx(a["PRI"], 0.720812182741117)
    assert approx(a["covS"], 0.284037558685446) and approx(a["covU"], 0.193661971830986)
    assert approx(b["inclS"], 0.873767258382643) and approx(b["PRI"], 0.845410628019324)
    assert approx(b["covS"], 0.519953051643192) and approx(b["covU"], 0.429577464788732)
    sf = m.solution_fit
    assert approx(sf["inclS"], 0.85034965034965) and approx(sf["PRI"], 0.81864406779661)
    assert approx(sf["covS"], 0.713615023474178)
    assert m.simplifying_assumptions == [10, 12, 14, 16, 17, 18, 21, 25, 26, 28, 29, 30]


def test_lipset_fuzzy_intermediate_solution():
    res = qca.minimize(
        load("LF.csv"),
        "SURV",
        solution="intermediate",
        incl_cut=0.8,
        dir_exp=["DEV", "URB", "LIT", "IND", "STB"],
    )
    (m,) = res.models
    assert m.name == "M-C1P1"  # R's modelFit() naming of a single intermediate model
    assert m.terms == ["DEV*URB*LIT*STB", "DEV*LIT*~IND*STB"]
    assert m.easy_counterfactuals == [30]
    a, b = m.terms_fit
    assert approx(a["inclS"], 0.900677200902935) and approx(a["covU"], 0.377934272300469)
    assert approx(b["inclS"], 0.813559322033898) and approx(b["covS"], 0.28169014084507)
    assert approx(m.solution_fit["covS"], 0.65962441314554)


# --------------------------------------------------------------------------------------
# Lipset, multi-value (Cronqvist & Berg-Schlosser 2009)
def test_lipset_multivalue_notation_and_row_numbers():
    tt = qca.truth_table(load("LM.csv"), "SURV")
    assert tt.noflevels == [3, 2, 2, 2, 2]
    # mixed base: DEV has 3 levels, row = 1 + DEV*16 + URB*8 + LIT*4 + IND*2 + STB
    assert {r.row for r in tt.rows if r.OUT == "1"} == {22, 32, 40, 48}
    res = qca.minimize(tt, solution="parsimonious")
    for m in res.models:
        for term in m.terms:
            for lit in term.split("*"):
                assert lit.endswith("]") and "~" not in lit  # R prints X[v], never ~X, with mv data
    assert any("DEV[2]" in t for m in res.models for t in m.terms)


# --------------------------------------------------------------------------------------
# the reference suite: every case of the R fixture, term by term and value by value
CASES = REFERENCE["cases"]


def _ids(case):
    o = case["options"]
    extra = "".join(f",{k}={o[k]}" for k in ("incl_cut", "n_cut", "pri_cut", "conditions") if k in o)
    return f"{o['csv']}:{o['outcome']}:{o['solution']}{extra}"


def _aslist(x):
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


def _run(opts):
    kw = {k: opts[k] for k in ("incl_cut", "n_cut", "pri_cut") if k in opts}
    tt = qca.truth_table(load(opts["csv"]), opts["outcome"], opts.get("conditions"), **kw)
    return tt, qca.minimize(tt, solution=opts["solution"], dir_exp=opts.get("dir_exp"))


def _check_models(models, rmodels, essential):
    assert len(models) == len(rmodels)
    for m, rm in zip(models, rmodels, strict=False):
        rterms = _aslist(rm["terms"])
        if len(rmodels) > 1:  # R prints the essential prime implicants first
            ess = _aslist(essential)
            rterms = [t for t in rterms if t in ess] + [t for t in rterms if t not in ess]
        assert m.terms == rterms
        rfit = {f["term"]: f for f in rm["fit"]}
        for tf in m.terms_fit:
            for key in ("inclS", "PRI", "covS", "covU"):
                assert approx(tf[key], rfit[tf["term"]].get(key)), (tf["term"], key)
        for key in ("inclS", "PRI", "covS"):
            assert approx(m.solution_fit[key], rm["sol"][key]), key


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_matches_r_qca_323(case):
    opts, R = case["options"], case["R"]
    tt, res = _run(opts)
    rtt = {r["row"]: r for r in R["tt"]}
    assert [r.row for r in tt.rows] == sorted(rtt)
    for r in tt.rows:
        x = rtt[r.row]
        assert (r.OUT, r.n, ",".join(r.cases)) == (x["OUT"], x["n"], x["cases"])
        assert approx(r.incl, x["incl"]) and approx(r.PRI, x["PRI"])
    if opts["solution"] == "intermediate":
        groups: dict[str, list] = {}
        for m in res.models:
            groups.setdefault(f"C{m.c_model}P{m.p_model}", []).append(m)
        assert list(groups) == [x["name"] for x in R["i"]]
        for x in R["i"]:
            _check_models(groups[x["name"]], x["models"], x.get("essential"))
            assert groups[x["name"]][0].easy_counterfactuals == _aslist(x["EC"])
    else:
        assert res.prime_implicants == _aslist(R["pis"])
        _check_models(res.models, R["models"], R.get("essential"))
        if opts["solution"] == "parsimonious":
            for m, rsa in zip(res.models, R["SA"].values(), strict=False):
                assert m.simplifying_assumptions == _aslist(rsa)


def test_reference_suite_has_tied_models_and_all_kinds():
    kinds = {c["options"]["solution"] for c in CASES}
    assert kinds == {"conservative", "parsimonious", "intermediate"}
    assert max(len(c["R"].get("models", [])) for c in CASES) >= 3


# --------------------------------------------------------------------------------------
# necessity and calibration
@pytest.mark.parametrize("case", REFERENCE["necessity"], ids=lambda c: f"{c['csv']}:{c['outcome']}")
def test_necessity_matches_r(case):
    rows = qca.necessity(load(case["csv"]), case["outcome"])
    assert [r.term for r in rows] == [x["term"] for x in case["rows"]]
    for r, x in zip(rows, case["rows"], strict=False):
        assert approx(r.inclN, x["inclN"]) and approx(r.RoN, x["RoN"]) and approx(r.covN, x["covN"])


def test_necessity_lipset_fuzzy_literacy_is_almost_necessary():
    rows = {r.term: r for r in qca.necessity(load("LF.csv"), "SURV")}
    assert approx(rows["LIT"].inclN, 0.990610328638498)
    assert approx(rows["DEV"].covN, 0.774617067833698)


@pytest.mark.parametrize(
    "case", REFERENCE["calibrate"], ids=lambda c: f"{c['column']}:{c['type']}:{c['thresholds']}"
)
def test_calibration_matches_r(case):
    raw = load("CVR.csv")[case["column"]]
    th = case["thresholds"] if isinstance(case["thresholds"], list) else [case["thresholds"]]
    got = qca.calibrate(raw, case["type"], th, logistic=case["logistic"], idm=case["idm"])
    assert np.allclose(got, case["values"], atol=1e-12, rtol=0)


def test_calibration_reproduces_published_cebotari_vink_scores():
    # thresholds as documented for the CV data (R ?CV): exclusion, crossover, inclusion
    thresholds = {
        "DEMOC": (2, 7, 9.5),
        "ETHFRACT": (0, 0.495, 0.8),
        "GEOCON": (0, 1.25, 3),
        "POLDIS": (0, 0.75, 3),
        "NATPRIDE": (0.5, 1.5, 2.5),
        "PROTEST": (0.5, 1.5, 3),
    }
    cvr, cvf = load("CVR.csv"), load("CVF.csv")
    for col, th in thresholds.items():
        got = qca.calibrate(cvr[col], "fuzzy", th)
        # the published scores are rounded to two decimals, from raw values rounded likewise
        assert np.max(np.abs(got - cvf[col].to_numpy())) <= 0.01, col


def test_calibration_logistic_anchors_and_crisp_thresholds():
    v = qca.calibrate([2, 5, 8, 11], "fuzzy", (2, 5, 8))
    assert approx(v[0], 0.05, 1e-12) and approx(v[1], 0.5, 1e-12) and approx(v[2], 0.95, 1e-12)
    assert v[3] > 0.95
    dec = qca.calibrate([2, 5, 8], "fuzzy", (8, 5, 2))  # decreasing: thresholds high to low
    assert approx(dec[0], 0.95, 1e-12) and approx(dec[2], 0.05, 1e-12)
    assert qca.calibrate([1, 4, 7, 9], "crisp", [4, 7]).tolist() == [0, 1, 2, 2]
    with pytest.raises(qca.QCAError, match="outside the range"):
        qca.calibrate([1, 2, 3], "crisp", [5])


# --------------------------------------------------------------------------------------
# contradictions, remainders, options
def test_contradictions_band_and_not_explained():
    tt = qca.truth_table(load("CVF.csv"), "PROTEST", incl_cut=(0.85, 0.6))
    contradictions = [r for r in tt.rows if r.OUT == "C"]
    assert contradictions
    assert all(0.6 <= r.incl < 0.85 for r in contradictions)
    res = qca.minimize(tt, solution="parsimonious")
    neg = np.array([r.config for r in tt.rows if r.OUT in ("0", "C")])
    for m in res.models:
        # contradictions are negatives for the parsimonious solution: no term covers them
        assert not cover_matrix(_terms_of(res, m), neg).any()


def test_n_cut_makes_rare_rows_remainders():
    tt = qca.truth_table(load("LC.csv"), "SURV", n_cut=2)
    assert {r.row for r in tt.removed} == {6, 23, 31}
    assert all(r.OUT == "?" for r in tt.removed)
    assert [r.row for r in tt.rows] == [1, 2, 5, 22, 24, 32]


def test_pri_cut_sets_out_to_zero():
    tt = qca.truth_table(load("LF.csv"), "SURV", incl_cut=0.7, pri_cut=0.7)
    for r in tt.rows:
        if r.incl >= 0.7 and r.PRI < 0.7:
            assert r.OUT == "0"
    assert any(r.incl >= 0.7 and r.PRI < 0.7 for r in tt.rows)


def test_fuzzy_case_belongs_to_row_above_half():
    df = pd.DataFrame(
        {"A": [0.8, 0.2, 0.6], "B": [0.3, 0.9, 0.7], "Y": [0.9, 0.1, 0.7]}, index=["x", "y", "z"]
    )
    tt = qca.truth_table(df, "Y")
    assert {r.row: r.cases for r in tt.rows} == {2: ["y"], 3: ["x"], 4: ["z"]}


# --------------------------------------------------------------------------------------
# exactness properties on seeded random data
def _random_tt(seed, C=None, mv=False):
    """A random truth table with at least one positive and one negative row (seeded)."""
    for attempt in range(100):
        tt = _random_tt_once(seed + 1000 * attempt, C, mv)
        if tt.rows_with("1") and tt.rows_with("0"):
            return tt
    raise AssertionError("no usable random table")


def _random_tt_once(seed, C=None, mv=False):
    rng = np.random.default_rng(seed)
    C = C or int(rng.integers(3, 7))
    N = int(rng.integers(10, 40))
    if mv:
        X = np.column_stack([rng.integers(0, int(rng.integers(2, 4)), N) for _ in range(C)])
    else:
        X = rng.integers(0, 2, size=(N, C))
    df = pd.DataFrame(X, columns=[f"X{i}" for i in range(C)])
    df["Y"] = rng.integers(0, 2, size=N)
    return qca.truth_table(df, "Y")


def _all_configs(noflevels):
    return np.array(list(itertools.product(*[range(levels) for levels in noflevels])))


@pytest.mark.parametrize("seed", range(12))
def test_models_cover_positive_rows_and_no_negative_row(seed):
    tt = _random_tt(seed, mv=seed % 3 == 0)
    pos = np.array([r.config for r in tt.rows_with("1")])
    neg = np.array([r.config for r in tt.rows_with("0", "C")])
    universe = _all_configs(tt.noflevels)
    posset = {tuple(p) for p in pos}
    for kind in ("conservative", "parsimonious"):
        res = qca.minimize(tt, solution=kind)
        sizes = {len(m.terms) for m in res.models}
        assert len(sizes) == 1  # every model has the minimum number of terms
        for m in res.models:
            terms = _terms_of(res, m)
            cov = cover_matrix(terms, universe).any(axis=0)
            covered = {tuple(u) for u in universe[cov]}
            assert posset <= covered
            assert not covered & {tuple(n) for n in neg}
            if kind == "conservative":
                assert covered == posset  # the Boolean function of the positive rows


def _terms_of(res, m):
    codes = []
    for term in m.terms:
        code = [0] * len(res.conditions)
        for lit in term.split("*"):
            if lit.endswith("]"):
                name, v = lit[:-1].split("[")
                code[res.conditions.index(name)] = int(v) + 1
            elif lit.startswith("~"):
                code[res.conditions.index(lit[1:])] = 1
            else:
                code[res.conditions.index(lit)] = 2
        codes.append(code)
    return np.array(codes)


def _brute_force_pis(pos, neg, noflevels):
    """Every implicant covering >= 1 positive and no negative row, that is prime."""
    C = len(noflevels)
    imps = set()
    for term in itertools.product(*[range(levels + 1) for levels in noflevels]):
        t = np.array([term])
        if not cover_matrix(t, pos).any() or cover_matrix(t, neg).any():
            continue
        imps.add(term)
    primes = set()
    for t in imps:
        sub = False
        for j in range(C):
            if t[j]:
                s = list(t)
                s[j] = 0
                if tuple(s) in imps:
                    sub = True
                    break
        if not sub:
            primes.add(t)
    return primes


@pytest.mark.parametrize("seed", range(8))
def test_implicant_search_is_complete_against_brute_force(seed):
    tt = _random_tt(100 + seed, C=4, mv=seed % 2 == 1)
    pos = np.array([r.config for r in tt.rows_with("1")])
    neg = np.array([r.config for r in tt.rows_with("0", "C")])
    got = {tuple(t) for t in ccubes(pos, neg, complete=True)}
    assert got == _brute_force_pis(pos, neg, tt.noflevels)
    # conservative: the prime implicants of the positive rows alone (every other row is off)
    universe = _all_configs(tt.noflevels)
    posset = {tuple(p) for p in pos}
    off = np.array([u for u in universe if tuple(u) not in posset])
    assert {tuple(t) for t in qmc(pos, tt.noflevels)} == _brute_force_pis(pos, off, tt.noflevels)


# the same random charts as ever: 30 small ones (3-10 columns) and 25 larger ones (12-18 columns)
CHARTS = [(seed, (3, 11), (2, 9), (0.2, 0.6)) for seed in range(30)] + [
    (1000 + seed, (12, 19), (6, 14), (0.2, 0.45)) for seed in range(25)
]


@pytest.mark.parametrize("seed, cols, rows, density", CHARTS, ids=[str(c[0]) for c in CHARTS])
def test_chart_solver_returns_every_minimum_cover(seed, cols, rows, density):
    rng = np.random.default_rng(seed)
    ncols, nrows = int(rng.integers(*cols)), int(rng.integers(*rows))
    cov = rng.random((ncols, nrows)) < rng.uniform(*density)
    for r in range(nrows):
        if not cov[:, r].any():
            cov[rng.integers(ncols), r] = True
    expected = None  # by brute force: every smallest set of columns that covers every row
    for k in range(1, ncols + 1):
        found = [c for c in itertools.combinations(range(ncols), k) if cov[list(c)].any(axis=0).all()]
        if found:
            expected = found
            break
    assert minimum_covers(cov) == expected


def test_r_sort_orders_by_literals_then_conditions():
    terms = np.array([[0, 2, 2], [2, 0, 0], [1, 0, 2], [0, 1, 0]])
    order = r_sort(terms)
    assert [tuple(terms[i]) for i in order] == [(2, 0, 0), (0, 1, 0), (1, 0, 2), (0, 2, 2)]


# --------------------------------------------------------------------------------------
# caps instead of hangs
def test_cap_on_prime_implicants_names_the_cap():
    with pytest.raises(qca.QCALimitError, match=r"prime implicants exceed max_prime_implicants=2") as exc:
        qca.minimize(
            load("CVF.csv"), "PROTEST", solution="parsimonious", incl_cut=0.8, max_prime_implicants=2
        )
    assert exc.value.cap == "max_prime_implicants"


def test_cap_on_models_names_the_cap():
    case = next(
        c for c in CASES if len(c["R"].get("models", [])) >= 3 and c["options"]["solution"] != "intermediate"
    )
    opts = case["options"]
    kw = {k: opts[k] for k in ("incl_cut", "n_cut", "pri_cut") if k in opts}
    with pytest.raises(qca.QCALimitError, match=r"max_models=2") as exc:
        qca.minimize(
            load(opts["csv"]),
            opts["outcome"],
            opts.get("conditions"),
            solution=opts["solution"],
            max_models=2,
            **kw,
        )
    assert exc.value.cap == "max_models"


# --------------------------------------------------------------------------------------
# bad input
def test_non_numeric_membership_names_column_and_case():
    df = load("LF.csv")
    df = df.astype(object)
    df.loc["FR", "URB"] = "high"
    with pytest.raises(qca.QCAError, match=r"column 'URB', case 'FR': non-numeric membership 'high'"):
        qca.truth_table(df, "SURV")


def test_fuzzy_value_outside_unit_interval():
    df = load("LF.csv")
    df.loc["IE", "DEV"] = 1.3
    with pytest.raises(qca.QCAError, match=r"column 'DEV', case 'IE': fuzzy membership 1.3 outside \[0, 1\]"):
        qca.truth_table(df, "SURV")


def test_unknown_columns():
    with pytest.raises(qca.QCAError, match="unknown outcome column 'SURVIVAL'"):
        qca.truth_table(load("LC.csv"), "SURVIVAL")
    with pytest.raises(qca.QCAError, match="unknown condition column 'GDP'"):
        qca.truth_table(load("LC.csv"), "SURV", ["DEV", "GDP"])


def test_no_positive_row_to_minimize():
    with pytest.raises(qca.QCAError, match="no positive row to minimise"):
        qca.minimize(load("LF.csv"), "SURV", incl_cut=0.99)


def test_multivalue_outcome_needs_brackets_and_missing_values_rejected():
    df = load("LM.csv")
    with pytest.raises(qca.QCAError, match=r"DEV\[2\]"):
        qca.truth_table(df, "DEV")
    tt = qca.truth_table(df, "DEV[2]", ["URB", "LIT", "IND", "STB"])
    assert tt.outcome == "DEV[2]"
    df2 = load("LC.csv")
    df2.loc["AU", "LIT"] = np.nan
    with pytest.raises(qca.QCAError, match="column 'LIT', case 'AU': missing"):
        qca.truth_table(df2, "SURV")


def test_intermediate_needs_directional_expectations():
    with pytest.raises(qca.QCAError, match="dir_exp"):
        qca.minimize(load("LF.csv"), "SURV", solution="intermediate", incl_cut=0.8)
    with pytest.raises(qca.QCAError, match="unknown condition"):
        qca.minimize(load("LF.csv"), "SURV", solution="intermediate", incl_cut=0.8, dir_exp=["GDP"])


# --------------------------------------------------------------------------------------
# output
def test_json_shape():
    res = qca.minimize(load("LF.csv"), "SURV", solution="parsimonious", incl_cut=0.8)
    d = json.loads(res.to_json())
    assert set(d) == {"truth_table", "solution"}
    assert d["truth_table"]["conditions"] == ["DEV", "URB", "LIT", "IND", "STB"]
    row = d["truth_table"]["rows"][4]
    assert set(row) == {"row", "config", "OUT", "n", "incl", "PRI", "cases"}
    assert row["row"] == 22 and row["config"] == {"DEV": 1, "URB": 0, "LIT": 1, "IND": 0, "STB": 1}
    assert row["OUT"] == "1" and row["cases"] == ["FI", "IE"]
    sol = d["solution"]
    assert sol["kind"] == "parsimonious"
    (m,) = sol["models"]
    assert m["expression"] == "DEV*~IND + URB*STB" and m["terms"] == ["DEV*~IND", "URB*STB"]
    assert {"term", "inclS", "PRI", "covS", "covU"} <= set(m["terms_fit"][0])
    assert set(m["solution_fit"]) == {"inclS", "PRI", "covS"}
    # the simplifying assumptions are stated once for the solution; a model refers to them by its terms
    shared = sol["simplifying_assumptions"]
    assert shared["rows"][0] == {"row": 10, "config": {"DEV": 0, "URB": 1, "LIT": 0, "IND": 0, "STB": 1}}
    rows = sorted({r for t in m["terms"] for r in shared["by_term"][t]})
    assert rows == [r["row"] for r in shared["rows"]] == res.models[0].simplifying_assumptions
    assert m["n_simplifying_assumptions"] == len(rows)


def test_text_rendering_like_r_print():
    res = qca.minimize(load("LC.csv"), "SURV")
    text = res.to_text()
    assert "M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB <-> SURV" in text
    assert "inclS" in text and "covU" in text
    tt_text = res.truth_table.to_text()
    assert "BE,CZ,NL,UK" in tt_text and "OUT" in tt_text
    tied = qca.minimize(load("CVF.csv"), "PROTEST", solution="parsimonious", incl_cut=0.8)
    assert len(tied.models) == 4
    text = tied.to_text()
    assert all(f"M{i}: " in text for i in range(1, 5))


def test_nan_fit_values_serialise_as_null():
    res = qca.minimize(load("LC.csv"), "SURV", solution="parsimonious")
    assert json.loads(res.to_json())["solution"]["models"][0]["terms_fit"][0]["covU"] is None


def test_library_imports_only_stdlib_numpy_pandas():
    import ast
    import sys

    pkg = Path(qca.__file__).parent
    allowed = set(sys.stdlib_module_names) | {"numpy", "pandas", "__future__"}
    for path in pkg.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: inside the qca package
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, (path.name, name)
