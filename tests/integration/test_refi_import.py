"""REFI-QDA import: studykit's own export comes back unchanged, each tool's quirks are undone, bad input
writes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from helpers import run_studykit

from studykit import load_corpus, validate_corpus
from studykit.coding.refi.export import CODEBOOK_FILE, PROJECT_FILE, write_refi
from studykit.coding.refi.guids import guid
from studykit.coding.refi.importer import import_refi
from studykit.corpus.schema import FINDING_TYPES
from studykit.paths import DATA_DIR

COMPARED = [
    "finding_type",
    "theme_id",
    "secondary_theme_id",
    "quote",
    "quote_start",
    "quote_end",
    "summary_en",
    "summary_id",
]


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def make_qdpx(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """A data directory with studykit's codebook and no study."""
    target = tmp_path / "fresh" / "data"
    shutil.copytree(DATA_DIR / "codebook", target / "codebook")
    return target


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("refi-export")
    write_refi(load_corpus(), out)
    return out


def rows(corpus, study_id=None):
    df = corpus.findings if study_id is None else corpus.findings[corpus.findings["study_id"] == study_id]
    return sorted(
        tuple(v if isinstance(v, str) else "" if pd.isna(v) else int(v) for v in r)
        for r in df[["study_id"] + COMPARED].itertuples(index=False)
    )


# --- round trip --------------------------------------------------------------------------------


def test_round_trip_gives_back_the_same_findings_quotes_and_positions(exported, empty_data, corpus):
    result = import_refi(exported / PROJECT_FILE, empty_data)
    assert result.problems == []
    assert len(result.written) == 2 * len(corpus.studies)
    back, problems = validate_corpus(empty_data, include_drafts=True)  # unreviewed: drafts
    assert problems == [], [str(p) for p in problems[:5]]
    assert rows(back) == rows(corpus) and len(rows(back)) == len(corpus.findings) > 0
    assert set(back.findings["review_status"]) == {"unreviewed"}
    for column in [
        "label",
        "label_id",
        "city_as_written",
        "admin_unit_type",
        "province",
        "programme_owner",
        "method",
        "source_sha256",
        "title",
        "year",
    ]:
        assert back.studies.set_index("study_id")[column].equals(
            corpus.studies.set_index("study_id")[column]
        ), column
    for study in corpus.study_ids:
        assert (empty_data / "sources" / f"{study}.txt").read_bytes() == (
            DATA_DIR / "sources" / f"{study}.txt"
        ).read_bytes()


def test_study_files_name_the_project_file_not_where_it_lay(exported, tmp_path):
    """The study files an import writes (committed with the corpus) are the same bytes wherever the .qdpx was:
    their header names the file, never its absolute folder."""
    written = []
    for folder in (tmp_path / "a", tmp_path / "b" / "deeper"):
        folder.mkdir(parents=True)
        shutil.copy(exported / PROJECT_FILE, folder / PROJECT_FILE)
        data = folder / "data"
        shutil.copytree(DATA_DIR / "codebook", data / "codebook")
        assert import_refi(folder / PROJECT_FILE, data).problems == []
        written.append({p.name: p.read_bytes() for p in sorted((data / "studies").glob("*.yaml"))})
    assert written[0] == written[1] and len(written[0]) == 5
    header = next(iter(written[0].values())).decode().splitlines()[1]
    assert f"from {PROJECT_FILE}," in header and str(tmp_path) not in header, header


def test_round_trip_with_reviewed_keeps_the_review_status(exported, empty_data):
    assert import_refi(exported / PROJECT_FILE, empty_data, reviewed=True).problems == []
    assert set(load_corpus(empty_data).findings["review_status"]) == {"reviewed"}


def test_importing_the_corpus_into_itself_adds_nothing(exported, data_copy, corpus):
    before = snapshot(data_copy)
    result = import_refi(exported / PROJECT_FILE, data_copy)
    assert result.problems == [] and result.written == [] and result.plan.studies == []
    assert len(result.plan.skipped) == len(corpus.studies) and all(
        s.key == "refi.skip.already" for s in result.plan.skipped
    )
    assert snapshot(data_copy) == before


