"""Two codings of the same studies, checked before they are compared or merged.

A second coding is a data directory with the same layout as ``data/`` (its own
``studies/``, the same ``sources/`` and codebook), or a single study file of one. Both
sides are loaded and validated like any corpus; then they must share the codebook's themes
and at least one study, and every study they share must be coded on the same source text
(the SHA-256 each study file records). Studies coded by one side only are listed, not an
error: a team double-codes a share of its studies. A study one side is still coding (a draft:
empty fields or unreviewed findings) is left out of the corpus it loads, and listed as such.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ...corpus.load import Corpus, load_corpus
from ...corpus.messages import problem
from ...corpus.problems import CorpusError, Said
from ...corpus.readers import read_text, yaml_line
from . import coded
from .merges import along_merges, disagreeing


@dataclass(frozen=True)
class Codings:
    """Coder A's and coder B's corpora, the studies both coded, and those only one side coded."""

    a: Corpus
    b: Corpus
    studies: list[str]
    only_a: list[str]
    only_b: list[str]
    label_a: str = "A"  # how messages and reports name each side (the path given, by default)
    label_b: str = "B"
    drafts_a: list[str] = field(
        default_factory=list
    )  # studies a side is still coding (studykit.corpus.drafts)
    drafts_b: list[str] = field(default_factory=list)
    # studies whose two study files are byte for byte the same: a copy, not a coding (:func:`independent`)
    identical: list[str] = field(default_factory=list)
    # themes whose labels, definitions, include/exclude or cue words differ between the two codebooks: a
    # note, not an error (the comparison is by theme id)
    worded: list[str] = field(default_factory=list)
    # side -> {theme id: the theme it went into}: themes the other side's codebook merged; this side's
    # findings on them are compared as the theme they went into (:mod:`.merges`)
    recoded: dict[str, dict[str, str]] = field(default_factory=dict)
    # studies one side holds as a consensus that includes the other side's coding (:func:`merged`)
    merged: list[str] = field(default_factory=list)
    # side ("a", "b") -> whether the studies compared were coded with suggestions shown (:mod:`.coded`)
    suggestions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # side -> the studies compared where it rejected every finding it had: compared as coding nothing
    all_rejected: dict[str, list[str]] = field(default_factory=dict)

    def study_file(self, side: str, study_id: str) -> Path:
        corpus = self.a if side == "a" else self.b
        return corpus.data_dir / "studies" / f"{study_id}.yaml"


def _shown(label: str, *parts: str) -> str:
    return str(Path(label, *parts))


def pair(a: Corpus, b: Corpus, label_a: str | None = None, label_b: str | None = None) -> Codings:
    """Check that ``a`` and ``b`` can be compared; raise CorpusError naming the file otherwise."""
    label_a = label_a or a.data_dir.name
    label_b = label_b or b.data_dir.name
    if differ := disagreeing(a, b):  # T05 merged into T04 by A's codebook, into T06 by B's
        raise CorpusError(
            [
                problem(
                    _shown(label_b, "codebook", "themes.yaml"),
                    None,
                    "merged",
                    "problem.merges_differ",
                    theme=old,
                    into_a=into_a,
                    into_b=into_b,
                    file=_shown(label_a, "codebook", "themes.yaml"),
                )
                for old, into_a, into_b in differ
            ]
        )
    a, b, recoded = along_merges(a, b)  # one side coded before a merge the other's codebook declares
    if set(a.theme_ids) != set(b.theme_ids):  # the ids are what is compared; the order is A's
        raise CorpusError(
            [
                problem(
                    _shown(label_b, "codebook", "themes.yaml"),
                    None,
                    "themes",
                    "problem.themes_differ",
                    file=_shown(label_a, "codebook", "themes.yaml"),
                    only_a=", ".join(sorted(set(a.theme_ids) - set(b.theme_ids))) or "—",
                    only_b=", ".join(sorted(set(b.theme_ids) - set(a.theme_ids))) or "—",
                    a=label_a,
                    b=label_b,
                )
            ]
        )
    ids_a, ids_b = set(a.study_ids), set(b.study_ids)
    common = sorted(ids_a & ids_b)
    if not common:
        drafts = sorted({d.study_id for d in b.drafts} & ids_a) or sorted(
            {d.study_id for d in a.drafts} & ids_b
        )
        still = Said("problem.still_draft", {"studies": ", ".join(drafts)}) if drafts else ""
        raise CorpusError(
            [
                problem(
                    _shown(label_b, "studies"),
                    None,
                    "studies",
                    "problem.no_common_study",
                    folder=_shown(label_a, "studies"),
                    still=still,
                )
            ]
        )
    sha_a = dict(zip(a.studies["study_id"], a.studies["source_sha256"], strict=False))
    sha_b = dict(zip(b.studies["study_id"], b.studies["source_sha256"], strict=False))
    problems = []
    for study in common:
        if sha_a[study] != sha_b[study]:
            path = b.data_dir / "studies" / f"{study}.yaml"
            shown = _shown(label_b, "studies", f"{study}.yaml")
            problems.append(
                problem(
                    shown,
                    yaml_line(read_text(path, shown), ("source", "sha256")),
                    "source.sha256",
                    "problem.source_differs",
                    file=_shown(label_a, "studies", study + ".yaml"),
                )
            )
    if problems:
        raise CorpusError(problems)
    drafts_a, drafts_b = sorted(d.study_id for d in a.drafts), sorted(d.study_id for d in b.drafts)
    return dataclasses.replace(
        _paired(a, b, common, ids_a, ids_b, label_a, label_b, drafts_a, drafts_b),
        worded=worded(a, b),
        recoded=recoded,
    )


def worded(a: Corpus, b: Corpus) -> list[str]:
    """The theme ids whose text (labels, definitions, include/exclude, cue words, note) differs."""
    text = [c for c in a.themes.columns if c != "theme_id" and c in b.themes.columns]
    rows_a, rows_b = (c.themes.set_index("theme_id")[text].astype(str) for c in (a, b))
    return [i for i in rows_a.index if i in rows_b.index and not rows_a.loc[i].equals(rows_b.loc[i])]


def _paired(a, b, common, ids_a, ids_b, label_a, label_b, drafts_a, drafts_b) -> Codings:
    return Codings(
        a,
        b,
        common,
        sorted(ids_a - ids_b - set(drafts_b)),
        sorted(ids_b - ids_a - set(drafts_a)),
        label_a,
        label_b,
        drafts_a,
        drafts_b,
    )


CONSENSUS_MARK = "(studykit consensus)"  # how `studykit consensus` ends the coded_by it writes, any language


def _names(corpus: Corpus, studies: list[str]) -> dict[str, tuple[set[str], list[set[str]]]]:
    """For each of ``studies``: who coded it in ``corpus`` (its ``coded_by`` and every name in its findings'
    ``coders``), and each finding's ``coders`` as a set of names (one pass over the tables)."""
    out: dict[str, tuple[set[str], list[set[str]]]] = {s: (set(), []) for s in studies}
    for study, who in zip(corpus.studies["study_id"], corpus.studies["coded_by"], strict=True):
        if study in out and isinstance(who, str):
            out[study][0].add(who)
    if "coders" in corpus.findings:
        for study, coders in zip(corpus.findings["study_id"], corpus.findings["coders"], strict=True):
            if study in out and isinstance(coders, str) and coders.strip():
                names = {n.strip() for n in coders.split(" + ")}
                out[study][0].update(names)
                out[study][1].append(names)
    return out


