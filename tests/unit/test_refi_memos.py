"""Memos through REFI-QDA: written as Notes linked from the project, source, codes and selection; read back
as memos."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from helpers import write_memos
from lxml import etree

from studykit import load_corpus
from studykit.coding.refi.export import PROJECT_FILE, write_refi
from studykit.coding.refi.importer import import_refi
from studykit.coding.refi.xmlio import PROJECT_NS, schema_errors
from studykit.paths import DATA_DIR

NS = {"p": PROJECT_NS}


def _empty(tmp_path: Path) -> Path:
    target = tmp_path / "fresh" / "data"
    shutil.copytree(DATA_DIR / "codebook", target / "codebook")
    return target


def _finding_memos(corpus) -> dict:
    """Finding memos keyed by what the finding is (ids may be renumbered by an import)."""
    f = corpus.findings.set_index("finding_id")
    m = corpus.memos[corpus.memos["level"] == "finding"]
    return {
        (f.at[t, "study_id"], f.at[t, "finding_type"], f.at[t, "theme_id"], f.at[t, "quote"]): (a, d, lang, x)
        for t, a, d, lang, x in zip(
            m["target"], m["author"], m["date"], m["language"], m["text"], strict=False
        )
    }


def _other_memos(corpus) -> set:
    m = corpus.memos[corpus.memos["level"] != "finding"]
    return set(
        zip(
            m["level"], m["target"], m["author"], m["date"], m["language"].fillna(""), m["text"], strict=False
        )
    )


def test_memos_are_notes_linked_from_project_source_codes_and_selection(data_copy, tmp_path):
    texts = write_memos(data_copy)
    write_refi(load_corpus(data_copy), tmp_path / "out")
    data = zipfile.ZipFile(tmp_path / "out" / PROJECT_FILE).read("project.qde")
    assert schema_errors(data) == []
    root = etree.fromstring(data)
    notes = {n.get("guid"): n for n in root.findall("p:Notes/p:Note", NS)}
    users = {u.get("guid"): u.get("name") for u in root.findall("p:Users/p:User", NS)}

    def memo_texts(node):
        return [
            notes[r.get("targetGUID")].findtext("p:PlainTextContent", namespaces=NS)
            for r in node.findall("p:NoteRef", NS)
        ]

    assert memo_texts(root) == [texts["project"]]
    source = root.find("p:Sources/p:TextSource[@name='jambi-bantar']", NS)
    assert memo_texts(source) == [texts["study"]]
    selection = source.find(f"p:PlainTextSelection[@name='{texts['finding_id']}']", NS)
    assert texts["finding"] in memo_texts(selection)
    theme_codes = [c for c in root.iter(f"{{{PROJECT_NS}}}Code") if c.get("name", "").startswith("T04 ")]
    assert len(theme_codes) == 7 and all(memo_texts(c) == [texts["theme"]] for c in theme_codes)
    study_note = notes[source.find("p:NoteRef", NS).get("targetGUID")]
    assert users[study_note.get("creatingUser")] == "B. Peneliti"
    assert (
        study_note.get("creationDateTime") == "2026-12-02T00:00:00Z" and study_note.get("name") == "Memo (id)"
    )


def test_export_then_import_gives_back_the_same_memos(data_copy, tmp_path):
    write_memos(data_copy)
    original = load_corpus(data_copy)
    write_refi(original, tmp_path / "out")
    target = _empty(tmp_path)
    result = import_refi(tmp_path / "out" / PROJECT_FILE, target, reviewed=True)
    assert result.problems == []
    back = load_corpus(target)
    assert len(back.memos) == len(original.memos) == 4
    assert _other_memos(back) == _other_memos(original)
    assert _finding_memos(back) == _finding_memos(original)
    # a second import into the result changes nothing: the memo files exist with the same text
    again = import_refi(tmp_path / "out" / PROJECT_FILE, target, reviewed=True)
    assert again.problems == [] and not again.plan.memo_files


def test_memos_of_another_tool_become_study_and_theme_memos_and_a_plain_segment_note_stays_a_summary(
    tmp_path, data_copy
):
    text = "Program desa.\nKurangnya koordinasi antar dinas menghambat program.\n"
    phrase = "Kurangnya koordinasi antar dinas"
    start = text.index(phrase)
    g = "99999999-0000-0000-0000-0000000000"
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project name="Proyek" origin="MAXQDA 2022" xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="{g}01" name="Analis MAXQDA"/></Users>
<CodeBook><Codes>
 <Code guid="{g}b0" name="barrier (Faktor penghambat)" isCodable="true">
  <Code guid="{g}b8" name="T07 Coordination" isCodable="true"><NoteRef targetGUID="{g}c2"/></Code></Code>
</Codes></CodeBook>
<Sources><TextSource guid="{g}f1" name="Dinas Sosial" plainTextPath="internal://{g}f1.txt">
 <PlainTextSelection guid="{g}a1" startPosition="{start}" endPosition="{start + len(phrase)}">
  <Coding guid="{g}a2"><CodeRef targetGUID="{g}b8"/></Coding>
  <NoteRef targetGUID="{g}c3"/>
 </PlainTextSelection>
 <NoteRef targetGUID="{g}c1"/>
</TextSource></Sources>
<Notes>
 <Note guid="{g}c1" name="Dokumen-Memo" creatingUser="{g}01" creationDateTime="2026-11-30T09:15:00Z"><PlainTextContent>Memo dokumen: wawancara kedua perlu dicek.</PlainTextContent></Note>
 <Note guid="{g}c2" name="Code memo" creatingUser="{g}01" creationDateTime="2026-11-29T08:00:00"><PlainTextContent>Koordinasi: bedakan dengan T02.</PlainTextContent></Note>
 <Note guid="{g}c3" name="Kommentar"><PlainTextContent>Lack of coordination hinders the programme.</PlainTextContent></Note>
</Notes></Project>"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    path = tmp_path / "maxqda.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        zf.writestr(f"sources/{g}f1.txt", text.encode())
    result = import_refi(path, data_copy)
    assert result.problems == []
    study = result.plan.studies[0]
    assert study.findings[0]["summary_en"] == "Lack of coordination hinders the programme."
    assert "memo" not in study.findings[0]
    study_memo = (data_copy / "memos/studies" / f"{study.study_id}.md").read_text(encoding="utf-8")
    assert (
        study_memo
        == "---\nauthor: Analis MAXQDA\ndate: 2026-11-30\n---\nMemo dokumen: wawancara kedua perlu dicek.\n"
    )
    theme_memo = (data_copy / "memos/themes/T07.md").read_text(encoding="utf-8")
    assert (
        theme_memo.startswith("---\nauthor: Analis MAXQDA\ndate: 2026-11-29\n")
        and "bedakan dengan T02" in theme_memo
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_memo_without_an_author_says_where_it_came_from_in_the_imports_language(tmp_path, data_copy, lang):
    text = "Program desa.\nKurangnya koordinasi antar dinas menghambat program.\n"
    phrase = "Kurangnya koordinasi antar dinas"
    start = text.index(phrase)
    g = "99999999-0000-0000-0000-0000000001"
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project name="Proyek" origin="Alat QDA 1.0" xmlns="urn:QDA-XML:project:1.0">
<CodeBook><Codes>
 <Code guid="{g}b0" name="barrier (Faktor penghambat)" isCodable="true">
  <Code guid="{g}b8" name="T07 Coordination" isCodable="true"/></Code>
</Codes></CodeBook>
<Sources><TextSource guid="{g}f1" name="Dinas Sosial" plainTextPath="internal://{g}f1.txt">
 <PlainTextSelection guid="{g}a1" startPosition="{start}" endPosition="{start + len(phrase)}">
  <Coding guid="{g}a2"><CodeRef targetGUID="{g}b8"/></Coding>
  <NoteRef targetGUID="{g}c3"/>
 </PlainTextSelection>
 <NoteRef targetGUID="{g}c1"/>
</TextSource></Sources>
<Notes>
 <Note guid="{g}c1" name="Dokumen-Memo"><PlainTextContent>Memo dokumen tanpa penulis.</PlainTextContent></Note>
 <Note guid="{g}c3" name="Memo temuan"><PlainTextContent>Memo temuan tanpa penulis.</PlainTextContent></Note>
</Notes></Project>"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    path = tmp_path / "tool.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        zf.writestr(f"sources/{g}f1.txt", text.encode())
    result = import_refi(path, data_copy, lang=lang)
    assert result.problems == []
    study = result.plan.studies[0]
    byline = {"en": "imported from Alat QDA 1.0", "id": "diimpor dari Alat QDA 1.0"}[lang]
    other = {"en": "diimpor dari", "id": "imported from"}[lang]
    study_memo = (data_copy / "memos/studies" / f"{study.study_id}.md").read_text(encoding="utf-8")
    assert f"author: {byline}\n" in study_memo and other not in study_memo, study_memo
    written = (data_copy / "studies" / f"{study.study_id}.yaml").read_text(encoding="utf-8")
    assert f"author: {byline}" in written and "Memo temuan tanpa penulis." in written, written
    assert other not in written


def test_a_memo_without_a_date_gets_the_same_day_in_every_time_zone(monkeypatch):
    """A note the tool wrote without a date is dated the day of the import by the workbench's clock (UTC), not
    the machine's local day: UTC+14 and UTC-12 are always a calendar day apart."""
    import time

    from studykit.coding.refi.memo_import import memo_text
    from studykit.coding.refi.memo_notes import RefiMemo

    def dated(zone: str) -> str:
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        return memo_text([RefiMemo("project", "", "A thought.")], None).en

    try:
        east, west = dated("Pacific/Kiritimati"), dated("Etc/GMT+12")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "A thought." in east and east == west
