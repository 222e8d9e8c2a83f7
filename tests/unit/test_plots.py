"""Figures are laid out from their data: labels fit their cells, text is never shrunk, colour bars of counts
tick at whole numbers.

These check what is drawn (label geometry and ticks from matplotlib's own layout), not pixels.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from studykit.analysis import compare
from studykit.reports import plots, report
from studykit.reports.views.common import label_matrix

MIN_FONT_PT = 9  # nothing a reader must read is smaller


def _close(fig):
    import matplotlib.pyplot as plt

    plt.close(fig)


@pytest.fixture(scope="module")
def cross_case():
    return report.start("2-cross-case", lang="en")


def _signed_figure(r, columns=None):
    signed = compare.signed_matrix(r.corpus.findings, r.corpus.studies)
    shown = label_matrix(r, signed)
    if columns is not None:
        shown = shown.reindex(columns=columns, fill_value=0)
    return plots.heatmap(shown, title="t", xlabel="", ylabel="", cbar_label="c", signed=True)


def test_study_labels_of_the_real_corpus_fit_their_cells_without_overlap(cross_case):
    """'Bengkulu · SAMISAKEKampung Bantar': the five x labels once ran into each other."""
    fig = _signed_figure(cross_case)
    layout = fig.studykit_layout
    assert layout.x_rotation == 0 and layout.fits_page
    assert layout.xlabel_extent <= layout.cell_width  # the widest wrapped label is narrower than a cell
    assert plots.label_overlaps(fig) == []
    drawn = [
        t.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi for t in fig.axes[0].get_xticklabels()
    ]
    assert max(drawn) <= layout.cell_width  # and so it is as drawn by matplotlib
    _close(fig)


def test_many_long_labels_turn_vertical_keep_their_size_and_do_not_overlap(cross_case):
    columns = [f"Kota Contoh Nomor {k} · Program Penanggulangan Kemiskinan" for k in range(14)]
    fig = _signed_figure(cross_case, columns)
    layout = fig.studykit_layout
    assert layout.x_rotation == 90 and layout.fits_page
    assert plots.label_overlaps(fig) == []
    assert (
        min(t.get_fontsize() for t in fig.axes[0].get_xticklabels() + fig.axes[0].get_yticklabels())
        >= MIN_FONT_PT
    )
    _close(fig)


def test_too_many_columns_for_the_page_are_reported_not_squeezed(cross_case):
    rows = [cross_case.theme(t) for t in cross_case.corpus.theme_ids]
    limit = plots.max_columns(rows)
    assert 10 <= limit <= 30
    wide = plots.grid_layout(rows, [f"S{k}" for k in range(limit + 5)])
    assert (
        not wide.fits_page and wide.cell_width >= plots.MIN_CELL_IN
    )  # wider than the page, never smaller cells or text
    assert plots.grid_layout(rows, [f"S{k}" for k in range(limit)]).fits_page


@pytest.mark.parametrize(
    "values, signed", [([[-2, 0], [-1, 1]], True), ([[3, 0], [1, 2]], False), ([[0, 5], [1, 7]], False)]
)
def test_colour_bar_of_counts_ticks_only_at_whole_numbers(values, signed):
    """The signed heatmap's colour bar once showed −1.5 and 0.5 for integer counts."""
    fig = plots.heatmap(
        pd.DataFrame(values, index=["a", "b"], columns=["x", "y"]),
        title="t",
        xlabel="",
        ylabel="",
        cbar_label="c",
        signed=signed,
    )
    ticks = fig.axes[1].get_yticks()
    limit = np.abs(values).max()
    assert len(ticks) >= 2 and all(float(v).is_integer() for v in ticks), ticks
    assert max(ticks) == limit and min(ticks) == (-limit if signed else 0)
    _close(fig)


def test_similarity_title_does_not_run_over_its_colour_bar(cross_case):
    from studykit.reports.views import crosscase

    sim = compare.jaccard_similarity(
        cross_case.corpus.findings, ("barrier", "enabler"), cross_case.corpus.studies
    )
    order = compare.cluster_order(sim)
    fig = plots.ordered_similarity(
        sim.loc[order, order], title=cross_case.t("cross.similarity_title"), cbar_label="Jaccard"
    )
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = fig.axes[0].title.get_window_extent(renderer)
    colour_bar = fig.axes[1].get_tightbbox(renderer)
    assert not title.overlaps(colour_bar)
    assert plots.label_overlaps(fig) == []
    _close(fig)
    assert (
        crosscase.similarity_figure(cross_case).data.index.tolist() == order
    )  # the report draws the clustered order


