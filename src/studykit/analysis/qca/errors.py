"""Exceptions raised by the QCA library."""

from __future__ import annotations


class QCAError(ValueError):
    """Bad input: non-numeric or out-of-range memberships, unknown column, nothing to minimise."""


class QCALimitError(RuntimeError):
    """A configured cap (prime implicants, models, seconds) was exceeded.

    Raised instead of returning a partial answer; ``cap`` names the cap, ``limit`` its value
    and ``value`` what was reached.
    """

    def __init__(self, message: str, *, cap: str, limit: float, value: float | None = None) -> None:
        super().__init__(message)
        self.cap = cap
        self.limit = limit
        self.value = value
