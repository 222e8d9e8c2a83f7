"""The commands over the corpus as a whole: ``validate`` it, publish its ``schema``, ``export`` it."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from .catalogued import command
from .options import (
    DATA_OPTION,
    aliased,
    aliased_value,
    kind_option,
    lang_option,
    out_option,
    positional_alias,
)
from .output import (
    Bounded,
    bounded_drafts,
    display,
    load_or_exit,
    problem_lines,
    say,
    shown_file,
    terminal_safe,
)


@command()
@DATA_OPTION
@positional_alias("data_dir_positional")
@click.option("--strict", is_flag=True)
@lang_option()
def validate(data_dir: Path | None, data_dir_positional: Path | None, strict: bool, lang: str) -> None:
    corpus = load_or_exit(aliased(data_dir, data_dir_positional, "--data", "validate", lang), lang)
    listed, more = bounded_drafts(corpus.drafts, lang)  # a few drafts, the rest counted with what they need
    gaps = Bounded([gap for draft in listed for gap in draft.missing])  # a few of each sort
    for draft in listed:
        click.echo(replace(draft, file=shown_file(draft.file)).summary(lang), err=strict)
        for line in gaps.lines(draft.missing, lang):
            click.echo(f"  {line}", err=strict)
    if more:
        click.echo(more, err=strict)
    from ..corpus.crosschecks import unsaved_left

    left = unsaved_left(corpus.data_dir)  # git-ignored, never exported: said, but no failure of --strict
    for line in problem_lines([*corpus.unused_sources, *corpus.same_sources, *left], lang):
        click.echo(line, err=strict)
    if strict and (corpus.drafts or corpus.unused_sources or corpus.same_sources):
        drafts, unused, same = len(corpus.drafts), len(corpus.unused_sources), len(corpus.same_sources)
        same = say("cli.strict_same", lang, n=same) if same else ""
        click.echo(say("cli.strict", lang, drafts=drafts, unused=unused, same=same), err=True)
        sys.exit(1)
    drafts = say("cli.drafts_left_out", lang, n=len(corpus.drafts)) if corpus.drafts else ""
    click.echo(say("cli.valid", lang, summary=corpus.summary(lang), drafts=drafts))


@command()
@out_option("out_dir")
@DATA_OPTION
@positional_alias("out_dir_positional")
@click.option("--refi", is_flag=True)
@kind_option("--codebook", "codebook_file")
@lang_option()
def export(
    out_dir: Path | None,
    data_dir: Path | None,
    out_dir_positional: Path | None,
    refi: bool,
    codebook_file: str | None,
    lang: str,
) -> None:
    if codebook_file is not None:  # --codebook --out FILE.docx (--codebook FILE.docx: the old form)
        codebook_file = aliased_value(out_dir, codebook_file, "--codebook", "export", lang)
        if codebook_file is None:
            raise click.UsageError(say("export.no_out", lang))
        if codebook_file.suffix.lower() != ".docx":
            raise click.UsageError(say("export.docx_name", lang, file=codebook_file))
        corpus = load_or_exit(data_dir, lang)
        from ..reports.codebook_docx import write_codebook

        write_codebook(corpus, codebook_file, lang)
        shown = terminal_safe(str(codebook_file), one_line=True)  # a line break or an ESC in the name: shown
        click.echo(say("export.codebook", lang, n=len(corpus.themes), language=lang, file=shown))
        return
    out_dir = aliased(out_dir, out_dir_positional, "--out", "export", lang)
    if out_dir is None:
        raise click.UsageError(say("export.no_out", lang))
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(say("export.out_is_file", lang, out=out_dir))
    corpus = load_or_exit(data_dir, lang)
    # a draft's findings and memos are in no table, as in no report: said, as validate says it
    drafts = say("cli.drafts_left_out", lang, n=len(corpus.drafts)) if corpus.drafts else ""
    if refi:
        from ..coding.refi.export import write_refi

        written = write_refi(corpus, out_dir)
        files = ", ".join(p.name for p in written)
        click.echo(say("export.refi", lang, summary=corpus.summary(lang), out=out_dir, files=files) + drafts)
        return
    from ..analysis.tidy import analysis_tables
    from ..corpus.export import write_export

    written = write_export(corpus, out_dir, analysis_tables(corpus))
    click.echo(say("export.done", lang, summary=corpus.summary(lang), out=out_dir, n=len(written)) + drafts)


@command()
@click.option("--check", is_flag=True)
@DATA_OPTION
@positional_alias("data_dir_positional")
@lang_option()
def schema(check: bool, data_dir: Path | None, data_dir_positional: Path | None, lang: str) -> None:
    from ..analysis.tidy import analysis_tables
    from ..corpus.export import schema_files, stale_files
    from ..files import write_atomic

    corpus = load_or_exit(aliased(data_dir, data_dir_positional, "--data", "schema", lang), lang)
    outputs = schema_files(corpus, analysis_tables(corpus))
    stale = stale_files(outputs)
    for path in stale:
        shown = display(path)
        if check:
            click.echo(say("schema.stale", lang, file=shown), err=True)
        else:
            write_atomic(path, outputs[path].encode("utf-8"))
            click.echo(say("schema.wrote", lang, file=shown))
    if check and stale:
        sys.exit(1)
    if not stale:
        click.echo(say("schema.up_to_date", lang))


COMMANDS = (validate, export, schema)
