"""Hostile input to the codebook's free text (session 14's second check): a theme's definition, a
framework's description, a label of megabytes passed ``validate`` uncapped (a merge's note was capped, the
rest not), and ``export --refi`` then took gigabytes; a framework theme labelled with † looked emergent in
the cross-case matrices. Our own texts; each case built from code on ``data_copy``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from helpers import invoke_studykit, tree_hashes
from helpers.hostile import assert_refused, run_capped

MEGABYTES = "Alasan. " * 375_000  # 3,000,000 characters of our own
CAPS = {
    "en": {n: f"at most {n:,} characters" for n in (20_000, 1000, 200, 24)},
    "id": {n: f"maksimal {n:,} karakter".replace(",", ".") for n in (20_000, 1000, 200, 24)},
}
SHORTEN = {"en": "; shorten it", "id": "; persingkat"}


def _edit_yaml(data_dir: Path, name: str, where: str, value: str) -> None:
    """Set the field at ``where`` (``themes.1.definition_en``) of a codebook YAML file to ``value``."""
    path = data_dir / name
    content = yaml.safe_load(path.read_text("utf-8"))
    *parents, last = [int(k) if k.isdigit() else k for k in where.split(".")]
    node = content
    for key in parents:
        node = node[key]
    node[last] = value
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100), "utf-8")


def _edit_crosswalk(data_dir: Path, value: str) -> None:
    path = data_dir / "codebook/crosswalk.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][4] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


CASES = [  # file, field, text, cap
    ("codebook/themes.yaml", "themes.1.definition_en", MEGABYTES, 20_000),
    ("codebook/themes.yaml", "themes.0.definition_id", MEGABYTES, 20_000),
    ("codebook/themes.yaml", "themes.0.include_en", MEGABYTES, 20_000),
    ("codebook/themes.yaml", "themes.2.exclude_id", MEGABYTES, 20_000),
    ("codebook/themes.yaml", "themes.3.note", MEGABYTES, 20_000),
    ("codebook/themes.yaml", "themes.0.label_en", "Komunikasi " * 20, 200),
    ("codebook/themes.yaml", "themes.4.cue_words.0", "sosialisasi" * 30, 200),
    ("codebook/themes.yaml", "themes.4.short_id", "Waktu & fasilitas kerja desa", 24),
    ("codebook/frameworks.yaml", "frameworks.0.description_id", MEGABYTES, 20_000),
    ("codebook/frameworks.yaml", "frameworks.1.variables.0.definition_en", MEGABYTES, 20_000),
    ("codebook/frameworks.yaml", "frameworks.0.variables.2.label_id", "Sumber daya " * 20, 200),
    ("codebook/frameworks.yaml", "frameworks.0.citation", "Van Meter, D. S. " * 100, 1000),
    ("codebook/frameworks.yaml", "frameworks.1.aliases.0", "Edwards III " * 20, 200),
    ("synthesis/cerqual.yaml", "judgements.0.rationale_en", MEGABYTES, 20_000),
    ("codebook/crosswalk.csv", "note", "Alasan. " * 4000, 20_000),  # a CSV field stops at 131,072
]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name, field, text, cap", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_every_free_text_of_the_codebook_is_capped_as_a_summary_or_a_label_is(
    data_copy, name, field, text, cap, lang
):
    if name.endswith(".csv"):
        _edit_crosswalk(data_copy, text)
    else:
        _edit_yaml(data_copy, name, field, text)
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    said = f"{CAPS[lang][cap]} ({'isinya' if lang == 'id' else 'it has'} "
    assert_refused(result, said, SHORTEN[lang])
    at = re.escape(f"{name}:") + r"\d+: " + re.escape(f"{field}: ")
    assert re.search(at + r"\S.*" + re.escape(said), result.stderr), result.stderr[-2000:]


@pytest.mark.parametrize(
    "args", [["export", "--refi"], ["export", "--codebook"], ["render", "--report", "8-codebook"]]
)
def test_a_definition_of_30_megabytes_is_refused_by_every_command_bounded(data_copy, tmp_path, args):
    """`export --refi` took gigabytes: a definition goes into each code's description, both languages."""
    _edit_yaml(data_copy, "codebook/themes.yaml", "themes.1.definition_en", MEGABYTES * 10)
    before, out = tree_hashes(data_copy), tmp_path / "out"
    target = ["--out", out / "c.docx"] if "--codebook" in args else ["--out", out]
    result = run_capped(*args, *target, "--data", data_copy, "--lang", "id", cwd=tmp_path)
    said = "themes.1.definition_en: terlalu panjang: maksimal 20.000"
    assert_refused(result, "codebook/themes.yaml:", said)
    assert tree_hashes(data_copy) == before and not out.exists()


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "holds †, which marks an emergent theme in the cross-case matrices"),
        ("id", "berisi †, tanda tema emergen di matriks lintas kasus"),
    ],
)
@pytest.mark.parametrize("field", ["label_en", "label_id", "short_en", "short_id"])
def test_a_theme_label_with_the_emergent_mark_is_refused(data_copy, field, lang, said):
    """A framework theme labelled 'Budget †' read as emergent in report 2's and 3's matrices (the legend
    shown only where an emergent theme is), indistinguishable from an emergent theme's '… †'."""
    _edit_yaml(data_copy, "codebook/themes.yaml", f"themes.3.{field}", "Anggaran †")
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert_refused(result, said, "origin: emergent")
    assert re.search(rf"codebook/themes\.yaml:\d+: themes\.3\.{field}: ", result.stderr), result.stderr


def test_an_emergent_theme_is_still_marked_and_a_label_with_another_dagger_is_valid(data_copy):
    from studykit import load_corpus
    from studykit.corpus.themechanges import EMERGENT_MARK, marked

    _edit_yaml(data_copy, "codebook/themes.yaml", "themes.3.label_en", "Budget ‡ (double dagger)")
    corpus = load_corpus(data_copy)
    assert marked("Budget", "T04", frozenset({"T04"})) == f"Budget {EMERGENT_MARK}"
    assert corpus.themes.set_index("theme_id").loc["T04", "label_en"] == "Budget ‡ (double dagger)"
