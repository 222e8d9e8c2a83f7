"""One figure style for every report: readable wrapped labels, a colour-blind-safe diverging palette,
deterministic PNG.

Figures are returned as :class:`Figure` objects that carry the data they draw
(``.data``), their alt text and their caption, so tests check what is plotted,
not pixels, and the HTML report gets an ``alt`` attribute on every image.

seaborn and pyplot are imported on the first figure, not with the module:
seaborn pulls in scipy.stats (~0.7 s), which reports without figures (and
every fresh report kernel) should not pay for.
"""

from __future__ import annotations

import functools
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
    # labels come from data: "$x^$" is text, never mathtext (which fails the figure) nor LaTeX
    "text.parse_math": False,
    "text.usetex": False,
}
THEME = {"style": "white", "context": "notebook", "rc": RC}  # seaborn.set_theme arguments: the studykit look


def styled_seaborn():
    """seaborn, with the studykit look applied once per session before the first figure."""
    import seaborn as sns

    if not getattr(styled_seaborn, "styled", False):
        sns.set_theme(**THEME)
        styled_seaborn.styled = True
    return sns


def _pyplot():
    styled_seaborn()
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
    """PNG bytes with no software/version stamp, so identical figures give identical bytes; closes the figure.

    The image is stored with a 256-colour palette (median cut, no dithering, deterministic): heatmaps and
    bar charts have few colours, and the palette PNG is about a third of the size, which keeps reports
    with many figures under 1 MB.
    """
    png = encode_png(fig)
    _pyplot().close(fig)
    return png


def encode_png(fig) -> bytes:
    """The figure as a palette PNG (see :func:`to_png`), without closing it."""
    from PIL import Image

    buffer = (
        io.BytesIO()
    )  # an intermediate, decoded at once: the fastest compression (≈ 25 ms less a figure than the default)
    fig.savefig(
        buffer,
        format="png",
        bbox_inches="tight",
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True
    )
    return out.getvalue()


# --- layout: figure size from the data, never smaller text ---------------------------------------

MAX_WIDTH_IN = (
    12.0  # the report column is 1200 px: at 96 dpi a figure up to 12 in is shown at full size, text unscaled
)
MIN_CELL_IN = 0.42  # a cell holds a two-digit annotation or "12/40" at the annotation size
CELL_PAD_IN = 0.14  # free space beside the widest x label in its cell
X_WRAP = 14  # characters per line of a horizontal x label
X_WRAPS_VERTICAL = (
    36,
    28,
    22,
)  # vertical x labels: the fewest lines whose height stays under MAX_XLABEL_HEIGHT_IN
MAX_XLABEL_HEIGHT_IN = 2.8
CBAR_IN = 1.3  # colour bar, its ticks and its label


def text_width(text: str, size: float | None = None) -> float:
    """Width in inches of the widest line of ``text`` at ``size`` points (default: the tick label size).

    Measured by the Agg renderer at the figures' DPI, so it is the width the label is drawn with
    (hinting included); views measure every label before drawing, so each line is measured once per kernel.
    """
    import matplotlib as mpl

    styled_seaborn()
    size = float(size or mpl.rcParams["xtick.labelsize"])
    family = tuple(mpl.rcParams["font.family"])
    return max(
        (_line_width(line, size, family) for line in str(text).split("\n") if line.strip()), default=0.0
    )


@functools.lru_cache(maxsize=8192)
def _line_width(line: str, size: float, family: tuple[str, ...]) -> float:
    from matplotlib.font_manager import FontProperties

    width, _, _ = _renderer().get_text_width_height_descent(
        line, FontProperties(family=list(family), size=size), ismath=False
    )
    return width / DPI


@functools.cache
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, DPI)


def line_height(size: float | None = None) -> float:
    import matplotlib as mpl

    styled_seaborn()
    return 1.25 * (size or mpl.rcParams["xtick.labelsize"]) / 72


@dataclass(frozen=True)
class GridLayout:
    """How a row × column grid (heatmap) is laid out, computed from its labels before anything is drawn.

    ``cell_width`` is chosen so that every x label fits its cell: horizontal labels
    (wrapped at ``X_WRAP`` characters) while the figure stays within MAX_WIDTH_IN,
    else vertical ones. Text is never shrunk: when even vertical labels do not fit,
    the figure is wider than the page and ``fits_page`` is False (views aggregate
    before that happens; see :func:`max_columns`).
    """

    xlabels: list[str]
    ylabels: list[str]
    x_rotation: int
    cell_width: float
    cell_height: float
    ylabel_width: float
    xlabel_height: float
    width: float
    height: float

    @property
    def xlabel_extent(self) -> float:
        """Space one x label takes along the x axis: its width if horizontal, its line stack if vertical."""
        if self.x_rotation == 0:
            return max((text_width(label) for label in self.xlabels), default=0.0)
        return max((line_height() * len(label.split("\n")) for label in self.xlabels), default=0.0)

    @property
    def fits_page(self) -> bool:
        return self.width <= MAX_WIDTH_IN + 1e-9


