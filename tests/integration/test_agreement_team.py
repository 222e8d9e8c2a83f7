"""`studykit agreement` as a two-coder team meets it: the implementation outcome rating is compared study by
study, a study file copied from A is no second coding (warned, left out), and a codebook worded differently
is a note, not a refusal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from sklearn.metrics import cohen_kappa_score

from studykit.cli import cli
from studykit.corpus.schema import OUTCOME_RATINGS
from studykit.paths import DATA_DIR

STUDY = "bengkulu-samisake"


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def signed_by_b(tmp_path: Path) -> Path:
    """A copy of data/ every study file of which coder B signed (so none is a byte-for-byte copy)."""
    b = tmp_path / "b"
    shutil.copytree(DATA_DIR, b)
    for path in (b / "studies").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        head, rest = text.split("\ncoded_by:", 1)
        path.write_text(head + "\ncoded_by: coder B" + "\n" + rest.split("\n", 1)[1], encoding="utf-8")
    return b


def test_outcome_ratings_are_compared_per_study_with_kappa_and_the_studies_that_differ(tmp_path):
    b = signed_by_b(tmp_path)
    path = b / "studies" / f"{STUDY}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rating: poor", "rating: mixed", 1), encoding="utf-8"
    )
    code, out, err = invoke("agreement", DATA_DIR, b, "--format", "json")
    assert code == 0, err
    got = json.loads(out)["outcome"]

    def ratings(d: Path) -> list[str]:
        return [
            yaml.safe_load((d / "studies" / f"{s}.yaml").read_text(encoding="utf-8"))[
                "implementation_outcome"
            ]["rating"]
            for s in json.loads(out)["studies"]
        ]

    a_r, b_r = ratings(DATA_DIR), ratings(b)
    assert got["studies"] == len(a_r)
    assert got["percent_agreement"] == sum(x == y for x, y in zip(a_r, b_r, strict=True)) / len(a_r)
    assert got["cohen_kappa"] == cohen_kappa_score(a_r, b_r, labels=list(OUTCOME_RATINGS))
    assert got["differ"] == [{"study_id": STUDY, "a": "poor", "b": "mixed"}]
    low, high = got["ci95"]["percent_agreement"]
    assert low <= got["percent_agreement"] <= high
    for lang, word in (("en", "rated differently"), ("id", "dinilai berbeda")):
        code, text, _ = invoke("agreement", DATA_DIR, b, "--lang", lang)
        assert word in text and f"{STUDY}: A " in text


def test_a_study_file_copied_from_a_is_warned_about_and_left_out(tmp_path):
    b = signed_by_b(tmp_path)
    copied = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))[-1]
    shutil.copyfile(DATA_DIR / "studies" / f"{copied}.yaml", b / "studies" / f"{copied}.yaml")
    code, out, err = invoke("agreement", DATA_DIR, b, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert copied not in got["studies"] and got["identical_files"] == [copied]
    code, text, _ = invoke("agreement", DATA_DIR, b)
    assert "WARNING" in text and copied in text.split("WARNING", 1)[1].splitlines()[0]
    code, text, _ = invoke("agreement", DATA_DIR, DATA_DIR)  # a coding with itself: compared, and said so
    assert code == 0 and "WARNING" in text and "copy of itself" in text


def test_a_theme_worded_differently_is_a_note_not_a_refusal(tmp_path):
    b = signed_by_b(tmp_path)
    themes = b / "codebook" / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    first = text.index("definition_en:")  # the first theme's definition, one word added
    themes.write_text(text[:first] + text[first:].replace(" and ", " and also ", 1), encoding="utf-8")
    code, out, err = invoke("agreement", DATA_DIR, b)
    assert code == 0, err
    assert "word these themes differently" in out and "T01" in out.split("differently", 1)[1].splitlines()[0]


def test_codings_of_two_codebooks_are_refused_naming_the_themes_each_has_and_how_to_recode(tmp_path):
    from helpers.codebooks import merge_theme

    b = signed_by_b(tmp_path)
    merge_theme(b, "T05", "T04", declare=False)  # dropped, not declared: no theme to compare T05 as
    code, out, err = invoke("agreement", DATA_DIR, b)
    assert code != 0 and "Traceback" not in err
    said = (out + err).split("themes.yaml", 1)[1]
    assert f"only in A, {DATA_DIR}: T05" in said and f"only in B, {b}: —" in said  # each side by its folder
    assert "merged:" in said


def test_a_coder_who_coded_before_a_declared_merge_is_compared_like_with_like(tmp_path):
    """B's codebook merged T05 into T04 (declared) and B recoded; A coded before: A's T05 findings are
    compared as T04 (in memory; A's files untouched), said in a note, both languages, and in the JSON."""
    from helpers.codebooks import merge_theme

    b = signed_by_b(tmp_path)
    merge_theme(b, "T05", "T04")
    code, out, err = invoke("agreement", DATA_DIR, b, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["recoded_for_merges"] == {"a": {"T05": "T04"}}
    assert all(d["theme_id"] != "T05" for d in got["disagreements"])
    assert got["overall"]["percent_agreement"] == 1.0  # B only recoded what A coded T05: the same coding
    assert all(row["theme_id"] != "T05" for row in got["by_theme"])
    code, out, _ = invoke("agreement", DATA_DIR, b, "--lang", "id")
    assert code == 0 and "pengode A mengode sebelum tema-tema ini digabung" in out and "T05 → T04" in out
    assert "T05" in (DATA_DIR / "studies/jombang-poverty.yaml").read_text(encoding="utf-8")
    # the other way round: B is the side recoded
    code, out, _ = invoke("agreement", b, DATA_DIR)
    assert code == 0 and "coder B coded before these themes were merged" in out


def _settled(merged_dir: Path) -> None:
    """The analysts settle a merge: every unreviewed finding accepted, every rating left empty filled."""
    for path in (merged_dir / "studies").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for f in doc["findings"]:
            if f.get("review_status") == "unreviewed":
                f["review_status"] = "reviewed"
        if doc["implementation_outcome"].get("rating") is None:
            doc["implementation_outcome"] |= {"rating": "not_stated", "quote": None}
        for key in [k for k, v in doc.items() if v is None and k in ("method",)]:
            doc[key] = "settled"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_consensus_compared_with_one_of_its_inputs_is_warned_and_left_out(tmp_path):
    """After `consensus A B --out M` the team's corpus becomes M while reports.yaml still names B: `agreement
    M B` compared the consensus with one of its own inputs (kappa rose above A-vs-B's, silently). Studies
    M holds as a consensus are named and left out; when all are, they are compared under a warning."""
    from helpers import build_second_coding

    b = build_second_coding(tmp_path / "b")
    m = tmp_path / "m"
    assert invoke("consensus", DATA_DIR, b, "--out", m)[0] == 0
    _settled(m)
    code, out, err = invoke("agreement", m, b, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["consensus_of_both"] and got["consensus_of_both"] == got["studies"]  # every one merged
    for lang, said in (("en", "WARNING: every study compared"), ("id", "PERINGATAN: setiap studi")):
        code, out, _ = invoke("agreement", m, b, "--lang", lang)
        assert code == 0 and said in out and "studykit consensus" in out, out
    honest = json.loads(invoke("agreement", DATA_DIR, b, "--format", "json")[1])
    assert honest["consensus_of_both"] == []  # two independent codings: nothing to say
    assert got["overall"]["cohen_kappa"] > honest["overall"]["cohen_kappa"]  # what the warning is about
    # one study of A's own coding back in M: compared alone, the consensus studies left out and listed
    own = sorted(got["studies"])[0]
    shutil.copy(DATA_DIR / "studies" / f"{own}.yaml", m / "studies" / f"{own}.yaml")
    code, out, err = invoke("agreement", m, b, "--format", "json")
    mixed = json.loads(out)
    assert mixed["studies"] == [own] and own not in mixed["consensus_of_both"]
    assert len(mixed["consensus_of_both"]) == len(got["studies"]) - 1
    assert (
        "WARNING: " in invoke("agreement", m, b)[1]
        and "left out of the comparison" in invoke("agreement", m, b)[1]
    )
