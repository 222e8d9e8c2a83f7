"""Where things live, found from the package's own location, never from the current directory."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
MANIFEST = PROJECT_ROOT / "reports.yaml"
SCHEMA_DIR = DATA_DIR / "schema"
# Interactive notebooks (the coding workbench): no report, no nbval baseline (pyproject's --ignore,
# `studykit baseline`).
INTERACTIVE_NOTEBOOKS = frozenset({"0-code-a-study"})
MESSAGES = (
    Path(__file__).resolve().parent / "reports" / "messages.yaml"
)  # the one catalogue of reader- and coder-facing text


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The given data directory, else ``$STUDYKIT_DATA_DIR`` (how report kernels get the render's corpus),
    else the project's ``data/``.

    Always absolute: a relative path means the current directory of the caller,
    and report kernels run in a folder of their own.
    """
    if data_dir is None:
        data_dir = os.environ.get("STUDYKIT_DATA_DIR") or DATA_DIR
    return Path(os.path.abspath(data_dir))


def reports_beside(data_dir: str | Path | None = None) -> Path:
    """Where ``studykit render`` writes the reports of ``data_dir`` (:func:`resolve_data_dir`) without
    ``--out``: beside it, as the project's ``reports/`` is beside its ``data/``. The project's ``data/`` gets
    the project's ``reports/``; another folder called ``data`` a ``reports/`` beside it (``../coder-b/data``:
    ``../coder-b/reports``); any other folder ``NAME-reports/`` beside it (``coder-b``: ``coder-b-reports``).
    Another corpus (a second coder's, a copy) never replaces the project's reports."""
    data = resolve_data_dir(data_dir)
    if data.resolve() == DATA_DIR.resolve():
        return REPORTS_DIR
    return data.parent / ("reports" if data.name == "data" else f"{data.name}-reports")


def data_option(data_dir: Path, *, from_project: bool = False) -> str:
    """`` --data DIR`` for a command printed as a next step, when ``data_dir`` is not the one a command finds
    by itself (:func:`resolve_data_dir`), else "": DIR relative to the working directory when below it.
    ``from_project``: for a command the analyst runs in a terminal at the project's root, not in this
    process (the workbench's kernel runs in a folder of its own, and its ``STUDYKIT_DATA_DIR`` may be no
    terminal's): DIR unless it is the project's ``data/``, relative to the project."""
    import shlex

    found, base = (DATA_DIR, PROJECT_ROOT) if from_project else (resolve_data_dir(None), Path.cwd())
    if Path(os.path.abspath(data_dir)) == Path(os.path.abspath(found)):
        return ""
    return f" --data {shlex.quote(named_from(data_dir, base))}"


def named_from(path: Path, base: Path = PROJECT_ROOT) -> str:
    """``path`` as a command run at ``base`` (the project's root) names it: relative below it, else as is."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(base.resolve()))
    except ValueError:
        return str(path)


def shown_path(path: Path, data_dir: Path) -> str:
    """A path as printed in messages: under the data directory's name, never absolute."""
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)


def baseline_notebooks() -> list[Path]:
    """The notebooks whose outputs are committed as the nbval baseline: every one but the interactive ones."""
    return sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if p.stem not in INTERACTIVE_NOTEBOOKS)


def project_path(path: Path) -> str:
    """A path as printed in listings and reports: relative to the project (POSIX), absolute only outside
    it."""
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def confined(relative: str) -> str | None:
    """Why the relative path ``relative`` would lead outside the folder it is written into, or None if it
    stays inside.

    Output paths come from files a user edits (``reports.yaml``, study ids): ``../x``,
    an absolute path, a NUL or an over-long name must never reach the file system.
    """
    if "\0" in relative or "\\" in relative:
        return "contains a NUL or a backslash"
    if relative.startswith("/") or posixpath.isabs(relative):
        return "is an absolute path"
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts) or posixpath.normpath(relative) != relative:
        return "must be a plain relative path (no '..', '.' or empty parts)"
    if any(len(part.encode("utf-8")) > 250 for part in parts):
        return "has a name longer than file systems allow (250 bytes)"
    return None
