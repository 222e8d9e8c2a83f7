"""The commands that code studies: add one (``new-study``), ``suggest`` findings or metadata for it, and
``import-findings`` coded in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from .options import DATA_OPTION, file_option, format_option, lang_option
from .output import display, echo_json, problems_exit, say


@click.command("new-study")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--id",
    "study_id",
    required=True,
    help="The new study's id: lower-case words joined by hyphens, e.g. surabaya-pkh.",
)
@file_option(
    "--bib",
    help="A BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) record of the source: fills source title, "
    "author, year, institution.",
)
@DATA_OPTION
@lang_option("Language of what the command prints and of the comments in the study file it writes.")
def new_study(source: Path, study_id: str, bib: Path | None, data_dir: Path | None, lang: str) -> None:
    """Add a study from SOURCE (UTF-8 .txt, .pdf with a text layer, or .docx): writes sources/ID.txt and
    studies/ID.yaml to fill."""
    from ..coding.intake import new_study as create

    with problems_exit("cli.what.nothing_written", lang):
        record, n_records = ({}, 0)
        if bib is not None:
            from ..coding.bib import read_record

            record, n_records = read_record(bib, lang)
        metadata = {"source": record} if record else None
        created = create(source, study_id, data_dir, metadata=metadata, lang=lang)
    if n_records > 1:
        click.echo(say("new_study.records", lang, file=bib, n=n_records), err=True)
    study, text = display(created.study_path), display(created.source_path)
    data = f" --data {data_dir}" if data_dir else ""
    sha256 = created.sha256[:12]
    click.echo(say("new_study.created", lang, source=text, n=created.characters, sha256=sha256, study=study))
    steps = [
        ("make lab", say("new_study.step_lab", lang, study_id=study_id)),
        (f"studykit validate{data}", say("new_study.step_validate", lang)),
        (f"studykit render{data}", say("new_study.step_render", lang)),
    ]
    width = max(len(command) for command, _ in steps)
    click.echo(say("new_study.next_steps", lang))
    for command, why in steps:
        click.echo(f"  {command.ljust(width)}   # {why}")
    click.echo(say("new_study.without_lab", lang, study_id=study_id, study=study))


@click.command()
@click.argument("target", metavar="ID|SOURCE.txt")
@format_option(
    "json",
    "csv",
    help="text, json, or csv in the columns of the exported findings.csv "
    "(code it in a spreadsheet, then import-findings).",
)
@click.option(
    "--write",
    is_flag=True,
    help="Append the candidates to the study file as review_status: unreviewed findings (analyses leave "
    "them out until accepted).",
)
@click.option(
    "--metadata",
    is_flag=True,
    help="Suggest the study's metadata instead (kota/kabupaten with type and province from the gazetteer, "
    "level and "
    "locality, programme name and acronym, declared framework, year), each with the span of text it came "
    "from; "
    'json: [{"field", "value", "start", "end", "evidence"}].',
)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.4,  # coding.rank.DEFAULT_MIN_SCORE (not imported: the CLI starts without scikit-learn)
    show_default=True,
    help="Leave out suggestions scored below this (scores are in [0, 1]).",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=40,
    show_default=True,
    help="At most this many suggestions for the study, the best first.",
)
@lang_option("Language of the text table, the cue labels and the notes --write puts in the study file.")
@DATA_OPTION
def suggest(
    target: str,
    fmt: str,
    write: bool,
    metadata: bool,
    min_score: float,
    limit: int,
    lang: str,
    data_dir: Path | None,
) -> None:
    """Propose candidate findings for a study (its id) or a .txt source: type, theme, verbatim quote with
    start/end, score and the cues that fired."""
    from ..coding import suggest as sg
    from ..coding.publish import CodingError
    from ..paths import resolve_data_dir

    root = resolve_data_dir(data_dir)
    if metadata:
        from ..coding import metadata as md

        with problems_exit("cli.what.nothing_suggested", lang):
            found = md.suggest_metadata(sg.resolve(target, root).text, root)
        click.echo(md.to_json(found) if fmt == "json" else md.table(found, lang))
        return
    with problems_exit("cli.what.nothing_written", lang):
        source = sg.resolve(target, root)
        candidates = sg.suggest(source.text, root, study_id=source.study_id, min_score=min_score, limit=limit)
        if write:
            if source.study_id is None:
                raise CodingError([_loose_source_problem(target)])
            written = sg.write_suggestions(source, candidates, root, lang)
    if fmt == "json":
        echo_json(sg.to_json(candidates))
    elif fmt == "csv":
        click.echo(sg.to_csv(source, candidates, root), nl=False)
    else:
        click.echo(sg.table(candidates, lang=lang))
    if write:
        shown, already = display(source.study_path), len(candidates) - len(written)
        click.echo(
            say("suggest.appended", lang, n=len(written), path=shown, already=already), err=fmt != "text"
        )


@click.command("import-findings")
@click.argument("sheet", metavar="FILE.csv|FILE.xlsx", type=click.Path(path_type=Path))
@DATA_OPTION
@lang_option("Language of what the command prints: problems and the summary.")
def import_findings(sheet: Path, data_dir: Path | None, lang: str) -> None:
    """Write findings coded in a spreadsheet (the columns of `studykit export`'s findings.csv) into the study
    files.

    Each study with rows gets exactly those findings, in row order; every quote is located in its
    source first. Any problem is printed as FILE:ROW: column: problem and nothing is written.
    """
    from ..coding.spreadsheet import import_findings as run

    with problems_exit("cli.what.nothing_written", lang):
        done = run(sheet, data_dir)
    written, unchanged = len(done.written), len(done.studies) - len(done.written)
    studies = len(done.studies)
    click.echo(
        say(
            "import.done",
            lang,
            n=done.findings,
            studies=studies,
            file=sheet,
            written=written,
            unchanged=unchanged,
        )
    )


def _loose_source_problem(target: str):
    """``suggest --write`` of a loose .txt file: there is no study file to write to."""
    from ..corpus.messages import problem

    return problem(target, None, "--write", "problem.write_needs_study")


COMMANDS = (new_study, suggest, import_findings)
