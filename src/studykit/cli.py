"""The ``studykit`` command: one entry point per task, the same one CI and the Makefile call."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ._version import __version__
from .paths import SCHEMA_DIR


def _load_or_exit(data_dir):
    from .corpus.load import validate_corpus  # lazy: pandas is not needed to plan or to skip a render

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
ISOLATION = click.option(
    "--isolation",
    type=click.Choice(["fork", "kernel"]),
    default="fork",
    show_default=True,
    help="How each report gets its own kernel: fork = forked from a warm fork server that imported the libraries once; "
    "kernel = a fresh kernel process (slower; also used wherever fork is unavailable).",
)


@cli.command()
@DATA_DIR
def validate(data_dir: Path | None) -> None:
    """Check the corpus in DATA_DIR (default: the project's data/); one line per problem."""
    corpus = _load_or_exit(data_dir)
    click.echo(f"valid: {corpus.summary()}")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data directory (default: the project's data/).",
)
@click.option(
    "--refi",
    is_flag=True,
    help="Write the REFI-QDA codebook (studykit-codebook.qdc) and project (studykit-corpus.qdpx) for MAXQDA, NVivo, ATLAS.ti, QualCoder instead.",
)
def export(out_dir: Path, data_dir: Path | None, refi: bool) -> None:
    """Write findings/studies/themes/frameworks/crosswalk as CSV, one .xlsx and datapackage.json into OUT_DIR (or, with --refi, the REFI-QDA files)."""
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
@DATA_DIR
def schema(check: bool, data_dir: Path | None) -> None:
    """Publish data/schema/study.schema.json (for editors) and docs/data-dictionary.md, both generated from the schema."""
    from .corpus.export import data_dictionary, render_json, study_json_schema
    from .files import write_atomic
    from .paths import PROJECT_ROOT

    corpus = _load_or_exit(data_dir)
    outputs = {
        SCHEMA_DIR / "study.schema.json": render_json(study_json_schema(corpus)),
        PROJECT_ROOT / "docs" / "data-dictionary.md": data_dictionary(),
    }
    stale = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
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


DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data directory (default: $STUDYKIT_DATA_DIR, else the project's data/).",
)


def _refused(problems, what: str = "nothing was written") -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s); {what}.", err=True)
    sys.exit(1)


@cli.command("new-study")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--id",
    "study_id",
    required=True,
    help="The new study's id: lower-case words joined by hyphens, e.g. surabaya-pkh.",
)
@DATA_OPTION
def new_study(source: Path, study_id: str, data_dir: Path | None) -> None:
    """Add a study from SOURCE (UTF-8 .txt, .pdf with a text layer, or .docx): writes sources/ID.txt and studies/ID.yaml to fill."""
    from .coding.intake import new_study as create
    from .coding.publish import CodingError

    try:
        created = create(source, study_id, data_dir)
    except CodingError as exc:
        _refused(exc.problems)
    study, text = _display(created.study_path), _display(created.source_path)
    data = f" --data {data_dir}" if data_dir else ""
    click.echo(
        f"created {text} ({created.characters:,} characters, sha256 {created.sha256[:12]}…) and {study}"
    )
    steps = [
        (f"edit {study}", "fill in every null field; the comments give the allowed values"),
        (
            f"studykit suggest {study_id}{data}",
            "candidate findings with verbatim quotes; --write appends them as unreviewed",
        ),
        (f"edit {study}", "review each finding: fix it and set review_status: reviewed, or delete it"),
        (f"studykit validate{' ' + str(data_dir) if data_dir else ''}", "until it says valid"),
        (f"studykit render{data}", "the study's profile report, and every cross-case report updated"),
    ]
    width = max(len(command) for command, _ in steps)
    click.echo("next steps:")
    for command, why in steps:
        click.echo(f"  {command.ljust(width)}   # {why}")
    click.echo(
        f"  (or code in a spreadsheet: studykit suggest {study_id} --format csv > {study_id}.csv, edit it, studykit import-findings {study_id}.csv)"
    )


