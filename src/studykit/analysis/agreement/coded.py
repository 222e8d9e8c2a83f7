"""How each side coded the studies compared: whether the workbench's suggestions were shown to the coder,
where a decision log says so, and the studies where a side rejected every finding it had.

A decision log (``decisions/<study_id>.jsonl``, written by the workbench) says, line by line, whether the
session that made the decision showed suggestions (``suggestions_shown``, written since blind coding
exists), and a decision on a suggestion (``source: suggestion``) shows that suggestions were there. A study
is coded ``with`` suggestions when a line of its log says they were shown, ``without`` when its lines say
only that they were not (``studykit second-coding --no-suggestions``, or the workbench opened with
``suggestions=False``), and ``unknown`` otherwise (no log: imported findings, or a log from before the
key with only findings made from a selection). Lines ``studykit consensus`` carried from the other coder
(``merged_from``) are not this coder's. A log that cannot be read (too large, not a file, a link out) says
nothing: ``unknown``.
"""

from __future__ import annotations

import json

from ...corpus.load import Corpus
from ...corpus.problems import ProblemError
from ...corpus.readers import read_bytes
from ...corpus.sources import confine

SHOWN = ("with", "without", "unknown")


def _lines(corpus: Corpus, study_id: str) -> list[dict]:
    path = corpus.data_dir / "decisions" / f"{study_id}.jsonl"
    if not path.is_file():
        return []
    try:
        raw = read_bytes(confine(corpus.data_dir, path, path.name), path.name)
    except ProblemError:
        return []
    out = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(entry, dict) and not entry.get("merged_from"):
            out.append(entry)
    return out


def shown(corpus: Corpus, study_id: str) -> str:
    """``with``, ``without`` or ``unknown``: whether the study was coded with suggestions shown (see the
    module docstring)."""
    lines = _lines(corpus, study_id)
    if any(d.get("suggestions_shown") is True or d.get("source") == "suggestion" for d in lines):
        return "with"
    return "without" if any(d.get("suggestions_shown") is False for d in lines) else "unknown"


def suggestions(corpus: Corpus, studies: list[str]) -> dict[str, list[str]]:
    """The ``studies`` by :func:`shown`: ``{"with": [...], "without": [...], "unknown": [...]}``."""
    out: dict[str, list[str]] = {k: [] for k in SHOWN}
    for study in studies:
        out[shown(corpus, study)].append(study)
    return out


def all_rejected(corpus: Corpus, studies: list[str]) -> list[str]:
    """The ``studies`` where ``corpus`` has findings and every one of them is rejected: compared as coding
    nothing there, which a reader should know (a coder who turned down every suggestion and made none)."""
    findings = corpus.findings[corpus.findings["study_id"].isin(list(studies))]
    status = findings.groupby("study_id")["review_status"].agg(lambda s: set(s) == {"rejected"})
    return [s for s in studies if bool(status.get(s, False))]
