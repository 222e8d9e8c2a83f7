"""validate's one-line summary of the corpus counts findings: a rejected suggestion (kept in its study file
as `review_status: rejected`, never analysed) is no finding, and the line says how many there are."""

from __future__ import annotations

import pytest

from studykit import load_corpus


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "; 1 rejected suggestion (kept in the study files, never analysed)"),
        ("id", "; 1 usulan ditolak (tetap di berkas studi, tidak pernah dianalisis)"),
    ],
)
def test_a_rejected_suggestion_is_not_counted_as_a_finding_and_is_named(data_copy, lang, said):
    before = load_corpus(data_copy).summary(lang)
    path = data_copy / "studies/jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    quote = "    quote: rendahnya partisipasi masyarakat terhadap program ini meskipun telah disosialisasikan"
    quote += "\n"
    assert text.count(quote) == 1
    path.write_text(text.replace(quote, quote + "    review_status: rejected\n"), encoding="utf-8")
    corpus = load_corpus(data_copy)
    barriers = int(corpus.findings["finding_type"].eq("barrier").sum())  # the table still holds it
    after = corpus.summary(lang)
    word = "barrier" if lang == "en" else "faktor penghambat"
    assert f"({word} {barriers - 1}," in after and f"({word} {barriers}," in before
    findings = len(corpus.findings)
    assert f" {findings - 1} " in after and f" {findings} " in before
    assert said in after and said not in before
