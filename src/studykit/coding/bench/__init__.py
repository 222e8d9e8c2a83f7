"""The coding workbench: review suggestions, code spans and fill a study's metadata in JupyterLab.

``studykit.coding.workbench("ID")`` (or ``notebooks/0-code-a-study.ipynb``) opens it (this sub-package is
``bench``, so that ``studykit.coding.workbench`` stays that function). The logic is in :mod:`.session`
(suggestions, decisions on findings) and :mod:`.save` (the check, conflict and all-or-nothing rules of Save)
over the rows of :mod:`.item` (listed in text order, rejected ones hidden or not, a quote moved:
:mod:`.rows`; reloaded keeping the unsaved changes: :mod:`.rebase`), :mod:`.memo` (the study's,
findings' and themes' memos), :mod:`.fields` (the form from the schema) and :mod:`.decisions` (the
audit log); :mod:`.widget`, :mod:`.source_view`, :mod:`.editor`, :mod:`.row_tools`, :mod:`.memo_panel`
(+ :mod:`.memo_conflicts`), :mod:`.metadata_form` (+ :mod:`.bib_upload`) and :mod:`.status` only show
it (anywidget + ipywidgets).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ...corpus.problems import ProblemsError
from ...paths import resolve_data_dir
from .session import Session

# the session this process opened last for each (data directory, study): a cell run again (Run All, a
# changed `lang`) goes on with it while it holds changes no save has written, instead of dropping them
_OPENED: dict[tuple[Path, str], Session] = {}
# the workbench this process showed last for each: what its editor holds and was not applied yet is kept first
_SHOWN: dict[tuple[Path, str], Any] = {}


def workbench(
    study_id: str,
    data_dir: str | Path | None = None,
    coder: str | None = None,
    lang: str = "en",
    suggestions: bool | None = None,
):
    """The workbench widget for one study (display it in a notebook). In a notebook, a line in ``lang`` says
    what it is doing until it appears (the first run trains the suggestions' model: up to a minute).
    ``suggestions=False`` codes without suggestions (a blind coding: only the text to select from); None
    follows the data directory (a blind start made with ``second-coding --no-suggestions`` shows none).

    Opened again in the same kernel while the session opened before holds unsaved changes, it goes on with
    that session and says so (Save writes them; *Reload from disk* drops them)."""
    from ...corpus.messages import problem
    from ..intake import check_study_id
    from . import labels
    from .widget import Workbench

    lang = labels.check_lang(lang)
    where = (resolve_data_dir(data_dir), str(study_id))
    if (before := _SHOWN.pop(where, None)) is not None:
        _keep_typed(before)
    kept = _OPENED.get(where)
    if kept is not None and kept.unsaved:
        kept.lang = lang  # the notes of the suggestions it writes follow the notebook's lang
        kept.codes_now()  # the themes as the codebook has them now (a broken codebook: Save says so)
        notes = ["workbench.kept"]
        if suggestions is not None and bool(suggestions) != kept.suggestions:
            notes.append("workbench.kept_shown" if kept.suggestions else "workbench.kept_blind")  # not now
        _SHOWN[where] = Workbench(kept, lang, note=notes)
        return _SHOWN[where]
    shown = _progress(labels.t("workbench.loading", lang, study=study_id))
    if (why := check_study_id(str(study_id))) is not None:  # it names files: never a path
        raise CannotOpen(str(study_id), [problem(str(study_id), None, "study_id", why)], lang)
    try:
        session = Session(study_id, data_dir, coder, lang, suggestions)
        _OPENED[where] = session
        _SHOWN[where] = Workbench(session, lang)
        return _SHOWN[where]
    except ProblemsError as exc:  # a broken study file, codebook or log: said, never a traceback
        raise CannotOpen(study_id, exc.problems, lang) from None
    finally:
        if shown:
            from IPython.display import clear_output

            clear_output()  # the line goes; the workbench is the cell's result


def _keep_typed(shown) -> None:
    """What the editor of a workbench shown before holds for its row (a theme chosen, a summary typed, not
    applied yet) into the session, as moving on to another row keeps it: a cell run again replaces it."""
    key = shown.editor.key
    if key is not None and any(it.key == key for it in shown.session.items):
        shown.session.edit(key, **shown.editor.changes(shown.session.item(key)))


class CannotOpen(ProblemsError):
    """The workbench cannot open the study: IPython shows what is wrong and what to do, in the workbench's
    language, instead of a traceback."""

    def __init__(self, study_id: str, problems, lang: str):
        super().__init__(problems)
        self.study_id, self.lang = study_id, lang

    def _render_traceback_(self) -> list[str]:
        from . import labels

        said = labels.t("workbench.cannot_open", self.lang, study=self.study_id, n=len(self.problems))
        return [said, *(p.text(self.lang) for p in self.problems)]


def _progress(line: str) -> bool:
    """Show ``line`` in the running notebook cell (False outside a notebook kernel: nothing shown)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    from IPython.display import HTML, display

    display(HTML(f"<i>{html.escape(line)}</i>"))
    return True


__all__ = ["CannotOpen", "Session", "workbench"]
