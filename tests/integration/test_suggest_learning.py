"""The learned layer of `studykit suggest`: it learns the analyst's coding, forgets nothing rejected, stays
deterministic, and keeps its model out of data/."""

from __future__ import annotations

import json

import pytest
from helpers import run_studykit

from studykit.coding import suggest as sg
from studykit.coding import training
from studykit.coding.studyfile import append_findings, dump, load

PLANTED = "Tradisi mapalus kampung masih dijaga warga dan menjadi modal bersama."
FOURTH = (
    "Hasil penelitian menunjukkan bahwa program berjalan di tiga kelurahan. "
    "Tradisi mapalus kampung masih dijaga warga sehingga kegiatan dapat dilaksanakan."
)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))


def add_finding(data_dir, study_id: str, finding: dict, text_suffix: str = "") -> None:
    """Append a finding to a study file (and, when given, a sentence to its source) as an analyst would."""
    path = data_dir / "studies" / f"{study_id}.yaml"
    document = load(path.read_text(encoding="utf-8"))
    if text_suffix:
        source = data_dir / document["source"]["file"]
        source.write_text(source.read_text(encoding="utf-8") + text_suffix, encoding="utf-8")
    number = len(document.get("findings") or []) + 1
    append_findings(
        document,
        [{"finding_id": f"{study_id}-{number + 50:02d}", "summary_en": "x", "summary_id": "x", **finding}],
    )
    path.write_text(dump(document), encoding="utf-8")


def kinds(candidates) -> set[tuple[str, str]]:
    return {(c.finding_type, c.theme_id) for c in candidates}


def test_a_phrase_coded_under_a_theme_in_three_studies_is_suggested_under_it_in_a_fourth(data_copy):
    assert not any(
        c.theme_id == "T12" and "mapalus" in c.quote for c in sg.suggest(FOURTH, data_copy, learned=False)
    )
    for study_id in ("bengkulu-samisake", "jambi-bantar", "semarang-p2kp"):
        add_finding(
            data_copy,
            study_id,
            {"finding_type": "enabler", "theme_id": "T12", "quote": PLANTED},
            text_suffix="\n\n" + PLANTED + "\n",
        )
    candidates = sg.suggest(FOURTH, data_copy)
    planted = [c for c in candidates if c.theme_id == "T12" and "mapalus" in c.quote]
    assert planted, candidates
    assert FOURTH[planted[0].start : planted[0].end] == planted[0].quote
    shown = [cue.split("“")[1].split("”")[0] for cue in planted[0].cues if cue.startswith("model ")]
    planted_words = set(PLANTED.lower().rstrip(".").split())
    assert shown and all(set(ngram.split()) <= planted_words for ngram in shown), planted[
        0
    ].cues  # why: the phrase


def test_a_rejected_suggestion_is_not_proposed_again(data_copy):
    source = sg.resolve("jambi-bantar", data_copy)
    before = sg.suggest(source.text, data_copy, study_id="jambi-bantar")
    target = before[0]
    add_finding(
        data_copy,
        "jambi-bantar",
        {
            "finding_type": target.finding_type,
            "theme_id": target.theme_id,
            "quote": target.quote,
            "review_status": "rejected",
        },
    )
    after = sg.suggest(source.text, data_copy, study_id="jambi-bantar")
    assert not [
        c
        for c in after
        if (c.finding_type, c.theme_id) == (target.finding_type, target.theme_id)
        and min(c.end, target.end) > max(c.start, target.start)
    ]
    assert len(after) >= len(before) - 1 and after  # the others are still proposed


def test_a_suggestion_rejected_in_the_decision_log_is_not_proposed_again_and_teaches_the_model(data_copy):
    source = sg.resolve("semarang-p2kp", data_copy)
    before = sg.suggest(source.text, data_copy, study_id="semarang-p2kp")
    target = before[-1]
    log = data_copy / "decisions" / "semarang-p2kp.jsonl"
    log.parent.mkdir()
    decision = {
        "time": "2026-12-05T10:00:00Z",
        "coder": "a",
        "action": "reject",
        "finding_id": None,
        "finding_type": target.finding_type,
        "theme_id": target.theme_id,
        "quote_start": target.start,
        "quote_end": target.end,
        "score": target.score,
        "source": "suggestion",
    }
    log.write_text("not json\n" + json.dumps(decision) + "\n", encoding="utf-8")
    after = sg.suggest(source.text, data_copy, study_id="semarang-p2kp")
    assert (target.finding_type, target.theme_id, target.start) not in {
        (c.finding_type, c.theme_id, c.start) for c in after
    }
    [study] = training.coded_studies(data_copy, only="semarang-p2kp")
    assert (target.finding_type, target.theme_id, target.start, target.end) in study.negatives


def test_suggestions_are_byte_identical_across_runs_with_a_cold_and_a_warm_cache(
    data_copy, tmp_path, monkeypatch
):
    runs = []
    for cache in ("a", "a", "b"):  # a cold, a warm (loaded from the cache), b cold again
        monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / cache))
        result = run_studykit("suggest", "purbayan-p2kp", "--format", "json", "--data", data_copy)
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout.encode())
    assert runs[0] == runs[1] == runs[2]
    rows = json.loads(runs[0])
    assert rows and [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert len(list((tmp_path / "a").glob("model-*.npz"))) == 1


def test_the_model_is_derived_data_outside_data_and_follows_the_corpus(data_copy, tmp_path):
    files_before = sorted(p.relative_to(data_copy) for p in data_copy.rglob("*"))
    first = training.model_key(data_copy)
    sg.suggest(sg.resolve("jombang-poverty", data_copy).text, data_copy)
    assert sorted(p.relative_to(data_copy) for p in data_copy.rglob("*")) == files_before
    assert (tmp_path / "cache" / f"model-{first}.npz").is_file()
    add_finding(
        data_copy,
        "jombang-poverty",
        {"finding_type": "barrier", "theme_id": "T05", "quote": "keterbatasan waktu"},
    )
    assert training.model_key(data_copy) != first
    assert training.model_key(data_copy, exclude=["jombang-poverty"]) != training.model_key(data_copy)


def test_min_score_and_limit_bound_the_list(data_copy):
    text = sg.resolve("purbayan-p2kp", data_copy).text
    everything = sg.suggest(text, data_copy, min_score=0.0, limit=None)
    assert len(everything) > 3
    assert sg.suggest(text, data_copy, min_score=0.0, limit=3) == everything[:3]
    cut = everything[len(everything) // 2].score
    assert all(c.score >= cut for c in sg.suggest(text, data_copy, min_score=cut, limit=None))
    assert len(sg.suggest(text, data_copy, min_score=cut, limit=None)) < len(everything)
