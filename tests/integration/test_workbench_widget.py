"""The workbench's widgets, driven from Python (no browser): every label exists in both languages and
each control reaches the session; the real clicks and keys are in test_workbench_browser.py."""

from __future__ import annotations

import html

import pytest
from helpers import invoke_studykit

from studykit.coding import workbench


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_widget_drives_the_session_in_both_languages(data_copy, corpus, lang):
    study_id = corpus.study_ids[0]
    wb = workbench(study_id, data_copy, "widget-test", lang)
    rows = wb.view.rows
    assert rows and len(rows) == len(wb.session.visible())
    assert all(r["type_label"] and r["status_label"] for r in rows)
    assert len(wb.view.labels["columns"]) == 5 and wb.view.text == wb.session.text
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


def test_form_hints_are_in_the_coders_language(data_copy, corpus):
    from studykit.coding.bench import labels

    wb = workbench(corpus.study_ids[0], data_copy, "widget-test", "id")
    for spec in wb.session.fields:
        en, id_ = (labels.t(f"workbench.hint.{spec.name}", lang) for lang in ("en", "id"))
        assert en == spec.description, spec.name  # the schema's description is the English hint
        assert id_ and id_ != en, spec.name
        title = wb.form.rows[spec.name].children[0].value
        assert html.escape(id_) in title and html.escape(en) not in title, spec.name
    # the allowed values of the choice fields show their label in the coder's language
    from studykit.coding.bench.metadata_form import CHOICE_LABELS

    for name, prefix in CHOICE_LABELS.items():
        spec = next(f for f in wb.session.fields if f.name == name)
        options = wb.form.inputs[name].options
        for value in spec.choices:
            en, id_ = (labels.t(f"{prefix}.{value}", lang) for lang in ("en", "id"))
            assert (f"{value} · {id_}", value) in options and en and id_, (name, value)


def test_a_refused_save_speaks_the_coders_language(data_copy, corpus):
    study_id = corpus.study_ids[0]
    before = (data_copy / f"studies/{study_id}.yaml").read_bytes()
    wb = workbench(study_id, data_copy, "widget-test", "id")
    wb.session.set_value("admin_unit_type", "city")  # as a hand-edited form value could be
    wb.session.set_value("source.year", 1800)
    wb._save()
    status = html.unescape(wb.status.value)
    assert "Tidak disimpan: 2 masalah" in status, status
    assert (
        "Kota atau kabupaten (admin_unit_type): 'city' tidak diizinkan; gunakan 'kota' atau 'kabupaten'"
        in status
    )
    assert "Tahun (source.year): 1800 terlalu kecil; minimal 1945" in status
    assert "not allowed" not in status and "too small" not in status
    assert (data_copy / f"studies/{study_id}.yaml").read_bytes() == before


