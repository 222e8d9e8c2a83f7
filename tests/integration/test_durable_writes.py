"""Nothing is lost or half-written when a write fails in the real world: the process killed in the middle of
a save, another program writing the same study file meanwhile, a read-only study file, a decision log
whose last line a crash cut. Every failure is simulated deterministically (a hook, never a timer)."""

from __future__ import annotations

import html
import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest
import yaml
from helpers import invoke_studykit

from studykit.coding import studyfile
from studykit.coding.bench import Session
from studykit.corpus.digest import data_hash

CODER = "unit-test"

# the process killed at the n-th call of os.<point> once `kill_at(point, nth)` ran
KILL_AT = textwrap.dedent(
    """
    import os, signal, sys
    def kill_at(point, nth):
        calls, real = [0], getattr(os, point)
        def hooked(*args, **kwargs):
            calls[0] += 1
            if calls[0] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        setattr(os, point, hooked)
    """
)
# a save (study file, decision log, study memo) killed at the n-th call of os.<point>
KILLED_SAVE = KILL_AT + textwrap.dedent(
    """
    from studykit.coding.bench import Session
    data, study, point, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    s = Session(study, data, "killed")
    s.reject(s.next_pending())
    s.set_memo("study", study, "A memo typed before the crash")
    kill_at(point, nth)
    s.save()
    """
)


@pytest.fixture
def study(data_copy, corpus):
    return corpus.study_ids[0]


def _state(data_copy, study):
    """What a new session finds: the rejected findings of the file, the log's finding ids, the memo, and any
    file a writer left behind (the killed session's record of unsaved work once the workbench looked at it:
    removed when the save went through, else offered)."""
    s = Session(study, data_copy, CODER)  # opening it finishes a save cut short
    s.offers()
    log = data_copy / f"decisions/{study}.jsonl"
    logged = (
        [json.loads(line)["finding_id"] for line in log.read_text("utf-8").splitlines()]
        if log.exists()
        else []
    )
    rejected = [it.finding_id for it in s.items if it.status == "rejected"]
    memo = (data_copy / f"memos/studies/{study}.md").exists()
    left = sorted(str(p.relative_to(data_copy)) for p in data_copy.rglob(".*"))
    return rejected, logged, memo, left


@pytest.mark.parametrize("point, nth", [("fsync", 4), ("fsync", 5), ("link", 2), ("link", 3), ("replace", 2)])
def test_a_save_killed_midway_is_all_or_nothing_once_the_study_is_opened_again(data_copy, study, point, nth):
    before_rejected = _state(data_copy, study)[0]
    run = subprocess.run(
        [sys.executable, "-c", KILLED_SAVE, str(data_copy), study, point, str(nth)], capture_output=True
    )
    assert run.returncode == -9, run.stderr.decode()  # killed in the middle, as the hook meant
    rejected, logged, memo, left = _state(data_copy, study)
    saved = len(rejected) > len(before_rejected)
    # no temporary file, backup or journal stays in data/; the record of the work stays only if not saved
    assert [name for name in left if not name.startswith(".studykit-unsaved.")] == []
    assert len(left) == (0 if saved else 1)
    assert memo == saved and (set(rejected) - set(before_rejected)) == set(logged)  # the three, or none
    assert invoke_studykit("validate", "--data", data_copy).returncode == 0


def test_a_temporary_file_of_a_save_under_way_is_no_memo_and_no_input(data_copy):
    before = data_hash(data_copy)
    (data_copy / "memos" / "studies").mkdir(parents=True, exist_ok=True)
    (data_copy / "memos/studies" / f".x.md.{os.getpid()}-0123abcd.tmp").write_text("half a me", "utf-8")
    assert data_hash(data_copy) == before
    assert invoke_studykit("validate", "--data", data_copy).returncode == 0


