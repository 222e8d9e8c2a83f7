"""``import-refi``: a REFI-QDA project or codebook from MAXQDA, NVivo, ATLAS.ti or QualCoder into the corpus
(``export --refi`` writes them)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import DATA_OPTION, file_option, format_option, lang_option
from .output import echo_json, exit_with_problems


@click.command("import-refi")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@file_option(
    "--mapping",
    help="CSV code,finding_type,theme_id mapping a foreign codebook's codes (GUID, path a/b or name) to "
    "studykit's; both empty ignores a code.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@format_option("json", help="Output format of the report.")
@click.option(
    "--reviewed",
    is_flag=True,
    help="Mark imported findings reviewed (default: unreviewed until an analyst accepts them).",
)
@DATA_OPTION
@lang_option("Language of the plan printed and of the problems.")
def import_refi(
    file: Path,
    mapping: Path | None,
    dry_run: bool,
    fmt: str,
    reviewed: bool,
    data_dir: Path | None,
    lang: str,
) -> None:
    """Import a REFI-QDA project (.qdpx) or codebook (.qdc) from MAXQDA, NVivo, ATLAS.ti, QualCoder…: sources
    become studies, codings findings.

    Every problem is listed as FILE: element/guid: problem, and then nothing is written.
    """
    from ..coding.refi.importer import import_refi as run_import
    from ..coding.refi.plan import plan_lines

    result = run_import(file, data_dir, mapping=mapping, reviewed=reviewed, dry_run=dry_run)
    plan = result.plan
    if fmt == "json":
        echo_json({**plan.as_json(), "written": [str(p.relative_to(p.parents[2])) for p in result.written]})
    else:
        for line in plan_lines(plan, result.written, dry_run, lang):
            click.echo(line)
    if plan.problems:
        exit_with_problems(plan.problems, "cli.what.nothing_written", lang)


COMMANDS = (import_refi,)
