"""The commands of analysis beyond the reports: ``qca`` of a case table, intercoder ``agreement`` of two
codings and their ``consensus``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from .options import coding_arguments, format_option, lang_option, out_option, overlap_option, stop_option
from .output import display, echo_json, exit_with_problems, problems_exit, say


@click.command()
@click.argument("cases", metavar="CASES.csv", type=click.Path(path_type=Path))
@click.option("--outcome", required=True, help="Outcome column: Y, ~Y (negated) or Y[v] (multi-value).")
@click.option(
    "--conditions", default=None, help="Condition columns, comma-separated (default: every other column)."
)
@click.option(
    "--case-column",
    default=None,
    help="Column with the case names (default: 'case' if present, else a first non-numeric column, else "
    "row numbers).",
)
@click.option(
    "--incl-cut",
    default="1",
    show_default=True,
    help="Inclusion cut-off for OUT = 1; a second value (e.g. 0.8,0.6) marks contradictions.",
)
@click.option(
    "--n-cut",
    default=1,
    show_default=True,
    type=int,
    help="Minimum number of cases for a row not to be a remainder.",
)
@click.option("--pri-cut", default=0.0, show_default=True, type=float, help="Minimum PRI for OUT = 1.")
@click.option(
    "--solution",
    type=click.Choice(["conservative", "parsimonious", "intermediate"]),
    default="conservative",
    show_default=True,
)
@click.option(
    "--dir-exp", default=None, help="Directional expectations for the intermediate solution, e.g. A,~B,C[1]."
)
@stop_option("--max-seconds", click.FloatRange(min=0, min_open=True), 300.0, "the minimisation takes longer")
@stop_option("--max-models", click.IntRange(min=1), 10_000, "there are more tied minimal models")
@stop_option("--max-prime-implicants", click.IntRange(min=1), 250_000, "there are more prime implicants")
@format_option("json")
@lang_option(
    "Language of the text output and of the limits' messages (R's column names stay as R prints them)."
)
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
    """Qualitative Comparative Analysis of the case table CASES.csv: truth table and minimal solutions."""
    from ..analysis import qca as q
    from ..analysis.qca.casefile import parse_incl_cut, read_case_table
    from ..analysis.qca.errors import limit_message

    def fail(message: str) -> NoReturn:
        click.echo(f"studykit qca: {message}", err=True)
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
        fail(str(exc))
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
        fail(str(exc))
    try:  # the whole text first: nothing half-written on failure
        text = (
            result.to_json()
            if fmt == "json"
            else result.truth_table.to_text(lang=lang) + "\n" + result.to_text(lang=lang)
        )
    except q.QCAError as exc:
        fail(str(exc))
    except MemoryError:
        fail(out_of_memory["writing"])
    click.echo(text)


@click.command()
@coding_arguments()
@click.option(
    "--level",
    type=click.Choice(["presence", "segment"]),
    default="presence",
    show_default=True,
    help="presence: units study x finding type x theme; segment: characters of the sources per theme, "
    "and matched segments.",
)
@overlap_option(
    "Segment level: two findings match when they share type and theme and their quotes overlap by at "
    "least this share of the shorter quote."
)
@format_option("json", "csv")
@lang_option("Language of the text output and of the problems.")
def agreement(coding_a: Path, coding_b: Path, level: str, overlap: float, fmt: str, lang: str) -> None:
    """Intercoder agreement of two codings A and B of the same studies: two data directories, or two study
    files.

    Reports percent agreement, Cohen's kappa, Krippendorff's alpha, Gwet's AC1 and Brennan-Prediger with
    bootstrap 95 % intervals over studies, overall and by theme, finding type and study, and every
    disagreement.
    """
    from ..analysis import agreement as ag

    with problems_exit("cli.what.nothing_compared", lang):
        result = ag.agreement(ag.load_codings(coding_a, coding_b), level, overlap)
    if fmt == "json":
        echo_json(result.as_dict())
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    else:
        click.echo(result.to_text(lang), nl=False)


@click.command()
@coding_arguments(file_okay=False)
@out_option("out_dir", "New folder for the merged coding.", required=True)
@overlap_option(
    "Two findings are the same when they share type, theme and review status and their quotes overlap "
    "by at least this share of the shorter quote."
)
@click.option(
    "--coder-a", default=None, help="Name of coder A in the findings' coders (default: A's coded_by)."
)
@click.option("--coder-b", default=None, help="Name of coder B (default: B's coded_by).")
@format_option("json")
@lang_option("Language of what the command prints.")
def consensus(coding_a, coding_b, out_dir, overlap, coder_a, coder_b, fmt, lang) -> None:
    """Merge two codings A and B (data directories) into a new data directory --out to settle.

    Findings both coders made are kept once with both coders; every other finding is kept as
    review_status: unreviewed with the coder who proposed it. The merge validates or nothing is written.
    """
    from ..analysis import agreement as ag
    from ..coding.consensus import consensus as merge
    from ..corpus.messages import problem

    if (coder_a is None) != (coder_b is None):
        exit_with_problems(
            [problem("--coder-a/--coder-b", None, "option", "problem.both_coders")],
            "cli.what.nothing_written",
            lang,
        )
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
        )
    if fmt == "json":
        echo_json(merged.as_dict())
        return
    for line in merged.study_lines(lang):
        click.echo(line)
    out = display(merged.out_dir)
    click.echo(say("consensus.wrote", lang, out=out, n=len(merged.rows), settle=merged.to_settle))


COMMANDS = (qca, agreement, consensus)
