"""The ``studykit`` command: one entry point per task, the same one CI and the Makefile call."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from ._version import __version__


def exit_with_problems(problems, what: str) -> NoReturn:
    """Print each problem (file:line: field: what to do) on stderr, then their count and ``what`` follows,
    and exit 1."""
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s); {what}.", err=True)
    sys.exit(1)


def _load_or_exit(data_dir):
    from .corpus.load import validate_corpus  # lazy: pandas is not needed to plan or to skip a render

    corpus, problems = validate_corpus(data_dir)
    if corpus is None:
        exit_with_problems(problems, "the corpus is not valid")
    return corpus


# --- the grammar every command shares: --data DIR, --out PATH, --format text|json|csv ------------


class _DeprecatedArgument(click.Argument):
    """A positional form kept for a release as an alias of an option; left out of the usage line."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def _positional_alias(name: str):
    """The old positional form of an option (``validate DIR`` for ``validate --data DIR``)."""
    return click.argument(name, required=False, cls=_DeprecatedArgument, type=click.Path(path_type=Path))


def _aliased(option: Path | None, positional: Path | None, flag: str, command: str) -> Path | None:
    """The option's value, or the deprecated positional one (with a note saying how to write it now)."""
    if positional is None:
        return option
    if option is not None and option != positional:
        raise click.UsageError(f"give {flag} once: {option} or {positional}")
    click.echo(
        f"note: `studykit {command} {positional}` is deprecated; write `studykit {command} {flag} "
        f"{positional}`",
        err=True,
    )
    return positional


class _Format(click.Choice):
    """The output formats of a command; the human one is called ``text`` (``table`` still accepted for a
    release)."""

    def convert(self, value, param, ctx):
        if value == "table" and "text" in self.choices:
            click.echo("note: --format table is deprecated; write --format text", err=True)
            return "text"
        return super().convert(value, param, ctx)


def format_option(*choices: str, help: str = "Output format.") -> Callable:
    return click.option(
        "--format", "fmt", type=_Format(["text", *choices]), default="text", show_default=True, help=help
    )


DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data directory (default: $STUDYKIT_DATA_DIR, else the project's data/).",
)


@click.group()
@click.version_option(__version__, prog_name="studykit")
def cli() -> None:
    """Structured, traceable case-study findings, compared across cases."""


ISOLATION = click.option(
    "--isolation",
    type=click.Choice(["fork", "kernel"]),
    default="fork",
    show_default=True,
    help="How each report gets its own kernel: fork = forked from a warm fork server that imported the "
    "libraries once; "
    "kernel = a fresh kernel process (slower; also used wherever fork is unavailable).",
)


