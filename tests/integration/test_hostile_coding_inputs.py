"""Hostile input to the coding wing's newer paths (session 11's independent check): the gazetteer, the
workbench's Save with a broken decision log, and the folders ``consensus`` and ``second-coding`` copy.

Each case is built from code on ``data_copy`` and checked to end in a clear refusal (or, for an optional
file that is absent, in the command working), with nothing written.
"""

from __future__ import annotations

import csv
import time

from helpers import invoke_studykit

from studykit.coding import placenames
from studykit.coding.bench import Session

CODER = "hostile-test"


def _blind_b(data_copy, tmp_path, study: str):
    """A second coding B of ``study`` that coded it (A's findings, another coder)."""
    b = tmp_path / "b"
    assert invoke_studykit("second-coding", "--data", data_copy, "--out", b, study).returncode == 0
    text = (data_copy / "studies" / f"{study}.yaml").read_text(encoding="utf-8")
    lines = [("coded_by: Budi" if line.startswith("coded_by:") else line) for line in text.splitlines()]
    (b / "studies" / f"{study}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return b


# --- the gazetteer ------------------------------------------------------------------------------------


def test_without_a_gazetteer_metadata_suggestions_and_the_workbench_still_work(data_copy, corpus):
    """regencies.csv is optional (validate checks only the province without it): suggest --metadata and
    the workbench read a text naming a kota without it, instead of failing on the missing file."""
    (data_copy / "codebook" / "regencies.csv").unlink()
    study = next(s for s in corpus.study_ids if "Kota" in (data_copy / "sources" / f"{s}.txt").read_text())
    result = invoke_studykit("suggest", study, "--metadata", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert "regencies.csv" not in result.stderr
    Session(study, data_copy, CODER)  # opens: its metadata suggestions read the text too


def test_place_names_are_looked_up_not_searched_for_whatever_the_gazetteer_size(data_copy):
    """Every "Kota X" of a text is one look-up: a 10,000-row gazetteer and 2,500 mentions took minutes when
    each mention scanned every row (12 s for a 1 MB abstract on the real 514 rows)."""
    path = data_copy / "codebook" / "regencies.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(rows[0])
        for n in range(10_000):
            code, unit, kind, name, province = rows[1 + n % (len(rows) - 1)]
            out.writerow([f"{n // 100:02d}.{n % 100:02d}", f"{unit} X{n}", kind, f"{name} X{n}", province])
    text = "Kota Abc Def Ghi Jkl dan Semarang City of Xyz. " * 2_500
    started = time.process_time()
    found = placenames.admin_units(text, data_copy)
    assert time.process_time() - started < 5
    assert found == []  # none of these is a unit of the gazetteer
    assert placenames.lookup(data_copy, "kota", "semarang x9") is None  # the name, its case aside
    assert placenames.lookup(data_copy, "kabupaten", rows[1][3] + " X0").admin_unit == rows[1][1] + " X0"
