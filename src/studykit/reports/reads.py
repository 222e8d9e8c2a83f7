"""What each report reads of the data directory: the files its report depends on, and only those.

Read from the notebooks and the views they call (``views/``):

* a **study profile** shows one study (its ``study_id``): its study file, its source text, its
  memo and the memos of its findings. Every function of ``views/profile.py`` selects that study's
  rows, and no other study changes them;
* every other report is about the **whole corpus**: every study file (drafts too: the cross-case
  reports name the drafts they leave out) and every source text;
* memos are shown where ``views/`` shows them: theme memos in the cross-case report, the framework
  lens and the codebook; study and finding memos in the profile; all of them in the methods appendix
  (its memo index);
* every report reads the rest of the data directory: the codebook, the schema, the CERQual
  judgements and any file this module does not know (a report depends on more, never on less).

:func:`visible` enforces this: it is the corpus a report's notebook gets (``reports.start``), so a
report cannot read what its entry here does not name; a view that starts showing more must say so
here first, or it shows nothing. A notebook with no entry reads everything.

The render re-renders a report only when a file it reads changed (``render/inputs.py``), and the
report states the hash of those files in its footer (:func:`data_hash`): for a report that reads the
whole data directory, the same hash as the index's.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import digest
from ..corpus.layout import LEVELS, MEMOS_DIR, STUDIES_DIR, StudyFiles, memo_place, study_files
from ..corpus.sources import SOURCES_DIR

PER_STUDY = ("study", "finding")  # memo levels that belong to one study


@dataclass(frozen=True)
class Reads:
    """What a report reads: one study (the parameter naming it) or every study (None), and which memo
    levels."""

    study: str | None = None
    memos: tuple[str, ...] = ()


EVERYTHING = Reads(memos=LEVELS)
READS: dict[str, Reads] = {
    "1-study-profile": Reads(study="study_id", memos=PER_STUDY),
    "2-cross-case": Reads(memos=("theme",)),
    "3-framework-lens": Reads(memos=("theme",)),
    "4-evidence-profile": Reads(),
    "5-explore": Reads(),
    "6-qca": Reads(),
    "7-agreement": Reads(),
    "8-codebook": Reads(memos=("theme",)),
    "9-methods": EVERYTHING,
}


def reads(notebook: str) -> Reads:
    return READS.get(notebook, EVERYTHING)


class DataFiles:
    """The files of a data directory (listed once) and which of them a report reads."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.files = digest.tree_files(data_dir)
        self._studies: dict[str, StudyFiles] = {}

    def study(self, study_id: str) -> StudyFiles:
        if study_id not in self._studies:
            self._studies[study_id] = study_files(self.data_dir, study_id)
        return self._studies[study_id]

    def of(self, notebook: str, parameters: dict[str, Any]) -> list[Path]:
        """The files the report of ``notebook`` with ``parameters`` reads, in :func:`digest.tree_files`
        order: with the file a link among them leads to (digests hash a link's target name only)."""
        what = reads(notebook)
        own = self.study(str(parameters[what.study])) if what.study else None
        chosen = {p for p in self.files if _reads(p.relative_to(self.data_dir).parts, what, own)}
        real = self.data_dir.resolve()
        for link in [p for p in chosen if p.is_symlink()]:
            target = Path(os.path.realpath(link))
            if target.is_relative_to(real):
                chosen.add(self.data_dir / target.relative_to(real))
        return [p for p in self.files if p in chosen]


def _reads(parts: tuple[str, ...], what: Reads, own: StudyFiles | None) -> bool:
    """Whether a report that reads ``what`` (about ``own`` study, None: every study) reads the file at
    ``parts``."""
    top, relative = parts[0], "/".join(parts)
    if top == MEMOS_DIR:
        place = memo_place(parts[1:])
        if place is None:  # in no memo's place (validation says so): read, to be safe
            return True
        level, target = place
        if level not in what.memos:
            return False
        if own is None or level not in PER_STUDY:
            return True
        return target == own.study_id if level == "study" else own.owns_finding(target)
    if own is None or top not in (STUDIES_DIR, SOURCES_DIR):
        return True
    if top == STUDIES_DIR:
        return relative == own.study_file
    return own.sources is None or relative in own.sources  # a source named nowhere readable: every one


def data_hash(data_dir: Path, notebook: str, parameters: dict[str, Any]) -> str:
    """The report's input-data stamp: :func:`digest.data_hash` over the files it reads."""
    return digest.data_hash(data_dir, DataFiles(data_dir).of(notebook, parameters))


def visible(corpus, notebook: str, parameters: dict[str, Any]):
    """The corpus as the report sees it: its one study only (with that study's memos), memos of the levels
    it shows only."""
    what = reads(notebook)
    memos = corpus.memos[corpus.memos["level"].isin(what.memos)]
    if what.study is None:
        return dataclasses.replace(corpus, memos=memos.reset_index(drop=True))
    study_id = parameters[what.study]
    memos = memos[~memos["level"].isin(PER_STUDY) | memos["study_id"].eq(study_id)]

    def own(frame):
        return frame[frame["study_id"].eq(study_id)].reset_index(drop=True)

    return dataclasses.replace(
        corpus,
        studies=own(corpus.studies),
        findings=own(corpus.findings),
        memos=memos.reset_index(drop=True),
        drafts=(),
        unused_sources=(),
    )
