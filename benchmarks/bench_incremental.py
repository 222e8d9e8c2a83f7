"""Benchmark: `studykit render` after small edits of a 50-study corpus (what is re-rendered, and how long).

Run:  .venv/bin/python benchmarks/bench_incremental.py [--studies 50] [--before REV] [--verify]

On a scratch copy of the synthetic corpus (``generate`` of tests/helpers/synthetic.py, with memos at every
level as ``bench_scale.py`` writes them), with the project's ``reports.yaml`` and notebooks, each step is one
``studykit render --data D --out O`` subprocess, timed from start to exit:

1. **cold**: no reports yet (every report of the manifest, both languages);
2. **no-op**: nothing changed;
3. **one summary edited**: the English summary of one finding of one study;
4. **one memo added**: a study memo on a study that had none;
5. **one study added**: the next study the generator would write (study file and source text).

``--before REV`` runs the same steps first with the source tree of git revision REV (``git archive``, run
with ``PYTHONPATH`` on its ``src``, same venv; ``bench_render.before_tree``). ``--verify`` ends each tree's
run with a clean ``--force`` render of the final data into a fresh folder and checks that every report and
executed notebook is byte-identical to the incremental result. Results: printed as a table and written to
benchmarks/_work/bench_incremental.json.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
STUDYKIT = str(Path(sys.executable).parent / "studykit")
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

from bench_render import Phase, before_tree  # noqa: E402 - benchmarks/ is put on the path above
from bench_scale import with_memos  # noqa: E402
from helpers.synthetic import generate  # noqa: E402

STEPS = ("cold", "no-op", "one summary edited", "one memo added", "one study added")
MEMO = "---\nauthor: Bench Analyst\ndate: 2026-12-06\nlanguage: en\n---\nA memo added between two renders.\n"


def render(tree: Path, data: Path, out: Path, *extra: str) -> tuple[Phase, str]:
    """One ``studykit render`` of ``tree``'s manifest and notebooks: its wall and CPU time (the process tree)
    and its summary line."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")} if tree != ROOT else None
    command = [STUDYKIT, "render", "--data", str(data), "--out", str(out), *extra]
    with Phase() as phase:
        proc = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"render failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return phase, proc.stdout.strip().splitlines()[-1].split(";")[0]  # "rendered 4, skipped …"


def edit_summary(data: Path) -> None:
    path = sorted((data / "studies").glob("*.yaml"))[7]
    text = path.read_text(encoding="utf-8")
    at = text.index("summary_en: ") + len("summary_en: ")
    path.write_text(text[:at] + "Edited between two renders. " + text[at:], encoding="utf-8")


def add_memo(data: Path) -> None:
    studies = sorted(p.stem for p in (data / "studies").glob("*.yaml"))
    target = next(s for s in studies if not (data / "memos" / "studies" / f"{s}.md").exists())
    (data / "memos" / "studies" / f"{target}.md").write_text(MEMO, encoding="utf-8")


def add_study(data: Path, n: int) -> None:
    """The study the generator writes next (its n-th), with its source."""
    bigger = generate(n + 1)
    new = sorted(
        {p.name for p in (bigger / "studies").glob("*.yaml")} - {p.name for p in (data / "studies").glob("*")}
    )
    assert len(new) == 1, new
    shutil.copy(bigger / "studies" / new[0], data / "studies" / new[0])
    source = new[0].removesuffix(".yaml") + ".txt"
    shutil.copy(bigger / "sources" / source, data / "sources" / source)


def identical(a: Path, b: Path) -> list[str]:
    """Reports and executed notebooks that differ (or exist in one folder only) between ``a`` and ``b``."""
    names = {
        p.relative_to(top).as_posix()
        for top in (a, b)
        for p in top.rglob("*")
        if p.is_file() and p.suffix in (".html", ".ipynb")
    }
    return sorted(
        n for n in names if not ((a / n).is_file() and (b / n).is_file() and filecmp.cmp(a / n, b / n, False))
    )


def measure(tree: Path, label: str, n: int, verify: bool) -> dict:
    scratch = WORK / f"incremental-{label}"
    shutil.rmtree(scratch, ignore_errors=True)
    data, out = scratch / "data", scratch / "reports"
    shutil.copytree(generate(n), data, ignore=shutil.ignore_patterns(".stamp"))
    with_memos(data)
    steps = {}
    changes = (None, None, edit_summary, add_memo, lambda d: add_study(d, n))
    for step, change in zip(STEPS, changes, strict=True):
        if change:
            change(data)
        phase, summary = render(tree, data, out)
        steps[step] = {"summary": summary, **phase.as_dict()}
        print(f"  {label} {step}: {phase.wall:.2f} s, {phase.cpu:.1f} CPU-s ({summary})", flush=True)
    if verify:
        clean = scratch / "reports-clean"
        render(tree, data, clean, "--force")
        steps["differs from a clean full render"] = identical(out, clean)
        print(f"  {label}: differs from a clean full render: {steps['differs from a clean full render']}")
    return steps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--studies", type=int, default=50)
    ap.add_argument("--before", help="also measure this git revision first (its manifest and notebooks)")
    ap.add_argument("--verify", action="store_true", help="compare with a clean full render at the end")
    ap.add_argument("--no-after", action="store_true", help="measure only --before, not this tree")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "studies": args.studies,
        "cores": os.cpu_count(),
    }
    if args.before:
        results["before"] = {
            "rev": args.before,
            **measure(before_tree(args.before), "before", args.studies, args.verify),
        }
    if not args.no_after:
        results["after"] = measure(ROOT, "after", args.studies, args.verify)
    (WORK / f"bench_incremental-{'-'.join(k for k in ('before', 'after') if k in results)}.json").write_text(
        json.dumps(results, indent=1) + "\n"
    )
    runs = [k for k in ("before", "after") if k in results]
    print("\n| step | " + " | ".join(runs) + " |\n|---|" + "---|" * len(runs))
    for step in STEPS:
        measured = [results[r][step] for r in runs]
        cells = [f"{m['wall_s']} s, {m['cpu_s']} CPU-s ({m['summary']})" for m in measured]
        print(f"| {step} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
