"""What every command prints the same way: problems (then exit 1), JSON, and paths relative to where the
user stands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click


def say(key: str, lang: str = "en", **values) -> str:
    """The catalogue's text ``key`` in ``lang`` (``--lang``): what a command prints for a person."""
    from ..corpus.messages import t

    return t(key, lang, **values)


def exit_with_problems(problems, what: str, lang: str = "en") -> NoReturn:
    """Print each problem (file:line: field: what to do) on stderr in ``lang``, then their count and what
    follows (``what``: a ``cli.what.*`` key of the catalogue), and exit 1."""
    for problem in problems:
        click.echo(problem.text(lang), err=True)
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


def echo_json(value) -> None:
    """``value`` as indented JSON, non-ASCII text as written."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=1))


def display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
