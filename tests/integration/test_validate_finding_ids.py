"""`studykit validate` names a finding by its id, as the coder sees it in the workbench and the study file,
not only by its position: ``findings.3.finding_type: finding bengkulu-samisake-04: …`` (the field stays the
position, for whatever reads it; ``Problem.finding_id`` carries the id)."""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import invoke_studykit, replace_in, unknown_theme
from helpers.breakages import not_allowed

from studykit import validate_corpus

BENGKULU = "studies/bengkulu-samisake.yaml"


def _ids(data_copy) -> list[str]:
    content = yaml.safe_load((data_copy / BENGKULU).read_text(encoding="utf-8"))
    return [f["finding_id"] for f in content["findings"]]


@pytest.mark.parametrize(
    ("breakage", "index", "field"),
    [(not_allowed, 3, "finding_type"), (unknown_theme, 5, "theme_id")],  # the schema's check, a content check
)
def test_a_problem_of_a_finding_names_its_id_in_both_languages(data_copy, breakage, index, field):
    breakage(data_copy)
    ids = _ids(data_copy)
    for lang, word in (("en", "finding"), ("id", "temuan")):
        result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
        assert result.returncode == 1
        line = rf"{re.escape(BENGKULU)}:\d+: findings\.{index}\.{field}: {word} {ids[index]}: \S"
        assert re.search(line, result.stderr), result.stderr
    _, problems = validate_corpus(data_copy)
    assert [(p.field, p.finding_id) for p in problems] == [(f"findings.{index}.{field}", ids[index])]


def test_a_draft_names_the_finding_whose_summary_is_still_to_write(data_copy):
    ids = _ids(data_copy)
    path = data_copy / BENGKULU
    text = path.read_text(encoding="utf-8")
    at = text.index("summary_en: ", text.index(f"finding_id: {ids[2]}"))
    path.write_text(text[:at] + "summary_en: null" + text[text.index("\n", at) :], encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"findings\.2\.summary_en: finding {ids[2]}: ", result.stdout), result.stdout


def test_an_unreadable_finding_id_is_not_named_nor_the_finding_id_field(data_copy):
    ids = _ids(data_copy)
    replace_in(data_copy / BENGKULU, f"finding_id: {ids[1]}", "finding_id: 'bad id \\x1b[31m'")
    path = data_copy / BENGKULU
    text = path.read_text(encoding="utf-8")
    at = text.index("finding_type: ", text.index("bad id"))  # and a problem of another field of finding 1
    path.write_text(text[:at] + "finding_type: obstacle" + text[text.index("\n", at) :], encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if re.search(r": findings\.[12]\.", line)]
    assert any("findings.1.finding_type: 'obstacle'" in line for line in lines), result.stderr
    assert len(lines) == 2 and not any(": finding " in line for line in lines), result.stderr
