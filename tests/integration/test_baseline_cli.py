"""`studykit baseline` as the maintainer runs it after an intended change: it says which notebooks changed,
a second refresh changes nothing (byte-identical), and the stored notebook carries nothing of the machine
that ran it."""

from __future__ import annotations

import json
import shutil

from helpers import run_studykit

from studykit.paths import NOTEBOOKS_DIR, baseline_notebooks

NOTEBOOK = "6-qca.ipynb"


def test_a_refresh_says_what_changed_and_a_second_one_is_a_no_op(tmp_path):
    copy = shutil.copy(NOTEBOOKS_DIR / NOTEBOOK, tmp_path)
    nb = json.loads((tmp_path / NOTEBOOK).read_text(encoding="utf-8"))
    nb["cells"][2]["outputs"][1]["data"]["text/plain"] = ["an output of an older studykit"]
    (tmp_path / NOTEBOOK).write_text(json.dumps(nb), encoding="utf-8")
    first = run_studykit("baseline", copy)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [f"updated {NOTEBOOK}"]
    stored = (tmp_path / NOTEBOOK).read_bytes()
    assert b"an output of an older studykit" not in stored
    second = run_studykit("baseline", copy, "--lang", "id")
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [f"{NOTEBOOK} tidak berubah"]
    assert (tmp_path / NOTEBOOK).read_bytes() == stored


def test_committed_notebooks_carry_nothing_of_the_machine_that_ran_them():
    for path in baseline_notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert set(nb["metadata"]) == {"kernelspec", "language_info"}, path.name
        assert "version" not in nb["metadata"]["language_info"], path.name  # Python's patch release
        for cell in nb["cells"]:
            assert set(cell["metadata"]) <= {"tags"}, (path.name, cell["metadata"])
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "/tmp/" not in text and "/home/" not in text, path.name
