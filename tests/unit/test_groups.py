"""Groups of cases by attribute: k of n per theme and group, missing values kept as their own group,
case-ordered meta-matrix."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import findings_frame

from studykit.analysis import groups
from studykit.corpus.tables import STUDY_COLUMNS


def studies_frame(*rows: dict) -> pd.DataFrame:
    records = []
    for row in rows:
        record = dict.fromkeys(STUDY_COLUMNS)
        record.update(frameworks_declared=[], outcome_rating="not_stated", source_type="abstract")
        record.update(row)
        records.append(record)
    return pd.DataFrame(records, columns=STUDY_COLUMNS)


STUDIES = studies_frame(
    {
        "study_id": "a",
        "admin_unit_type": "kabupaten",
        "island": "jawa",
        "province": "Jawa Tengah",
        "year": 2010,
        "frameworks_declared": ["VMVH", "ED"],
        "outcome_rating": "poor",
        "programme_family": "local",
    },
    {
        "study_id": "b",
        "admin_unit_type": "kota",
        "island": "sumatera",
        "province": "Jambi",
        "year": None,
        "frameworks_declared": [],
        "outcome_rating": "mixed",
        "programme_family": "p2kp_pnpm",
    },
    {
        "study_id": "c",
        "admin_unit_type": "kota",
        "island": "jawa",
        "province": "Jawa Barat",
        "year": 2014,
        "frameworks_declared": ["ED"],
        "outcome_rating": "successful",
        "programme_family": "p2kp_pnpm",
    },
    {
        "study_id": "d",
        "admin_unit_type": "kota",
        "island": None,
        "province": "Papua",
        "year": 2014,
        "frameworks_declared": [],
        "outcome_rating": "poor",
        "programme_family": None,
    },
)
FINDINGS = findings_frame(
    ("a-01", "barrier", "T04"),
    ("a-02", "barrier", "T04"),
    ("a-03", "enabler", "T09"),
    ("b-01", "barrier", "T04"),
    ("c-01", "barrier", "T07"),
    ("d-01", "barrier", "T04"),
    ("d-02", "barrier", "T07"),
    ("d-03", "barrier", "T04", {"restates": "d-01"}),
)


def _cell(matrix, theme, ftype, group):
    row = matrix[
        (matrix["theme_id"] == theme) & (matrix["finding_type"] == ftype) & (matrix["group"] == group)
    ]
    assert len(row) == 1, (theme, ftype, group)
    return row.iloc[0]


def test_k_of_n_counts_studies_not_findings_per_group():
    m = groups.group_matrix(FINDINGS, STUDIES, "admin_unit_type")
    kota = _cell(m, "T04", "barrier", "kota")
    assert (kota["k"], kota["n"], kota["study_ids"]) == (
        2,
        3,
        ["b", "d"],
    )  # d's restatement is not counted twice
    kab = _cell(m, "T04", "barrier", "kabupaten")
    assert (kab["k"], kab["n"], kab["share"]) == (1, 1, 1.0)  # a has two T04 barriers: still one study
    assert list(dict.fromkeys(m["group"])) == ["kota", "kabupaten"]  # schema order, not alphabetical
    assert _cell(m, "T09", "enabler", "kota")["k"] == 0  # zero cells are present, not holes


def test_missing_values_are_a_group_of_their_own_and_never_dropped():
    for by in ("island", "year", "programme_family", "framework"):
        members = groups.memberships(STUDIES, by)
        assert set(STUDIES["study_id"]) <= set(members["study_id"]), by
        assert groups.MISSING in set(members["group"]), by
        assert members["group"].iloc[-1] == groups.MISSING, by  # listed last
    m = groups.group_matrix(FINDINGS, STUDIES, "island")
    assert _cell(m, "T04", "barrier", groups.MISSING)[["k", "n"]].tolist() == [1, 1]
    assert groups.group_sizes(groups.memberships(STUDIES, "island")).sum() == len(STUDIES)


def test_a_study_declaring_two_frameworks_is_in_both_groups():
    members = groups.memberships(STUDIES, "framework", order=["VMVH", "ED"])
    assert list(members.loc[members["study_id"] == "a", "group"]) == ["VMVH", "ED"]
    sizes = groups.group_sizes(members)
    assert sizes.to_dict() == {"VMVH": 1, "ED": 2, groups.MISSING: 2}


def test_years_are_binned_only_when_there_are_many():
    assert set(groups.memberships(STUDIES, "year")["group"]) == {"2010", "2014", groups.MISSING}
    many = studies_frame(*({"study_id": f"s{y}", "year": y} for y in range(2001, 2012)))
    assert list(dict.fromkeys(groups.memberships(many, "year")["group"])) == [
        "2000–2004",
        "2005–2009",
        "2010–2014",
    ]


def test_unknown_attribute_names_the_allowed_ones():
    with pytest.raises(ValueError, match="unknown group_by 'city'.*admin_unit_type"):
        groups.memberships(STUDIES, "city")


def test_meta_matrix_orders_cases_by_outcome_and_counts_barriers():
    mm = groups.meta_matrix(FINDINGS, STUDIES, "outcome")
    assert list(mm.index) == [
        "c",
        "b",
        "a",
        "d",
    ]  # successful, mixed, poor (studies-table order within), not_stated none
    assert list(mm["group"]) == ["successful", "mixed", "poor", "poor"]
    assert mm.loc["a", "T04"] == 2 and mm.loc["d", "T04"] == 1 and mm.loc["c", "T04"] == 0
    assert "T09" not in mm.columns  # an enabler, not a barrier


def test_outcome_contrast_names_the_barriers_that_travel_with_poor_outcomes():
    m = groups.group_matrix(FINDINGS, STUDIES, "outcome", ("barrier",))
    contrast = groups.outcome_contrast(m)
    top = contrast.iloc[0]
    assert top["theme_id"] == "T04" and (
        top["k_worse"],
        top["n_worse"],
        top["k_better"],
        top["n_better"],
    ) == (2, 2, 1, 2)
    assert contrast.set_index("theme_id").loc["T07", "difference"] == pytest.approx(0.0)


def test_share_grid_is_theme_by_group_in_group_order():
    m = groups.group_matrix(FINDINGS, STUDIES, "island")
    grid = groups.share_grid(m, "barrier", "k")
    assert list(grid.columns) == ["sumatera", "jawa", groups.MISSING]  # west to east, missing last
    assert grid.loc["T07"].tolist() == [0, 1, 1]


def test_group_matrix_on_the_real_corpus_adds_up(corpus):
    m = groups.group_matrix(corpus.findings, corpus.studies, "admin_unit_type")
    for (_, _), part in m.groupby(["theme_id", "finding_type"]):
        assert part["n"].sum() == len(corpus.studies)
    per_study = groups.group_matrix(corpus.findings, corpus.studies, "study")
    assert set(per_study["n"]) == {1}
