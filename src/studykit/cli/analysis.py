"""The commands of analysis beyond the reports: ``qca`` of a case table, intercoder ``agreement`` of two
codings and their ``consensus``, and a second coder's blind start (``second-coding``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from .catalogued import command
from .options import (
    DATA_OPTION,
    coding_arguments,
    format_option,
    lang_option,
    out_option,
    overlap_option,
    stop_option,
)
from .output import display, echo_json, exit_with_problems, load_or_exit, problems_exit, say, terminal_safe


@command()
@click.argument("cases", metavar="CASES.csv", type=click.Path(path_type=Path))
@click.option("--outcome", required=True)
@click.option("--conditions", default=None)
@click.option("--case-column", default=None)
@click.option("--incl-cut", default="1", show_default=True)
@click.option("--n-cut", default=1, show_default=True, type=int)
@click.option("--pri-cut", default=0.0, show_default=True, type=float)
@click.option(
    "--solution",
    type=click.Choice(["conservative", "parsimonious", "intermediate"]),
    default="conservative",
    show_default=True,
)
@click.option("--dir-exp", default=None)
@stop_option("--max-seconds", click.FloatRange(min=0, min_open=True), 300.0)
@stop_option("--max-models", click.IntRange(min=1), 10_000)
@stop_option("--max-prime-implicants", click.IntRange(min=1), 250_000)
@format_option("json")
@lang_option()
def qca(
    cases,
    outcome,
    conditions,
    case_column,
    incl_cut,
    n_cut,
    pri_cut,
    solution,
    dir_exp,
    max_seconds,
    max_models,
    max_prime_implicants,
    fmt,
    lang,
) -> None:
    from ..analysis import qca as q
    from ..analysis.qca.casefile import parse_incl_cut, read_case_table
    from ..analysis.qca.errors import limit_message

    def fail(message: str) -> NoReturn:
        click.echo(terminal_safe(f"studykit qca: {message}"), err=True)
        sys.exit(1)

    # said before the work starts: out of memory, there is no memory left to read the message catalogue
    out_of_memory = {
        "reading": say("qca.memory_reading", lang, file=cases),
        "writing": say("qca.memory_writing", lang),
    }

    try:
        frame = read_case_table(cases, case_column)
        cut = parse_incl_cut(incl_cut)
    except q.QCAError as exc:
        fail(exc.text(lang))
    except MemoryError:
        fail(out_of_memory["reading"])
    try:
        result = q.minimize(
            frame,
            outcome,
            conditions,
            solution=solution,
            dir_exp=dir_exp.split(",") if dir_exp else None,
            incl_cut=cut,
            n_cut=n_cut,
            pri_cut=pri_cut,
            max_seconds=max_seconds,
            max_models=max_models,
            max_prime_implicants=max_prime_implicants,
        )
    except q.QCALimitError as exc:
        fail(limit_message(exc, lang))
    except q.QCAError as exc:
        fail(exc.text(lang))
    try:  # the whole text first: nothing half-written on failure
        text = (
            result.to_json()
            if fmt == "json"
            else result.truth_table.to_text(lang=lang) + "\n" + result.to_text(lang=lang)
        )
    except q.QCAError as exc:
        fail(exc.text(lang))
    except MemoryError:
        fail(out_of_memory["writing"])
    click.echo(text if fmt == "json" else terminal_safe(text))


@command()
@coding_arguments()
@click.option("--level", type=click.Choice(["presence", "segment"]), default="presence", show_default=True)
@overlap_option()
@format_option("json", "csv")
@lang_option()
def agreement(coding_a: Path, coding_b: Path, level: str, overlap: float, fmt: str, lang: str) -> None:
    from ..analysis import agreement as ag

    with problems_exit("cli.what.nothing_compared", lang):
        result = ag.agreement(ag.load_codings(coding_a, coding_b), level, overlap)
    if fmt == "json":
        echo_json(result.as_dict())
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    else:
        click.echo(result.to_text(lang), nl=False)


@command()
@coding_arguments(file_okay=False)
@out_option("out_dir", required=True)
@overlap_option()
@click.option("--coder-a", default=None)
@click.option("--coder-b", default=None)
@format_option("json")
@lang_option()
def consensus(coding_a, coding_b, out_dir, overlap, coder_a, coder_b, fmt, lang) -> None:
    from ..analysis import agreement as ag
    from ..coding.consensus import consensus as merge
    from ..corpus.messages import problem

    if (coder_a is None) != (coder_b is None):
        exit_with_problems(
            [problem("--coder-a/--coder-b", None, "option", "problem.both_coders")],
            "cli.what.nothing_written",
            lang,
        )
    swept(out_dir, lang)
    with problems_exit("cli.what.nothing_written", lang):
        codings = ag.load_codings(coding_a, coding_b, include_drafts=True)
        merged = merge(
            codings.a,
            codings.b,
            out_dir,
            codings.studies,
            overlap=overlap,
            coders=(coder_a, coder_b) if coder_a else None,
            labels=(str(coding_a), str(coding_b)),
            lang=lang,
        )
    if fmt == "json":
        echo_json(merged.as_dict())
        return
    for line in merged.study_lines(lang):
        click.echo(line)
    out = display(merged.out_dir)
    click.echo(say("consensus.wrote", lang, out=out, n=len(merged.rows), settle=merged.to_settle))


@command("second-coding")
@DATA_OPTION
@out_option("out_dir", required=True)
@click.argument("studies", nargs=-1)
@click.option("--sample", type=click.IntRange(min=1), default=None)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--add", is_flag=True, default=False)
@click.option("--no-suggestions", "no_suggestions", is_flag=True, default=False)
@lang_option()
def second_coding(data_dir, out_dir, studies, sample, seed, add, no_suggestions, lang) -> None:
    from ..coding.blindstart import add_to_start, chosen, started, write_start
    from ..corpus.messages import problem

    if bool(studies) == (sample is not None):
        exit_with_problems(
            [problem("STUDY... / --sample", None, "option", "problem.studies_or_sample")],
            "cli.what.nothing_written",
            lang,
        )
    corpus = load_or_exit(data_dir, lang)
    swept(out_dir, lang)
    with problems_exit("cli.what.nothing_written", lang):
        taken = started(out_dir) if add else ()
        picked = chosen(corpus, list(studies), sample, seed, taken)
        (add_to_start if add else write_start)(corpus, out_dir, picked, suggestions=not no_suggestions)
    out = display(out_dir)
    data = display(corpus.data_dir)
    said = "second_coding.added" if add else "second_coding.wrote"
    click.echo(say(said, lang, out=out, n=len(picked), studies=", ".join(picked), data=data, had=len(taken)))
    if no_suggestions:
        click.echo(say("second_coding.no_suggestions", lang, out=out))


def swept(out_dir, lang: str) -> None:
    """Remove, and name, the folders a second-coding or consensus killed before its rename left beside
    ``out_dir`` (``.OUT.PID-HEX.tmp``; never half of an output: an output is renamed into place whole)."""
    from ..files import sweep_beside

    for folder in sweep_beside(Path(out_dir)):
        click.echo(say("cli.swept_folder", lang, folder=display(folder)), err=True)


COMMANDS = (qca, agreement, consensus, second_coding)