@cli.command()
@click.argument("target", metavar="ID|SOURCE.txt")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    help="table (default), json, or csv in the columns of the exported findings.csv (code it in a spreadsheet, then import-findings).",
)
@click.option(
    "--write",
    is_flag=True,
    help="Append the candidates to the study file as review_status: unreviewed findings (analyses leave them out until accepted).",
)
@DATA_OPTION
def suggest(target: str, fmt: str, write: bool, data_dir: Path | None) -> None:
    """Propose candidate findings for a study (its id) or a .txt source: type, theme, verbatim quote with start/end, score and the cues that fired."""
    import json

    from .coding import suggest as sg
    from .coding.publish import CodingError
    from .paths import resolve_data_dir

    root = resolve_data_dir(data_dir)
    try:
        source = sg.resolve(target, root)
        candidates = sg.suggest(source.text, root, study_id=source.study_id)
        if write:
            if source.study_id is None:
                raise CodingError([sg_problem(target)])
            written = sg.write_suggestions(source, candidates, root)
    except CodingError as exc:
        _refused(exc.problems)
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
        click.echo(sg.table(candidates))
    if write:
        click.echo(
            f"appended {len(written)} unreviewed finding(s) to {_display(source.study_path)}"
            f" ({len(candidates) - len(written)} already there); review them, then `studykit validate`",
            err=fmt != "table",
        )