@cli.command()
@DATA_OPTION
@_positional_alias("data_dir_positional")
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on drafts too (studies with empty fields or unreviewed findings): for CI of a finished "
    "corpus.",
)
def validate(data_dir: Path | None, data_dir_positional: Path | None, strict: bool) -> None:
    """Check the corpus (default: the project's data/); one line per problem, and each draft with what it
    needs."""
    corpus = _load_or_exit(_aliased(data_dir, data_dir_positional, "--data", "validate"))
    for draft in corpus.drafts:
        click.echo(draft.summary(), err=strict)
        for gap in draft.missing:
            click.echo(f"  {gap}", err=strict)
    for unused in corpus.unused_sources:
        click.echo(str(unused), err=strict)
    if strict and (corpus.drafts or corpus.unused_sources):
        click.echo(
            f"{len(corpus.drafts)} draft(s), {len(corpus.unused_sources)} unused source(s); "
            "--strict accepts a finished corpus only.",
            err=True,
        )
        sys.exit(1)
    drafts = f"; {len(corpus.drafts)} draft(s) left out until finished" if corpus.drafts else ""
    click.echo(f"valid: {corpus.summary()}{drafts}")


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Directory to write the files into (required).",
)
@DATA_OPTION
@_positional_alias("out_dir_positional")
@click.option(
    "--refi",
    is_flag=True,
    help="Write the REFI-QDA codebook (studykit-codebook.qdc) and project (studykit-corpus.qdpx) for "
    "MAXQDA, NVivo, ATLAS.ti, QualCoder instead.",
)
@click.option(
    "--codebook",
    "codebook_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the codebook as a Word document (.docx) to this file instead: one section per theme with "
    "its counts.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "id"]),
    default="en",
    show_default=True,
    help="Language of the --codebook document.",
)
def export(
    out_dir: Path | None,
    data_dir: Path | None,
    out_dir_positional: Path | None,
    refi: bool,
    codebook_file: Path | None,
    lang: str,
) -> None:
    """Write findings/studies/themes/frameworks/crosswalk as CSV, one .xlsx and datapackage.json into --out
    DIR.

    With --refi, the REFI-QDA files instead; with --codebook FILE.docx, the codebook as a Word document.
    """
    if codebook_file is not None:
        if codebook_file.suffix.lower() != ".docx":
            raise click.UsageError(f"--codebook {codebook_file}: give a file name ending in .docx")
        corpus = _load_or_exit(data_dir)
        from .reports.codebook_docx import write_codebook

        write_codebook(corpus, codebook_file, lang)
        click.echo(f"wrote the codebook ({len(corpus.themes)} themes, {lang}) to {codebook_file}")
        return
    out_dir = _aliased(out_dir, out_dir_positional, "--out", "export")
    if out_dir is None:
        raise click.UsageError("give the directory to write into: --out DIR (or --codebook FILE.docx)")
    corpus = _load_or_exit(data_dir)
    if refi:
        from .coding.refi.export import write_refi

        written = write_refi(corpus, out_dir)
        click.echo(
            f"exported {corpus.summary()} as REFI-QDA to {out_dir}: {', '.join(p.name for p in written)}"
        )
        return
    from .corpus.export import write_export

    written = write_export(corpus, out_dir)
    click.echo(f"exported {corpus.summary()} to {out_dir} ({len(written)} files)")


@cli.command()
@click.option(
    "--check", is_flag=True, help="Exit 1 if a published file is out of date instead of writing it."
)
@DATA_OPTION
@_positional_alias("data_dir_positional")
def schema(check: bool, data_dir: Path | None, data_dir_positional: Path | None) -> None:
    """Publish data/schema/study.schema.json (for editors) and docs/data-dictionary.md, both generated from
    the schema."""
    from .corpus.export import schema_files, stale_files
    from .files import write_atomic
    from .paths import PROJECT_ROOT

    corpus = _load_or_exit(_aliased(data_dir, data_dir_positional, "--data", "schema"))
    outputs = schema_files(corpus)
    stale = stale_files(outputs)
    for path in stale:
        shown = path.relative_to(PROJECT_ROOT)
        if check:
            click.echo(f"{shown} is out of date; run `studykit schema`", err=True)
        else:
            write_atomic(path, outputs[path].encode("utf-8"))
            click.echo(f"wrote {shown}")
    if check and stale:
        sys.exit(1)
    if not stale:
        click.echo("schema files are up to date")


@cli.command("new-study")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--id",
    "study_id",
    required=True,
    help="The new study's id: lower-case words joined by hyphens, e.g. surabaya-pkh.",
)
@click.option(
    "--bib",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) record of the source: fills source title, "
    "author, year, institution.",
)
@DATA_OPTION
def new_study(source: Path, study_id: str, bib: Path | None, data_dir: Path | None) -> None:
    """Add a study from SOURCE (UTF-8 .txt, .pdf with a text layer, or .docx): writes sources/ID.txt and
    studies/ID.yaml to fill."""
    from .coding.intake import new_study as create
    from .corpus.problems import ProblemsError

    try:
        record, n_records = ({}, 0)
        if bib is not None:
            from .coding.bib import read_record

            record, n_records = read_record(bib)
        created = create(source, study_id, data_dir, metadata={"source": record} if record else None)
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was written")
    if n_records > 1:
        click.echo(f"{bib} holds {n_records} records; the first was used", err=True)
    study, text = _display(created.study_path), _display(created.source_path)
    data = f" --data {data_dir}" if data_dir else ""
    click.echo(
        f"created {text} ({created.characters:,} characters, sha256 {created.sha256[:12]}…) and {study}"
    )
    steps = [
        (
            "make lab",
            f'open notebooks/0-code-a-study.ipynb, set study_id = "{study_id}", Run All: '
            "the coding workbench",
        ),
        (f"studykit validate{data}", "until it says valid (a draft: lists what it still needs)"),
        (f"studykit render{data}", "the study's profile report, and every cross-case report updated"),
    ]
    width = max(len(command) for command, _ in steps)
    click.echo("next steps:")
    for command, why in steps:
        click.echo(f"  {command.ljust(width)}   # {why}")
    click.echo(
        f"  (without JupyterLab: studykit suggest {study_id} --metadata, "
        f"studykit suggest {study_id} --write, edit {study};"
        f" or code in a spreadsheet: studykit suggest {study_id} --format csv > {study_id}.csv, edit it,"
        f" studykit import-findings {study_id}.csv)"
    )


