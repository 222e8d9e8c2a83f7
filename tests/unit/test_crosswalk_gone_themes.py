"""A crosswalk row still naming a theme that `merged:` or `retired:` of themes.yaml declares gone is told what
happened to it and what to do, as a finding, a CERQual judgement or a memo on it are (docs/codebook.md).

Before, the row was "unknown theme id 'T05'; it is not in codebook/themes.yaml": an analyst who merged T05
into T04 as the docs say found `studykit recode` refused with eight such lines and nothing about the merge.
"""

from __future__ import annotations

import pytest

from studykit.corpus.codebook import read_parts


def _gone(data_copy, section: str) -> None:
    """T05 taken out of themes.yaml and declared under ``section``."""
    path = data_copy / "codebook" / "themes.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - theme_id: T05\n"), text.index("  - theme_id: T06\n")
    declared = (
        "merged:\n  - theme_id: T05\n    into: T04\n"
        if section == "merged"
        else "retired:\n  - theme_id: T05\n    split_into: [T06]\n"
    )
    path.write_text(text[:start] + text[end:] + declared, encoding="utf-8")


@pytest.mark.parametrize("section", ["merged", "retired"])
def test_a_crosswalk_row_of_a_theme_gone_says_what_became_of_it(data_copy, section):
    _gone(data_copy, section)
    problems = [p for p in read_parts(data_copy)[3] if p.file.endswith("crosswalk.csv")]
    rows = [
        line
        for line, text in enumerate(
            (data_copy / "codebook" / "crosswalk.csv").read_text(encoding="utf-8").splitlines(), start=1
        )
        if text.startswith("T05,")
    ]
    assert rows and [p.line for p in problems] == rows
    english = [p.message for p in problems]
    if section == "merged":
        said = (
            "theme id 'T05' is no longer used: it was merged into T04 (codebook/themes.yaml, merged:); delete"
        )
    else:
        said = (
            "theme id 'T05' is no longer used: it was retired (codebook/themes.yaml, retired:; split into: "
        )
        said += "T06); delete this row"
    assert all(m.startswith(said) for m in english), english[0]
    assert "kode tema 'T05' tidak dipakai lagi: tema itu " in problems[0].text("id"), problems[0].text("id")


def test_a_crosswalk_row_of_a_theme_never_declared_is_still_unknown(data_copy):
    path = data_copy / "codebook" / "crosswalk.csv"
    path.write_text(path.read_text(encoding="utf-8") + "T99,ED,,none,\n", encoding="utf-8")
    problems = [p for p in read_parts(data_copy)[3] if p.file.endswith("crosswalk.csv")]
    assert [p.message for p in problems] == ["unknown theme id 'T99'; it is not in codebook/themes.yaml"]
