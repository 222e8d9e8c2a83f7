"""A report whose kernel died or hung fails like a report whose cell raised.

Why. papermill handles a cell error itself: it marks the executed notebook (a banner at
the top, an anchor before the cell), writes it and raises ``PapermillExecutionError``
with the cell's number, error name and value, which is what the summary line and the
error notebook in ``reports/_failed/`` show. A kernel that dies under a cell (a
segfault, ``os._exit``, a kill) or a cell that runs past the timeout makes nbclient raise
``DeadKernelError`` or ``CellTimeoutError`` out of papermill instead, before papermill
writes anything: the summary had no cell ("before any cell ran") and no error notebook.

:class:`Watch` holds the notebook papermill executes and the cell it is running
(nbclient's ``on_notebook_start`` and ``on_cell_execute`` hooks, passed through
papermill). :func:`as_cell_error` puts the error on that cell as an error output and
hands the notebook to papermill's own ``raise_for_execution_errors``, so from there on
it is a cell error like any other.
"""

from __future__ import annotations

from typing import Any


class Watch:
    """The notebook being executed and the index of the code cell sent to the kernel last."""

    def __init__(self) -> None:
        self.nb: Any = None
        self.cell_index: int | None = None

    def hooks(self) -> dict[str, Any]:
        """nbclient hooks, as keyword arguments of ``papermill.execute_notebook``."""
        return {"on_notebook_start": self._started, "on_cell_execute": self._executing}

    def _started(self, notebook: Any) -> None:
        self.nb = notebook

    def _executing(self, cell: Any, cell_index: int) -> None:
        self.cell_index = cell_index


def as_cell_error(watch: Watch, exc: Exception, output_path: str) -> Exception:
    """The error to report for ``exc``: papermill's cell error at the running cell (the marked notebook
    written to
    ``output_path``), or ``exc`` itself when no cell was running (the kernel did not start) or papermill
    raised it."""
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    if isinstance(exc, PapermillExecutionError) or watch.nb is None or watch.cell_index is None:
        return exc
    import nbformat

    cell = watch.nb.cells[watch.cell_index]
    if (
        cell.get("execution_count") is None
    ):  # the kernel died before it announced the cell: the number it would have had
        before = [
            c.get("execution_count") or 0 for c in watch.nb.cells[: watch.cell_index] if c.cell_type == "code"
        ]
        cell.execution_count = max(before, default=0) + 1
    ename, evalue = type(exc).__name__, (str(exc).splitlines() or [""])[0]
    cell.setdefault("outputs", []).append(
        nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])
    )
    try:
        raise_for_execution_errors(watch.nb, output_path)
    except PapermillExecutionError as error:
        return error
    return exc
