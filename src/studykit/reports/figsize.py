"""Figure size from the data, never smaller text: a heatmap's layout is computed from its labels (measured
as the Agg renderer draws them) before anything is drawn."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .figure import DPI, styled_seaborn, wrap

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


def wrap_to(text: str, width_in: float, size: float | None = None) -> str:
    """``text`` wrapped at word boundaries into lines at most ``width_in`` inches wide as drawn at ``size``
    points (a word longer than that keeps a line of its own): titles and colour-bar labels that must stay
    within the space the layout gives them."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def line_height(size: float | None = None) -> float:
    """Height in inches of one line of text at ``size`` points (default: the tick label size)."""
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
