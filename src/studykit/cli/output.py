"""What every command prints the same way: problems (then exit 1), JSON, and paths relative to where the
user stands."""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from ..paths import data_option


def say(key: str, lang: str = "en", **values) -> str:
    """The catalogue's text ``key`` in ``lang`` (``--lang``): what a command prints for a person."""
    from ..corpus.messages import t

    return t(key, lang, **values)


def remember_data_dir(data_dir: Path | None) -> Path | None:
    """Note ``data_dir`` as a data directory the running command reads (``--data``, its positional alias, or
    each coding a comparison reads), for :func:`shown_file`; returns it."""
    ctx = click.get_current_context(silent=True)
    if data_dir is not None and ctx is not None:
        ctx.meta.setdefault("studykit.data_dirs", []).append(Path(data_dir).absolute())
    return data_dir


def shown_file(name: str) -> str:
    """A file as the library names it, shown so that it opens from where the command was run.

    The library names a file of a data directory under the directory's name (``merged/studies/x.yaml``),
    and a file of the project relative to the project (``reports.yaml``); the command knows which data
    directories it reads (:func:`remember_data_dir`, else the default one), so it can show such a name as
    a path from the working directory (``/tmp/x/merged/studies/x.yaml``, ``coder-b/studies/x.yaml``). A
    path the user typed on the command line (a sheet, a source) is shown as typed: it opens from here.
    """
    from ..paths import PROJECT_ROOT, resolve_data_dir

    path = Path(name)
    ctx = click.get_current_context(silent=True)
    given = {str(v) for v in (ctx.params.values() if ctx is not None else ()) if isinstance(v, Path | str)}
    if not name or name in given:
        return name
    if path.is_absolute():
        return display(path)
    data_dirs = (ctx.meta.get("studykit.data_dirs") if ctx is not None else None) or [resolve_data_dir()]
    named = [d.parent / path for d in data_dirs if len(path.parts) > 1 and path.parts[0] == d.name]
    if named:  # two data directories of one name: the one that holds the file (else the first)
        return display(next((p for p in named if _exists(p)), named[0]))
    if not _exists(path) and _exists(PROJECT_ROOT / path):
        return display(PROJECT_ROOT / path)
    return name


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a name no file system takes (too long, a NUL) is no file."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def problem_text(problem, lang: str = "en") -> str:
    """``problem.text(lang)`` with its file shown from the working directory (:func:`shown_file`), on one
    line and with no control character sent to the terminal (a file named with an ESC or a line break in the
    data directory is shown as ``\\x1b``, ``\\x0a``)."""
    from dataclasses import replace

    return terminal_safe(replace(problem, file=shown_file(problem.file)).text(lang), one_line=True)


class Bounded:
    """Problems listed at most a few of each sort (:meth:`~studykit.corpus.problems.Problem.sort_of`;
    ``STUDYKIT_MAX_PROBLEMS_SHOWN``, 0: all), as printed (:func:`problem_text`), in their order: after the
    last one shown of a sort, how many more there are and how to see them all. ``problems``: all that will
    be listed, in one call of :meth:`lines` or in several (the gaps of each draft in turn). A corpus broken
    the same way in 500 studies is a screen, not thousands of lines."""

    def __init__(self, problems):
        from ..limits import PROBLEMS_SHOWN

        self.cap, self.variable = PROBLEMS_SHOWN.value, PROBLEMS_SHOWN.variable
        self.total = Counter(p.sort_of() for p in problems)
        self.shown: Counter = Counter()

    def lines(self, problems, lang: str = "en") -> Iterator[str]:
        for problem in problems:
            sort = problem.sort_of()
            self.shown[sort] += 1
            if self.cap and self.shown[sort] > self.cap:
                continue
            yield problem_text(problem, lang)
            if self.cap and self.shown[sort] == self.cap and self.total[sort] > self.cap:
                yield say("cli.more_alike", lang, n=self.total[sort] - self.cap, variable=self.variable)


def bounded_drafts(drafts, lang: str = "en") -> tuple[list, str]:
    """The drafts ``validate`` lists one by one (as many as :class:`Bounded` shows of a sort), and for the
    rest a line with their count and what they need in all (empty when none is left)."""
    from ..corpus.drafts import needs
    from ..corpus.numbers import number
    from ..limits import PROBLEMS_SHOWN

    cap = PROBLEMS_SHOWN.value
    if not cap or len(drafts) <= cap:
        return list(drafts), ""
    rest = drafts[cap:]
    more = say(
        "cli.more_drafts",
        lang,
        n=number(len(rest), lang),
        needs=needs(rest, lang),
        variable=PROBLEMS_SHOWN.variable,
    )
    return list(drafts[:cap]), more


def problem_lines(problems, lang: str = "en") -> Iterator[str]:
    """``problems`` as printed, a few of each sort (:class:`Bounded`)."""
    problems = list(problems)
    return Bounded(problems).lines(problems, lang)


def exit_with_problems(problems, what: str, lang: str = "en") -> NoReturn:
    """Print the problems (file:line: field: what to do; a few of each sort: :func:`problem_lines`) on
    stderr in ``lang``, then their count (all of them) and what follows (``what``: a ``cli.what.*`` key of
    the catalogue), and exit 1."""
    for line in problem_lines(problems, lang):
        click.echo(line, err=True)
    click.echo(say("cli.problems", lang, n=len(problems), what=say(what, lang)), err=True)
    sys.exit(1)


@contextmanager
def problems_exit(what: str, lang: str = "en") -> Iterator[None]:
    """A ``ProblemsError`` raised inside ends the command with :func:`exit_with_problems`."""
    from ..corpus.problems import ProblemsError

    try:
        yield
    except ProblemsError as exc:
        exit_with_problems(exc.problems, what, lang)


def load_or_exit(data_dir, lang: str = "en"):
    """The valid corpus of ``data_dir``, or its problems (in ``lang``) and exit 1."""
    from ..corpus.load import validate_corpus  # lazy: pandas is not needed to plan or to skip a render

    corpus, problems = validate_corpus(data_dir)
    if corpus is None:
        exit_with_problems(problems, "cli.what.corpus_invalid", lang)
    return corpus


_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
_LINE_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # a problem is one line: all but tab


def terminal_safe(text: str, one_line: bool = False) -> str:
    """``text`` for the terminal: control characters from data (an ESC in a case name) shown as ``\\x1b``,
    never sent to the terminal to act on; with ``one_line``, line breaks too (``\\x0a``)."""
    pattern = _LINE_CONTROL if one_line else _TERMINAL_CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def echo_json(value) -> None:
    """``value`` as indented JSON, non-ASCII text as written."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=1))


def data_flag(data_dir: Path | None) -> str:
    """`` --data DIR`` for the commands a command prints as next steps, when it was given one that a command
    would not find by itself ("" else): the one rule, :func:`studykit.paths.data_option`."""
    return data_option(Path(data_dir)) if data_dir else ""


def display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given. A link is named as
    itself, not as where it leads (a problem about the link names the link)."""
    try:  # absolute without following links: a link, or a file in a linked folder, is named as given
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
