"""Memos in the workbench's session: the study's, a finding's and a theme's memo read, edited, saved with the
study file (all or nothing), refused when changed on disk meanwhile, and valid for `validate` afterwards."""

from __future__ import annotations

import html

import pytest
import yaml
from helpers import invoke_studykit

from studykit import load_corpus
from studykit.coding.bench import Session
from studykit.coding.bench import decisions as log
from studykit.corpus.memos import parse

CODER = "Memo Tester"
DAY = "2031-02-03"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The decision log's clock, which the memos' date follows."""
    monkeypatch.setattr(log, "now", lambda: f"{DAY}T10:00:00Z")


@pytest.fixture
def study(data_copy, corpus):
    return corpus.study_ids[0]


def _memo(text: str, author: str = "A. Analyst", date: str = "2026-12-01") -> str:
    return f"---\nauthor: {author}\ndate: {date}\nlanguage: en\n---\n{text}\n"


def _coded(s: Session):
    return next(it for it in s.items if it.origin == "file" and it.status == "reviewed")


def _valid(data_dir) -> None:
    done = invoke_studykit("validate", data_dir)
    assert done.returncode == 0 and done.stdout.startswith("valid:"), done.stdout + done.stderr


def test_study_finding_and_theme_memos_are_written_by_save_and_validate(data_copy, study):
    study_memo = data_copy / f"memos/studies/{study}.md"
    study_memo.parent.mkdir(parents=True)
    study_memo.write_text(_memo("Budget barriers recur."), encoding="utf-8")
    s = Session(study, data_copy, CODER, lang="id")
    assert s.memo("study", study).body == "Budget barriers recur."
    assert not s.unsaved
    it = _coded(s)
    assert not s.has_memo(it.finding_id)
    s.set_memo("study", study, "Budget barriers recur.\n\nAnd staff shortages.")
    s.set_memo("finding", it.finding_id, "Check the *full text* for this.")
    s.set_memo("theme", it.theme_id, "Across the kota, this theme means funds.")
    assert s.unsaved and s.has_memo(it.finding_id)
    assert not (data_copy / f"memos/findings/{it.finding_id}.md").exists()  # nothing written before Save
    result = s.save()
    assert result.ok, result.problems
    for level, target, body in (
        ("study", study, "Budget barriers recur.\n\nAnd staff shortages."),
        ("finding", it.finding_id, "Check the *full text* for this."),
        ("theme", it.theme_id, "Across the kota, this theme means funds."),
    ):
        folder = {"study": "studies", "finding": "findings", "theme": "themes"}[level]
        head, text = parse((data_copy / f"memos/{folder}/{target}.md").read_text("utf-8"), "memo")
        assert text == body and head.date.isoformat() == DAY and head.language == "id"
        assert head.author == (f"A. Analyst + {CODER}" if level == "study" else CODER)
    assert not s.unsaved and s.memo("finding", it.finding_id).body == "Check the *full text* for this."
    s.set_memo("study", study, "Revised once more.")  # both authors stay named, once each
    assert s.save().ok and parse(study_memo.read_text("utf-8"), "m")[0].author == f"A. Analyst + {CODER}"
    _valid(data_copy)
    memos = load_corpus(data_copy).memos
    assert set(memos["level"]) == {"study", "finding", "theme"}


def test_a_memo_changed_on_disk_is_not_overwritten_and_nothing_is_written(data_copy, study):
    s = Session(study, data_copy, CODER)
    theme = _coded(s).theme_id
    path = data_copy / f"memos/themes/{theme}.md"
    assert s.memo("theme", theme).body == ""  # none yet
    s.set_memo("theme", theme, "Mine.")
    path.parent.mkdir(parents=True)
    path.write_text(_memo("Another coder's, meanwhile."), encoding="utf-8")  # another study's coder
    first = _coded(s)
    s.edit(first.key, summary_en="Changed meanwhile too.")
    study_before = (data_copy / f"studies/{study}.yaml").read_bytes()
    result = s.save()
    assert not result.ok and result.conflict
    assert [p.file for p in result.problems] == [f"data/memos/themes/{theme}.md"]
    assert path.read_text("utf-8") == _memo("Another coder's, meanwhile.")
    assert (data_copy / f"studies/{study}.yaml").read_bytes() == study_before  # all or nothing
    assert s.unsaved and s.memo("theme", theme).body == "Mine."  # the refused text is kept
    s.reload()  # Reload drops it, as every unsaved change, and reads the memo again
    assert s.memo("theme", theme).body == "Another coder's, meanwhile." and not s.unsaved


def test_a_memo_field_is_edited_in_place_and_never_ends_beside_a_file(data_copy, study):
    path = data_copy / f"studies/{study}.yaml"
    content = yaml.safe_load(path.read_text("utf-8"))
    ids = [f["finding_id"] for f in content["findings"] if f.get("review_status", "reviewed") == "reviewed"]
    first, second = ids[0], ids[1]
    text = path.read_text("utf-8")
    for fid, body in ((first, "Field memo one."), (second, "Field memo two.")):  # memo fields, by hand
        at = text.index(f"finding_id: {fid}")
        indent = " " * (at - text.rindex("\n", 0, at) - 1)
        block = "".join(f"{indent}  {line}\n" for line in _memo(body).splitlines())
        text = text[:at] + f"memo: |\n{block}{indent}" + text[at:]
    path.write_text(text, encoding="utf-8")
    both = data_copy / f"memos/findings/{second}.md"
    both.parent.mkdir(parents=True)
    both.write_text(_memo("File memo two."), encoding="utf-8")
    _valid(data_copy)  # the data as an analyst may have it: a field memo, and a field memo beside a file
    s = Session(study, data_copy, CODER)
    assert s.has_memo(first) and s.memo("finding", first).body == "Field memo one."
    assert s.memo("finding", second).body == "Field memo two.\n\nFile memo two."  # both, as one
    s.set_memo("finding", first, "Field memo one, revised.")
    s.set_memo("finding", second, "Field memo two.\n\nFile memo two, revised.")
    assert s.save().ok
    saved = {f["finding_id"]: f for f in yaml.safe_load(path.read_text("utf-8"))["findings"]}
    assert parse(saved[first]["memo"], "f")[1] == "Field memo one, revised."  # stays in its field
    assert not (data_copy / f"memos/findings/{first}.md").exists()
    assert "memo" not in saved[second]  # both: the file alone now, with both texts
    assert parse(both.read_text("utf-8"), "f")[1] == "Field memo two.\n\nFile memo two, revised."
    _valid(data_copy)
    again = Session(study, data_copy, CODER)
    assert again.memo("finding", first).body == "Field memo one, revised."


def test_a_memo_file_that_is_not_utf8_is_shown_as_a_problem_and_not_edited(data_copy, study):
    path = data_copy / f"memos/studies/{study}.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(_memo("Caf\u00e9").encode("latin-1"))
    s = Session(study, data_copy, CODER)
    draft = s.memo("study", study)
    assert draft.problem is not None and draft.problem.line == 6 and "e9" in draft.problem.message
    with pytest.raises(ValueError):
        s.set_memo("study", study, "Over it.")


def test_a_memo_save_cannot_leave_what_validate_refuses(data_copy, study):
    s = Session(study, data_copy, CODER)
    it = _coded(s)
    s.set_memo("finding", it.finding_id, "On a finding about to be deleted.")
    assert s.save().ok
    s.delete(it.key)  # its memo file would be left behind
    result = s.save("id")
    assert not result.ok and "dihapus" in result.problems[0].message
    assert f"memos/findings/{it.finding_id}.md" in result.problems[0].file
    s.reload()
    s.set_memo("finding", it.finding_id, "   ")  # emptied: the file is not removed here
    refused = s.save()
    assert not refused.ok and "delete" in refused.problems[0].message
    s.set_memo("finding", it.finding_id, "---\nauthor: x\n---\nnot a memo body")  # still one memo: fine
    assert s.save().ok
    _valid(data_copy)
    pending = next(i for i in s.items if i.pending)
    with pytest.raises(ValueError):  # a suggestion gets its memo once accepted
        s.set_memo("finding", pending.finding_id or pending.key, "No.")
    made = s.accept(pending.key)
    s.set_memo("finding", made.finding_id, "Typed, then the finding deleted.")
    s.delete(made.key)  # a memo only typed goes with its finding, as its summaries do
    assert s.save().ok and not (data_copy / f"memos/findings/{made.finding_id}.md").exists()
    _valid(data_copy)


def test_the_written_backstop_refuses_a_memo_file_validate_would_refuse(data_copy, study):
    s = Session(study, data_copy, "x")  # a one-letter coder: a memo's author has at least two characters
    s.set_memo("study", study, "Too short an author.")
    s.edit(_coded(s).key, summary_en="Written with it, or not at all.")
    before = (data_copy / f"studies/{study}.yaml").read_bytes()
    result = s.save()
    assert not result.ok and result.problems[0].file == f"data/memos/studies/{study}.md"
    assert result.problems[0].field == "memo.author"
    assert not (data_copy / "memos").exists() and (data_copy / f"studies/{study}.yaml").read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_memo_boxes_drive_the_session_and_save_in_both_languages(data_copy, study, lang):
    from studykit.coding import workbench

    wb = workbench(study, data_copy, CODER, lang)
    it = _coded(wb.session)
    assert wb.memos.boxes["finding"].disabled  # opens on a suggestion: no memo before it is accepted
    wb.view.selected = it.key
    box, title = wb.memos.boxes["finding"], wb.memos.titles["finding"]
    assert not box.disabled and it.finding_id in title.value and "✎" not in _row(wb, it.key)["id"]
    assert "memos/themes/" in wb.memos.titles["theme"].value
    shared = "shared by every study" if lang == "en" else "dipakai bersama oleh semua studi"
    assert shared in wb.memos.titles["theme"].value
    box.value = "Typed in the workbench."
    row = _row(wb, it.key)
    assert row["id"].endswith("✎") and row["memo"] and wb.session.unsaved  # the row's sign, at once
    wb.memos.boxes["study"].value = "On the whole study."
    assert workbench(study, data_copy, CODER, lang).session is wb.session  # a cell run again keeps it
    wb._save()
    assert "#166534" in wb.status.value, wb.status.value
    written = (data_copy / f"memos/findings/{it.finding_id}.md").read_text("utf-8")
    assert written.endswith("---\nTyped in the workbench.\n") and f"language: {lang}" in written
    assert (data_copy / f"memos/studies/{study}.md").exists()
    _valid(data_copy)
    (data_copy / f"memos/studies/{study}.md").write_text(_memo("Changed elsewhere."), encoding="utf-8")
    wb.memos.boxes["study"].value = "Mine again."
    wb._save()  # refused: the status names the memo file, and the typed text stays in its box
    assert f"memos/studies/{study}.md" in wb.status.value and "#991b1b" in wb.status.value
    assert wb.memos.boxes["study"].value == "Mine again."
    wb._reload()
    assert wb.memos.boxes["study"].value == "Changed elsewhere."


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_rejected_findings_memo_is_shown_read_only_and_says_so(data_copy, study, lang):
    from studykit.coding import workbench

    wb = workbench(study, data_copy, CODER, lang)
    it = _coded(wb.session)
    wb.view.selected = it.key
    wb.memos.boxes["finding"].value = "Why <this> was coded:\nfirst line.\nSecond line."
    wb._decide("reject")  # rejected after its memo was written: the memo stays, and so does the sign
    assert _row(wb, it.key)["id"].endswith("✎")
    wb.view.selected = it.key
    box, title, read = (getattr(wb.memos, part)["finding"] for part in ("boxes", "titles", "reads"))
    said = "read only: the finding is rejected" if lang == "en" else "hanya baca: temuan ini ditolak"
    assert said in title.value and it.finding_id in title.value and "memos/findings/" in title.value
    assert box.layout.display == "none" and read.layout.display is None  # the text shown in its place
    assert "Why &lt;this&gt; was coded:\nfirst line.\nSecond line." in read.value
    wb.view.selected = next(i for i in wb.session.items if i.status == "reviewed" and i.key != it.key).key
    assert box.layout.display is None and read.layout.display == "none" and not box.disabled
    wb._save()  # the memo typed before the rejection is saved with it
    assert "#166534" in wb.status.value, wb.status.value
    assert (data_copy / f"memos/findings/{it.finding_id}.md").read_text("utf-8").endswith("Second line.\n")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_memo_changed_on_disk_shows_both_texts_and_the_coder_keeps_theirs_or_takes_the_files(
    data_copy, study, lang
):
    from studykit.coding import workbench

    memo = data_copy / f"memos/studies/{study}.md"
    memo.parent.mkdir(parents=True)
    memo.write_text(_memo("First."), encoding="utf-8")
    wb = workbench(study, data_copy, CODER, lang)
    box, conflicts = wb.memos.boxes["study"], wb.memos.conflicts
    box.value = "Mine."
    memo.write_text(_memo("Changed <elsewhere>."), encoding="utf-8")
    wb.view.selected = _coded(wb.session).key
    wb.editor.summary_en.value = "Summary typed with it."  # other unsaved work, which Reload would drop
    wb._save()
    said = html.unescape(wb.status.value)
    offer = {"en": "1 memo changed on disk", "id": "1 memo berubah di disk"}[lang]
    assert "#991b1b" in wb.status.value and offer in said, said
    assert list(conflicts.entries) == [("study", study)] and conflicts.box.children
    shown = _html(conflicts.box)
    assert "Mine." in shown and "Changed &lt;elsewhere&gt;." in shown and f"memos/studies/{study}.md" in shown
    assert ("Keep mine" if lang == "en" else "Pertahankan teks saya") in shown
    _button(conflicts.box, "sk-memo-keep").click()
    assert not conflicts.entries and not conflicts.box.children and box.value == "Mine."
    assert "#166534" in wb.status.value and f"memos/studies/{study}.md" in wb.status.value
    wb._save()
    assert "#166534" in wb.status.value, wb.status.value
    head, body = parse(memo.read_text("utf-8"), "memo")
    assert body.strip() == "Mine." and head.author == f"A. Analyst + {CODER}"
    assert wb.session.item(_coded(wb.session).key).summary_en == "Summary typed with it."
    box.value = "Mine again."
    memo.write_text(_memo("Theirs now."), encoding="utf-8")
    wb._save()
    _button(conflicts.box, "sk-memo-take").click()
    assert box.value == "Theirs now." and not wb.session.unsaved and not conflicts.entries
    taken = {"en": "the file's text is taken", "id": "teks berkas diambil"}[lang]
    assert taken in html.unescape(wb.status.value)
    memo.write_bytes(b"---\nauthor: A. Analyst\n---\n\xff not UTF-8\n")  # unreadable now: never overwritten
    box.value = "Over an unreadable file?"
    wb._save()
    keep = _button(conflicts.box, "sk-memo-keep")
    assert keep.disabled
    with pytest.raises(ValueError):
        wb.session.resolve_memo("study", study, keep=True)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_memo_conflict_left_pending_is_offered_again_when_the_cell_runs_again(data_copy, study, lang):
    from studykit.coding import workbench

    memo = data_copy / f"memos/studies/{study}.md"
    memo.parent.mkdir(parents=True)
    memo.write_text(_memo("First."), encoding="utf-8")
    wb = workbench(study, data_copy, CODER, lang)
    wb.memos.boxes["study"].value = "Mine."
    memo.write_text(_memo("Theirs."), encoding="utf-8")
    wb.tools.toggle.value = False  # rejected rows hidden meanwhile
    wb._save()
    assert list(wb.memos.conflicts.entries) == [("study", study)]
    wb.view.selected = _coded(wb.session).key
    wb.editor.summary_en.value = "Typed, not applied."
    again = workbench(study, data_copy, CODER, lang)  # Run All, the conflict not settled yet
    assert again.session is wb.session and not again.tools.toggle.value
    assert wb.session.item(_coded(wb.session).key).summary_en == "Typed, not applied."
    assert list(again.memos.conflicts.entries) == [("study", study)], "the conflict is no longer shown"
    shown = _html(again.memos.conflicts.box)
    assert "Mine." in shown and "Theirs." in shown
    offer = {"en": "1 memo changed on disk", "id": "1 memo berubah di disk"}[lang]
    assert offer in html.unescape(again.status.value), again.status.value
    _button(again.memos.conflicts.box, "sk-memo-keep").click()
    again._save()
    assert "#166534" in again.status.value, again.status.value
    assert parse(memo.read_text("utf-8"), "memo")[1].strip() == "Mine."


def _html(widget) -> str:
    """Every HTML text and button label below ``widget``."""
    own = getattr(widget, "value", "") if hasattr(widget, "value") and isinstance(widget.value, str) else ""
    own += getattr(widget, "description", "") or ""
    return own + "".join(_html(child) for child in getattr(widget, "children", ()))


def _button(widget, name: str):
    """The widget of class ``name`` below ``widget`` (None: there is none)."""
    if name in getattr(widget, "_dom_classes", ()):
        return widget
    found = (_button(child, name) for child in getattr(widget, "children", ()))
    return next((b for b in found if b is not None), None)


def _row(wb, key: str) -> dict:
    return next(r for r in wb.view.rows if r["key"] == key)


def test_a_memo_folder_linked_out_of_the_data_directory_is_never_written_through(data_copy, study, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (data_copy / "memos").mkdir()
    (data_copy / "memos/studies").symlink_to(outside)
    s = Session(study, data_copy, CODER)
    s.set_memo("study", study, "Where does this go?")
    result = s.save()
    assert not result.ok and result.problems[0].file == f"data/memos/studies/{study}.md"
    assert list(outside.iterdir()) == []


def test_a_row_on_a_theme_the_codebook_lacks_offers_no_theme_memo(data_copy, study):
    """A finding on a theme id the codebook lacks (typed by hand, a theme merged away): its theme memo box
    wrote memos/themes/T99.md, which validate refuses (hostile15); there is no theme memo to write."""
    from studykit.coding import workbench

    path = data_copy / f"studies/{study}.yaml"
    s = Session(study, data_copy, CODER)
    it = _coded(s)
    text = path.read_text(encoding="utf-8")
    at = text.index(f"finding_id: {it.finding_id}")
    line = text.index(f"theme_id: {it.theme_id}", at)
    path.write_text(text[:line] + "theme_id: T99" + text[line + len(f"theme_id: {it.theme_id}") :], "utf-8")
    wb = workbench(study, data_copy, CODER, "en")
    wb.view.selected = next(i for i in wb.session.items if i.finding_id == it.finding_id).key
    assert wb.memos.targets["theme"] is None and wb.memos.boxes["theme"].disabled
    with pytest.raises(ValueError):
        wb.session.set_memo("theme", "T99", "A theme of no codebook.")
    assert not (data_copy / "memos/themes/T99.md").exists()