@pytest.mark.parametrize(
    "lang, said", [("en", "line 1 cannot be read"), ("id", "baris 1 tidak dapat dibaca")]
)
def test_a_cut_last_line_of_the_log_is_said_and_does_not_swallow_the_next_decision(
    data_copy, study, lang, said
):
    from studykit.coding import workbench

    log = data_copy / f"decisions/{study}.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text('{"time": "2026-01-01T00:00:00Z", "coder": "x", "action": "acc', "utf-8")  # cut by a crash
    wb = workbench(study, data_copy, CODER, lang)  # the cut line is passed over and said, not fatal
    assert f"decisions/{study}.jsonl: {said}" in html.unescape(wb.status.value)
    s = wb.session
    s.reject(s.next_pending())
    assert s.save().ok
    lines = log.read_text("utf-8").splitlines()
    assert lines[0].endswith('"acc') and json.loads(lines[1])["action"] == "reject"


def test_a_study_file_written_by_another_program_during_a_save_is_not_overwritten(
    data_copy, study, monkeypatch
):
    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    s.reject(s.next_pending())
    other = path.read_text("utf-8") + "# saved by another workbench\n"
    checked = Session.changed_on_disk

    def then_written(self):  # the check passes, then another writer saves before the rename
        answer = checked(self)
        path.write_text(other, "utf-8")
        return answer

    monkeypatch.setattr(Session, "changed_on_disk", then_written)
    result = s.save("id")
    assert not result.ok and result.conflict and "berubah di disk" in result.problems[0].text("id")
    assert path.read_text("utf-8") == other and not (data_copy / f"decisions/{study}.jsonl").exists()
    assert s.unsaved  # what was decided stays in the session


def test_suggest_write_never_overwrites_a_save_made_while_it_ran(data_copy, study, monkeypatch):
    path = data_copy / f"studies/{study}.yaml"
    other = path.read_text("utf-8") + "# saved by the workbench meanwhile\n"
    checks = studyfile.stated_finding_problems

    def meanwhile(*args, **kwargs):
        path.write_text(other, "utf-8")
        return checks(*args, **kwargs)

    monkeypatch.setattr(studyfile, "stated_finding_problems", meanwhile)
    done = invoke_studykit("suggest", study, "--write", "--data", data_copy)
    assert done.returncode != 0 and "changed on disk while studykit was writing it" in done.stderr
    assert path.read_text("utf-8") == other


def test_publish_refuses_a_file_whose_bytes_are_not_those_read(tmp_path):
    import hashlib

    from studykit.coding.publish import ChangedOnDisk, publish

    target = tmp_path / "studies" / "a.yaml"
    target.parent.mkdir()
    target.write_text("read: 1\n", "utf-8")
    base = {target: hashlib.sha256(b"read: 1\n").hexdigest()}
    target.write_text("other: 2\n", "utf-8")
    with pytest.raises(ChangedOnDisk):
        publish({}, {target: "mine: 3\n"}, base=base, root=tmp_path)
    assert target.read_text("utf-8") == "other: 2\n" and sorted(tmp_path.rglob(".*")) == []


def test_a_study_file_with_a_byte_order_mark_is_not_taken_for_one_changed_on_disk(data_copy, study):
    """The text read drops the mark, the file's bytes keep it: hashing the text refused every write to it."""
    path = data_copy / f"studies/{study}.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    done = invoke_studykit("suggest", study, "--data", data_copy, "--write", "--min-score", "0.1")
    assert done.returncode == 0 and "changed on disk" not in done.stdout + done.stderr, done.stderr


def test_a_read_only_study_file_is_never_replaced(data_copy, study):
    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_bytes()
    s.reject(s.next_pending())
    path.chmod(0o444)
    result = s.save()
    assert (
        not result.ok
        and "read-only" in result.problems[0].message
        and "chmod u+w" in result.problems[0].message
    )
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    path.chmod(0o644)
    assert s.save().ok  # made writable, the same session saves what it held


