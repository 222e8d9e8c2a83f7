"""Checks across the files of a corpus: ids unique across study files, sources no study uses, records of
unsaved workbench work on studies that are gone, studies whose sources are the same text, and the reviewers'
CERQual judgements naming existing themes."""

from __future__ import annotations

from pathlib import Path

from ..files import UNSAVED
from ..paths import shown_path
from .codebook import THEMES_FILE
from .layout import STUDIES_DIR
from .mergedthemes import judgement_values, retired_judgement
from .messages import problem
from .problems import CorpusError, Problem
from .readers import yaml_line
from .studies import FINDING_ID_AT, STUDY_ID_AT, StudyResult


def duplicates(results: list[StudyResult], data_dir: Path) -> list[Problem]:
    """Ids that must be unique across files: study ids and finding ids."""
    problems = []
    first_study: dict[str, str] = {}
    first_finding: dict[str, str] = {}
    for r in results:
        if r.study is None:
            continue
        shown = r.shown
        sid = r.study[STUDY_ID_AT]
        text = None
        if sid in first_study:
            text = Path(r.path).read_text(encoding="utf-8")
            problems.append(
                problem(
                    shown,
                    yaml_line(text, ("study_id",)),
                    "study_id",
                    "problem.duplicate_study_id",
                    study_id=sid,
                    file=first_study[sid],
                )
            )
        first_study.setdefault(sid, shown)
        for i, row in enumerate(r.findings):
            fid = row[FINDING_ID_AT]
            if fid in first_finding and first_finding[fid] != shown:
                text = text or Path(r.path).read_text(encoding="utf-8")
                problems.append(
                    problem(
                        shown,
                        yaml_line(text, ("findings", i, "finding_id")),
                        f"findings.{i}.finding_id",
                        "problem.duplicate_finding_id_in",
                        finding_id=fid,
                        file=first_finding[fid],
                    )
                )
            first_finding.setdefault(fid, shown)
    return problems


def orphan_sources(study_paths: list[Path], used: set[str], data_dir: Path) -> list[Problem]:
    """Sources that no study uses and no study file is named after: what an interrupted ``new-study`` leaves
    behind."""
    studies = {p.stem for p in study_paths}
    return [
        problem(
            shown_path(source, data_dir),
            None,
            "file",
            "problem.orphan_source",
            study_file=f"{STUDIES_DIR}/{source.stem}.yaml",
            study_id=source.stem,
        )
        for source in sorted((data_dir / "sources").glob("*.txt"))
        if source.stem not in studies and f"{data_dir.name}/sources/{source.name}" not in used
    ]


def unsaved_left(data_dir: Path) -> list[Problem]:
    """The workbench's records of unsaved work (``.studykit-unsaved.ID.PID-HEX.json``) on a study that has no
    study file any more: offered only when that study opens, they would stay for ever unsaid. Read only by
    name (their contents are the workbench's to judge)."""
    studies = {p.stem for p in (data_dir / STUDIES_DIR).glob("*.yaml")}
    left = []
    for path in sorted(data_dir.glob(".studykit-unsaved.*.json")):
        named = UNSAVED.fullmatch(path.name)
        if named is not None and named["study"] not in studies:
            study = named["study"]
            values = {"study_id": study, "study_file": f"{STUDIES_DIR}/{study}.yaml"}
            left.append(problem(shown_path(path, data_dir), None, "file", "problem.unsaved_left", **values))
    return left


def same_sources(results: list[StudyResult]) -> list[Problem]:
    """Studies (drafts too) whose source is the same text as an earlier study's once case, spacing,
    hyphenation, quotes and dashes are set aside (:mod:`.sametext`): one study added twice, from two
    files? A note like an unused source, not an error: ``new-study --not-a-duplicate`` may have been
    right."""
    first: dict[str, StudyResult] = {}
    problems = []
    for r in results:
        if r.source_key is None:
            continue
        if (earlier := first.setdefault(r.source_key, r)) is r:
            continue
        text = Path(r.path).read_text(encoding="utf-8")
        other = earlier.study[STUDY_ID_AT] if earlier.study is not None else earlier.draft.study_id
        problems.append(
            problem(
                r.shown,
                yaml_line(text, ("source", "file")),
                "source.file",
                "problem.same_source",
                study_id=other,
                file=earlier.shown,
            )
        )
    return problems


def check_judgements(
    data_dir: Path,
    theme_ids: frozenset[str],
    merged: dict[str, str] | None = None,
    retired: dict[str, tuple[str, ...]] | None = None,
) -> list[Problem]:
    """The reviewers' CERQual judgements (optional file) must parse and name existing themes; one on a merged,
    retired or split theme is told where it went (``merged``: merged theme id -> the theme it went into;
    ``retired``: retired theme id -> the themes it was split into)."""
    from .judgements import CERQUAL_FILE, read_judgements

    path = data_dir / CERQUAL_FILE
    if not path.exists():
        return []
    try:
        judgements = read_judgements(data_dir)
    except CorpusError as exc:
        return exc.problems
    shown = shown_path(path, data_dir)
    text = path.read_text(encoding="utf-8")
    problems = []
    for i, rid in enumerate(judgements["review_finding_id"]):
        if rid == "*" or rid.split("-")[0] in theme_ids:
            continue
        values = judgement_values(rid, merged)
        key = "problem.judgement_unknown_theme" if values is None else "problem.judgement_merged_theme"
        gone = retired_judgement(rid, retired)
        if gone is not None:
            key, values = f"problem.{gone[0]}", gone[1]
        line, field = (
            yaml_line(text, ("judgements", i, "review_finding_id")),
            f"judgements.{i}.review_finding_id",
        )
        problems.append(problem(shown, line, field, key, **(values or {"value": rid, "file": THEMES_FILE})))
    return problems
