"""The codebook report and the Word codebook: counts recomputed from the findings, one section per theme."""

from __future__ import annotations

import docx
import pytest
from helpers import write_memos

from studykit import load_corpus
from studykit.corpus.schema import FINDING_TYPES
from studykit.reports import report
from studykit.reports.codebook_docx import write_codebook
from studykit.reports.html import text_of


def _independent_counts(findings):
    """Findings that count, by theme and type, written out without studykit's analysis functions."""
    counted = findings[(findings["review_status"] == "reviewed") & findings["restates"].isna()]
    by_type = {(t, x): 0 for t in set(findings["theme_id"]) for x in FINDING_TYPES}
    for row in counted.itertuples():
        by_type[(row.theme_id, row.finding_type)] = by_type.get((row.theme_id, row.finding_type), 0) + 1
    studies = counted.groupby("theme_id")["study_id"].apply(set).to_dict()
    return by_type, studies


@pytest.mark.parametrize("lang", ["en", "id"])
def test_codebook_overview_counts_equal_an_independent_count_of_the_findings(lang):
    from studykit.reports.views import codebook

    r = report.start("8-codebook", lang=lang)
    shown = codebook.overview_table(r).data
    by_type, studies = _independent_counts(r.corpus.findings)
    n = len(r.corpus.studies)
    assert len(shown) == len(r.corpus.themes)
    assert sum(by_type.values()) > 0
    for row, theme_id in zip(shown.to_dict("records"), r.corpus.theme_ids):
        for t in FINDING_TYPES:
            assert row[r.finding_type(t)] == by_type.get((theme_id, t), 0), (theme_id, t)
        assert row[r.t("col.total")] == sum(by_type.get((theme_id, t), 0) for t in FINDING_TYPES)
        assert text_of(row[r.t("col.n_reporting")]) == f"{len(studies.get(theme_id, ()))} / {n}"


def test_codebook_sections_hold_every_theme_its_rules_anchor_quotes_and_memo(data_copy):
    from studykit.reports.views import codebook

    texts = write_memos(data_copy)
    r = report.start("8-codebook", data_dir=str(data_copy), lang="en")
    fragment = codebook.themes(r)
    corpus = r.corpus
    for theme in corpus.themes.itertuples():
        assert f'id="theme-{theme.theme_id}"' in fragment.markup
        assert theme.definition_en in repr(fragment)
    counted = corpus.findings[
        (corpus.findings["review_status"] == "reviewed") & corpus.findings["restates"].isna()
    ]
    for (study_id, theme_id), part in counted.groupby(["study_id", "theme_id"]):
        first = part.sort_values("finding_id").iloc[0]
        assert f"study-profile/{study_id}.html#f-{first.finding_id}" in fragment.markup, (study_id, theme_id)
    assert texts["theme"] in fragment.markup and 'id="memo-theme-T04"' in fragment.markup
    assert "Whether the programme reached its aims" in repr(fragment)  # T14's exclusion rule


def test_word_codebook_has_one_section_per_theme_with_its_counts(tmp_path):
    corpus = load_corpus()
    path = write_codebook(corpus, tmp_path / "codebook.docx")
    document = docx.Document(str(path))
    by_type, studies = _independent_counts(corpus.findings)
    assert len(document.sections) == 1 + len(corpus.themes)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == [f"{t.theme_id} {t.label_en}" for t in corpus.themes.itertuples()]
    count_tables = [t for t in document.tables if t.rows[0].cells[-1].text == "Studies reporting it"]
    assert len(count_tables) == len(corpus.themes)
    for table, theme_id in zip(count_tables, corpus.theme_ids):
        values = [c.text for c in table.rows[1].cells]
        expected = [str(by_type.get((theme_id, t), 0)) for t in FINDING_TYPES]
        total = sum(by_type.get((theme_id, t), 0) for t in FINDING_TYPES)
        assert values == [*expected, str(total), f"{len(studies.get(theme_id, ()))} / {len(corpus.studies)}"]


def test_word_codebook_is_reproducible_and_bilingual(tmp_path):
    corpus = load_corpus()
    first = write_codebook(corpus, tmp_path / "a.docx").read_bytes()
    assert write_codebook(corpus, tmp_path / "b.docx").read_bytes() == first
    indonesian = docx.Document(str(write_codebook(corpus, tmp_path / "id.docx", "id")))
    assert indonesian.paragraphs[0].text == "Buku kode"
    assert any(t.label_id in p.text for p in indonesian.paragraphs for t in corpus.themes.itertuples())
