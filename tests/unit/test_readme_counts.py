"""What README.md states as a count or a list of files is checked against what the code and data give, so a
new table, report or province cannot leave the README behind."""

from __future__ import annotations

import csv
import re

from studykit import load_corpus
from studykit.analysis import tidy
from studykit.corpus import tables
from studykit.corpus.export import TABLE_FILES, WORKBOOK
from studykit.paths import DATA_DIR, PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
FLAT = " ".join(README.split())


def _rows(name: str) -> int:
    with (DATA_DIR / "codebook" / name).open(encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_the_export_example_lists_every_file_export_writes():
    block = re.search(r"studykit export --out out/ +#(.*?)\n\.venv/bin/studykit export --refi", README, re.S)
    listed = set(re.findall(r"[\w-]+\.(?:csv|xlsx|json)", block.group(1)))
    analysis = {f"{name}.csv" for name in tidy.analysis_tables(load_corpus())}  # export --out writes them too
    assert listed == {*TABLE_FILES.values(), *analysis, WORKBOOK, "datapackage.json"}
    assert set(TABLE_FILES) == set(tables.TABLES)


def test_stated_counts_of_the_codebook_match_its_files():
    assert f"the {_rows('provinces.csv')} Indonesian provinces" in FLAT
    assert f"Indonesia's {_rows('regencies.csv')} kota and kabupaten" in FLAT
    themes = re.findall(
        r"^  - theme_id: (T\d+)", (DATA_DIR / "codebook/themes.yaml").read_text(encoding="utf-8"), re.M
    )
    assert f"the {len(themes)} cross-case themes" in FLAT


def test_the_report_count_is_the_manifest_s():
    from studykit.render.manifest import load_plan

    stated = re.search(r"full report set \([^)]*?(\d+) now\)", FLAT)
    assert stated and int(stated.group(1)) == len(load_plan())


def test_examples_run_what_is_installed_and_current():
    """A bare `papermill` is not on PATH (the venv's is); `studykit export DIR` is the deprecated form."""
    assert not re.search(r"(?<![/\w])papermill --help-notebook", README)
    assert not re.search(r"studykit export (?!--)[\w./]+/", FLAT)
