"""How well `studykit suggest` finds the hand-coded findings: precision, recall, F1 by theme presence.

Unit of scoring: (study, finding type, theme) present or not. The hand coding's
present units are its findings' primary themes (restatements included: they are
present in the text too); suggest's are its candidates. Reported overall
(micro-averaged over units) and per theme and per type.

Two runs:

* in-sample: the lexicon as shipped, scored on every study;
* leave-one-study-out (LOSO): for each study, every part of the lexicon that is
  derived from the coded corpus is rebuilt without that study. The shipped
  lexicon has no such part: its cues come from the codebook (themes.yaml cue
  words) and from lexicon.yaml, which is written from the codebook definitions
  and general vocabulary, not computed from the findings. LOSO therefore equals
  in-sample by construction; the run is kept so that a corpus-derived component
  added later is measured honestly. Caveat: lexicon.yaml was written by someone
  who had read the five abstracts, so neither figure is a clean unseen-abstract
  estimate.

    .venv/bin/python benchmarks/bench_suggest.py [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from studykit import load_corpus
from studykit.coding import suggest as sg


def gold_units(findings) -> set[tuple[str, str, str]]:
    return {(r.study_id, r.finding_type, r.theme_id) for r in findings.itertuples()}


def scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def evaluate(gold: set, predicted: set) -> dict:
    by_theme, by_type = {}, {}
    for key, index in ((by_theme, 2), (by_type, 1)):
        for value in sorted({u[index] for u in gold | predicted}):
            g = {u for u in gold if u[index] == value}
            p = {u for u in predicted if u[index] == value}
            key[value] = scores(len(g & p), len(p - g), len(g - p))
    return {
        "overall": scores(len(gold & predicted), len(predicted - gold), len(gold - predicted)),
        "by_theme": by_theme,
        "by_type": by_type,
    }


def predict(corpus, study_ids, lexicon_for) -> tuple[set, dict[str, float]]:
    units, seconds = set(), {}
    for study_id in study_ids:
        row = corpus.studies.set_index("study_id").loc[study_id]
        text = (corpus.data_dir / row["source_file"].split("/", 1)[1]).read_text(encoding="utf-8")
        started = time.perf_counter()
        candidates = sg.suggest_text(text, lexicon_for(study_id))
        seconds[study_id] = time.perf_counter() - started
        units |= {(study_id, c.finding_type, c.theme_id) for c in candidates}
    return units, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus = load_corpus(args.data)
    gold = gold_units(corpus.findings)
    study_ids = corpus.study_ids
    everything = sg.lexicon_for(corpus.data_dir)  # learned from every study, the scored one included
    in_sample, seconds = predict(corpus, study_ids, lambda _: everything)
    # LOSO: the learned cues are rebuilt without the scored study (what `studykit suggest ID` does)
    loso, _ = predict(corpus, study_ids, lambda held_out: sg.lexicon_for(corpus.data_dir, [held_out]))
    learned = {c.group: c for c in everything.cues["id"] if c.label.startswith("learned: ")}
    learned = sorted(f"{c.group}: {c.label.removeprefix('learned: ')}" for c in learned.values())
    report = {
        "studies": len(study_ids),
        "gold_units": len(gold),
        "in_sample": evaluate(gold, in_sample),
        "loso": evaluate(gold, loso),
        "theme_only": {
            run: scores(len(g & p), len(p - g), len(g - p))
            for run, (g, p) in {
                "in_sample": ({u[::2] for u in gold}, {u[::2] for u in in_sample}),
                "loso": ({u[::2] for u in gold}, {u[::2] for u in loso}),
            }.items()
        },
        "per_study": {
            s: evaluate({u for u in gold if u[0] == s}, {u for u in in_sample if u[0] == s})["overall"]
            for s in study_ids
        },
        "seconds_per_study": {s: round(t, 3) for s, t in seconds.items()},
        "missed": sorted(gold - in_sample),
        "extra": sorted(in_sample - gold),
        "loso_missed": sorted(gold - loso),
        "loso_extra": sorted(loso - gold),
        "learned_cues": learned,
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return
    for run in ("in_sample", "loso"):
        o = report[run]["overall"]
        print(
            f"{run:9}  P {o['precision']:.2f}  R {o['recall']:.2f}  F1 {o['f1']:.2f}  (tp {o['tp']}, fp "
            f"{o['fp']}, fn {o['fn']})"
        )
    for run, o in report["theme_only"].items():
        print(
            f"{run:9}  theme presence per study, any type: P {o['precision']:.2f}  R {o['recall']:.2f}  "
            f"F1 {o['f1']:.2f}"
        )
    print("\nper type (in-sample):")
    for name, s in report["in_sample"]["by_type"].items():
        print(
            f"  {name:15} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}  tp {s['tp']} fp "
            f"{s['fp']} fn {s['fn']}"
        )
    print("\nper theme (in-sample):")
    for name, s in report["in_sample"]["by_theme"].items():
        print(
            f"  {name:5} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}  tp {s['tp']} fp "
            f"{s['fp']} fn {s['fn']}"
        )
    print("\nper study (in-sample):")
    for name, s in report["per_study"].items():
        print(f"  {name:20} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}")
    print("\nper theme (LOSO):")
    for name, s in report["loso"]["by_theme"].items():
        print(
            f"  {name:5} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}  tp {s['tp']} fp "
            f"{s['fp']} fn {s['fn']}"
        )
    print("\nlearned cues (all studies):", learned)
    print("\nmissed (LOSO):", *report["loso_missed"], sep="\n  ")
    print("\nextra (LOSO):", *report["loso_extra"], sep="\n  ")
    print(f"\nseconds per study: {report['seconds_per_study']}")
    print(Counter(u[1] for u in gold))


if __name__ == "__main__":
    main()
