"""The workbench's changes of one session used together, as an analyst uses them: a conflict, then *Reload,
keeping my changes*, then Save; the codebook changed while the workbench is open."""

from __future__ import annotations

import html
import json

import pytest
import yaml

from studykit.coding.bench import Session
from studykit.coding.bench.rebase import reload_keeping


def _findings(data_dir, study) -> dict:
    path = data_dir / f"studies/{study}.yaml"
    return {f["finding_id"]: f for f in yaml.safe_load(path.read_text("utf-8"))["findings"]}


def test_a_finding_memo_follows_its_row_when_reloading_renumbers_it(data_copy, corpus):
    """A accepts a suggestion and writes its memo; B accepts another and saves first, taking the same new
    finding id. Reloading keeping A's changes renumbers A's finding: its memo goes with it, never onto B's."""
    study = corpus.study_ids[0]
    a, b = Session(study, data_copy, "coder-a"), Session(study, data_copy, "coder-b")
    first = a.next_pending()
    mine = a.accept(first).finding_id
    coded = (a.item(first).quote, a.item(first).theme_id)
    a.set_memo("finding", mine, "A's memo on A's finding.")
    theirs = b.accept(b.next_pending(first)).finding_id
    assert theirs == mine  # both sessions gave the next free id
    assert b.save().ok and a.save().conflict
    kept = reload_keeping(a)
    assert kept.dropped == ()
    assert a.save().ok
    saved = _findings(data_copy, study)
    renumbered = next(fid for fid, f in saved.items() if (f["quote"], f["theme_id"]) == coded)
    assert renumbered != theirs
    memo = data_copy / f"memos/findings/{renumbered}.md"
    assert memo.is_file() and "A's memo on A's finding." in memo.read_text("utf-8")
    assert not (data_copy / f"memos/findings/{theirs}.md").exists()  # B's finding has no memo of A's


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_finding_on_a_merged_theme_opens_in_the_editor_to_be_recoded(data_copy, corpus, lang):
    """The codebook merged a theme the study file still uses (not recoded yet): selecting that finding showed
    nothing (the theme box refused a value it does not list); it shows the old theme, says where it went, and
    the finding is recoded there and saved."""
    from helpers.codebooks import merge_theme

    from studykit.coding import workbench

    study = corpus.study_ids[0]
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_text("utf-8")
    first = yaml.safe_load(before)["findings"][0]
    old = first["theme_id"]
    into = next(t for t in ("T01", "T02") if t != old)
    merge_theme(data_copy, old, into)
    path.write_text(before, "utf-8")  # the study file not recoded yet
    wb = workbench(study, data_copy, "coder-a", lang)
    wb.view.selected = first["finding_id"]
    assert wb.editor.key == first["finding_id"] and wb.editor.theme.value == old
    said = {"en": f"{old} — merged into {into}", "id": f"{old} — digabung ke {into}"}[lang]
    assert said in wb.editor.theme.label
    wb.editor.theme.value = into
    wb.view.selected = next(it.key for it in wb.session.items if it.key != first["finding_id"])
    assert wb.editor.theme.value != old and old not in dict(wb.editor.theme.options).values()
    sent = []  # from one row to another of the codebook's themes, the boxes' options are not sent again
    wb.editor.theme.observe(sent.append, "options")
    wb.view.selected = next(
        it.key for it in wb.session.items if it.key not in (first["finding_id"], wb.view.selected)
    )
    assert sent == []
    wb._save()
    assert _findings(data_copy, study)[first["finding_id"]]["theme_id"] == into