def merged(codings: Codings) -> list[str]:
    """The shared studies one side holds as a consensus that includes the other side's coding: its
    ``coded_by`` is the one ``studykit consensus`` writes, or a finding credits two coders, one of them a
    coder of the other side. Compared with one of its own inputs, a consensus overstates agreement (a
    merged coding replaced ``data/`` while ``reports.yaml`` still names the second coding)."""
    names_a, names_b = _names(codings.a, codings.studies), _names(codings.b, codings.studies)
    out = []
    for study in codings.studies:
        (who_a, each_a), (who_b, each_b) = names_a[study], names_b[study]
        marked = any(CONSENSUS_MARK in name for name in who_a | who_b)
        if (
            marked
            or any(len(c) > 1 and c & who_b for c in each_a)
            or any(len(c) > 1 and c & who_a for c in each_b)
        ):
            out.append(study)
    return out


def independent(codings: Codings) -> Codings:
    """The codings with the studies whose two study files are byte for byte the same listed in
    ``identical`` and left out of ``studies``: a study file copied from A (``cp -r data coder-b``) is not
    a second coding of it, and would count as perfect agreement; likewise a study one side holds as a
    consensus of both (:func:`merged`), listed in ``merged``; how each side coded the studies kept
    (``suggestions``, ``all_rejected``: :mod:`.coded`). When every shared study is one or the other
    (a coding compared with itself, or with its consensus) they stay compared, and are listed all the
    same."""
    same = [
        s
        for s in codings.studies
        if codings.study_file("a", s).read_bytes() == codings.study_file("b", s).read_bytes()
    ]
    both = [s for s in merged(codings) if s not in set(same)]
    kept = [s for s in codings.studies if s not in set(same) | set(both)] or codings.studies
    sides = {"a": codings.a, "b": codings.b}
    return dataclasses.replace(
        codings,
        studies=kept,
        identical=same,
        merged=both,
        suggestions={k: coded.suggestions(c, kept) for k, c in sides.items()},
        all_rejected={k: coded.all_rejected(c, kept) for k, c in sides.items()},
    )


