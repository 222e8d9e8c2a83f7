"""QCA with many tied models: shared simplifying assumptions, limits from the CLI, clear errors.

Issue 19, item 11 and two of its internal errors (a QCA ``MemoryError``, a duplicate column
renamed ``A.1``).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from studykit.analysis import qca
from studykit.analysis.qca.assumptions import covered_rows
from studykit.analysis.qca.configs import row_config
from studykit.analysis.qca.implicants import cover_matrix
from studykit.analysis.qca.synthetic import clustered_cases
from studykit.cli import cli

DATA = Path(__file__).parents[1] / "data" / "qca"
TIED = {"conditions": 10, "cases": 200, "clusters": 6, "flip": 0.05, "seed": 2}  # small: quick, still ties


@pytest.fixture(scope="module")
def tied():
    res = qca.minimize(clustered_cases(**TIED), "Y", solution="parsimonious")
    assert len(res.models) >= 10  # the point of the case: many tied models
    return res


def run(*args):
    return CliRunner().invoke(cli, ["qca", *map(str, args)])


# --------------------------------------------------------------------------------------
# JSON: the simplifying assumptions once, each model by reference
def test_json_states_each_simplifying_assumption_once_and_models_refer_to_them(tied):
    d = json.loads(tied.to_json())
    shared = d["solution"]["simplifying_assumptions"]
    rows = [r["row"] for r in shared["rows"]]
    assert rows == sorted(set(rows)) and rows
    conditions = d["truth_table"]["conditions"]
    nofl = tied.truth_table.noflevels
    for r in shared["rows"][:50]:
        assert list(r["config"]) == conditions
        assert tuple(r["config"].values()) == row_config(r["row"], nofl)
    for m, model in zip(d["solution"]["models"], tied.models, strict=False):
        assert "simplifying_assumptions" not in m  # no per-model copy
        union = sorted({r for t in m["terms"] for r in shared["by_term"][t]})
        assert union == model.simplifying_assumptions
        assert m["n_simplifying_assumptions"] == len(union)
    # every listed row is assumed by some model, and nothing else is listed
    assert set(rows) == {r for m in tied.models for r in m.simplifying_assumptions}
    # shared: far fewer row numbers written than the models assume in total
    written = sum(len(v) for v in shared["by_term"].values())
    assert written < sum(m["n_simplifying_assumptions"] for m in d["solution"]["models"]) / 3


def test_json_is_deterministic_across_runs(tied):
    again = qca.minimize(clustered_cases(**TIED), "Y", solution="parsimonious")
    assert again.to_json() == tied.to_json()


def test_simplifying_assumptions_are_the_remainders_the_terms_cover(tied):
    tt = tied.truth_table
    universe = np.array(list(itertools.product(*[range(n) for n in tt.noflevels])))
    explained = {r.row for r in tt.rows_with("1")}
    for model in tied.models[:5]:
        shared = model.shared_assumptions
        terms = shared.terms[list(model.term_pis)]
        hit = np.flatnonzero(cover_matrix(terms, universe).any(axis=0)) + 1
        assert model.simplifying_assumptions == [int(r) for r in hit if r not in explained]


@pytest.mark.parametrize("noflevels", [(2, 2, 2, 2), (3, 2, 4), (2, 3, 3, 2)])
def test_covered_rows_are_the_rows_a_term_contains_in_order(noflevels):
    universe = np.array(list(itertools.product(*[range(n) for n in noflevels])))
    for term in itertools.product(*[range(n + 1) for n in noflevels]):
        expected = (np.flatnonzero(cover_matrix(np.array([term]), universe)[0]) + 1).tolist()
        assert covered_rows(np.array(term), noflevels).tolist() == expected


# --------------------------------------------------------------------------------------
# limits from the command line
def _csv(tmp_path, frame) -> Path:
    path = tmp_path / "cases.csv"
    frame.to_csv(path)
    return path


def test_max_models_from_the_cli_says_what_was_cut_and_how_to_raise_it(tmp_path, tied):
    path = _csv(tmp_path, clustered_cases(**TIED))
    limit = len(tied.models) - 1
    res = run(path, "--outcome", "Y", "--solution", "parsimonious", "--max-models", limit, "--format", "json")
    assert res.exit_code == 1
    assert res.stdout == ""
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(
        f"studykit qca: stopped at --max-models {limit}: more than {limit} tied minimal models"
    )
    assert "No solution was written" in line and f"--max-models {2 * limit}" in line
    ok = run(path, "--outcome", "Y", "--solution", "parsimonious", "--max-models", len(tied.models))
    assert ok.exit_code == 0 and f"M{len(tied.models)}: " in ok.stdout


def _coin_flip_cases() -> pd.DataFrame:
    """300 cases, 10 conditions, a coin-flip outcome: a chart with astronomically many ties."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(rng.integers(0, 2, size=(300, 10)), columns=[f"C{i}" for i in range(10)])
    frame["Y"] = rng.integers(0, 2, size=300)
    frame.index = pd.Index([f"k{i}" for i in range(300)], name="case")
    return frame


