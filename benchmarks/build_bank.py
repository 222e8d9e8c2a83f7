"""Build the learned layer's bank of coded published abstracts (``studykit.coding.bank``).

    python benchmarks/build_bank.py --data SET1/abstracts.yaml --data SET2/abstracts.yaml \
        [--out src/studykit/coding]

Each ``--data`` file is in the held-out format (``abstracts: [{id, language, text, gold: [[type, theme,
quote], ...]}]``, benchmarks/heldout/README.md); a ``sources.tsv`` beside it (id, url, title, language) gives
each abstract's address. Writes ``bank.npz`` (hashed n-gram counts of every clause, its labels, its study's
number: no text) and ``bank-sources.tsv`` (number, language, address). Same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_suggest import heldout_studies  # noqa: E402

from studykit.coding import bank, training  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "studykit" / "coding"


def sources_of(path: Path) -> dict[str, str]:
    table = path.parent / "sources.tsv"
    if not table.is_file():
        return {}
    with table.open(encoding="utf-8", newline="") as f:
        return {row[0]: row[1] for row in csv.reader(f, delimiter="\t") if len(row) > 1}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append", required=True, help="a coded abstracts file")
    parser.add_argument("--out", type=Path, default=OUT, help="where bank.npz and bank-sources.tsv go")
    args = parser.parse_args(argv)
    studies, rows = [], []
    for path in args.data:
        held, languages = heldout_studies(path)
        urls = sources_of(path)
        for study in held:
            rows.append((len(studies), languages[study.study_id], urls.get(study.study_id, "")))
            studies.append(study)
    owners = []
    for n, study in enumerate(studies):
        owners += [n] * len(training.reading(study.text).clauses)
    counts, positives, _negatives, _ = training.examples(studies)
    assert counts.shape[0] == len(owners)
    bank.write(args.out / bank.BANK_FILE, counts, positives, owners, training.feature_fingerprint())
    with (args.out / bank.SOURCES_FILE).open("w", encoding="utf-8", newline="") as f:
        f.write("study\tlanguage\turl\n")
        f.writelines(f"{n}\t{lang}\t{url}\n" for n, lang, url in rows)
    labelled = sum(1 for p in positives if p)
    print(f"{len(studies)} abstracts, {counts.shape[0]} clauses ({labelled} coded) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
