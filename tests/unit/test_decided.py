"""What a study file has answered (coding/decided.py): the suggestions never proposed again."""

from __future__ import annotations

import pytest

from studykit.coding.decided import undecided
from studykit.coding.rules import Candidate

TEXT = "Dana desa sering terlambat cair. Kader posyandu aktif mendampingi warga. Warga jarang hadir rapat."


def candidate(finding_type: str, theme_id: str, words: str) -> Candidate:
    start = TEXT.index(words)
    return Candidate(finding_type, theme_id, words, start, start + len(words), 0.7, ["cue"])


def finding(finding_type: str, theme_id: str, words: str, status: str | None = None) -> dict:
    values = {"finding_id": "desa-01", "finding_type": finding_type, "theme_id": theme_id, "quote": words}
    return values if status is None else {**values, "review_status": status}


FUNDS = "Dana desa sering terlambat cair."


@pytest.mark.parametrize("status", [None, "reviewed", "rejected", "unreviewed"])
def test_the_same_type_theme_and_quote_is_never_proposed_again_whatever_its_status(status):
    same = candidate("barrier", "T04", FUNDS)
    spaced = [{**finding("barrier", "T04", FUNDS, status), "quote": "Dana  desa\nsering terlambat cair."}]
    assert undecided([same], spaced, TEXT) == []


@pytest.mark.parametrize("status", [None, "reviewed", "rejected"])
def test_a_decided_passage_for_a_theme_is_not_proposed_again_whatever_the_type(status):
    corrected = [finding("enabler", "T04", FUNDS, status)]  # the analyst made the barrier an enabler
    again = candidate("barrier", "T04", "terlambat cair")  # a part of that passage: it overlaps
    assert undecided([again], corrected, TEXT) == []


def test_only_a_decided_finding_of_the_same_primary_theme_on_an_overlapping_passage_answers():
    pending = [finding("enabler", "T04", FUNDS, "unreviewed")]  # not decided yet: other types still come
    other_theme = [{**finding("barrier", "T07", FUNDS), "secondary_theme_id": "T04"}]  # primary theme only
    elsewhere = [finding("barrier", "T04", "Warga jarang hadir rapat.")]  # same theme, another passage
    proposed = candidate("barrier", "T04", FUNDS)
    for findings in (pending, other_theme, elsewhere):
        assert undecided([proposed], findings, TEXT) == [proposed]


def test_the_candidates_keep_their_order_and_a_quote_not_in_the_source_answers_nothing():
    ordered = [
        candidate("effort", "T03", "Kader posyandu aktif"),
        candidate("barrier", "T09", "jarang hadir"),
    ]
    lost = [finding("effort", "T03", "kalimat yang tidak ada di sumber")]
    assert undecided(ordered, lost, TEXT) == ordered


def log_line(action: str, theme_id: str, words: str, finding_id: str = "desa-01", **more) -> dict:
    start = TEXT.index(words)
    line = {"action": action, "finding_id": finding_id, "finding_type": "enabler", "theme_id": theme_id}
    return {**line, "quote_start": start, "quote_end": start + len(words), **more}


def test_the_decision_log_answers_the_theme_suggested_before_the_analyst_changed_it():
    """A barrier T04 accepted as an enabler T06: the file holds T06, the log names T04 as suggested;
    neither comes back on that passage (the workbench's log line, coding/bench/decisions.py)."""
    corrected = [finding("enabler", "T06", FUNDS)]
    log = [log_line("accept", "T06", FUNDS, suggested_type="barrier", suggested_theme="T04")]
    suggestion = candidate("barrier", "T04", FUNDS)
    assert undecided([suggestion], corrected, TEXT) == [suggestion]  # the file alone cannot tell
    assert undecided([suggestion], corrected, TEXT, log) == []
    later = [log_line("accept", "T04", FUNDS), log_line("edit", "T06", FUNDS)]  # changed in a later save
    assert undecided([suggestion], corrected, TEXT, later) == []


def test_a_finding_deleted_since_answers_nothing_and_a_broken_log_line_is_passed_over():
    deleted = [log_line("accept", "T04", FUNDS), log_line("delete", "T04", FUNDS)]
    broken = [{"action": "accept", "theme_id": "T04", "quote_start": "0"}, "not a line"]
    suggestion = candidate("barrier", "T04", FUNDS)
    for log in (deleted, broken):
        assert undecided([suggestion], [], TEXT, log) == [suggestion]
