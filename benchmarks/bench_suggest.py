"""How well `studykit suggest` finds the analyst's coding, how it learns, and how fast it retrains.

Unit of scoring: presence of a (study, finding type, theme) or a (study, theme). The gold units are
the reviewed findings' primary themes; the predicted ones are the suggestions at the default
--min-score and per-study cap. Three views: all types (type+theme), and the issue's target view,
types other than context, by theme and by type+theme.

Runs:

* **LOSO** on the bundled studies: each study is suggested with everything derived from the corpus
  (learned cues and the model) rebuilt without it; rules alone, model alone, combined.
* **held-out**: the author-written abstracts of benchmarks/heldout (not independent; see there),
  with the model trained on the bundled studies; per language.
* **replay** (as ASReview's simulation): studies coded one at a time in a random order (several
  seeds); after each, the model is retrained and the next study is scored. Run on the bundled five
  and on the bundled five + the ten held-out abstracts (fifteen); the learning curve is drawn into
  benchmarks/suggest-learning-curve.png.
* **timing**: retraining and suggesting on synthetic corpora of 50 and 500 studies (copies of the
  real ones, each with its own trailer sentence; timing only, never accuracy).
* **cli** (``--only cli``, benchmarks/suggest_cli.py): the command end to end after edits of another study
  (cold, unchanged, metadata, ``--write``, a finding), at ``--studies`` sizes; ``--baseline REF`` also runs
  a git revision's code and checks that it prints the same suggestions byte for byte.

    .venv/bin/python benchmarks/bench_suggest.py [--seeds 5] [--json] [--no-timing] [--no-plot]
    .venv/bin/python benchmarks/bench_suggest.py --heldout PATH --only heldout --errors
    .venv/bin/python benchmarks/bench_suggest.py --only replay --replay-extra SET... --plot-to PNG
    .venv/bin/python benchmarks/bench_suggest.py --only cli [--studies 50 500] [--baseline main]

``--heldout PATH`` scores an external set of abstracts in the format of benchmarks/heldout/heldout.yaml
(``abstracts: [{id, language, text, gold: [[type, theme, quote], ...]}]``) instead of the bundled
author-written one; such a set is read where it is and never copied into the repository. ``--errors``
prints, per abstract, the units missed and the ones proposed in excess (to read, not to commit).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from studykit.coding import calibrate as cb
from studykit.coding import rank as rk
from studykit.coding import readings as rd
from studykit.coding import suggest as sg
from studykit.coding import training as tr
from studykit.corpus.provenance import locate_quote
from studykit.paths import DATA_DIR

HERE = Path(__file__).parent
HELDOUT = HERE / "heldout" / "heldout.yaml"
MODES = ("rules", "model", "combined")


def scores(gold: set, predicted: set) -> dict:
    tp, fp, fn = len(gold & predicted), len(predicted - gold), len(gold - predicted)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def views(gold: set, predicted: set) -> dict:
    """The three views of a set of (study, type, theme) units, with per-type and per-theme breakdowns."""
    g_nc = {u for u in gold if u[1] != "context"}
    p_nc = {u for u in predicted if u[1] != "context"}
    by = {}
    for name, index in (("by_type", 1), ("by_theme", 2)):
        by[name] = {
            v: scores({u for u in gold if u[index] == v}, {u for u in predicted if u[index] == v})
            for v in sorted({u[index] for u in gold | predicted})
        }
    return {
        "type_theme_all": scores(gold, predicted),
        "theme": scores({u[::2] for u in g_nc}, {u[::2] for u in p_nc}),
        "type_theme": scores(g_nc, p_nc),
        **by,
    }


def gold_of(study: tr.CodedStudy) -> set:
    return {(study.study_id, t, theme) for t, theme, _, _ in study.positives}


SCORED: dict[str, list[tuple[float, bool]]] = {
    m: [] for m in (*MODES, "uncalibrated")
}  # (score, unit in gold) of every candidate (no threshold)


def calibration_without(studies: list[tr.CodedStudy], exclude: list[str]) -> cb.Calibration:
    """The calibration `studykit suggest` would fit on ``studies`` (held-out folds only), the corpus-derived
    cues learned without ``exclude`` and each fold."""
    return cb.fit(cb.held_out_points(studies, lambda ids: sg.lexicon_for(DATA_DIR, exclude + ids)))


def suggest_units(
    study: tr.CodedStudy, lexicon, model, mode: str, record: bool = False, calibration=None
) -> set:
    """The units `studykit suggest` proposes at its default --min-score and --limit; with ``record``, every
    candidate's (score, right) is kept for the reliability table (and, for the combined mode, its score before
    calibration)."""
    gold = gold_of(study)
    runs = {mode: calibration if mode == "combined" else None}
    if record and mode == "combined":
        runs["uncalibrated"] = None
    kept = set()
    for name, calib in runs.items():
        candidates = rk.rank(
            study.text,
            lexicon,
            model if mode != "rules" else None,
            use_rules=mode != "model",
            calibration=calib,
            min_score=0.0,
            limit=None,
        )
        assert all(study.text[c.start : c.end] == c.quote for c in candidates)
        if record:
            SCORED[name] += [
                (c.score, (study.study_id, c.finding_type, c.theme_id) in gold) for c in candidates
            ]
        if name == mode:
            shown = [c for c in candidates if c.score >= rk.DEFAULT_MIN_SCORE][: rk.DEFAULT_LIMIT]
            kept = {(study.study_id, c.finding_type, c.theme_id) for c in shown}
    return kept


def reliability() -> dict:
    """Per score band: candidates (no threshold) and the share whose (type, theme) the analyst coded, from
    held-out runs only (LOSO and held-out abstracts); and the expected calibration error (mean |score - share|
    weighted by band size)."""
    bands = [(k / 10, (k + 1) / 10 if k < 9 else 1.01) for k in range(10)]
    out = {}
    for mode in ("rules", "uncalibrated", "combined"):
        rows, total, gap = [], len(SCORED[mode]), 0.0
        for lo, hi in bands:
            hits = [(score, ok) for score, ok in SCORED[mode] if lo <= score < hi]
            share = sum(ok for _, ok in hits) / len(hits) if hits else None
            if hits:
                gap += abs(statistics.mean(s for s, _ in hits) - share) * len(hits) / total
            rows.append(
                {
                    "band": f"{lo:.1f}–{min(hi, 1.0):.1f}",
                    "n": len(hits),
                    "coded": round(share, 2) if share is not None else None,
                }
            )
        out[mode] = {"bands": rows, "ece": round(gap, 3), "n": total}
    return out


def heldout_studies(path: Path = HELDOUT) -> tuple[list[tr.CodedStudy], dict[str, str]]:
    abstracts = yaml.safe_load(path.read_text(encoding="utf-8"))["abstracts"]
    out, langs = [], {}
    for a in abstracts:
        study = tr.CodedStudy(a["id"], a["text"])
        for t, theme, quote in a["gold"]:
            span = locate_quote(a["text"], quote)
            if span is None:
                raise SystemExit(f"{path}: abstract {a['id']}: gold quote not found in its text: {quote!r}")
            study.positives.append((t, theme, *span))
        out.append(study)
        langs[a["id"]] = a["language"]
    return out, langs


def loso(bundled: list[tr.CodedStudy]) -> dict:
    predicted = {m: set() for m in MODES}
    for study in bundled:
        lexicon = sg.lexicon_for(DATA_DIR, [study.study_id])
        others = [s for s in bundled if s is not study]
        model = tr.train(others, themes=lexicon.themes)
        calibration = calibration_without(others, [study.study_id])
        for mode in MODES:
            predicted[mode] |= suggest_units(
                study, lexicon, model, mode, record=True, calibration=calibration
            )
    gold = set().union(*(gold_of(s) for s in bundled))
    return {mode: views(gold, predicted[mode]) for mode in MODES}


def heldout_run(bundled, held, langs, errors: bool = False) -> dict:
    lexicon = sg.lexicon_for(DATA_DIR)
    model = tr.train(bundled, themes=lexicon.themes)
    calibration = calibration_without(bundled, [])
    out = {}
    for mode in MODES:
        per_study = {
            s.study_id: suggest_units(s, lexicon, model, mode, record=True, calibration=calibration)
            for s in held
        }
        predicted = set().union(*per_study.values())
        gold = set().union(*(gold_of(s) for s in held))
        out[mode] = views(gold, predicted)
        if errors and mode == "combined":
            out[mode]["errors"] = {
                s.study_id: {
                    "missed": sorted(u[1:] for u in gold_of(s) - per_study[s.study_id]),
                    "extra": sorted(u[1:] for u in per_study[s.study_id] - gold_of(s)),
                }
                for s in held
            }
        out[mode]["by_language"] = {}
        for lang in sorted(set(langs.values())):
            keep = {s for s, v in langs.items() if v == lang}
            g = {u for u in gold if u[0] in keep}
            p = {u for u in predicted if u[0] in keep}
            out[mode]["by_language"][lang] = {k: views(g, p)[k] for k in ("theme", "type_theme")}
    return out


def pooled_run(bundled, held, langs) -> dict:
    """The held-out abstracts as the analyst's own corpus: each is suggested for with the model, the learned
    cues and the calibration built from the bundled studies and the other held-out abstracts (leave one
    out over the pool; the scored abstract contributes nothing)."""
    predicted = set()
    for study in held:
        others = bundled + [s for s in held if s is not study]
        lexicon = sg.lexicon_for(DATA_DIR)  # the held-out abstracts have no study variables to learn
        model = tr.train(others, themes=lexicon.themes)
        calibration = calibration_without(others, [])
        predicted |= suggest_units(study, lexicon, model, "combined", record=True, calibration=calibration)
    gold = set().union(*(gold_of(s) for s in held))
    out = views(gold, predicted)
    out["by_language"] = {}
    for lang in sorted(set(langs.values())):
        keep = {s for s, v in langs.items() if v == lang}
        g, p = {u for u in gold if u[0] in keep}, {u for u in predicted if u[0] in keep}
        out["by_language"][lang] = {k: views(g, p)[k] for k in ("theme", "type_theme")}
    return out


SWEEP_SCORES = (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
SWEEP_LIMITS = (40, 15, 10)


def sweep(bundled, held) -> dict:
    """What `studykit suggest` shows for each abstract of ``held`` with the bundled studies as the corpus (as
    the command does with the checkout's data/), at each --min-score and per-study cap: theme and type+theme
    presence (types other than context); and per band of the shown score, the share of non-context candidates
    whose theme (and whose type and theme) the abstract's gold has."""
    lexicon = sg.lexicon_for(DATA_DIR)
    model = tr.train(bundled, themes=lexicon.themes)
    calibration = calibration_without(bundled, [])
    every = {
        s.study_id: rk.rank(s.text, lexicon, model, calibration=calibration, min_score=0.0, limit=None)
        for s in held
    }
    gold = set().union(*(gold_of(s) for s in held))
    rows = []
    for limit in SWEEP_LIMITS:
        for threshold in SWEEP_SCORES:
            predicted = {
                (sid, c.finding_type, c.theme_id)
                for sid, cands in every.items()
                for c in [c for c in cands if c.score >= threshold][:limit]
            }
            v = views(gold, predicted)
            rows.append(
                {"min_score": threshold, "limit": limit, "theme": v["theme"], "type_theme": v["type_theme"]}
            )
    bands = []
    for k in range(10):
        lo, hi = k / 10, (k + 1) / 10 if k < 9 else 1.01
        hits = [
            (
                (sid, c.theme_id) in {u[::2] for u in gold if u[1] != "context"},
                (sid, c.finding_type, c.theme_id) in gold,
            )
            for sid, cands in every.items()
            for c in cands
            if c.finding_type != "context" and lo <= c.score < hi
        ]
        if hits:
            bands.append(
                {
                    "band": f"{lo:.1f}–{min(hi, 1.0):.1f}",
                    "n": len(hits),
                    "theme": round(sum(a for a, _ in hits) / len(hits), 2),
                    "type_theme": round(sum(b for _, b in hits) / len(hits), 2),
                }
            )
    return {"thresholds": rows, "bands": bands}


def replay(pool: list[tr.CodedStudy], seeds: int, windows=((1, 4), (5, 14), (15, 29), (30, 50))) -> dict:
    """For each seed a random order; after k studies coded, the model trained on them (and the calibration
    fitted on their held-out folds) scores study k + 1. Per k: the mean over seeds of the scored study's
    precision, recall and F1; per window of k: the units of all its scored studies pooled (micro)."""
    lexicon = sg.lexicon_for(DATA_DIR)  # codebook + lexicon.yaml; the bundled study variables are known cues
    modes = ("rules", "combined")
    curves = {m: [[] for _ in range(len(pool) - 1)] for m in modes}
    pooled = {m: {w: [set(), set()] for w in windows} for m in modes}
    for seed in range(seeds):
        order = list(pool)
        random.Random(seed).shuffle(order)
        for k in range(1, len(order)):
            model = tr.train(order[:k], themes=lexicon.themes)
            calibration = calibration_without(order[:k], [])
            nxt = order[k]
            for mode in modes:
                units = suggest_units(nxt, lexicon, model, mode, calibration=calibration)
                curves[mode][k - 1].append(views(gold_of(nxt), units)["theme"])
                for lo, hi in windows:
                    if lo <= k <= hi:
                        g = {(seed, *u) for u in gold_of(nxt) if u[1] != "context"}
                        p = {(seed, *u) for u in units if u[1] != "context"}
                        pooled[mode][(lo, hi)][0] |= {(u[0], u[1], u[3]) for u in g}
                        pooled[mode][(lo, hi)][1] |= {(u[0], u[1], u[3]) for u in p}
    out = {}
    for mode, points in curves.items():
        out[mode] = [
            {
                "coded": k + 1,
                **{m: round(statistics.mean(s[m] for s in runs), 3) for m in ("precision", "recall", "f1")},
            }
            for k, runs in enumerate(points)
        ]
        out[f"{mode}_windows"] = {
            f"{lo}-{hi}": scores(g, p) for (lo, hi), (g, p) in pooled[mode].items() if g or p
        }
    return out


def plot(curves: dict[str, dict], path: Path, smooth: int = 1) -> None:
    """The learning curves; with ``smooth`` > 1, each a moving mean over that many scored studies (a long
    replay is unreadable point by point)."""
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(curves), figsize=(5.5 * len(curves), 4), squeeze=False)
    for ax, (title, curve) in zip(axes[0], curves.items(), strict=False):
        for mode, style in (("combined", "-"), ("rules", "--")):
            window = np.ones(smooth) / smooth
            xs = np.convolve([p["coded"] for p in curve[mode]], window, "valid")
            for metric, colour in (("precision", "tab:blue"), ("recall", "tab:orange"), ("f1", "tab:green")):
                ys = np.convolve([p[metric] for p in curve[mode]], window, "valid")
                ax.plot(xs, ys, style, color=colour, label=f"{metric} ({mode})")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("studies coded before the scored one")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("theme presence, types other than context")
    axes[0][-1].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


