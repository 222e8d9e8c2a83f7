"""The QCA report's case table comes from the coded findings and outcomes; its solutions explain exactly the
positive cases."""

from __future__ import annotations

import pandas as pd
import pytest

from studykit.analysis import qca
from studykit.analysis.cases import case_table, qca_name
from studykit.reports import report
from studykit.reports.params import ParameterError
from studykit.reports.views import qca as view


def _findings(rows):
    return pd.DataFrame(
        [
            {
                "study_id": s,
                "finding_id": f"{s}-{i:02d}",
                "finding_type": t,
                "theme_id": th,
                "restates": None,
                "review_status": status,
            }
            for i, (s, t, th, status) in enumerate(rows, 1)
        ]
    )


SYNTHETIC_STUDIES = pd.DataFrame(
    {
        "study_id": ["s1", "s2", "s3", "s4", "s5", "s6"],
        "outcome_rating": ["poor", "mixed", "successful", "successful", "not_stated", "poor"],
    }
)
SYNTHETIC_FINDINGS = _findings(
    [
        ("s1", "barrier", "T04", "reviewed"),
        ("s1", "barrier", "T02", "reviewed"),
        ("s2", "barrier", "T04", "reviewed"),
        ("s3", "barrier", "T02", "reviewed"),
        ("s3", "enabler", "T04", "reviewed"),
        ("s4", "barrier", "T04", "unreviewed"),  # a suggestion nobody accepted: does not count
        ("s5", "barrier", "T04", "reviewed"),
        ("s6", "barrier", "T04", "reviewed"),
    ]
)


def test_case_table_codes_memberships_and_outcome_from_the_data():
    t = case_table(
        SYNTHETIC_FINDINGS, SYNTHETIC_STUDIES, ["T04-barrier", "T02-barrier", "T04-enabler"], "shortfall"
    )
    assert t.excluded == ["s5"]  # not_stated: listed, not silently dropped
    assert t.conditions == {"BT04": "T04-barrier", "BT02": "T02-barrier", "ET04": "T04-enabler"}
    rows = t.data.set_index("case")
    assert rows.loc["s1"].tolist() == [1, 1, 0, 1]
    assert rows.loc["s3"].tolist() == [0, 1, 1, 0]
    assert rows.loc["s4"].tolist() == [0, 0, 0, 0]  # its only barrier is unreviewed
    success = case_table(SYNTHETIC_FINDINGS, SYNTHETIC_STUDIES, ["T04-barrier"], "success").data.set_index(
        "case"
    )["SUCCESS"]
    assert success.to_dict() == {"s1": 0, "s2": 0, "s3": 1, "s4": 1, "s6": 0}


def test_a_barrier_present_in_exactly_the_shortfall_cases_is_the_parsimonious_solution():
    t = case_table(SYNTHETIC_FINDINGS, SYNTHETIC_STUDIES, ["T04-barrier", "T02-barrier"], "shortfall")
    result = qca.minimize(t.data, t.outcome, list(t.conditions), case_column="case", solution="parsimonious")
    assert [m.expression for m in result.models] == ["BT04"]
    assert result.models[0].solution_fit["inclS"] == 1 and result.models[0].solution_fit["covS"] == 1


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"outcome": "worse"}, "unknown outcome"),
        ({"conditions": []}, "no conditions"),
        ({"conditions": ["T04-barrier", "T04-barrier"]}, "twice"),
    ],
)
def test_case_table_refuses_what_it_cannot_analyse(bad, message):
    args = {"conditions": ["T04-barrier"], "outcome": "shortfall", **bad}
    with pytest.raises(ValueError, match=message):
        case_table(SYNTHETIC_FINDINGS, SYNTHETIC_STUDIES, args["conditions"], args["outcome"])


@pytest.fixture(scope="module")
def qca_report():
    return report.start("6-qca", lang="en")


def test_report_case_table_matches_the_findings_and_outcomes_of_the_corpus(qca_report, corpus):
    t = view.cases(qca_report)
    stated = corpus.studies[corpus.studies["outcome_rating"] != "not_stated"]
    assert sorted(t.data["case"]) == sorted(stated["study_id"]) and len(t.data) > 0
    assert sorted(t.excluded) == sorted(set(corpus.studies["study_id"]) - set(stated["study_id"]))
    f = corpus.findings
    f = f[f["restates"].isna() & (f["review_status"] == "reviewed")]
    for cid in qca_report.params["conditions"]:
        theme, _, kind = cid.partition("-")
        having = set(f.loc[(f["theme_id"] == theme) & (f["finding_type"] == kind), "study_id"])
        assert set(t.data.loc[t.data[qca_name(cid)] == 1, "case"]) == having & set(t.data["case"])


def test_report_solutions_cover_exactly_the_cases_of_consistent_positive_configurations(qca_report):
    t = view.cases(qca_report)
    conds = list(t.conditions)
    by_config = t.data.groupby(conds)[t.outcome].agg(["min", "max"])
    positive = {tuple(k) if isinstance(k, tuple) else (k,) for k, v in by_config.iterrows() if v["min"] == 1}
    expected = {c for c, *cfg in t.data[["case", *conds]].itertuples(index=False) if tuple(cfg) in positive}
    term, studies = qca_report.t("col.term"), qca_report.t("col.studies")
    tables = [
        x
        for x in view.solutions(qca_report)
        if isinstance(getattr(x, "data", None), pd.DataFrame) and term in x.data.columns
    ]
    assert tables, "no solution table"
    labels = {qca_report.study(s): s for s in t.data["case"]}
    for table in tables:
        covered = {
            labels[name] for cell in table.data[studies] for name in cell.split("; ") if name in labels
        }
        assert covered == expected


def test_report_parameters_are_checked():
    with pytest.raises(ParameterError, match="incl_cut"):
        report.start("6-qca", incl_cut=0.2)
    with pytest.raises(ParameterError, match="T99-barrier"):
        report.start("6-qca", conditions=["T99-barrier"])
