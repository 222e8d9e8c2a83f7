"""Whether a new source is already in the corpus: the same bytes, the same text after normalisation, or
nearly the same text (:mod:`studykit.corpus.sametext`), for ``studykit new-study``.

Each source of the corpus is read once, through the corpus's one bounded reader of sources
(:func:`studykit.corpus.sources.read_source`); a source it refuses is left to ``validate`` to name. The
same bytes are always refused; the same or nearly the same text is refused unless the analyst says it is
a different study (``--not-a-duplicate``). Each refusal names the study and its source file.
"""

from __future__ import annotations

from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import Problem, ProblemError
from ..corpus.sametext import fingerprint, sameness
from ..corpus.sources import SOURCES_DIR, read_source
from ..paths import shown_path


def already_in_corpus(
    text: str, sha256: str, data_dir: Path, origin: str, own: Path, not_a_duplicate: bool = False
) -> list[Problem]:
    """A problem (at ``origin``, field ``text``) for every source of ``data_dir`` other than ``own`` that
    holds ``text`` (``sha256``: of its stored bytes) or, unless ``not_a_duplicate``, the same or nearly
    the same text."""
    new = fingerprint(text)
    problems = []
    for other in sorted((data_dir / SOURCES_DIR).glob("*.txt")):
        if other == own:
            continue
        try:
            other_text, digest = read_source(data_dir, f"{SOURCES_DIR}/{other.name}", other.name)
        except ProblemError:  # unreadable, too long, a link out of sources/: validate says so
            continue
        if digest == sha256:
            key, share = "problem.text_in_corpus", 1.0
        elif not not_a_duplicate and (found := sameness(new, fingerprint(other_text))) is not None:
            key = "problem.text_same" if found[0] == "same" else "problem.text_near"
            share = found[1]
        else:
            continue
        shown = shown_path(other, data_dir)  # (costly: only for a problem)
        said = {"file": shown, "study_id": other.stem, "share": round(100 * share)}
        problems.append(problem(origin, None, "text", key, **said))
    return problems
