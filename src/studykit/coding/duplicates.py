"""Whether a new source is already in the corpus: the same bytes, the same text after normalisation, or
nearly the same text (:mod:`studykit.corpus.sametext`), for ``studykit new-study`` and ``import-refi``.

Each source of the corpus is read once, through the corpus's one bounded reader of sources
(:func:`studykit.corpus.sources.read_source`); a source it refuses is left to ``validate`` to name. The
same bytes are always refused; the same or nearly the same text is refused unless the analyst says it is
a different study (``--not-a-duplicate``). Each refusal names the study and its source file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import Problem, ProblemError
from ..corpus.sametext import Fingerprint, fingerprint, sameness
from ..corpus.sources import SOURCES_DIR, read_source
from ..paths import shown_path


@dataclass(frozen=True)
class Known:
    """A source of the corpus as new texts are compared with it: read and fingerprinted once."""

    path: Path
    sha256: str
    print: Fingerprint


def corpus_sources(data_dir: Path) -> list[Known]:
    """Every readable source of ``data_dir`` (a source the reader refuses is ``validate``'s to name)."""
    known = []
    for path in sorted((data_dir / SOURCES_DIR).glob("*.txt")):
        try:
            text, digest = read_source(data_dir, f"{SOURCES_DIR}/{path.name}", path.name)
        except ProblemError:  # unreadable, too long, a link out of sources/: validate says so
            continue
        known.append(Known(path, digest, fingerprint(text)))
    return known


def matches(
    text: str, sha256: str, known: list[Known], own: Path, not_a_duplicate: bool = False
) -> list[tuple[str, Known, float]]:
    """(problem key, source, share) of every source of ``known`` other than ``own`` that holds ``text``
    (``sha256``: of its stored bytes) or, unless ``not_a_duplicate``, the same or nearly the same text."""
    new = fingerprint(text)
    found = []
    for other in known:
        if other.path == own:
            continue
        if other.sha256 == sha256:
            found.append(("problem.text_in_corpus", other, 1.0))
        elif not not_a_duplicate and (same := sameness(new, other.print)) is not None:
            found.append(("problem.text_same" if same[0] == "same" else "problem.text_near", other, same[1]))
    return found


def values(other: Known, share: float, data_dir: Path) -> dict:
    """The values of a ``problem.text_*``: the source's file as shown, its study, the share in percent."""
    return {
        "file": shown_path(other.path, data_dir),
        "study_id": other.path.stem,
        "share": round(100 * share),
    }


def already_in_corpus(
    text: str, sha256: str, data_dir: Path, origin: str, own: Path, not_a_duplicate: bool = False
) -> list[Problem]:
    """A problem (at ``origin``, field ``text``) for every source of ``data_dir`` other than ``own`` that
    holds ``text`` (``sha256``: of its stored bytes) or, unless ``not_a_duplicate``, the same or nearly
    the same text."""
    return [
        problem(origin, None, "text", key, **values(other, share, data_dir))
        for key, other, share in matches(text, sha256, corpus_sources(data_dir), own, not_a_duplicate)
    ]
