"""The ``studykit`` command: one entry point per task, the same one CI and the Makefile call."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .corpus import validate_corpus
from .paths import SCHEMA_DIR


def _load_or_exit(data_dir):
    corpus, problems = validate_corpus(data_dir)
    if corpus is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s); the corpus is not valid.", err=True)
        sys.exit(1)
    return corpus


@click.group()
@click.version_option(__version__, prog_name="studykit")
def cli() -> None:
    """Structured, traceable case-study findings, compared across cases."""


DATA_DIR = click.argument("data_dir", required=False, type=click.Path(path_type=Path))


@cli.command()
@DATA_DIR
def validate(data_dir: Path | None) -> None:
    """Check the corpus in DATA_DIR (default: the project's data/); one line per problem."""
    corpus = _load_or_exit(data_dir)
    click.echo(f"valid: {corpus.summary()}")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None, help="Data directory (default: the project's data/).")
def export(out_dir: Path, data_dir: Path | None) -> None:
    """Write findings/studies/themes/frameworks/crosswalk as CSV, one .xlsx and datapackage.json into OUT_DIR."""
    from .export import write_export

    corpus = _load_or_exit(data_dir)
    written = write_export(corpus, out_dir)
    click.echo(f"exported {corpus.summary()} to {out_dir} ({len(written)} files)")


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if the published schema is out of date instead of writing it.")
@DATA_DIR
def schema(check: bool, data_dir: Path | None) -> None:
    """Publish data/schema/study.schema.json, the JSON Schema editors use for study files."""
    from .export import render_json, study_json_schema

    corpus = _load_or_exit(data_dir)
    target = SCHEMA_DIR / "study.schema.json"
    text = render_json(study_json_schema(corpus))
    if check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            click.echo(f"{target.name} is out of date; run `studykit schema`", err=True)
            sys.exit(1)
        click.echo(f"{target.name} is up to date")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target.relative_to(SCHEMA_DIR.parent.parent)}")


def main() -> None:
    """Run the CLI; an unexpected error is one line, not a traceback (STUDYKIT_DEBUG=1 shows it)."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence for users
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        click.echo(f"studykit: internal error: {type(exc).__name__}: {exc} (set STUDYKIT_DEBUG=1 for details)", err=True)
        sys.exit(2)
