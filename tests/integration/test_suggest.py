"""`studykit suggest`: explainable candidate findings whose quotes are exact spans of the source."""

from __future__ import annotations

import json
import random

import pytest
from helpers import invoke_studykit, run_studykit

from studykit.coding import suggest as sg
from studykit.corpus.provenance import locate_quote
from studykit.paths import DATA_DIR

SOURCES = sorted((DATA_DIR / "sources").glob("*.txt"))
KEYS = ["finding_type", "theme_id", "quote", "start", "end", "score", "cues"]


@pytest.fixture(scope="module")
def lexicon():
    return sg.build_lexicon(sg.codebook_cues(DATA_DIR))


def kinds(candidates) -> set[tuple[str, str]]:
    return {(c.finding_type, c.theme_id) for c in candidates}


def assert_traceable(text: str, candidates) -> None:
    for c in candidates:
        assert text[c.start : c.end] == c.quote, c
        assert locate_quote(text, c.quote) == (c.start, c.end), (
            c
        )  # what `validate` will locate is this very span
        assert c.cues and c.score >= sg.MIN_SCORE


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_every_quote_of_every_real_source_is_its_exact_span(path, lexicon):
    text = path.read_text(encoding="utf-8")
    candidates = sg.suggest_text(text, lexicon)
    assert candidates
    assert_traceable(text, candidates)


def synthetic_texts(n: int = 30):
    """Real sentences reshuffled, with tabs, runs of spaces, repeated sentences and blank lines."""
    rng = random.Random(9)
    pool = [
        s
        for p in SOURCES
        for s in p.read_text(encoding="utf-8").replace("\n", " ").split(". ")
        if len(s) > 20
    ]
    for _ in range(n):
        chosen = rng.sample(pool, 6) + [rng.choice(pool)] * 2  # a repeated sentence
        glue = [rng.choice([". ", ".  ", ".\n", ".\n\n\t", ".\t "]) for _ in chosen]
        yield "".join(s + g for s, g in zip(chosen, glue, strict=False))


def test_every_quote_on_synthetic_texts_is_its_exact_span_and_first_occurrence(lexicon):
    total = 0
    for text in synthetic_texts():
        candidates = sg.suggest_text(text, lexicon)
        assert_traceable(text, candidates)
        total += len(candidates)
    assert total > 30


def test_list_gives_one_candidate_per_item_sharing_the_quote_of_the_list(lexicon):
    text = (
        "Hasil penelitian menunjukkan hal berikut. Faktor penghambat pelaksanaan program yaitu "
        "keterbatasan dana, lemahnya koordinasi antar dinas dan rendahnya partisipasi masyarakat."
    )
    candidates = sg.suggest_text(text, lexicon)
    assert kinds(candidates) == {("barrier", "T04"), ("barrier", "T07"), ("barrier", "T09")}
    assert len({(c.start, c.end) for c in candidates}) == 1  # the codebook rule: items share the list's quote
    items = sorted(cue for c in candidates for cue in c.cues if cue.startswith("list item: "))
    assert items == [
        "list item: keterbatasan dana",
        "list item: lemahnya koordinasi antar dinas",
        "list item: rendahnya partisipasi masyarakat",
    ]


def test_negation_turns_a_positive_word_negative_and_a_negative_word_positive(lexicon):
    assert kinds(sg.suggest_text("Koordinasi antar instansi belum baik.", lexicon)) == {("barrier", "T07")}
    assert kinds(sg.suggest_text("Koordinasi antar instansi sudah baik.", lexicon)) == {("enabler", "T07")}
    assert kinds(sg.suggest_text("Tidak ada kendala dalam koordinasi antar instansi.", lexicon)) == {
        ("enabler", "T07")
    }


def test_contrast_splits_clauses_each_with_its_own_valence_and_quote(lexicon):
    text = "Program telah berjalan dengan baik, namun partisipasi masyarakat masih rendah."
    candidates = sg.suggest_text(text, lexicon)
    assert kinds(candidates) == {("outcome", "T15"), ("barrier", "T09")}
    by_type = {c.finding_type: c.quote for c in candidates}
    assert by_type == {
        "outcome": "Program telah berjalan dengan baik",
        "barrier": "partisipasi masyarakat masih rendah.",
    }


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Upaya pemerintah daerah adalah memberikan pelatihan kepada kader.",
            {
                ("effort", "T03")
            },  # training of cadres (implementers) is their capacity, not a benefit (senses)
        ),
        ("Diharapkan pemerintah memperbaiki koordinasi antar dinas.", {("recommendation", "T07")}),
        ("Dukungan DPRD mendukung pelaksanaan program.", {("enabler", "T08")}),
        (
            "Minimnya anggaran menghambat pelaksanaan program.",
            {("barrier", "T04")},
        ),  # menghambat ~ hambatan by stem
        ("Kesalahpahaman masyarakat menjadi kendala.", {("barrier", "T10")}),
    ],
)
def test_valence_and_type_cues(lexicon, sentence, expected):
    assert kinds(sg.suggest_text(sentence, lexicon)) == expected


def test_stemming_matches_inflected_forms_and_says_which_cue_fired(lexicon):
    [c] = sg.suggest_text("Pelaksanaan program terhambat oleh keterbatasan pendanaan.", lexicon)
    assert (c.finding_type, c.theme_id) == ("barrier", "T04")
    # "keterbatasan pendanaan" is the codebook cue "keterbatasan dana", "terhambat" the valence cue "hambatan"
    assert "keterbatasan dana" in c.cues and "hambatan (−)" in c.cues


def test_english_abstract_is_coded_with_english_cues(lexicon):
    text = (
        "The results show that the programme was hampered by limited funds. Community participation was low."
    )
    assert kinds(sg.suggest_text(text, lexicon)) >= {("barrier", "T04"), ("barrier", "T09")}


