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
random (``--seed``) instead of naming them. ``--add`` adds studies to a blind start B is already
coding (a team double-codes in rounds): B's files there are left as they are, a study already in it is
refused, and ``--sample`` draws from the studies not in it yet.

``--no-suggestions`` makes it a blind coding in a second sense: the start records it
(``blind-start.yaml``: ``suggestions: false``) and B's workbench then shows no suggested finding nor
suggested metadata value, only the text to select from; each decision B saves is logged with
``suggestions_shown: false``, which ``studykit agreement`` and the agreement report state.

The folder is built beside ``--out`` and renamed into place: all of it or nothing (added studies are
staged beside it and moved in, taken out again if a move fails).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from ..corpus.load import Corpus
from ..corpus.messages import problem
from ..files import temp_folder_beside
from . import studyfile
from .copying import copy_folder
from .publish import CodingError, publish

SHARED = ("codebook", "schema")  # folders of the data directory B gets as they are
CODING = ("findings", "implementation_outcome", "note", "coded_by")  # A's coding: what B must not see
SETTINGS = "blind-start.yaml"  # ``suggestions: false``: a start coded without suggestions (--no-suggestions)
NO_SUGGESTIONS = (
    "# studykit second-coding --no-suggestions: the workbench shows coder B no suggestions, only the text.\n"
    "# studykit second-coding --no-suggestions: meja kerja tidak menampilkan usulan kepada pengode B,\n"
    "# hanya teks.\n"
    "suggestions: false\n"
)


def suggestions_shown(data_dir: str | Path) -> bool:
    """Whether the workbench shows suggestions in ``data_dir``: False when it is a blind start made with
    ``--no-suggestions`` (its ``blind-start.yaml`` says ``suggestions: false``). That file read as every data
    file is (bounded, UTF-8, the safe loader); one that says anything else is a CodingError naming it."""
    from ..corpus.problems import ProblemError
    from ..corpus.readers import parse_yaml, read_text
    from ..paths import shown_path

    path = Path(data_dir) / SETTINGS
    if not path.exists() and not path.is_symlink():
        return True
    shown = shown_path(path, Path(data_dir))
    try:
        settings = parse_yaml(read_text(path, shown), shown)
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None
    value = settings.get("suggestions") if isinstance(settings, dict) else None
    if not isinstance(value, bool):
        raise CodingError([problem(shown, None, "suggestions", "problem.blind_start_suggestions")])
    return value


def chosen(
    corpus: Corpus, studies: list[str], sample: int | None, seed: int, taken: tuple[str, ...] = ()
) -> list[str]:
    """The studies to double-code: those named (each must be a study of the corpus), or ``sample`` of
    them drawn at random with ``seed`` from those not ``taken`` (already in B's blind start)."""
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
        pool = sorted(set(known) - set(taken))
        if sample > len(pool):
            raise CodingError(
                [problem("--sample", None, "--sample", "problem.sample_too_large", n=len(pool))]
            )
        return sorted(random.Random(seed).sample(pool, sample))
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


def _outside(corpus: Corpus, out_dir: Path) -> Path:
    data = Path(corpus.data_dir)
    out = out_dir.resolve()
    if out == data.resolve() or data.resolve() in out.parents:
        raise CodingError(
            [problem(str(out_dir), None, "--out", "problem.second_coding_out_inside", coding=str(data))]
        )
    return data


def _stage(corpus: Corpus, tmp: Path, studies: list[str], shared: bool, blind: bool = False) -> list[str]:
    """Write into ``tmp`` the shared folders (when ``shared``), the setting of a start without suggestions
    (when ``blind``) and each study's source and blanked study file; return the files written, relative to
    it."""
    data, written = Path(corpus.data_dir), []
    if blind:
        (tmp / SETTINGS).write_text(NO_SUGGESTIONS, encoding="utf-8", newline="")
        written.append(SETTINGS)
    for folder in SHARED if shared else ():
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
        (tmp / rel).write_text(blank((data / rel).read_text(encoding="utf-8")), encoding="utf-8", newline="")
        written += [rel, source]
    return written


def _cannot_write(out_dir: Path, e: OSError) -> CodingError:
    return CodingError([problem(str(out_dir), None, "--out", "problem.cannot_write", error=str(e)[:300])])


def write_start(
    corpus: Corpus, out_dir: str | Path, studies: list[str], suggestions: bool = True
) -> list[str]:
    """Write B's starting folder for ``studies`` to ``out_dir`` (which must not exist), one coded without
    suggestions unless ``suggestions``; return the files written, relative to it."""
    out_dir = Path(out_dir)
    if out_dir.exists() or out_dir.is_symlink():
        raise CodingError([problem(str(out_dir), None, "--out", "problem.second_coding_out_exists")])
    _outside(corpus, out_dir)
    tmp = temp_folder_beside(out_dir)  # a killed writer's is swept by the next run (files.sweep_beside)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        written = _stage(corpus, tmp, studies, shared=True, blind=not suggestions)
        os.rename(tmp, out_dir)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, OSError):
            raise _cannot_write(out_dir, e) from e
        raise
    return written


def started(out_dir: str | Path) -> tuple[str, ...]:
    """The studies of the blind start ``out_dir`` (``--add``); refused, naming it, when it is none."""
    out_dir = Path(out_dir)
    if out_dir.is_symlink() or not (out_dir / "studies").is_dir() or not (out_dir / "codebook").is_dir():
        raise CodingError([problem(str(out_dir), None, "--out", "problem.second_coding_not_a_start")])
    return tuple(sorted(p.stem for p in (out_dir / "studies").glob("*.yaml")))


def add_to_start(
    corpus: Corpus, out_dir: str | Path, studies: list[str], suggestions: bool = True
) -> list[str]:
    """Add ``studies`` to the blind start ``out_dir``, leaving every file there as it is (and, unless
    ``suggestions``, recording that it is coded without them from now on, when it was not); a study already
    in it, or a file in the way, is refused before anything is written. Returns the files added."""
    out_dir = Path(out_dir)
    have = started(out_dir)
    _outside(corpus, out_dir)
    already = [
        problem(str(out_dir / "studies" / f"{s}.yaml"), None, "study_id", "problem.second_coding_already_in")
        for s in studies
        if s in have
    ]
    if already:
        raise CodingError(already)
    tmp = temp_folder_beside(out_dir)  # a killed writer's is swept by the next run (files.sweep_beside)
    try:
        tmp.mkdir()
        blind = not suggestions and suggestions_shown(out_dir)
        written = _stage(corpus, tmp, studies, shared=False, blind=blind)
        if in_way := [
            problem(str(out_dir / r), None, "file", "problem.second_coding_in_way")
            for r in written
            if (out_dir / r).exists()
        ]:
            raise CodingError(in_way)
        staged = {}
        for rel in written:  # exactly their text (newlines as they are)
            with open(tmp / rel, encoding="utf-8", newline="") as fh:
                staged[out_dir / rel] = fh.read()
        publish(staged, shown=str, root=out_dir)  # all or none, a kill in the middle too (its journal)
    except BaseException as e:
        if isinstance(e, OSError):
            raise _cannot_write(out_dir, e) from e
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written
