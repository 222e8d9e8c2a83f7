"""The workbench's widgets, driven from Python (no browser): every label exists in both languages and
each control reaches the session; the real clicks and keys are in test_workbench_browser.py."""

from __future__ import annotations

import pytest

from studykit.coding import workbench


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_widget_drives_the_session_in_both_languages(data_copy, corpus, lang):
    study_id = corpus.study_ids[0]
    wb = workbench(study_id, data_copy, "widget-test", lang)
    rows = wb.view.rows
    assert rows and len(rows) == len(wb.session.visible())
    assert all(r["type_label"] and r["status_label"] for r in rows)
    assert len(wb.view.labels["columns"]) == 7 and wb.view.text == wb.session.text
    pending = wb.view.selected
    assert wb.session.item(pending).pending  # opens on the first suggestion to review
    wb._on_key(None, {"command": "accept"}, None)
    assert wb.session.item(pending).status == "reviewed" and wb.view.selected != pending
    wb._on_key(None, {"command": "reject"}, None)
    assert sum(it.status == "rejected" for it in wb.session.items) == 1
    wb.view.selection = {"start": 10, "end": 30}
    wb._create()
    assert wb.session.items[-1].origin == "manual" and "«" in wb.status.value
    wb._save()
    assert wb.session.decisions == [] and (data_copy / f"decisions/{study_id}.jsonl").exists()
    assert "#166534" in wb.status.value  # saved (green), in the report's language
    english = "Saved" in wb.status.value
    assert english == (lang == "en")


def test_every_form_field_has_a_name_in_both_languages(data_copy, corpus):
    from studykit.coding.bench import labels

    wb = workbench(corpus.study_ids[0], data_copy, "widget-test", "id")
    for spec in wb.session.fields:
        en, id_ = (labels.t(f"workbench.field.{spec.name}", lang) for lang in ("en", "id"))
        assert en and id_ and en != id_, spec.name
        assert id_ in wb.form.rows[spec.name].children[0].value
