"""The suggester follows the project's codebook as a team changes it: a merged or dropped theme is never
proposed, learned or written; a new theme's cue words work in the rules, and the model learns it from the
analysts' reviewed findings."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from helpers import invoke_studykit
from helpers.codebooks import add_theme, merge_theme

from studykit.coding import suggest as sg
from studykit.coding import training
from studykit.coding.bench import Session
from studykit.coding.studyfile import append_findings, dump, load
from studykit.corpus.load import validate_corpus

# our own sentences: time and facilities (T05's words), and a digital administration (T17's)
TIME = (
    "Hasil penelitian menunjukkan bahwa keterbatasan waktu dan sarana kerja menghambat pelaksanaan program. "
    "Fasilitas dan peralatan kantor kelurahan juga belum memadai."
)
DIGITAL = (
    "Hasil penelitian menunjukkan bahwa program berjalan cukup baik. "
    "Aplikasi sistem informasi bantuan sosial yang diakses secara daring mempercepat pendataan oleh petugas."
)
DIGITAL_EN = "The results show that the online registration was hampered by a weak signal."
T17_WORDS = ["aplikasi", "sistem informasi", "daring", "online"]


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))


def themes_of(candidates) -> set[str]:
    return {c.theme_id for c in candidates}


@pytest.mark.parametrize("declare", [False, True], ids=["dropped", "merged"])
def test_a_removed_theme_is_never_proposed_in_any_format(data_copy, tmp_path, declare):
    merge_theme(data_copy, "T05", "T04", declare=declare)
    assert validate_corpus(data_copy)[1] == []
    assert "T05" not in themes_of(sg.suggest(TIME, data_copy))
    assert "T05" not in themes_of(sg.suggest(TIME, data_copy, learned=False))
    loose = tmp_path / "abstrak.txt"
    loose.write_text(TIME + "\n", encoding="utf-8")
    table = invoke_studykit("suggest", loose, "--data", data_copy)
    assert table.returncode == 0, table.stderr
    assert " T05 " not in table.stdout
    rows = json.loads(invoke_studykit("suggest", loose, "--data", data_copy, "--format", "json").stdout)
    assert rows and "T05" not in {r["theme_id"] for r in rows}
    sheet = invoke_studykit("suggest", loose, "--data", data_copy, "--format", "csv").stdout
    assert "T05" not in {r["theme_id"] for r in csv.DictReader(io.StringIO(sheet))}


def test_after_a_merge_the_merged_themes_words_count_for_the_theme_it_went_into(data_copy):
    before = [c for c in sg.suggest(TIME, data_copy, learned=False) if c.theme_id == "T05"]
    assert before and any("keterbatasan waktu" in c.cues for c in before)
    merge_theme(data_copy, "T05", "T04")
    after = [c for c in sg.suggest(TIME, data_copy, learned=False) if c.theme_id == "T04"]
    assert any("keterbatasan waktu" in c.cues for c in after), after
    merged = sg.suggest(TIME, data_copy)
    assert any(c.theme_id == "T04" and c.finding_type == "barrier" for c in merged), merged


@pytest.mark.parametrize("declare", [False, True], ids=["dropped", "merged"])
def test_the_model_learns_no_theme_the_codebook_lacks(data_copy, declare):
    merge_theme(data_copy, "T05", "T04", declare=declare)
    model = training.model_for(data_copy)
    assert "theme:T05" not in model.labels
    assert "theme:T04" in model.labels


def test_write_after_a_merge_writes_only_codebook_themes_and_validates(data_copy, tmp_path):
    merge_theme(data_copy, "T05", "T04")
    source = tmp_path / "abstrak.txt"
    source.write_text("Program Bantuan di Kota Contoh\n\n" + TIME + "\n", encoding="utf-8")
    assert invoke_studykit("new-study", source, "--id", "contoh-waktu", "--data", data_copy).returncode == 0
    written = invoke_studykit("suggest", "contoh-waktu", "--write", "--data", data_copy)
    assert written.returncode == 0, written.stderr
    findings = yaml.safe_load((data_copy / "studies" / "contoh-waktu.yaml").read_text("utf-8"))["findings"]
    assert findings and {f["theme_id"] for f in findings} <= {f"T{n:02d}" for n in range(1, 17)} - {"T05"}
    assert not [p for p in validate_corpus(data_copy, include_drafts=True)[1] if "theme" in p.field]


def test_the_workbench_offers_no_removed_theme(data_copy, tmp_path):
    merge_theme(data_copy, "T05", "T04", declare=False)
    source = tmp_path / "abstrak.txt"
    source.write_text("Program Bantuan di Kota Contoh\n\n" + TIME + "\n", encoding="utf-8")
    assert invoke_studykit("new-study", source, "--id", "contoh-waktu", "--data", data_copy).returncode == 0
    session = Session("contoh-waktu", data_copy, coder="unit-test")
    suggested = [it for it in session.items if it.key.startswith("s")]
    assert suggested and "T05" not in {it.theme_id for it in suggested}


def test_a_new_themes_cue_words_are_suggested_in_both_languages(data_copy):
    assert "T17" not in themes_of(sg.suggest(DIGITAL, data_copy))
    add_theme(data_copy, "T17", T17_WORDS, label="Digital administration")
    assert validate_corpus(data_copy)[1] == []
    found = [c for c in sg.suggest(DIGITAL, data_copy) if c.theme_id == "T17"]
    assert found and {"aplikasi", "sistem informasi", "daring"} <= set(found[0].cues), found
    assert found[0].finding_type == "enabler"  # the clause's valence, as for any theme
    english = [c for c in sg.suggest(DIGITAL_EN, data_copy) if c.theme_id == "T17"]
    assert english and "online" in english[0].cues and english[0].finding_type == "barrier", english


def test_a_new_dependent_theme_is_an_outcome(data_copy):
    add_theme(data_copy, "T17", ["tepat sasaran"], group="dependent", label="Targeting accuracy")
    text = "Hasil penelitian menunjukkan bahwa penyaluran bantuan belum tepat sasaran."
    found = [c for c in sg.suggest(text, data_copy, learned=False) if c.theme_id == "T17"]
    assert found and {c.finding_type for c in found} == {"outcome"}, found


PLANTED = "Pendaftaran penerima kini dilakukan lewat portal desa sehingga antrean di kantor berkurang."
FOURTH = (
    "Hasil penelitian menunjukkan bahwa program berjalan di tiga kelurahan. "
    "Pendaftaran penerima lewat portal desa membuat antrean berkurang."
)


def test_the_model_learns_a_new_theme_from_reviewed_findings(data_copy):
    add_theme(data_copy, "T17", T17_WORDS, label="Digital administration")
    assert "theme:T17" not in training.model_for(data_copy).labels
    for study_id in ("bengkulu-samisake", "jambi-bantar", "semarang-p2kp"):
        path = data_copy / "studies" / f"{study_id}.yaml"
        document = load(path.read_text(encoding="utf-8"))
        source = data_copy / document["source"]["file"]
        source.write_text(source.read_text(encoding="utf-8") + "\n\n" + PLANTED + "\n", encoding="utf-8")
        finding = {"finding_id": f"{study_id}-90", "finding_type": "enabler", "theme_id": "T17"}
        finding |= {
            "summary_en": "Online registration.",
            "summary_id": "Pendaftaran daring.",
            "quote": PLANTED,
        }
        append_findings(document, [finding])
        path.write_text(dump(document), encoding="utf-8")
    assert "theme:T17" in training.model_for(data_copy).labels
    found = [c for c in sg.suggest(FOURTH, data_copy) if c.theme_id == "T17"]
    assert found and any(cue.startswith("model") for cue in found[0].cues), found
