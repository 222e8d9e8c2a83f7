"""A second coder's blind start: ``studykit second-coding --data data --out coder-b STUDY...``.

Coder B codes the same sources without seeing coder A's coding. The folder written holds what B
needs and nothing of A's coding: the codebook and schema (the same themes: agreement compares
by theme id), the chosen studies' sources, and their study files with the study's description
kept (ids, place, programme, method, source) and A's coding taken out: no findings, the
implementation outcome's rating, quote and note empty, A's ``note`` on the study (the coder's reasoning,
which names what A coded) and ``coded_by`` empty. A's memos, decision
logs, synthesis and every other study are left behind. Each study file is then a draft
(``studykit validate --data coder-b`` lists what is left to fill in) until B has coded it, and
``studykit agreement`` compares only the studies B has finished. ``--sample N`` draws N studies at
random (``--seed``) instead of naming them.

The folder is built beside ``--out`` and renamed into place: all of it or nothing.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
from pathlib import Path

from ..corpus.load import Corpus
from ..corpus.messages import problem
from . import studyfile
from .copying import copy_folder
from .publish import CodingError

SHARED = ("codebook", "schema")  # folders of the data directory B gets as they are
CODING = ("findings", "implementation_outcome", "note", "coded_by")  # A's coding: what B must not see


def chosen(corpus: Corpus, studies: list[str], sample: int | None, seed: int) -> list[str]:
    """The studies to double-code: those named (each must be a study of the corpus), or ``sample`` of
    them drawn at random with ``seed``."""
    known = list(corpus.study_ids)
    drafts = {d.study_id: d.file for d in corpus.drafts}
    unknown = [s for s in studies if s not in set(known)]
    if unknown:  # a draft is named as one: it exists, A has not finished it
        raise CodingError(
            [
                problem(drafts[s], None, "study_id", "problem.draft_to_copy", study=s)
                if s in drafts
                else problem(s, None, "study_id", "problem.unknown_study_to_copy")
                for s in unknown
            ]
        )
    if sample is not None:
        if sample > len(known):
            raise CodingError(
                [problem("--sample", None, "--sample", "problem.sample_too_large", n=len(known))]
            )
        return sorted(random.Random(seed).sample(sorted(known), sample))
    return sorted(dict.fromkeys(studies))


def blank(text: str) -> str:
    """A study file with A's coding taken out and its description kept (comments and styles as written)."""
    document = studyfile.load(text)
    studyfile.set_findings(document, [])
    outcome = document.get("implementation_outcome")
    if hasattr(outcome, "keys"):
        for key in list(outcome.keys()):
            outcome[key] = None
    for key in ("note", "coded_by"):  # A's note on the study is A's reasoning about its coding
        if key in document:
            document[key] = None
    return studyfile.dump(document, studyfile.style_of(text))


def write_start(corpus: Corpus, out_dir: str | Path, studies: list[str]) -> list[str]:
    """Write B's starting folder for ``studies`` to ``out_dir`` (which must not exist); return the files
    written, relative to it."""
    out_dir = Path(out_dir)
    if out_dir.exists() or out_dir.is_symlink():
        raise CodingError([problem(str(out_dir), None, "--out", "problem.second_coding_out_exists")])
    data = Path(corpus.data_dir)
    out = out_dir.resolve()
    if out == data.resolve() or data.resolve() in out.parents:
        raise CodingError(
            [problem(str(out_dir), None, "--out", "problem.second_coding_out_inside", coding=str(data))]
        )
    tmp = out_dir.parent / f".{out_dir.name}.{secrets.token_hex(4)}.tmp"
    written: list[str] = []
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        for folder in SHARED:
            if (data / folder).is_dir():  # the data's own files: no link out, no pipe or device
                copy_folder(data / folder, tmp / folder, data, data.name)
                written.append(f"{folder}/")
        rows = corpus.studies.set_index("study_id")
        for study in studies:
            source = str(rows.loc[study, "source_file"]).split("/", 1)[1]
            (tmp / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data / source, tmp / source)
            rel = f"studies/{study}.yaml"
            (tmp / "studies").mkdir(exist_ok=True)
            (tmp / rel).write_text(blank((data / rel).read_text(encoding="utf-8")), encoding="utf-8")
            written += [rel, source]
        os.rename(tmp, out_dir)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, OSError):
            raise CodingError(
                [problem(str(out_dir), None, "--out", "problem.cannot_write", error=str(e)[:300])]
            ) from e
        raise
    return written
