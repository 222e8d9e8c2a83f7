"""Every path a command prints opens from where the command was run (README: "a problem names its file as
it opens from where you run the command"): drafts, problems, listings, memo files, whatever folder the
data directory is named and wherever it lies."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from helpers import replace_in, run_studykit, unknown_theme

DRAFT = "studies/jambi-bantar.yaml"


def _make_draft(data: Path) -> None:
    """One finding of jambi-bantar back to unreviewed: the study becomes a draft."""
    replace_in(
        data / DRAFT,
        "  - finding_id: jambi-bantar-02\n",
        "  - finding_id: jambi-bantar-02\n    review_status: unreviewed\n",
    )


def _paths(text: str) -> list[str]:
    """The file of each ``draft FILE (...)`` line and of each ``FILE:LINE: field: ...`` problem line."""
    drafts = re.findall(r"^draft (\S+) \(", text, re.MULTILINE)
    problems = re.findall(r"^\s*(\S+\.yaml):\d+: ", text, re.MULTILINE)
    return drafts + problems


def test_validate_from_another_folder_prints_draft_and_problem_paths_that_open(tmp_path, data_copy):
    merged = tmp_path / "x" / "merged"
    shutil.move(data_copy, merged)
    _make_draft(merged)
    here = tmp_path / "elsewhere"
    here.mkdir()
    for data in (merged, Path("..") / "x" / "merged"):
        done = run_studykit("validate", "--data", data, cwd=here)
        assert done.returncode == 0, done.stderr
        shown = _paths(done.stdout)
        assert len(shown) == 2, done.stdout  # the draft line and its unreviewed finding
        for path in shown:
            assert (here / path).resolve() == (merged / DRAFT).resolve(), done.stdout
    done = run_studykit("validate", "--data", "merged", cwd=merged.parent)  # below the working directory
    assert _paths(done.stdout) == [f"merged/{DRAFT}"] * 2, done.stdout


def test_comparisons_name_a_coding_s_files_as_they_open(tmp_path, data_copy):
    a, b = tmp_path / "x" / "coder-a", tmp_path / "x" / "coder-b"
    shutil.copytree(data_copy, a)
    shutil.move(data_copy, b)
    unknown_theme(b)
    here = tmp_path / "elsewhere"
    here.mkdir()
    for args in ((a, b), (a, b, "--level", "segment")):
        done = run_studykit("agreement", *args, cwd=here)
        assert done.returncode == 1
        shown = re.findall(r"^(\S+\.yaml):\d+: ", done.stderr, re.MULTILINE)
        assert shown and all((here / path).is_file() and Path(path).is_relative_to(b) for path in shown), (
            done.stderr
        )


def test_render_list_names_notebooks_and_outputs_from_the_working_directory(tmp_path):
    here = tmp_path / "elsewhere"
    here.mkdir()
    done = run_studykit("render", "--list", "--format", "json", "--out", "site", cwd=here)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert listed and all((here / item["notebook"]).is_file() for item in listed)
    assert all(item["output"].startswith("site/") for item in listed)