def test_aims_and_method_sentences_give_no_finding(lexicon):
    text = (
        "Penelitian ini bertujuan untuk mengetahui faktor pendukung dan faktor penghambat program. "
        "Teknik pengumpulan data dilakukan dengan wawancara kepada fasilitator dan kader."
    )
    assert sg.suggest_text(text, lexicon) == []


def test_json_output_has_exactly_the_documented_keys():
    result = invoke_studykit("suggest", "purbayan-p2kp", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(list(r) == KEYS for r in rows)
    text = (DATA_DIR / "sources/purbayan-p2kp.txt").read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["quote"] for r in rows)
    by_path = invoke_studykit("suggest", DATA_DIR / "sources/purbayan-p2kp.txt", "--format", "json")
    assert json.loads(by_path.stdout) == rows


def test_unknown_study_and_write_without_a_study_are_clear_errors(tmp_path):
    result = invoke_studykit("suggest", "no-such-study")
    assert result.returncode == 1 and "no study 'no-such-study'" in result.stderr
    loose = tmp_path / "abstrak.txt"
    loose.write_text("Keterbatasan dana menjadi hambatan.", encoding="utf-8")
    assert invoke_studykit("suggest", loose).returncode == 0
    result = invoke_studykit("suggest", loose, "--write")
    assert result.returncode == 1 and "--write: needs a study" in result.stderr


def test_write_appends_unreviewed_findings_keeps_the_file_and_analyses_leave_them_out(data_copy):
    from studykit import load_corpus
    from studykit.analysis import compare

    path = data_copy / "studies/purbayan-p2kp.yaml"
    before_text = path.read_text(encoding="utf-8")
    before = load_corpus(data_copy)
    result = invoke_studykit("suggest", "purbayan-p2kp", "--write", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    after_text = path.read_text(encoding="utf-8")
    assert after_text.startswith(before_text)  # existing content and comments intact
    corpus = load_corpus(data_copy, include_drafts=True)  # a study with unreviewed findings is a draft
    added = corpus.findings[~corpus.findings["finding_id"].isin(before.findings["finding_id"])]
    assert len(added) > 0 and set(added["review_status"]) == {"unreviewed"}
    assert added["finding_id"].iloc[0] == "purbayan-p2kp-13"
    text = (data_copy / "sources/purbayan-p2kp.txt").read_text(encoding="utf-8")
    assert all(
        text[r.quote_start : r.quote_end] == " ".join(r.quote.split())
        or locate_quote(text, r.quote) == (r.quote_start, r.quote_end)
        for r in added.itertuples()
    )
    validate = invoke_studykit("validate", "--data", data_copy)
    assert (
        validate.returncode == 0
        and f"{len(added)} finding{'' if len(added) == 1 else 's'} to review" in validate.stdout
    )
    assert "purbayan-p2kp" not in load_corpus(data_copy).study_ids  # left out of the reports until reviewed
    assert compare.theme_matrix(corpus.findings).equals(compare.theme_matrix(before.findings))
    assert compare.commonality(corpus.findings).equals(compare.commonality(before.findings))
    assert not compare.theme_matrix(corpus.findings, include_unreviewed=True).equals(
        compare.theme_matrix(before.findings)
    )
    again = invoke_studykit("suggest", "purbayan-p2kp", "--write", "--data", data_copy)
    assert again.returncode == 0 and path.read_text(encoding="utf-8") == after_text  # nothing suggested twice


def test_a_failed_write_leaves_the_study_file_untouched(data_copy, monkeypatch):
    import os

    path = data_copy / "studies/jambi-bantar.yaml"
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        sg.write_suggestions(
            sg.resolve("jambi-bantar", data_copy),
            sg.suggest(sg.resolve("jambi-bantar", data_copy).text, data_copy),
            data_copy,
        )
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        p.name for p in (DATA_DIR / "studies").iterdir()
    )


def test_the_installed_command_prints_a_table_with_cues(tmp_path):
    source = tmp_path / "abstrak.txt"  # a loose text: no study file has answered anything yet
    source.write_text(
        "Hasil penelitian menunjukkan bahwa rendahnya partisipasi masyarakat menjadi hambatan program.\n",
        encoding="utf-8",
    )
    result = run_studykit("suggest", source)
    assert result.returncode == 0, result.stderr
    assert "cues: rendah (−), hambatan (−), partisipasi" in result.stdout
    indonesian = run_studykit("suggest", source, "--lang", "id")
    assert indonesian.returncode == 0, indonesian.stderr
    assert "kata kunci: rendah (−), hambatan (−), partisipasi" in indonesian.stdout
    assert indonesian.stdout.split()[:2] == ["jenis", "tema"] and "cues:" not in indonesian.stdout


def test_cues_learned_from_the_corpus_leave_out_the_study_being_coded_and_ambiguous_names():
    learned = sg.learned_cues(DATA_DIR)
    assert "dukungan kerjasama" in learned["T07"]  # jambi-bantar's own variable name, themed T07
    assert not any(
        "sumber daya" in words for words in learned.values()
    )  # coded T04 and T09 in jambi: ambiguous
    assert "dukungan kerjasama" not in sg.learned_cues(DATA_DIR, exclude=["jambi-bantar"]).get("T07", [])
    assert "komunikasi" not in sg.learned_cues(DATA_DIR, taken=["komunikasi"]).get("T01", [])
    lexicon = sg.lexicon_for(DATA_DIR, exclude=["jambi-bantar"])
    assert not [c for c in lexicon.cues["id"] if c.label == "learned: dukungan kerjasama"]
