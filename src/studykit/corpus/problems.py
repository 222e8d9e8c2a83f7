"""Validation problems: where (file, line, field) and what to do about it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..limits import Cap


class Said(NamedTuple):
    """A text of the message catalogue not yet put in a language: its key and values (a value may be a
    ``Said`` itself); :func:`studykit.corpus.messages.t` states it."""

    key: str
    values: dict[str, Any]


class Both(NamedTuple):
    """A text already stated in each language (a library's or another function's words, ``en`` and ``id``):
    :func:`studykit.corpus.messages.t` takes the one of its language, as it states a :class:`Said`."""

    en: str
    id: str


def over_cap(cap: Cap, what: str, **values: Any) -> Said:
    """``problem.cap``: input over ``cap`` (:mod:`studykit.limits`); ``what`` (a key, with ``values``) says
    what was too large. Its English is ``cap.exceeded(...)``'s."""
    unit = Said(f"cap.{cap.name}", {})
    limits = {"limit": cap.value, "variable": cap.variable, "example": cap.value * 4}
    return Said("problem.cap", {"what": Said(what, values), "unit": unit, **limits})


_ITEM = re.compile(r"(?<=\.)\d+(?=\.|$)|(?<=/)[^./]+")  # a field's item: its index, or an element's id


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, printed as ``file:line: field: message``.

    ``message`` is English; ``translations`` holds the same advice in the other languages (``(("id",
    text),)``), set when the problem is stated from the message catalogue
    (:func:`studykit.corpus.messages.problem`), so that it can be printed in the language of the person
    fixing the file (:meth:`text`).

    ``finding_id``: the id of the finding a problem of a study file concerns (``field`` stays its position,
    ``findings.3.summary_en``, and ``message`` its advice); :meth:`text` names the finding before the
    message in each language (``findings.3.summary_en: finding jambi-bantar-04: …``), as ``named`` holds it
    (:func:`studykit.corpus.messages.naming_finding`).

    ``kind``: what sort of problem it is, for a listing that shows a few of each (:meth:`sort_of`): the
    catalogue key it was stated by, or the schema's error type at its field.
    """

    file: str
    line: int | None
    field: str
    message: str
    translations: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    finding_id: str | None = field(default=None, compare=False)
    named: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)  # lang -> "finding X"
    kind: str | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.text("en")

    def sort_of(self) -> tuple[str, str]:
        """Problems alike: the same ``kind`` (else the same message) at the same field, whatever the item
        (``findings.3.quote`` and ``findings.7.quote`` are one field, as are ``PlainTextSelection/GUID``s)
        and whatever the file."""
        return _ITEM.sub("*", self.field), self.kind or self.message

    def text(self, lang: str = "en") -> str:
        """``file:line: field: message`` in ``lang`` (English where no translation was stated)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = self.message if lang == "en" else dict(self.translations).get(lang, self.message)
        named = dict(self.named).get(lang)
        return f"{where}: {self.field}: {named}: {message}" if named else f"{where}: {self.field}: {message}"


class ProblemsError(Exception):
    """Input that cannot be used, with every problem found (file, line, field, what to do).

    The one error type for bad input: the CLI prints ``problems`` one per line and exits 1
    (never a traceback). The wings raise subclasses that say which stage refused the input.
    """

    def __init__(self, problems: Iterable[Problem], message: str | None = None):
        self.problems = list(problems)
        super().__init__(message if message is not None else "\n".join(str(p) for p in self.problems))


class ProblemError(ProblemsError):
    """Raised by a reader for a file that cannot be read at all: one problem."""

    def __init__(self, problem: Problem):
        super().__init__([problem], str(problem))
        self.problem = problem


class CorpusError(ProblemsError):
    """The corpus is invalid; ``problems`` lists every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]):
        ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, p.message))
        lines = "\n".join(str(p) for p in ordered[:20])
        more = f"\n… and {len(ordered) - 20} more" if len(ordered) > 20 else ""
        super().__init__(ordered, f"{len(ordered)} problem(s) in the corpus:\n{lines}{more}")
