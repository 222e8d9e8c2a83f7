"""The workbench's logic without a browser: decisions, snapping, metadata, save and conflict rules, log."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import invoke_studykit

from studykit import load_corpus
from studykit.coding.bench import Session
from studykit.coding.bench.decisions import KEYS
from studykit.coding.publish import CodingError

CODER = "unit-test"


@pytest.fixture
def study(data_copy, corpus):
    return corpus.study_ids[0]


@pytest.fixture
def to_code(data_copy, tmp_path):
    """A study still to code, from our own sentences: many suggestions, none decided."""
    source = tmp_path / "abstrak.txt"
    source.write_text(
        "Implementasi Program Bantuan Usaha di Kota Malang\n\n"
        "Hasil penelitian menunjukkan bahwa implementasi program belum berjalan optimal. "
        "Dana operasional sangat terbatas dan pencairan dana sering terlambat. "
        "Koordinasi antar dinas masih lemah. Jumlah pendamping tidak sebanding dengan jumlah penerima. "
        "Komitmen lurah dan tokoh masyarakat cukup tinggi. Partisipasi warga dalam rapat kelurahan rendah. "
        "Data penerima tidak diperbarui sehingga banyak keluarga miskin tidak menerima bantuan. "
        "Disarankan agar pemerintah kota menambah jumlah pendamping.\n",
        "utf-8",
    )
    assert invoke_studykit("new-study", source, "--id", "malang-usaha", "--data", data_copy).returncode == 0
    return "malang-usaha"


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
    assert [tuple(d) for d in log] == [(*KEYS, "suggestions_shown")] * 3  # shown: the session showed them
    assert all(d["suggestions_shown"] is True for d in log)
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
    # the admin_unit confirmed brings its type and province from the gazetteer; the rest waits
    assert (written["admin_unit_type"], written["province"]) == ("kota", "Jawa Timur")
    assert written["programme_acronym"] is None and written["level"] is None  # suggested, never confirmed
    assert written["source"]["title"] == "Implementasi BPNT" and written["source"]["year"] == 2020
    result = invoke_studykit("validate", data_copy)
    assert result.returncode == 0 and f"draft {data_copy}/studies/malang-bpnt.yaml" in result.stdout


def test_an_admin_unit_brings_its_type_and_province_and_save_checks_them_as_validate(data_copy, tmp_path):
    """The analyst types another kota/kabupaten than the text suggested: its type and province follow from
    the gazetteer, over the text's suggestions; a province chosen against it, or a name the gazetteer does
    not know, is refused by Save as by validate (with the names it may mean), in the coder's language."""
    source = tmp_path / "abstrak.txt"
    source.write_text("Implementasi Program Bantuan Pangan (BPNT) di Kota Malang. Dana terbatas.\n", "utf-8")
    assert invoke_studykit("new-study", source, "--id", "malang-bpnt", "--data", data_copy).returncode == 0
    s = Session("malang-bpnt", data_copy, CODER)
    assert s.suggestion_value("admin_unit_type") == "kota" and len(s.admin_units()) == 514
    s.set_value("admin_unit", "Kabupaten Malang")
    assert (s.values["admin_unit_type"], s.values["province"]) == ("kabupaten", "Jawa Timur")
    assert s.from_gazetteer == {"admin_unit_type", "province"}
    s.set_value("admin_unit", "Kabupaten Sleman")
    assert s.values["province"] == "DI Yogyakarta"
    s.set_value("province", "Jawa Tengah")  # chosen by hand, against the gazetteer
    assert s.from_gazetteer == {"admin_unit_type"}
    refused = s.save("id")
    assert not refused.ok and [p.field for p in refused.problems] == ["province"]
    assert "Kabupaten Sleman terletak di DI Yogyakarta" in refused.problems[0].message
    s.set_value("admin_unit", "Kabupaten Slemann")  # not in the gazetteer: type and province stay
    assert s.values["province"] == "Jawa Tengah"
    refused = s.save()
    assert [p.field for p in refused.problems] == ["admin_unit"]
    assert "did you mean 'Kabupaten Sleman'" in refused.problems[0].message
    s.set_value("admin_unit", "Kabupaten Sleman")
    assert s.save().ok
    written = yaml.safe_load((data_copy / "studies/malang-bpnt.yaml").read_text(encoding="utf-8"))
    assert (written["admin_unit"], written["admin_unit_type"], written["province"]) == (
        "Kabupaten Sleman",
        "kabupaten",
        "DI Yogyakarta",
    )
    assert invoke_studykit("validate", data_copy).returncode == 0