def test_a_segment_coded_in_the_tool_becomes_a_new_unreviewed_finding(exported, data_copy, tmp_path):
    """Code one more sentence of an existing source with the exported codebook: only that finding is
    appended."""
    with zipfile.ZipFile(exported / PROJECT_FILE) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    source = guid("source", "jambi-bantar")
    text = files[f"sources/{source}.txt"].decode("utf-8")
    phrase = "Penelitian ini bertujuan untuk mendeskripsikan model implementasi program kampung bantar"
    start = text.index(phrase)
    selection = (
        f'<PlainTextSelection guid="{{{guid("test", "new").upper()}}}" '
        f'endPosition="{start + len(phrase)}" startPosition="{start}">'
        f'<Coding guid="{guid("test", "coding")}"><CodeRef '
        f'targetGUID="{guid("code", "context", "T16")}"/></Coding></PlainTextSelection>'
    )
    qde = files.pop("project.qde").decode("utf-8")
    marker = f'plainTextPath="internal://{source}.txt">'
    qde = qde.replace(marker, marker + selection, 1)
    result = import_refi(make_qdpx(tmp_path / "recoded.qdpx", qde, files), data_copy)
    assert result.problems == []
    assert [p.name for p in result.written] == ["jambi-bantar.yaml"]
    corpus = load_corpus(data_copy, include_drafts=True)
    new = corpus.findings[corpus.findings["quote"] == phrase]
    assert len(new) == 1 and new.iloc[0]["review_status"] == "unreviewed" and new.iloc[0]["theme_id"] == "T16"
    before = load_corpus().findings
    numbers = (
        before[before["study_id"] == "jambi-bantar"]["finding_id"].str.rsplit("-", n=1).str[1].astype(int)
    )
    assert (
        new.iloc[0]["quote_start"] == start
        and new.iloc[0]["finding_id"] == f"jambi-bantar-{numbers.max() + 1:02d}"
    )
    assert len(corpus.findings) == len(before) + 1
    assert (
        (data_copy / "studies" / "jambi-bantar.yaml")
        .read_text(encoding="utf-8")
        .startswith((DATA_DIR / "studies" / "jambi-bantar.yaml").read_text(encoding="utf-8"))
    )


def test_codebook_import_maps_every_codable_code_and_writes_nothing(exported, data_copy, corpus):
    before = snapshot(data_copy)
    result = import_refi(exported / CODEBOOK_FILE, data_copy)
    assert result.problems == [] and result.written == []
    mapped = [c for c in result.plan.codes if c["mapped_to"]]
    types, themes = len(FINDING_TYPES), len(corpus.themes)
    assert len(mapped) == types * themes + themes + types  # type x theme, secondary themes, type folders
    assert snapshot(data_copy) == before


# --- each tool's shape -----------------------------------------------------------------------

FOREIGN_CODES = """<CodeBook><Codes>
  <Code name="Hambatan" isCodable="false" guid="{C0DE0000-0000-0000-0000-000000000001}">
    <Code isCodable="true" name="Dana" guid="{C0DE0000-0000-0000-0000-000000000002}" color="#FF0000"/>
  </Code>
  <Code guid="C0DE0000-0000-0000-0000-000000000003" name="Lainnya" isCodable="true"/>
</Codes></CodeBook>"""
MAPPING = "code,finding_type,theme_id\nHambatan/Dana,barrier,T04\nLainnya,,\n"


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def nvivo_project(tmp_path: Path, origin: str = "NVivo 14") -> tuple[Path, str]:
    text = "Ringkasan 😀 laporan 🙂.\r\nHambatan utama adalah kurangnya dana desa.\r\nLainnya.\r\n"
    phrase = "kurangnya dana desa"
    i = text.index(phrase)
    start, end = (
        utf16_units(text[:i]),
        utf16_units(text[: i + len(phrase)]),
    )  # NVivo: UTF-16 units, CRLF as two
    qde = f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project origin="{origin}" name="Desa" xmlns="urn:QDA-XML:project:1.0">
{FOREIGN_CODES}
<Sources>
  <TextSource plainTextPath="internal://{{AB000000-0000-0000-0000-000000000001}}.txt" name="Wawancara Desa" guid="{{AB000000-0000-0000-0000-000000000001}}">
    <PlainTextSelection endPosition="{end}" startPosition="{start}" guid="{{AB000000-0000-0000-0000-0000000000AA}}" name="">
      <Coding guid="{{AB000000-0000-0000-0000-0000000000AB}}"><CodeRef targetGUID="{{C0DE0000-0000-0000-0000-000000000002}}"/></Coding>
    </PlainTextSelection>
  </TextSource>
