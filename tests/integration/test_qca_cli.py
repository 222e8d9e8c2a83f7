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


CASES = (  # the shape of `studykit export`'s cases.csv: one study without a stated outcome
    "study_id,outcome_rating,shortfall,success,T04_barrier,T13_barrier\n"
    "a,poor,1,0,1,0\nb,successful,0,1,0,1\nc,not_stated,,,1,1\nd,mixed,1,0,1,1\n"
)


def test_a_case_without_an_outcome_says_how_many_and_what_to_do(tmp_path):
    (tmp_path / "cases.csv").write_text(CASES, encoding="utf-8")
    args = (tmp_path / "cases.csv", "--outcome", "shortfall", "--conditions", "T04_barrier", "--case-column")
    res = run(*args, "study_id")
    assert res.exit_code == 1
    assert "column 'shortfall', case 'c': missing membership value (1 of 4 cases have none)" in res.output
    assert "leave out the rows where 'shortfall' is empty" in res.output
    assert "cases.csv leaves shortfall and success empty for a study that states no outcome" in res.output
    said = run(*args, "study_id", "--lang", "id").output
    assert "(1 dari 4 kasus tidak memilikinya)" in said and "keluarkan baris yang kolom 'shortfall'" in said


def test_report_6_s_condition_name_is_answered_with_the_cases_csv_column(tmp_path):
    # report 6 (and the README) name the condition T04-barrier; cases.csv's column is T04_barrier
    (tmp_path / "cases.csv").write_text(CASES, encoding="utf-8")
    res = run(
        tmp_path / "cases.csv",
        "--outcome",
        "shortfall",
        "--conditions",
        "T04-barrier",
        "--case-column",
        "studyid",
    )
    assert "unknown case column 'studyid' (did you mean 'study_id'?); columns are:" in res.output, res.output
    rated = tmp_path / "rated.csv"
    rated.write_text(CASES.replace("c,not_stated,,,1,1\n", ""), encoding="utf-8")
    res = run(rated, "--outcome", "shortfall", "--conditions", "T04-barrier", "--case-column", "study_id")
    assert "unknown condition column 'T04-barrier' (did you mean 'T04_barrier'?); columns" in res.output
    res = run(rated, "--outcome", "Shortfall", "--case-column", "study_id", "--lang", "id")
    assert "kolom hasil 'Shortfall' tidak dikenal (maksudnya 'shortfall'?); kolomnya:" in res.output


def test_more_than_25_conditions_by_default_says_how_many_and_to_name_them(tmp_path):
    # cases.csv has a column per finding type and theme (112 on the bundled codebook): without --conditions
    # every one is a condition, and the answer was only "impossible … with more than 25 conditions"
    themes = [f"T{i:02d}_{kind}" for i in range(1, 17) for kind in ("barrier", "enabler")]
    rows = ["study_id,shortfall," + ",".join(themes)]
    rows += [f"s{n},{n % 2}," + ",".join(str((n + i) % 2) for i in range(len(themes))) for n in range(4)]
    (tmp_path / "rated.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = run(tmp_path / "rated.csv", "--outcome", "shortfall", "--case-column", "study_id")
    assert res.exit_code == 1
    assert res.output == (
        "studykit qca: impossible to run a QCA analysis with more than 25 conditions (32: every column but "
        "the outcome and the case column, as --conditions was not given); name at most 25 with --conditions, "
        "e.g. --conditions T04_barrier,T13_barrier\n"
    )
    said = run(tmp_path / "rated.csv", "--outcome", "shortfall", "--case-column", "study_id", "--lang", "id")
    assert "lebih dari 25 kondisi (32: semua kolom selain kolom hasil dan kolom kasus" in said.output
    named = run(tmp_path / "rated.csv", "--outcome", "shortfall", "--conditions", ",".join(themes[:26]))
    assert "more than 25 conditions (26); name at most 25 with --conditions" in named.output
