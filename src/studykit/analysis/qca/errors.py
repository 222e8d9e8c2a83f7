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


def limit_message(exc: QCALimitError, lang: str = "en") -> str:
    """One line for the command line, in ``lang``: what was cut short, that nothing was written, how to go
    further."""
    from ...corpus.messages import t

    if exc.cap == "memory":
        return t("qca_text.out_of_memory", lang, error=exc)
    option = CAP_OPTIONS.get(exc.cap)
    if option is None or exc.limit != exc.limit:  # unknown cap or limit (NaN)
        return str(exc)
    what = t(f"qca_text.limit.{exc.cap}", lang, limit=exc.limit)
    if exc.stage:
        what += f" ({exc.stage})"
    limit, higher = f"{exc.limit:g}", f"{exc.limit * 2:g}"
    return t("qca_text.stopped", lang, option=option, limit=limit, what=what, higher=higher)