def test_summaries_to_write_are_visible_and_never_copied_from_another_finding(data_copy, corpus):
    study_id = corpus.study_ids[0]
    wb = workbench(study_id, data_copy, "widget-test", "en")
    s, editor = wb.session, wb.editor
    # a suggestion: its summaries are to write, the editor offers its quote as the starting text
    key = wb.view.selected
    quote = " ".join(s.item(key).quote.split())
    assert s.item(key).pending and editor.summary_en.value == editor.summary_id.value == quote
    assert "Starting text" in editor.starting.value
    wb._on_key(None, {"command": "accept"}, None)  # accepted without writing them
    accepted = s.item(key)
    row = next(r for r in wb.view.rows if r["key"] == key)
    assert accepted.summary_to_write and row["to_write"] and "summary to write" in row["status_label"]
    wb.view.selected = key
    wb._apply()  # the starting text unchanged is no summary
    assert accepted.summary_to_write and [d.action for d in s.decisions] == ["accept"]
    editor.summary_en.value = "Residents find the fund unfair."
    editor.summary_id.value = "Warga menilai dana tidak adil."
    other = next(t for t in s.themes["theme_id"] if t != accepted.theme_id)
    editor.theme.value = other
    wb._on_key(None, {"command": "next"}, None)  # moving on keeps what was typed, and its row says so
    assert not accepted.summary_to_write and accepted.summary_en == "Residents find the fund unfair."
    row = next(r for r in wb.view.rows if r["key"] == key)
    assert (
        not row["to_write"]
        and row["theme"].startswith(other)
        and "summary to write" not in row["status_label"]
    )
    # one line: the accepted finding as it will be written
    assert [d.action for d in s.decisions] == ["accept"]
    # a new finding from a selection: its own quote as starting text, not the previous row's summaries
    written = next(it for it in s.items if it.origin == "file" and not it.summary_to_write)
    wb.view.selected = written.key
    assert editor.summary_en.value == written.summary_en
    start = s.text.index(quote.split()[0])
    wb.view.selection = {"start": start + 1, "end": start + len(quote.split()[0]) - 1}  # inside the word
    assert f"«{quote.split()[0]}»" in html.unescape(wb.selection_label.value)  # the word it will quote
    assert wb.view.selected == "" and written.summary_en not in (
        editor.summary_en.value,
        editor.summary_id.value,
    )
    assert editor.summary_en.value == quote.split()[0]
    wb._create()
    made = s.items[-1]
    assert made.origin == "manual" and made.summary_en == made.summary_id == "" and made.summary_to_write
    assert "«" not in wb.selection_label.value and wb.view.selection == {}  # made: the selection is spent
    wb._save()
    status = html.unescape(wb.status.value)
    assert "1 accepted finding has no summary yet" in status and "still a draft" in status
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0 and f"draft {data_copy}/studies/{study_id}.yaml" in result.stdout
    assert "summary to write" in result.stdout
    assert invoke_studykit("validate", "--strict", "--data", data_copy).returncode != 0


def test_record_upload_selection_and_cues_speak_the_coders_language(data_copy, corpus):
    from studykit.coding import labels as suggest_labels
    from studykit.coding import studyfile

    study = data_copy / f"studies/{corpus.study_ids[0]}.yaml"  # still to code: every suggestion is offered
    document = studyfile.load(study.read_text(encoding="utf-8"))
    studyfile.set_findings(document, [])
    study.write_text(studyfile.dump(document), encoding="utf-8")
    wb = workbench(corpus.study_ids[0], data_copy, "widget-test", "id")
    ris = (
        b"TY  - THES\nTI  - Evaluasi Program\nAU  - Lestari, Dewi\nPY  - 2022\nPB  - Universitas Airlangga\n"
    )
    ris += b"ER  - \n"
    wb.bib.load([{"name": "record.ris", "content": ris}])
    status = html.unescape(wb.status.value)
    assert "Diisi dari entri bibliografi: Judul, Penulis, Tahun, Institusi" in status, status
    assert wb.form.inputs["source.title"].value == "Evaluasi Program"
    wb.bib.load([{"name": "record.bib", "content": b"\xff\xfe broken"}])
    assert "tidak dapat dibaca" in html.unescape(wb.status.value)
    wb.view.selection = {"start": 0, "end": 0}
    wb._create()
    assert "Pilihan tidak berisi teks" in html.unescape(wb.status.value)
    cues = [cue for it in wb.session.visible() for cue in it.cues]
    assert cues  # the suggestions say why: each cue as the Indonesian coder reads it
    shown = ", ".join(r["cues"] for r in wb.view.rows if r["cues"])
    for cue in cues:
        assert suggest_labels.cue_text(cue, "id") in shown
    assert any(suggest_labels.cue_text(cue, "id") != cue for cue in cues), cues


def test_a_record_over_the_file_cap_is_refused_in_the_coders_language(data_copy, corpus, monkeypatch):
    wb = workbench(corpus.study_ids[0], data_copy, "widget-test", "id")
    monkeypatch.setenv("STUDYKIT_MAX_FILE_BYTES", "10")
    ris = b"TY  - THES\nTI  - Evaluasi Program\nER  - \n"
    wb.bib.load([{"name": "record.ris", "content": ris}])
    status = html.unescape(wb.status.value)
    assert "melebihi batas studykit" in status and "exceeds" not in status, status


