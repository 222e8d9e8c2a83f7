"""How a findings sheet's rows meet a study's findings (coding/sheetmerge.py): by finding id, never quietly
undoing a reviewed or rejected finding unless the sheet replaces the study's findings."""

from __future__ import annotations

import pytest

from studykit.coding.sheetmerge import changed_fields, merge


def finding(n: int, status: str | None = None, **values) -> dict:
    base = {
        "finding_id": f"desa-{n:02d}",
        "finding_type": "barrier",
        "theme_id": "T04",
        "summary_en": f"Summary {n}.",
        "summary_id": f"Ringkasan {n}.",
        "quote": f"kutipan {n}",
    }
    return {**base, **({} if status is None else {"review_status": status}), **values}


FILE = [finding(1), finding(2, "rejected"), finding(3, "unreviewed"), finding(4, note="made by hand")]


def test_rows_equal_to_the_file_change_nothing_and_refuse_nothing():
    for replace in (False, True):
        merged = merge(FILE, [dict(f) for f in FILE], replace=replace, sheet_older=True)
        assert merged.findings == FILE and merged.rows == [0, 1, 2, 3]
        assert not (merged.refused or merged.kept or merged.dropped)


def test_by_default_new_rows_are_appended_and_findings_without_a_row_are_kept_where_they_stand():
    rows = [finding(5, "unreviewed"), finding(3, "reviewed", summary_en="Written now.")]
    merged = merge(FILE, rows)
    assert [f["finding_id"] for f in merged.findings] == [
        "desa-01",
        "desa-02",
        "desa-03",
        "desa-04",
        "desa-05",
    ]
    assert merged.findings[2]["summary_en"] == "Written now." and merged.findings[:2] == FILE[:2]
    assert merged.rows == [None, None, 1, None, 0]
    assert merged.kept == ["desa-01", "desa-02", "desa-04"] and not merged.refused


def test_replace_gives_the_study_exactly_its_rows_in_row_order():
    rows = [finding(5, "unreviewed"), finding(1, "unreviewed")]
    merged = merge(FILE, rows, replace=True, sheet_older=True)
    assert [f["finding_id"] for f in merged.findings] == ["desa-05", "desa-01"]
    assert merged.dropped == ["desa-02", "desa-03", "desa-04"] and not merged.refused and not merged.kept


@pytest.mark.parametrize("n, status", [(1, "reviewed"), (2, "rejected")])
def test_a_row_that_makes_a_decided_finding_unreviewed_again_is_refused(n, status):
    [why] = merge(FILE, [finding(n, "unreviewed")]).refused
    assert (why.row, why.column, why.key) == (0, "review_status", "problem.sheet_unreviews")
    assert why.values == {"finding_id": f"desa-{n:02d}", "status": status}


def test_a_decided_finding_changed_by_a_sheet_older_than_the_file_is_refused_naming_the_fields():
    rows = [finding(1, theme_id="T07", summary_en="Older words.")]
    assert merge(FILE, rows).refused == []  # the sheet is the later edit
    [why] = merge(FILE, rows, sheet_older=True).refused
    assert (why.column, why.key, why.values["fields"]) == (
        "theme_id",
        "problem.sheet_older",
        "theme_id, summary_en",
    )
    pending = [finding(3, "unreviewed", theme_id="T07")]  # nothing decided to undo
    assert merge(FILE, pending, sheet_older=True).refused == []


def test_a_column_the_sheet_lacks_keeps_the_files_value():
    row = {k: v for k, v in FILE[3].items() if k != "note"}
    merged = merge(FILE, [row], sheet_older=True)
    assert merged.findings[3]["note"] == "made by hand" and not merged.refused


def test_an_id_given_twice_is_appended_the_second_time_for_its_check_to_name_that_row():
    merged = merge(FILE, [finding(1), finding(1, summary_en="Again.")])
    assert [f["finding_id"] for f in merged.findings].count("desa-01") == 2 and merged.rows[-1] == 1


def test_changed_fields_compare_as_the_schema_sees_them():
    assert changed_fields(finding(1), finding(1, "reviewed", note="  ")) == []  # defaults and blanks
    assert changed_fields(finding(1), finding(1, "rejected", quote="lain")) == ["quote", "review_status"]