</Sources></Project>"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    files = {"Sources/{AB000000-0000-0000-0000-000000000001}.txt": b"\xef\xbb\xbf" + text.encode("utf-8")}
    return make_qdpx(
        tmp_path / "nvivo.qdpx", qde.replace("<CodeBook><Codes>", "<CodeBook><Codes>"), files
    ), phrase


def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.csv"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def test_nvivo_utf16_positions_bom_crlf_and_capital_sources(tmp_path, data_copy):
    project, phrase = nvivo_project(tmp_path)
    result = import_refi(project, data_copy, mapping=mapping_file(tmp_path), dry_run=True)
    assert result.problems == []
    plan = result.plan.as_json()
    assert plan["counting"]["unit"] == "utf16" and plan["counting"]["crlf"] == 2
    assert [s["text"] for s in plan["selections"]] == [phrase]
    assert plan["codes"][1]["mapped_to"] == "barrier/T04" and plan["codes"][2]["mapped_to"] == "ignored"
    finding = result.plan.studies[0].findings[0]
    stored = result.plan.studies[0].text
    assert "\r" not in stored and not stored.startswith("\ufeff")
    assert stored[finding["quote_start"] : finding["quote_end"]] == phrase


def test_utf16_counting_is_detected_from_the_text_when_the_origin_does_not_say(tmp_path, data_copy):
    project, phrase = nvivo_project(tmp_path, origin="Some QDA tool 1.0")
    plan = import_refi(project, data_copy, mapping=mapping_file(tmp_path), dry_run=True).plan.as_json()
    assert plan["counting"]["unit"] == "utf16" and "detected from the texts" in plan["counting"]["why"]
    assert [s["text"] for s in plan["selections"]] == [phrase]


def test_atlas_named_qde_crlf_as_one_and_non_ascii_before_the_selection(tmp_path, data_copy):
    text = "Catatan lapangan — Señora Ñ. Désa.\r\nHambatan utama adalah kurangnya dana desa.\r\n"
    phrase = "kurangnya dana desa"
    lf = text.replace("\r\n", "\n")
    start = lf.index(phrase)  # ATLAS.ti: code points, CRLF as one
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Desa" origin="ATLAS.ti 23.2.1">
{FOREIGN_CODES}
<Sources><TextSource guid="11111111-2222-3333-4444-555555555555" name="Catatan.txt" plainTextPath="internal://11111111-2222-3333-4444-555555555555.txt">
<PlainTextSelection guid="11111111-2222-3333-4444-666666666666" startPosition="{start}" endPosition="{start + len(phrase)}">
<Coding guid="11111111-2222-3333-4444-777777777777"><CodeRef targetGUID="c0de0000-0000-0000-0000-000000000002"/></Coding>
</PlainTextSelection></TextSource></Sources></Project>"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    project = make_qdpx(
        tmp_path / "atlas.qdpx",
        qde,
        {"sources/11111111-2222-3333-4444-555555555555.txt": text.encode()},
        qde_name="Desa.qde",
    )
    result = import_refi(project, data_copy, mapping=mapping_file(tmp_path), dry_run=True)
    assert result.problems == []
    plan = result.plan.as_json()
    assert plan["counting"]["crlf"] == 1 and plan["counting"]["unit"] == "codepoint"
    assert [s["text"] for s in plan["selections"]] == [phrase]
    assert plan["studies"][0]["study_id"] == "catatan"


