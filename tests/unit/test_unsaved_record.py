"""The workbench's record of unsaved work on disk (``coding/bench/unsaved.py``): what it holds reads back, and
a damaged, cut, oversized, linked, foreign, copied or other-version record is said (both languages, the file
and what to do), never a traceback, never removed unasked; the record is no data."""

from __future__ import annotations

import functools
import json
import os
from types import SimpleNamespace

import pytest

from studykit.coding.bench import labels
from studykit.coding.bench.item import Item
from studykit.coding.bench.rebase import Held
from studykit.coding.bench.unsaved import Record, Unusable, encode, read, record_path, unusable_text
from studykit.corpus.digest import data_hash, tree_files
from studykit.files import is_stray, sweep

STUDY = "kota-contoh"


def _work() -> Held:
    made = Item(
        "m1", "kota-contoh-03", "barrier", "T04", "dana terbatas", 10, 23, "reviewed", "manual", "F.", "D."
    )
    made.changed, made.time = 1, "2026-12-07T08:00:00Z"
    return Held([made], {"coded_by": "A. Analyst"}, {"coded_by": None}, set(), [])


def _record(data, **changes):
    """A record as a session of this data directory writes it, its JSON changed by ``changes``."""
    session = SimpleNamespace(study_id=STUDY, data_dir=data, coder="analyst")
    value = json.loads(encode(session, _work(), "2026-12-07T08:01:00Z"))
    value.update(changes)
    path = record_path(data, STUDY, "0123abcd")
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def _read(data, path):
    return read(path, path.name, data, STUDY)[1]


def _said(found: Unusable) -> tuple[str, str]:
    en, id_ = (functools.partial(_t, lang=lang) for lang in ("en", "id"))
    return unusable_text(en, found), unusable_text(id_, found)


def _t(key: str, lang: str, **values) -> str:
    return labels.t(key, lang, **values)


def test_a_record_reads_back_as_the_work_it_holds(tmp_path):
    found = _read(tmp_path, _record(tmp_path))
    assert isinstance(found, Record) and found.coder == "analyst" and found.written == "2026-12-07T08:01:00Z"
    (it,) = found.work.items
    assert (it.finding_id, it.quote, it.start, it.end, it.origin) == (
        "kota-contoh-03",
        "dana terbatas",
        10,
        23,
        "manual",
    )
    assert found.work.values == {"coded_by": "A. Analyst"} and found.pid == os.getpid()


@pytest.mark.parametrize(
    "spoil, why",
    [
        (lambda p: p.write_bytes(p.read_bytes()[:200]), "damaged"),  # cut short (a full disk, a crash)
        (lambda p: p.write_bytes(b"[" * 100_000), "damaged"),  # nested too deep for the parser
        (lambda p: p.write_bytes(b"\xff\xfe not json"), "damaged"),
        (lambda p: p.write_text('{"rows": []}'), "foreign"),  # JSON, but no record studykit wrote
        (lambda p: p.write_text(p.read_text().replace('"format": 1', '"format": 99')), "other_version"),
        (
            lambda p: p.write_text(p.read_text().replace('"status": "reviewed"', '"status": "eval"')),
            "damaged",
        ),
        (
            lambda p: p.write_text(p.read_text().replace('"key": "m1"', '"key": "m1", "run": "rm -rf /"')),
            "damaged",
        ),
        (lambda p: p.write_text(p.read_text().replace('"quote": "dana terbatas"', '"quote": 5')), "damaged"),
    ],
)
def test_a_spoilt_record_is_said_in_both_languages(tmp_path, spoil, why):
    path = _record(tmp_path)
    spoil(path)
    found = _read(tmp_path, path)
    assert isinstance(found, Unusable) and found.why == why
    en, id_ = _said(found)
    assert path.name in en and path.name in id_ and en != id_ and "Discard" in en + " Buang" and path.exists()


