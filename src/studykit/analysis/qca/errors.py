"""Exceptions raised by the QCA library."""

from __future__ import annotations

import functools


class QCAError(ValueError):
    """Bad input: non-numeric or out-of-range memberships, unknown column, nothing to minimise."""


class QCALimitError(RuntimeError):
    """A configured cap (prime implicants, models, seconds) was exceeded, or memory ran out
    (``cap="memory"``).

    Raised instead of returning a partial answer; ``cap`` names the cap, ``limit`` its value
    and ``value`` what was reached.
    """

    def __init__(
        self, message: str, *, cap: str, limit: float, value: float | None = None, stage: str | None = None
    ) -> None:
        super().__init__(message)
        self.cap = cap
        self.limit = limit
        self.value = value
        self.stage = stage  # what was running when the cap was hit


def memory_guard(what: str):
    """Turn a ``MemoryError`` inside the decorated function into a :class:`QCALimitError` (``cap="memory"``).

    Running out of memory is a limit of the machine, not a bug: the caller gets one clear
    exception saying what ran out, and the half-built arrays are freed when it is handled.
    """

    def wrap(func):
        @functools.wraps(func)
        def guarded(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except MemoryError:
                pass  # leave the except block first: the failed frames and their arrays go
            raise QCALimitError(f"ran out of memory while {what}", cap="memory", limit=float("nan"))

        return guarded

    return wrap


# what the command line calls each cap (``studykit qca --max-models`` ...)
CAP_OPTIONS = {
    "max_models": "--max-models",
    "max_seconds": "--max-seconds",
    "max_prime_implicants": "--max-prime-implicants",
}


def limit_message(exc: QCALimitError) -> str:
    """One line for the command line: what was cut short, that nothing was written, how to go further."""
    if exc.cap == "memory":
        return (
            f"{exc}; no solution was written. Lower --max-models or --max-prime-implicants to stop "
            "earlier, reduce the conditions, or run it on a machine with more memory"
        )
    option = CAP_OPTIONS.get(exc.cap)
    if option is None or exc.limit != exc.limit:  # unknown cap or limit (NaN)
        return str(exc)
    what = {
        "max_models": f"more than {exc.limit:,} tied minimal models",
        "max_seconds": f"the minimisation took longer than {exc.limit:g} s",
        "max_prime_implicants": f"more than {exc.limit:,} prime implicants",
    }[exc.cap]
    if exc.stage:
        what += f" ({exc.stage})"
    return (
        f"stopped at {option} {exc.limit:g}: {what}. No solution was written (it would be "
        f"incomplete); raise the limit, e.g. {option} {exc.limit * 2:g}, or reduce the conditions"
    )