@cli.command("import-findings")
@click.argument("sheet", metavar="FILE.csv|FILE.xlsx", type=click.Path(path_type=Path))
@DATA_OPTION
def import_findings(sheet: Path, data_dir: Path | None) -> None:
    """Write findings coded in a spreadsheet (the columns of `studykit export`'s findings.csv) into the study files.

    Each study with rows gets exactly those findings, in row order; every quote is located in its
    source first. Any problem is printed as FILE:ROW: column: problem and nothing is written.
    """
    from .coding.publish import CodingError
    from .coding.spreadsheet import import_findings as run

    try:
        done = run(sheet, data_dir)
    except CodingError as exc:
        _refused(exc.problems)
    click.echo(
        f"imported {done.findings} findings of {len(done.studies)} studies from {sheet}: "
        f"{len(done.written)} study file(s) written, {len(done.studies) - len(done.written)} unchanged; now run `studykit validate`"
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
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format of --list."
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data directory (default: the project's data/).",
)
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
    help="Run the reports on a Dask distributed cluster (e.g. tcp://HOST:8786) instead of local worker processes; "
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
    from .corpus.problems import CorpusError
    from .render.manifest import load_plan

    try:
        jobs = load_plan(data_dir, manifest_path)
    except CorpusError as exc:
        _fail(exc.problems)
    if list_only:
        listing = [job.listing(reports_dir) for job in jobs]
        if fmt == "json":
            click.echo(json.dumps(listing, ensure_ascii=False, indent=1))
        else:
            for item in listing:
                click.echo(
                    f"{item['output']}  <-  {item['notebook']} {json.dumps(item['parameters'], ensure_ascii=False)}"
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
    except CorpusError as exc:
        _fail(exc.problems)
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
@ISOLATION
def baseline(notebooks, isolation) -> None:
    """Re-run the notebooks (default: all of notebooks/) with default parameters and store their outputs: the nbval baseline.

    Run it after an intended change to data or code, review `git diff notebooks/`, and commit.
    """
    from .paths import NOTEBOOKS_DIR
    from .render import engine

    _load_or_exit(None)  # never store a baseline of an invalid corpus
    paths = sorted(notebooks) or sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    failed = 0
    for name, error in engine.baseline(paths, isolation=isolation):
        if error:
            failed += 1
            click.echo(
                f"FAILED {name}: cell In [{error['cell']}]: {error['ename']}: {error['evalue']} (baseline kept)",
                err=True,
            )
        else:
            click.echo(f"updated {name}")
    sys.exit(1 if failed else 0)


def _fresh_note(isolation: str, kernels: list[str]) -> None:
    """Say so when the warm path was asked for but some reports ran in fresh kernels (they are still correct, only slower)."""
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
@click.argument("data", type=click.Path(path_type=Path))
@click.option("--outcome", required=True, help="Outcome column: Y, ~Y (negated) or Y[v] (multi-value).")
@click.option(
    "--conditions", default=None, help="Condition columns, comma-separated (default: every other column)."
)
@click.option(
    "--case-column",
    default=None,
    help="Column with the case names (default: 'case' if present, else a first non-numeric column, else row numbers).",
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
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def qca(data, outcome, conditions, case_column, incl_cut, n_cut, pri_cut, solution, dir_exp, fmt) -> None:
    """Qualitative Comparative Analysis of the case table DATA (CSV): truth table and minimal solutions."""
    import pandas as pd

    from .analysis import qca as q

    def fail(message: str) -> None:
        click.echo(f"studykit qca: {message}", err=True)
        sys.exit(1)

    try:
        frame = pd.read_csv(data, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        fail(f"no such file: {data}")
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's input problem
        fail(f"cannot read {data} as CSV: {exc}")
    frame = frame.replace({"": None, "NA": None})
    if case_column is None:
        if "case" in frame.columns:
            case_column = "case"
        elif len(frame.columns) and not pd.to_numeric(frame[frame.columns[0]], errors="coerce").notna().all():
            case_column = str(frame.columns[0])
    if case_column is not None:
        if case_column not in frame.columns:
            fail(f"unknown case column {case_column!r}; columns are: {', '.join(map(str, frame.columns))}")
        frame.index = frame[case_column].astype(str)
        frame = frame.drop(columns=[case_column])
    else:
        frame.index = [str(i + 1) for i in range(len(frame))]
    try:
        cut = [float(v) for v in incl_cut.split(",") if v.strip()]
    except ValueError:
        fail(f"--incl-cut takes one or two numbers, got {incl_cut!r}")
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
        )
    except (q.QCAError, q.QCALimitError) as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(result.to_json())
    else:
        click.echo(result.truth_table.to_text())
        click.echo(result.to_text())


@cli.command("import-refi")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="CSV code,finding_type,theme_id mapping a foreign codebook's codes (GUID, path a/b or name) to studykit's; both empty ignores a code.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Output format of the report.",
)
@click.option(
    "--reviewed",
    is_flag=True,
    help="Mark imported findings reviewed (default: unreviewed until an analyst accepts them).",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Data directory (default: the project's data/).",
)
def import_refi(
    file: Path, mapping: Path | None, dry_run: bool, fmt: str, reviewed: bool, data_dir: Path | None
) -> None:
    """Import a REFI-QDA project (.qdpx) or codebook (.qdc) from MAXQDA, NVivo, ATLAS.ti, QualCoder…: sources become studies, codings findings.

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
    for problem in plan.problems:
        click.echo(str(problem), err=True)
    if plan.problems:
        click.echo(f"{len(plan.problems)} problem(s); nothing was written.", err=True)
        sys.exit(1)


def _print_import(plan, written, dry_run: bool) -> None:
    data = plan.as_json()
    if not data["codes"] and not data["sources"] and plan.problems:
        return  # the file could not be read at all: the problems say why
    kind = "codebook" if plan.counting is None else "project"
    click.echo(f"{plan.file}: REFI-QDA {kind} from {plan.origin or 'an unnamed tool'}")
    if plan.counting is not None:
        click.echo(f"positions counted in {plan.counting.label} ({plan.counting_why})")
        click.echo(
            f"sources: {len(data['sources'])} text ({', '.join(s['name'] for s in data['sources'])}); selections: {len(data['selections'])}"
        )
    mapped = [c for c in data["codes"] if c["mapped_to"]]
    click.echo(f"codes: {len(data['codes'])}, {len(mapped)} mapped")
    for code in data["codes"]:
        if code["used"] or code["mapped_to"]:
            click.echo(
                f"  {(code['path'] + '/' if code['path'] else '') + code['name']} -> {code['mapped_to'] or 'NOT MAPPED'} ({code['used']} coding(s))"
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
            line += f"; variables not in the schema (not imported): {', '.join(f'{k}={v}' for k, v in study['unused_variables'].items())}"
        click.echo(line)
    for skipped in data["skipped"]:
        click.echo(f"skipped: {skipped}")
    if written:
        click.echo(f"wrote {len(written)} file(s); next: studykit validate")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fail(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s); nothing was rendered.", err=True)
    sys.exit(1)


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
    """Ctrl-C or SIGTERM: raised past click (which would print "Aborted!") so that everything started is stopped and
    cleaned up on the way out (render workers, fork server, kernels, temporary folders)."""

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
    except Exception as exc:  # noqa: BLE001 - last line of defence for users
        if os.environ.get("STUDYKIT_DEBUG"):
            raise
        click.echo(
            f"studykit: internal error: {type(exc).__name__}: {exc} (set STUDYKIT_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(2)
