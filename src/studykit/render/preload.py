"""What the fork server imports and computes once, before it forks a kernel per report.

Everything a kernel would import before and during a report, in the order a report imports it, and what
every report computes identically on first use (``reports/warm.py``); why exactly this, and what must not
be done before a fork, is in the design notes of :mod:`.forkserver`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

# imported once in the zygote: what every report kernel would import, in the order a report imports it
WARM = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "seaborn",
    "scipy.stats",
    "studykit.reports.report",
    "studykit.reports.views",
    # what IPKernelApp.initialize() and a report's first table and figure import (measured: 0.2-0.4 CPU-s
    # per kernel when left to the child): the debugger (debugpy), IPython's extensions and pdb, tornado's
    # queues, pandas' Styler (jinja2), the Agg canvas and PIL's image plugins
    "ipykernel.debugger",
    "ipykernel.zmqshell",
    "IPython.extensions.storemagic",
    "pdb",
    "sqlite3",
    "tornado.queues",
    "tornado.platform.asyncio",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "pandas.io.formats.style",
    "pandas.io.formats.string",
    "pandas.core.reshape.reshape",
    "pandas.core.methods.to_dict",
    "matplotlib.backends.backend_agg",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.PpmImagePlugin",
    "PIL.PngImagePlugin",
)
WARM_PACKAGES = (
    "studykit.reports.views",
    "studykit.analysis",
)  # every module in them: each report imports some of them


def import_libraries(after_each: Callable[[], None]) -> None:
    """Import every module of ``WARM`` (calling ``after_each`` after each), every module of ``WARM_PACKAGES``,
    then load what each report's first use would load (fonts, templates)."""
    for name in WARM:
        importlib.import_module(name)
        after_each()
    for package in WARM_PACKAGES:
        for module in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}."):
            importlib.import_module(module.name)
    importlib.import_module(
        "studykit.reports.warm"
    ).first_use()  # fonts, templates: what each report's first use would load
