"""Does one coder's own coding lift the suggestions for their next study? ASReview's simulation, per coder.

Each ``--data`` file is one coder's set of coded abstracts (the format of ``heldout/heldout.yaml``).
Its studies are coded one at a time, in a random order per seed, on top of the bundled five: after
``k`` studies the model is trained on them (the calibration refitted every ``--cal-every``), and study
``k + 1`` is suggested for at the CLI defaults. With ``--reject`` the coder also rejects every
suggestion they did not code (the workbench's decision record), as a reviewing analyst would.
Scored as theme presence per study, types other than context, pooled over the files per window of
``k``. Sets of real abstracts stay outside the repository; results are in benchmarks/README.md.

    python benchmarks/bench_coder_replay.py --data SET1/abstracts.yaml SET2/abstracts.yaml --seeds 3 --reject
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from pathlib import Path

from bench_suggest import calibration_without, gold_of, heldout_studies, scores

from studykit.coding import rank as rk
from studykit.coding import suggest as sg
from studykit.coding import training as tr
from studykit.paths import DATA_DIR

WINDOWS = ((0, 4), (5, 14), (15, 29), (30, 10_000))


def rejections(study: tr.CodedStudy, suggested: list) -> list[tuple[str, str, int, int]]:
    """The suggestions the coder did not code (no coded unit of that type and theme overlaps them)."""
    return [
        (c.finding_type, c.theme_id, c.start, c.end)
        for c in suggested
        if not any(
            (t, th) == (c.finding_type, c.theme_id) and min(b, c.end) > max(a, c.start)
            for t, th, a, b in study.positives
        )
    ]


def replay(sets: list[list[tr.CodedStudy]], seeds: int, reject: bool, cal_every: int) -> dict:
    lexicon = sg.lexicon_for(DATA_DIR)
    bundled = tr.coded_studies(DATA_DIR)
    pooled = {w: (set(), set()) for w in WINDOWS}  # coded and suggested (seed, set, study, theme)
    for seed in range(seeds):
        for n, coded_set in enumerate(sets):
            order = [tr.CodedStudy(s.study_id, s.text, list(s.positives)) for s in coded_set]
            random.Random(seed).shuffle(order)
            calibration = None
            for k, study in enumerate(order):
                done = bundled + order[:k]
                model = tr.train(done, themes=lexicon.themes)
                if k % cal_every == 0:
                    calibration = calibration_without(done, [])
                suggested = rk.rank(study.text, lexicon, model, calibration=calibration)
                if reject:
                    study.negatives.extend(rejections(study, suggested))
                coded, found = pooled[next(w for w in WINDOWS if w[0] <= k <= w[1])]
                coded |= {(seed, n, sid, th) for sid, t, th in gold_of(study) if t != "context"}
                found |= {
                    (seed, n, study.study_id, c.theme_id) for c in suggested if c.finding_type != "context"
                }
    return {f"{lo}-{hi}": scores(coded, found) for (lo, hi), (coded, found) in pooled.items() if coded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, nargs="+", required=True, help="one coder's coded abstracts per file"
    )
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--reject", action="store_true", help="the coder rejects what they did not code")
    parser.add_argument("--cal-every", type=int, default=5, help="refit the calibration every N studies")
    args = parser.parse_args()
    os.environ.setdefault("STUDYKIT_CACHE_DIR", tempfile.mkdtemp(prefix="studykit-bench-"))
    sets = [heldout_studies(path)[0] for path in args.data]
    for window, s in replay(sets, args.seeds, args.reject, args.cal_every).items():
        print(f"coded {window:9} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")


if __name__ == "__main__":
    main()
