"""The commands that code studies: add one (``new-study``), ``suggest`` findings or metadata for it, and
``import-findings`` coded in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from .catalogued import command
from .options import DATA_OPTION, NOT_A_DUPLICATE, file_option, format_option, lang_option
from .output import data_flag, display, echo_json, problems_exit, say, terminal_safe


@command("new-study")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--id", "study_id", required=True)
@file_option("--bib")
@NOT_A_DUPLICATE
@DATA_OPTION
@lang_option()
def new_study(
    source: Path, study_id: str, bib: Path | None, not_a_duplicate: bool, data_dir: Path | None, lang: str
) -> None:
    from ..coding.intake import new_study as create

    with problems_exit("cli.what.nothing_written", lang):
        record, n_records = ({}, 0)
        if bib is not None:
            from ..coding.bib import read_record

            record, n_records = read_record(bib, lang)
        metadata = {"source": record} if record else None
        created = create(
            source, study_id, data_dir, metadata=metadata, lang=lang, not_a_duplicate=not_a_duplicate
        )
    if n_records > 1:
        click.echo(say("new_study.records", lang, file=bib, n=n_records), err=True)
    study, text = display(created.study_path), display(created.source_path)
    data = data_flag(data_dir)
    into = ""  # another data directory's reports go beside it (paths.reports_beside): said where
    if data:
        from ..paths import reports_beside

        into = say("new_study.into", lang, reports=display(reports_beside(data_dir)))
    sha256 = created.sha256[:12]
    click.echo(say("new_study.created", lang, source=text, n=created.characters, sha256=sha256, study=study))
    steps = [
        (_lab_command(data_dir), say("new_study.step_lab", lang, study_id=study_id)),
        (f"studykit validate{data}", say("new_study.step_validate", lang)),
        (
            f"studykit render{data} --report 1-study-profile --study {study_id}",
            say("new_study.step_profile", lang) + into,
        ),
        (f"studykit render{data}", say("new_study.step_render", lang) + into),
    ]
    width = max(len(shell) for shell, _ in steps)
    click.echo(say("new_study.next_steps", lang))
    for shell, why in steps:
        click.echo(f"  {shell.ljust(width)}   # {why}")
    click.echo(say("new_study.without_lab", lang, study_id=study_id, study=study, data=data))


def _lab_command(data_dir: Path | None) -> str:
    """``make lab`` as it works from here: the Makefile is the project's (``make -C ROOT`` from elsewhere),
    and the workbench's kernel runs in ``work/``, so a data directory is handed over as an absolute path."""
    import os
    import shlex

    from ..paths import PROJECT_ROOT

    env = f"STUDYKIT_DATA_DIR={shlex.quote(os.path.abspath(data_dir))} " if data_dir else ""
    elsewhere = Path.cwd().resolve() != PROJECT_ROOT.resolve() and (PROJECT_ROOT / "Makefile").is_file()
    return env + (f"make -C {shlex.quote(str(PROJECT_ROOT))} lab" if elsewhere else "make lab")


def _warn_if_blind(root: Path, lang: str, what: str) -> None:
    """Say on stderr that ``root`` is a blind coding (``second-coding --no-suggestions``): its workbench shows
    no suggestion, and a coder who reads these no longer codes blind."""
    from ..coding.blindstart import SETTINGS, suggestions_shown

    with problems_exit(f"cli.what.{what}", lang):
        blind = not suggestions_shown(root)
    if blind:
        click.echo(say("suggest.blind_coding", lang, settings=display(root / SETTINGS)), err=True)