def test_the_form_reads_an_admin_unit_by_validates_rule_and_says_at_once_what_it_may_mean(
    data_copy, tmp_path
):
    """A name that is both a kota and a kabupaten typed in lower case is no row of the gazetteer (validate
    refuses it): the row of the unit chosen before does not stay as "from the gazetteer", and the form says
    at once what validate will say; the official name brings its own row, written as the gazetteer writes
    it."""
    source = tmp_path / "abstrak.txt"
    source.write_text("Kajian program bantuan di Kabupaten Kediri. Dana terbatas.\n", "utf-8")
    assert invoke_studykit("new-study", source, "--id", "kediri-bantuan", "--data", data_copy).returncode == 0
    s = Session("kediri-bantuan", data_copy, CODER)
    assert s.admin_unit_hint is None
    s.set_value("admin_unit", "Kabupaten Kediri")
    assert (s.values["admin_unit_type"], s.admin_unit_hint) == ("kabupaten", None)
    s.set_value("admin_unit", "kota kediri")
    assert s.from_gazetteer == set() and s.values["admin_unit_type"] is None and s.values["province"] is None
    hint = s.admin_unit_hint
    assert hint is not None and hint.key == "problem.unknown_admin_unit"
    assert (
        hint.values["close"].values["ids"].startswith("'Kota Kediri', 'Kabupaten Kediri'")
    )  # its type first
    refused = s.save()
    assert [p.field for p in refused.problems] == ["admin_unit"]
    assert "did you mean 'Kota Kediri'" in refused.problems[0].message
    s.set_value("admin_unit", "  Kota Kediri ")
    assert (s.values["admin_unit"], s.values["admin_unit_type"], s.values["province"]) == (
        "Kota Kediri",
        "kota",
        "Jawa Timur",
    )
    assert s.admin_unit_hint is None and s.save().ok
    written = yaml.safe_load((data_copy / "studies/kediri-bantuan.yaml").read_text(encoding="utf-8"))
    assert (written["admin_unit"], written["admin_unit_type"]) == ("Kota Kediri", "kota")


def test_a_study_id_is_never_a_path(data_copy):
    with pytest.raises(ValueError, match="not a study id"):
        Session("../studies/x", data_copy, CODER)
    with pytest.raises(ValueError, match="bukan kode studi"):
        Session("../studies/x", data_copy, CODER, "id")


@pytest.mark.parametrize(
    "lang, said", [("en", "no study 'kota-x' in this data"), ("id", "tidak ada studi 'kota-x'")]
)
def test_a_study_that_is_not_there_is_said_in_the_coders_language(data_copy, lang, said):
    with pytest.raises(CodingError) as refused:
        Session("kota-x", data_copy, CODER, lang)
    assert str(refused.value).startswith("data/studies/kota-x.yaml: study_id: " + said), str(refused.value)


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


def test_save_refuses_what_validate_refuses_in_a_draft_too(data_copy, tmp_path):
    """Save and `validate` run one check: every quote (the outcome's too) must be in the source, draft or
    not; Save never calls a study complete or a draft that `validate` refuses."""
    from studykit.coding import studyfile
    from studykit.coding.metafill import put
    from studykit.corpus.load import validate_corpus

    source = tmp_path / "abstrak.txt"
    source.write_text("Implementasi Program Bantuan Pangan (BPNT) di Kota Malang. Dana terbatas.\n", "utf-8")
    assert invoke_studykit("new-study", source, "--id", "malang-bpnt", "--data", data_copy).returncode == 0
    path = data_copy / "studies/malang-bpnt.yaml"
    document = studyfile.load(path.read_text(encoding="utf-8"))  # a draft, edited by hand
    put(document, ("implementation_outcome", "rating"), "poor")
    put(document, ("implementation_outcome", "quote"), "The programme failed completely")  # not in the text
    finding = {"finding_id": "malang-bpnt-01", "finding_type": "barrier", "theme_id": "T04"}
    finding.update(summary_en=None, summary_id=None)  # still to write: a draft
    studyfile.set_findings(
        document, [{**finding, "quote": "Dana sangat terbatas", "review_status": "reviewed"}]
    )
    path.write_text(studyfile.dump(document), encoding="utf-8")
    _, problems = validate_corpus(data_copy)
    by_validate = {p.field for p in problems if p.file.endswith("malang-bpnt.yaml")}
    assert by_validate == {"implementation_outcome.quote", "findings.0.quote"}
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode != 0 and f"draft {data_copy}/studies/malang-bpnt.yaml" not in result.stdout
    s = Session("malang-bpnt", data_copy, CODER)
    before = path.read_bytes()
    saved = s.save()
    assert not saved.ok and {p.field for p in saved.problems} == by_validate
    assert path.read_bytes() == before
    # a complete study: an outcome quote not in the source is refused by Save as by validate
    complete = Session("bengkulu-samisake", data_copy, CODER)
    complete.set_value("implementation_outcome.quote", "implementasi program berjalan dengan sangat baik")
    refused = complete.save("id")
    assert not refused.ok and [p.field for p in refused.problems] == ["implementation_outcome.quote"]
    assert "tidak ditemukan" in refused.problems[0].message  # in the coder's language