@cli.command()
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
    default=0.3,
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
@click.option(
    "--lang",
    type=click.Choice(["en", "id"]),
    default="en",
    show_default=True,
    help="Language of the text table and the cue labels (en or id).",
)
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
    import json

    from .coding import suggest as sg
    from .coding.publish import CodingError
    from .corpus.problems import ProblemsError
    from .paths import resolve_data_dir

    root = resolve_data_dir(data_dir)
    if metadata:
        from .coding import metadata as md

        try:
            found = md.suggest_metadata(sg.resolve(target, root).text, root)
        except ProblemsError as exc:
            exit_with_problems(exc.problems, "nothing was suggested")
        click.echo(md.to_json(found) if fmt == "json" else md.table(found))
        return
    try:
        source = sg.resolve(target, root)
        candidates = sg.suggest(source.text, root, study_id=source.study_id, min_score=min_score, limit=limit)
        if write:
            if source.study_id is None:
                raise CodingError([sg_problem(target)])
            written = sg.write_suggestions(source, candidates, root)
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was written")
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        k: c.as_dict()[k]
                        for k in ("finding_type", "theme_id", "quote", "start", "end", "score", "cues")
                    }
                    for c in candidates
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    elif fmt == "csv":
        click.echo(sg.to_csv(source, candidates, root), nl=False)
    else:
        click.echo(sg.table(candidates, lang=lang))
    if write:
        from .coding.labels import t

        shown, already = _display(source.study_path), len(candidates) - len(written)
        click.echo(
            t("suggest.appended", lang, n=len(written), path=shown, already=already), err=fmt != "text"
        )


@cli.command("import-findings")
@click.argument("sheet", metavar="FILE.csv|FILE.xlsx", type=click.Path(path_type=Path))
@DATA_OPTION
def import_findings(sheet: Path, data_dir: Path | None) -> None:
    """Write findings coded in a spreadsheet (the columns of `studykit export`'s findings.csv) into the study
    files.

    Each study with rows gets exactly those findings, in row order; every quote is located in its
    source first. Any problem is printed as FILE:ROW: column: problem and nothing is written.
    """
    from .coding.spreadsheet import import_findings as run
    from .corpus.problems import ProblemsError

    try:
        done = run(sheet, data_dir)
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was written")
    click.echo(
        f"imported {done.findings} findings of {len(done.studies)} studies from {sheet}: "
        f"{len(done.written)} study file(s) written, {len(done.studies) - len(done.written)} unchanged; "
        "now run `studykit validate`"
    )


def sg_problem(target: str):
    from .corpus.problems import Problem

    return Problem(
        target,
        None,
        "--write",
        "needs a study: give its id (a loose .txt file has no study file to write to)",
    )


