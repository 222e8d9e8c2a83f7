"""A parameter the notebook's parameters cell no longer assigns (deleted, or renamed by a typo: ``groupby``
for ``group_by``), said as a bad parameter is, in both languages, instead of a NameError's traceback.

The first code cell of every report notebook passes its parameters to ``studykit.reports.start(...)``; a
name the parameters cell does not assign fails there, while Python evaluates the arguments, before studykit
sees them. Looking up ``studykit.reports.start`` (just before) installs a handler for NameError in the
IPython shell: a NameError of a report parameter's name raised on a line that calls ``reports.start(`` is
answered with ``parameter.unset``; any other NameError keeps IPython's own traceback. (A kernel where the
cell ran before still holds the old value: restart it to see the message.)
"""

from __future__ import annotations

import linecache
import re
import traceback
from typing import Any

_START = re.compile(r"""reports\.start\(\s*["']([^"']+)["']""")


def watch() -> None:
    """Install :func:`handler` in the running IPython shell (none outside IPython: nothing to do)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the reports
        return
    shell = get_ipython()
    if shell is not None and NameError not in shell.custom_exceptions:
        shell.set_custom_exc((NameError,), _handler)


def said(name: str, notebook: str, namespace: dict[str, Any]) -> list[str] | None:
    """The message for ``name`` not assigned in ``notebook``'s parameters cell (English, then Bahasa
    Indonesia), or None when ``name`` is no parameter of ``notebook``."""
    from ..corpus.advice import near
    from ..corpus.messages import t
    from .params import CONTRACTS

    contract = {p.name: p for p in CONTRACTS.get(notebook, [])}
    if name not in contract:
        return None
    assigned = [k for k in namespace if not k.startswith("_") and k not in contract]
    typed = near(name, assigned, n=1)
    lines = []
    for lang in ("en", "id"):
        hint = t("parameter.renamed", lang, typed=typed[0], name=name) if typed else ""
        text = t("parameter.unset", lang, name=name, default=repr(contract[name].default), hint=hint)
        lines.append(f"ParameterError: {text}")
    return lines


class UnsetParameter(NameError):
    """A report parameter its notebook's parameters cell does not assign; IPython shows the message only."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def _render_traceback_(self) -> list[str]:
        return self.lines


def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython's handler of a NameError in a cell (it shows nothing itself: what it shows goes through
    ``showtraceback``, as any error's)."""
    name = getattr(value, "name", None)
    frames = traceback.extract_tb(tb)
    line = linecache.getline(frames[-1].filename, frames[-1].lineno) if frames else ""
    match = _START.search(line)
    lines = said(name, match.group(1), shell.user_ns) if match and name else None
    if lines is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        shell.showtraceback((UnsetParameter, UnsetParameter(lines), tb))
    return []
