"""Hostile YAML (issue 19, cases 2, 3, 9, 10): duplicate keys, truncated files, nesting that crashed
libyaml, alias bombs, and the internal errors on ids, NUL bytes and control characters.

A case that could exhaust memory or crash the interpreter (a bomb, a cap, deep nesting) runs the real
command in a subprocess, memory-capped (``helpers.run_capped``); the others run the command in process
(``helpers.invoke_studykit``), where any exception fails the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from helpers import ALIAS_BOMB, NESTED, assert_refused, invoke_studykit, run_capped, tree_hashes

from studykit.corpus.tables import FINDING_COLUMNS

STUDY = "jambi-bantar"


def _study(data: Path) -> Path:
    return data / "studies" / f"{STUDY}.yaml"


def test_a_second_findings_block_is_refused_by_validate_and_suggest_write(data_copy):
    path = _study(data_copy)
    text = path.read_text(encoding="utf-8")
    first = yaml.safe_load(text)["findings"][:1]
    path.write_text(text + yaml.safe_dump({"findings": first}, allow_unicode=True, sort_keys=False))
    line = text.count("\n") + 1  # the second `findings:` key
    before = tree_hashes(data_copy)
    for args in (("validate", "--data", data_copy), ("suggest", STUDY, "--write", "--data", data_copy)):
        result = invoke_studykit(*args)
        assert_refused(result, f"studies/{STUDY}.yaml:{line}", "duplicate key 'findings'")
    assert tree_hashes(data_copy) == before


def test_a_study_file_cut_mid_word_is_caught(data_copy):
    path = _study(data_copy)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last_quote = text.rindex("\n    quote: ")
    assert "\n" not in text[last_quote + 1 :]  # the file ends with that quote, a plain one-line scalar
    word = text.split()[-1]
    assert len(word) >= 4 and word.isalpha()
    path.write_text(text[:-2])  # a partial copy: the last quote now ends inside its last word
    result = invoke_studykit("validate", "--data", data_copy)
    assert_refused(result, f"studies/{STUDY}.yaml:", "quote ends inside the word", repr(word))


@pytest.mark.parametrize("where", ["study", "manifest"])
def test_60_kb_of_nested_brackets_is_refused_not_a_segfault(data_copy, where):
    root = data_copy.parent
    (root / "reports.yaml").write_text("languages: [en]\nreports: " + NESTED + "\n")
    if where == "study":
        path = _study(data_copy)
        path.write_text(path.read_text(encoding="utf-8").replace("\nlabel: ", f"\nlabel: {NESTED}\nx: ", 1))
        result = run_capped("validate", "--data", data_copy, cwd=root)
        assert_refused(result, f"studies/{STUDY}.yaml:", "STUDYKIT_MAX_YAML_DEPTH")
    result = run_capped(
        "render", "--list", "--data", data_copy, "--manifest", root / "reports.yaml", cwd=root
    )
    assert_refused(result, "STUDYKIT_MAX_YAML_DEPTH")
    assert result.returncode != -11


def test_an_alias_bombed_label_is_refused_before_it_expands(data_copy):
    path = _study(data_copy)
    text = path.read_text(encoding="utf-8")
    bombed = re.sub(r"(?m)^label: .*$", lambda _: ALIAS_BOMB + "\nlabel: *i", text, count=1)
    path.write_text(bombed, encoding="utf-8")
    root = data_copy.parent
    for args in (("validate", "--data", data_copy), ("render", "--list", "--data", data_copy)):
        assert_refused(run_capped(*args, cwd=root), f"studies/{STUDY}.yaml:", "STUDYKIT_MAX_YAML_NODES")


def test_ids_nul_bytes_and_control_characters_are_clear_problems(data_copy):
    root = data_copy.parent
    path = _study(data_copy)
    text = path.read_text(encoding="utf-8")
    long_id = "a" * 300
    result = invoke_studykit("new-study", data_copy / "sources" / f"{STUDY}.txt", "--id", long_id)
    assert_refused(result, "--id", "at most 200")
    for target in (long_id, long_id + ".txt"):  # longer than a file name may be: no OSError
        assert_refused(invoke_studykit("suggest", target, "--data", data_copy), long_id)
    sheet = root / "long.csv"
    sheet.write_text(",".join(FINDING_COLUMNS) + "\n" + long_id + "," * (len(FINDING_COLUMNS) - 1) + "\n")
    assert_refused(invoke_studykit("import-findings", sheet, "--data", data_copy), "long.csv:2: study_id")
    path.write_text(text.replace("file: sources/", 'file: "sources/\\0', 1).replace(".txt\n", '.txt"\n', 1))
    for args in (("validate", "--data", data_copy), ("suggest", STUDY, "--data", data_copy)):
        assert_refused(invoke_studykit(*args), f"studies/{STUDY}.yaml", "source.file")
    path.write_text(re.sub(r"(?m)^(\s+summary_en: )(.*)$", r'\1"\2 \\x01"', text, count=1))
    result = invoke_studykit("validate", "--data", data_copy)
    assert_refused(result, f"studies/{STUDY}.yaml:", "summary_en", "U+0001")


def test_a_huge_study_file_and_a_fifo_are_refused_before_they_are_read(data_copy):
    huge = data_copy / "studies" / "huge.yaml"
    with open(huge, "wb") as fh:
        fh.truncate(80 * 2**20)  # sparse: 80 MB of nothing, refused by its size
    os.mkfifo(data_copy / "studies" / "pipe.yaml")  # opening it would wait for a writer for ever
    result = run_capped("validate", "--data", data_copy, cwd=data_copy.parent, timeout=60)
    assert_refused(result, "studies/huge.yaml", "STUDYKIT_MAX_FILE_BYTES")
    assert_refused(result, "studies/pipe.yaml", "not a regular file")
