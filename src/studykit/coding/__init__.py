"""The coding wing: growing the corpus (study intake, coding suggestions, QDA interchange).

May import ``studykit.corpus`` and the foundation (``paths``, ``_version``); never
analysis, reports, render or the CLI.
"""


def workbench(study_id: str, data_dir=None, coder: str | None = None, lang: str = "en"):
    """The coding workbench for one study, to display in JupyterLab (see :mod:`studykit.coding.bench`)."""
    from .bench import workbench as build

    return build(study_id, data_dir, coder, lang)
