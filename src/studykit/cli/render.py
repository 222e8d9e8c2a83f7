"""The commands that run the notebooks: ``render`` the reports, store the nbval ``baseline``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..corpus.messages import LANGS
from .catalogued import command
from .options import DATA_OPTION, ISOLATION, file_option, format_option, lang_option, out_option
from .output import data_flag, display, echo_json, load_or_exit, problems_exit, say

VALID_SHOWN = 60  # ids an unknown --report or --study lists


@command()
@click.option("--jobs", "-j", "workers", type=click.IntRange(min=1), default=None)
@click.option("--force", is_flag=True)
@click.option("--show-code", is_flag=True)
@click.option("--list", "list_only", is_flag=True)
@click.option("--report", "reports", metavar="ID", multiple=True)
@click.option("--study", "studies", metavar="STUDY_ID", multiple=True)
@click.option("--report-lang", "report_langs", type=click.Choice(LANGS), multiple=True)
@format_option("json")
@DATA_OPTION
@out_option("reports_dir")
@file_option("--manifest", "manifest_path")
@ISOLATION
@click.option("--timeout", type=click.FloatRange(min=0), default=600, show_default=True)
@click.option("--scheduler", metavar="ADDRESS", default=None)
@lang_option()
def render(
    workers,
    force,
    show_code,
    list_only,
    reports,
    studies,
    report_langs,
    fmt,
    data_dir,
    reports_dir,
    manifest_path,
    isolation,
    timeout,
    scheduler,
    lang,
) -> None:
    import json
    import time

    from ..paths import MANIFEST, reports_beside

    started = time.perf_counter()
    if fmt != "text" and not list_only:  # the summary of a render has no machine format: never ignore it
        raise click.UsageError(say("render.format_needs_list", lang, fmt=fmt))
    # without --out, another corpus's reports go beside it, never over the project's
    reports_dir = reports_dir or reports_beside(data_dir)
    manifest_path = (manifest_path or MANIFEST).resolve()
    from ..render.selection import Selection, SelectionError, select

    selection = Selection(tuple(reports), tuple(studies), tuple(report_langs))
    if not (force or list_only or not selection.everything):
        from ..render.inputs import unchanged_reports

        unchanged = unchanged_reports(reports_dir, manifest_path, data_dir, show_code)
        if unchanged is not None:  # nothing changed since the last complete render: no planning, no imports
            return _summary(0, unchanged, 0, started, reports_dir, lang)
    from ..render.manifest import load_plan

    with problems_exit("cli.what.nothing_rendered", lang):
        jobs = load_plan(data_dir, manifest_path)
    try:  # the selection narrows what is rendered; the index still lists the whole plan
        chosen = select(jobs, selection, jobs.drafts)
    except SelectionError as exc:
        values = {**exc.values, "manifest": display(manifest_path), "data": data_flag(data_dir)}
        if values.get("guess"):
            values["guess"] = say("render.did_you_mean", lang, guess=values["guess"])
        if "valid" in values:  # at 500 studies: the first ones, and how to see them all
            valid, shown = values["valid"], values["valid"][:VALID_SHOWN]
            more = say("render.and_more", lang, n=len(valid) - len(shown)) if len(valid) > len(shown) else ""
            values["valid"] = ", ".join(shown) + more
        raise click.UsageError(say(exc.key, lang, **values)) from None
    if list_only:
        listing = [job.listing(reports_dir, display) for job in chosen]
        if fmt == "json":
            echo_json(listing)
        else:
            for item in listing:
                click.echo(
                    f"{item['output']}  <-  {item['notebook']} "
                    f"{json.dumps(item['parameters'], ensure_ascii=False)}"
                )
        return
    from ..render import engine

    if scheduler:
        try:
            import distributed  # noqa: F401
        except ImportError:
            click.echo(say("render.needs_dask", lang), err=True)
            sys.exit(2)
        from ..render.cluster import SchedulerUnreachable as unreachable
    else:
        unreachable = ()  # catches nothing
    bar = _progress_bar(lang)
    try:
        with problems_exit("cli.what.nothing_rendered", lang):
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
                only=None if selection.everything else chosen,
            )
    except unreachable as exc:
        click.echo(say("render.scheduler_unreachable", lang, address=exc.address, error=exc.error), err=True)
        sys.exit(1)
    finally:
        getattr(bar, "close", lambda: None)()
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(engine.failure_line(result, reports_dir, lang, display), err=True)
    note = engine.fresh_note(isolation, [r.kernel for r in results], lang)
    if note:
        click.echo(note, err=True)
    _summary(len(results) - len(failed), len(skipped), len(failed), started, reports_dir, lang)
    if failed:
        sys.exit(1)


def _summary(rendered: int, skipped: int, failed: int, started: float, reports_dir: Path, lang: str) -> None:
    import time

    from ..corpus.numbers import number

    seconds = number(time.perf_counter() - started, lang, 1)  # 4,9 dtk in Bahasa Indonesia
    index = display(reports_dir / "index.html")
    counts = {"rendered": rendered, "skipped": skipped, "failed": failed}
    click.echo(say("render.summary", lang, **counts, seconds=seconds, index=index))


class PlainProgress:
    """One line per finished report, for logs and CI (no terminal)."""

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def __call__(self, result, done: int, total: int) -> None:
        status = say("render.ok" if result.ok else "render.failed", self.lang)
        from ..corpus.numbers import number

        seconds = number(result.seconds, self.lang, 1)  # 4,9 dtk in Indonesian
        values = {"done": done, "total": total, "status": status, "seconds": seconds}
        click.echo(say("render.progress", self.lang, **values, output=result.job.output), err=True)


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


def _progress_bar(lang: str = "en"):
    return _BarProgress() if sys.stderr.isatty() else PlainProgress(lang)


@command()
@click.argument("notebooks", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATA_OPTION
@ISOLATION
@lang_option()
def baseline(notebooks, data_dir, isolation, lang) -> None:
    from ..paths import baseline_notebooks
    from ..render import engine

    corpus = load_or_exit(data_dir, lang)  # never store a baseline of an invalid corpus
    if data_dir is not None:  # the notebooks' kernels read the corpus where the render's do
        os.environ["STUDYKIT_DATA_DIR"] = str(corpus.data_dir)
    paths = sorted(notebooks) or baseline_notebooks()
    before = {path.name: path.read_bytes() for path in paths}  # "unchanged": nothing for git diff to show
    failed = 0
    for name, error in engine.baseline(paths, isolation=isolation):
        if error:
            failed += 1
            where = {k: error[k] for k in ("cell", "ename", "evalue")}
            click.echo(say("baseline.failed", lang, name=name, **where), err=True)
        else:
            same = before[name] == next(p for p in paths if p.name == name).read_bytes()
            click.echo(say("baseline.unchanged" if same else "baseline.updated", lang, name=name))
    sys.exit(1 if failed else 0)


COMMANDS = (render, baseline)
