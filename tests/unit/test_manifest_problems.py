"""A problem of the render manifest is stated once, however many reports it stops: a missing notebook of an
entry expanded over every study and language was one line per study and language (2 × 500 at 500 studies)."""

from __future__ import annotations

import pytest
import yaml

from studykit.corpus.problems import CorpusError
from studykit.paths import DATA_DIR
from studykit.render.manifest import load_plan


def test_a_missing_notebook_of_an_expanded_entry_is_one_problem(tmp_path):
    manifest = tmp_path / "reports.yaml"
    entry = {"notebook": "1-study-profile", "for_each": "study", "title": "profile.title"}
    entry["output"] = "study-profile/{study_id}"
    manifest.write_text(
        yaml.safe_dump({"languages": ["en", "id"], "notebooks": "nowhere", "reports": [entry]}),
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as raised:
        load_plan(DATA_DIR, manifest)
    problems = raised.value.problems
    assert len(problems) == 1, problems
    assert (
        problems[0].field == "reports.0.notebook" and "nowhere/1-study-profile.ipynb" in problems[0].message
    )