def _log(data_copy, study):
    path = data_copy / f"decisions/{study}.jsonl"
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def test_the_log_says_exactly_what_save_wrote(data_copy, to_code):
    study = to_code
    s = Session(study, data_copy, CODER)
    path = data_copy / f"studies/{study}.yaml"
    left, accepted, dropped, corrected, turned_down = [it.key for it in s.items if it.pending][:5]
    suggested = (s.item(corrected).finding_type, s.item(corrected).theme_id)
    themes = [t for t in s.themes["theme_id"] if t not in (suggested[1], s.item(turned_down).theme_id)]
    proposal = (s.item(turned_down).finding_type, s.item(turned_down).theme_id)
    s.edit(left, finding_type="enabler", theme_id=themes[0])  # changed, not decided: nothing to write or log
    s.accept(accepted)
    s.accept(accepted)  # `a` again on a reviewed finding: no second accept
    dropped_id = s.accept(dropped).finding_id
    s.delete(dropped)  # accepted, then deleted: never written, so never logged
    s.edit(corrected, finding_type="effort", theme_id=themes[1])
    s.accept(corrected)  # accepted as corrected: the log names what was suggested
    s.edit(turned_down, theme_id=themes[2])
    s.reject(turned_down)  # what is turned down is the suggestion as it was made
    assert (s.item(turned_down).finding_type, s.item(turned_down).theme_id) == proposal
    result = s.save()
    assert result.ok and result.logged == 3, result.problems
    log = _log(data_copy, study)
    written = {f["finding_id"]: f for f in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]}
    assert [(d["action"], d["finding_id"]) for d in log] == [
        ("accept", s.item(accepted).finding_id),
        ("accept", s.item(corrected).finding_id),
        ("reject", s.item(turned_down).finding_id),
    ]
    assert sorted(written) == sorted(d["finding_id"] for d in log)  # each finding written, once
    for d in log:  # each line says what the file holds
        f = written[d["finding_id"]]
        assert (f["finding_type"], f["theme_id"]) == (d["finding_type"], d["theme_id"]), d
    assert (log[1]["suggested_type"], log[1]["suggested_theme"]) == suggested
    assert (
        "suggested_type" not in log[0]
        and [tuple(d) for d in (log[0], log[2])] == [(*KEYS, "suggestions_shown")] * 2
    )
    assert s.item(left).pending and s.item(left).finding_id is None and s.item(left).theme_id == themes[0]
    assert s.save().logged == 0  # nothing changed since: nothing logged
    s.edit(accepted, summary_en="Operational funds are short and paid late.")
    assert s.save().logged == 1 and _log(data_copy, study)[-1]["action"] == "edit"
    s.accept(left)  # a new id, never one the log or the file has seen
    assert s.item(left).finding_id not in {*written, dropped_id}
    assert s.save().ok and _log(data_copy, study)[-1]["finding_id"] == s.item(left).finding_id


def test_save_writes_without_running_the_suggester_again(data_copy, study, monkeypatch):
    """Save keeps the session's rows (what was typed for an undecided suggestion too); at 500 studies the
    suggester took seconds per Save."""
    from studykit.coding import suggest

    s = Session(study, data_copy, CODER, lang="id")
    first, typed = s.next_pending(), s.next_pending(s.next_pending())
    s.edit(typed, summary_en="Typed for a suggestion not decided yet.")
    monkeypatch.setattr(suggest, "suggest", lambda *a, **k: pytest.fail("Save ran the suggester again"))
    s.accept(first)
    assert s.save().ok and s.item(typed).summary_en == "Typed for a suggestion not decided yet."
    note = next(
        f["note"]
        for f in yaml.safe_load((data_copy / f"studies/{study}.yaml").read_text(encoding="utf-8"))["findings"]
        if f["finding_id"] == s.item(first).finding_id
    )
    assert note.startswith("diusulkan oleh studykit suggest")  # the note in the notebook's language


def test_a_corrected_suggestion_is_never_proposed_again(data_copy, study):
    """Accepted with another type and theme than suggested: neither the suggestion nor the correction
    comes back on that passage, in the session after Save or reopened."""
    s = Session(study, data_copy, CODER)
    key = s.next_pending()
    it = s.item(key)
    span, suggested = (it.start, it.end), it.theme_id
    theme = next(t for t in s.themes["theme_id"] if t != suggested)
    s.edit(key, finding_type="effort", theme_id=theme)
    s.accept(key)
    assert s.save().ok

    def back(session):
        return [
            (i.finding_type, i.theme_id)
            for i in session.items
            if i.pending and i.theme_id in (suggested, theme) and min(i.end, span[1]) > max(i.start, span[0])
        ]

    assert back(s) == []
    assert back(Session(study, data_copy, CODER)) == []