@pytest.mark.parametrize("lang, said", [("en", "nothing was written"), ("id", "tidak ada yang ditulis")])
def test_a_full_disk_names_the_file_not_written_in_the_commands_language(
    data_copy, study, monkeypatch, lang, said
):
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_bytes()

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    done = invoke_studykit("suggest", study, "--write", "--data", data_copy, "--lang", lang)
    assert done.returncode == 1 and f"studies/{study}.yaml" in done.stderr and said in done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert path.read_bytes() == before and sorted(data_copy.rglob(".*")) == []


def test_a_journal_made_by_hand_moves_nothing_outside_its_data_directory(tmp_path):
    from studykit.coding.publish import recover

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    pid = int(dead.stdout)
    data, outside = tmp_path / "data", tmp_path / "outside.txt"
    (data / "studies").mkdir(parents=True)
    outside.write_text("mine", "utf-8")
    temp = data / "studies" / f".outside.txt.{pid}-0123abcd.tmp"
    temp.write_text("replaced", "utf-8")
    entries = [
        {"target": str(outside), "temp": f"studies/{temp.name}", "old": sha_of("mine")},
        {"target": "../outside.txt", "temp": f"studies/{temp.name}", "old": sha_of("mine")},
    ]
    (data / f".studykit-publish.{pid}.json").write_text(json.dumps(entries), "utf-8")
    assert recover(data) == []
    assert outside.read_text("utf-8") == "mine" and sorted(data.rglob(".*")) == []


