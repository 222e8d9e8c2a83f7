"""The language of the command line itself: ``--help`` and click's own messages (usage errors, "Usage:",
"Options:"), in English or Bahasa Indonesia like everything a command prints.

The language is read from the raw command line before click parses it (``--lang id`` anywhere, the last one
winning, else ``$STUDYKIT_LANG``, else English), because click writes ``--help`` and refuses a bad option
before any option reaches a command.

click marks each of its messages for gettext (``_("Options")``, ``ngettext(...)``) but binds gettext's
functions into its modules at import, and GNU gettext picks its language from the environment and compiled
``.mo`` files. :func:`speaking` therefore hands click's modules a lookup into studykit's one catalogue for
the time of one command line: each ``click.*`` key holds click's English message (``en``, a test checks
it is still click's) and its Indonesian translation. English output never goes through the lookup.
"""

from __future__ import annotations

import gettext
import importlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from ..corpus.messages import LANGS, catalogue, t

ENV = "STUDYKIT_LANG"  # the language when the command line names none (also --lang's default)
LANG: ContextVar[str] = ContextVar("studykit_cli_lang", default="en")
# click's modules that mark messages for gettext and can show them to a user
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")


def argv_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for: its last valid ``--lang``, else ``$STUDYKIT_LANG``, else en."""
    chosen = None
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGS:
            chosen = value
    return chosen or default_lang(environ)


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language when the command line names none: ``$STUDYKIT_LANG`` (when en or id), else en."""
    chosen = (os.environ if environ is None else environ).get(ENV)
    return chosen if chosen in LANGS else "en"


def current() -> str:
    """The language of the command line being run (en outside one)."""
    return LANG.get()


def said(key: str) -> str:
    """The catalogue's text ``key`` in the language of the command line."""
    return t(key, current())


@lru_cache(maxsize=1)
def _click_keys() -> dict[str, str]:
    """click's English message -> its ``click.*`` key in the catalogue."""
    return {texts["en"]: key for key, texts in catalogue().items() if key.startswith("click.")}


def click_text(message: str) -> str:
    """click's ``message`` in the language of the command line (as click wrote it when not in the
    catalogue)."""
    key = _click_keys().get(message)
    return message if key is None else said(key)


def click_plural(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext``: Indonesian has one form, but each of click's two has its own key."""
    return click_text(singular if n == 1 else plural)


OURS = {"_": (gettext.gettext, click_text), "ngettext": (gettext.ngettext, click_plural)}


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Within: the command line's language is ``lang``, and click says its own messages in it."""
    token = LANG.set(lang)
    swapped = []
    if lang != "en":
        for name in CLICK_MODULES:
            module = importlib.import_module(f"click.{name}")
            for attr, (theirs, ours) in OURS.items():
                if getattr(module, attr, None) is theirs:
                    setattr(module, attr, ours)
                    swapped.append((module, attr, theirs))
    try:
        yield
    finally:
        for module, attr, theirs in reversed(swapped):
            setattr(module, attr, theirs)
        LANG.reset(token)


def help_key(command: str, param: str | None = None) -> str | None:
    """The catalogue key of a command's help (``help.<command>``) or of one of its options'
    (``help.<command>.<option>``, else the shared ``help.<option>``); None: it has none."""
    texts = catalogue()
    candidates = [f"help.{command}"] if param is None else [f"help.{command}.{param}", f"help.{param}"]
    return next((key for key in candidates if key in texts), None)
