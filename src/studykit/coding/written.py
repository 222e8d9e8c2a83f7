"""What studykit is about to write, read back in memory as ``studykit validate`` will read it.

Every writer of a data directory (new-study, import-findings, import-refi, suggest --write, the workbench)
goes through :func:`~.publish.publish`, which asks :func:`written_problems` first: a study file must parse
with the one YAML reader, hold no control character and carry only memos that read as memos, as must a
memo file (``memos/**.md``); a source text must be usable (:func:`~studykit.corpus.sources.check_characters`).
A problem here means the value came from the input unchecked: the writer refuses it, naming the field, and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..corpus import memos
from ..corpus.layout import MEMOS_DIR
from ..corpus.messages import problem
from ..corpus.problems import Problem, ProblemError
from ..corpus.readers import parse_yaml, yaml_line
from ..corpus.sources import check_characters
from ..corpus.studies import control_characters


def _study_problems(text: str, shown: str) -> list[Problem]:
    try:
        content = parse_yaml(text, shown)
    except ProblemError as exc:
        return [exc.problem]
    if not isinstance(content, dict):
        return []
    found = [
        problem(shown, yaml_line(text, loc), ".".join(map(str, loc)), "problem.control_character", code=code)
        for loc, code in ((loc, f"{ord(char):04X}") for loc, char in control_characters(content))
    ]
    findings: Any = content.get("findings")
    for i, finding in enumerate(findings if isinstance(findings, list) else []):
        memo = finding.get("memo") if isinstance(finding, dict) else None
        if isinstance(memo, str) and not found:
            try:
                memos.parse(memo, shown, yaml_line(text, ("findings", i, "memo")) or 1)
            except ProblemError as exc:
                found.append(exc.problem)
    return found


def written_problems(target: Path, content: str, shown: str) -> list[Problem]:
    """Why ``content``, written to ``target``, would be refused by ``studykit validate`` (empty: it would
    not)."""
    if target.suffix == ".yaml" and target.parent.name == "studies":
        return _study_problems(content, shown)
    if target.suffix == ".md" and MEMOS_DIR in target.parent.parts[-2:]:  # memos/project.md, memos/*/<id>.md
        try:
            memos.parse(content, shown)
        except ProblemError as exc:
            return [exc.problem]
    if target.suffix == ".txt" and target.parent.name == "sources":
        try:
            check_characters(content, shown)
        except ProblemError as exc:
            return [exc.problem]
    return []
