"""``import-refi``: a REFI-QDA project or codebook from MAXQDA, NVivo, ATLAS.ti or QualCoder into the corpus
(``export --refi`` writes them)."""

from __future__ import annotations

from pathlib import Path

import click

from .catalogued import command
from .options import DATA_OPTION, NOT_A_DUPLICATE, file_option, format_option, lang_option
from .output import data_flag, display, echo_json, exit_with_problems


@command("import-refi")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@file_option("--mapping")
@click.option("--dry-run", is_flag=True)
@format_option("json")
@click.option("--reviewed", is_flag=True)
@NOT_A_DUPLICATE
@DATA_OPTION
@lang_option()
def import_refi(
    file: Path,
    mapping: Path | None,
    dry_run: bool,
    fmt: str,
    reviewed: bool,
    not_a_duplicate: bool,
    data_dir: Path | None,
    lang: str,
) -> None:
    from ..coding.refi.importer import import_refi as run_import
    from ..coding.refi.plan import plan_lines

    result = run_import(
        file,
        data_dir,
        mapping=mapping,
        reviewed=reviewed,
        dry_run=dry_run,
        not_a_duplicate=not_a_duplicate,
        lang=lang,
    )
    plan = result.plan
    if fmt == "json":
        written = [str(p.relative_to(p.parents[2])) for p in result.written]
        echo_json({**plan.as_json(lang), "written": written})
    else:
        for line in plan_lines(plan, result.written, dry_run, lang, display, data_flag(data_dir)):
            click.echo(line)
    if plan.problems:
        exit_with_problems(plan.problems, "cli.what.nothing_written", lang)


COMMANDS = (import_refi,)