def test_every_dropdown_shows_its_not_set_label_and_the_form_speaks_the_coders_language(data_copy, corpus):
    from studykit.coding.bench import labels

    wb = workbench(corpus.study_ids[0], data_copy, "widget-test", "id")
    s, editor = wb.session, wb.editor
    not_set = labels.t("workbench.not_set", "id")
    with_second = next(it for it in s.items if it.secondary_theme_id)
    wb.view.selected = with_second.key
    assert editor.secondary.value == with_second.secondary_theme_id
    wb.view.selected = s.next_pending()  # a row without one: the label says so, never an empty box
    assert (
        editor.secondary.label == not_set
        and editor.changes(s.item(wb.view.selected))["secondary_theme_id"] is None
    )
    rating = wb.form.inputs["programme_owner"]
    s.set_value("programme_owner", None)
    wb.form.refresh()
    assert rating.label == not_set
    upload = next(b for b in wb.metadata.children[0].children if "sk-bib" in b._dom_classes)
    assert upload.description == "Unggah"  # not ipywidgets' English "Upload"
    frameworks = dict((v, k) for k, v in wb.form.inputs["frameworks_declared"].options)
    assert frameworks["VMVH"] == "VMVH · Van Meter & Van Horn (1975)"
    # a typed value reaches the session when the field is left, never keystroke by keystroke (each
    # keystroke stripped and written back ate the spaces: "Medan·conomicmpowerment")
    assert all(
        box.continuous_update is False for box in wb.form.inputs.values() if hasattr(box, "placeholder")
    )


def test_the_admin_unit_field_offers_the_gazetteers_names_and_fills_type_and_province(data_copy, corpus):
    import ipywidgets as w

    from studykit.coding.bench import labels

    wb = workbench("purbayan-p2kp", data_copy, "widget-test", "id")
    box = wb.form.inputs["admin_unit"]
    assert isinstance(box, w.Combobox) and not box.ensure_option and box.continuous_update is False
    assert (
        len(box.options) == 514
        and "Kabupaten Sukoharjo" in box.options
        and box.value == "Kabupaten Sukoharjo"
    )
    box.value = "Kota Administrasi Jakarta Selatan"  # picked from the list (or typed), then the field is left
    assert wb.form.inputs["admin_unit_type"].value == "kota"
    assert wb.form.inputs["province"].value == "DKI Jakarta"
    note = labels.t("workbench.from_gazetteer", "id", unit="Kota Administrasi Jakarta Selatan")
    assert html.escape(note) in wb.form.notes["province"].value and "gazetir" in note
    box.value = "Kota Jakarta Selatan"  # not an official name: the row before is not its row; said at once
    assert wb.form.inputs["province"].value == "" and "gazetir" not in wb.form.notes["province"].value
    assert "maksud Anda 'Kota Administrasi Jakarta Selatan'" in html.unescape(
        wb.form.notes["admin_unit"].value
    )
    box.value = "Kota Administrasi Jakarta Selatan"
    assert wb.form.notes["admin_unit"].value == html.escape(labels.t("workbench.confirmed", "id"))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_cell_run_again_goes_on_with_the_unsaved_work_and_says_so(data_copy, corpus, lang):
    """Run All (or a changed `lang`) runs the workbench's cell again in the same kernel: what was decided,
    typed and confirmed and not yet saved is still there, and the status line says so; after a save or a
    reload, the study opens afresh from disk."""
    study_id = corpus.study_ids[0]
    wb = workbench(study_id, data_copy, "widget-test", lang)
    pending = wb.view.selected
    wb._on_key(None, {"command": "accept"}, None)
    wb.session.set_value("note", "half done")
    again = workbench(study_id, data_copy, "widget-test", lang)
    assert again.session.item(pending).status == "reviewed"
    assert again.session.values["note"] == "half done" and again.session.decisions
    said = html.unescape(again.status.value)
    assert ("changes not saved yet" if lang == "en" else "belum disimpan, dibuat di meja kerja") in said
    again._save()
    fresh = workbench(study_id, data_copy, "widget-test", lang)
    assert fresh.session is not again.session and fresh.status.value == ""
    fresh.session.reject(fresh.view.selected)
    fresh._reload()
    assert workbench(study_id, data_copy, "widget-test", lang).session is not fresh.session


