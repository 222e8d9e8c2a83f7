"""Reading or writing outside the data directory (issue 19, cases 7 and 8): every reader of ``source.file``
goes through one resolver, and reports.yaml outputs stay inside --out. Nothing here can exhaust memory, so
the commands run in process (``helpers.invoke_studykit``), where any exception fails the test."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from helpers import assert_refused, invoke_studykit, tree_hashes

STUDY = "jambi-bantar"


def _secret(tmp_path: Path) -> tuple[Path, str]:
    token = f"TOPSECRET-{uuid.uuid4().hex}"
    secret = tmp_path / "secret.txt"
    secret.write_text(f"kunci rahasia {token} kebijakan program\n", encoding="utf-8")
    return secret, token


def _point_source_at(data: Path, target: str) -> None:
    path = data / "studies" / f"{STUDY}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"file: sources/{STUDY}.txt", f'file: "{target}"', 1), encoding="utf-8")


def _sheet(data: Path, tmp_path: Path) -> Path:
    """findings.csv of the whole corpus, as `studykit export` writes it."""
    out = tmp_path / "export"
    assert invoke_studykit("export", "--out", out, "--data", data).returncode == 0
    return out / "findings.csv"


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_no_reader_of_source_file_leaves_sources(data_copy, tmp_path, how):
    sheet = _sheet(data_copy, tmp_path)
    secret, token = _secret(tmp_path)
    if how == "absolute":
        _point_source_at(data_copy, str(secret))
    elif how == "dotdot":
        _point_source_at(data_copy, "sources/../../secret.txt")
    else:  # the schema's path rule holds; the file itself leads outside
        link = data_copy / "sources" / f"{STUDY}.txt"
        link.unlink()
        link.symlink_to(secret)
    before = tree_hashes(data_copy)
    for args in (
        ("validate", "--data", data_copy),
        ("suggest", STUDY, "--data", data_copy),
        ("suggest", STUDY, "--write", "--data", data_copy),
        ("suggest", STUDY, "--format", "csv", "--data", data_copy),
        ("import-findings", sheet, "--data", data_copy),
    ):
        result = invoke_studykit(*args)
        assert_refused(result, f"studies/{STUDY}.yaml", "source.file")
        assert token not in result.stdout + result.stderr, args
    assert tree_hashes(data_copy) == before


def test_render_refuses_a_source_symlinked_outside(data_copy, tmp_path):
    secret, token = _secret(tmp_path)
    link = data_copy / "sources" / f"{STUDY}.txt"
    link.unlink()
    link.symlink_to(secret)
    manifest = tmp_path / "reports.yaml"
    manifest.write_text(
        f"notebooks: {Path(__file__).resolve().parents[2] / 'notebooks'}\nlanguages: [en]\nreports:\n"
        "  - {notebook: 1-study-profile, for_each: study, title: profile.title, output: 'p/{study_id}'}\n"
    )
    out = tmp_path / "reports"
    result = invoke_studykit("render", "--force", "--data", data_copy, "--out", out, "--manifest", manifest)
    assert_refused(result, f"studies/{STUDY}.yaml", "leads outside")
    pages = [p for p in out.rglob("*.html")] if out.exists() else []
    assert not any(token in p.read_text(encoding="utf-8") for p in pages)
    assert not (out / "en/p" / f"{STUDY}.html").exists()


@pytest.mark.parametrize(
    "output", ["../../../outside/pwned", "/tmp/pwned-{study_id}", "p/../../x", "p/{study_id}/{nope}"]
)
def test_report_outputs_stay_inside_out(data_copy, tmp_path, output):
    manifest = tmp_path / "reports.yaml"
    manifest.write_text(
        f"notebooks: {Path(__file__).resolve().parents[2] / 'notebooks'}\nlanguages: [en]\nreports:\n"
        f"  - {{notebook: 5-explore, title: explore.title, output: '{output}'}}\n"
    )
    out = tmp_path / "a" / "b" / "reports"
    for extra in (("--list",), ("--force",)):
        result = invoke_studykit("render", *extra, "--data", data_copy, "--out", out, "--manifest", manifest)
        assert_refused(result, "reports.yaml", "reports.0.output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "reports.yaml"]
    assert not any(Path("/tmp").glob("pwned*"))
    assert not os.path.exists(tmp_path / "outside")
