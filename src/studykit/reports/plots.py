"""One figure style for every report: readable wrapped labels, a colour-blind-safe diverging palette,
deterministic PNG.

Figures are returned as :class:`Figure` objects that carry the data they draw
(``.data``), their alt text and their caption, so tests check what is plotted,
not pixels, and the HTML report gets an ``alt`` attribute on every image.

The style and the PNG encoding live in :mod:`.figure`, the layout computed from
the labels in :mod:`.figsize`; their names are re-exported here, where the
views have always found them. This module draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .figsize import (
    CBAR_IN,
    CELL_PAD_IN,
    MAX_WIDTH_IN,
    MAX_XLABEL_HEIGHT_IN,
    MIN_CELL_IN,
    X_WRAP,
    X_WRAPS_VERTICAL,
    GridLayout,
    grid_layout,
    line_height,
    max_columns,
    text_width,
    wrap_to,
)
from .figure import (
    DIVERGING,
    DPI,
    RC,
    SEQUENTIAL,
    THEME,
    WRAP,
    Figure,
    apply_style,
    encode_png,
    pyplot,
    styled_seaborn,
    to_png,
    wrap,
)

# the style (.figure) and the layout (.figsize), where the views have always found them
__all__ = [
    "CBAR_IN",
    "CELL_PAD_IN",
    "DIVERGING",
    "DPI",
    "MAX_WIDTH_IN",
    "MAX_XLABEL_HEIGHT_IN",
    "MIN_CELL_IN",
    "RC",
    "SEQUENTIAL",
    "THEME",
    "WRAP",
    "X_WRAP",
    "X_WRAPS_VERTICAL",
    "apply_style",
    "barh",
    "encode_png",
    "Figure",
    "grid_layout",
    "GridLayout",
    "heatmap",
    "label_overlaps",
    "line_height",
    "max_columns",
    "ordered_similarity",
    "pyplot",
    "styled_seaborn",
    "text_width",
    "to_png",
    "wrap",
    "wrap_to",
]


def _integer_ticks(cbar, limit: float, signed: bool) -> None:
    """Colour-bar ticks at whole numbers only: counts are never 0.5 or −1.5."""
    from matplotlib.ticker import MaxNLocator

    low = -limit if signed else 0
    cbar.set_ticks(
        [v for v in MaxNLocator(nbins=8, integer=True).tick_values(low, limit) if low <= v <= limit]
    )


TITLE_PT = 12  # RC["axes.titlesize"], bold: measured 10 % wider than regular text
BOLD = 1.1


def _number_ticks(cbar, lang: str, decimals: int | None = None) -> None:
    """Colour-bar tick labels written as the report's language writes numbers (0,25 / 0.25; 1.000 /
    1,000)."""
    from matplotlib.ticker import FuncFormatter

    from .i18n import number

    cbar.ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: number(float(v), lang, decimals).replace("-", "\u2212"))
    )


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    cbar_label: str,
    signed: bool = False,
    annotations: pd.DataFrame | None = None,
    scale: str = "count",
    lang: str = "en",
):
    """Annotated heatmap of a row × column matrix laid out by :func:`grid_layout`.

    ``scale`` "count" (the default): whole-number colour-bar ticks, diverging
    colours centred on 0 when ``signed``. "share": shares of studies (0–1) on a
    percent colour bar. "unit": values in 0–1 such as a similarity.
    ``annotations`` (e.g. "3/8") are written in the cells instead of the values.
    Numbers on the colour bar are written for readers of ``lang``.

    Nothing overlaps at any size: the title is wrapped to the figure's width and sits in a band of its
    own above the grid; the colour bar stays within the grid's height, its label wrapped to the bar's
    length.
    """
    sns, plt = styled_seaborn(), pyplot()
    rows, columns = list(matrix.index), list(matrix.columns)
    layout = grid_layout(rows, columns)
    title = wrap_to(title, max(layout.width - layout.ylabel_width, 4.0) / BOLD, TITLE_PT)
    layout = grid_layout(rows, columns, title_lines=len(title.split("\n")))
    fig = plt.figure(figsize=(layout.width, layout.height))
    fig.studykit_layout = layout  # the data behind the layout, for tests
    left, bottom = layout.ylabel_width, layout.xlabel_height
    body_w, body_h = len(matrix.columns) * layout.cell_width, len(matrix.index) * layout.cell_height
    ax = fig.add_axes(
        [
            left / layout.width,
            bottom / layout.height,
            max(body_w, 0.1) / layout.width,
            max(body_h, 0.1) / layout.height,
        ]
    )
    if matrix.empty:
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        return fig
    bar_h = max(min(body_h - 0.1, 3.0), 0.3)  # below the grid's top edge: its top tick stays under the title
    cax = fig.add_axes(
        [
            (left + body_w + 0.2) / layout.width,
            bottom / layout.height,
            0.18 / layout.width,
            bar_h / layout.height,
        ]
    )
    values = matrix.astype(float)
    if scale in ("share", "unit"):
        limit, kwargs = 1.0, {"cmap": SEQUENTIAL, "vmin": 0, "vmax": 1}
    else:
        limit = max(1.0, float(np.nanmax(np.abs(values.to_numpy()))))
        kwargs = {
            "cmap": DIVERGING if signed else SEQUENTIAL,
            "center": 0 if signed else None,
            "vmin": -limit if signed else 0,
            "vmax": limit,
        }
    annot = annotations.to_numpy() if annotations is not None else True
    sns.heatmap(
        values,
        ax=ax,
        cbar_ax=cax,
        annot=annot,
        fmt="" if annotations is not None else "g",
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": wrap_to(cbar_label, bar_h, RC["axes.labelsize"])},
        **kwargs,
    )
    cbar = ax.collections[0].colorbar
    if scale in ("share", "unit"):
        from matplotlib.ticker import PercentFormatter

        cbar.set_ticks([0, 0.25, 0.5, 0.75, 1.0])
        if scale == "share":
            cbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        else:
            _number_ticks(cbar, lang, 2)
    else:
        _integer_ticks(cbar, limit, signed)
        _number_ticks(cbar, lang, 0)
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xticks(
        np.arange(len(matrix.columns)) + 0.5,
        layout.xlabels,
        rotation=layout.x_rotation,
        ha="center",
        va="top",
    )
    ax.set_yticks(np.arange(len(matrix.index)) + 0.5, layout.ylabels, rotation=0, va="center")
    return fig


def label_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of x tick labels of the figure's first axes whose drawn boxes overlap (none is the goal), after
    drawing."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].get_xticklabels() if t.get_text()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    return [(a, b) for (a, box_a), (b, box_b) in zip(boxes, boxes[1:], strict=False) if box_a.overlaps(box_b)]


def ordered_similarity(similarity: pd.DataFrame, *, title: str, cbar_label: str, lang: str = "en"):
    """Similarity heatmap, rows and columns in the order given (the caller orders studies by clustering),
    values written for readers of ``lang``."""
    from .i18n import number

    fig = heatmap(
        similarity.round(2),
        title=title,
        xlabel="",
        ylabel="",
        cbar_label=cbar_label,
        scale="unit",
        annotations=similarity.map(lambda v: "" if pd.isna(v) else number(v, lang, 2)),
        lang=lang,
    )
    return fig


def barh(counts: pd.Series, *, title: str, xlabel: str, lang: str = "en"):
    """Horizontal bar chart of counts, largest first, numbers written for readers of ``lang``."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from .i18n import number

    sns, plt = styled_seaborn(), pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 0.9 + 0.4 * max(len(counts), 1)))
    if len(counts):
        sns.barplot(
            x=counts.to_numpy(),
            y=[wrap(i) for i in counts.index],
            ax=ax,
            color=sns.color_palette(SEQUENTIAL)[4],
            orient="h",
        )
        for container in ax.containers:
            ax.bar_label(container, labels=[number(v, lang, 0) for v in container.datavalues], padding=3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of findings are whole numbers
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(float(v), lang, 0)))
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    sns.despine(ax=ax)
    return fig
