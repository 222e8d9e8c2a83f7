"""One figure style for every report: readable wrapped labels, a colour-blind-safe diverging palette, deterministic PNG.

Figures are returned as :class:`Figure` objects that carry the data they draw
(``.data``), their alt text and their caption, so tests check what is plotted,
not pixels, and the HTML report gets an ``alt`` attribute on every image.

seaborn and pyplot are imported on the first figure, not with the module:
seaborn pulls in scipy.stats (~0.7 s), which reports without figures (and
every fresh report kernel) should not pay for.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

DIVERGING = "RdBu"  # barriers red (negative), enablers blue (positive); safe for red-green colour blindness
SEQUENTIAL = "Blues"
WRAP = 26
DPI = 96

RC = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "svg.hashsalt": "studykit",
}


def _seaborn():
    """seaborn, with the studykit look applied once per session before the first figure."""
    import seaborn as sns

    if not getattr(_seaborn, "styled", False):
        sns.set_theme(style="white", context="notebook", rc=RC)
        _seaborn.styled = True
    return sns


def _pyplot():
    _seaborn()
    import matplotlib.pyplot as plt

    return plt


def wrap(label: str, width: int = WRAP) -> str:
    return textwrap.fill(str(label), width)


@dataclass
class Figure:
    """A rendered figure: PNG bytes plus the data behind it, its alt text and caption."""

    png: bytes
    data: pd.DataFrame
    alt: str
    caption: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64

        encoded = base64.b64encode(self.png).decode("ascii")
        return {"image/png": encoded, "text/plain": f"<Figure: {self.alt}>"}, {"image/png": {"alt": self.alt}}


def to_png(fig) -> bytes:
    """PNG bytes with no software/version stamp, so identical figures give identical bytes; closes the figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    _pyplot().close(fig)
    return buffer.getvalue()


def heatmap(matrix: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, cbar_label: str, signed: bool = False):
    """Annotated heatmap of a theme/variable × study matrix; diverging and centred on 0 when ``signed``."""
    sns, plt = _seaborn(), _pyplot()
    rows, cols = matrix.shape
    fig, ax = plt.subplots(figsize=(2.2 + 1.3 * max(cols, 1), 1.2 + 0.45 * max(rows, 1)))
    if matrix.empty:
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        return fig
    values = matrix.astype(float)
    limit = max(1.0, float(np.nanmax(np.abs(values.to_numpy()))))
    sns.heatmap(
        values, ax=ax, annot=True, fmt="g", linewidths=0.5, linecolor="white",
        cmap=DIVERGING if signed else SEQUENTIAL, center=0 if signed else None,
        vmin=-limit if signed else 0, vmax=limit, cbar_kws={"label": cbar_label, "shrink": 0.8},
    )
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xticklabels([wrap(t.get_text(), 14) for t in ax.get_xticklabels()], rotation=0)
    ax.set_yticklabels([wrap(t.get_text()) for t in ax.get_yticklabels()], rotation=0)
    return fig


def clustered_similarity(similarity: pd.DataFrame, *, title: str, cbar_label: str):
    """Similarity heatmap with studies ordered by average-linkage clustering (plain heatmap below 3 studies)."""
    sns = _seaborn()
    if len(similarity) < 3 or similarity.isna().any().any():
        return heatmap(similarity.round(2), title=title, xlabel="", ylabel="", cbar_label=cbar_label)
    grid = sns.clustermap(
        similarity.astype(float), method="average", metric="euclidean", annot=True, fmt=".2f", cmap=SEQUENTIAL,
        vmin=0, vmax=1, figsize=(3 + 1.2 * len(similarity), 2.5 + 1.0 * len(similarity)),
        cbar_kws={"label": cbar_label}, dendrogram_ratio=0.15,
    )
    grid.ax_heatmap.set_xticklabels([wrap(t.get_text(), 14) for t in grid.ax_heatmap.get_xticklabels()], rotation=0)
    grid.ax_heatmap.set_yticklabels([wrap(t.get_text(), 20) for t in grid.ax_heatmap.get_yticklabels()], rotation=0)
    grid.ax_heatmap.set_xlabel("")
    grid.ax_heatmap.set_ylabel("")
    grid.figure.suptitle(title, x=0.02, ha="left", fontweight="bold")
    return grid.figure


def barh(counts: pd.Series, *, title: str, xlabel: str):
    """Horizontal bar chart of counts, largest first."""
    sns, plt = _seaborn(), _pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 0.9 + 0.4 * max(len(counts), 1)))
    if len(counts):
        sns.barplot(x=counts.to_numpy(), y=[wrap(i) for i in counts.index], ax=ax, color=sns.color_palette(SEQUENTIAL)[4], orient="h")
        for container in ax.containers:
            ax.bar_label(container, fmt="%g", padding=3)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of findings are whole numbers
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    sns.despine(ax=ax)
    return fig