@command()
@click.argument("target", metavar="ID|SOURCE")
@format_option("json", "csv")
@click.option("--write", is_flag=True)
@click.option("--metadata", is_flag=True)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.46,  # coding.rank.DEFAULT_MIN_SCORE (not imported: the CLI starts without scikit-learn)
    show_default=True,
)
@click.option("--limit", type=click.IntRange(1), default=40, show_default=True)
@lang_option()
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
    from ..coding import suggest as sg
    from ..coding.publish import CodingError
    from ..paths import resolve_data_dir

    root = resolve_data_dir(data_dir)
    _warn_if_blind(root, lang, "nothing_written" if write else "nothing_suggested")
    if metadata:
        from ..coding import metadata as md
        from ..coding.metafill import write_metadata

        with problems_exit("cli.what.nothing_written" if write else "cli.what.nothing_suggested", lang):
            source = sg.resolve(target, root)
            found = md.suggest_metadata(source.text, root)
            if write and source.study_id is None:
                raise CodingError([_loose_source_problem(target)])
            filled = write_metadata(source.study_path, source.text, root) if write else None
        click.echo(md.to_json(found) if fmt == "json" else md.table(found, lang))
        if filled is not None:
            _say_filled(filled, display(source.study_path), data_flag(data_dir), lang, err=fmt != "text")
        return
    with problems_exit("cli.what.nothing_written", lang):
        source = sg.resolve(target, root)
        candidates = sg.suggest(source.text, root, study_id=source.study_id, min_score=min_score, limit=limit)
        if write and source.study_id is None:
            raise CodingError([_loose_source_problem(target)])
        new, first_number = sg.answered(source, candidates)  # what --write appends, with the ids it takes
        if write:
            written = sg.write_suggestions(source, new, root, lang)
    if fmt == "json":
        echo_json(sg.to_json(new))
    elif fmt == "csv":
        click.echo(sg.to_csv(source, new, root, first_number), nl=False)
    else:
        click.echo(sg.table(new, lang=lang))
    already = len(candidates) - len(new)
    if write:
        shown = display(source.study_path)
        click.echo(
            say(
                "suggest.appended",
                lang,
                n=len(written),
                path=shown,
                already=already,
                data=data_flag(data_dir),
            ),
            err=fmt != "text",
        )
    elif already:
        click.echo(say("suggest.answered", lang, n=already, path=display(source.study_path)), err=True)


@command("import-findings")
@click.argument("sheet", metavar="FILE.csv|FILE.xlsx", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True)
@DATA_OPTION
@lang_option()
def import_findings(sheet: Path, replace: bool, data_dir: Path | None, lang: str) -> None:
    from ..coding.spreadsheet import import_findings as run

    with problems_exit("cli.what.nothing_written", lang):
        done = run(sheet, data_dir, replace=replace)
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
            data=data_flag(data_dir),
        )
    )
    if done.kept or done.dropped:
        key, n = ("import.dropped", done.dropped) if replace else ("import.kept", done.kept)
        click.echo(say(key, lang, n=n))


def _say_filled(filled, path: str, data: str, lang: str, err: bool) -> None:
    """What ``suggest --metadata --write`` put in the study file, and what it left as the file has it."""
    fields = ", ".join(name for name, _ in filled.filled)
    key = "suggest.metadata_filled" if filled.filled else "suggest.metadata_none"
    click.echo(say(key, lang, n=len(filled.filled), path=path, fields=fields, data=data), err=err)
    if filled.kept:
        suggested = say("suggest.metadata_suggested", lang)
        kept = "; ".join(
            f"{name}: {_value(own)} ({suggested} {_value(new)})" for name, own, new in filled.kept
        )
        click.echo(say("suggest.metadata_kept", lang, n=len(filled.kept), fields=kept), err=err)


def _value(value) -> str:
    """A value of a study file as YAML wrote it, quoted (a date as ``'2020-01-01'``, not Python's
    ``datetime.date(2020, 1, 1)``; control characters escaped)."""
    import datetime as dt

    return repr(value.isoformat() if isinstance(value, dt.date) else value)


def _loose_source_problem(target: str):
    """``suggest --write`` of a loose .txt file: there is no study file to write to."""
    from ..corpus.messages import problem

    return problem(target, None, "--write", "problem.write_needs_study")


@command("recode")
@click.option("--dry-run", is_flag=True)
@DATA_OPTION
@lang_option()
def recode(dry_run: bool, data_dir: Path | None, lang: str) -> None:
    from ..coding.recode import recode_merged
    from ..corpus.numbers import number

    with problems_exit("cli.what.nothing_written", lang):
        result = recode_merged(data_dir, dry_run=dry_run)
    if not result.merged:
        click.echo(say("recode.no_merge", lang))
        return
    merges = ", ".join(f"{old} → {into}" for old, into in sorted(result.merged.items()))
    for shown, n in result.files.items():  # a file named with an ESC or a line break: shown, not sent
        click.echo(say("recode.file", lang, file=terminal_safe(shown, one_line=True), n=number(n, lang)))
    key = "recode.would" if dry_run else "recode.done"
    n, files = number(result.findings, lang), number(len(result.files), lang)  # 1,002 / 1.002
    click.echo(say(key, lang, n=n, files=files, merges=merges))


COMMANDS = (new_study, suggest, import_findings, recode)
