"""``second-coding`` and ``consensus`` build their output in a folder beside it (``.OUT.PID-HEX.tmp``) and
rename it into place whole. Killed before the rename, they left that folder for ever (``.OUT.HEX.tmp``: no
writer named, so nothing could tell it was dead). The next run of either command removes what a dead writer
left, says so (nothing is half-written), and leaves a running writer's folder alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from helpers import invoke_studykit

KILLED_AT_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    real = os.rename
    def hooked(src, dst, *args, **kwargs):
        if str(src).endswith(".tmp"):  # the built folder, about to become the output
            os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst, *args, **kwargs)
    os.rename = hooked
    from studykit.cli import cli
    cli(sys.argv[1:])
    """
)


def _killed(*args) -> None:
    run = subprocess.run([sys.executable, "-c", KILLED_AT_RENAME, *map(str, args)], capture_output=True)
    assert run.returncode == -9, run.stderr.decode()


def _left(folder, name: str) -> list:
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")
    )


def test_the_folder_being_built_names_its_writer(tmp_path):
    from studykit.files import STRAY, temp_folder_beside

    found = STRAY.fullmatch(temp_folder_beside(tmp_path / "out").name)
    assert found is not None and found["name"] == "out" and int(found["pid"]) == os.getpid()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_second_coding_killed_before_its_rename_is_cleaned_up_by_the_next_run(data_copy, lang):
    study = sorted(p.stem for p in (data_copy / "studies").glob("*.yaml"))[0]
    b = data_copy.parent / "b"
    _killed("second-coding", "--data", data_copy, "--out", b, study)
    [left] = _left(data_copy.parent, "b")
    assert not b.exists()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:  # a writer still running: its folder stays
        running = data_copy.parent / f".b.{sleeper.pid}-0123abcd.tmp"
        running.mkdir()
        result = invoke_studykit("second-coding", "--data", data_copy, "--out", b, study, "--lang", lang)
        assert result.returncode == 0, result.stderr
        said = {"en": "nothing is half-written", "id": "tidak ada yang setengah tertulis"}[lang]
        assert left in result.stderr and said in result.stderr, result.stderr
        assert _left(data_copy.parent, "b") == [running.name] and (b / "studies" / f"{study}.yaml").is_file()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_consensus_killed_before_its_rename_is_cleaned_up_by_the_next_run(data_copy, tmp_path):
    b = tmp_path / "b"
    shutil.copytree(data_copy, b)  # coder B coded as A did: the merge has nothing to settle
    merged = tmp_path / "m"
    _killed("consensus", data_copy, b, "--out", merged)
    [left] = _left(tmp_path, "m")
    result = invoke_studykit("consensus", data_copy, b, "--out", merged)
    assert result.returncode == 0, result.stderr
    assert f"removed {left}" in result.stderr or left in result.stderr, result.stderr
    assert _left(tmp_path, "m") == [] and (merged / "studies").is_dir()
