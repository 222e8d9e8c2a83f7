"""``studykit import-refi``: read, map, plan, and (unless it is a dry run or there is a problem) write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...corpus import tables
from ...corpus.codebook import read_frameworks, read_merged, read_retired, read_themes
from ...corpus.load import Corpus, validate_corpus
from ...corpus.messages import problem
from ...corpus.problems import CorpusError, Problem
from ...paths import resolve_data_dir
from .mapping import map_codes, read_mapping
from .plan import ImportPlan, plan_import
from .project import read
from .write import write_plan


@dataclass
class ImportResult:
    """The import plan and the files written (none after a dry run or a problem)."""

    plan: ImportPlan
    written: list[Path] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.plan.problems


def target_corpus(data_dir: Path) -> tuple[Corpus | None, list[Problem]]:
    """The corpus to import into; a data directory with a codebook but no study yet counts as an empty
    corpus."""
    if not any((data_dir / "studies").glob("*.yaml")):
        try:
            themes = read_themes(data_dir)
        except CorpusError as exc:
            return None, exc.problems
        empty = Corpus(
            studies=tables.frame([], tables.STUDY_COLUMNS),
            findings=tables.frame([], tables.FINDING_COLUMNS),
            themes=tables.frame([t.model_dump() for t in themes], tables.THEME_COLUMNS),
            frameworks=tables.frame([], tables.VARIABLE_COLUMNS),
            crosswalk=tables.frame([], tables.CROSSWALK_COLUMNS),
            provinces=tables.frame([], tables.PROVINCE_COLUMNS),
            data_dir=data_dir,
        )
        return empty, []
    corpus, problems = validate_corpus(data_dir)
    if corpus is None:
        return None, problems + [problem(data_dir.name, None, "corpus", "problem.corpus_invalid_first")]
    return corpus, []


def _framework_ids(data_dir: Path) -> list[str]:
    """Framework ids for the study template's comments (the corpus may have no study yet)."""
    try:
        return sorted(f.framework_id for f in read_frameworks(data_dir))
    except CorpusError:
        return []


def import_refi(
    path: Path,
    data_dir: Path | None = None,
    mapping: Path | None = None,
    reviewed: bool = False,
    dry_run: bool = False,
    not_a_duplicate: bool = False,
    lang: str = "en",
) -> ImportResult:
    """Import a .qdpx/.qdc into the corpus in ``data_dir``; with problems or ``dry_run``, write nothing.
    ``not_a_duplicate``: a source that is the same or nearly the same text as a study's is a different study
    all the same (as ``new-study --not-a-duplicate``); what it writes in words (comments, notes) is in
    ``lang``."""
    data_dir = resolve_data_dir(data_dir)
    shown = str(path)
    corpus, corpus_problems = target_corpus(data_dir)
    project = read(Path(path), shown)
    if corpus is None:
        return ImportResult(ImportPlan(shown, project.origin, problems=corpus_problems + project.problems))
    targets, mapping_problems = {}, []
    merged = read_merged(data_dir)  # read with the themes: a code or row naming a merged theme is told where
    retired = read_retired(data_dir)  # and one naming a retired or split theme what to code instead
    if mapping is not None:
        targets, mapping_problems = read_mapping(
            Path(mapping), str(mapping), project.codes, set(corpus.theme_ids), merged, retired
        )
    mapped = map_codes(project.codes, corpus.themes, targets)
    plan = plan_import(
        project,
        mapped,
        corpus,
        reviewed=reviewed,
        merged=merged,
        not_a_duplicate=not_a_duplicate,
        retired=retired,
    )
    plan.problems = mapping_problems + plan.problems
    result = ImportResult(plan)
    if dry_run or plan.problems or project.is_codebook:
        return result
    framework_ids = sorted(set(corpus.frameworks["framework_id"])) or _framework_ids(data_dir)
    result.written, problems = write_plan(
        plan, data_dir, set(corpus.theme_ids), framework_ids, set(corpus.findings["finding_id"]), lang
    )
    plan.problems.extend(problems)
    return result
