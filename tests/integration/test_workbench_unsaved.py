"""The workbench's record of unsaved work: written as the work changes, removed by Save and Reload from disk,
offered back (Restore, Discard) by the next session after a kernel that died; a record of a kernel still
running is named, not offered. A kernel that dies is a real process: it codes, then ends without saving
(``os._exit``: nothing cleaned up, as when a kernel is killed)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import yaml
from helpers import invoke_studykit

from studykit.coding import workbench
from studykit.coding.bench import Session
from studykit.corpus.digest import data_hash

STUDY = "bengkulu-samisake"
CODER = "unsaved-test"
KERNEL = """
import os, sys
from studykit.coding.bench import Session
s = Session(sys.argv[1], sys.argv[2], "killed-kernel")
exec(sys.argv[3])
os._exit(0)  # the kernel dies: nothing saved, nothing cleaned up
"""
# what the kernel that dies does: a suggestion accepted with its summaries, a finding made from a selection,
# a finding of the file edited, a metadata value typed, the study's memo written
CODING = """
key = s.next_pending()
s.accept(key)
s.edit(key, summary_en="Funds arrive late.", summary_id="Dana terlambat cair.")
at = s.text.index("kemiskinan")
s.create(at, at + len("kemiskinan"), "context", "T12", "Poverty.", "Kemiskinan.")
s.edit("bengkulu-samisake-01", summary_en="Edited before the kernel died.")
s.set_value("coded_by", "killed kernel coder")
s.set_memo("study", s.study_id, "Written before the kernel died.")
"""


def _records(data):
    return sorted(data.glob(".studykit-unsaved.*.json"))


def _kernel_dies(data, code: str = CODING) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KERNEL, STUDY, str(data), code], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _findings(data) -> dict:
    text = (data / f"studies/{STUDY}.yaml").read_text(encoding="utf-8")
    return {f["finding_id"]: f for f in yaml.safe_load(text)["findings"]}


def test_the_record_follows_the_unsaved_work_and_save_or_reload_removes_it(data_copy):
    s = Session(STUDY, data_copy, CODER)
    assert _records(data_copy) == []  # nothing unsaved: no record
    s.accept(s.next_pending())
    (record,) = _records(data_copy)
    assert record == s.record and len(json.loads(record.read_bytes())["rows"]) == 1  # on disk at once
    s.set_value("coded_by", "someone else")
    s.set_memo("study", STUDY, "A memo, typed.")
    held = json.loads(record.read_bytes())
    assert held["values"] == {"coded_by": "someone else"} and held["memos"][0]["body"] == "A memo, typed."
    assert s.save().ok and _records(data_copy) == []  # written to the study file: the record goes
    s.edit("bengkulu-samisake-01", summary_en="Changed, then dropped.")
    assert _records(data_copy)
    s.reload()  # Reload from disk drops the unsaved work: its record too
    assert _records(data_copy) == []


def test_work_of_a_kernel_that_died_is_restored_then_saved(data_copy):
    before = (data_copy / f"studies/{STUDY}.yaml").read_bytes()
    _kernel_dies(data_copy)
    assert len(_records(data_copy)) == 1
    assert (data_copy / f"studies/{STUDY}.yaml").read_bytes() == before  # the record is not the study file
    s = Session(STUDY, data_copy, CODER)
    (offered,), live, more = s.offers()
    assert live == [] and more == 0 and offered.coder == "killed-kernel"
    assert len(offered.work.items) == 3 and list(offered.work.values) == ["coded_by"]
    kept = s.restore(offered)
    assert kept.kept == 5 and kept.dropped == () and s.unsaved
    assert _records(data_copy) == [s.record]  # the dead kernel's record goes once this session's holds it
    assert (data_copy / f"studies/{STUDY}.yaml").read_bytes() == before  # nothing written until Save
    assert s.save().ok and _records(data_copy) == []
    findings = _findings(data_copy)
    assert findings["bengkulu-samisake-01"]["summary_en"] == "Edited before the kernel died."
    assert any(f["summary_en"] == "Funds arrive late." for f in findings.values())
    assert any(f["quote"] == "kemiskinan" for f in findings.values())
    memo = (data_copy / f"memos/studies/{STUDY}.md").read_text(encoding="utf-8")
    assert "Written before the kernel died." in memo
    assert "killed kernel coder" in (data_copy / f"studies/{STUDY}.yaml").read_text(encoding="utf-8")


def test_a_record_offered_in_two_tabs_is_restored_in_one(data_copy):
    """Two Lab tabs (two kernels) opening the study are both offered the dead kernel's record: the second
    Restore restored it again, the same work held twice, and one tab could not save it (hostile15)."""
    _kernel_dies(data_copy)
    a, b = Session(STUDY, data_copy, "tab-a"), Session(STUDY, data_copy, "tab-b")
    (for_a,), _, _ = a.offers()
    (for_b,), _, _ = b.offers()
    assert a.restore(for_a).kept == 5 and _records(data_copy) == [a.record]
    assert b.restore(for_b) is None and not b.unsaved and _records(data_copy) == [a.record]
    offered, (live,), _ = b.offers()
    assert offered == [] and live.path == a.record  # named, as another kernel coding the study
    assert a.save().ok and _records(data_copy) == []


def test_a_workbench_whose_offer_another_tab_took_says_so(data_copy):
    _kernel_dies(data_copy)
    first, second = (workbench(STUDY, data_copy, CODER, lang) for lang in ("en", "id"))
    first.recovery.box.children[0].children[1].children[0].click()  # Restore in the first tab
    second.recovery.box.children[0].children[1].children[0].click()  # then in the second
    assert "sudah tidak ada" in second.status.value and "tab atau kernel lain" in second.status.value
    assert not second.session.unsaved and first.session.unsaved
    assert "another tab or kernel" not in first.status.value


def test_a_record_edited_to_hold_another_study_s_memo_or_an_unknown_theme_s_writes_neither(data_copy):
    """A record of this study's unsaved work, edited by hand, wrote another study's memo and a memo on a
    theme the codebook lacks at Save (the corpus then invalid; hostile15): they are named, not restored."""
    _kernel_dies(data_copy)
    (record,) = _records(data_copy)
    value = json.loads(record.read_bytes())
    memo = value["memos"][0]
    value["memos"] += [
        {**memo, "level": "study", "target": "jambi-bantar", "body": "Another study's memo."},
        {**memo, "level": "theme", "target": "T99", "body": "A theme of no codebook."},
    ]
    record.write_text(json.dumps(value), encoding="utf-8")
    s = Session(STUDY, data_copy, CODER)
    (offered,), _, _ = s.offers()
    kept = s.restore(offered)
    assert kept.dropped == ("data/memos/studies/jambi-bantar.md", "data/memos/themes/T99.md")
    assert s.save().ok
    assert not (data_copy / "memos/themes/T99.md").exists()
    assert not (data_copy / "memos/studies/jambi-bantar.md").exists()
    assert "Written before the kernel died." in (data_copy / f"memos/studies/{STUDY}.md").read_text("utf-8")


def test_discard_removes_the_record_and_leaves_the_study_file(data_copy):
    before = (data_copy / f"studies/{STUDY}.yaml").read_bytes()
    _kernel_dies(data_copy)
    s = Session(STUDY, data_copy, CODER)
    (offered,), _, _ = s.offers()
    assert s.discard(offered) is None and _records(data_copy) == []
    assert (data_copy / f"studies/{STUDY}.yaml").read_bytes() == before and not s.unsaved
    assert Session(STUDY, data_copy, CODER).offers() == ([], [], 0)


def test_restoring_onto_a_file_changed_since_names_what_it_cannot_carry(data_copy):
    _kernel_dies(data_copy)
    path = data_copy / f"studies/{STUDY}.yaml"  # another program edits finding 01 after the kernel died
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Poverty is attributed to low welfare", "Another program's summary"), "utf-8"
    )
    s = Session(STUDY, data_copy, CODER)
    (offered,), _, _ = s.offers()
    kept = s.restore(offered)
    assert kept.dropped == ("bengkulu-samisake-01",) and kept.kept == 4  # its version stays, named
    assert "Another program's summary" in s.item("bengkulu-samisake-01").summary_en


def test_a_record_whose_work_the_file_holds_is_not_offered(data_copy):
    # the kernel saved, and died before its record was removed: everything in it is in the file
    _kernel_dies(
        data_copy,
        CODING + "import shutil\nshutil.copy(s.record, str(s.record) + '.keep')\ns.save()\n"
        "os.replace(str(s.record) + '.keep', s.record)\n",
    )
    assert len(_records(data_copy)) == 1
    assert Session(STUDY, data_copy, CODER).offers() == ([], [], 0)
    assert _records(data_copy) == []  # nothing of it was missing from the file


def test_a_kernel_still_coding_the_study_is_named_not_offered(data_copy):
    other = Session(STUDY, data_copy, "other-kernel")
    other.accept(other.next_pending())
    s = Session(STUDY, data_copy, CODER)
    offered, (live,), _ = s.offers()
    assert offered == [] and live.path == other.record
    s.accept(s.next_pending())  # each keeps a record of its own: neither writes over the other's
    assert set(_records(data_copy)) == {other.record, s.record}
    del other
    gc.collect()  # the other session is gone (its kernel died): its work is offered now
    (offered,), live, _ = s.offers()
    assert live == [] and offered.coder == "other-kernel"


def test_the_record_is_no_data_for_validate_the_reports_or_the_export(data_copy, tmp_path):
    hashed = data_hash(data_copy)
    said = invoke_studykit("validate", "--data", data_copy)
    _kernel_dies(data_copy)
    assert _records(data_copy) and data_hash(data_copy) == hashed  # reports are not stale because of it
    again = invoke_studykit("validate", "--data", data_copy)
    assert (again.returncode, again.stdout, again.stderr) == (said.returncode, said.stdout, said.stderr)
    exported = invoke_studykit("export", "--data", data_copy, "--out", tmp_path / "out")
    assert exported.returncode == 0 and "unsaved" not in exported.stdout + exported.stderr
    assert not any("unsaved" in p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.csv"))


def test_the_workbench_offers_restore_and_discard_in_its_language(data_copy):
    _kernel_dies(data_copy)
    wb = workbench(STUDY, data_copy, CODER, "id")
    offer = wb.recovery.box.children[0]
    text = offer.children[0].value
    assert "belum disimpan" in text and "killed-kernel" in text and "3 temuan diubah" in text
    restore, discard = offer.children[1].children
    assert (restore.description, discard.description) == ("Pulihkan", "Buang")
    restore.click()
    assert "dipulihkan" in wb.status.value and wb.recovery.box.children == ()
    assert any(it.summary_en == "Funds arrive late." for it in wb.session.items) and wb.session.unsaved
    wb.buttons["save"].click()
    assert _records(data_copy) == [] and "Funds arrive late." in str(_findings(data_copy))


def test_a_record_that_cannot_be_written_is_said_and_the_work_stays(data_copy, monkeypatch):
    monkeypatch.setenv("STUDYKIT_MAX_UNSAVED_BYTES", "100")
    wb = workbench(STUDY, data_copy, CODER, "en")
    wb._on_key(None, {"command": "accept"}, None)
    assert _records(data_copy) == [] and wb.session.unsaved
    assert "too large for its record" in wb.status.value and "Save soon" in wb.status.value


def test_a_record_that_does_not_fit_the_study_restores_what_fits_and_names_the_rest(data_copy):
    _kernel_dies(data_copy)
    (path,) = _records(data_copy)
    record = json.loads(path.read_bytes())
    made = next(row for row in record["rows"] if row["origin"] == "manual")
    made["start"], made["end"] = 10**9, 10**9 + 10  # a span the source text does not have
    record["values"]["no_such_field"] = {"nested": ["anything"]}  # no field of the form: passed over
    path.write_text(json.dumps(record), encoding="utf-8")
    s = Session(STUDY, data_copy, CODER)
    (offered,), _, _ = s.offers()
    kept = s.restore(offered)
    assert kept.dropped == (made["finding_id"],) and "no_such_field" not in s.values
    assert s.save().ok


def test_the_offer_names_only_what_the_record_holds(data_copy):
    """A record of one finding made is offered as that, not with *0 accepted or rejected, 0 metadata values
    and 0 memos* beside it (session 15's review of the offer in Chromium)."""
    import html

    other = Session(STUDY, data_copy, "other-kernel")
    at = other.text.index("kemiskinan")
    other.create(at, at + len("kemiskinan"), "context", "T12", "Poverty.", "Kemiskinan.")
    del other
    gc.collect()  # its kernel died: its record is offered
    for lang, held in (
        ("en", "It holds 1 finding changed (1 made from a selection). Restore"),
        ("id", "Isinya: 1 temuan diubah (1 dibuat dari pilihan teks). «Pulihkan»"),
    ):
        text = html.unescape(
            workbench(STUDY, data_copy, CODER, lang).recovery.box.children[0].children[0].value
        )
        assert held in text and " 0 " not in text, text
