"""`import-refi --lang id` states all of its plan in Bahasa Indonesia: the counting it chose and why (also
when it detected it from the texts), what it skipped, the values it kept out of a study file, and every
problem of a file it cannot read; `--format json` keeps the machine-readable fields beside the text in that
language."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import english_words, indonesian_words, invoke_studykit
from helpers.qdpx import Doc, write_qdpx

from studykit.corpus.messages import t

LINES = [
    "Laporan kajian program bantuan modal usaha.",
    "Hambatan utama adalah kurangnya dana operasional bagi kelompok.",
    "Pelaporan sering terlambat karena koordinasi antar dinas lemah.",
    "Dukungan kepala desa membantu pencairan bantuan tepat waktu.",
]
CODED = [
    ("kurangnya dana operasional", "barrier", "T04 Budget"),
    ("koordinasi antar dinas lemah", "barrier", "T08 Coordination"),
    ("Dukungan kepala desa", "enabler", "T09 Leadership"),
]
VARIABLES = {"admin_unit": "Kabupaten Sukoharjo", "province": "Jawa Barat", "level": "planet", "Umur": "42"}


def detected_project(tmp_path: Path) -> Path:
    """A project of an unknown tool whose positions count a CRLF as one character (as ATLAS.ti does), so
    the counting must be detected from the text; and a second document with no coding (skipped)."""
    lf = "\n".join(LINES) + "\n"
    docs = [Doc("Kajian Modal", lf, CODED, VARIABLES), Doc("Catatan Kosong", "Catatan tanpa kode.\n")]
    built = write_qdpx(tmp_path / "built.qdpx", docs, origin="Alat QDA 2.0")
    path = tmp_path / "project.qdpx"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(path, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            out.writestr(name, data.replace(b"\n", b"\r\n") if name.startswith("sources/") else data)
    return path


def _run(project: Path, data: Path, lang: str, *more: str):
    result = invoke_studykit("import-refi", project, "--dry-run", "--data", data, "--lang", lang, *more)
    assert result.returncode == 0, result.stderr
    return result.stdout.replace(str(project), "P")


def test_the_plan_of_a_detected_counting_is_all_indonesian(tmp_path, data_copy):
    project = detected_project(tmp_path)
    english, indonesian = _run(project, data_copy, "en"), _run(project, data_copy, "id")
    assert "detected from the texts: 3 of 3 selections" in english  # the case in question
    assert "Unicode code points, CRLF counted as one" in english
    assert "Catatan Kosong: no coding maps to a finding" in english
    assert "'Jawa Barat': Kabupaten Sukoharjo is Jawa Tengah in codebook/regencies.csv" in english
    assert "dikenali dari teks: dengannya 3 dari 3 seleksi" in indonesian
    leaks = {line: english_words(line) for line in indonesian.splitlines() if english_words(line)}
    assert leaks == {}, "English under --lang id"
    for key in ("refi.why.detected", "refi.skip.no_finding", "refi.unit.codepoint", "refi.counting_label"):
        words = max(re.split(r"\{[^}]*\}", t(key, "en")), key=len).strip(" ,;:")
        assert len(words) > 10 and words in english and words not in indonesian, key
    assert {line: indonesian_words(line) for line in english.splitlines() if indonesian_words(line)} == {}


def test_the_json_plan_keeps_its_fields_and_says_its_texts_in_the_language(tmp_path, data_copy):
    project = detected_project(tmp_path)
    english, indonesian = (
        json.loads(_run(project, data_copy, lang, "--format", "json")) for lang in ("en", "id")
    )
    counting = indonesian["counting"]
    assert counting["unit"] == "codepoint" and counting["crlf"] == 1
    figures = (counting["basis"], counting["fit"], counting["n"], counting["default_fit"])
    assert figures == ("detected", 3, 3, 0)
    assert {k: v for k, v in english["counting"].items() if k not in ("label", "why")} == {
        k: v for k, v in counting.items() if k not in ("label", "why")
    }
    said = [counting["label"], counting["why"], *indonesian["skipped"]]
    said += [v for s in indonesian["studies"] for v in s["unused_variables"].values()]
    assert len(said) == 2 + 1 + 3 and english_words(" ".join(said)) == []
    assert english["counting"]["label"] == "Unicode code points, CRLF counted as one"


@pytest.mark.parametrize(
    "name, content",
    [
        ("not-a-zip.qdpx", b"plain text, not a zip"),
        ("empty.qdpx", None),  # a zip without a .qde
        ("wrong-root.qdc", b"<Foo/>"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_indonesian(tmp_path, data_copy, name, content):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "nothing")
    else:
        path.write_bytes(content)
    english = invoke_studykit("import-refi", path, "--data", data_copy)
    indonesian = invoke_studykit("import-refi", path, "--data", data_copy, "--lang", "id")
    assert english.returncode == indonesian.returncode == 1
    en_lines, id_lines = english.stderr.splitlines(), indonesian.stderr.splitlines()
    assert len(en_lines) == len(id_lines) == 2
    assert english_words(en_lines[0].replace(str(path), "P"))
    assert english_words(id_lines[0].replace(str(path), "P")) == [], id_lines[0]


def test_what_an_import_writes_in_words_follows_lang(tmp_path, data_copy):
    project = detected_project(tmp_path)
    result = invoke_studykit("import-refi", project, "--data", data_copy, "--lang", "id")
    assert result.returncode == 0, result.stderr
    text = (data_copy / "studies" / "kajian-modal.yaml").read_text(encoding="utf-8")
    study = yaml.safe_load(text)
    assert study["coded_by"] == "diimpor dari Alat QDA 2.0 oleh studykit import-refi"
    assert {f["note"].split(":")[0] for f in study["findings"]} == {"Diimpor dari Alat QDA 2.0"}
    assert text.splitlines()[1].startswith("# Diimpor oleh `studykit import-refi` dari ")
    comments = [line.split("#", 1)[1] for line in text.splitlines()[2:] if "#" in line]
    assert len(comments) > 20 and english_words(" ".join(comments)) == [], comments