def only(corpus: Corpus, study_id: str) -> Corpus:
    """The corpus restricted to one study."""
    return dataclasses.replace(
        corpus,
        studies=corpus.studies[corpus.studies["study_id"] == study_id].reset_index(drop=True),
        findings=corpus.findings[corpus.findings["study_id"] == study_id].reset_index(drop=True),
    )


def _side(path: Path, label: str, include_drafts: bool) -> tuple[Corpus, str | None]:
    """The corpus of a data directory, or of the data directory a study file lies in with that file's study
    id."""
    if path.is_dir():
        return load_corpus(path, include_drafts), None
    if path.is_file() and path.suffix == ".yaml" and path.parent.name == "studies":
        return load_corpus(path.parent.parent, include_drafts), path.stem
    raise CorpusError([problem(label, None, "path", "problem.not_a_coding")])


def load_codings(a: str | Path, b: str | Path, include_drafts: bool = False) -> Codings:
    """Load and pair two codings: two data directories, or two study files of the same study.

    ``include_drafts`` keeps the drafts whose metadata is complete (findings still unreviewed),
    as merging needs; agreement leaves every draft out.
    """
    a, b = Path(a), Path(b)
    (corpus_a, study_a), (corpus_b, study_b) = (
        _side(a, str(a), include_drafts),
        _side(b, str(b), include_drafts),
    )
    if (study_a is None) != (study_b is None):
        raise CorpusError([problem(str(b), None, "path", "problem.compare_like")])
    label_a, label_b = (str(a), str(b)) if study_a is None else (str(a.parent.parent), str(b.parent.parent))
    if study_a is not None:
        if study_a != study_b:
            raise CorpusError(
                [
                    problem(
                        str(b), None, "study_id", "problem.other_study", study_b=study_b, a=a, study_a=study_a
                    )
                ]
            )
        corpus_a, corpus_b = only(corpus_a, study_a), only(corpus_b, study_b)
    return pair(corpus_a, corpus_b, label_a, label_b)
