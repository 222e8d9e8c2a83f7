"""The agreement coefficients against published worked examples, and the two routes (units, 2 × 2 counts)
against each other."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from studykit.analysis.agreement import measures as co


def expand(table: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rater vectors of a contingency table (rows: rater A's category, columns: rater B's)."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            a += [i] * n
            b += [j] * n
    return np.array(a), np.array(b)


# Gwet, K. L. (2014). Handbook of Inter-Rater Reliability, 4th ed., Advanced Analytics: 100 pregnant women
# classified by two abstractors into ectopic / abnormal intrauterine / normal intrauterine pregnancy. The
# coefficients Gwet's irrCAC R package prints for this table (its dataset cont3x3abstractors; README):
# Cohen's kappa 0.7964094, Gwet's AC1 0.8493305, Brennan-Prediger 0.835, Krippendorff's alpha 0.7972585,
# percent agreement 0.89.
GWET_ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]


def test_gwet_2014_abstractors_table():
    a, b = expand(GWET_ABSTRACTORS)
    got = co.coefficients(a, b, categories=(0, 1, 2))
    assert got["percent_agreement"] == pytest.approx(0.89)
    assert got["cohen_kappa"] == pytest.approx(0.7964094, abs=1e-7)
    assert got["gwet_ac1"] == pytest.approx(0.8493305, abs=1e-7)
    assert got["brennan_prediger"] == pytest.approx(0.835, abs=1e-9)
    assert got["krippendorff_alpha"] == pytest.approx(0.7972585, abs=1e-7)


# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
# Departmental Papers 43. Section A, binary data, two observers, no missing data: alpha = 0.095.
KRIPPENDORFF_BINARY = ([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0])
# Section C, nominal data, four observers, missing data (np.nan): alpha = 0.743.
KRIPPENDORFF_NOMINAL = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
    [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
]


def test_krippendorff_2011_binary_example():
    a, b = KRIPPENDORFF_BINARY
    assert co.krippendorff_alpha(a, b) == pytest.approx(0.095, abs=5e-4)
    closed = co.binary_coefficients(co.table_of(a, b))["krippendorff_alpha"]
    assert float(closed) == pytest.approx(
        1 - 19 * 4 / (14 * 6)
    )  # his formula with n = 20, o01 = 4, n0 = 14, n1 = 6


def test_krippendorff_2011_nominal_example_with_the_library_we_use():
    alpha = krippendorff.alpha(reliability_data=KRIPPENDORFF_NOMINAL, level_of_measurement="nominal")
    assert alpha == pytest.approx(0.743, abs=5e-4)


# Cohen's kappa, worked example of the Wikipedia article "Cohen's kappa" (50 grant proposals, two readers):
# both yes 20, A yes B no 5, A no B yes 10, both no 15; p_o = 0.7, p_e = 0.5, kappa = 0.4.
def test_cohen_kappa_two_by_two_example():
    a, b = expand([[15, 10], [5, 20]])  # category 0 = no, 1 = yes
    assert co.cohen_kappa(a, b) == pytest.approx(0.4)
    assert float(co.binary_coefficients([20, 5, 10, 15])["cohen_kappa"]) == pytest.approx(0.4)


def test_perfect_agreement_is_one_for_every_statistic():
    a = np.array([1, 0, 0, 1, 0, 1, 0, 0])
    assert co.coefficients(a, a.copy()) == {name: 1.0 for name in co.STATISTICS}


def test_chance_level_agreement_is_about_zero():
    # A codes the first half, B every other unit: independent codings, every cell of the 2 x 2 table equal
    a = np.array([1] * 50 + [0] * 50)
    b = np.array([1, 0] * 50)
    got = co.coefficients(a, b)
    assert got["percent_agreement"] == 0.5
    assert got["cohen_kappa"] == pytest.approx(0.0)
    assert got["gwet_ac1"] == pytest.approx(0.0)
    assert got["brennan_prediger"] == pytest.approx(0.0)
    assert abs(got["krippendorff_alpha"]) < 0.01  # alpha corrects for small samples: (n-1)/n away from 0


def test_a_rare_code_depresses_kappa_and_alpha_but_not_ac1():
    # 100 units, the code is rare: A codes 3, B codes 2, one in common (the kappa paradox, Gwet 2014 ch. 4)
    a, b = np.zeros(100, int), np.zeros(100, int)
    a[[0, 1, 2]] = 1
    b[[0, 3]] = 1
    got = co.coefficients(a, b)
    assert got["percent_agreement"] == pytest.approx(0.97)
    assert got["cohen_kappa"] < 0.45 and got["krippendorff_alpha"] < 0.45
    assert got["gwet_ac1"] > 0.95


def test_undefined_statistics_are_none_not_numbers():
    zeros = np.zeros(10, int)
    got = co.coefficients(zeros, zeros)
    assert got["cohen_kappa"] is None and got["krippendorff_alpha"] is None
    assert got["percent_agreement"] == got["gwet_ac1"] == got["brennan_prediger"] == 1.0
    assert np.isnan(co.binary_coefficients([0, 0, 0, 10])["cohen_kappa"])


@pytest.mark.parametrize("seed", range(5))
def test_counts_route_equals_the_libraries_on_units(seed):
    rng = np.random.default_rng(seed)
    a = (rng.random(300) < rng.uniform(0.05, 0.6)).astype(int)
    b = np.where(rng.random(300) < 0.8, a, 1 - a)
    on_units = co.coefficients(a, b)
    from_counts = co.binary_coefficients(co.table_of(a, b))
    assert on_units["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b))
    for name in co.STATISTICS:
        assert float(from_counts[name]) == pytest.approx(on_units[name]), name


def test_bootstrap_is_reproducible_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    tables = rng.integers(0, 30, size=(12, 4))
    weights = co.resample_weights(12)
    first, again = co.bootstrap_ci(tables, weights), co.bootstrap_ci(tables, co.resample_weights(12))
    assert first == again
    point = co.binary_coefficients(tables.sum(axis=0))
    for name in co.STATISTICS:
        low, high = first[name]
        assert low <= float(point[name]) <= high and low < high
    assert co.resample_weights(1) is None
    assert co.bootstrap_ci(tables[:1], None) == dict.fromkeys(co.STATISTICS)