@pytest.mark.parametrize(
    "old, new, where",
    [
        ('"summary_en": "F."', '"summary_en": "F.\\ud800"', "rows.0.summary_en: U+D800"),
        ('"coded_by": "A. Analyst"', '"coded_by": "A. \\udfff Analyst"', "values.coded_by: U+DFFF"),
        ('"values": {', '"values": {"\\udc80": 1, ', "(values: U+DC80)"),  # a key
    ],
)
def test_half_a_character_is_said_where_it_is_not_restored_to_fail_on_save(tmp_path, old, new, where):
    """A lone surrogate (``\\ud800`` typed into the JSON): restored, the next write of the record raised
    UnicodeEncodeError under the Restore button (hostile15). It is damaged, said with where it is."""
    path = _record(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    found = _read(tmp_path, path)
    assert isinstance(found, Unusable) and found.why == "damaged"
    en, id_ = _said(found)
    assert where in en and where in id_ and en != id_ and path.exists()


def test_a_record_of_another_studykit_with_a_field_this_one_lacks_is_said_as_its_version(tmp_path):
    """A newer studykit's record of the same format with a field of its own was said to be damaged, to copy
    from by hand (hostile15); it is said as another version's, to Restore with that studykit."""
    path = _record(tmp_path)
    value = json.loads(path.read_text(encoding="utf-8"))
    value["studykit"], value["rows"][0]["colour"] = "99.1", "red"
    path.write_text(json.dumps(value), encoding="utf-8")
    found = _read(tmp_path, path)
    assert isinstance(found, Unusable) and found.why == "other_version"
    en, id_ = _said(found)
    assert "studykit 99.1" in en and "studykit 99.1" in id_


def test_a_memo_target_that_is_a_path_is_refused(tmp_path):
    memo = {
        "level": "finding",
        "target": "../../etc/passwd",
        "opened_hash": None,
        "field_body": "",
        "body": "x",
    }
    found = _read(tmp_path, _record(tmp_path, memos=[memo]))
    assert isinstance(found, Unusable) and found.why == "damaged" and "memos.0.target" in _said(found)[0]


def test_an_oversized_record_is_not_read_past_its_cap(tmp_path, monkeypatch):
    path = _record(tmp_path)
    monkeypatch.setenv("STUDYKIT_MAX_UNSAVED_BYTES", "100")
    found = _read(tmp_path, path)
    assert isinstance(found, Unusable) and found.why == "too_big"
    assert "STUDYKIT_MAX_UNSAVED_BYTES" in _said(found)[0] and "100" in _said(found)[1]


def test_a_linked_record_is_not_followed_nor_a_pipe_read(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text(_record(tmp_path).read_text())
    link = record_path(tmp_path, STUDY, "0123abcd")
    link.unlink()
    link.symlink_to(secret)
    found = _read(tmp_path, link)
    assert isinstance(found, Unusable) and found.why == "link"
    link.unlink()
    os.mkfifo(link)  # a pipe in a record's place: never waited on
    assert _read(tmp_path, link).why == "not_a_file"


def test_a_record_copied_from_another_data_folder_or_study_is_not_restored(tmp_path):
    elsewhere = _record(tmp_path, data_dir=str(tmp_path / "other-data"))
    found = _read(tmp_path, elsewhere)
    assert isinstance(found, Unusable) and found.why == "elsewhere" and "other-data" in _said(found)[0]
    found = _read(tmp_path, _record(tmp_path, study_id="kota-lain"))
    assert found.why == "elsewhere"


def test_the_record_is_no_data_and_no_stray_to_sweep(tmp_path):
    (tmp_path / "studies").mkdir()
    (tmp_path / "studies" / f"{STUDY}.yaml").write_text("findings: []\n")
    hashed = data_hash(tmp_path)
    path = _record(tmp_path)
    assert is_stray(path) and path not in tree_files(tmp_path) and data_hash(tmp_path) == hashed
    assert sweep(tmp_path) == [] and path.exists()  # not a writer's temporary file: kept for the next session
