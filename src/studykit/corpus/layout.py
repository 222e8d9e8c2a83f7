"""Where each kind of file lives in a data directory, and which study a file belongs to.

A study owns its study file (``studies/<study_id>.yaml``: validation requires the name), the
source text that file names (``source.file``), its memo (``memos/studies/<study_id>.md``) and the
memos of its findings (``memos/findings/<finding_id>.md``; a finding id starts with its study's
id and a hyphen). Memos have a level (project, study, theme, finding) given by where they are.
Every other file of the data directory (the codebook, the schema, the CERQual judgements, anything
else) is about the corpus as a whole.

The render uses this to tell which reports a changed file can change (:mod:`studykit.reports.reads`).
Light on purpose: no pandas, no models, only the YAML reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from .problems import ProblemError
from .readers import parse_yaml, read_text
from .sources import source_path

STUDIES_DIR = "studies"
MEMOS_DIR = "memos"
PROJECT_MEMO = "project.md"
LEVELS = ("project", "study", "theme", "finding")  # memo levels, in the order of the memo index
FOLDERS = {"studies": "study", "themes": "theme", "findings": "finding"}  # memo folder -> memo level


def memo_place(relative: tuple[str, ...]) -> tuple[str, str] | None:
    """(level, target id) of a memo file from its path parts under ``memos/`` ('' for the project memo);
    None for a file in no memo's place."""
    if relative == (PROJECT_MEMO,):
        return "project", ""
    name = PurePath(relative[-1]) if relative else None
    if len(relative) == 2 and relative[0] in FOLDERS and name.suffix == ".md":
        return FOLDERS[relative[0]], name.stem
    return None


@dataclass(frozen=True)
class StudyFiles:
    """What one study owns besides its memos: its study file and source text (paths relative to the data
    directory; ``sources`` None when the study file does not say which it is), and its finding ids."""

    study_id: str
    study_file: str
    sources: frozenset[str] | None
    finding_ids: frozenset[str]

    def owns_finding(self, finding_id: str) -> bool:
        return finding_id in self.finding_ids or finding_id.startswith(f"{self.study_id}-")


def study_files(data_dir: Path, study_id: str) -> StudyFiles:
    """The files ``study_id`` owns, read from its study file: the source named there, both as written and
    as it resolves (a link inside ``sources/``). A study file that cannot be read names no source."""
    relative = f"{STUDIES_DIR}/{study_id}.yaml"
    shown = f"{data_dir.name}/{relative}"
    try:
        content = parse_yaml(read_text(data_dir / relative, shown), shown)
    except ProblemError:
        return StudyFiles(study_id, relative, None, frozenset())
    content = content if isinstance(content, dict) else {}
    findings = content.get("findings") if isinstance(content.get("findings"), list) else []
    ids = frozenset(str(f["finding_id"]) for f in findings if isinstance(f, dict) and "finding_id" in f)
    file = (content.get("source") or {}).get("file") if isinstance(content.get("source"), dict) else None
    try:
        real = source_path(data_dir, file, shown)
    except ProblemError:
        return StudyFiles(study_id, relative, None, ids)
    sources = {str(file)}
    if real.is_relative_to(data_dir.resolve()):
        sources.add(real.relative_to(data_dir.resolve()).as_posix())
    return StudyFiles(study_id, relative, frozenset(sources), ids)
