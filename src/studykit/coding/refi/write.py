"""Write a checked import plan with the study-intake building blocks: all studies or none.

New studies get their source text and a study file from :func:`~studykit.coding.intake.study_template`
(known attributes filled, the others null with what to fill in); existing studies get the new
findings appended with :mod:`~studykit.coding.studyfile` (comments and layout kept). Every finding is
checked as ``studykit validate`` would, then :func:`~studykit.coding.publish.publish` writes the whole
set in one all-or-nothing step.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from ruamel.yaml.scalarstring import LiteralScalarString

from ...corpus.messages import phrase, t
from ...corpus.problems import Problem
from ...paths import shown_path
from ..intake import SOURCES_DIR, study_template
from ..language import languages_of
from ..publish import CodingError, publish
from ..studyfile import (
    append_findings,
    dump,
    load,
    next_finding_number,
    read_document,
    set_findings,
    stated_finding_problems,
)
from .plan import ImportPlan, PlannedStudy


def _records(planned: PlannedStudy, first: int, lang: str) -> list[dict]:
    records = [
        {"finding_id": f"{planned.study_id}-{n:02d}", **{k: phrase(v, lang) for k, v in f.items()}}
        for n, f in enumerate(planned.findings, start=first)
    ]
    for record in records:
        if record.get("memo"):  # a memo reads as a block in the study file, as an analyst writes it
            record["memo"] = LiteralScalarString(record["memo"])
    return records


def write_plan(
    plan: ImportPlan,
    data_dir: Path,
    theme_ids: set[str],
    framework_ids: list[str],
    taken_ids: set[str],
    lang: str = "en",
) -> tuple[list[Path], list[Problem]]:
    """Write every planned study, or nothing; return the paths written, or the problems (nothing written
    then). What the import writes in words (the study file's comments, ``coded_by``, each finding's note) is
    in ``lang``."""
    created: dict[Path, str] = {}
    replaced: dict[Path, str] = {}
    problems: list[Problem] = []
    for planned in plan.studies:
        study_path = data_dir / "studies" / f"{planned.study_id}.yaml"
        shown = shown_path(study_path, data_dir)
        if planned.existing:
            _, document = read_document(study_path)
            records = _records(
                planned, next_finding_number(document.get("findings") or [], planned.study_id), lang
            )
        else:
            records = _records(planned, 1, lang)
        for found in stated_finding_problems(
            shown,
            lambda i: None,
            lambda i, name: f"findings.{i}.{name}",
            planned.study_id,
            records,
            planned.text,
            theme_ids,
            taken_ids,
        ):
            said = {"en": found.message, **dict(found.translations)}
            imported = {
                lang: t("problem.imported_finding", lang, message=said[lang]) for lang in ("en", "id")
            }
            problems.append(Problem(shown, None, found.field, imported["en"], (("id", imported["id"]),)))
        if planned.existing:
            append_findings(document, records)
            replaced[study_path] = dump(document)
            continue
        source_fields = dict(planned.source_fields)
        guessed = (
            None if source_fields.get("languages") else languages_of(planned.text)
        )  # the template marks a guess "check"
        if guessed:
            source_fields.pop("languages", None)
        template = study_template(
            planned.study_id,
            f"{SOURCES_DIR}/{planned.study_id}.txt",
            planned.sha256,
            seed_file=planned.source.name,
            metadata={**{k: phrase(v, lang) for k, v in planned.study.items()}, "source": source_fields},
            languages=guessed,
            framework_ids=framework_ids,
            lang=lang,
        )
        seed = planned.source.name  # the header's first words say where the study came from
        created_by = t("template.header", lang, seed=seed, study_id=planned.study_id).split("\n", 1)[0]
        created_by = created_by[: created_by.index(seed) + len(seed)]
        # the file's name, not where it lay: a study file is the same bytes wherever it was imported from
        named = t("refi.template_from", lang, file=PurePath(plan.file).name, seed=seed)
        template = template.replace(created_by, named, 1)
        document = load(template)
        set_findings(document, records)
        created[data_dir / SOURCES_DIR / f"{planned.study_id}.txt"] = planned.text
        created[study_path] = dump(document)
    if problems:
        return [], problems
    # project, study and theme memos, in the import's language: new files only (the plan kept existing ones)
    created.update({path: phrase(text, lang) for path, text in plan.memo_files.items()})
    try:
        publish(created, replaced, shown=lambda path: shown_path(path, data_dir), root=data_dir)
    except CodingError as exc:
        return [], exc.problems
    return sorted([*created, *replaced]), []