def test_cluster_order_puts_similar_studies_next_to_each_other():
    ids = ["a", "b", "c", "d"]
    sim = pd.DataFrame(
        [[1, 0, 0.9, 0], [0, 1, 0, 0.8], [0.9, 0, 1, 0], [0, 0.8, 0, 1]], index=ids, columns=ids, dtype=float
    )
    order = compare.cluster_order(sim)
    pairs = {frozenset(order[i : i + 2]) for i in range(3)}
    assert frozenset("ac") in pairs and frozenset("bd") in pairs
    sim.loc["d", :] = sim.loc[:, "d"] = np.nan
    sim.loc["d", "d"] = 1.0
    assert compare.cluster_order(sim)[-1] == "d"  # an empty profile (undefined similarity) goes last


@pytest.mark.parametrize(
    "label",
    [
        "Sosialisasi program kepada masyarakat",
        "W",
        "iiiiiiiiiiii",
        "Kota Bengkulu · SAMISAKE\nsecond line, longer than the first",
    ],
)
def test_text_width_is_the_width_matplotlib_draws(label):
    """Layouts are computed from text_width before drawing: it must match the drawn label to half a pixel."""
    import matplotlib.pyplot as plt

    plots.styled_seaborn()
    fig = plt.figure(figsize=(8, 2), dpi=plots.DPI)
    text = fig.text(0.01, 0.5, label, fontsize=matplotlib.rcParams["xtick.labelsize"])
    fig.canvas.draw()
    drawn = text.get_window_extent(fig.canvas.get_renderer()).width / plots.DPI
    _close(fig)
    assert plots.text_width(label) == pytest.approx(drawn, abs=0.5 / plots.DPI)


def test_first_use_fills_the_caches_and_leaves_nothing_a_report_sees():
    """The fork server warms fonts and templates once (reports.warm); a report must not see that it
    happened."""
    import json
    import subprocess
    import sys

    script = """
import json, matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from studykit.reports import i18n, plots, warm
before = {k: repr(v) for k, v in matplotlib.rcParams.items()}
warm.first_use()
after = {k: repr(v) for k, v in matplotlib.rcParams.items()}
print(json.dumps({"changed": sorted(k for k in before if before[k] != after[k]), "figures": plt.get_fignums(),
                  "styled": getattr(plots.styled_seaborn, "styled", False), "fonts": font_manager._get_font.cache_info().currsize,
                  "catalogue": i18n.catalogue.cache_info().currsize}))
"""  # noqa: E501 - a text block (script, template or fixture) kept as written
    out = json.loads(
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    )
    assert out["changed"] == [] and out["figures"] == [] and out["styled"] is False
    assert (
        out["fonts"] >= 2 and out["catalogue"] == 1
    )  # regular and bold text were drawn; the messages are loaded


def test_a_users_matplotlibrc_changes_no_figure(tmp_path):
    """Same inputs, same bytes: a matplotlibrc of the user's (here one in the current folder, which matplotlib
    reads before $MATPLOTLIBRC and ~/.config/matplotlib) must not restyle the reports' figures."""
    import subprocess
    import sys

    script = """
import hashlib, pandas as pd
from studykit.reports import plots
fig = plots.heatmap(pd.DataFrame([[1, -2], [0, 3]], index=["T01", "T02"], columns=["a", "b"]), title="t",
                    xlabel="x", ylabel="y", cbar_label="n", signed=True)
print(hashlib.sha256(plots.to_png(fig)).hexdigest())
"""

    def drawn(rc: str | None) -> str:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        if rc is not None:
            (folder / "matplotlibrc").write_text(rc, encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-c", script], cwd=folder, check=True, capture_output=True, text=True
        )
        return run.stdout.strip()

    plain = drawn(None)
    assert len(plain) == 64
    assert drawn("savefig.facecolor: pink\ntext.color: red\nfont.size: 14\nsavefig.pad_inches: 1\n") == plain
