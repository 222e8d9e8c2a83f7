"""The render manifest (``reports.yaml``) and the job plan it expands to.

Planning is deliberately light: it reads study ids and labels straight from the YAML files,
and framework names from the codebook (no pandas), so that ``studykit render --list``
answers in well under a second. A render with nothing to do does not even plan
(see :mod:`.inputs`, the run key).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..corpus.messages import problem, t
from ..corpus.problems import CorpusError, Problem, ProblemError
from ..corpus.readers import parse_yaml, read_text
from ..corpus.validation import validation_problems
from ..paths import MANIFEST, confined, project_path, resolve_data_dir
from ..reports import i18n
from ..reports.params import parameter_names, validate_parameters
from ..reports.titles import readable
from ..reports.titles import title as report_title
from .catalog import Catalog as Catalog  # planning's view of the data; here, where callers found it


class ManifestEntry(BaseModel):
    """One report of ``reports.yaml``: notebook, title, output path, expansion and parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    notebook: str = Field(description="Notebook name in notebooks/, without .ipynb.")
    title: str = Field(description="Message key of the report title.")
    output: str = Field(
        pattern=r"^[a-z0-9_{}./-]+$",
        description="Path under reports/<lang>/ without .html; may use {study_id} or {framework}.",
    )
    for_each: Literal["study", "framework"] | None = Field(
        None, description="Expand over every study or framework of the corpus."
    )
    parameters: dict[str, Any] = Field(default_factory=dict)


