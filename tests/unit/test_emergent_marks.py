"""An emergent theme (``origin: emergent``: found in the data while coding) is told from a framework theme
where themes stand side by side: the cross-case report's matrices and the workbench's theme choices mark it
(†) and say what the mark means, both languages. A codebook without one reads as before (no mark, no legend:
the bundled reports stay byte for byte)."""

from __future__ import annotations

import shutil

import pytest
from helpers.codebooks import add_theme

from studykit import load_corpus
from studykit.corpus.themechanges import EMERGENT_MARK
from studykit.reports import plots
from studykit.reports.params import validate_parameters
from studykit.reports.report import Report
from studykit.reports.views import crosscase

LEGEND = {"en": "an emergent theme: found in the data", "id": "tema emergen: ditemukan dari data"}
LABEL = {"en": "Information systems", "id": "Tema baru T17"}


@pytest.fixture
def emergent(data_copy):
    add_theme(data_copy, "T17", ["aplikasi"], label="Information systems", origin="emergent")
    for study in (data_copy / "studies").glob("*.yaml"):  # T10's findings (two barriers) coded T17 now
        study.write_text(study.read_text(encoding="utf-8").replace("theme_id: T10", "theme_id: T17"), "utf-8")
    return data_copy


def _report(corpus, lang: str, **params) -> Report:
    return Report(
        "2-cross-case", corpus, validate_parameters("2-cross-case", corpus, {"lang": lang, **params})
    )


@pytest.fixture
def heatmap_rows(monkeypatch):
    """The row labels of every heatmap drawn."""
    drawn: list[list[str]] = []
    real = plots.heatmap

    def recording(frame, *args, **kwargs):
        drawn.append([str(i) for i in frame.index])
        return real(frame, *args, **kwargs)

    monkeypatch.setattr(plots, "heatmap", recording)
    return drawn


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_cross_case_matrices_mark_an_emergent_theme_and_say_what_the_mark_means(
    emergent, heatmap_rows, lang
):
    corpus = load_corpus(emergent)
    marked = f"{LABEL[lang]} {EMERGENT_MARK}"
    r = _report(corpus, lang)
    assert f"{EMERGENT_MARK} {LEGEND[lang]}" in crosscase.title(r).data
    crosscase.signed_figure(r)
    assert marked in heatmap_rows[-1]
    assert any(marked in str(i) for i in crosscase.count_table(r).data.index)
    grouped = _report(corpus, lang, group_by="province")
    heatmap_rows.clear()
    crosscase.group_figures(grouped)
    assert any(marked in rows for rows in heatmap_rows)
    assert any(marked in str(cell) for cell in crosscase.count_table(grouped).data.iloc[:, 0])
    heatmap_rows.clear()
    crosscase.meta_matrix(grouped)
    assert marked in heatmap_rows[-1]  # its findings are barriers
    others = [label for rows in heatmap_rows for label in rows if label != marked]
    assert others and not any(EMERGENT_MARK in label for label in others)  # framework themes unmarked


@pytest.mark.parametrize("lang", ["en", "id"])
def test_without_an_emergent_theme_nothing_is_marked(corpus, heatmap_rows, lang):
    r = _report(corpus, lang)
    assert EMERGENT_MARK not in crosscase.title(r).data and LEGEND[lang] not in crosscase.title(r).data
    crosscase.signed_figure(r)
    table = crosscase.count_table(r)
    assert not any(EMERGENT_MARK in label for rows in heatmap_rows for label in rows)
    assert not any(EMERGENT_MARK in str(i) for i in table.data.index)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_workbench_s_theme_choices_mark_an_emergent_theme_with_a_legend(emergent, tmp_path, lang):
    from studykit.coding import workbench
    from studykit.paths import DATA_DIR

    study_id = sorted(p.stem for p in (emergent / "studies").glob("*.yaml"))[0]
    wb = workbench(study_id, emergent, "emergent-test", lang)
    labels = dict((value, label) for label, value in wb.editor.theme.options)
    assert labels["T17"].endswith(f" {EMERGENT_MARK}") and EMERGENT_MARK not in labels["T01"]
    assert dict((v, k) for k, v in wb.editor.secondary.options)["T17"] == labels["T17"]
    assert LEGEND[lang] in wb.editor.legend.value
    shutil.copytree(DATA_DIR, tmp_path / "plain")
    plain = workbench(
        study_id, tmp_path / "plain", "emergent-test", lang
    )  # the bundled codebook: none emergent
    assert not any(EMERGENT_MARK in label for label, _ in plain.editor.theme.options)
    assert plain.editor.legend.value == ""
