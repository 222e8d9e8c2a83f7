"""What the learned layer reads from a decision log: the study file's final state wins over the log (after
`consensus` the merged log holds both coders' decisions on one finding), and a span that is no span of the
source (a log edited by hand) teaches nothing (the rule :func:`studykit.coding.decided.text_span` that
the suggestions' "already answered" rule uses too)."""

from __future__ import annotations

import json

import pytest

from studykit.coding import training
from studykit.coding.studyfile import dump, load
from studykit.corpus.provenance import locate_quote

STUDY = "semarang-p2kp"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "cache"))


def write_log(data_dir, *entries: dict) -> None:
    log = data_dir / "decisions" / f"{STUDY}.jsonl"
    log.parent.mkdir(exist_ok=True)
    base = {"time": "2026-12-05T10:00:00Z", "coder": "a", "score": None, "source": "suggestion"}
    log.write_text("".join(json.dumps({**base, **e}) + "\n" for e in entries), encoding="utf-8")


def first_finding(data_dir, status: str | None = None):
    """The study's first finding (its review status set to ``status`` when given) and its span."""
    path = data_dir / "studies" / f"{STUDY}.yaml"
    document = load(path.read_text(encoding="utf-8"))
    finding = document["findings"][0]
    if status is not None:
        finding["review_status"] = status
        path.write_text(dump(document), encoding="utf-8")
    text = (data_dir / document["source"]["file"]).read_text(encoding="utf-8")
    return dict(finding), locate_quote(text, str(finding["quote"]))


def labels(data_dir, theme: str) -> tuple[int, int]:
    """How many clauses of the study are positives and negatives of ``theme``."""
    [study] = training.coded_studies(data_dir, only=STUDY)
    _, yes, no, _ = training.examples([study])
    return sum(f"theme:{theme}" in y for y in yes), sum(f"theme:{theme}" in n for n in no)


def decision(finding: dict, span, action: str, **more) -> dict:
    return {
        "action": action,
        "finding_id": finding["finding_id"],
        "finding_type": finding["finding_type"],
        "theme_id": finding["theme_id"],
        "quote_start": span[0],
        "quote_end": span[1],
        **more,
    }


def test_a_finding_the_file_rejects_teaches_a_negative_though_the_merged_log_accepted_it(data_copy):
    finding, span = first_finding(data_copy, status="rejected")
    write_log(
        data_copy,
        decision(finding, span, "accept"),  # A accepted it; B's merged reject; then the file's final reject
        decision(finding, span, "reject", coder="b", merged_from="coder-b", finding_id_b="x-01"),
    )
    yes, no = labels(data_copy, finding["theme_id"])
    [study] = training.coded_studies(data_copy, only=STUDY)
    assert (finding["finding_type"], finding["theme_id"], *span) not in study.positives
    assert (finding["finding_type"], finding["theme_id"], *span) in study.negatives
    assert no >= 1


def test_a_kept_finding_is_a_positive_whatever_the_log_says(data_copy):
    finding, span = first_finding(data_copy)
    write_log(data_copy, decision(finding, span, "reject", coder="b", merged_from="coder-b"))
    [study] = training.coded_studies(data_copy, only=STUDY)
    assert (finding["finding_type"], finding["theme_id"], *span) in study.positives
    assert (finding["finding_type"], finding["theme_id"], *span) not in study.negatives


def test_a_logged_decision_on_a_finding_no_longer_in_the_file_still_teaches(data_copy):
    finding, span = first_finding(data_copy)
    write_log(data_copy, {**decision(finding, span, "reject"), "finding_id": None, "theme_id": "T07"})
    [study] = training.coded_studies(data_copy, only=STUDY)
    assert (finding["finding_type"], "T07", *span) in study.negatives


@pytest.mark.parametrize(
    ("start", "end"), [(-(10**30), 10**30), (True, 10**30), (0, 10**30), (-5, 40), (40, 40), (3.0, 40)]
)
def test_a_span_that_is_no_span_of_the_source_labels_no_clause(data_copy, start, end):
    finding, _ = first_finding(data_copy)
    before = labels(data_copy, "T07")
    entry = {**decision(finding, (start, end), "accept"), "finding_id": None, "theme_id": "T07"}
    write_log(data_copy, entry, {**entry, "action": "reject", "theme_id": "T08"})
    assert labels(data_copy, "T07") == before
    [study] = training.coded_studies(data_copy, only=STUDY)
    assert all(theme not in ("T07", "T08") or (a, b) != (start, end) for _, theme, a, b in study.positives)
    assert not [s for s in study.negatives if s[1] == "T08"]
