"""The ``studykit`` command: one entry point per task, the same one CI and the Makefile call.

This wing only parses arguments and prints: the work is done by the library wings below it, which it may
all import (``corpus``, ``analysis``, ``coding``, ``reports``, ``render``). ``options`` defines the grammar
every command shares once (``--data``, ``--out``, ``--format``); each other module holds one family of
commands, and this one gathers them into the group and runs it (``main``).
"""

from __future__ import annotations

import os
import sys

import click

from .._version import __version__
from . import analysis, coding, corpus, refi, render
from .catalogued import Group
from .language import argv_lang
from .options import lang_option, version_option
from .output import exit_with_problems, say, terminal_safe

__all__ = ["argv_lang", "cli", "exit_with_problems", "is_connection_error", "main"]


@click.group("studykit", cls=Group)
@version_option(__version__)
@lang_option()
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    # `studykit --lang id COMMAND` is `studykit COMMAND --lang id`; the help is help.studykit(.lang)
    if ctx.get_parameter_source("lang") is click.core.ParameterSource.COMMANDLINE:
        ctx.default_map = {name: {"lang": lang} for name in ctx.command.commands}


for _family in (corpus, render, coding, refi, analysis):
    for _command in _family.COMMANDS:
        cli.add_command(_command)


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM: raised past click (which would print "Aborted!") so that everything started is
    stopped and cleaned up on the way out (render workers, fork server, kernels, temporary folders)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, _frame) -> None:
    raise Interrupted(signum)


def is_connection_error(exc: OSError) -> bool:
    """An error of a connection (refused, reset, timed out, an unknown host), not of a file."""
    import socket

    return exc.filename is None and isinstance(exc, ConnectionError | TimeoutError | socket.gaierror)


def _written(filename) -> str:
    """The file an OSError names, as the user knows it: the output a temporary file of a writer stands for
    (``.x.docx.123-0a1b2c3d.tmp``: ``x.docx``), control characters and line breaks shown, not sent."""
    from pathlib import Path

    from ..files import STRAY

    path = Path(os.fsdecode(filename) if isinstance(filename, (str, bytes, os.PathLike)) else str(filename))
    found = STRAY.fullmatch(path.name)
    return terminal_safe(str(path.with_name(found["name"]) if found else path), one_line=True)


def utf8_output() -> None:
    """What studykit prints is UTF-8 whatever the locale says, like every file it writes: the same bytes
    everywhere, and no internal error where the locale's code page cannot write a quote's “ or a − (glibc's
    ``id_ID`` and ``tr_TR`` are ISO-8859; click itself corrects only an ASCII stream)."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and codecs.lookup(encoding).name != "utf-8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def main() -> None:
    """Run the CLI; an unexpected error is one line, not a traceback (STUDYKIT_DEBUG=1 shows it), in the
    command's ``--lang``."""
    import signal

    utf8_output()
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    from ..corpus.messages import catalogue

    catalogue()  # read now: out of memory later, there would be no memory left to read what to say
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Interrupted as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        how = "cli.interrupted" if exc.signum == signal.SIGINT else "cli.terminated"
        click.echo(say("cli.stopped", argv_lang(sys.argv), how=say(how, argv_lang(sys.argv))), err=True)
        sys.exit(128 + exc.signum)
    except OSError as exc:
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        where = f"{_written(exc.filename)}: " if exc.filename else ""
        # a connection refused, timed out or to an unknown host is no file's: its advice is the network's
        key = "cli.network_error" if is_connection_error(exc) else "cli.os_error"
        click.echo(say(key, argv_lang(sys.argv), where=where, error=exc.strerror or exc), err=True)
        sys.exit(1)
    except MemoryError:
        click.echo(say("cli.out_of_memory", argv_lang(sys.argv)), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - last line of defence for users
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        kind = type(exc).__name__
        click.echo(say("cli.internal_error", argv_lang(sys.argv), kind=kind, error=exc), err=True)
        sys.exit(2)
