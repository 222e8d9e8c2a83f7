"""The workbench's status after Save says what was saved: a save that changed only metadata (or only a memo)
said "0 decisions logged", as if nothing had been written."""

from __future__ import annotations

import html

import pytest

from studykit.coding import workbench
from studykit.coding.bench import labels as bench_labels

CODER = "Saved Tester"
STUDY = "jambi-bantar"  # its sampling is empty


def _t(key, lang, **values):
    return bench_labels.t(key, lang, **values)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_save_of_metadata_only_names_the_fields_it_saved(data_copy, lang):
    wb = workbench(STUDY, data_copy, CODER, lang)
    wb.session.set_value("sampling", "purposive")
    wb.session.set_value("programme_owner", wb.session.values["programme_owner"])  # confirmed, not changed
    wb._save()
    status = html.unescape(wb.status.value)
    assert "#166534" in status, status  # saved
    assert "0 decision" not in status and "0 keputusan" not in status, status  # what it said
    fields = _t("workbench.saved_fields", lang, n=1, fields=_t("workbench.field.sampling", lang))
    assert fields in status, status
    assert _t("workbench.field.programme_owner", lang) not in status
    assert "sampling: purposive" in (data_copy / f"studies/{STUDY}.yaml").read_text("utf-8")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_save_of_a_memo_only_says_so_and_a_save_of_nothing_says_nothing_had_changed(data_copy, lang):
    wb = workbench(STUDY, data_copy, CODER, lang)
    wb.session.set_memo("study", STUDY, "Participation is the recurring barrier.")
    wb._save()
    status = html.unescape(wb.status.value)
    assert "0 decision" not in status and "0 keputusan" not in status, status
    assert _t("workbench.saved_memos", lang, n=1) in status, status
    wb._save()
    status = html.unescape(wb.status.value)
    assert _t("workbench.saved_nothing", lang) in status, status


def test_a_save_with_decisions_still_says_how_many_and_where_and_the_metadata_beside(data_copy):
    wb = workbench(STUDY, data_copy, CODER, "en")
    s = wb.session
    suggestion = next(it for it in s.items if it.origin == "suggestion")
    s.reject(suggestion.key)
    s.set_value("sampling", "purposive")
    wb._save()
    status = html.unescape(wb.status.value)
    said = f"(1 decision logged in data/decisions/{STUDY}.jsonl; 1 metadata field: Sampling)"
    assert said in status, status