def test_cap_on_seconds_names_the_cap():
    with pytest.raises(qca.QCALimitError, match="max_seconds") as exc:
        qca.minimize(_coin_flip_cases(), "Y", solution="parsimonious", max_seconds=0.5)
    assert exc.value.cap == "max_seconds"


def test_max_seconds_from_the_cli(tmp_path):
    res = run(
        _csv(tmp_path, _coin_flip_cases()),
        "--outcome",
        "Y",
        "--solution",
        "parsimonious",
        "--max-seconds",
        0.5,
    )
    assert res.exit_code == 1 and res.stdout == ""
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(
        "studykit qca: stopped at --max-seconds 0.5: the minimisation took longer than 0.5 s"
    )
    assert "--max-seconds 1" in line and "Traceback" not in res.output


def test_max_prime_implicants_from_the_cli():
    res = run(
        DATA / "CVF.csv", "--outcome", "PROTEST", "--incl-cut", "0.8", "--solution", "parsimonious",
        "--max-prime-implicants", 2,
    )  # fmt: skip
    assert res.exit_code == 1
    assert "stopped at --max-prime-implicants 2: more than 2 prime implicants" in res.stderr


# --------------------------------------------------------------------------------------
# clear errors instead of internal ones
def test_duplicate_column_is_an_error_naming_it(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("case,A,B,A,Y\nx,1,0,1,1\ny,0,1,0,0\nz,1,1,0,1\n")
    res = run(path, "--outcome", "Y")
    assert res.exit_code == 1 and res.stdout == ""
    assert "column 'A' appears twice (columns 2 and 4)" in res.stderr
    assert "A.1" not in res.output and "Traceback" not in res.output


def test_duplicate_column_in_a_dataframe_is_an_error_naming_it():
    frame = pd.DataFrame([[1, 0, 1, 1], [0, 1, 0, 0]], columns=["A", "B", "A", "Y"])
    with pytest.raises(qca.QCAError, match=r"column 'A' appears twice \(columns 1 and 3\)"):
        qca.truth_table(frame, "Y")


def test_memory_error_while_minimising_is_a_limit_error(monkeypatch):
    import importlib

    minimize_module = importlib.import_module("studykit.analysis.qca.minimize")

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(minimize_module, "ccubes", exhausted)
    with pytest.raises(qca.QCALimitError, match="ran out of memory while minimising") as exc:
        qca.minimize(pd.read_csv(DATA / "LC.csv", index_col=0), "SURV", solution="parsimonious")
    assert exc.value.cap == "memory"


def test_too_many_simplifying_assumptions_to_list_is_a_clear_error(monkeypatch, tied):
    from studykit.analysis.qca import assumptions

    listed = len(json.loads(tied.to_json())["solution"]["simplifying_assumptions"]["rows"])
    monkeypatch.setattr(assumptions, "MAX_LISTED_ROWS", listed - 1)
    with pytest.raises(qca.QCAError, match=f"the models assume {listed:,} remainder rows, more than the"):
        tied.to_json()
    assert "simplifying_assumptions" not in tied.to_dict(simplifying_assumptions=False)["solution"]


def test_a_term_covering_too_many_rows_is_a_clear_error(monkeypatch):
    from studykit.analysis.qca import assumptions

    res = qca.minimize(pd.read_csv(DATA / "LC.csv", index_col=0), "SURV", solution="parsimonious")
    assert res.models[0].terms == ["DEV*STB"]  # 2^3 = 8 rows
    monkeypatch.setattr(assumptions, "MAX_TERM_ROWS", 7)
    with pytest.raises(qca.QCAError, match="the term DEV\\*STB covers 8 rows, more than the 7"):
        res.to_json()
