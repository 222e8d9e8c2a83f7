"""REFI-QDA export: both files validate against the official schemas, repeat byte for byte, and carry every
finding."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import FINDINGS_PER_STUDY, generate, replace_in, run_studykit
from lxml import etree

from studykit import load_corpus
from studykit.coding.refi.codebook import SECONDARY
from studykit.coding.refi.export import CODEBOOK_FILE, PROJECT_FILE, write_refi
from studykit.coding.refi.guids import guid
from studykit.coding.refi.xmlio import CODEBOOK_NS, PROJECT_NS, schema_errors
from studykit.corpus.provenance import normalize_whitespace
from studykit.corpus.schema import FINDING_TYPES
from studykit.files import ZIP_DATE

NS = {"p": PROJECT_NS, "c": CODEBOOK_NS}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, corpus):
    out = tmp_path_factory.mktemp("refi")
    write_refi(corpus, out)
    with zipfile.ZipFile(out / PROJECT_FILE) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
        infos = zf.infolist()
    return out, members, infos


def test_codebook_validates_against_codebook_xsd(exported):
    data = (exported[0] / CODEBOOK_FILE).read_bytes()
    assert etree.QName(etree.fromstring(data)).namespace == CODEBOOK_NS
    assert schema_errors(data) == []


def test_project_validates_against_project_xsd(exported):
    data = exported[1]["project.qde"]
    assert etree.QName(etree.fromstring(data)).namespace == PROJECT_NS
    assert schema_errors(data) == []


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda root: root.find("c:Codes", NS).addnext(etree.Element(f"{{{CODEBOOK_NS}}}Sets")), "Sets"),
        (lambda root: root.find(".//c:Code", NS).set("guid", "not-a-guid"), "guid"),
        (lambda root: root.find(".//c:Code", NS).attrib.pop("isCodable"), "isCodable"),
    ],
)
def test_the_schema_check_catches_an_invalid_codebook(exported, edit, expected):
    """Guard against a validator that accepts anything: an empty <Sets/>, a bad GUID, a missing attribute
    fail."""
    root = etree.fromstring((exported[0] / CODEBOOK_FILE).read_bytes())
    edit(root)
    errors = schema_errors(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert errors and expected in " ".join(errors)


def test_the_schema_check_catches_an_invalid_project(exported):
    root = etree.fromstring(exported[1]["project.qde"])
    root.find(".//p:PlainTextSelection", NS).attrib.pop("startPosition")
    assert any("startPosition" in e for e in schema_errors(etree.tostring(root, encoding="UTF-8")))


def test_repeated_exports_are_byte_identical(tmp_path, corpus):
    write_refi(corpus, tmp_path / "a")
    write_refi(corpus, tmp_path / "b")
    for name in (CODEBOOK_FILE, PROJECT_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        [CODEBOOK_FILE, PROJECT_FILE]
    )  # no temp folder left


def test_zip_layout_is_the_standards(exported):
    _, members, infos = exported
    names = [i.filename for i in infos]
    assert names == sorted(names) and names[0] == "project.qde"
    assert all(i.date_time == ZIP_DATE for i in infos)
    root = etree.fromstring(members["project.qde"])
    paths = [s.get("plainTextPath") for s in root.iterfind(".//p:TextSource", NS)]
    assert paths and all(p.startswith("internal://") for p in paths)
    assert {f"sources/{p.removeprefix('internal://')}" for p in paths} == set(names) - {"project.qde"}


def test_codebook_has_every_theme_under_every_type(exported, corpus):
    root = etree.fromstring((exported[0] / CODEBOOK_FILE).read_bytes())
    top = root.findall("c:Codes/c:Code", NS)
    assert len(top) == len(FINDING_TYPES) + 1 and all(
        c.get("isCodable") == "false" for c in top
    )  # + secondary
    for folder in top:
        names = [c.get("name")[:3] for c in folder.findall("c:Code", NS)]
        assert names == sorted(corpus.theme_ids)
    t01 = root.find(f".//c:Code[@guid='{guid('code', 'barrier', 'T01')}']", NS)
    description = t01.find("c:Description", NS).text
    theme = corpus.themes.set_index("theme_id").loc["T01"]
    assert theme["definition_en"] in description and theme["definition_id"] in description


def test_every_finding_is_a_coded_selection_over_its_quote(exported, corpus):
    _, members, _ = exported
    root = etree.fromstring(members["project.qde"])
    codes = {c.get("guid") for c in root.iterfind(".//p:Code", NS)}
    notes = {
        n.get("guid"): n.find("p:PlainTextContent", NS).text for n in root.iterfind("p:Notes/p:Note", NS)
    }
    seen = set()
    for source in root.iterfind(".//p:TextSource", NS):
        text = members["sources/" + source.get("plainTextPath").removeprefix("internal://")].decode("utf-8")
        for sel in source.iterfind("p:PlainTextSelection", NS):
            f = corpus.findings.set_index("finding_id").loc[sel.get("name")]
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert (start, end) == (f["quote_start"], f["quote_end"])
            assert normalize_whitespace(text[start:end]) == normalize_whitespace(f["quote"])
            refs = [c.find("p:CodeRef", NS).get("targetGUID") for c in sel.iterfind("p:Coding", NS)]
            expected = [guid("code", f["finding_type"], f["theme_id"])]
            if isinstance(f["secondary_theme_id"], str):
                expected.append(guid("code", SECONDARY, f["secondary_theme_id"]))
            assert refs == expected and set(refs) <= codes
            note = notes[sel.find("p:NoteRef", NS).get("targetGUID")]
            assert f"EN: {f['summary_en']}" in note and f"ID: {f['summary_id']}" in note
            seen.add(sel.get("name"))
    assert seen == set(corpus.findings["finding_id"]) and len(seen) == len(corpus.findings) > 0


def test_a_rejected_suggestion_is_no_coded_selection(tmp_path, data_copy):
    """A rejected suggestion stays in its study file, never analysed; exported as a coding, a QDA tool showed
    it as one and `import-refi` into another data directory brought it back as a finding."""
    study = data_copy / "studies/jambi-bantar.yaml"
    replace_in(
        study,
        "  - finding_id: jambi-bantar-02\n",
        "  - finding_id: jambi-bantar-02\n    review_status: rejected\n",
    )
    corpus = load_corpus(data_copy)
    assert "rejected" in set(corpus.findings["review_status"])
    write_refi(corpus, tmp_path)
    with zipfile.ZipFile(tmp_path / PROJECT_FILE) as zf:
        qde = zf.read("project.qde")
    assert schema_errors(qde) == []
    root = etree.fromstring(qde)
    names = {s.get("name") for s in root.iterfind(".//p:PlainTextSelection", NS)}
    assert "jambi-bantar-02" not in names and "jambi-bantar-01" in names
    assert len(names) == len(corpus.findings) - 1


def test_study_attributes_are_case_variables(exported, corpus):
    root = etree.fromstring(exported[1]["project.qde"])
    names = {v.get("guid"): v.get("name") for v in root.iterfind("p:Variables/p:Variable", NS)}
    assert {"admin_unit_type", "programme_owner", "year", "source_sha256"} <= set(names.values())
    cases = root.findall("p:Cases/p:Case", NS)
    assert sorted(c.get("name") for c in cases) == sorted(corpus.study_ids)
    for case in cases:
        study = corpus.studies.set_index("study_id").loc[case.get("name")]
        values = {
            names[v.find("p:VariableRef", NS).get("targetGUID")]: v[1].text
            for v in case.iterfind("p:VariableValue", NS)
        }
        assert values["province"] == study["province"]
        assert (values["frameworks_declared"] or "") == "; ".join(
            study["frameworks_declared"]
        )  # empty list: empty value
        assert values["source_sha256"] == study["source_sha256"]
        assert [r.get("targetGUID") for r in case.iterfind("p:SourceRef", NS)] == [
            guid("source", case.get("name"))
        ]


def _add_unicode_prefix(data_dir: Path, study_id: str, prefix: str) -> None:
    """Prepend text to a study's source and record its new hash (quotes are located afresh on load)."""
    source = data_dir / "sources" / f"{study_id}.txt"
    text = prefix + source.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    study = data_dir / "studies" / f"{study_id}.yaml"
    old = yaml.safe_load(study.read_text(encoding="utf-8"))["source"]["sha256"]
    study.write_text(
        study.read_text(encoding="utf-8").replace(old, hashlib.sha256(text.encode()).hexdigest()),
        encoding="utf-8",
    )


