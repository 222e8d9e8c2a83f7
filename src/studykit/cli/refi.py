"""``import-refi``: a REFI-QDA project or codebook from MAXQDA, NVivo, ATLAS.ti or QualCoder into the corpus
(``export --refi`` writes them)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import DATA_OPTION, file_option, format_option
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
def import_refi(
    file: Path, mapping: Path | None, dry_run: bool, fmt: str, reviewed: bool, data_dir: Path | None
) -> None:
    """Import a REFI-QDA project (.qdpx) or codebook (.qdc) from MAXQDA, NVivo, ATLAS.ti, QualCoder…: sources
    become studies, codings findings.

    Every problem is listed as FILE: element/guid: problem, and then nothing is written.
    """
    from ..coding.refi.importer import import_refi as run_import

    result = run_import(file, data_dir, mapping=mapping, reviewed=reviewed, dry_run=dry_run)
    plan = result.plan
    if fmt == "json":
        echo_json({**plan.as_json(), "written": [str(p.relative_to(p.parents[2])) for p in result.written]})
    else:
        _print_import(plan, result.written, dry_run)
    if plan.problems:
        exit_with_problems(plan.problems, "nothing was written")


def _print_import(plan, written, dry_run: bool) -> None:
    data = plan.as_json()
    if not data["codes"] and not data["sources"] and plan.problems:
        return  # the file could not be read at all: the problems say why
    kind = "codebook" if plan.counting is None else "project"
    click.echo(f"{plan.file}: REFI-QDA {kind} from {plan.origin or 'an unnamed tool'}")
    if plan.counting is not None:
        click.echo(f"positions counted in {plan.counting.label} ({plan.counting_why})")
        click.echo(
            f"sources: {len(data['sources'])} text ({', '.join(s['name'] for s in data['sources'])}); "
            f"selections: {len(data['selections'])}"
        )
    mapped = [c for c in data["codes"] if c["mapped_to"]]
    click.echo(f"codes: {len(data['codes'])}, {len(mapped)} mapped")
    for code in data["codes"]:
        if code["used"] or code["mapped_to"]:
            click.echo(
                f"  {(code['path'] + '/' if code['path'] else '') + code['name']} -> "
                f"{code['mapped_to'] or 'NOT MAPPED'} ({code['used']} coding(s))"
            )
    verb = "would write" if dry_run or plan.problems else "wrote"
    for study in data["studies"]:
        what = "new study" if study["new"] else "study"
        line = (
            f"{verb}: {what} {study['study_id']} (document {study['name']!r}): {study['findings']} finding(s)"
        )
        if study["to_fill"]:
            line += f"; metadata to fill in: {', '.join(study['to_fill'])}"
        if study["unused_variables"]:
            line += (
                "; variables not in the schema (not imported): "
                f"{', '.join(f'{k}={v}' for k, v in study['unused_variables'].items())}"
            )
        click.echo(line)
    for memo in data["memo_files"]:
        click.echo(f"{verb}: memo {memo}")
    for skipped in data["skipped"]:
        click.echo(f"skipped: {skipped}")
    if written:
        click.echo(f"wrote {len(written)} file(s); next: studykit validate")


COMMANDS = (import_refi,)
