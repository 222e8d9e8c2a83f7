"""tests/nbval_sanitize.cfg neutralises only what is volatile by design (the footer's data hash and version,
the Python patch release the methods appendix names): never a number of a table or a text of a finding."""

from __future__ import annotations

import configparser
import json
import re

from studykit.paths import PROJECT_ROOT, baseline_notebooks

# the cells whose outputs may carry what the rules replace
STAMPED = {"common.footer(r)", "methods.software(r)"}


def _rules() -> list[tuple[str, str]]:
    parser = configparser.ConfigParser()
    parser.read(PROJECT_ROOT / "tests/nbval_sanitize.cfg", encoding="utf-8")
    return [(parser[s]["regex"], parser[s]["replace"]) for s in parser.sections()]


def _sanitize(text: str) -> str:
    for regex, replace in _rules():
        text = re.sub(regex, replace, text)
    return text


def test_the_rules_match_only_in_the_footer_and_the_software_versions():
    matched = set()
    for path in baseline_notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            outputs = json.dumps(cell.get("outputs", []), ensure_ascii=False)
            if any(re.search(regex, outputs) for regex, _ in _rules()):
                matched.add("".join(cell["source"]).strip())
    assert matched == STAMPED


def test_a_python_patch_release_is_neutralised_but_not_its_minor_release():
    line = "Coded, analysed and reported with studykit 0.1.0 (Python 3.11.7, pandas 3.1.1); input data {}"
    assert _sanitize(line.format("0123456789ab")) == _sanitize(
        line.replace("3.11.7", "3.11.9").replace("0.1.0", "0.2.0").format("ba9876543210")
    )
    assert _sanitize(line) != _sanitize(line.replace("3.11.7", "3.12.7"))
    assert _sanitize(line) != _sanitize(line.replace("pandas 3.1.1", "pandas 3.2.0"))


def test_numbers_and_texts_of_a_report_stay_compared():
    for changed in ("a barrier in 3 of 5 studies", "input data 12 coded", "Python 3 (ipykernel)", "1,000"):
        assert _sanitize(changed) == changed
    assert _sanitize("| 2 / 5 | 1 / 5 |") != _sanitize("| 2 / 5 | 0 / 5 |")