@pytest.mark.parametrize("lang", ["en", "id"])
def test_save_checks_the_codebook_as_it_is_when_saving(data_copy, corpus, lang):
    """A theme retired (split into an emergent one) while the workbench is open: Save wrote the finding on it
    and said it was saved, and `validate` then refused the study. Save reads the codebook again: it names the
    retired theme and writes nothing; recoded to the new theme, it saves."""
    from helpers.codebooks import add_theme, retire_theme

    study = corpus.study_ids[0]
    s = Session(study, data_copy, "coder-a")
    used = {t for it in s.items if it.origin == "file" for t in (it.theme_id, it.secondary_theme_id)}
    key = next(it.key for it in s.items if it.pending and it.theme_id not in used)  # a theme only it has
    old = s.item(key).theme_id
    s.accept(key)
    add_theme(data_copy, "T99", ["koordinasi"], label="Found while coding", origin="emergent")
    crosswalk = data_copy / "codebook/crosswalk.csv"
    rows = crosswalk.read_text("utf-8").splitlines(
        keepends=True
    )  # the new theme takes the old one's variables
    crosswalk.write_text(
        "".join(rows) + "".join("T99," + r.split(",", 1)[1] for r in rows if r.startswith(f"{old},"))
    )
    retire_theme(data_copy, old, split_into=("T99",))
    before = (data_copy / f"studies/{study}.yaml").read_bytes()
    result = s.save(lang)
    said = {"en": f"theme id '{old}' is no longer used", "id": f"kode tema '{old}' tidak dipakai lagi"}[lang]
    assert not result.ok and any(said in p.message for p in result.problems), result.problems
    assert (data_copy / f"studies/{study}.yaml").read_bytes() == before
    s.edit(key, theme_id="T99")
    assert s.save(lang).ok
    assert any(f["theme_id"] == "T99" for f in _findings(data_copy, study).values())


def test_the_editor_offers_a_theme_added_while_the_workbench_was_open_once_save_named_the_retired_one(
    data_copy, corpus
):
    """Save refuses a finding on a theme retired meanwhile; the theme box then names it as retired and offers
    the emergent theme it was split into (it listed the codebook as it was when the workbench opened, so the
    new theme could not be chosen without dropping the unsaved work)."""
    from helpers.codebooks import add_theme, retire_theme

    from studykit.coding import workbench

    study = corpus.study_ids[0]
    wb = workbench(study, data_copy, "coder-a", "en")
    s = wb.session
    used = {t for it in s.items if it.origin == "file" for t in (it.theme_id, it.secondary_theme_id)}
    key = next(it.key for it in s.items if it.pending and it.theme_id not in used)
    old = s.item(key).theme_id
    wb.view.selected = key
    wb._on_key(None, {"command": "accept"}, None)
    add_theme(data_copy, "T99", ["koordinasi"], label="Found while coding", origin="emergent")
    crosswalk = data_copy / "codebook/crosswalk.csv"
    rows = crosswalk.read_text("utf-8").splitlines(keepends=True)
    crosswalk.write_text(
        "".join(rows) + "".join("T99," + r.split(",", 1)[1] for r in rows if r.startswith(f"{old},"))
    )
    retire_theme(data_copy, old, split_into=("T99",))
    wb._save()
    said = html.unescape(wb.status.value)
    assert "Not saved" in said and f"'{old}' is no longer used: it was split into T99" in said, said
    wb.view.selected = key
    assert wb.editor.theme.value == old and f"{old} — retired (split into T99)" in wb.editor.theme.label
    assert "T99" in dict(wb.editor.theme.options).values()
    wb.editor.theme.value = "T99"
    wb._save()
    assert "Saved" in wb.status.value, wb.status.value
    assert s.item(key).theme_id == "T99"


def test_a_memo_on_a_finding_the_other_program_changed_too_is_still_carried(data_copy, corpus):
    """The other program changed finding 01 (its summary: A's edit of it is named, not carried); A's memo on
    01, whose memo file nobody else wrote, is carried: the finding keeps its id."""
    study = corpus.study_ids[0]
    a, b = Session(study, data_copy, "coder-a"), Session(study, data_copy, "coder-b")
    fid = f"{study}-01"
    a.edit(fid, summary_en="A's summary.")
    a.set_memo("finding", fid, "A's memo on finding 01.")
    b.edit(fid, summary_en="B's summary, saved first.")
    assert b.save().ok and a.save().conflict
    assert reload_keeping(a).dropped == (fid,)
    assert a.save().ok
    assert "A's memo on finding 01." in (data_copy / f"memos/findings/{fid}.md").read_text("utf-8")
    assert _findings(data_copy, study)[fid]["summary_en"] == "B's summary, saved first."


def test_run_all_with_unsaved_work_offers_the_themes_of_the_codebook_as_it_is_now(data_copy, corpus):
    """The cell run again while the session holds unsaved work goes on with it; its theme box lists a theme
    added to the codebook meanwhile (it listed the codebook as the session first read it)."""
    from helpers.codebooks import add_theme

    from studykit.coding import workbench

    study = corpus.study_ids[0]
    wb = workbench(study, data_copy, "coder-a", "id")
    wb._on_key(None, {"command": "accept"}, None)
    add_theme(data_copy, "T99", ["koordinasi"], label="Found while coding", origin="emergent")
    again = workbench(study, data_copy, "coder-a", "id")
    assert again.session is wb.session and again.session.unsaved
    assert "T99" in dict(again.editor.theme.options).values()


