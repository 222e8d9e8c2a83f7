"""`studykit suggest` end to end, as an analyst runs it while the corpus grows: part of bench_suggest.py.

    .venv/bin/python benchmarks/bench_suggest.py --only cli [--studies 50 500] [--baseline main]

On the real five plus synthetic copies (``with_real(n)`` of tests/helpers/synthetic.py), each
step is one fresh ``studykit suggest jambi-bantar --format json`` process (its wall and CPU time,
children included) after an edit of *another* study: nothing cached (cold), nothing changed, its
``coded_by`` changed, ``suggest --write`` into it, one of its reviewed findings rejected, then
each other real study and a synthetic one suggested for once. ``--baseline REF`` runs the same
steps with the code of a git revision (``git archive REF src``, on this venv's libraries) on its
own copy of the corpus and cache, and compares the printed suggestions byte for byte: any
difference is reported and makes the benchmark exit 1.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = "jambi-bantar"
EDITED = "jombang-poverty"  # the other study whose file changes
WRITTEN = "semarang-p2kp"  # the study `suggest --write` appends to
OTHERS = ("purbayan-p2kp", "bengkulu-samisake", "semarang-p2kp-s00004")


def _edit(data: Path, study_id: str, change) -> None:
    """Change a study file as an analyst's editor would (round trip: nothing else moves)."""
    from studykit.coding.studyfile import dump, load

    path = data / "studies" / f"{study_id}.yaml"
    document = load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(dump(document), encoding="utf-8")


def _reject_first(document) -> None:
    document["findings"][0]["review_status"] = "rejected"


def _set_coded_by(document) -> None:
    document["coded_by"] = "a second coder (benchmark edit)"


class Runner:
    """Runs `studykit` with the code under ``src`` (None: this checkout) on its own cache."""

    def __init__(self, src: Path | None, cache: Path):
        self.env = dict(os.environ, STUDYKIT_CACHE_DIR=str(cache))
        if src is not None:
            self.env["PYTHONPATH"] = str(src)

    def __call__(self, data: Path, *args: str) -> tuple[str, float, float]:
        """stdout, wall seconds and CPU seconds (user + system, children included) of one command."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "studykit", "suggest", *args, "--data", str(data)],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            raise RuntimeError(f"studykit suggest {' '.join(args)}: {result.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return result.stdout, wall, cpu


def steps(run: Runner, data: Path) -> list[dict]:
    """The steps of the module docstring on ``data`` (edited in place): name, output, seconds."""
    out = []

    def suggest(name: str, study_id: str = TARGET) -> None:
        text, wall, cpu = run(data, study_id, "--format", "json")
        out.append({"step": name, "study": study_id, "output": text, "wall_s": wall, "cpu_s": cpu})

    suggest("cold (empty cache)")
    suggest("unchanged")
    _edit(data, EDITED, _set_coded_by)
    suggest("after a metadata edit (coded_by)")
    run(data, WRITTEN, "--write")
    suggest("after suggest --write into another study")
    _edit(data, EDITED, _reject_first)
    suggest("after a finding edit (one rejected)")
    for study_id in OTHERS:
        suggest("another study", study_id)
    return out


def baseline_source(ref: str, folder: Path) -> Path:
    """The ``src/`` tree of git revision ``ref``, unpacked into ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


def cli(studies=(50, 500), baseline: str | None = None) -> dict:
    """Per corpus size, the steps' seconds (and the baseline's, with whether its output was the same)."""
    import shutil

    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.synthetic import with_real

    report = {}
    with tempfile.TemporaryDirectory(prefix="studykit-cli-") as tmp:
        codes = {"this": None}
        if baseline:
            codes[baseline] = baseline_source(baseline, Path(tmp))
        for n in studies:
            runs = {}
            for label, src in codes.items():
                data = Path(tmp) / f"{label}-{n}".replace("/", "_")
                shutil.copytree(with_real(n), data)
                runs[label] = steps(Runner(src, Path(tmp) / f"cache-{label}-{n}".replace("/", "_")), data)
            rows = []
            for k, step in enumerate(runs["this"]):
                row = {key: step[key] for key in ("step", "study")}
                for label, run in runs.items():
                    row[label] = {"wall_s": round(run[k]["wall_s"], 2), "cpu_s": round(run[k]["cpu_s"], 2)}
                    row[label]["sha256"] = hashlib.sha256(run[k]["output"].encode()).hexdigest()[:16]
                row["same"] = len({run[k]["output"] for run in runs.values()}) == 1
                rows.append(row)
            report[n] = rows
    return report


def show(report: dict) -> bool:
    """Print the table; whether every output matched the baseline's."""
    same = True
    for n, rows in report.items():
        print(f"== studykit suggest, {n} studies (wall / CPU seconds)")
        for row in rows:
            runs = "  ".join(
                f"{label} {v['wall_s']:6.2f} / {v['cpu_s']:6.2f}"
                for label, v in row.items()
                if isinstance(v, dict)
            )
            mark = "" if len(row) == 4 else ("  same output" if row["same"] else "  OUTPUT DIFFERS")
            print(f"  {row['step']:44} {row['study']:22} {runs}{mark}")
            same = same and row["same"]
    return same