def grid_layout(rows, columns, *, colorbar: bool = True, title_lines: int = 1) -> GridLayout:
    """Layout of a heatmap with these row and column labels (see :class:`GridLayout`)."""
    ylabels = [wrap(r) for r in rows]
    ylabel_width = max((text_width(label) for label in ylabels), default=0.0) + 0.15
    cell_height = max(
        MIN_CELL_IN * 0.9,
        line_height() * max((len(label.split("\n")) for label in ylabels), default=1) + 0.08,
    )
    fixed = ylabel_width + (CBAR_IN if colorbar else 0.2)
    n = max(len(columns), 1)
    xlabels = [wrap(c, X_WRAP) for c in columns]
    cell_width = max(MIN_CELL_IN, max((text_width(label) for label in xlabels), default=0.0) + CELL_PAD_IN)
    rotation = 0
    if fixed + n * cell_width > MAX_WIDTH_IN:
        for width in X_WRAPS_VERTICAL:
            xlabels = [wrap(c, width) for c in columns]
            if max((text_width(label) for label in xlabels), default=0.0) <= MAX_XLABEL_HEIGHT_IN:
                break
        rotation = 90
        cell_width = max(
            MIN_CELL_IN,
            line_height() * max((len(label.split("\n")) for label in xlabels), default=1) + CELL_PAD_IN,
        )
    if rotation == 0:
        xlabel_height = line_height() * max((len(label.split("\n")) for label in xlabels), default=1) + 0.1
    else:
        xlabel_height = max((text_width(label) for label in xlabels), default=0.0) + 0.1
    width = fixed + n * cell_width
    height = 0.35 * title_lines + 0.2 + max(len(rows), 1) * cell_height + xlabel_height
    return GridLayout(
        xlabels, ylabels, rotation, cell_width, cell_height, ylabel_width, xlabel_height, width, height
    )


def max_columns(rows, *, colorbar: bool = True) -> int:
    """How many columns of vertical labels fit the page beside these row labels; more must be aggregated
    first."""
    ylabel_width = max((text_width(wrap(r)) for r in rows), default=0.0) + 0.15
    return max(1, int((MAX_WIDTH_IN - ylabel_width - (CBAR_IN if colorbar else 0.2)) // MIN_CELL_IN))


def _integer_ticks(cbar, limit: float, signed: bool) -> None:
    """Colour-bar ticks at whole numbers only: counts are never 0.5 or −1.5."""
    from matplotlib.ticker import MaxNLocator

    low = -limit if signed else 0
    cbar.set_ticks(
        [v for v in MaxNLocator(nbins=8, integer=True).tick_values(low, limit) if low <= v <= limit]
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
):
    """Annotated heatmap of a row × column matrix laid out by :func:`grid_layout`.

    ``scale`` "count" (the default): whole-number colour-bar ticks, diverging
    colours centred on 0 when ``signed``. "share": shares of studies (0–1) on a
    percent colour bar. "unit": values in 0–1 such as a similarity.
    ``annotations`` (e.g. "3/8") are written in the cells instead of the values.
    """
    sns, plt = styled_seaborn(), _pyplot()
    layout = grid_layout(
        list(matrix.index), list(matrix.columns), title_lines=len(wrap(title, 80).split("\n"))
    )
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
    cax = fig.add_axes(
        [
            (left + body_w + 0.2) / layout.width,
            bottom / layout.height,
            0.18 / layout.width,
            min(body_h, 3.0) / layout.height,
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
        cbar_kws={"label": cbar_label},
        **kwargs,
    )
    cbar = ax.collections[0].colorbar
    if scale in ("share", "unit"):
        from matplotlib.ticker import PercentFormatter

        cbar.set_ticks([0, 0.25, 0.5, 0.75, 1.0])
        if scale == "share":
            cbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    else:
        _integer_ticks(cbar, limit, signed)
    ax.set_title(wrap(title, 80), loc="left")
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


def ordered_similarity(similarity: pd.DataFrame, *, title: str, cbar_label: str):
    """Similarity heatmap, rows and columns in the order given (the caller orders studies by clustering)."""
    fig = heatmap(
        similarity.round(2),
        title=title,
        xlabel="",
        ylabel="",
        cbar_label=cbar_label,
        scale="unit",
        annotations=similarity.map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
    )
    return fig


def barh(counts: pd.Series, *, title: str, xlabel: str):
    """Horizontal bar chart of counts, largest first."""
    sns, plt = styled_seaborn(), _pyplot()
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
            ax.bar_label(container, fmt="%g", padding=3)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of findings are whole numbers
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    sns.despine(ax=ax)
    return fig