def maxqda_project(tmp_path: Path) -> tuple[Path, str]:
    """MAXQDA: document variables in a nameless Case with one SourceRef and inside the source; studykit codes
    with new GUIDs."""
    text = "Program desa.\nKurangnya koordinasi antar dinas menghambat program.\n"
    phrase = "Kurangnya koordinasi antar dinas"
    start = text.index(phrase)
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project name="Proyek" origin="MAXQDA 2022 (Release 22.7.0)" xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="99999999-0000-0000-0000-000000000001" name="analis"/></Users>
<CodeBook><Codes>
 <Code guid="99999999-0000-0000-0000-0000000000b0" name="barrier (Faktor penghambat)" isCodable="true">
  <Code guid="99999999-0000-0000-0000-0000000000b8" name="T08 Coordination" isCodable="true"/></Code>
 <Code guid="99999999-0000-0000-0000-0000000000c0" name="secondary theme (tema sekunder)" isCodable="true">
  <Code guid="99999999-0000-0000-0000-0000000000c2" name="T02 Programme design" isCodable="true"/></Code>
</Codes></CodeBook>
<Variables>
 <Variable guid="99999999-0000-0000-0000-0000000000d1" name="province" typeOfVariable="Text"/>
 <Variable guid="99999999-0000-0000-0000-0000000000d2" name="admin_unit_type" typeOfVariable="Text"/>
 <Variable guid="99999999-0000-0000-0000-0000000000d3" name="Umur" typeOfVariable="Integer"/>
</Variables>
<Cases><Case guid="99999999-0000-0000-0000-0000000000e1">
 <VariableValue><VariableRef targetGUID="99999999-0000-0000-0000-0000000000d1"/><TextValue>Jawa Tengah</TextValue></VariableValue>
 <VariableValue><VariableRef targetGUID="99999999-0000-0000-0000-0000000000d3"/><IntegerValue>42</IntegerValue></VariableValue>
 <SourceRef targetGUID="99999999-0000-0000-0000-0000000000f1"/>
</Case></Cases>
<Sources><TextSource guid="99999999-0000-0000-0000-0000000000f1" name="Dinas Sosial" plainTextPath="internal://99999999-0000-0000-0000-0000000000f1.txt" creatingUser="99999999-0000-0000-0000-000000000001">
 <Description/>
 <PlainTextSelection guid="99999999-0000-0000-0000-0000000000a1" startPosition="{start}" endPosition="{start + len(phrase)}">
  <Description>Lack of coordination between agencies hinders the programme.</Description>
  <Coding guid="99999999-0000-0000-0000-0000000000a2"><CodeRef targetGUID="99999999-0000-0000-0000-0000000000b8"/></Coding>
 </PlainTextSelection>
 <PlainTextSelection guid="99999999-0000-0000-0000-0000000000a3" startPosition="{start}" endPosition="{start + len(phrase)}">
  <Coding guid="99999999-0000-0000-0000-0000000000a4"><CodeRef targetGUID="99999999-0000-0000-0000-0000000000c2"/></Coding>
 </PlainTextSelection>
 <VariableValue><VariableRef targetGUID="99999999-0000-0000-0000-0000000000d2"/><TextValue>kabupaten</TextValue></VariableValue>
</TextSource></Sources></Project>"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    return make_qdpx(
        tmp_path / "maxqda.qdpx", qde, {"sources/99999999-0000-0000-0000-0000000000f1.txt": text.encode()}
    ), phrase


