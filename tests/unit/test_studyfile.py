"""Programs edit study files as an analyst would: only the findings change, comments and styles stay."""

from __future__ import annotations

import pytest

from studykit.coding import studyfile
from studykit.paths import DATA_DIR

STUDY_FILES = sorted((DATA_DIR / "studies").glob("*.yaml"))


@pytest.mark.parametrize("path", STUDY_FILES, ids=lambda p: p.stem)
def test_real_study_files_load_and_dump_back_byte_identically(path):
    text = path.read_text(encoding="utf-8")
    assert studyfile.dump(studyfile.load(text)) == text


@pytest.mark.parametrize("path", STUDY_FILES, ids=lambda p: p.stem)
def test_setting_the_same_findings_changes_nothing_and_a_changed_one_only_itself(path):
    text = path.read_text(encoding="utf-8")
    document = studyfile.load(text)
    findings = [dict(f) for f in document["findings"]]
    studyfile.set_findings(document, findings)
    assert studyfile.dump(document) == text
    findings[0] = {**findings[0], "note": "checked again"}
    studyfile.set_findings(document, findings)
    changed = studyfile.dump(document)
    assert changed.count("note: checked again") == 1
    first = text.index("  - finding_id:")
    assert changed[:first] == text[:first]  # metadata and comments untouched


def test_appended_findings_follow_the_house_style():
    text = (DATA_DIR / "studies/purbayan-p2kp.yaml").read_text(encoding="utf-8")
    document = studyfile.load(text)
    studyfile.append_findings(
        document,
        [
            {
                "finding_id": "purbayan-p2kp-13",
                "finding_type": "barrier",
                "theme_id": "T04",
                "secondary_theme_id": None,
                "summary_en": "x: y",
                "summary_id": "abc",
                "quote": "relatif kecil",
                "review_status": "unreviewed",
            }
        ],
    )
    out = studyfile.dump(document)
    assert out.startswith(text)
    assert out[len(text) :] == (
        "  - finding_id: purbayan-p2kp-13\n    finding_type: barrier\n    theme_id: T04\n"
        "    summary_en: 'x: y'\n    summary_id: abc\n    quote: relatif kecil\n    review_status: "
        "unreviewed\n"
    )


def test_findings_are_added_to_an_empty_flow_list():
    document = studyfile.load("study_id: a\nfindings: []\n")
    studyfile.append_findings(document, [{"finding_id": "a-01", "quote": "q q q"}])
    assert studyfile.dump(document) == "study_id: a\nfindings:\n  - finding_id: a-01\n    quote: q q q\n"


def test_an_empty_summary_is_a_gap_for_the_checks_not_an_error_and_stays_empty():
    text = (DATA_DIR / "sources/purbayan-p2kp.txt").read_text(encoding="utf-8")
    words = " ".join(text.split()[10:16])  # a quote taken from the source as it is
    empty = {"finding_id": "purbayan-p2kp-90", "finding_type": "barrier", "theme_id": "T04", "quote": words}
    empty |= {"summary_en": None, "summary_id": "  "}
    assert {f for _, f, _ in studyfile.finding_problems("purbayan-p2kp", [empty], text, ["T04"])} == {
        "summary_en",
        "summary_id",
    }
    gaps = studyfile.summaries_as_gaps([empty])
    assert studyfile.finding_problems("purbayan-p2kp", gaps, text, ["T04"]) == []
    assert empty["summary_en"] is None and empty["summary_id"] == "  "  # the finding written keeps them empty
