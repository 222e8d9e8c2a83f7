"""The grammar every command shares, defined once: ``--data DIR``, ``--out PATH``, ``--format text|json|csv``,
the old positional forms kept as deprecated aliases, and the options several commands take alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data directory (default: $STUDYKIT_DATA_DIR, else the project's data/).",
)


def out_option(dest: str, help: str, required: bool = False) -> Callable:
    """``--out PATH``: where a command writes (a directory or a file; ``dest`` names the parameter)."""
    return click.option(
        "--out", dest, type=click.Path(path_type=Path), default=None, required=required, help=help
    )


def file_option(*decls: str, help: str) -> Callable:
    """An option naming one file (not a directory) that a command reads or writes."""
    return click.option(*decls, type=click.Path(path_type=Path, dir_okay=False), default=None, help=help)


class DeprecatedArgument(click.Argument):
    """A positional form kept for a release as an alias of an option; left out of the usage line."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def positional_alias(name: str) -> Callable:
    """The old positional form of an option (``validate DIR`` for ``validate --data DIR``)."""
    return click.argument(name, required=False, cls=DeprecatedArgument, type=click.Path(path_type=Path))


def aliased(
    option: Path | None, positional: Path | None, flag: str, command: str, lang: str = "en"
) -> Path | None:
    """The option's value, or the deprecated positional one (with a note, in ``lang``, saying how to write it
    now)."""
    from .output import say

    if positional is None:
        return option
    if option is not None and option != positional:
        raise click.UsageError(say("cli.give_once", lang, flag=flag, option=option, positional=positional))
    click.echo(say("cli.deprecated", lang, command=command, flag=flag, positional=positional), err=True)
    return positional


class FormatChoice(click.Choice):
    """The output formats of a command; the human one is called ``text`` (``table`` still accepted for a
    release)."""

    def convert(self, value, param, ctx):
        if value == "table" and "text" in self.choices:
            click.echo("note: --format table is deprecated; write --format text", err=True)
            return "text"
        return super().convert(value, param, ctx)


def format_option(*choices: str, help: str = "Output format.") -> Callable:
    """``--format``: ``text`` (the default) and the machine formats ``choices`` (``json``, ``csv``)."""
    return click.option(
        "--format", "fmt", type=FormatChoice(["text", *choices]), default="text", show_default=True, help=help
    )


ISOLATION = click.option(
    "--isolation",
    type=click.Choice(["fork", "kernel"]),
    default="fork",
    show_default=True,
    help="How each report gets its own kernel: fork = forked from a warm fork server that imported the "
    "libraries once; "
    "kernel = a fresh kernel process (slower; also used wherever fork is unavailable).",
)


def lang_option(help: str) -> Callable:
    """``--lang en|id``: the language of what a command writes for a reader."""
    return click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True, help=help)


def overlap_option(help: str) -> Callable:
    """``--overlap``: the share of the shorter quote two findings' quotes must share to match."""
    return click.option(
        "--overlap",
        type=click.FloatRange(min=0, max=1, min_open=True),
        default=0.5,
        show_default=True,
        help=help,
    )


def coding_arguments(**path_options) -> Callable:
    """The two codings ``A`` and ``B`` a comparison reads (data directories, or study files)."""

    def decorate(command: Callable) -> Callable:
        for name in ("coding_b", "coding_a"):  # innermost first: A comes first on the command line
            metavar = name[-1].upper()
            command = click.argument(name, metavar=metavar, type=click.Path(path_type=Path, **path_options))(
                command
            )
        return command

    return decorate


def stop_option(flag: str, type: click.ParamType, default: float, when: str) -> Callable:
    """A limit that stops a long computation before it writes anything (``--max-seconds`` …)."""
    return click.option(
        flag, type=type, default=default, show_default=True, help=f"Stop (and write nothing) when {when}."
    )
