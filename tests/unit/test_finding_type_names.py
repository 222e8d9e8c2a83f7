"""One Indonesian name per finding type wherever a coder reads it (walk 15): `suggest --lang id` wrote
"penghambat" where the workbench and the reports write "Faktor penghambat" (and `validate` "penghambat 24"
beside report 2's "Faktor penghambat"). Every command now writes the codebook's name, in lower case mid-line
as the reports' captions do ("faktor penghambat dan faktor pendukung")."""

from __future__ import annotations

import pytest

from studykit import load_corpus
from studykit.analysis.agreement import output
from studykit.coding import labels
from studykit.coding.bench import labels as bench
from studykit.coding.rules import Candidate
from studykit.corpus.schema import FINDING_TYPES
from studykit.paths import DATA_DIR
from studykit.reports import i18n


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_command_names_a_finding_type_as_the_workbench_and_the_reports_do(lang):
    counts = load_corpus(DATA_DIR).summary(lang)
    for kind in FINDING_TYPES:
        name = bench.t(f"type.{kind}", lang)  # the workbench's
        assert name == i18n.t(f"type.{kind}", lang)  # the reports'
        word = name.lower()
        found = Candidate(kind, "T01", "dana", 0, 4, 0.5)
        assert labels.table([found], lang).splitlines()[1].startswith(f"{word} "), lang  # suggest
        assert output.type_word(kind, lang) == word  # agreement
        if kind in ("barrier", "enabler"):  # validate's one-line summary (the bundled corpus has both)
            assert f"({word} " in counts or f", {word} " in counts, counts


def test_a_draft_summary_names_its_type_as_the_workbench_does():
    from studykit.coding.suggest import as_findings

    found = Candidate("barrier", "T04", "dana", 0, 4, 0.5)
    draft = as_findings("kota-x", [found], DATA_DIR, 1)[0]
    assert draft["summary_id"].startswith("[usulan; tulis ringkasannya] faktor penghambat: ")
