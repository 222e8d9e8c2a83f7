"""``studykit qca``: the QCA library from the command line (JSON or R-like tables)."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner
from helpers import TEST_DATA

from studykit.cli import cli

DATA = TEST_DATA / "qca"


def run(*args):
    return CliRunner().invoke(cli, ["qca", *map(str, args)])


def test_json_parsimonious_lipset_fuzzy():
    res = run(
        DATA / "LF.csv",
        "--outcome",
        "SURV",
        "--incl-cut",
        "0.8",
        "--solution",
        "parsimonious",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["truth_table"]["conditions"] == ["DEV", "URB", "LIT", "IND", "STB"]
    assert [r["row"] for r in d["truth_table"]["rows"] if r["OUT"] == "1"] == [22, 32]
    (m,) = d["solution"]["models"]
    assert d["solution"]["kind"] == "parsimonious"
    assert m["expression"] == "DEV*~IND + URB*STB"
    assert abs(m["solution_fit"]["covS"] - 0.713615023474178) < 1e-9


def test_table_conservative_with_conditions_and_case_column():
    res = run(
        DATA / "LC.csv", "--outcome", "SURV", "--conditions", "DEV,URB,LIT,IND,STB", "--case-column", "case"
    )
    assert res.exit_code == 0, res.output
    assert "M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB <-> SURV" in res.output
    assert "BE,CZ,NL,UK" in res.output


def test_intermediate_with_directional_expectations_and_negated_outcome():
    res = run(
        DATA / "LF.csv",
        "--outcome",
        "~SURV",
        "--incl-cut",
        "0.8",
        "--solution",
        "intermediate",
        "--dir-exp",
        "~DEV,~URB,~LIT,~IND,~STB",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["solution"]["kind"] == "intermediate" and d["solution"]["outcome"] == "~SURV"
    assert all(m["name"].endswith("P1") for m in d["solution"]["models"])


def test_contradiction_band_and_cuts():
    res = run(
        DATA / "CVF.csv",
        "--outcome",
        "PROTEST",
        "--incl-cut",
        "0.85,0.6",
        "--n-cut",
        "1",
        "--pri-cut",
        "0",
        "--solution",
        "parsimonious",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    assert "C" in {r["OUT"] for r in json.loads(res.output)["truth_table"]["rows"]}


def test_bad_inputs_one_line_exit_1(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("case,A,B,Y\nx,0.2,high,1\ny,0.8,0.1,0\n")
    cases = [
        ((bad, "--outcome", "Y"), "column 'B', case 'x': non-numeric membership 'high'"),
        ((DATA / "LC.csv", "--outcome", "GDP"), "unknown outcome column 'GDP'"),
        ((DATA / "LC.csv", "--outcome", "SURV", "--conditions", "DEV,XYZ"), "unknown condition column 'XYZ'"),
        ((DATA / "LF.csv", "--outcome", "SURV", "--incl-cut", "0.99"), "no positive row to minimise"),
        ((tmp_path / "missing.csv", "--outcome", "Y"), "no such file"),
        ((DATA / "LC.csv", "--outcome", "SURV", "--incl-cut", "abc"), "--incl-cut takes one or two numbers"),
    ]
    for args, message in cases:
        res = run(*args)
        assert res.exit_code == 1, (args, res.output)
        assert message in res.output
        assert "Traceback" not in res.output
    out = tmp_path / "out.csv"
    out.write_text("case,A,B,Y\nx,1.4,0.2,1\ny,0.8,0.1,0\n")
    res = run(out, "--outcome", "Y")
    assert res.exit_code == 1 and "fuzzy membership 1.4 outside [0, 1]" in res.output


def test_real_entry_point_prints_one_line_on_stderr(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("case,A,Y\nx,oops,1\n")
    p = subprocess.run(
        [sys.executable, "-m", "studykit", "qca", str(bad), "--outcome", "Y"], capture_output=True, text=True
    )
    assert p.returncode == 1
    assert p.stdout == ""
    assert p.stderr.strip() == "studykit qca: column 'A', case 'x': non-numeric membership 'oops'"