def synthetic(bundled: list[tr.CodedStudy], n: int) -> list[tr.CodedStudy]:
    """n studies: study k is real study k % 5 with its own trailer sentence (distinct texts to read)."""
    return [
        tr.CodedStudy(
            f"s{k:04d}",
            s.text + f"\nCatatan {k}: salinan untuk pengukuran.",
            list(s.positives),
            list(s.negatives),
        )
        for k in range(n)
        for s in [bundled[k % len(bundled)]]
    ]


def timing(bundled: list[tr.CodedStudy]) -> dict:
    out = {}
    lexicon = sg.lexicon_for(DATA_DIR)
    for n in (50, 500):
        studies = synthetic(bundled, n)
        for memo in (tr.reading, tr.clause_counts, rd.clause_features):
            memo.cache_clear()
        started = time.perf_counter()
        tr.examples(studies)
        read_s = time.perf_counter() - started
        rd.clause_features.cache_clear()  # every text's clauses now on disk: what a new process reads
        started = time.perf_counter()
        tr.examples(studies)
        cached_read_s = time.perf_counter() - started
        fits, cpu = [], []
        for _ in range(3):  # every source already read: what a retrain after one more coded study costs
            started, started_cpu = time.perf_counter(), time.process_time()
            model = tr.train(studies)
            fits.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            model.save(Path(tmp) / "m.npz")
            save_s = time.perf_counter() - started
            started = time.perf_counter()
            tr.Model.load(Path(tmp) / "m.npz")
            load_s = time.perf_counter() - started
        started, started_cpu = time.perf_counter(), time.process_time()
        calibration = cb.fit(cb.held_out_points(studies, lambda ids: lexicon))
        calibrate_s = (time.perf_counter() - started, time.process_time() - started_cpu)
        suggest_times = []
        for s in bundled:
            started = time.perf_counter()
            rk.rank(s.text, lexicon, model, calibration=calibration)
            suggest_times.append(time.perf_counter() - started)
        out[n] = {
            "clauses": tr.examples(studies)[0].shape[0],
            "read_and_hash_all_sources_s": round(read_s, 3),
            "load_all_sources_from_text_cache_s": round(cached_read_s, 3),
            "retrain_s_median": round(statistics.median(fits), 3),
            "retrain_s_runs": [round(f, 3) for f in fits],
            "retrain_cpu_s_median": round(statistics.median(cpu), 3),
            "calibrate_s": round(calibrate_s[0], 3),
            "calibrate_cpu_s": round(calibrate_s[1], 3),
            "save_s": round(save_s, 3),
            "load_s": round(load_s, 3),
            "suggest_s_per_study_median": round(statistics.median(suggest_times), 3),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--heldout",
        type=Path,
        nargs="+",
        default=[HELDOUT],
        help="external sets of abstracts to score (pooled; a missing file is skipped)",
    )
    parser.add_argument(
        "--only", choices=("heldout", "pooled", "replay", "sweep", "cli"), help="run only this part"
    )
    parser.add_argument("--studies", type=int, nargs="+", default=[50, 500], help="--only cli: corpus sizes")
    parser.add_argument(
        "--baseline", help="--only cli: a git revision whose output must be the same (timed too)"
    )
    parser.add_argument("--errors", action="store_true", help="per held-out abstract: units missed, extra")
    parser.add_argument(
        "--replay-extra",
        type=Path,
        nargs="+",
        default=[],
        help="external sets added to the replay pool (bundled + held-out + them; a missing file is skipped)",
    )
    parser.add_argument("--plot-to", type=Path, help="with --only replay: draw the learning curve here")
    args = parser.parse_args()
    if args.only == "cli":
        from suggest_cli import cli, show

        report = cli(args.studies, args.baseline)
        if args.json:
            print(json.dumps(report, indent=1))
        raise SystemExit(0 if show(report) else 1)
    os.environ.setdefault("STUDYKIT_CACHE_DIR", tempfile.mkdtemp(prefix="studykit-bench-"))
    bundled = tr.coded_studies(DATA_DIR)
    held, langs = [], {}
    for path in [p for p in args.heldout if p.is_file()]:
        studies, languages = heldout_studies(path)
        held += studies
        langs.update(languages)
    if args.only == "replay":
        args.no_plot = args.no_timing = True
        extra = [s for path in args.replay_extra if path.is_file() for s in heldout_studies(path)[0]]
        windows = ((1, 4), (5, 14), (15, 29), (30, 50), (51, 99), (100, 499))
        report = {"replay_pool": replay(bundled + held + extra, args.seeds, windows)}
        for mode in ("rules", "combined"):
            print(mode, report["replay_pool"][f"{mode}_windows"])
        if args.plot_to:
            pool = len(bundled) + len(held) + len(extra)
            title = f"replay: {pool} studies ({args.seeds} seeds; moving mean over 10 scored)"
            plot({title: report["replay_pool"]}, args.plot_to, smooth=10)
    elif args.only == "sweep":
        args.no_plot = args.no_timing = True
        report = {"heldout_abstracts": len(held), "sweep": sweep(bundled, held)}
        for row in report["sweep"]["thresholds"]:
            print(
                f"min {row['min_score']:.2f} limit {row['limit']:3}: theme P {row['theme']['precision']:.2f} "
                f"R {row['theme']['recall']:.2f} F1 {row['theme']['f1']:.3f} · type+theme P "
                f"{row['type_theme']['precision']:.2f} R {row['type_theme']['recall']:.2f} "
                f"F1 {row['type_theme']['f1']:.3f}"
            )
        for band in report["sweep"]["bands"]:
            print(
                f"  band {band['band']}: n {band['n']} theme right {band['theme']} "
                f"type+theme right {band['type_theme']}"
            )
    elif args.only == "pooled":
        args.no_plot = args.no_timing = True
        report = {"heldout_abstracts": len(held), "pooled": pooled_run(bundled, held, langs)}
        report["reliability"] = reliability()
        for view in ("theme", "type_theme"):
            print(view, report["pooled"][view])
        for lang, v in report["pooled"]["by_language"].items():
            print(lang, v)
    elif args.only == "heldout":
        args.no_plot = args.no_timing = True
        report = {"heldout_abstracts": len(held), "heldout": heldout_run(bundled, held, langs, args.errors)}
        report["reliability"] = reliability()
    else:
        report = {
            "bundled_studies": len(bundled),
            "heldout_abstracts": len(held),
            "loso": loso(bundled),
            "heldout": heldout_run(bundled, held, langs, args.errors),
            "reliability": reliability(),
            "replay_bundled": replay(bundled, args.seeds),
            "replay_bundled_and_heldout": replay(bundled + held, args.seeds),
        }
    if not args.no_plot:
        plot(
            {
                f"replay: bundled five ({args.seeds} seeds)": report["replay_bundled"],
                f"replay: bundled + author-written held-out ({len(bundled) + len(held)}, {args.seeds} "
                "seeds)": report["replay_bundled_and_heldout"],
            },
            HERE / "suggest-learning-curve.png",
        )
    if not args.no_timing:
        report["timing"] = timing(bundled)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    line = "{:34} P {precision:.2f} R {recall:.2f} F1 {f1:.2f}  (tp {tp}, fp {fp}, fn {fn})"
    for run in [r for r in ("loso", "heldout") if r in report]:
        print(f"== {run}")
        for mode in MODES:
            for view in ("type_theme_all", "theme", "type_theme"):
                print(line.format(f"  {mode:8} {view}", **report[run][mode][view]))
        if run == "heldout":
            for mode in MODES:
                for lang, v in report[run][mode]["by_language"].items():
                    print(line.format(f"  {mode:8} {lang:9} theme", **v["theme"]))
                    print(line.format(f"  {mode:8} {lang:9} type+theme", **v["type_theme"]))
        print("  per type (combined):")
        for name, s in report[run]["combined"]["by_type"].items():
            print(line.format(f"    {name}", **s))
        print("  per theme (combined):")
        for name, s in report[run]["combined"]["by_theme"].items():
            print(line.format(f"    {name}", **s))
    print(
        "== reliability (LOSO + held-out suggestions: share whose type and theme were coded, by score band)"
    )
    for mode, rel in report.get("reliability", {}).items():
        print(f"  {mode:12} ECE {rel['ece']:.3f} (n {rel['n']})")
        print("    ", "  ".join(f"{r['band']}: {r['coded']} (n {r['n']})" for r in rel["bands"] if r["n"]))
    if "heldout" in report and "errors" in report["heldout"]["combined"]:
        print("== held-out errors (combined): missed / extra (type, theme)")
        for study_id, e in report["heldout"]["combined"]["errors"].items():
            print(f"  {study_id}: missed {e['missed']} extra {e['extra']}")
    for name in [n for n in ("replay_bundled", "replay_bundled_and_heldout") if n in report]:
        print(f"== {name} (theme presence, types other than context; mean over {args.seeds} seeds)")
        for mode, curve in report[name].items():
            if mode.endswith("_windows"):  # studies coded k in lo..hi, units pooled: P/R/F1
                print(
                    f"  {mode}",
                    " ".join(f"{w}:{s['precision']:.2f}/{s['recall']:.2f}" for w, s in curve.items()),
                )
                continue
            print(
                f"  {mode:8}", " ".join(f"{p['coded']}:{p['precision']:.2f}/{p['recall']:.2f}" for p in curve)
            )
    if "timing" in report:
        print("== timing")
        for n, t in report["timing"].items():
            print(f"  {n} studies: {t}")


if __name__ == "__main__":
    main()
