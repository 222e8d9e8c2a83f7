"""`studykit new-study`: any source in, verbatim UTF-8 + LF text and a study file to fill out; refusals leave
nothing behind."""

from __future__ import annotations

import hashlib
import os
import typing
from pathlib import Path

import pytest
import yaml
from helpers import (
    FILLED_METADATA,
    fill_metadata,
    invoke_studykit,
    make_docx,
    make_pdf,
    run_studykit,
    snapshot,
)

from studykit.coding import intake
from studykit.coding.publish import CodingError
from studykit.corpus.schema import Source, Study

ABSTRACT = (
    "Penelitian ini bertujuan untuk mengetahui implementasi Program Kemiskinan X di Kota Contoh.\n"
    "Hasil penelitian menunjukkan bahwa hambatan yang dihadapi yaitu keterbatasan dana dan rendahnya "
    "partisipasi masyarakat.\n"
)


def new_study(data_dir: Path, source: Path, study_id: str = "contoh-pkx", run=invoke_studykit):
    return run("new-study", source, "--id", study_id, "--data", data_dir)


def test_text_source_with_crlf_and_bom_is_stored_as_utf8_lf_and_hashed(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_bytes(b"\xef\xbb\xbf" + ABSTRACT.replace("\n", "\r\n").encode("utf-8"))
    result = new_study(data_copy, source, run=run_studykit)  # the installed command, as a user runs it
    assert result.returncode == 0, result.stderr
    stored = (data_copy / "sources/contoh-pkx.txt").read_bytes()
    assert stored == ABSTRACT.encode("utf-8")  # BOM dropped, CRLF -> LF, nothing else changed
    study = yaml.safe_load((data_copy / "studies/contoh-pkx.yaml").read_text(encoding="utf-8"))
    assert study["source"]["sha256"] == hashlib.sha256(stored).hexdigest()
    assert (
        study["source"]["file"] == "sources/contoh-pkx.txt" and study["source"]["seed_file"] == "abstrak.txt"
    )
    assert study["findings"] == [] and study["study_id"] == "contoh-pkx"
    assert "next steps" in result.stdout and "studykit suggest contoh-pkx" in result.stdout
    assert "--report 1-study-profile --study contoh-pkx" in result.stdout  # its profile alone, once valid


def test_lone_cr_line_endings_become_lf():
    assert intake.decode_text(b"a\rb\r\nc\n", "x.txt") == "a\nb\nc\n"


def test_study_file_lists_every_schema_field_with_allowed_values_as_comments(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    assert new_study(data_copy, source).returncode == 0
    text = (data_copy / "studies/contoh-pkx.yaml").read_text(encoding="utf-8")
    study = yaml.safe_load(text)
    assert list(study) == list(Study.model_fields)
    assert list(study["source"]) == list(Source.model_fields)
    lines = {
        line.split(":")[0].strip(): line
        for line in text.splitlines()
        if ":" in line and not line.startswith("#")
    }
    for model in (Study, Source):
        for name, info in model.model_fields.items():
            literal = [
                a
                for a in (info.annotation, *typing.get_args(info.annotation))
                if typing.get_origin(a) is typing.Literal
            ]
            for allowed in typing.get_args(literal[0]) if literal else ():
                assert allowed in lines[name].split("#", 1)[1], f"{name}: {allowed} not offered"
    assert (
        "VMVH" in lines["frameworks_declared"] and "ED" in lines["frameworks_declared"]
    )  # framework ids from the codebook


def test_unfilled_study_fails_validation_naming_each_empty_field_then_passes_once_filled(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    assert new_study(data_copy, source).returncode == 0
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0  # a draft: listed with what it needs, blocking nothing
    assert "data/studies/contoh-pkx.yaml:11: province: empty; fill it in" in result.stdout
    assert "findings: no findings yet" in result.stdout
    assert invoke_studykit("validate", "--strict", "--data", data_copy).returncode == 1
    fill_metadata(data_copy / "studies/contoh-pkx.yaml")
    study = data_copy / "studies/contoh-pkx.yaml"
    study.write_text(
        study.read_text(encoding="utf-8").replace(
            "findings: []",
            (
                "findings:\n  - finding_id: contoh-pkx-01\n    finding_type: barrier\n    theme_id: T04\n"
                "    summary_en: Funds are limited.\n    summary_id: Dana terbatas.\n    quote: "
                "keterbatasan dana\n"
            ),
        ),
        encoding="utf-8",
    )
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: 6 studies, 55 findings")


def test_latin1_file_is_refused_naming_file_and_iconv_and_nothing_is_written(data_copy, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes(
        "Penelitian ini menemukan kendala pada koordinasi antar dinas; café.\n".encode("latin-1")
    )
    before = snapshot(data_copy)
    result = new_study(data_copy, source, run=run_studykit)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{source}:1: encoding: is not UTF-8 (byte 0xe9" in result.stderr
    assert "iconv -f latin1 -t utf-8" in result.stderr
    assert snapshot(data_copy) == before


def test_utf16_and_binary_files_are_refused():
    with pytest.raises(CodingError, match="UTF-16"):
        intake.decode_text("teks".encode("utf-16"), "x.txt")
    with pytest.raises(CodingError, match="binary file"):
        intake.decode_text(b"PK\x03\x04\x00\x00", "x.txt")


def test_pdf_with_text_layer_is_extracted(data_copy, tmp_path):
    pdf = make_pdf(tmp_path / "abstrak.pdf", ABSTRACT)
    result = new_study(data_copy, pdf)
    assert result.returncode == 0, result.stderr
    text = (data_copy / "sources/contoh-pkx.txt").read_text(encoding="utf-8")
    assert " ".join(text.split()) == " ".join(ABSTRACT.split())
    assert "\r" not in text


def test_scanned_pdf_without_text_layer_is_refused_and_nothing_is_written(data_copy, tmp_path):
    pdf = make_pdf(tmp_path / "scan.pdf", None)
    before = snapshot(data_copy)
    result = new_study(data_copy, pdf)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{pdf}: pdf: has no text layer" in result.stderr and "OCR" in result.stderr
    assert snapshot(data_copy) == before


def test_broken_pdf_is_a_clear_error(data_copy, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    result = new_study(data_copy, bad)
    assert result.returncode == 1 and "Traceback" not in result.stderr and f"{bad}: pdf: " in result.stderr


def test_docx_is_extracted_paragraph_by_paragraph(data_copy, tmp_path):
    paragraphs = ABSTRACT.strip().split("\n")
    result = new_study(data_copy, make_docx(tmp_path / "abstrak.docx", paragraphs))
    assert result.returncode == 0, result.stderr
    assert (data_copy / "sources/contoh-pkx.txt").read_text(encoding="utf-8") == "\n".join(paragraphs)
    text = (data_copy / "studies/contoh-pkx.yaml").read_text(encoding="utf-8")
    assert "title: null  # the document's properties say Implementasi Program X: check before copying" in text


@pytest.mark.parametrize("study_id", ["jambi-bantar", "Jambi_Baru", "1abc", "abc-"])
def test_existing_or_invalid_id_is_refused_and_nothing_is_written(data_copy, tmp_path, study_id):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    before = snapshot(data_copy)
    result = new_study(data_copy, source, study_id)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("already exists" if study_id == "jambi-bantar" else "is not a valid study id") in result.stderr
    assert snapshot(data_copy) == before


def test_a_source_file_left_without_its_study_still_blocks_the_id(data_copy, tmp_path):
    (data_copy / "sources/contoh-pkx.txt").write_text("lain\n", encoding="utf-8")
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    result = new_study(data_copy, source)
    assert result.returncode == 1 and "data/sources/contoh-pkx.txt: file: already exists" in result.stderr
    assert not (data_copy / "studies/contoh-pkx.yaml").exists()


@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_text_is_refused(data_copy, tmp_path, content):
    source = tmp_path / "kosong.txt"
    source.write_bytes(content)
    result = new_study(data_copy, source)
    assert result.returncode == 1 and "has no text" in result.stderr
    assert not (data_copy / "studies/contoh-pkx.yaml").exists()


def test_the_same_text_twice_is_refused(data_copy, tmp_path):
    source = tmp_path / "again.txt"
    source.write_bytes((data_copy / "sources/jambi-bantar.txt").read_bytes())
    result = new_study(data_copy, source, "jambi-lagi")
    assert (
        result.returncode == 1
        and "is already in the corpus as data/sources/jambi-bantar.txt" in result.stderr
    )


def test_a_failure_while_publishing_leaves_neither_file(data_copy, monkeypatch):
    calls = []
    real_link = os.link

    def failing_link(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", failing_link)
    before = snapshot(data_copy)
    with pytest.raises(OSError):
        intake.create_study("contoh-pkx", ABSTRACT, data_dir=data_copy)
    assert len(calls) == 2
    assert snapshot(data_copy) == before  # the first file was rolled back, no temp file is left


def test_create_study_api_writes_given_metadata_and_findings_after_checking_them(data_copy):
    finding = {
        "finding_id": "contoh-pkx-01",
        "finding_type": "barrier",
        "theme_id": "T04",
        "summary_en": "Funds are limited.",
        "summary_id": "Dana terbatas.",
        "quote": "keterbatasan   dana",
    }
    bad = [dict(finding, theme_id="T99"), dict(finding, finding_id="contoh-pkx-02", quote="dana melimpah")]
    before = snapshot(data_copy)
    with pytest.raises(CodingError) as info:
        intake.create_study(
            "contoh-pkx",
            ABSTRACT,
            data_dir=data_copy,
            findings=bad,
            metadata={"level": "provinsi"},
            origin="project.qdpx",
        )
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith("project.qdpx: findings.0.theme_id: unknown theme id 'T99'") for m in messages), (
        messages
    )
    assert any(m.startswith("project.qdpx: findings.1.quote: not found") for m in messages), messages
    assert any(m.startswith("project.qdpx: level: 'provinsi' is not allowed") for m in messages), messages
    assert snapshot(data_copy) == before
    metadata = {**FILLED, "source": {"source_type": "abstract", "title": "Implementasi X"}}
    created = intake.create_study(
        "contoh-pkx", ABSTRACT, data_dir=data_copy, findings=[finding], metadata=metadata, seed_file="x.qdpx"
    )
    assert created.study_path.exists() and created.source_path.exists()
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    from studykit import load_corpus

    row = load_corpus(data_copy).findings.set_index("finding_id").loc["contoh-pkx-01"]
    assert ABSTRACT[row["quote_start"] : row["quote_end"]] == "keterbatasan dana"


FILLED = {
    **{k: v for k, v in FILLED_METADATA.items() if k not in ("source_type", "rating")},
    "implementation_outcome": {"rating": "not_stated"},
}


def test_module_is_usable_without_the_cli_and_writes_nothing_outside_data(data_copy, tmp_path):
    source = tmp_path / "abstrak.txt"
    source.write_text(ABSTRACT, encoding="utf-8")
    created = intake.new_study(source, "contoh-pkx", data_copy)
    assert created.source_path.parent == data_copy / "sources"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abstrak.txt", "data"]
