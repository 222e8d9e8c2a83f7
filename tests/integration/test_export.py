"""`studykit export`: tidy CSVs, one workbook, a valid Frictionless package; reproducible bytes."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest
from helpers import run_studykit, wrong_articles

from studykit.analysis import tidy
from studykit.corpus import tables
from studykit.corpus.export import data_dictionary, render_json, study_json_schema, write_export
from studykit.paths import PROJECT_ROOT, SCHEMA_DIR

REQUIRED_FINDING_COLUMNS = [
    "study_id",
    "finding_id",
    "finding_type",
    "theme_id",
    "secondary_theme_id",
    "summary_en",
    "summary_id",
    "quote",
    "quote_start",
    "quote_end",
    "source_file",
]
ZIPPED = {".xlsx", ".docx", ".qdpx"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    result = run_studykit("export", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_export_writes_every_table_workbook_and_descriptor(exported):
    names = sorted(p.name for p in exported.iterdir())
    assert names == [
        "cases.csv",
        "crosswalk.csv",
        "datapackage.json",
        "findings.csv",
        "frameworks.csv",
        "memos.csv",
        "provinces.csv",
        "quotes.csv",
        "regencies.csv",
        "studies.csv",
        "studykit-corpus.xlsx",
        "themes.csv",
    ]
    sheets = pd.read_excel(exported / "studykit-corpus.xlsx", sheet_name=None)
    assert set(sheets) == {
        "studies",
        "findings",
        "themes",
        "frameworks",
        "crosswalk",
        "provinces",
        "regencies",
        "quotes",
        "cases",
        "memos",
    }


def test_findings_csv_matches_the_corpus(exported, corpus):
    findings = pd.read_csv(exported / "findings.csv")
    assert list(findings.columns[:5]) == REQUIRED_FINDING_COLUMNS[:5]
    assert set(REQUIRED_FINDING_COLUMNS) <= set(findings.columns)
    assert len(findings) == len(corpus.findings) > 0
    assert findings["source_file"].str.startswith("data/sources/").all()  # relative to the repo root
    assert (findings["quote_end"] > findings["quote_start"]).all()


def test_datapackage_passes_frictionless_validation(exported):
    frictionless = pytest.importorskip("frictionless")  # a test dependency, always installed by `make test`
    report = frictionless.validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((exported / "datapackage.json").read_text())
    findings = next(r for r in descriptor["resources"] if r["name"] == "findings")
    theme = next(f for f in findings["schema"]["fields"] if f["name"] == "finding_type")
    assert theme["constraints"]["enum"] == [
        "enabler",
        "barrier",
        "outcome",
        "effort",
        "recommendation",
        "context",
    ]


def test_the_analysis_tables_are_written_as_computed_and_described(exported, corpus):
    descriptor = json.loads((exported / "datapackage.json").read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, derived in tidy.analysis_tables(corpus).items():
        table = derived.table
        assert resources[name]["path"] == f"{name}.csv" and resources[name]["schema"] == derived.schema
        assert resources[name]["description"] == derived.description
        written = pd.read_csv(exported / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(written.columns) == list(table.columns)
        expected = table.astype("string").fillna("")
        assert written.to_numpy().tolist() == expected.to_numpy().tolist()
        sheet = pd.read_excel(exported / "studykit-corpus.xlsx", sheet_name=name, dtype=str)
        assert list(sheet.columns) == list(table.columns) and len(sheet) == len(table)
    cases = pd.read_csv(exported / "cases.csv")
    assert cases["T04_barrier"].isin([0, 1]).all() and "jambi-bantar" in set(cases["study_id"])


def test_memos_are_exported_valid_with_what_they_are_about(data_copy, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    from studykit.corpus.memos import document

    for place, body in (
        ("themes/T04.md", "Anggaran."),
        ("findings/jambi-bantar-02.md", "Barrier, not context?"),
    ):
        (data_copy / "memos" / place).parent.mkdir(parents=True, exist_ok=True)
        (data_copy / "memos" / place).write_text(document("Budi", "2026-12-02", body), encoding="utf-8")
    result = run_studykit("export", "--data", data_copy, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    memos = pd.read_csv(tmp_path / "out/memos.csv", dtype=str, keep_default_na=False)
    assert memos[["level", "target", "study_id", "text"]].to_numpy().tolist() == [
        ["theme", "T04", "", "Anggaran."],
        ["finding", "jambi-bantar-02", "jambi-bantar", "Barrier, not context?"],
    ]
    quotes = pd.read_csv(tmp_path / "out/quotes.csv", dtype=str, keep_default_na=False)
    assert quotes.set_index("finding_id").at["jambi-bantar-02", "memo"] == "Barrier, not context?"
    report = frictionless.validate(str(tmp_path / "out/datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_exported_cases_table_runs_in_qca_as_report_6_s(exported, tmp_path):
    cases = pd.read_csv(exported / "cases.csv")
    rated = tmp_path / "rated.csv"
    cases[cases["shortfall"].notna()].to_csv(rated, index=False)  # the studies with a stated outcome
    result = run_studykit(
        "qca", rated, "--outcome", "shortfall", "--conditions", "T04_barrier,T13_barrier",
        "--case-column", "study_id", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["truth_table"]["rows"]
    assert sum(row["n"] for row in rows) == len(cases[cases["shortfall"].notna()]) > 0


@pytest.mark.parametrize(
    ("table", "column", "value"), [("findings", "finding_type", "obstacle"), ("cases", "T04_barrier", "2")]
)
def test_frictionless_catches_a_broken_export(exported, tmp_path, table, column, value):
    frictionless = pytest.importorskip("frictionless")
    for p in exported.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    df = pd.read_csv(tmp_path / f"{table}.csv", dtype=str, keep_default_na=False)
    df.loc[0, column] = value
    df.to_csv(tmp_path / f"{table}.csv", index=False)
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_export_is_byte_identical_when_repeated(corpus, tmp_path):
    first = {p.name: p.read_bytes() for p in write_export(corpus, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_export(corpus, tmp_path / "b")}
    assert first == second
    assert not list((tmp_path / "a").glob(".export-*"))  # no temporary leftovers
    with zipfile.ZipFile(tmp_path / "a" / "studykit-corpus.xlsx") as book:
        core = book.read("docProps/core.xml").decode()
    assert (
        ">2000-01-01T00:00:00Z</dcterms:modified>" in core
    )  # no save-time stamp, so repeats a second apart match too


def test_zip_files_are_the_same_bytes_written_on_windows(corpus, tmp_path, monkeypatch):
    """The workbook, the Word codebook and the REFI-QDA project carry no trace of the system that wrote them:
    zipfile marks members "made by Windows" there (create_system 0), which alone changed the bytes."""
    import sys

    from studykit.coding.refi.export import write_refi
    from studykit.reports.codebook_docx import write_codebook

    def written(folder):
        write_export(corpus, folder)
        write_codebook(corpus, folder / "codebook.docx")
        write_refi(corpus, folder / "refi")
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.suffix in ZIPPED}

    here = written(tmp_path / "here")
    with monkeypatch.context() as patched:
        patched.setattr(sys, "platform", "win32")
        windows = written(tmp_path / "windows")
    assert len(here) == len(ZIPPED) and windows == here
    for data in here.values():
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            assert {(i.create_system, i.external_attr >> 16) for i in zipped.infolist()} == {(3, 0o644)}


def test_every_exported_column_is_described():
    for name in tables.TABLES:
        for field in tables.table_schema(name)["fields"]:
            assert field["type"] in {"string", "integer", "boolean"}
    described = {f["name"] for f in tables.table_schema("findings")["fields"] if f.get("description")}
    assert set(REQUIRED_FINDING_COLUMNS) <= described


def test_published_study_schema_and_data_dictionary_are_up_to_date(corpus):
    published = (SCHEMA_DIR / "study.schema.json").read_text(encoding="utf-8")
    assert published == render_json(study_json_schema(corpus)), "run `make schema`"
    dictionary = (PROJECT_ROOT / "docs/data-dictionary.md").read_text(encoding="utf-8")
    derived = tidy.analysis_tables(corpus)
    assert dictionary == data_dictionary(derived), "run `make schema`"
    assert wrong_articles(dictionary) == []  # "a enabler" in a column's description
    for schema in [tables.table_schema(name) for name in tables.TABLES] + [
        d.schema for d in derived.values()
    ]:
        for field in schema["fields"]:
            assert f"| `{field['name']}` |" in dictionary


def test_study_schema_enumerates_codebook_ids_for_editors(corpus):
    schema = study_json_schema(corpus)
    assert schema["$defs"]["Finding"]["properties"]["theme_id"]["enum"][:2] == ["T01", "T02"]
    assert "findings" in schema["required"]


def test_an_export_says_the_drafts_it_left_out(data_copy, tmp_path):
    # a coder wrote a memo on a finding of a study still a draft, exported, and found memos.csv without it:
    # a draft's findings and memos are in no table (as in no report), and the export said nothing of it
    source = tmp_path / "abstrak.txt"
    source.write_text("Implementasi program belum optimal karena keterbatasan anggaran.\n", encoding="utf-8")
    assert run_studykit("new-study", source, "--id", "draf-baru", "--data", data_copy).returncode == 0
    done = run_studykit("export", "--out", tmp_path / "out", "--data", data_copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("(12 files); 1 draft left out until finished"), done.stdout
    said = run_studykit("export", "--out", tmp_path / "out", "--data", data_copy, "--lang", "id").stdout
    assert said.rstrip().endswith("(12 berkas); 1 draf tidak dimasukkan sampai selesai"), said
    refi = run_studykit("export", "--refi", "--out", tmp_path / "refi", "--data", data_copy).stdout
    assert refi.rstrip().endswith("studykit-corpus.qdpx; 1 draft left out until finished"), refi
    assert "draf-baru" not in (tmp_path / "out" / "studies.csv").read_text(encoding="utf-8")