def test_maxqda_variables_by_name_codes_and_a_written_study(tmp_path, data_copy):
    project, phrase = maxqda_project(tmp_path)
    result = import_refi(project, data_copy)
    assert result.problems == []
    study = result.plan.as_json()["studies"][0]
    assert study["attributes"] == {
        "province": "Jawa Tengah",
        "admin_unit_type": "kabupaten",
        "label": "Dinas Sosial",
        "label_id": "Dinas Sosial",
        "coded_by": "imported from MAXQDA 2022 (Release 22.7.0) by studykit import-refi",
    }
    assert study["unused_variables"] == {"Umur": "42"} and "city_as_written" in study["to_fill"]
    assert sorted(p.name for p in result.written) == ["dinas-sosial.txt", "dinas-sosial.yaml"]
    written = yaml.safe_load((data_copy / "studies" / "dinas-sosial.yaml").read_text(encoding="utf-8"))
    finding = written["findings"][0]
    assert (finding["finding_type"], finding["theme_id"], finding["secondary_theme_id"]) == (
        "barrier",
        "T08",
        "T02",
    )
    assert finding["quote"] == phrase and finding["review_status"] == "unreviewed"
    assert finding["summary_en"] == "Lack of coordination between agencies hinders the programme."
    # the new study only lacks the metadata the project did not carry: its quotes and codes are valid
    # (a draft, listed with what it still needs)
    draft_corpus, problems = validate_corpus(data_copy)
    assert problems == [] and [d.study_id for d in draft_corpus.drafts] == ["dinas-sosial"]
    missing = draft_corpus.drafts[0].missing
    assert missing and all(  # the metadata to fill, and the imported finding still to review
        p.file.endswith("dinas-sosial.yaml")
        and (
            p.field.split(".")[0] in set(study["to_fill"]) | {"source"} or p.message.startswith("unreviewed")
        )
        for p in missing
    )
    assert [p.field for p in missing if p.field.startswith("findings")] == ["findings.0.review_status"]


def test_a_variable_value_the_schema_does_not_allow_is_listed_not_imported(tmp_path, data_copy):
    project, _ = maxqda_project(tmp_path)
    with zipfile.ZipFile(project) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    qde = (
        files.pop("project.qde")
        .decode()
        .replace("<TextValue>kabupaten</TextValue>", "<TextValue>City</TextValue>")
    )
    result = import_refi(make_qdpx(tmp_path / "city.qdpx", qde, files), data_copy, dry_run=True)
    study = result.plan.as_json()["studies"][0]
    assert (
        result.problems == []
        and "admin_unit_type" not in study["attributes"]
        and "admin_unit_type" in study["to_fill"]
    )
    assert "'City'" in study["unused_variables"]["admin_unit_type"]


def test_qualcoder_bom_and_emoji_counted_as_code_points(tmp_path, data_copy):
    text = "Wawancara 😀😀 awal.\nHambatan utama adalah kurangnya dana desa.\n"
    phrase = "kurangnya dana desa"
    start = text.index(phrase)
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="qc" origin="QualCoder 3.6" creationDateTime="2024-01-01T00:00:00Z">
{FOREIGN_CODES.replace("<CodeBook>", "<CodeBook>")}
<Sources><TextSource guid="aaaaaaaa-0000-0000-0000-000000000001" name="w1.txt" plainTextPath="internal://aaaaaaaa-0000-0000-0000-000000000001.txt">
<PlainTextSelection guid="aaaaaaaa-0000-0000-0000-000000000002" name="" startPosition="{start}" endPosition="{start + len(phrase)}" creatingUser="aaaaaaaa-0000-0000-0000-000000000009">
<Coding guid="aaaaaaaa-0000-0000-0000-000000000003"><CodeRef targetGUID="C0DE0000-0000-0000-0000-000000000002"/></Coding>
</PlainTextSelection></TextSource></Sources></Project>"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    project = make_qdpx(
        tmp_path / "qc.qdpx",
        qde,
        {"sources/aaaaaaaa-0000-0000-0000-000000000001.txt": "\ufeff".encode() + text.encode()},
    )
    plan = import_refi(project, data_copy, mapping=mapping_file(tmp_path), dry_run=True).plan.as_json()
    assert plan["problems"] == [] and plan["counting"]["unit"] == "codepoint"
    assert [s["text"] for s in plan["selections"]] == [phrase]


# --- bad input: a clear problem, nothing written ------------------------------------------------


