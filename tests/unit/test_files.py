"""Files studykit writes are whole (temporary file, then rename) and get a normal file's mode under the
user's umask."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from studykit import load_corpus
from studykit.coding.publish import publish
from studykit.corpus.export import write_export
from studykit.files import write_atomic
from studykit.render.engine import write_index
from studykit.render.manifest import load_plan


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_an_atomic_write_gets_the_mode_of_a_plain_file(tmp_path, mask, expected):
    target = tmp_path / "sub" / "report.html"
    with umask(mask):
        write_atomic(target, b"<p>one</p>")
        plain = tmp_path / "plain.txt"
        plain.write_bytes(b"x")
    assert target.read_bytes() == b"<p>one</p>"
    assert mode(target) == mode(plain) == expected
    target.chmod(0o600)  # a file left 0600 by an older studykit is replaced with a normal one
    with umask(mask):
        write_atomic(target, b"<p>two</p>")
    assert target.read_bytes() == b"<p>two</p>" and mode(target) == expected
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]  # no temporary file left


def test_a_replaced_file_keeps_the_permissions_it_had_under_a_stricter_umask(tmp_path):
    """A team's study file (0664) saved by a coder whose umask is 077 stays readable and writable to the
    team; it never becomes less readable than it was."""
    shared = tmp_path / "studies" / "a.yaml"
    shared.parent.mkdir()
    shared.write_text("old\n")
    shared.chmod(0o664)
    report = tmp_path / "report.html"
    report.write_bytes(b"old")
    report.chmod(0o644)
    with umask(0o077):
        publish({}, {shared: "new\n"})
        write_atomic(report, b"new")
        write_atomic(tmp_path / "fresh.html", b"new")
    assert (shared.read_text(), oct(mode(shared))) == ("new\n", oct(0o664))
    assert (report.read_bytes(), oct(mode(report))) == (b"new", oct(0o644))
    assert oct(mode(tmp_path / "fresh.html")) == oct(0o600)  # a new file: the coder's umask


def test_an_export_into_a_team_s_folder_keeps_its_files_permissions_under_a_stricter_umask(tmp_path):
    """`studykit export --out shared/` (or `--refi`) by a coder whose umask is 077 replaced the team's 0664
    tables (quotes.csv, cases.csv, the workbook, datapackage.json) with 0600 ones: moved in from a temporary
    folder, they took the writer's umask, where every other file studykit replaces keeps its permissions."""
    from studykit.coding.refi.export import write_refi

    corpus = load_corpus()
    out, refi = tmp_path / "shared", tmp_path / "refi"
    with umask(0o002):
        first = write_export(corpus, out) + write_refi(corpus, refi)
    assert {oct(mode(p)) for p in first} == {oct(0o664)}
    with umask(0o077):
        again = write_export(corpus, out) + write_refi(corpus, refi)
        fresh = write_export(corpus, tmp_path / "mine")
    assert sorted(again) == sorted(first)
    assert {p.name: oct(mode(p)) for p in again} == {p.name: oct(0o664) for p in again}
    assert {oct(mode(p)) for p in fresh} == {oct(0o600)}  # new files: the coder's umask


def test_a_failed_atomic_write_keeps_the_previous_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_bytes(b"previous")

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_exported_files_and_the_index_get_the_mode_of_a_plain_file(tmp_path, mask, expected):
    corpus = load_corpus()
    with umask(mask):
        written = write_export(corpus, tmp_path / "export")
        index = write_index(load_plan(), tmp_path / "reports", "0" * 12)
    assert (
        len(written) == 9
    )  # seven tables (provinces and regencies included), the workbook, datapackage.json
    assert {p.name: mode(p) for p in written + [index]} == {p.name: expected for p in written + [index]}


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)])
def test_files_published_by_the_coding_wing_get_the_mode_of_a_plain_file(tmp_path, mask, expected):
    existing = tmp_path / "studies" / "old.yaml"
    existing.parent.mkdir()
    existing.write_text("old\n")
    existing.chmod(0o600)
    with umask(mask):
        publish(
            {
                tmp_path / "sources" / "new.txt": "teks\n",
                tmp_path / "studies" / "new.yaml": "study_id: new\n",
            },
            {existing: "new\n"},
        )
    written = [tmp_path / "sources" / "new.txt", tmp_path / "studies" / "new.yaml", existing]
    assert {p.name: oct(mode(p)) for p in written} == {p.name: oct(expected) for p in written}


def _dead_pid() -> int:
    """The process id of a process that has exited."""
    import subprocess
    import sys

    return int(
        subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout
    )


def _strays(folder: Path, pid: int) -> list[Path]:
    return [folder / f".report.html.{pid}-0123abcd.tmp", folder / "sub" / f".a.yaml.{pid}.bak"]


def test_what_a_killed_writer_left_is_swept_and_nothing_else(tmp_path):
    from studykit.coding.derived import prune
    from studykit.files import sweep

    dead, live = _dead_pid(), os.getppid()
    (tmp_path / "sub").mkdir()
    mine = [tmp_path / ".hidden", tmp_path / "notes.tmp", tmp_path / ".x.12.tmp", *_strays(tmp_path, live)]
    for path in [*_strays(tmp_path, dead), *mine]:
        path.write_text("half")
    assert sorted(sweep(tmp_path)) == sorted(_strays(tmp_path, dead))
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == sorted(mine)  # a live writer's stays
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f".model-1.npz.{dead}-0123abcd.tmp").write_bytes(b"PK")
    prune(cache, "model-*.npz", 2)  # the suggester's cache, pruned after each build
    assert list(cache.iterdir()) == []


def test_a_render_sweeps_what_a_render_killed_while_writing_a_report_left(tmp_path):
    from studykit.render.engine import render

    reports = tmp_path / "reports"
    (reports / "en").mkdir(parents=True)
    left = reports / "en" / f".barriers.html.{_dead_pid()}-0123abcd.tmp"
    left.write_text("<p>half")
    render(load_plan(), reports_dir=reports, only=[])
    assert not left.exists() and (reports / "index.html").is_file()


def test_an_export_cut_short_leaves_no_datapackage_describing_a_mixed_set_and_is_swept_next_time(
    tmp_path, monkeypatch
):
    import shutil

    corpus = load_corpus()
    out = tmp_path / "export"
    write_export(corpus, out)
    left = out / f".export.{_dead_pid()}-abcd1234.tmp"  # the temporary folder of an export killed
    left.mkdir()
    (left / "findings.csv").write_text("half")
    moves, real = [], shutil.move

    def crash_at_the_third(src, dst, *args, **kwargs):
        moves.append(Path(dst).name)
        if len(moves) == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "move", crash_at_the_third)
    with pytest.raises(OSError):
        write_export(corpus, out)
    assert not (out / "datapackage.json").exists()  # the set is not whole: no package says it is
    assert not left.exists() and [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    monkeypatch.undo()
    assert (out / "datapackage.json").name in [p.name for p in write_export(corpus, out)][-1:]
