"""The grammar every command shares, defined once: ``--data DIR``, ``--out PATH``, ``--format text|json|csv``,
the old positional forms kept as deprecated aliases, and the options several commands take alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..corpus.messages import LANGS
from .language import ENV, current, said
from .output import remember_data_dir, say

DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    callback=lambda _ctx, _param, value: remember_data_dir(value),
)


def out_option(dest: str, required: bool = False) -> Callable:
    """``--out PATH``: where a command writes (a directory or a file; ``dest`` names the parameter)."""
    return click.option("--out", dest, type=click.Path(path_type=Path), default=None, required=required)


def file_option(*decls: str) -> Callable:
    """An option naming one file (not a directory) that a command reads or writes."""
    return click.option(*decls, type=click.Path(path_type=Path, dir_okay=False), default=None)


KIND_OF_OUT = (
    ""  # the value of an option such as ``export --codebook`` given alone: the kind of file --out is
)


def kind_option(*decls: str) -> Callable:
    """A flag saying what kind of file ``--out`` is (``export --codebook --out FILE.docx``), which took the
    file itself before (``--codebook FILE``): that form still works, as a deprecated alias
    (:func:`aliased_value`)."""
    return click.option(
        *decls, is_flag=False, flag_value=KIND_OF_OUT, default=None, type=click.STRING, metavar=""
    )


def aliased_value(
    out: Path | None, value: str | None, flag: str, command: str, lang: str = "en"
) -> Path | None:
    """``--out``, or the file a :func:`kind_option` was given the old way (with a note, in ``lang``, saying
    how to write it now); None when the flag was not given at all."""
    if value is None or value == KIND_OF_OUT:
        return out if value is not None else None
    old = Path(value)
    if out is not None and out != old:
        raise click.UsageError(
            say("cli.give_once", lang, flag="--out", option=out, positional=f"{flag} {old}")
        )
    click.echo(say("cli.deprecated_value", lang, command=command, flag=flag, value=old), err=True)
    return old


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
    if positional is None:
        return option
    if option is not None and option != positional:
        raise click.UsageError(say("cli.give_once", lang, flag=flag, option=option, positional=positional))
    click.echo(say("cli.deprecated", lang, command=command, flag=flag, positional=positional), err=True)
    return remember_data_dir(positional) if flag == "--data" else positional


class FormatChoice(click.Choice):
    """The output formats of a command; the human one is called ``text`` (``table`` still accepted for a
    release)."""

    def convert(self, value, param, ctx):
        if value == "table" and "text" in self.choices:
            click.echo(said("cli.format_table"), err=True)
            return "text"
        return super().convert(value, param, ctx)


def format_option(*choices: str) -> Callable:
    """``--format``: ``text`` (the default) and the machine formats ``choices`` (``json``, ``csv``)."""
    return click.option(
        "--format", "fmt", type=FormatChoice(["text", *choices]), default="text", show_default=True
    )


NOT_A_DUPLICATE = click.option("--not-a-duplicate", is_flag=True)  # new-study and import-refi alike

ISOLATION = click.option(
    "--isolation", type=click.Choice(["fork", "kernel"]), default="fork", show_default=True
)


class LangChoice(click.Choice):
    """en or id; a wrong ``$STUDYKIT_LANG`` is named as such (click would blame a ``--lang`` never given)."""

    def convert(self, value, param, ctx):
        if value not in self.choices and ctx is not None and param is not None:
            if ctx.get_parameter_source(param.name) is click.core.ParameterSource.ENVIRONMENT:
                self.fail(say("cli.lang_env", current(), variable=ENV, value=value), param, ctx)
        return super().convert(value, param, ctx)


def lang_option(hidden: bool = False) -> Callable:
    """``--lang en|id``: the language of what a command writes for a reader, of its ``--help`` and of its
    usage errors (default: ``$STUDYKIT_LANG``, else en)."""
    return click.option(
        "--lang", type=LangChoice(LANGS), default="en", show_default=True, envvar=ENV, hidden=hidden
    )


def version_option(version: str) -> Callable:
    """``--version``: ``studykit, version X`` in the language of the command line (click's own would say it
    in English only, its words fixed when the command is defined)."""

    def show(ctx: click.Context, _param, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(said("cli.version").format(version=version))
            ctx.exit()

    return click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show)


def overlap_option() -> Callable:
    """``--overlap``: the share of the shorter quote two findings' quotes must share to match."""
    return click.option(
        "--overlap",
        type=click.FloatRange(min=0, max=1, min_open=True),
        default=0.5,
        show_default=True,
    )


def coding_arguments(**path_options) -> Callable:
    """The two codings ``A`` and ``B`` a comparison reads (data directories, or study files)."""

    def decorate(command: Callable) -> Callable:
        for name in ("coding_b", "coding_a"):  # innermost first: A comes first on the command line
            metavar = name[-1].upper()
            command = click.argument(
                name,
                metavar=metavar,
                type=click.Path(path_type=Path, **path_options),
                callback=_remember_coding,
            )(command)
        return command

    return decorate


def _remember_coding(_ctx, _param, value: Path | None) -> Path | None:
    """A coding is a data directory or a study file in one (``DIR/studies/x.yaml``): its problems name the
    directory's files, shown from the working directory (:func:`.output.shown_file`)."""
    if value is not None:
        remember_data_dir(value if value.suffix.lower() not in (".yaml", ".yml") else value.parent.parent)
    return value


def stop_option(flag: str, type: click.ParamType, default: float) -> Callable:
    """A limit that stops a long computation before it writes anything (``--max-seconds`` …)."""
    return click.option(flag, type=type, default=default, show_default=True)
