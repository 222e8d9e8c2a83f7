"""`studykit consensus A B --out DIR`: merge(A, A) == A, every finding accounted for, the merge validates,
nothing half-written."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import SECOND_CODER, build_second_coding
from helpers.files import tree_hashes

from studykit.cli import cli
from studykit.corpus.load import validate_corpus
from studykit.paths import DATA_DIR


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    return build_second_coding(tmp_path_factory.mktemp("coder-b") / "data")


def study_findings(data_dir: Path) -> dict[str, dict]:
    out = {}
    for path in sorted((data_dir / "studies").glob("*.yaml")):
        for f in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]:
            out[f["finding_id"]] = f
    return out


def same_tree(x: Path, y: Path) -> bool:
    cmp = filecmp.dircmp(x, y)
    if (
        cmp.left_only
        or cmp.right_only
        or filecmp.cmpfiles(x, y, cmp.common_files, shallow=False)[1:] != ([], [])
    ):
        return False
    return all(same_tree(x / d, y / d) for d in cmp.common_dirs)


def test_merging_a_coding_with_itself_gives_it_back_byte_for_byte(tmp_path):
    code, out, err = invoke("consensus", DATA_DIR, DATA_DIR, "--out", tmp_path / "merged")
    assert code == 0, err
    assert same_tree(DATA_DIR, tmp_path / "merged")
    assert "identical" in out


def test_a_record_of_unsaved_work_or_a_journal_in_a_is_not_copied_into_the_merge(tmp_path):
    """A's record of unsaved work was copied and offered in the merged coding as work from another folder,
    its publish journal named A's writes (hostile15): neither is a file of A's coding."""
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    record = a / ".studykit-unsaved.bengkulu-samisake.4194304-0123abcd.json"
    record.write_text('{"kind": "studykit unsaved work"}', encoding="utf-8")
    (a / ".studykit-publish.4194304.json").write_text("{}", encoding="utf-8")
    (a / "studies" / ".jambi-bantar.yaml.4194304-0123abcd.tmp").write_text("half", encoding="utf-8")
    code, out, err = invoke("consensus", a, a, "--out", tmp_path / "merged")
    assert code == 0, err
    for path in (record, a / ".studykit-publish.4194304.json"):
        path.unlink()
    (a / "studies" / ".jambi-bantar.yaml.4194304-0123abcd.tmp").unlink()
    assert same_tree(a, tmp_path / "merged")


def test_every_finding_of_a_and_b_is_accounted_for_and_the_merge_validates(tmp_path, second):
    merged_dir = tmp_path / "merged"
    code, out, err = invoke("consensus", DATA_DIR, second, "--out", merged_dir, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)["findings"]
    a, b, merged = study_findings(DATA_DIR), study_findings(second), study_findings(merged_dir)
    assert {r["coder_a"] for r in rows if r["coder_a"]} == set(a)
    assert {r["coder_b"] for r in rows if r["coder_b"]} == set(b)
    assert sorted(r["finding_id"] for r in rows) == sorted(merged)  # one merged finding per row, none extra
    statuses = {r["status"] for r in rows}
    assert {"both", "a_only", "b_only"} <= statuses  # the perturbation left each kind
    for r in rows:
        f = merged[r["finding_id"]]
        if r["status"] == "both":
            assert f.get("review_status", "reviewed") == "reviewed"
            assert SECOND_CODER in f["coders"] and "first coding" in f["coders"]
            assert (f["finding_type"], f["theme_id"]) == (
                b[r["coder_b"]]["finding_type"],
                b[r["coder_b"]]["theme_id"],
            )
        else:
            assert f["review_status"] == "unreviewed"
            origin = a[r["coder_a"]] if r["status"] == "a_only" else b[r["coder_b"]]
            assert f["coders"] == (SECOND_CODER if r["status"] == "b_only" else a_coder())
            assert {
                k: v for k, v in f.items() if k not in ("finding_id", "review_status", "coders", "restates")
            } == {
                k: v
                for k, v in origin.items()
                if k not in ("finding_id", "review_status", "coders", "restates")
            }
    corpus, problems = validate_corpus(merged_dir, include_drafts=True)
    assert problems == [] and corpus is not None
    assert len(corpus.findings) == len(rows)
    # the unsettled findings make the merged studies drafts, listed until the analysts settle them
    assert {d.study_id for d in corpus.drafts} == {r["study_id"] for r in rows if r["status"] != "both"}


def a_coder() -> str:
    return yaml.safe_load((DATA_DIR / "studies" / "jambi-bantar.yaml").read_text(encoding="utf-8"))[
        "coded_by"
    ]


def test_text_summary_and_coder_names(tmp_path, second):
    code, out, err = invoke(
        "consensus", DATA_DIR, second, "--out", tmp_path / "m", "--coder-a", "Rina", "--coder-b", "Budi"
    )
    assert code == 0, err
    assert "made by both" in out and "to settle" in out
    merged = study_findings(tmp_path / "m")
    assert {f["coders"] for f in merged.values()} == {"Rina + Budi", "Rina", "Budi"}
    code, _, err = invoke("consensus", DATA_DIR, second, "--out", tmp_path / "n", "--coder-a", "Rina")
    assert code == 1 and "--coder-a/--coder-b" in err and not (tmp_path / "n").exists()


def test_an_existing_out_folder_is_refused_and_left_alone(tmp_path, second):
    out = tmp_path / "merged"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = invoke("consensus", DATA_DIR, second, "--out", out)
    assert code == 1 and "already exists" in err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_study_only_b_coded_is_copied_with_its_source(tmp_path, second):
    b = tmp_path / "b"
    shutil.copytree(second, b)
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    (a / "studies" / "jambi-bantar.yaml").unlink()
    (a / "sources" / "jambi-bantar.txt").unlink()
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m", "--format", "json")
    assert code == 0, err
    rows = [r for r in json.loads(out)["findings"] if r["study_id"] == "jambi-bantar"]
    assert rows and all(r["status"] == "one_side" and r["coder_a"] is None for r in rows)
    assert (tmp_path / "m" / "studies" / "jambi-bantar.yaml").read_bytes() == (
        b / "studies" / "jambi-bantar.yaml"
    ).read_bytes()
    assert (tmp_path / "m" / "sources" / "jambi-bantar.txt").exists()


def test_a_merge_that_cannot_be_written_leaves_nothing(tmp_path, second):
    b = tmp_path / "b"
    shutil.copytree(second, b)
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    (
        a / "studies" / "jambi-bantar.yaml"
    ).unlink()  # A lacks the study but has a different file of its source's name
    (a / "sources" / "jambi-bantar.txt").write_text("another text\n", encoding="utf-8")
    code, _, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 1 and "sources/jambi-bantar.txt" in err and "differs" in err
    assert not (tmp_path / "m").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


def test_different_sources_are_refused_before_anything_is_written(tmp_path, second):
    b = tmp_path / "b"
    shutil.copytree(second, b)
    study = b / "studies" / "semarang-p2kp.yaml"
    text = study.read_text(encoding="utf-8")
    source = b / "sources" / "semarang-p2kp.txt"
    source.write_text(source.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    import hashlib

    old = yaml.safe_load(text)["source"]["sha256"]
    study.write_text(text.replace(old, hashlib.sha256(source.read_bytes()).hexdigest()), encoding="utf-8")
    code, _, err = invoke("consensus", DATA_DIR, b, "--out", tmp_path / "m")
    assert code == 1 and "semarang-p2kp.yaml" in err and "source.sha256" in err
    assert not (tmp_path / "m").exists()


def test_a_findings_sheet_exported_before_the_coders_column_still_imports(tmp_path):
    import csv

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    code, _, err = invoke("export", tmp_path / "out", "--data", data)
    assert code == 0, err
    rows = list(csv.DictReader((tmp_path / "out" / "findings.csv").open(encoding="utf-8")))
    assert "coders" in rows[0]
    old = tmp_path / "old.csv"
    with old.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [k for k in rows[0] if k != "coders"])
        writer.writeheader()
        writer.writerows({k: v for k, v in r.items() if k != "coders"} for r in rows)
    code, out, err = invoke("import-findings", old, "--data", data)
    assert code == 0, err
    assert same_tree(DATA_DIR / "studies", data / "studies")


@pytest.mark.parametrize("where", ["a/studies/new", "a/newdir", "link/new", "link/studies/x/y"])
def test_an_out_folder_inside_a_coding_is_refused_and_nothing_changes(tmp_path, where):
    """--out inside A or B (also through a symlink) would copy the coding into itself: refused, no temp
    folder left, not a file changed. (A coding inside --out cannot happen: an existing --out is refused.)"""
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    (tmp_path / "link").symlink_to(a, target_is_directory=True)
    before = tree_hashes(tmp_path)
    code, out, err = invoke("consensus", a, tmp_path / "link", "--out", tmp_path / where)
    assert code == 1, out + err
    assert "inside the coding" in err and len(err) < 2000, err
    assert tree_hashes(tmp_path) == before


def test_a_copy_that_fails_is_named_and_leaves_no_temporary_folder(tmp_path, monkeypatch):
    import studykit.coding.consensus as merge

    def failing_copy(src, dst, **_):
        Path(dst, "studies").mkdir(parents=True)
        raise shutil.Error([(str(src), str(dst), "[Errno 36] File name too long")] * 5000)

    monkeypatch.setattr(merge.shutil, "copytree", failing_copy)
    code, _, err = invoke("consensus", DATA_DIR, DATA_DIR, "--out", tmp_path / "m")
    assert code == 1 and "File name too long" in err and len(err) < 2000, err
    assert list(tmp_path.iterdir()) == []


def test_records_of_unsaved_work_and_temporary_files_of_a_are_not_copied(tmp_path, second):
    """Walk 15: the merged folder started as a copy of A's whole, so A's records of unsaved workbench work
    (``data/.studykit-unsaved.*.json``) were offered there as work "from another data folder", and a killed
    writer's temporary file or backup came along. No file that is not the user's is copied."""
    from studykit.files import is_stray

    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    left = [
        a / ".studykit-unsaved.jambi-bantar.4242-0badf00d.json",  # this session's autosave, or a dead one's
        a / ".studykit-unsaved.gone-study.4243-0badf00d.json",
        a / "codebook" / ".themes.yaml.4244-0badf00d.tmp",
        a / "studies" / ".jambi-bantar.yaml.4245.bak",
    ]
    for path in left:
        path.write_text("{}", encoding="utf-8")
        assert is_stray(path)
    code, _, err = invoke("consensus", a, second, "--out", tmp_path / "m")
    assert code == 0, err
    merged = tmp_path / "m"
    assert [p for p in merged.rglob("*") if is_stray(p)] == []
    assert (merged / "codebook" / "themes.yaml").read_bytes() == (a / "codebook" / "themes.yaml").read_bytes()
    assert validate_corpus(merged)[1] == []