@cli.command()
@click.option(
    "--jobs",
    "-j",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option("--force", is_flag=True, help="Re-render every report, even unchanged ones.")
@click.option("--show-code", is_flag=True, help="Keep the code cells in the HTML.")
@click.option(
    "--list", "list_only", is_flag=True, help="Print the planned jobs and exit without running anything."
)
@format_option("json", help="Output format of --list.")
@DATA_OPTION
@click.option(
    "--out",
    "reports_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Reports directory (default: the project's reports/).",
)
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Render manifest (default: the project's reports.yaml).",
)
@ISOLATION
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=600,
    show_default=True,
    help="Seconds a cell may run before its report fails (0: no limit).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run the reports on a Dask distributed cluster (e.g. tcp://HOST:8786) instead of local worker "
    "processes; "
    "needs the [distributed] extra, and workers that see this project and its data at the same paths.",
)
def render(
    workers,
    force,
    show_code,
    list_only,
    fmt,
    data_dir,
    reports_dir,
    manifest_path,
    isolation,
    timeout,
    scheduler,
) -> None:
    """Render every report of reports.yaml to reports/<lang>/…html, plus reports/index.html."""
    import json
    import time

    from .paths import MANIFEST, REPORTS_DIR

    started = time.perf_counter()
    reports_dir = reports_dir or REPORTS_DIR
    manifest_path = (manifest_path or MANIFEST).resolve()
    if not (force or list_only):
        from .render.inputs import unchanged_reports

        unchanged = unchanged_reports(reports_dir, manifest_path, data_dir, show_code)
        if unchanged is not None:  # nothing changed since the last complete render: no planning, no imports
            return _summary(0, unchanged, 0, started, reports_dir)
    from .corpus.problems import ProblemsError
    from .render.manifest import load_plan

    try:
        jobs = load_plan(data_dir, manifest_path)
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was rendered")
    if list_only:
        listing = [job.listing(reports_dir) for job in jobs]
        if fmt == "json":
            click.echo(json.dumps(listing, ensure_ascii=False, indent=1))
        else:
            for item in listing:
                click.echo(
                    f"{item['output']}  <-  {item['notebook']} "
                    f"{json.dumps(item['parameters'], ensure_ascii=False)}"
                )
        return
    from .render import engine

    if scheduler:
        try:
            import distributed  # noqa: F401
        except ImportError:
            click.echo(
                "studykit render --scheduler needs Dask distributed: pip install -e '.[distributed]'",
                err=True,
            )
            sys.exit(2)
    bar = _progress_bar()
    try:
        results, skipped = engine.render(
            jobs,
            reports_dir=reports_dir,
            data_dir=data_dir,
            force=force,
            workers=workers,
            show_code=show_code,
            progress=bar,
            manifest_path=manifest_path,
            isolation=isolation,
            timeout=timeout or None,
            scheduler=scheduler,
        )
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was rendered")
    finally:
        getattr(bar, "close", lambda: None)()
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(engine.failure_line(result, reports_dir), err=True)
    _fresh_note(isolation, [r.kernel for r in results])
    _summary(len(results) - len(failed), len(skipped), len(failed), started, reports_dir)
    if failed:
        sys.exit(1)


def _summary(rendered: int, skipped: int, failed: int, started: float, reports_dir: Path) -> None:
    import time

    click.echo(
        f"rendered {rendered}, skipped {skipped} unchanged, failed {failed} "
        f"in {time.perf_counter() - started:.1f} s; open {_display(reports_dir / 'index.html')}"
    )