def test_decisions_carried_by_a_reload_are_logged_with_the_time_they_were_made(
    data_copy, corpus, monkeypatch
):
    """The decision log is the audit trail: a decision carried onto the file by *Reload, keeping my changes*
    keeps the time the analyst made it (it was logged with the time of the reload)."""
    from studykit.coding.bench import decisions as log

    study = corpus.study_ids[0]
    clock = iter(f"2031-02-03T10:{m:02d}:00Z" for m in range(60))
    monkeypatch.setattr(log, "now", lambda: next(clock))
    a, b = Session(study, data_copy, "coder-a"), Session(study, data_copy, "coder-b")
    key = a.next_pending()
    made_at = a.reject(key).time
    b.edit(f"{study}-02", summary_en="B's summary, saved first.")
    assert b.save().ok and a.save().conflict
    reload_keeping(a)
    assert a.save().ok
    lines = [json.loads(x) for x in (data_copy / f"decisions/{study}.jsonl").read_text("utf-8").splitlines()]
    assert [(d["action"], d["coder"], d["time"]) for d in lines if d["coder"] == "coder-a"] == [
        ("reject", "coder-a", made_at)
    ]


def test_a_finding_on_a_merged_theme_answers_for_the_theme_it_went_into(data_copy, corpus):
    """A theme merged in the codebook, the study file not recoded yet: the suggester, which now proposes the
    theme it went into, offered that theme again on the passage the file already coded (a duplicate to
    reject); the file's finding answers for it, as a decision logged on the merged theme does."""
    from helpers.codebooks import merge_theme

    study = corpus.study_ids[0]
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_text("utf-8")
    s = Session(study, data_copy, "coder-a")
    coded = [it for it in s.items if it.origin == "file" and it.status == "reviewed" and it.start is not None]
    it = coded[0]
    into = next(t for t in ("T01", "T02", "T03") if t != it.theme_id)
    merge_theme(data_copy, it.theme_id, into)
    path.write_text(before, "utf-8")  # not recoded yet
    again = Session(study, data_copy, "coder-a")
    offered = [
        c
        for c in again.items
        if c.pending
        and c.origin == "suggestion"
        and c.theme_id == into
        and min(c.end, it.end) > max(c.start, it.start)
    ]
    assert offered == []
    # `suggest` follows the same rule
    from studykit.coding import suggest as sg

    source = sg.resolve(study, data_copy)
    new, _ = sg.answered(source, sg.suggest(source.text, data_copy, study_id=study))
    assert not [c for c in new if c.theme_id == into and min(c.end, it.end) > max(c.start, it.start)]


def test_reload_from_disk_reads_the_codebook_again_as_save_does(data_copy, corpus):
    """A theme added to the codebook while the workbench is open is offered after *Reload from disk* and
    after *Reload, keeping my changes* (only Save and the cell run again read the codebook again); a codebook
    broken meanwhile is said, and the session stays as it was."""
    from helpers.codebooks import add_theme

    from studykit.coding import workbench

    study = corpus.study_ids[0]
    wb = workbench(study, data_copy, "coder-a", "en")
    s = wb.session
    add_theme(data_copy, "T99", ["koordinasi"], label="Found while coding", origin="emergent")
    s.reload()
    assert "T99" in set(s.themes["theme_id"]) and "T99" in s.codes.theme_ids
    add_theme(data_copy, "T98", ["fasilitas"], label="Found later")
    s.accept(s.next_pending())
    assert reload_keeping(s).dropped == () and "T98" in s.codes.theme_ids
    add_theme(data_copy, "T97", ["waktu"], label="Found last")
    wb._reload()
    assert "T97" in dict(wb.editor.theme.options).values()
    assert "T97" in dict(wb.editor.secondary.options).values()
    themes = data_copy / "codebook/themes.yaml"
    themes.write_text(themes.read_text("utf-8") + "\n  - [broken\n", encoding="utf-8")
    s.accept(s.next_pending())
    wb._reload()
    assert "themes.yaml" in html.unescape(wb.status.value) and s.unsaved, wb.status.value
