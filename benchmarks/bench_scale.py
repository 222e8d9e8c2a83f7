"""Benchmark: the report set on the real corpus (5 studies) and on synthetic corpora of 50 and 500 studies.

Run:  .venv/bin/python benchmarks/bench_scale.py [--studies 5 50 500] [--jobs 2] [--profiles 5]   (see
README.md)

For every corpus size it renders, cold (``--force``), every report of ``reports.yaml`` in both
languages, except that study profiles are sampled: ``--profiles`` of them (one per real template
study first), because a profile depends on its own study only and 500 studies would mean 1,000
profile renders of the same cost. Each report kind (profile, cross-case, framework lens, evidence
profile, explore) renders in its own fresh process, so that its peak memory can be read: the
largest resident set of any process under it (workers and kernels), from ``getrusage``.

Printed and written to ``benchmarks/_work/scale.json``: per corpus size and report kind, the
number of reports, render seconds per report (mean and max, as the engine measured them, kernel
start included), HTML size (max and mean), the peak memory, and the growth from 50 to 500
studies. A report over 1 MB, or a failed render, makes the benchmark exit 1.

``--screenshots DIR`` also saves a full-page Chromium screenshot of each corpus's English
cross-case report as ``DIR/cross-case-<n>.png`` (Debian's ``/usr/bin/chromium`` through
Playwright, as the browser tests use it).

Synthetic corpora come from ``generate`` of tests/helpers/synthetic.py (deterministic, reused while
unchanged), with memos added at every level (:func:`with_memos`). ``--kinds`` renders only some report kinds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
LIMIT = 1_000_000
KINDS = {
    "1-study-profile": "profile",
    "2-cross-case": "cross-case",
    "3-framework-lens": "framework lens",
    "4-evidence-profile": "evidence profile",
    "5-explore": "explore",
    "6-qca": "qca",
    "8-codebook": "codebook",
    "9-methods": "methods appendix",
}
MEMO_EVERY = (
    10  # synthetic corpora: a study memo and a finding memo on every 10th study, a memo on every theme
)

# Runs in a fresh process: render the given jobs, report each job's seconds and size, and the peak RSS of
# every process under it.
CHILD = r"""
import json, resource, sys
from pathlib import Path
from studykit.render import engine
from studykit.render.manifest import load_plan
data_dir, out, outputs, workers = Path(sys.argv[1]), Path(sys.argv[2]), set(json.loads(sys.argv[3])), int(sys.argv[4])
jobs = [j for j in load_plan(data_dir) if j.output in outputs]
results, _ = engine.render(jobs, reports_dir=out, data_dir=data_dir, force=True, workers=workers)
rows = [{"output": r.job.output, "ok": r.ok, "seconds": r.seconds, "bytes": (out / r.job.output).stat().st_size if r.ok else None,
         "error": engine.failure_line(r, out) if not r.ok else None} for r in results]
peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps({"rows": rows, "peak_rss_mb": peak / 1024}))
"""  # noqa: E501 - a text block (script, template or fixture) kept as written


def corpus(n: int) -> Path:
    if n == 5:
        return ROOT / "data"
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.synthetic import generate

    return with_memos(generate(n))


def with_memos(data_dir: Path) -> Path:
    """Memos at every level in a synthetic corpus (rewritten each run, same bytes): the project, every
    MEMO_EVERY-th study and its first finding, and every theme (long enough to collapse)."""
    from studykit.corpus.codebook import read_themes

    def memo(text: str) -> str:
        return f"---\nauthor: Bench Analyst\ndate: 2026-12-05\nlanguage: en\n---\n{text}\n"

    root = data_dir / "memos"
    for sub in ("studies", "themes", "findings"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "project.md").write_text(memo("Synthetic corpus for the scale benchmark."), encoding="utf-8")
    for theme in read_themes(data_dir):
        text = f"Why **{theme.theme_id}** matters here. " + "A long reflection on the theme. " * 20
        (root / "themes" / f"{theme.theme_id}.md").write_text(memo(text), encoding="utf-8")
    for k, path in enumerate(sorted((data_dir / "studies").glob("*.yaml"))):
        if k % MEMO_EVERY:
            continue
        (root / "studies" / f"{path.stem}.md").write_text(
            memo(f"Study memo {k}: *checked*."), encoding="utf-8"
        )
        (root / "findings" / f"{path.stem}-01.md").write_text(memo("Finding memo."), encoding="utf-8")
    return data_dir


def plan(data_dir: Path, profiles: int) -> dict[str, list[str]]:
    """Report kind -> outputs to render: every report but the profiles, of which a sample (one per template
    study first)."""
    from studykit.render.manifest import load_plan

    by_kind: dict[str, list[str]] = defaultdict(list)
    jobs = load_plan(data_dir)
    studies = list(dict.fromkeys(j.parameters["study_id"] for j in jobs if j.notebook == "1-study-profile"))
    templates = list(dict.fromkeys(s.rsplit("-s", 1)[0] for s in studies))
    sample = [next(s for s in studies if s.rsplit("-s", 1)[0] == t) for t in templates]
    sample = (sample + [s for s in studies if s not in sample])[:profiles]
    for job in jobs:
        if job.notebook == "1-study-profile" and job.parameters["study_id"] not in sample:
            continue
        by_kind[KINDS[job.notebook]].append(job.output)
    return dict(by_kind)


def run(n: int, workers: int, profiles: int, kinds: list[str] | None = None) -> dict:
    data_dir = corpus(n)
    out = WORK / f"scale-reports-{n}"
    result = {"studies": n, "kinds": {}}
    for kind, outputs in plan(data_dir, profiles).items():
        if kinds and kind not in kinds:
            continue
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(data_dir), str(out), json.dumps(outputs), str(workers)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        )
        if proc.returncode != 0:
            sys.exit(f"{n} studies, {kind}: render process failed:\n{proc.stderr[-3000:]}")
        child = json.loads(proc.stdout.strip().splitlines()[-1])
        rows = child["rows"]
        failed = [r["error"] for r in rows if not r["ok"]]
        sizes = [r["bytes"] for r in rows if r["ok"]]
        seconds = [r["seconds"] for r in rows]
        result["kinds"][kind] = {
            "reports": len(rows),
            "failed": failed,
            "wall_s": time.perf_counter() - started,
            "seconds_mean": sum(seconds) / len(seconds),
            "seconds_max": max(seconds),
            "bytes_max": max(sizes, default=0),
            "bytes_mean": sum(sizes) / len(sizes) if sizes else 0,
            "largest": max(rows, key=lambda r: r["bytes"] or 0)["output"],
            "peak_rss_mb": child["peak_rss_mb"],
        }
        k = result["kinds"][kind]
        print(
            f"  {n:>4} studies  {kind:<17} {k['reports']:>3} reports  {k['seconds_mean']:6.1f} s mean  "
            f"{k['seconds_max']:6.1f} s max  "
            f"{k['bytes_max'] / 1e3:7.0f} kB max  {k['peak_rss_mb']:6.0f} MB peak  "
            f"{'FAILED ' + str(len(failed)) if failed else ''}",
            flush=True,
        )
    return result


def screenshot(reports: Path, png: Path) -> None:
    """A full-page screenshot of the English cross-case report, 1280 px wide, as a reader would scroll it."""
    from playwright.sync_api import sync_playwright

    png.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((reports / "en" / "cross-case.html").as_uri(), wait_until="load")
        page.screenshot(path=str(png), full_page=True)
        browser.close()
    print(f"  screenshot: {png}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, nargs="+", default=[5, 50, 500])
    parser.add_argument("--jobs", type=int, default=2, help="render worker processes (default 2)")
    parser.add_argument(
        "--profiles", type=int, default=5, help="study profiles rendered per corpus (default 5)"
    )
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS.values()), help="only these report kinds")
    parser.add_argument(
        "--screenshots", type=Path, help="save a screenshot of each corpus's English cross-case report here"
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; workers: {args.jobs}; profiles sampled: {args.profiles}")
    results = []
    for n in args.studies:
        results.append(run(n, args.jobs, args.profiles, args.kinds))
        if args.screenshots:
            screenshot(WORK / f"scale-reports-{n}", args.screenshots / f"cross-case-{n}.png")
    WORK.mkdir(exist_ok=True)
    (WORK / "scale.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(
        "\n| report kind | "
        + " | ".join(f"{r['studies']} studies: s / report, max kB, peak MB" for r in results)
        + " |"
    )
    print("|---|" + "---|" * len(results))
    for kind in KINDS.values():
        cells = []
        for r in results:
            k = r["kinds"].get(kind)
            cells.append(
                f"{k['seconds_mean']:.1f} s, {k['bytes_max'] / 1e3:.0f} kB, {k['peak_rss_mb']:.0f} MB"
                if k
                else "—"
            )
        print(f"| {kind} | " + " | ".join(cells) + " |")
    sizes = {r["studies"]: r for r in results}
    if 50 in sizes and 500 in sizes:
        print("\ngrowth 50 -> 500 studies (x10):")
        for kind in KINDS.values():
            a, b = sizes[50]["kinds"].get(kind), sizes[500]["kinds"].get(kind)
            if a and b:
                print(
                    f"  {kind:<17} time x{b['seconds_mean'] / a['seconds_mean']:.2f}, size "
                    f"x{b['bytes_max'] / a['bytes_max']:.2f}, memory "
                    f"x{b['peak_rss_mb'] / a['peak_rss_mb']:.2f}"
                )
    too_big = [
        (r["studies"], k["largest"], k["bytes_max"])
        for r in results
        for k in r["kinds"].values()
        if k["bytes_max"] > LIMIT
    ]
    failed = [(r["studies"], e) for r in results for k in r["kinds"].values() for e in k["failed"]]
    if too_big or failed:
        sys.exit(f"over 1 MB: {too_big}; failed: {failed}")
    print("every report rendered, every report under 1 MB")


if __name__ == "__main__":
    main()