def test_scores_and_cue_weights_are_written_as_the_coders_language_writes_numbers(data_copy, corpus):
    """An Indonesian coder read "0.97" and "model “baik” +4.99" (English decimals) in the list, the `suggest`
    table and the note a rejected suggestion keeps in the study file; Indonesian writes 0,97 and +4,99."""
    import re

    from studykit.coding import studyfile
    from studykit.coding import suggest as sg

    study_id = corpus.study_ids[0]
    study = data_copy / f"studies/{study_id}.yaml"
    document = studyfile.load(study.read_text(encoding="utf-8"))
    studyfile.set_findings(document, [])
    study.write_text(studyfile.dump(document), encoding="utf-8")
    decimal = {"en": re.compile(r"\d\.\d"), "id": re.compile(r"\d,\d")}
    for lang, other in (("en", "id"), ("id", "en")):
        wb = workbench(study_id, data_copy, "widget-test", lang)
        rows = [r for r in wb.view.rows if r["score"]]
        assert rows and all(decimal[lang].fullmatch(r["score"][:3]) for r in rows), rows[:2]
        weights = [w for r in rows for w in re.findall(r"[+−]\d+[.,]\d+", r["cues"])]
        assert weights and all(decimal[lang].search(w) and not decimal[other].search(w) for w in weights)
        candidates = sg.suggest(wb.session.text, data_copy, study_id=study_id)
        table = sg.table(candidates, lang=lang)
        assert not re.search(r" \d[{}]\d\d ".format("." if lang == "id" else ","), table)
        assert re.search(r" \d[{}]\d\d ".format("," if lang == "id" else "."), table)
        note = sg.as_findings(study_id, candidates[:1], data_copy, 0, lang)[0]["note"]
        assert decimal[lang].search(note) and not decimal[other].search(note), note


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_cell_run_again_keeps_what_the_editor_holds_for_its_row(data_copy, corpus, lang):
    """A theme chosen and summaries typed for the row in the editor, then Run All (or `lang` changed) before
    moving to another row: the new workbench showed the row as suggested, the typing gone, although moving to
    another row keeps it. It is the session's now, as unsaved work, also when nothing else was changed."""
    study_id = corpus.study_ids[0]
    wb = workbench(study_id, data_copy, "widget-test", lang)
    key = wb.view.selected
    theme = next(t for t in wb.editor.theme.options if t[1] != wb.session.item(key).theme_id)[1]
    wb.editor.theme.value = theme
    wb.editor.summary_en.value, wb.editor.summary_id.value = (
        "Typed, not applied.",
        "Diketik, belum diterapkan.",
    )
    again = workbench(study_id, data_copy, "widget-test", "id" if lang == "en" else "en")
    it = again.session.item(key)
    assert again.session is wb.session and again.session.unsaved
    assert (it.theme_id, it.summary_en, it.summary_id) == (
        theme,
        "Typed, not applied.",
        "Diketik, belum diterapkan.",
    )
    again.view.selected = key
    assert again.editor.theme.value == theme and again.editor.summary_en.value == "Typed, not applied."


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_complete_study_saved_elsewhere_is_rendered_with_its_data_folder(
    data_copy, corpus, lang, monkeypatch
):
    """The next step a save names is run in a terminal at the project's root: a study in another data folder
    needs `--data` there, even when the kernel found that folder through STUDYKIT_DATA_DIR (walk, session 15:
    the status said `studykit render`, which renders the project's own data)."""
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(data_copy))
    wb = workbench(corpus.study_ids[0], data_copy, "widget-test", lang)
    wb._on_key(None, {"command": "reject"}, None)  # a decision, and no finding that needs a summary
    wb._save()
    status = html.unescape(wb.status.value)
    assert ("The study is complete" if lang == "en" else "Studi sudah lengkap") in status, status
    assert f"`studykit render --data {data_copy}`" in status, status
    # into its own reports beside it, never over the project's (walk 15b: render's default --out)
    assert f" {data_copy.parent / 'reports'}/ " in status, status
