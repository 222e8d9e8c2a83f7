"""`studykit new-study` refuses a study already in the corpus from another file (the same text after
normalisation, or nearly the same), naming the study and its source, unless --not-a-duplicate; `validate`
notes two studies whose sources are the same text. Every text here is our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import invoke_studykit, make_docx, snapshot

ABSTRACT = (
    "Penelitian ini bertujuan untuk mengetahui pelaksanaan program bedah rumah di Kota Contoh. "
    'Hasil penelitian menunjukkan bahwa "verifikasi calon penerima" berjalan lambat karena '
    "keterbatasan petugas, sedangkan partisipasi warga dalam gotong royong cukup tinggi. "
    "Disarankan agar dinas perumahan menambah petugas verifikasi."
)
# another study of the same programme in the same city
OTHER = (
    "Penelitian ini bertujuan untuk menilai kepuasan penerima program bedah rumah di Kota Contoh. "
    "Survei terhadap delapan puluh penerima menunjukkan bahwa kualitas bahan bangunan dinilai baik, "
    "tetapi waktu pengerjaan sering melewati jadwal. Disarankan agar kontraktor diawasi lebih ketat."
)


def new_study(data_dir: Path, source: Path, study_id: str, *flags: str):
    return invoke_studykit("new-study", source, "--id", study_id, "--data", data_dir, *flags)


@pytest.fixture
def first(data_copy, tmp_path) -> Path:
    """The corpus with the study `contoh-bedah` added from a .txt."""
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT + "\n", encoding="utf-8")
    assert new_study(data_copy, source, "contoh-bedah").returncode == 0
    return data_copy


def web_copy(text: str) -> list[str]:
    """Paragraphs of the text as a .docx from a web page has it: a title line in capitals, curly quotes,
    no-break spaces, a word hyphenated with a soft hyphen."""
    title = "PELAKSANAAN PROGRAM BEDAH RUMAH DI KOTA CONTOH"
    curly = text.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
    return [
        title,
        curly.replace("Kota Contoh", "Kota\u00a0Contoh").replace("keterbatasan", "keter\u00adbatasan"),
    ]


def pdf_layer(text: str) -> str:
    """The same text as a PDF's text layer: other line breaks, a word hyphenated at a line end."""
    return text.replace(" bahwa ", "\nbahwa ").replace("keterbatasan", "keter-\nbatasan").upper()


def test_the_same_text_from_another_file_is_refused_naming_the_study_and_its_source(first, tmp_path):
    source = tmp_path / "unduhan.txt"
    source.write_text(pdf_layer(ABSTRACT), encoding="utf-8")
    before = snapshot(first)
    result = new_study(first, source, "contoh-lagi")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = result.stderr.splitlines()[0]
    assert said.startswith(f"{source}: text: is the same text as data/sources/contoh-bedah.txt"), said
    assert "'contoh-bedah'" in said and "--not-a-duplicate" in said
    assert snapshot(first) == before


def test_nearly_the_same_text_is_refused_in_the_analysts_language(first, tmp_path):
    source = make_docx(tmp_path / "abstrak.docx", web_copy(ABSTRACT))
    before = snapshot(first)
    english = new_study(first, source, "contoh-lagi")
    indonesian = new_study(first, source, "contoh-lagi", "--lang", "id")
    assert english.returncode == indonesian.returncode == 1
    assert "is nearly the same text as data/sources/contoh-bedah.txt" in english.stderr
    assert "hampir sama dengan data/sources/contoh-bedah.txt" in indonesian.stderr
    assert all(
        "'contoh-bedah'" in r.stderr and "--not-a-duplicate" in r.stderr for r in (english, indonesian)
    )
    assert snapshot(first) == before


def test_a_different_study_of_the_same_programme_and_city_is_added(first, tmp_path):
    source = tmp_path / "lain.txt"
    source.write_text(OTHER, encoding="utf-8")
    result = new_study(first, source, "contoh-kepuasan")
    assert result.returncode == 0, result.stderr


def test_not_a_duplicate_adds_it_and_validate_notes_the_same_text(first, tmp_path):
    source = tmp_path / "unduhan.txt"
    source.write_text(pdf_layer(ABSTRACT), encoding="utf-8")
    result = new_study(first, source, "contoh-lagi", "--not-a-duplicate")
    assert result.returncode == 0, result.stderr
    assert (first / "sources/contoh-lagi.txt").read_text(encoding="utf-8") == pdf_layer(ABSTRACT)  # verbatim
    checked = invoke_studykit("validate", "--data", first)
    assert checked.returncode == 0, checked.stderr  # a note, not an error: the analyst may be right
    notes = [line for line in checked.stdout.splitlines() if "source.file:" in line]
    assert len(notes) == 1 and "studies/contoh-lagi.yaml:" in notes[0].split(" ")[0]
    assert "same text as the source of study 'contoh-bedah'" in notes[0]
    strict = invoke_studykit("validate", "--data", first, "--strict", "--lang", "id")
    assert strict.returncode == 1
    assert "1 sumber yang teksnya sama dengan sumber studi lain; --strict" in strict.stderr


def test_nearly_the_same_text_is_no_note_of_validate(first, tmp_path):
    source = make_docx(tmp_path / "abstrak.docx", web_copy(ABSTRACT))
    assert new_study(first, source, "contoh-lagi", "--not-a-duplicate").returncode == 0
    checked = invoke_studykit("validate", "--data", first)
    assert checked.returncode == 0 and "source.file:" not in checked.stdout  # a title line more: two texts


def test_the_same_bytes_stay_refused_with_not_a_duplicate(first, tmp_path):
    source = tmp_path / "salinan.txt"
    source.write_bytes((first / "sources/contoh-bedah.txt").read_bytes())
    result = new_study(first, source, "contoh-lagi", "--not-a-duplicate")
    assert result.returncode == 1
    assert (
        "is already in the corpus as data/sources/contoh-bedah.txt, the source of study 'contoh-bedah'"
        in result.stderr
    )