def _broken(tmp_path: Path, case: str) -> tuple[Path, Path | None]:
    project, _ = nvivo_project(tmp_path)
    with zipfile.ZipFile(project) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    qde = files.pop("project.qde").decode()
    mapping = mapping_file(tmp_path)
    if case == "unmapped":
        mapping.write_text("code,finding_type,theme_id\nLainnya,,\n", encoding="utf-8")
    elif case == "outside":
        qde = qde.replace('endPosition="', 'endPosition="9999', 1)
    elif case == "missing source":
        files = {}
    elif case in ("pdf", "audio", "image"):
        tag = {"pdf": "PDFSource", "audio": "AudioSource", "image": "PictureSource"}[case]
        qde = qde.replace(
            "</Sources>",
            f'<{tag} guid="{{AB000000-0000-0000-0000-0000000000F0}}" name="scan" path="internal://x.bin"/></Sources>',
        )
    elif case == "malformed":
        qde = qde.replace("</Sources>", "<Sources>")
    elif case == "bad mapping":
        mapping.write_text("code,finding_type,theme_id\nHambatan/Dana,barrier,T99\n", encoding="utf-8")
    return make_qdpx(tmp_path / f"{case.replace(' ', '-')}.qdpx", qde, files), mapping


@pytest.mark.parametrize(
    "case, expected",
    [
        ("unmapped", "Code/c0de0000-0000-0000-0000-000000000002: code 'Hambatan/Dana' is not mapped"),
        ("outside", "PlainTextSelection/ab000000-0000-0000-0000-0000000000aa: positions"),
        ("missing source", "TextSource/{AB000000-0000-0000-0000-000000000001}: its text sources/"),
        ("pdf", "PDF source 'scan' cannot be imported"),
        ("audio", "audio source 'scan' cannot be imported"),
        ("image", "image source 'scan' cannot be imported"),
        ("malformed", "project.qde: not well-formed XML at line"),
        ("bad mapping", "map.csv:2: theme_id: unknown theme id 'T99'"),
    ],
)
def test_bad_input_is_a_clear_problem_and_nothing_is_written(tmp_path, data_copy, case, expected):
    project, mapping = _broken(tmp_path, case)
    before = snapshot(data_copy)
    result = import_refi(project, data_copy, mapping=mapping)
    messages = [str(p) for p in result.problems]
    assert any(expected in m for m in messages), messages
    assert all(m.startswith((str(project), str(mapping))) for m in messages), messages
    assert result.written == [] and snapshot(data_copy) == before


def test_not_a_zip(tmp_path, data_copy):
    bad = tmp_path / "x.qdpx"
    bad.write_text("hello", encoding="utf-8")
    assert "is not a zip file" in str(import_refi(bad, data_copy).problems[0])
    missing = import_refi(tmp_path / "nope.qdpx", data_copy)
    assert [str(p) for p in missing.problems] == [
        f"{tmp_path / 'nope.qdpx'}: file: cannot be read (No such file or directory); check the path"
    ]


# --- the command ---------------------------------------------------------------------------------


def test_cli_dry_run_json_shape_and_exit_codes(tmp_path, data_copy):
    project, phrase = nvivo_project(tmp_path)
    before = snapshot(data_copy)
    ok = run_studykit(
        "import-refi",
        project,
        "--mapping",
        mapping_file(tmp_path),
        "--dry-run",
        "--format",
        "json",
        "--data",
        data_copy,
    )
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    assert {"origin", "sources", "codes", "selections", "problems"} <= set(out)
    assert out["sources"][0].keys() >= {"guid", "name", "chars"} and out["codes"][0].keys() >= {
        "guid",
        "name",
        "mapped_to",
    }
    assert (
        out["selections"][0].keys() >= {"source", "start", "end", "text", "codes"}
        and out["selections"][0]["text"] == phrase
    )
    bad = run_studykit("import-refi", project, "--data", data_copy)  # no mapping: unmapped codes
    assert bad.returncode == 1 and "is not mapped" in bad.stderr and "Traceback" not in bad.stderr
    text = run_studykit(
        "import-refi", project, "--mapping", mapping_file(tmp_path), "--dry-run", "--data", data_copy
    )
    assert text.returncode == 0 and "UTF-16 code units" in text.stdout and "would write" in text.stdout
    assert snapshot(data_copy) == before
