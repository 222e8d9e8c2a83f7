"""The coding workbench: review suggestions, code spans and fill a study's metadata in JupyterLab.

``studykit.coding.workbench("ID")`` (or ``notebooks/0-code-a-study.ipynb``) opens it (this
sub-package is ``bench``, so that ``studykit.coding.workbench`` stays that function). The
logic is in :mod:`.session` (span snapping, suggestions, decisions, save and conflict rules)
over the rows of :mod:`.item`, :mod:`.fields` (the form from the schema) and
:mod:`.decisions` (the audit log); :mod:`.widget`, :mod:`.source_view`, :mod:`.editor` and
:mod:`.metadata_form` only show it (anywidget + ipywidgets).
"""

from __future__ import annotations

from pathlib import Path

from .session import Session


def workbench(study_id: str, data_dir: str | Path | None = None, coder: str | None = None, lang: str = "en"):
    """The workbench widget for one study (display it in a notebook)."""
    from .widget import Workbench

    return Workbench(Session(study_id, data_dir, coder), lang)


__all__ = ["Session", "workbench"]
