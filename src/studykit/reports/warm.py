"""What every report computes on first use, the same for all of them, done once ahead of time.

The render's fork server (``render/forkserver.py``) calls :func:`first_use` after its imports,
so the report kernels it forks find these ready instead of each paying for them again
(≈ 0.1 CPU-s per report, benchmarks/README.md). Only process-wide caches are filled: the
message catalogue, the fonts and font objects of the Agg renderer, the PNG encoder. Nothing a report
can observe changes: matplotlib's rcParams, pyplot's figures and the studykit figure style are left as
they were (``tests/unit/test_plots.py`` checks), so a forked kernel still renders byte-identical reports
to a fresh one (``tests/integration/test_site.py``).
"""

from __future__ import annotations


def first_use() -> None:
    """Fill the process-wide caches a report's first table and figure would fill."""
    import matplotlib as mpl
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from . import i18n, plots

    i18n.catalogue()
    with (
        mpl.rc_context()
    ):  # the report's own style is set by its first figure, after the kernel's inline backend
        plots.apply_style()  # the fonts and sizes reports use
        fig = Figure(figsize=(2, 2))
        FigureCanvasAgg(fig)  # not pyplot's: no figure number or manager is created
        ax = fig.add_subplot()
        mesh = ax.pcolormesh(np.arange(4.0).reshape(2, 2), cmap=plots.DIVERGING)
        fig.colorbar(mesh, ax=ax, label="n")
        ax.set_title("Aa", loc="left")  # the bold title font
        ax.text(0.5, 0.5, "1 / 2")
        plots.encode_png(fig)
