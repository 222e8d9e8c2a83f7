"""Blind second coding: `second-coding --no-suggestions` records it, B's workbench then suggests nothing
(findings nor metadata) and logs each decision as made without suggestions; `agreement` (text, JSON) and
the agreement report state, side by side, whether each coding was made with the suggestions shown, and
warn about a study a side rejected every finding of (compared as coding nothing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import build_second_coding

from studykit import load_corpus
from studykit.cli import cli
from studykit.coding.bench import Session
from studykit.coding.publish import CodingError
from studykit.coding.studyfile import dump, load
from studykit.paths import DATA_DIR
from studykit.reports.report import Report
from studykit.reports.views import agreement as agreement_view

STUDY = "semarang-p2kp"


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))


def test_a_start_without_suggestions_shows_coder_b_only_the_text_and_logs_it(tmp_path):
    out = tmp_path / "coder-b"
    code, said, err = invoke("second-coding", "--data", DATA_DIR, "--out", out, "--no-suggestions", STUDY)
    assert code == 0, err
    assert "blind-start.yaml" in said
    assert "suggestions: false" in (out / "blind-start.yaml").read_text(encoding="utf-8")
    code, said, err = invoke("validate", "--data", out)
    assert "blind-start" not in said + err  # the setting is no data file validate trips over
    session = Session(STUDY, out, coder="b")
    assert session.suggestions is False
    assert session.items == [] and session.suggested == {}
    start = session.text.index("dana")
    session.create(start, start + 40, "enabler", "T16", "grant funds", "dana hibah")
    session.set_value("coded_by", "Coder B")
    session.set_value("implementation_outcome.rating", "not_stated")
    assert session.save().ok
    [line] = [json.loads(x) for x in (out / "decisions" / f"{STUDY}.jsonl").read_text().splitlines()]
    assert line["suggestions_shown"] is False and line["source"] == "manual"
    shown = Session(STUDY, out, coder="b", suggestions=True)  # the parameter overrides the start's setting
    assert any(it.origin == "suggestion" for it in shown.items)


def test_a_workbench_opened_without_suggestions_suggests_no_finding_nor_metadata_value(data_copy):
    path = data_copy / "studies" / f"{STUDY}.yaml"
    document = load(path.read_text(encoding="utf-8"))
    document["method"] = document["programme_acronym"] = None  # what the text tells: suggested when shown
    path.write_text(dump(document), encoding="utf-8")
    shown = Session(STUDY, data_copy, coder="a")
    assert {"method", "programme_acronym"} <= set(shown.suggested)
    assert any(it.origin == "suggestion" for it in shown.items)
    session = Session(STUDY, data_copy, coder="a", suggestions=False)
    assert [it for it in session.items if it.origin == "suggestion"] == []
    assert session.suggested == {}
    assert [it.origin for it in session.items] == [
        it.origin for it in shown.items if it.origin != "suggestion"
    ]


def test_a_blind_start_setting_that_says_something_else_is_named(tmp_path):
    out = tmp_path / "coder-b"
    assert invoke("second-coding", "--data", DATA_DIR, "--out", out, "--no-suggestions", STUDY)[0] == 0
    (out / "blind-start.yaml").write_text("suggestions: maybe\n", encoding="utf-8")
    with pytest.raises(CodingError) as caught:
        Session(STUDY, out)
    assert "blind-start.yaml" in str(caught.value) and "suggestions: false" in str(caught.value)


def test_add_without_suggestions_records_it_on_a_start_made_with_them(tmp_path):
    out = tmp_path / "coder-b"
    assert invoke("second-coding", "--data", DATA_DIR, "--out", out, STUDY)[0] == 0
    assert not (out / "blind-start.yaml").exists()
    code, _, err = invoke(
        "second-coding", "--data", DATA_DIR, "--out", out, "--add", "--no-suggestions", "--sample", "1"
    )
    assert code == 0, err
    assert "suggestions: false" in (out / "blind-start.yaml").read_text(encoding="utf-8")


def log(data_dir: Path, study: str, **entry) -> None:
    path = data_dir / "decisions" / f"{study}.jsonl"
    path.parent.mkdir(exist_ok=True)
    base = {"time": "2026-12-05T10:00:00Z", "coder": "x", "action": "create", "finding_id": f"{study}-01"}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({**base, **entry}) + "\n")


@pytest.fixture(scope="module")
def codings(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("blind")
    a, b = root / "data", root / "coder-b" / "data"
    shutil.copytree(DATA_DIR, a)
    build_second_coding(b, a)
    studies = sorted(p.stem for p in (a / "studies").glob("*.yaml"))
    rejected, blind, seen = studies[0], studies[1], studies[2]
    path = b / "studies" / f"{rejected}.yaml"
    document = load(path.read_text(encoding="utf-8"))
    for finding in document["findings"]:
        finding["review_status"] = "rejected"
    path.write_text(dump(document), encoding="utf-8")
    log(a, blind, action="accept", source="suggestion")  # A accepted a suggestion: they were shown
    log(b, blind, source="manual", suggestions_shown=False)
    log(a, seen, source="manual", suggestions_shown=True)
    log(b, seen, action="reject", source="suggestion")
    log(b, seen, source="manual", merged_from="x", suggestions_shown=False)  # carried from the other side
    return a, b, [rejected, blind, seen]


@pytest.mark.parametrize("level", ["presence", "segment"])
def test_agreement_json_says_how_each_side_coded(codings, level):
    a, b, (rejected, blind, seen) = codings
    code, out, err = invoke("agreement", a, b, "--level", level, "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["all_rejected"] == {"a": [], "b": [rejected]}
    shown = result["suggestions_shown"]
    assert shown["a"]["with"] == [blind, seen] and shown["b"]["with"] == [seen]
    assert shown["b"]["without"] == [blind] and shown["a"]["without"] == []
    assert rejected in shown["a"]["unknown"] and rejected in shown["b"]["unknown"]


@pytest.mark.parametrize(
    ("lang", "rejected_said", "blind_said", "both_said"),
    [
        ("en", "rejected every finding", "without suggestions shown", "suggestion-assisted coding"),
        ("id", "menolak semua temuannya", "tanpa usulan ditampilkan", "pengodean berbantuan usulan"),
    ],
)
def test_agreement_text_warns_and_says_how_each_side_coded(
    codings, lang, rejected_said, blind_said, both_said
):
    a, b, (rejected, blind, seen) = codings
    code, out, err = invoke("agreement", a, b, "--lang", lang)
    assert code == 0, err
    lines = out.splitlines()
    assert any(rejected_said in x and "B" in x and rejected in x for x in lines)
    assert any(blind_said in x and x.count(blind) == 1 and seen not in x for x in lines)
    assert any(both_said in x and seen in x and blind not in x for x in lines)


@pytest.mark.parametrize(
    ("lang", "rejected_said", "shown_said"),
    [("en", "rejected every finding", "1 without"), ("id", "menolak semua temuannya", "1 tanpa usulan")],
)
def test_the_agreement_report_says_it_too(codings, lang, rejected_said, shown_said):
    a, b, (rejected, _, seen) = codings
    r = Report("7-agreement", load_corpus(a), {"lang": lang, "second_coding": str(b)})
    block = " ".join(getattr(p, "data", str(p)) for p in agreement_view.title(r))
    assert rejected_said in block and rejected in block, block
    assert shown_said in block and seen in block


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "No decision log says"), ("id", "Tidak ada log keputusan")]
)
def test_codings_no_log_tells_about_say_so_in_one_sentence(tmp_path, lang, said):
    b = build_second_coding(tmp_path / "coder-b" / "data")
    code, out, err = invoke("agreement", DATA_DIR, b, "--lang", lang)
    assert code == 0, err
    assert [x for x in out.splitlines() if said.lower() in x.lower()] and "coded 0" not in out
    r = Report("7-agreement", load_corpus(DATA_DIR), {"lang": lang, "second_coding": str(b)})
    block = " ".join(getattr(p, "data", str(p)) for p in agreement_view.title(r))
    assert block.count(said) == 1


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_cell_run_again_with_other_suggestions_while_changes_are_unsaved_says_they_wait(data_copy, lang):
    from studykit.coding import workbench

    wb = workbench(STUDY, data_copy, "b", lang, suggestions=False)
    start = wb.session.text.index("dana")
    wb.session.create(start, start + 40, "enabler", "T16", "grant funds", "dana hibah")
    again = workbench(STUDY, data_copy, "b", lang, suggestions=True)  # Run All: the unsaved finding is kept
    assert again.session is wb.session and again.session.suggestions is False
    said = {"en": "suggestions=True takes effect once", "id": "suggestions=True berlaku setelah"}[lang]
    assert said in again.status.value, again.status.value
    same = workbench(STUDY, data_copy, "b", lang, suggestions=False)  # as opened: nothing more to say
    assert "suggestions=" not in same.status.value
    assert same.session.save().ok
    assert workbench(STUDY, data_copy, "b", lang, suggestions=True).session.suggestions is True
    shown = workbench(STUDY, data_copy, "b", lang, suggestions=True)
    shown.session.accept(shown.session.next_pending())
    blind = workbench(STUDY, data_copy, "b", lang, suggestions=False)
    said = {"en": "Suggestions are still shown", "id": "Usulan masih ditampilkan"}[lang]
    assert blind.session.suggestions is True and said in blind.status.value, blind.status.value


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "no longer codes blind"), ("id", "tidak lagi mengode secara buta")]
)
def test_suggest_in_a_blind_coding_says_so_beside_what_it_prints(tmp_path, lang, words):
    out = tmp_path / "coder-b"
    assert invoke("second-coding", "--data", DATA_DIR, "--out", out, "--no-suggestions", STUDY)[0] == 0
    code, said, err = invoke("suggest", STUDY, "--data", out, "--format", "json", "--lang", lang)
    assert code == 0, err
    assert words in err and "blind-start.yaml" in err
    assert json.loads(said)  # the suggestions are still printed (an explicit command), the note beside them
    code, said, err = invoke("suggest", STUDY, "--data", out, "--metadata", "--lang", lang)
    assert code == 0 and words in err
    shutil.rmtree(out)
    assert invoke("second-coding", "--data", DATA_DIR, "--out", out, STUDY)[0] == 0  # with suggestions
    code, said, err = invoke("suggest", STUDY, "--data", out, "--format", "json", "--lang", lang)
    assert code == 0 and words not in err
