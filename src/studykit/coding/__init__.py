"""The coding wing: growing the corpus (study intake, coding suggestions, QDA interchange).

May import ``studykit.corpus`` and the foundation (``paths``, ``_version``); never
analysis, reports, render or the CLI.
"""


def workbench(
    study_id: str, data_dir=None, coder: str | None = None, lang: str = "en", suggestions: bool | None = None
):
    """The coding workbench for one study, to display in JupyterLab (see :mod:`studykit.coding.bench`);
    ``suggestions=False``: a blind coding, no suggestion shown (None: as the data directory says)."""
    from .bench import workbench as build

    return build(study_id, data_dir, coder, lang, suggestions)