class Manifest(BaseModel):
    """``reports.yaml``: the languages and every report to render."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    notebooks: str = Field("notebooks", description="Folder of the notebooks, relative to the manifest.")
    languages: list[Literal["en", "id"]] = Field(min_length=1)
    reports: list[ManifestEntry] = Field(min_length=1)
    second_coding: str | None = Field(
        None,
        description="A second analyst's coding of the same studies (a data directory with the layout of "
        "data/), "
        "relative to the manifest; when set (or, without it, when <data>/second-coding/ exists), the "
        "agreement "
        "report compares it with the corpus in every language.",
    )


DEFAULT_SECOND_CODING = (
    "second-coding"  # <data>/second-coding/: used when reports.yaml names no second coding
)
AGREEMENT = ManifestEntry(notebook="7-agreement", title="agreement.title", output="agreement")


def second_coding_dir(manifest_path: Path, second_coding: str) -> Path:
    """The second coding's data directory: ``second_coding`` of the manifest, relative to the manifest's
    folder."""
    return (manifest_path.parent / second_coding).resolve()


@dataclass(frozen=True)
class Job:
    """One report: a notebook, its parameters (language included) and where its HTML goes."""

    notebook: str
    notebook_path: Path
    parameters: dict[str, Any]
    output: str  # relative to the reports directory, e.g. "en/study-profile/jambi-bantar.html"
    titles: dict[str, str]  # the title in the report's language, and in the other one for the index
    group: str
    source: str  # the notebook relative to the manifest's folder (POSIX): what a report may record
    described: dict[str, str] = field(default_factory=dict)  # the parameters as each language reads them
    entry: str = ""  # the manifest entry's output, e.g. "study-profile/{study_id}" (``render --report``)
    for_each: str | None = None  # "study" for a per-study report (``render --study``), "framework", None

    @property
    def lang(self) -> str:
        return self.parameters["lang"]

    def listing(self, reports_dir: Path, shown: Callable[[Path], str] = project_path) -> dict[str, Any]:
        """The job as ``render --list`` prints it; ``shown`` prints a path (the CLI's: as it opens from where
        the command was run)."""
        return {
            "notebook": shown(self.notebook_path),
            "parameters": self.parameters,
            "output": shown(reports_dir / self.output),
        }


def read_manifest(path: Path = MANIFEST) -> Manifest:
    shown = project_path(path)
    try:
        text = read_text(path, shown)
        return Manifest.model_validate(parse_yaml(text, shown))
    except ProblemError as exc:
        raise CorpusError([exc.problem]) from None
    except ValidationError as exc:
        raise CorpusError(validation_problems(exc, shown, text, pydantic_english=True)) from None


def plan(
    manifest: Manifest, catalog: Catalog, manifest_path: Path = MANIFEST, data_dir: Path | None = None
) -> list[Job]:
    """Expand the manifest into jobs, validating every parameter set against its notebook's contract.

    ``data_dir`` (default: the project's) is where the second coding's path is given from: the agreement
    report gets it relative to the folder that holds the data directory, never as an absolute path.
    """
    jobs, problems = [], []
    shown = project_path(manifest_path)
    entries = list(manifest.reports)
    root = resolve_data_dir(data_dir)
    if manifest.second_coding is not None:
        where = second_coding_dir(manifest_path, manifest.second_coding)
    elif (root / DEFAULT_SECOND_CODING / "studies").is_dir():
        where = root / DEFAULT_SECOND_CODING
    else:
        where = None
    if (
        where is not None and where.is_dir()
    ):  # relative to the data directory's folder: no absolute path in a report
        relative = Path(os.path.relpath(where, root.parent)).as_posix()
        entries.append(AGREEMENT)
        entries = [  # the one resolution: every report that reads a second coding gets this one
            e.model_copy(update={"parameters": {**e.parameters, "second_coding": relative}})
            if "second_coding" in parameter_names(e.notebook)
            else e
            for e in entries
        ]
    elif where is not None:
        problems.append(
            problem(
                shown,
                None,
                "second_coding",
                "problem.second_coding",
                value=manifest.second_coding,
                file=shown,
            )
        )
    for i, entry in enumerate(entries):
        if entry.for_each == "study":
            expansions = [{"study_id": s} for s in catalog.study_ids]
        elif entry.for_each == "framework":
            expansions = [{"framework": f} for f in catalog.framework_ids]
        else:
            expansions = [{}]
        for extra in expansions:
            for lang in manifest.languages:
                values = {**entry.parameters, **extra, "lang": lang}
                try:
                    params = validate_parameters(entry.notebook, catalog, values)
                except ValueError as exc:
                    said = (("id", getattr(exc, "indonesian", str(exc))),)  # a ParameterError says both
                    problems.append(Problem(shown, None, f"reports.{i}", str(exc), said))
                    continue
                label = catalog.study_labels.get(params.get("study_id", ""), {})
                framework = catalog.framework_names.get(params.get("framework", ""), "")
                try:
                    names = catalog.names
                    titles = {
                        lang: report_title(
                            entry.title,
                            entry.notebook,
                            params,
                            lang,
                            names,
                            label=label.get(lang, ""),
                            framework=framework,
                        )
                        for lang in i18n.LANGS
                    }
                except (i18n.UnknownMessage, KeyError) as exc:
                    unknown = isinstance(exc, i18n.UnknownMessage)
                    said = t(
                        "problem.no_message" if unknown else "problem.title_value", "id", key=entry.title
                    )
                    problems.append(Problem(shown, None, f"reports.{i}.title", str(exc), (("id", said),)))
                    continue
                try:
                    output = f"{lang}/{entry.output.format(**extra)}.html"
                except (KeyError, IndexError, AttributeError, ValueError) as exc:
                    problems.append(
                        problem(
                            shown,
                            None,
                            f"reports.{i}.output",
                            "problem.output_fill",
                            value=entry.output,
                            error=repr(exc),
                        )
                    )
                    continue
                if (why := confined(output)) is not None:
                    problems.append(
                        problem(
                            shown,
                            None,
                            f"reports.{i}.output",
                            "problem.output_outside",
                            value=output,
                            why=why,
                        )
                    )
                    continue
                path = (manifest_path.parent / manifest.notebooks / f"{entry.notebook}.ipynb").resolve()
                if not path.is_file():
                    problems.append(
                        problem(
                            shown,
                            None,
                            f"reports.{i}.notebook",
                            "problem.notebook_missing",
                            file=project_path(path),
                        )
                    )
                    continue
                source = Path(os.path.relpath(path, manifest_path.parent.resolve())).as_posix()
                described = {lang: readable(params, lang, names) for lang in i18n.LANGS}
                jobs.append(
                    Job(
                        entry.notebook,
                        path,
                        params,
                        output,
                        titles,
                        entry.notebook,
                        source,
                        described,
                        entry.output,
                        entry.for_each,
                    )
                )
    outputs = [j.output for j in jobs]
    for dup in sorted({o for o in outputs if outputs.count(o) > 1}):
        problems.append(problem(shown, None, "output", "problem.output_twice", file=dup))
    if problems:  # one missing notebook is one problem, not one per study and language it would render
        raise CorpusError(list(dict.fromkeys(problems)))
    return jobs


def load_plan(data_dir: str | Path | None = None, manifest_path: Path = MANIFEST) -> list[Job]:
    data_dir = resolve_data_dir(data_dir)
    try:
        catalog = Catalog.read(data_dir)
    except ProblemError as exc:
        raise CorpusError([exc.problem]) from None
    except (KeyError, TypeError) as exc:
        raise CorpusError(
            [problem(project_path(data_dir), None, "codebook", "problem.codebook_unreadable", error=exc)]
        ) from None
    jobs = plan(read_manifest(manifest_path), catalog, manifest_path, data_dir)
    return Plan(jobs, catalog.drafts, tuple(catalog.study_ids))


class Plan(list):
    """The jobs, the drafts whose reports were left out (for the index) and the studies planned for."""

    def __init__(self, jobs: list[Job], drafts: tuple[str, ...] = (), studies: tuple[str, ...] = ()):
        super().__init__(jobs)
        self.drafts = drafts
        self.studies = studies
