"""Bibliographic fields from BibTeX, RIS or CSL-JSON records (new-study --bib, the workbench's form)."""

import json

import pytest

from studykit.coding.bib import read_record
from studykit.coding.publish import CodingError

EXPECTED = {
    "title": "Studi Implementasi P2KP di Desa Purbayan",
    "author": "Tontowi, Ahmad",
    "year": 2009,
    "institution": "Universitas Sebelas Maret",
}


def test_bibtex(tmp_path):
    path = tmp_path / "r.bib"
    path.write_text(
        "@mastersthesis{t,\n  title = {Studi Implementasi {P2KP} di Desa Purbayan},\n"
        "  author = {Tontowi, Ahmad},\n  year = {2009},\n  school = {Universitas Sebelas Maret}\n}\n",
        encoding="utf-8",
    )
    assert read_record(path) == (EXPECTED, 1)


def test_ris(tmp_path):
    path = tmp_path / "r.ris"
    path.write_text(
        "TY  - THES\nTI  - Studi Implementasi P2KP di Desa Purbayan\nAU  - Tontowi, Ahmad\nPY  - 2009\n"
        "PB  - Universitas Sebelas Maret\nER  - \n",
        encoding="utf-8",
    )
    assert read_record(path) == (EXPECTED, 1)


def test_csl_json_with_two_records_takes_the_first_and_says_how_many(tmp_path):
    record = {
        "type": "thesis",
        "title": EXPECTED["title"],
        "author": [{"family": "Tontowi", "given": "Ahmad"}],
        "issued": {"date-parts": [[2009, 5]]},
        "publisher": EXPECTED["institution"],
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps([record, {**record, "title": "Other"}]), encoding="utf-8")
    assert read_record(path) == (EXPECTED, 2)


@pytest.mark.parametrize("content", ["", "not a record at all", "[1, 2]", "{broken json"])
def test_no_record_is_a_clear_error(tmp_path, content):
    path = tmp_path / "r.json" if content.startswith(("[", "{")) else tmp_path / "r.bib"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodingError) as exc:
        read_record(path)
    assert exc.value.problems[0].field == "--bib" and str(path) in str(exc.value)
