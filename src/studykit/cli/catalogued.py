"""studykit's commands as click sees them: their ``--help`` is read from the message catalogue when it is
written, in the language of the command line (:mod:`.language`), so each help text lives once, in English
and Bahasa Indonesia, and none in a docstring or a ``help=``.

A command's help is ``help.<command>``; an option's ``help.<command>.<option>``, else the shared
``help.<option>`` (``--data``, ``--isolation`` …); click's own ``--help`` and ``--version`` say click's
words (``click.*``). The usage line's ``[OPTIONS]`` and ``COMMAND [ARGS]...`` are ``usage.*``.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable

import click

from .language import argv_lang, click_text, default_lang, help_key, said, speaking


class Catalogued:
    """What studykit's command and group share: help, options and usage line from the catalogue."""

    name: str | None
    options_metavar: str | None

    @property
    def help(self) -> str | None:
        key = help_key(self.name or "")
        return None if key is None else said(key)

    @help.setter
    def help(self, value: str | None) -> None:
        if value is not None:  # click hands over the function's docstring: it would be a second source
            raise TypeError(
                f"studykit {self.name}: its help lives in messages.yaml (help.{self.name}), not here"
            )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            row
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and (row := self.option_record(ctx, param))
        ]
        if rows:
            with formatter.section(click_text("Options")):
                formatter.write_dl(rows)

    def option_record(self, ctx: click.Context, option: click.Option) -> tuple[str, str] | None:
        """The option's line of ``--help``, its help read now (a copy: click caches its help option)."""
        shown = copy.copy(option)
        if option is self.get_help_option(ctx):
            shown.help = said("click.show_help")
        elif (key := help_key(self.name or "", option.name)) is not None:
            shown.help = said(key)
        elif option.help is not None:  # an option click made, in its own words
            shown.help = click_text(option.help)
        if option.name == "lang":  # the default that applies now: $STUDYKIT_LANG's, else en
            shown.default, shown.show_envvar = default_lang(), True
        return shown.get_help_record(ctx)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        metavars = {
            self.options_metavar: "usage.options",
            getattr(self, "subcommand_metavar", None): "usage.command",
        }
        return [said(metavars[piece]) if piece in metavars else piece for piece in pieces]


# commands a user looks for that studykit does under another name: the catalogue's cli.elsewhere.<where>
ELSEWHERE = {
    **dict.fromkeys(("codebook", "code-book"), "codebook"),
    **dict.fromkeys(("memo", "memos"), "memos"),
    **dict.fromkeys(("lab", "workbench", "code", "jupyter"), "workbench"),
    **dict.fromkeys(("report", "reports", "profile", "build"), "reports"),
}


class Command(Catalogued, click.Command):
    """A studykit command (``@command()``): help in the catalogue, in the command line's language."""


class Group(Catalogued, click.Group):
    """The ``studykit`` group: its help in the catalogue too, and the language of the whole command line set
    before click reads it (``--help`` and usage errors come before any option reaches a command)."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """click's, but a command a user looks for under another name (``studykit codebook``, ``memos``,
        ``lab``) is told where that is done instead of only *No such command*."""
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and (where := ELSEWHERE.get(name.lower())):
            ctx.fail(said(f"cli.elsewhere.{where}").format(name=name))
        return super().resolve_command(ctx, args)

    def main(self, args=None, *rest, **extra):
        argv = sys.argv[1:] if args is None else list(args)
        with speaking(argv_lang(argv)):
            return super().main(args, *rest, **extra)


def command(name: str | None = None) -> Callable:
    """``@click.command`` for studykit: the function's name (or ``name``), its help in the catalogue."""
    return click.command(name, cls=Command)
