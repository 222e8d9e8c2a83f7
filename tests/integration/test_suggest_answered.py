"""What a study file has answered is not proposed again, by every route: `suggest` (text, json, csv),
`suggest --write` and the workbench, one rule (coding/decided.py); the csv numbers on after the file's ids."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import invoke_studykit

from studykit.coding import studyfile
from studykit.coding.bench import Session
from studykit.corpus.provenance import locate_quote

STUDY = "purbayan-p2kp"


def file_findings(data) -> list[dict]:
    return [dict(f) for f in studyfile.load((data / f"studies/{STUDY}.yaml").read_text("utf-8"))["findings"]]


def suggested(data, fmt: str):
    result = invoke_studykit("suggest", STUDY, "--format", fmt, "--data", data)
    assert result.returncode == 0, result.stderr
    return result


def test_csv_json_and_write_propose_the_same_findings_with_the_ids_write_gives(data_copy):
    before = file_findings(data_copy)
    as_csv, as_json = suggested(data_copy, "csv"), suggested(data_copy, "json")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    [left_out] = re.findall(r"(\d+) suggestions? left out", as_csv.stderr)
    assert int(left_out) > 0  # the bundled study has coded what the suggester finds
    written = invoke_studykit("suggest", STUDY, "--write", "--data", data_copy)
    assert written.returncode == 0 and f"({left_out} already there)" in written.stdout
    appended = file_findings(data_copy)[len(before) :]
    key = ("finding_id", "finding_type", "theme_id", "quote")
    assert rows and [tuple(r[k] for k in key) for r in rows] == [tuple(f[k] for k in key) for f in appended]
    assert [(j["finding_type"], j["theme_id"], j["quote"]) for j in json.loads(as_json.stdout)] == [
        (r["finding_type"], r["theme_id"], r["quote"]) for r in rows
    ]
    taken = {f["finding_id"] for f in before}
    assert not taken & {r["finding_id"] for r in rows}
    assert rows[0]["finding_id"] == f"{STUDY}-{studyfile.next_finding_number(before, STUDY):02d}"


@pytest.mark.parametrize("decision", ["reviewed", "rejected"])
def test_a_passage_decided_for_a_theme_is_not_proposed_again_in_another_type(data_copy, decision):
    path = data_copy / f"studies/{STUDY}.yaml"
    assert invoke_studykit("suggest", STUDY, "--write", "--data", data_copy).returncode == 0
    document = studyfile.load(path.read_text(encoding="utf-8"))
    proposed = dict(document["findings"][-1])
    corrected = document["findings"][-1]  # the analyst corrects the type, then decides
    corrected["finding_type"] = "enabler" if proposed["finding_type"] != "enabler" else "barrier"
    corrected["review_status"] = decision
    corrected["summary_en"], corrected["summary_id"] = "Written by the analyst.", "Ditulis oleh analis."
    path.write_text(studyfile.dump(document), encoding="utf-8")
    text = (data_copy / f"sources/{STUDY}.txt").read_text(encoding="utf-8")
    start, end = locate_quote(text, proposed["quote"])

    def on_that_passage(theme: str, a: int, b: int) -> bool:
        return theme == proposed["theme_id"] and min(b, end) > max(a, start)

    again = invoke_studykit("suggest", STUDY, "--write", "--data", data_copy)
    assert again.returncode == 0, again.stderr
    assert len(file_findings(data_copy)) == len(document["findings"])  # nothing appended
    listed = json.loads(suggested(data_copy, "json").stdout)
    assert not [c for c in listed if on_that_passage(c["theme_id"], c["start"], c["end"])]
    session = Session(STUDY, data_copy, "unit-test")
    offered = [it for it in session.items if it.origin == "suggestion"]
    assert not [it for it in offered if on_that_passage(it.theme_id, it.start, it.end)]
    assert sum(1 for it in session.items if it.origin == "file") == len(document["findings"])


def test_a_suggestion_accepted_with_another_theme_in_the_workbench_is_not_proposed_again(data_copy):
    """The decision log names the theme suggested; `suggest` in every format reads it as the workbench
    does, and numbers on after every id the log has seen."""
    session = Session(STUDY, data_copy, "unit-test")
    key = session.next_pending()
    it = session.item(key)
    span, suggested_theme = (it.start, it.end), it.theme_id
    other = next(t for t in session.themes["theme_id"] if t != suggested_theme)
    session.edit(key, theme_id=other)
    session.accept(key)
    assert session.save().ok
    listed = json.loads(suggested(data_copy, "json").stdout)
    assert not [
        c
        for c in listed
        if c["theme_id"] in (suggested_theme, other) and min(c["end"], span[1]) > max(c["start"], span[0])
    ]
    rows = list(csv.DictReader(io.StringIO(suggested(data_copy, "csv").stdout)))
    logged = int(it.finding_id.rsplit("-", 1)[1])
    assert all(int(r["finding_id"].rsplit("-", 1)[1]) > logged for r in rows)
