"""Quotes from a PDF's text, whose words are hyphenated at line ends ("masya-\\nrakat"), are shown whole to
readers in every report that shows a quote and in the coding workbench's list, while the study file keeps
the quote verbatim and its span (traceability). Reports showed "masya- rakat", the workbench's cues column
"ting-\\xadkat" (a soft hyphen)."""

from __future__ import annotations

import hashlib
import html

import pytest
import yaml

from studykit import load_corpus
from studykit.coding.bench import Session
from studykit.coding.bench import labels as bench_labels
from studykit.coding.bench.source_view import rows_and_spans
from studykit.reports import codebook_docx, report
from studykit.reports.views import codebook, cross_evidence, explore, lens, meta_matrix, profile

STUDY = "jambi-bantar"
# the source's words, and as a PDF's text layer breaks them at line ends (each occurs once in the source)
BROKEN = {
    "rendahnya partisipasi masyarakat terhadap program ini meskipun telah disosialisasikan": (
        "rendahnya partisipasi masya-\nrakat terhadap program ini meskipun telah disosia-\nlisasikan"
    ),
    "mempertahankan nominasi bersih": "memper-\ntahankan nominasi bersih",
}
WHOLE = ("partisipasi masyarakat terhadap", "telah disosialisasikan", "mempertahankan nominasi")
CUT = ("masya- rakat", "masya-\nrakat", "disosia- lisasikan", "memper- tahankan")


def _broken(text: str) -> str:
    for words, broken in BROKEN.items():
        text = text.replace(words, broken)
    return text


@pytest.fixture
def hyphenated(data_copy):
    """The bundled Jambi study as if its source were a PDF's text: words broken at line ends, in the
    source and in the quotes coded on them (verbatim), the source's hash updated."""
    source = data_copy / f"sources/{STUDY}.txt"
    text = source.read_text("utf-8")
    assert all(text.count(words) == 1 for words in BROKEN)
    source.write_text(_broken(text), "utf-8")
    path = data_copy / f"studies/{STUDY}.yaml"
    study = yaml.safe_load(path.read_text("utf-8"))
    for f in study["findings"]:
        f["quote"] = _broken(" ".join(f["quote"].split()))
    outcome = study["implementation_outcome"]
    outcome["quote"] = _broken(" ".join(outcome["quote"].split()))
    study["source"]["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
    path.write_text(yaml.safe_dump(study, allow_unicode=True, sort_keys=False, width=4096), "utf-8")
    return data_copy


def _shown(obj) -> str:
    """Everything a display object shows: its HTML (unescaped) and its plain text."""
    if isinstance(obj, (list, tuple)):
        return "\n".join(_shown(x) for x in obj)
    parts = [repr(obj)]
    if hasattr(obj, "_repr_html_"):
        parts.append(obj._repr_html_())
    if hasattr(obj, "data") and isinstance(obj.data, str):
        parts.append(obj.data)
    return html.unescape("\n".join(parts))


def _reads_whole(shown: str, what: str) -> None:
    for words in WHOLE[:2]:
        assert words in shown, (what, words)
    for cut in CUT:
        assert cut not in shown, (what, cut)


def test_the_stored_quotes_stay_verbatim_and_valid(hyphenated):
    corpus = load_corpus(hyphenated)
    assert STUDY in corpus.study_ids and STUDY not in [d.study_id for d in corpus.drafts]
    f = corpus.findings[corpus.findings["study_id"] == STUDY]
    broken = f[f["quote"].str.contains("masya-\nrakat", regex=False)]
    assert len(broken) == 1  # the quote as the source has it, line break and all
    text = corpus.source_text(STUDY)
    row = broken.iloc[0]
    assert text[int(row["quote_start"]) : int(row["quote_end"])] == row["quote"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_report_that_shows_a_quote_shows_the_words_whole(hyphenated, lang):
    data = str(hyphenated)
    r = report.start("1-study-profile", data_dir=data, study_id=STUDY, lang=lang)
    _reads_whole(_shown(profile.findings(r)), "profile findings")
    metadata = _shown(profile.metadata(r))
    assert "mempertahankan nominasi" in metadata and "memper- tahankan" not in metadata
    r = report.start("2-cross-case", data_dir=data, finding_types=["barrier"], lang=lang)
    _reads_whole(_shown(cross_evidence.quotes_by_theme(r)), "cross-case quotes")
    verdicts = _shown(meta_matrix.meta_matrix(r))
    assert "mempertahankan nominasi" in verdicts and "memper- tahankan" not in verdicts
    r = report.start("3-framework-lens", data_dir=data, framework="GR", lang=lang)
    _reads_whole(_shown(lens.quotes_by_variable(r)), "framework lens quotes")
    r = report.start("5-explore", data_dir=data, study_id=STUDY, lang=lang)
    _reads_whole(_shown(explore.table(r)), "explore")
    r = report.start("8-codebook", data_dir=data, lang=lang)
    _reads_whole(_shown(codebook.themes(r)), "codebook anchor quotes")  # the study's first T09 finding
    document = codebook_docx.build(load_corpus(hyphenated), lang)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    _reads_whole(cells, "codebook .docx")


def test_the_workbench_list_shows_the_quote_whole_and_cues_clean(hyphenated):
    s = Session(STUDY, hyphenated, "display-test")
    coded = next(it for it in s.items if "masya-\nrakat" in it.quote)
    suggestion = next(it for it in s.items if it.origin == "suggestion")
    suggestion.cues = ("list item: keterbatasan di ting-\u00adkat kelurahan", "komu\u00adnikasi (−)")
    for lang in ("en", "id"):
        rows, _ = rows_and_spans(s, lambda key, lang=lang, **v: bench_labels.t(key, lang, **v), lang)
        row = next(row for row in rows if row["key"] == coded.key)
        _reads_whole(row["quote_full"], "workbench list")
        cues = next(row for row in rows if row["key"] == suggestion.key)["cues"]
        assert "\u00ad" not in cues and "di tingkat kelurahan" in cues and "komunikasi (−)" in cues
    assert "masya-\nrakat" in coded.quote  # what Save writes back: the verbatim quote
