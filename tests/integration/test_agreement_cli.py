"""`studykit agreement`: its figures recomputed independently from the units, perfect agreement, and bad
input.

The second coding is the deterministic perturbation of data/ built by ``helpers.build_second_coding``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import krippendorff
import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from helpers import build_second_coding
from sklearn.metrics import cohen_kappa_score

from studykit import load_corpus
from studykit.cli import cli
from studykit.corpus.schema import FINDING_TYPES
from studykit.paths import DATA_DIR


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def agreement_json(*args) -> dict:
    code, out, err = invoke("agreement", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    return build_second_coding(tmp_path_factory.mktemp("coder-b") / "data")


def units_by_hand(a_dir: Path, b_dir: Path) -> tuple[list[int], list[int], list[tuple]]:
    """Presence units rebuilt from the study files' YAML, without studykit's tables."""

    def coded(data_dir: Path) -> dict[str, set[tuple[str, str]]]:
        out = {}
        for path in sorted((data_dir / "studies").glob("*.yaml")):
            study = yaml.safe_load(path.read_text(encoding="utf-8"))
            out[study["study_id"]] = {
                (f["finding_type"], f["theme_id"])
                for f in study["findings"]
                if f.get("review_status", "reviewed") == "reviewed"
            }
        return out

    ca, cb = coded(a_dir), coded(b_dir)
    themes = [t["theme_id"] for t in yaml.safe_load((a_dir / "codebook/themes.yaml").read_text())["themes"]]
    keys = [(s, k, t) for s in sorted(ca.keys() & cb.keys()) for k in FINDING_TYPES for t in themes]
    return [int((k, t) in ca[s]) for s, k, t in keys], [int((k, t) in cb[s]) for s, k, t in keys], keys


def test_presence_figures_match_an_independent_computation(second):
    got = agreement_json(DATA_DIR, second)
    a, b, keys = units_by_hand(DATA_DIR, second)
    assert got["level"] == "presence" and got["units"] == len(keys) > 0
    assert got["studies"] == sorted({k[0] for k in keys})
    overall = got["overall"]
    assert overall["percent_agreement"] == pytest.approx(np.mean(np.array(a) == np.array(b)))
    assert overall["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b))
    assert overall["krippendorff_alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
    )
    pi = (np.mean(a) + np.mean(b)) / 2
    po = np.mean(np.array(a) == np.array(b))
    assert overall["gwet_ac1"] == pytest.approx((po - 2 * pi * (1 - pi)) / (1 - 2 * pi * (1 - pi)))
    assert overall["brennan_prediger"] == pytest.approx(2 * po - 1)
    assert 0 < overall["cohen_kappa"] < 1  # the perturbation made real disagreements
    for name, (low, high) in overall["ci95"].items():
        assert low <= overall[name] <= high, name
    # per theme: the same recomputation on that theme's units
    for row in got["by_theme"]:
        idx = [i for i, k in enumerate(keys) if k[2] == row["theme_id"]]
        ta, tb = [a[i] for i in idx], [b[i] for i in idx]
        if len(set(ta) | set(tb)) > 1:
            assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(ta, tb)), row["theme_id"]
    for row in got["by_study"]:
        idx = [i for i, k in enumerate(keys) if k[0] == row["study_id"]]
        sa, sb = [a[i] for i in idx], [b[i] for i in idx]
        assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(sa, sb)), row["study_id"]
        assert row["krippendorff_alpha"] == pytest.approx(
            krippendorff.alpha(reliability_data=[sa, sb], level_of_measurement="nominal")
        )
    # every disagreement is a unit coded by one side only, and every such unit is listed
    listed = {(d["study_id"], d["finding_type"], d["theme_id"]) for d in got["disagreements"]}
    assert listed == {k for k, x, y in zip(keys, a, b, strict=False) if x != y}
    assert all(bool(d["coder_a"]) != bool(d["coder_b"]) for d in got["disagreements"])


def test_perfect_agreement_with_itself_at_both_levels():
    for level in ("presence", "segment"):
        got = agreement_json(DATA_DIR, DATA_DIR, "--level", level)
        assert got["overall"]["cohen_kappa"] == got["overall"]["krippendorff_alpha"] == 1.0
        assert got["disagreements"] == []
    assert got["overall"]["matched_a"] == got["overall"]["matched_b"] == 1.0


def test_segment_level_counts_characters_and_matches(second):
    got = agreement_json(DATA_DIR, second, "--level", "segment", "--overlap", "0.5")
    a, b = load_corpus(DATA_DIR), load_corpus(second)
    overall = got["overall"]
    # characters by brute force: one boolean per character of each source and theme
    cells = np.zeros(4, dtype=np.int64)
    for study in got["studies"]:
        n = len(a.source_text(study))
        for theme in a.theme_ids:
            marks = []
            for corpus in (a, b):
                m = np.zeros(n, bool)
                f = corpus.findings
                f = f[
                    (f["study_id"] == study) & (f["theme_id"] == theme) & (f["review_status"] == "reviewed")
                ]
                for s, e in zip(f["quote_start"], f["quote_end"], strict=False):
                    m[int(s) : int(e)] = True
                marks.append(m)
            x, y = marks
            cells += [np.sum(x & y), np.sum(x & ~y), np.sum(~x & y), np.sum(~x & ~y)]
    assert [overall[c] for c in ("both", "a_only", "b_only", "neither")] == cells.tolist()
    assert got["units"] == int(cells.sum())
    po = (cells[0] + cells[3]) / cells.sum()
    pa, pb = (cells[0] + cells[1]) / cells.sum(), (cells[0] + cells[2]) / cells.sum()
    pe = pa * pb + (1 - pa) * (1 - pb)
    assert overall["cohen_kappa"] == pytest.approx((po - pe) / (1 - pe))
    # the findings whose quote was moved away (overlap 1/4) are unmatched; a more lenient threshold matches
    # them
    assert overall["matched"] < overall["findings_a"]
    lenient = agreement_json(DATA_DIR, second, "--level", "segment", "--overlap", "0.1")
    assert lenient["overall"]["matched"] > overall["matched"]
    assert overall["matched_a"] == pytest.approx(overall["matched"] / overall["findings_a"])


def test_text_and_csv_formats(second):
    code, text, _ = invoke("agreement", DATA_DIR, second)
    assert code == 0 and "cohen_kappa" in text and "disagreements (" in text
    code, table, _ = invoke("agreement", DATA_DIR, second, "--format", "csv")
    lines = table.splitlines()
    assert lines[0].startswith("level,scope,id,percent_agreement")
    studies = len(agreement_json(DATA_DIR, second)["studies"])
    assert len(lines) == 1 + 1 + len(load_corpus().theme_ids) + len(FINDING_TYPES) + studies + 1  # + outcome
    assert lines[-1].startswith("presence,outcome,implementation_outcome.rating,")


def test_two_study_files_of_the_same_study(second):
    study = "jambi-bantar"
    got = agreement_json(DATA_DIR / "studies" / f"{study}.yaml", second / "studies" / f"{study}.yaml")
    assert got["studies"] == [study] and got["units"] == len(FINDING_TYPES) * len(load_corpus().theme_ids)
    code, _, err = invoke(
        "agreement", DATA_DIR / "studies" / f"{study}.yaml", second / "studies/semarang-p2kp.yaml"
    )
    assert code == 1 and "same study" in err


def test_one_sided_studies_are_listed(tmp_path, second):
    b = tmp_path / "b"
    shutil.copytree(second, b)
    (b / "studies" / "jambi-bantar.yaml").unlink()
    got = agreement_json(DATA_DIR, b)
    assert got["only_a"] == ["jambi-bantar"] and "jambi-bantar" not in got["studies"]
    code, text, _ = invoke("agreement", DATA_DIR, b)
    assert "coded by A only (not compared): jambi-bantar" in text


def test_different_source_text_names_the_file(tmp_path, second):
    b = tmp_path / "b"
    shutil.copytree(second, b)
    source = b / "sources" / "jambi-bantar.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    import hashlib

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    study = b / "studies" / "jambi-bantar.yaml"
    old = yaml.safe_load(study.read_text(encoding="utf-8"))["source"]["sha256"]
    study.write_text(study.read_text(encoding="utf-8").replace(old, digest), encoding="utf-8")
    code, out, err = invoke("agreement", DATA_DIR, b)
    assert code == 1 and out == ""
    assert "b/studies/jambi-bantar.yaml:" in err and "source.sha256" in err and "different" not in out
    assert "nothing was compared" in err


def test_no_study_in_common(tmp_path):
    b = tmp_path / "b"
    shutil.copytree(DATA_DIR, b)
    for path in (b / "studies").glob("*.yaml"):
        if path.stem != "jambi-bantar":
            path.unlink()
    (b / "studies" / "jambi-bantar.yaml").rename(b / "studies" / "other.yaml")
    text = (b / "studies" / "other.yaml").read_text(encoding="utf-8")
    (b / "studies" / "other.yaml").write_text(
        text.replace("study_id: jambi-bantar", "study_id: other").replace("jambi-bantar-", "other-"),
        encoding="utf-8",
    )
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    code, _, err = invoke("agreement", a, b)
    assert code == 1 and "no study in common" in err and "b/studies" in err


def test_an_invalid_coding_is_refused_with_its_problems(tmp_path):
    b = tmp_path / "b"
    shutil.copytree(DATA_DIR, b)
    study = b / "studies" / "jambi-bantar.yaml"
    study.write_text(
        study.read_text(encoding="utf-8").replace("theme_id: T", "theme_id: X", 1), encoding="utf-8"
    )
    code, _, err = invoke("agreement", DATA_DIR, b)
    assert code == 1 and "jambi-bantar.yaml" in err and "theme_id" in err
    code, _, err = invoke("agreement", DATA_DIR, tmp_path / "missing")
    assert code == 1 and "not a data directory" in err


def test_a_study_still_being_coded_is_listed_as_a_draft_not_compared(tmp_path, second):
    b = tmp_path / "b"
    shutil.copytree(second, b)
    study = b / "studies" / "purbayan-p2kp.yaml"
    text = study.read_text(encoding="utf-8")
    study.write_text(
        text.replace("    quote:", "    review_status: unreviewed\n    quote:", 1), encoding="utf-8"
    )
    got = agreement_json(DATA_DIR, b)
    assert got["drafts_b"] == ["purbayan-p2kp"] and "purbayan-p2kp" not in got["studies"]
    assert got["only_a"] == []
    code, text, _ = invoke("agreement", DATA_DIR, b)
    assert "still a draft in B (not compared): purbayan-p2kp" in text


def recoded(tmp_path: Path, change) -> Path:
    """A copy of data/ whose study files' findings go through ``change(findings, themes) -> findings``, each
    study file signed by coder B (a file byte for byte A's is a copy, left out of the comparison)."""
    from studykit.coding import studyfile

    b = tmp_path / "b"
    shutil.copytree(DATA_DIR, b)
    themes = load_corpus().theme_ids
    for path in sorted((b / "studies").glob("*.yaml")):
        _, document = studyfile.read_document(path)
        studyfile.set_findings(document, change([dict(f) for f in document["findings"]], themes))
        document["coded_by"] = "coder B (second coding)"
        path.write_text(studyfile.dump(document), encoding="utf-8")
    return b


def test_chance_level_when_b_codes_every_finding_on_an_unrelated_theme(tmp_path):
    def rotate(findings, themes):
        for f in findings:  # seven themes on: what A coded tells nothing about what B coded
            f["theme_id"] = themes[(themes.index(f["theme_id"]) + 7) % len(themes)]
            if f.get("secondary_theme_id") == f["theme_id"]:
                f["secondary_theme_id"] = None
        return findings

    b = recoded(tmp_path, rotate)
    got = agreement_json(DATA_DIR, b)
    a_units, b_units, _ = units_by_hand(DATA_DIR, b)
    assert got["overall"]["cohen_kappa"] == pytest.approx(cohen_kappa_score(a_units, b_units))
    assert abs(got["overall"]["cohen_kappa"]) < 0.15 and abs(got["overall"]["krippendorff_alpha"]) < 0.15
    assert (
        got["overall"]["percent_agreement"] > 0.8
    )  # most units are coded by neither: agreement without reliability


def test_a_rare_theme_left_out_by_b_has_low_kappa_and_high_ac1(tmp_path):
    corpus = load_corpus()
    f = corpus.findings[corpus.findings["review_status"] == "reviewed"]
    restated = set(f["restates"].dropna())
    units = f.groupby("theme_id").apply(
        lambda g: len(set(zip(g["study_id"], g["finding_type"], strict=False))), include_groups=False
    )
    rare = next(
        t
        for t in units.sort_values(kind="stable").index
        if not set(f[f["theme_id"] == t]["finding_id"]) & restated
    )
    b = recoded(tmp_path, lambda findings, themes: [x for x in findings if x["theme_id"] != rare])
    got = agreement_json(DATA_DIR, b)
    row = next(r for r in got["by_theme"] if r["theme_id"] == rare)
    assert row["a_only"] == units[rare] and row["both"] == row["b_only"] == 0
    assert row["cohen_kappa"] <= 0.0 and row["krippendorff_alpha"] <= 0.0
    assert row["gwet_ac1"] > 0.9 and row["percent_agreement"] > 0.9
    assert got["overall"]["cohen_kappa"] > 0.8  # everything else agrees


@pytest.mark.parametrize(
    "lang, head, why",
    [
        ("en", "over 1 study (", "(no interval: the bootstrap resamples studies and needs at least 2"),
        ("id", "atas 1 studi (", "(tanpa interval: bootstrap mengambil ulang studi dan perlu sedikitnya 2"),
    ],
)
def test_one_study_compared_is_one_study_and_says_why_it_has_no_interval(second, lang, head, why):
    """The header promises 95 % intervals; with one study compared there are none (the bootstrap resamples
    studies): the text says so under the overall figures and the outcome rating ("over 1 studies" before)."""
    study = sorted((second / "studies").glob("*.yaml"))[0].name
    code, out, err = invoke(
        "agreement", DATA_DIR / "studies" / study, second / "studies" / study, "--lang", lang
    )
    assert code == 0, err
    assert head in out and "1 studies" not in out, out
    assert out.count(why) == 2, out  # overall, and the implementation outcome rating
    assert "[" not in out.split("\n\n")[1]  # and indeed no interval


@pytest.mark.parametrize(
    "lang, legend", [("en", "— undefined: neither coder coded it"), ("id", "— tidak terdefinisi")]
)
def test_a_theme_neither_coder_used_is_undefined_and_the_text_says_what_the_dash_means(second, lang, legend):
    study = sorted((second / "studies").glob("*.yaml"))[0].name  # one study: most themes unused there
    pair = (DATA_DIR / "studies" / study, second / "studies" / study)
    got = agreement_json(*pair)
    unused = [r["theme_id"] for r in got["by_theme"] if r["both"] + r["a_only"] + r["b_only"] == 0]
    assert unused, "the test needs a theme neither coding uses"
    row = next(r for r in got["by_theme"] if r["theme_id"] == unused[0])
    assert row["cohen_kappa"] is None and row["krippendorff_alpha"] is None  # chance agreement is 1
    assert row["percent_agreement"] == 1 and row["gwet_ac1"] == 1  # AC1's chance agreement is 0 there
    code, out, err = invoke("agreement", *pair, "--lang", lang)
    assert code == 0, err
    table = out.split("\n\n")[2]  # the per-theme table
    assert any(line.split()[:1] == [unused[0]] and "—" in line for line in table.splitlines()), table
    assert table.splitlines()[-1].strip().startswith(legend), table


@pytest.mark.parametrize("level", ["presence", "segment"])
def test_a_unit_the_other_coder_rejected_says_so(tmp_path, second, level):
    """A disagreement where the side without a coding rejected a finding there (a suggestion turned down in
    the workbench) is a decision, not an oversight: the JSON and the text name the rejected finding, at
    either level."""
    b = tmp_path / "b"
    shutil.copytree(second, b)
    path = sorted((b / "studies").glob("*.yaml"))[0]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["findings"][0]["review_status"] = "rejected"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    got = agreement_json(DATA_DIR, b, "--level", level)
    fid = doc["findings"][0]["finding_id"]
    said = [d for d in got["disagreements"] if fid in d["rejected_b"]]
    assert said and said[0]["coder_b"] == [] and said[0]["rejected_a"] == []
    assert all(d["rejected_b"] == [] for d in got["disagreements"] if d not in said)
    for lang, word in (("en", "rejected"), ("id", "ditolak")):
        out = invoke("agreement", DATA_DIR, b, "--level", level, "--lang", lang)[1]
        assert f"B [- {word}: {fid}]" in out, out


def test_english_counts_are_written_with_thousands_separators_as_indonesian_ones_are(second):
    """Walk 15: English wrote "211104 units", "A+B 4753", "2000 resamples" where Indonesian wrote "211.104":
    a count is written as every other English text writes one, "211,104" (the catalogue's ``{n:,}``)."""
    code, english, err = invoke("agreement", DATA_DIR, second, "--level", "segment")
    assert code == 0, err
    assert re.search(r"; \d{1,3}(,\d{3})+ units \(", english), english
    assert "2,000 resamples" in english
    assert re.search(
        r"A\+B \d{1,3}(,\d{3})+, A \d{1,3}(,\d{3})+, B \d{1,3}(,\d{3})+, neither \d{1,3}(,\d{3})+", english
    )
    code, indonesian, err = invoke("agreement", DATA_DIR, second, "--level", "segment", "--lang", "id")
    assert code == 0, err
    assert re.search(r"; \d{1,3}(\.\d{3})+ unit \(", indonesian) and "2.000 pengambilan ulang" in indonesian
