"""An output whose name the file system takes (up to 255 bytes) is writable: its temporary file and backup
beside it (``.NAME.PID-HEX.tmp``, ``.NAME.PID.bak``) were ~20 bytes longer and failed with *File name too
long* from a name of ~235 bytes on. Their NAME is cut to fit now, and what a killed writer left under such a
name is still recognised and swept. Our own names and texts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import invoke_studykit

from studykit.coding.publish import publish, recover
from studykit.files import NAME_MAX, is_stray, sweep, write_atomic

# 250 bytes each: ASCII, and Indonesian words with a multi-byte character cut at no byte but a character's
NAMES = ["n" * 246 + ".txt", "catatan-é" * 24 + "penutup.md"]

_KILLED = """
import os, signal, sys
from pathlib import Path
{body}
"""


def _killed(body: str, cwd: Path) -> None:
    """Run ``body`` in a Python process that kills itself (SIGKILL) where the body says ``die()``."""
    code = _KILLED.format(body=body)
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr[-2000:]


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", NAMES)
def test_a_name_the_file_system_takes_is_written_whole_and_nothing_is_left_beside_it(tmp_path, name):
    assert len(os.fsencode(name)) == 250 <= NAME_MAX
    write_atomic(tmp_path / name, b"isi\n")
    write_atomic(tmp_path / name, b"isi baru\n")  # replaced: its temporary file is beside it too
    assert (tmp_path / name).read_bytes() == b"isi baru\n" and _left(tmp_path) == [name]
    new, old = tmp_path / "sources" / name, tmp_path / "studies" / name
    old.parent.mkdir()
    old.write_text("lama\n", "utf-8")
    publish({new: "baru\n"}, {old: "diganti\n"}, root=tmp_path)  # a temporary file and a backup each
    assert new.read_text("utf-8") == "baru\n" and old.read_text("utf-8") == "diganti\n"
    assert _left(new.parent) == [name] and _left(old.parent) == [name]


@pytest.mark.parametrize("name", NAMES)
def test_what_a_writer_killed_writing_such_a_name_left_is_recognised_and_swept(tmp_path, name):
    _killed(
        f"from studykit.files import temp_beside\ntemp_beside(Path({name!r}))\nos.kill(os.getpid(), 9)",
        tmp_path,
    )
    [stray] = tmp_path.iterdir()
    assert len(os.fsencode(stray.name)) <= NAME_MAX and is_stray(stray)  # no input of a report, no memo
    assert sweep(tmp_path) == [stray] and _left(tmp_path) == []


def test_a_publish_killed_under_such_a_name_is_finished_by_the_next_writer(tmp_path):
    """The journal names the temporary file; the next writer checks it is the target's (its NAME cut)."""
    name = NAMES[1]
    (tmp_path / "sources").mkdir()
    _killed(
        "import studykit.coding.publish as p\n"
        "p.os.link = lambda *a: os.kill(os.getpid(), 9)  # killed once the journal is written\n"
        f"p.publish({{Path('sources', {name!r}).absolute(): 'baru\\n'}}, root=Path('.').absolute())",
        tmp_path,
    )
    assert any(is_stray(p) for p in (tmp_path / "sources").iterdir())
    assert recover(tmp_path) == [tmp_path / "sources" / name]
    assert (tmp_path / "sources" / name).read_text("utf-8") == "baru\n"
    assert _left(tmp_path / "sources") == [name] and _left(tmp_path) == ["sources"]


def test_export_writes_a_codebook_under_a_long_name(tmp_path):
    name = "buku-kode-" * 24 + "akhir.docx"  # 250 bytes
    result = invoke_studykit("export", "--codebook", "--out", tmp_path / name)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _left(tmp_path) == [name] and (tmp_path / name).stat().st_size > 0


def test_a_folder_built_beside_such_a_name_fits_and_a_killed_builder_s_is_swept(tmp_path):
    """`second-coding` and `consensus` build their --out folder beside it (``.OUT.PID-HEX.tmp/``)."""
    from studykit.files import folder_beside, sweep_beside

    out = tmp_path / NAMES[0]
    with folder_beside(out) as building:
        (building / "isi.txt").write_text("isi\n", "utf-8")
    assert _left(tmp_path) == []
    _killed(
        "from studykit.files import temp_folder_beside\n"
        f"temp_folder_beside(Path({NAMES[0]!r})).mkdir()\nos.kill(os.getpid(), 9)",
        tmp_path,
    )
    [stray] = tmp_path.iterdir()
    assert sweep_beside(out) == [stray] and _left(tmp_path) == []
