"""The coding wing: growing the corpus (study intake, coding suggestions, QDA interchange).

May import ``studykit.corpus`` and the foundation (``paths``, ``_version``); never
analysis, reports, render or the CLI.
"""