def sha_of(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("existing", [False, True])
def test_a_memo_written_by_another_workbench_during_a_save_is_kept(data_copy, study, monkeypatch, existing):
    memo = data_copy / f"memos/studies/{study}.md"
    if existing:
        first = Session(study, data_copy, "first")
        first.set_memo("study", study, "The first coder's memo.")
        assert first.save().ok
    s = Session(study, data_copy, CODER)
    s.set_memo("study", study, "My memo, typed in this workbench.")
    checked = Session.memo_conflicts
    other = "---\nauthor: other\ndate: 2026-01-02\n---\nA memo saved by another workbench meanwhile.\n"

    def then_written(self):  # the check passes, then another workbench saves the memo before the rename
        answer = checked(self)
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(other, "utf-8")
        return answer

    monkeypatch.setattr(Session, "memo_conflicts", then_written)
    result = s.save()
    assert not result.ok and result.conflict
    assert memo.read_text("utf-8") == other and s.memo("study", study).body.startswith("My memo")


def test_a_record_upload_on_a_full_disk_is_said_in_the_coders_language(data_copy, study, monkeypatch):
    from pathlib import Path

    from studykit.coding import workbench

    wb = workbench(study, data_copy, CODER, "id")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    wb.bib.load([{"name": "record.ris", "content": b"TY  - THES\nTI  - Evaluasi\nER  - \n"}])
    status = html.unescape(wb.status.value)
    assert "tidak dapat ditulis (No space left on device)" in status and "ruang kosong" in status, status


def _conflicted(data_copy, study, same: bool):
    """Session A holds a rejection, an edit of finding 01, a note and a study memo, unsaved; session B
    (another kernel) edits finding 01 (``same``) or 02 and saves first."""
    a, b = Session(study, data_copy, "coder-a"), Session(study, data_copy, "coder-b")
    rejected = a.item(a.next_pending()).proposed_quote
    a.reject(a.next_pending())
    a.edit(f"{study}-01", summary_en="A's summary of the first finding.")
    a.set_value("note", "A's note.")
    a.set_memo("study", study, "A's memo.")
    b.edit(f"{study}-01" if same else f"{study}-02", summary_en="B's summary, saved first.")
    assert b.save().ok
    assert a.save().conflict
    return a, rejected


def test_reload_keeping_my_changes_carries_them_onto_what_another_workbench_saved(data_copy, study):
    from studykit.coding.bench.rebase import reload_keeping

    a, rejected = _conflicted(data_copy, study, same=False)
    kept = reload_keeping(a)
    assert kept.dropped == () and kept.kept == 4
    assert a.save().ok
    saved = {
        f["finding_id"]: f
        for f in yaml.safe_load((data_copy / f"studies/{study}.yaml").read_text("utf-8"))["findings"]
    }
    assert saved[f"{study}-01"]["summary_en"] == "A's summary of the first finding."
    assert saved[f"{study}-02"]["summary_en"] == "B's summary, saved first."  # the other save is kept
    assert any(f.get("review_status") == "rejected" and f["quote"] == rejected[0] for f in saved.values())
    assert "A's memo." in (data_copy / f"memos/studies/{study}.md").read_text("utf-8")


def test_reload_keeping_my_changes_never_overwrites_a_finding_the_other_changed_too(data_copy, study):
    from studykit.coding.bench.rebase import reload_keeping

    a, _ = _conflicted(data_copy, study, same=True)
    kept = reload_keeping(a)
    assert kept.dropped == (f"{study}-01",) and kept.kept == 3  # named, so the coder can redo it
    assert a.save().ok
    saved = {
        f["finding_id"]: f
        for f in yaml.safe_load((data_copy / f"studies/{study}.yaml").read_text("utf-8"))["findings"]
    }
    assert saved[f"{study}-01"]["summary_en"] == "B's summary, saved first."


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_workbench_offers_to_reload_keeping_the_changes_after_a_conflict(data_copy, study, lang):
    from studykit.coding import workbench

    wb = workbench(study, data_copy, "coder-a", lang)
    wb.session.edit(f"{study}-01", summary_en="A's summary.")
    wb.session.edit(f"{study}-03", summary_en="A's other summary.")
    other = Session(study, data_copy, "coder-b")
    other.edit(f"{study}-01", summary_en="B's summary, saved first.")
    assert other.save().ok
    wb._save()
    said = {"en": "Reload, keeping my changes", "id": "Muat ulang, pertahankan perubahan saya"}[lang]
    assert said in html.unescape(wb.status.value)
    wb._reload(keeping=True)
    status = html.unescape(wb.status.value)
    kept = {
        "en": "carried onto it (1 kept)",
        "id": "dibawa ke berkas itu (1 tetap ada)",
    }
    assert kept[lang] in status and f"{study}-01" in status, status
    assert wb.session.item(f"{study}-03").summary_en == "A's other summary." and wb.session.unsaved


KILLED_COMMAND = KILL_AT + textwrap.dedent(
    """
    kill_at(sys.argv[1], int(sys.argv[2]))
    from studykit.cli import cli
    cli(sys.argv[3:])
    """
)


@pytest.mark.parametrize("point", ["rename", "link"])  # the second file moved (before) or linked (now)
def test_second_coding_add_killed_midway_leaves_the_study_whole_or_absent_in_bs_folder(data_copy, point):
    from studykit.corpus.load import validate_corpus

    first, second = sorted(p.stem for p in (data_copy / "studies").glob("*.yaml"))[:2]
    b = data_copy.parent / "b"
    assert invoke_studykit("second-coding", "--data", data_copy, "--out", b, first).returncode == 0
    args = ["second-coding", "--data", str(data_copy), "--out", str(b), "--add", second]
    run = subprocess.run([sys.executable, "-c", KILLED_COMMAND, point, "2", *args], capture_output=True)
    assert run.returncode in (0, -9), run.stderr.decode()  # killed with one file in place, if it moves two
    Session(first, b, "coder-b")  # B opens the workbench: the addition cut short is finished
    has = {(b / f"studies/{second}.yaml").is_file(), any((b / "sources").glob(f"{second}*"))}
    assert len(has) == 1 and sorted(b.rglob(".*")) == []  # its study file and source, or neither
    merged, problems = validate_corpus(b, include_drafts=True)
    assert merged is not None and problems == []
