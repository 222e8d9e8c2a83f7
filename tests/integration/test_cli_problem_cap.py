"""A command prints a few problems of each sort, then how many more there are and how to list them all; the
count, the exit code and ``--format json`` stay complete (a corpus broken the same way in 500 studies
printed thousands of lines)."""

from __future__ import annotations

import json
import zipfile

import pytest
from helpers import invoke_studykit

BROKEN = 14  # study files with the same two problems: the cap (10) shown of each, 4 more of each counted


def _break(data_dir) -> None:
    first = sorted((data_dir / "studies").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    study_id = first.stem
    for n in range(BROKEN):  # the same study copied under other names: its id differs from the file name
        (data_dir / "studies" / f"zz-copy-{n:02d}.yaml").write_text(text, encoding="utf-8")
    return study_id


@pytest.mark.parametrize("lang", ["en", "id"])
def test_validate_shows_ten_of_a_sort_then_how_many_more_and_how_to_see_all(data_copy, lang):
    _break(data_copy)
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    differs = {"en": "differs from the file name", "id": "berbeda dari nama berkas"}[lang]
    named = [line for line in lines if differs in line]
    assert len(named) == 10, lines
    more = {"en": "… and 4 more like this", "id": "… dan 4 lagi yang serupa"}[lang]
    assert lines[lines.index(named[-1]) + 1].strip().startswith(more), lines
    assert "STUDYKIT_MAX_PROBLEMS_SHOWN=0" in lines[lines.index(named[-1]) + 1]
    total = sum(1 for line in lines if line.startswith(str(data_copy)))
    everything = invoke_studykit(
        "validate", "--data", data_copy, "--lang", lang, env={"STUDYKIT_MAX_PROBLEMS_SHOWN": "0"}
    )
    assert everything.returncode == 1
    all_lines = everything.stderr.splitlines()
    assert sum(1 for line in all_lines if differs in line) == BROKEN
    assert not any(line.strip().startswith("…") for line in all_lines)
    assert all_lines[-1] == lines[-1]  # the count: every problem, shown or not
    n = sum(1 for line in all_lines if line.startswith(str(data_copy)))
    assert n > total and str(n) in lines[-1], lines[-1]


def test_import_refi_json_lists_every_problem_while_its_text_is_capped(data_copy, tmp_path):
    g = "99999999-0000-0000-0000-0000000002"
    text = "Kurangnya koordinasi antar dinas menghambat program.\n"
    selections = "".join(
        f'<PlainTextSelection guid="{g}{n:02d}" startPosition="{500 + n}" endPosition="{520 + n}">'
        f'<Coding guid="{g}{n + 50:02d}"><CodeRef targetGUID="{g}b8"/></Coding></PlainTextSelection>'
        for n in range(12)
    )
    qde = f"""<?xml version="1.0" encoding="UTF-8"?>
<Project name="Proyek" origin="Alat QDA 1.0" xmlns="urn:QDA-XML:project:1.0">
<CodeBook><Codes>
 <Code guid="{g}b0" name="barrier (Faktor penghambat)" isCodable="true">
  <Code guid="{g}b8" name="T07 Coordination" isCodable="true"/></Code>
</Codes></CodeBook>
<Sources><TextSource guid="{g}f1" name="Dinas Sosial" plainTextPath="internal://{g}f1.txt">{selections}
</TextSource></Sources></Project>"""
    path = tmp_path / "tool.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        zf.writestr(f"sources/{g}f1.txt", text.encode())
    result = invoke_studykit("import-refi", path, "--data", data_copy, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    listed = [p for p in json.loads(result.stdout)["problems"] if "PlainTextSelection" in p]
    assert len(listed) == 12  # the JSON: every one
    printed = [line for line in result.stderr.splitlines() if "PlainTextSelection" in line]
    assert len(printed) == 10 and "… and 2 more like this" in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1].startswith("12 problems")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_validate_lists_ten_drafts_then_how_many_more_and_what_they_need(data_copy, tmp_path, lang):
    """500 drafts printed 500 lines (and their gaps): the drafts are capped as the other problems are."""
    from studykit import load_corpus
    from studykit.corpus.drafts import needs

    for n in range(12):
        source = tmp_path / f"draft-{n}.txt"
        source.write_text(
            f"Penelitian nomor {n} di Kota Surabaya tentang dana program ke-{n * 7}.\n", "utf-8"
        )
        made = invoke_studykit("new-study", source, "--id", f"draft-{n:02d}", "--data", data_copy)
        assert made.returncode == 0, made.stderr
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    word = {"en": "draft ", "id": "draf "}[lang]
    listed = [line for line in lines if line.startswith(word)]
    assert len(listed) == 10, lines  # the cap, as for every other sort
    assert sum(1 for line in lines if "admin_unit:" in line) == 10  # the gaps of the drafts listed
    more = lines[lines.index(listed[-1]) + 1 :]
    more = next(line for line in more if line.startswith("…"))
    rest = load_corpus(data_copy).drafts[10:]
    fields = sum(d.empty_fields for d in rest)
    assert fields > 2 and needs(rest, lang) in more, more  # what the 2 not listed still need, in all
    expected = {
        "en": f"… and 2 more drafts, left out of the reports until finished, with {fields} fields to fill in",
        "id": f"… dan 2 draf lagi, tidak dimasukkan ke laporan sampai selesai, dengan total {fields} kolom",
    }[lang]
    assert more.startswith(expected) and "STUDYKIT_MAX_PROBLEMS_SHOWN=0" in more, more
    assert lines[-1].endswith(
        {"en": "12 drafts left out until finished", "id": "12 draf tidak dimasukkan sampai selesai"}[lang]
    )
    everything = invoke_studykit(
        "validate", "--data", data_copy, "--lang", lang, env={"STUDYKIT_MAX_PROBLEMS_SHOWN": "0"}
    )
    all_lines = everything.stdout.splitlines()
    assert sum(1 for line in all_lines if line.startswith(word)) == 12
    assert not any(line.startswith("…") for line in all_lines)