@cli.command()
@click.argument("notebooks", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATA_OPTION
@ISOLATION
def baseline(notebooks, data_dir, isolation) -> None:
    """Re-run the notebooks (default: all of notebooks/ but the interactive 0-code-a-study) with default
    parameters and store their outputs: the nbval baseline.

    Run it after an intended change to data or code, review `git diff notebooks/`, and commit.
    """
    from .paths import baseline_notebooks
    from .render import engine

    corpus = _load_or_exit(data_dir)  # never store a baseline of an invalid corpus
    if data_dir is not None:  # the notebooks' kernels read the corpus where the render's do
        os.environ["STUDYKIT_DATA_DIR"] = str(corpus.data_dir)
    paths = sorted(notebooks) or baseline_notebooks()
    failed = 0
    for name, error in engine.baseline(paths, isolation=isolation):
        if error:
            failed += 1
            click.echo(
                f"FAILED {name}: cell In [{error['cell']}]: {error['ename']}: {error['evalue']} (baseline "
                "kept)",
                err=True,
            )
        else:
            click.echo(f"updated {name}")
    sys.exit(1 if failed else 0)


def _fresh_note(isolation: str, kernels: list[str]) -> None:
    """Say so when the warm path was asked for but some reports ran in fresh kernels (they are still correct,
    only slower)."""
    reasons = sorted(
        {k.removeprefix("fresh (").removesuffix(")") for k in kernels if k.startswith("fresh (")}
    )
    if isolation == "fork" and reasons:
        count = sum(k.startswith("fresh (") for k in kernels)
        click.echo(
            f"note: {count} report(s) ran in a fresh kernel instead of a forked one: {'; '.join(reasons)}",
            err=True,
        )


@cli.command()
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
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Stop (and write nothing) when the minimisation takes longer.",
)
@click.option(
    "--max-models",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Stop (and write nothing) when there are more tied minimal models.",
)
@click.option(
    "--max-prime-implicants",
    type=click.IntRange(min=1),
    default=250_000,
    show_default=True,
    help="Stop (and write nothing) when there are more prime implicants.",
)
@format_option("json")
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
) -> None:
    """Qualitative Comparative Analysis of the case table CASES.csv: truth table and minimal solutions."""
    from .analysis import qca as q
    from .analysis.qca.casefile import parse_incl_cut, read_case_table
    from .analysis.qca.errors import limit_message

    def fail(message: str) -> NoReturn:
        click.echo(f"studykit qca: {message}", err=True)
        sys.exit(1)

    try:
        frame = read_case_table(cases, case_column)
        cut = parse_incl_cut(incl_cut)
    except q.QCAError as exc:
        fail(str(exc))
    except MemoryError:
        fail(f"ran out of memory while reading {cases}")
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
        fail(limit_message(exc))
    except q.QCAError as exc:
        fail(str(exc))
    try:  # the whole text first: nothing half-written on failure
        text = result.to_json() if fmt == "json" else result.truth_table.to_text() + "\n" + result.to_text()
    except q.QCAError as exc:
        fail(str(exc))
    except MemoryError:
        fail("ran out of memory while writing the solution; nothing was written")
    click.echo(text)


@cli.command()
@click.argument("coding_a", metavar="A", type=click.Path(path_type=Path))
@click.argument("coding_b", metavar="B", type=click.Path(path_type=Path))
@click.option(
    "--level",
    type=click.Choice(["presence", "segment"]),
    default="presence",
    show_default=True,
    help="presence: units study x finding type x theme; segment: characters of the sources per theme, "
    "and matched segments.",
)
@click.option(
    "--overlap",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=0.5,
    show_default=True,
    help="Segment level: two findings match when they share type and theme and their quotes overlap by at "
    "least this share of the shorter quote.",
)
@format_option("json", "csv")
def agreement(coding_a: Path, coding_b: Path, level: str, overlap: float, fmt: str) -> None:
    """Intercoder agreement of two codings A and B of the same studies: two data directories, or two study
    files.

    Reports percent agreement, Cohen's kappa, Krippendorff's alpha, Gwet's AC1 and Brennan-Prediger with
    bootstrap 95 % intervals over studies, overall and by theme, finding type and study, and every
    disagreement.
    """
    import json

    from .analysis import agreement as ag
    from .corpus.problems import ProblemsError

    try:
        result = ag.agreement(ag.load_codings(coding_a, coding_b), level, overlap)
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was compared")
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    else:
        click.echo(result.to_text(), nl=False)


