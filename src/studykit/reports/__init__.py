"""The reports wing: what a reader sees.

``report`` (the Report a notebook holds, started by :func:`start`), parameter contracts
(``params``), bilingual messages (``i18n`` + ``messages.yaml``), figure style (``plots``),
the one table type (``table``, made by ``Report.table``) and one module of report sections
per notebook (``views``). May import ``analysis``,
``corpus`` and the foundation; never ``render`` or the CLI.
"""


def __getattr__(name):
    if name == "start":  # lazy: the render planner imports i18n/params without pandas
        from .report import start
        from .unset import watch

        watch()  # a parameter the parameters cell no longer assigns is said, not a NameError's traceback
        return start
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
