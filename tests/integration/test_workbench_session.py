"""The workbench's logic without a browser: decisions, snapping, metadata, save and conflict rules, log."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import invoke_studykit

from studykit import load_corpus
from studykit.coding.bench import Session
from studykit.coding.bench.decisions import KEYS

CODER = "unit-test"


@pytest.fixture
def study(data_copy, corpus):
    return corpus.study_ids[0]


def test_accept_reject_create_are_saved_logged_and_validate(data_copy, study):
    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_text(encoding="utf-8")
    first = s.next_pending()
    accepted = s.accept(first)
    rejected = s.reject(s.next_pending(first))
    phrase = s.text.split()[5:9]
    at = s.text.index(" ".join(phrase))
    made = s.create(
        at + 2, at + len(" ".join(phrase)) - 1, "context", s.themes["theme_id"].iloc[0], "A sum.", "Ringkas."
    )
    assert made.moved and made.item.quote == " ".join(phrase)  # snapped to whole words, exactly the text
    result = s.save()
    assert result.ok and result.logged == 3, result.problems
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before[: before.index("findings:")])  # metadata, comments and order untouched
    written = {f["finding_id"]: f for f in yaml.safe_load(after)["findings"]}
    assert written[accepted.finding_id].get("review_status", "reviewed") == "reviewed"
    assert written[rejected.finding_id]["review_status"] == "rejected"
    assert written[made.item.finding_id]["quote"] == " ".join(phrase)
    lines = (data_copy / f"decisions/{study}.jsonl").read_text(encoding="utf-8").splitlines()
    log = [json.loads(line) for line in lines]
    assert [tuple(d) for d in log] == [KEYS] * 3
    assert [(d["action"], d["source"], d["coder"]) for d in log] == [
        ("accept", "suggestion", CODER),
        ("reject", "suggestion", CODER),
        ("create", "manual", CODER),
    ]
    assert log[0]["time"].endswith("Z") and log[0]["score"] is not None and log[2]["score"] is None
    assert invoke_studykit("validate", data_copy).returncode == 0
    corpus = load_corpus(data_copy)
    assert rejected.finding_id not in set(corpus.findings.query("review_status == 'reviewed'")["finding_id"])
    # never proposed again: reopened, the rejected quote is no pending suggestion
    again = Session(study, data_copy, CODER)
    pending = {(i.finding_type, i.theme_id, " ".join(i.quote.split())) for i in again.items if i.pending}
    assert (rejected.finding_type, rejected.theme_id, " ".join(rejected.quote.split())) not in pending


def test_an_invalid_change_is_refused_and_nothing_is_written(data_copy, study):
    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_bytes()
    key = next(i.key for i in s.items if i.origin == "file")
    s.edit(key, summary_en="x")  # too short for the schema
    s.set_value("admin_unit_type", "city")  # not an allowed value
    result = s.save()
    assert not result.ok and not result.conflict
    fields = {p.field for p in result.problems}
    assert "admin_unit_type" in fields and any(f.endswith("summary_en") for f in fields)
    assert path.read_bytes() == before and not (data_copy / f"decisions/{study}.jsonl").exists()


def test_a_file_changed_on_disk_is_not_overwritten_until_reloaded(data_copy, study):
    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    s.reject(s.next_pending())
    changed = path.read_text(encoding="utf-8") + "# another editor\n"
    path.write_text(changed, encoding="utf-8")
    result = s.save()
    assert result.conflict and not result.ok and "reload" in str(result.problems[0])
    assert path.read_text(encoding="utf-8") == changed
    s.reload()
    assert not any(i.status == "rejected" for i in s.items)  # the unsaved decision is gone
    s.reject(s.next_pending())
    assert s.save().ok and path.read_text(encoding="utf-8").count("# another editor") == 1


def test_metadata_suggestions_are_written_only_once_confirmed(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text("Implementasi Program Bantuan Pangan (BPNT) di Kota Malang. Dana terbatas.\n", "utf-8")
    assert invoke_studykit("new-study", source, "--id", "malang-bpnt", "--data", data_copy).returncode == 0
    s = Session("malang-bpnt", data_copy, CODER)
    assert (
        s.suggestion_value("admin_unit") == "Kota Malang" and s.suggestion_value("province") == "Jawa Timur"
    )
    assert s.values["admin_unit"] is None  # shown as a suggestion, not yet a value
    s.confirm("admin_unit")
    s.set_value("label", "Malang · BPNT")
    s.apply_record({"title": "Implementasi BPNT", "year": 2020})
    assert s.save().ok
    written = yaml.safe_load((data_copy / "studies/malang-bpnt.yaml").read_text(encoding="utf-8"))
    assert written["admin_unit"] == "Kota Malang" and written["label"] == "Malang · BPNT"
    assert written["province"] is None  # suggested but never confirmed
    assert written["source"]["title"] == "Implementasi BPNT" and written["source"]["year"] == 2020
    result = invoke_studykit("validate", data_copy)
    assert result.returncode == 0 and "draft data/studies/malang-bpnt.yaml" in result.stdout


def test_a_study_id_is_never_a_path(data_copy):
    with pytest.raises(ValueError, match="not a study id"):
        Session("../studies/x", data_copy, CODER)


def test_a_failed_write_is_a_problem_and_leaves_both_files_as_they_were(data_copy, study, monkeypatch):
    import os

    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    before = path.read_bytes()
    s.reject(s.next_pending())

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = s.save("id")
    assert not result.ok and not result.conflict
    assert "No space left on device" in result.problems[0].message
    assert "tidak dapat ditulis" in result.problems[0].message  # in the coder's language
    assert path.read_bytes() == before and not (data_copy / f"decisions/{study}.jsonl").exists()
    monkeypatch.undo()
    assert s.save().ok and (data_copy / f"decisions/{study}.jsonl").exists()  # the decision was kept