@cli.command()
@click.argument("coding_a", metavar="A", type=click.Path(path_type=Path, file_okay=False))
@click.argument("coding_b", metavar="B", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="New folder for the merged coding.",
)
@click.option(
    "--overlap",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=0.5,
    show_default=True,
    help="Two findings are the same when they share type, theme and review status and their quotes overlap "
    "by at least this share of the shorter quote.",
)
@click.option(
    "--coder-a", default=None, help="Name of coder A in the findings' coders (default: A's coded_by)."
)
@click.option("--coder-b", default=None, help="Name of coder B (default: B's coded_by).")
@format_option("json")
def consensus(coding_a, coding_b, out_dir, overlap, coder_a, coder_b, fmt) -> None:
    """Merge two codings A and B (data directories) into a new data directory --out to settle.

    Findings both coders made are kept once with both coders; every other finding is kept as
    review_status: unreviewed with the coder who proposed it. The merge validates or nothing is written.
    """
    import json

    from .analysis import agreement as ag
    from .coding.consensus import consensus as merge
    from .corpus.problems import Problem, ProblemsError

    if (coder_a is None) != (coder_b is None):
        exit_with_problems(
            [Problem("--coder-a/--coder-b", None, "option", "give both names, or neither")],
            "nothing was written",
        )
    try:
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
    except ProblemsError as exc:
        exit_with_problems(exc.problems, "nothing was written")
    if fmt == "json":
        click.echo(json.dumps(merged.as_dict(), ensure_ascii=False, indent=1))
        return
    for study in dict.fromkeys(r.study_id for r in merged.rows):
        n = merged.counts(study)
        if n["identical"]:
            click.echo(f"{study}: the two codings are identical ({n['identical']} findings)")
        elif n["one_side"]:
            side = "A" if any(r.coder_a for r in merged.rows if r.study_id == study) else "B"
            click.echo(f"{study}: coded by {side} only, copied ({n['one_side']} findings)")
        else:
            click.echo(
                f"{study}: {n['both']} made by both; {n['a_only'] + n['b_only']} to settle "
                f"({n['a_only']} by A only, {n['b_only']} by B only, now unreviewed)"
            )
    unsettled = sum(r.status in ("a_only", "b_only") for r in merged.rows)
    click.echo(
        f"wrote {_display(merged.out_dir)}: {len(merged.rows)} findings, {unsettled} to settle "
        "(accept, reject or delete each unreviewed finding); then `studykit validate "
        f"{_display(merged.out_dir)}`"
    )


@cli.command("import-refi")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
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
    import json

    from .coding.refi.importer import import_refi as run_import

    result = run_import(file, data_dir, mapping=mapping, reviewed=reviewed, dry_run=dry_run)
    plan = result.plan
    if fmt == "json":
        click.echo(
            json.dumps(
                {**plan.as_json(), "written": [str(p.relative_to(p.parents[2])) for p in result.written]},
                ensure_ascii=False,
                indent=1,
            )
        )
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


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _PlainProgress:
    """One line per finished report, for logs and CI (no terminal)."""

    def __call__(self, result, done: int, total: int) -> None:
        status = "ok" if result.ok else "FAILED"
        click.echo(f"[{done}/{total}] {status} {result.seconds:.1f}s {result.job.output}", err=True)


class _BarProgress:
    def __init__(self):
        from tqdm import tqdm

        self.bar = None
        self.tqdm = tqdm

    def __call__(self, result, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = self.tqdm(total=total, unit="report", file=sys.stderr)
        self.bar.update(1)
        self.bar.set_postfix_str(result.job.output)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _progress_bar():
    return _BarProgress() if sys.stderr.isatty() else _PlainProgress()


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM: raised past click (which would print "Aborted!") so that everything started is
    stopped and cleaned up on the way out (render workers, fork server, kernels, temporary folders)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, _frame) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Run the CLI; an unexpected error is one line, not a traceback (STUDYKIT_DEBUG=1 shows it)."""
    import signal

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Interrupted as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        how = "interrupted (Ctrl-C)" if exc.signum == signal.SIGINT else "terminated (SIGTERM)"
        click.echo(
            f"studykit: {how}; stopped. Files finished so far are kept, none is half-written.", err=True
        )
        sys.exit(128 + exc.signum)
    except OSError as exc:
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"studykit: {where}{exc.strerror or exc}; check the path and the disk", err=True)
        sys.exit(1)
    except MemoryError:
        click.echo("studykit: ran out of memory; nothing more was written", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - last line of defence for users
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        click.echo(
            f"studykit: internal error: {type(exc).__name__}: {exc} (set STUDYKIT_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(2)