def test_positions_count_code_points_not_utf16_units(tmp_path, data_copy):
    """REFI-QDA 1.5 §10.2: characters outside the BMP (emoji) count once, not as two UTF-16 units."""
    _add_unicode_prefix(data_copy, "jambi-bantar", "Catatan 😀🙂 — ŝ̈ 𝔸\n")
    corpus = load_corpus(data_copy)
    write_refi(corpus, tmp_path)
    with zipfile.ZipFile(tmp_path / PROJECT_FILE) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        source = root.find(".//p:TextSource[@name='jambi-bantar']", NS)
        text = zf.read("sources/" + source.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
    assert text.startswith("Catatan 😀🙂")
    sel = source.find("p:PlainTextSelection", NS)
    start = int(sel.get("startPosition"))
    f = corpus.findings.set_index("finding_id").loc[sel.get("name")]
    assert normalize_whitespace(text[start : int(sel.get("endPosition"))]) == normalize_whitespace(f["quote"])
    assert len(text[:start].encode("utf-16-le")) // 2 == start + 3  # what a UTF-16 count would have said


def test_synthetic_corpus_exports_valid_files(tmp_path):
    corpus = load_corpus(generate(25))
    write_refi(corpus, tmp_path)
    assert schema_errors((tmp_path / CODEBOOK_FILE).read_bytes()) == []
    with zipfile.ZipFile(tmp_path / PROJECT_FILE) as zf:
        qde = zf.read("project.qde")
        assert len(zf.namelist()) == 25 + 1  # the 25 sources and project.qde
    assert schema_errors(qde) == []
    assert qde.count(b"<PlainTextSelection ") == 25 * FINDINGS_PER_STUDY


def test_cli_export_refi(tmp_path):
    result = run_studykit("export", "--refi", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "studykit-codebook.qdc" in result.stdout
    assert schema_errors((tmp_path / "out" / CODEBOOK_FILE).read_bytes()) == []
    assert not (tmp_path / "out" / "findings.csv").exists()


def test_the_codebook_s_history_travels_with_the_codes_and_theme_memos_stay_on_their_theme(
    data_copy, tmp_path
):
    """After T05 was merged into T04 and an emergent T17 added, the exported codes say so in their
    descriptions (both languages, as report 8 does), there is no T05 code, and T04's memo is T04's."""
    from helpers.codebooks import add_theme, merge_theme

    add_theme(
        data_copy, "T17", ["aplikasi"], label="Information systems", origin="emergent", added="2026-12-03"
    )
    merge_theme(data_copy, "T05", "T04")
    (data_copy / "memos/themes").mkdir(parents=True, exist_ok=True)
    (data_copy / "memos/themes/T04.md").write_text(
        "---\nauthor: A. Analyst\ndate: 2026-12-04\n---\nBudget and time, since the merge.\n",
        encoding="utf-8",
    )
    write_refi(load_corpus(data_copy), tmp_path)
    codebook = etree.fromstring((tmp_path / CODEBOOK_FILE).read_bytes())
    described = {
        c.get("name"): c.findtext("c:Description", namespaces=NS) for c in codebook.iterfind(".//c:Code", NS)
    }
    assert not any(name.startswith("T05") for name in described)
    t04 = described["T04 Financial resources & budget"]
    assert "Theme T05 was merged into this one" in t04 and "Tema T05 digabung ke tema ini" in t04
    t17 = described["T17 Information systems"]
    assert "Added while coding (2026-12-03), origin emergent" in t17 and "asal emergen" in t17
    with zipfile.ZipFile(tmp_path / PROJECT_FILE) as zf:
        project = etree.fromstring(zf.read("project.qde"))
    memo = next(
        n
        for n in project.iterfind(".//p:Note", NS)
        if "since the merge" in (n.findtext("p:PlainTextContent", namespaces=NS) or "")
    )
    holders = {
        c.get("name")
        for c in project.iterfind(".//p:Code", NS)
        if c.find(f"p:NoteRef[@targetGUID='{memo.get('guid')}']", NS) is not None
    }
    assert holders == {"T04 Financial resources & budget"}
