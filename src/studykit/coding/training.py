"""What the learned layer learns from: the analyst's coded studies, as labelled clauses; and the model,
cached.

A clause of a coded source is labelled with the type and theme of every reviewed
finding whose quote covers it (half the clause or half the quote), and marked
negative for the (type, theme) of every finding with ``review_status: rejected``
and every suggestion rejected in the workbench's decision log
(``data/decisions/<study_id>.jsonl``, action ``reject``; ``accept`` counts as a
positive). The study file is the final state: a logged decision on a finding the file still holds
(its ``finding_id``) is read from the file, whatever the log says (after ``consensus`` the merged
log can hold B's reject and A's accept of one finding), and a logged span that is no span of the
source (:func:`.decided.text_span`) teaches nothing. Unreviewed findings teach nothing. The model is
rebuilt when any of this changes and cached, by a hash of everything it was built from (and nothing
else: a study's metadata is not part of it), outside ``data/`` (:mod:`.derived`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import shown_path
from .bank import bank_bytes, bank_examples
from .decided import text_span
from .derived import LEARN_VERSION, cache_dir, cached, key_of, remember, study_document, text_digest
from .learn import Model, counts_of, fit
from .readings import clause_counts, clause_features, doc, feature_fingerprint, prune_texts, reading
from .seed import seed_bytes, seed_examples
from .themes import Themes, codebook_themes

# where they were before derived.py and readings.py (the ranking, benchmarks and tests use them from here)
__all__ = ["LEARN_VERSION", "cache_dir", "clause_counts", "doc", "reading"]
_KEEP_MODELS = 8


@dataclass
class CodedStudy:
    """A study's source text and its coding as spans: (finding type, theme id, start, end)."""

    study_id: str
    text: str
    positives: list[tuple[str, str, int, int]] = field(default_factory=list)
    negatives: list[tuple[str, str, int, int]] = field(default_factory=list)


def _files(data_dir: Path, exclude: set[str]) -> list[tuple[str, Path, Path | None, Path]]:
    """(study id, study file, source file or None, decision log) of every study not excluded."""
    from ..corpus.sources import check_size, named_source, source_path

    out = []
    for path in sorted((data_dir / "studies").glob("*.yaml")):
        if path.stem in exclude:
            continue
        try:
            study = study_document(data_dir, path)  # bounded and confined: else it is skipped
            # through the one resolver: never a file outside sources/, never one over the length cap
            source = check_size(source_path(data_dir, named_source(study, path.name), path.name), path.name)
        except Exception:  # noqa: BLE001 - a broken file is `validate`'s to report; it teaches nothing here
            continue
        if isinstance(study, dict) and study.get("study_id") not in exclude:
            out.append(
                (
                    path.stem,
                    path,
                    source if source.is_file() else None,
                    data_dir / "decisions" / f"{path.stem}.jsonl",
                )
            )
    return out


def coded_studies(data_dir: Path, exclude=(), only: str | None = None) -> list[CodedStudy]:
    """Every coded study of ``data_dir`` but ``exclude`` (or ``only`` that one), its findings located in its
    source; their themes as the codebook has them now (:mod:`.themes`: a decision logged for a theme since
    merged counts for the theme it went into, one for a theme since dropped counts for none)."""
    from ..corpus.provenance import locate_quote

    themes = codebook_themes(data_dir)
    out = []
    for study_id, path, source, log in _files(data_dir, set(exclude)):
        if source is None or (only is not None and study_id != only):
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        study = CodedStudy(study_id, text)
        findings = [f for f in study_document(data_dir, path).get("findings") or [] if isinstance(f, dict)]
        for f in findings:
            if not f.get("quote") or not f.get("theme_id"):
                continue
            span = locate_quote(text, str(f["quote"]))
            status = f.get("review_status", "reviewed")
            if span and status in ("reviewed", "rejected"):
                target = study.positives if status == "reviewed" else study.negatives
                target.append((str(f.get("finding_type")), str(f["theme_id"]), *span))
        held = {str(f["finding_id"]) for f in findings if f.get("finding_id")}  # the file's final state wins
        for decision in _decisions(log):
            span = text_span(decision["quote_start"], decision["quote_end"], len(text))
            if span is None or str(decision.get("finding_id")) in held:
                continue
            target = study.positives if decision["action"] == "accept" else study.negatives
            target.append((decision["finding_type"], decision["theme_id"], *span))
        if themes is not None:
            for spans in (study.positives, study.negatives):
                spans[:] = [(t, th, a, b) for t, theme, a, b in spans if (th := themes.of(theme)) is not None]
        out.append(study)
    return out


def _log_bytes(log: Path | None) -> bytes:
    """A decision log's bytes (none if it does not exist), read through the one bounded reader: a log over
    ``STUDYKIT_MAX_FILE_BYTES`` or no regular file is refused (a CodingError naming it)."""
    from ..corpus.problems import ProblemError
    from ..corpus.readers import read_bytes
    from .publish import CodingError

    if log is None or not os.path.lexists(log):
        return b""
    try:
        return read_bytes(log, shown_path(log, log.parent.parent))
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None


def _decisions(log: Path) -> list[dict]:
    """The accept and reject decisions of a decision log with a type, a theme and a span; other lines are
    skipped, a line nested too deep to parse is refused (file:line)."""
    from ..corpus.messages import problem
    from .publish import CodingError

    out = []
    lines = _log_bytes(log).decode("utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            d = json.loads(line)
        except RecursionError:
            raise CodingError(
                [problem(shown_path(log, log.parent.parent), number, "json", "problem.json_too_deep")]
            ) from None
        except ValueError:
            continue
        try:
            if d.get("action") in ("accept", "reject") and all(
                isinstance(d.get(k), str) for k in ("finding_type", "theme_id")
            ):
                if isinstance(d.get("quote_start"), int) and isinstance(d.get("quote_end"), int):
                    out.append(d)
        except (ValueError, AttributeError):
            continue
    return out


def _covers(a: int, b: int, qa: int, qb: int) -> bool:
    overlap = min(b, qb) - max(a, qa)
    return overlap > 0 and (overlap >= 0.5 * (b - a) or overlap >= 0.5 * (qb - qa))


def examples(studies: list[CodedStudy]):
    """Hashed n-gram counts (one row per clause), positive labels (``theme:T04``, ``type:barrier``), rejected
    labels and study ids, one per clause."""
    from scipy import sparse

    positives, negatives, owners, blocks = [], [], [], []
    for study in studies:
        spans, counts = clause_features(study.text)
        blocks.append(counts)
        for start, end in spans.tolist():
            yes = {
                label
                for t, theme, qa, qb in study.positives
                if _covers(start, end, qa, qb)
                for label in (f"theme:{theme}", f"type:{t}")
            }
            no = {
                label
                for t, theme, qa, qb in study.negatives
                if _covers(start, end, qa, qb)
                for label in (f"theme:{theme}", f"type:{t}")
            } - yes
            positives.append(yes)
            negatives.append(no)
            owners.append(study.study_id)
    prune_texts()
    counts = sparse.vstack(blocks).tocsr() if blocks else counts_of([])
    return counts, positives, negatives, owners


def train(studies: list[CodedStudy], seeded: bool = True, themes: Themes | None = None) -> Model:
    """The model of ``studies``, started from the bundled example findings (:mod:`.seed`) and the bank of
    coded published abstracts (:mod:`.bank`) unless ``seeded=False``; with ``themes`` (the codebook's), their
    labels are mapped to its themes (:meth:`.themes.Themes.labels`): it learns no theme the codebook lacks."""
    counts, positives, negatives, owners = examples(studies)
    if seeded:
        from scipy import sparse

        for start_counts, start_positives, start_owners in (
            seed_examples(),
            bank_examples(feature_fingerprint()),
        ):
            counts = sparse.vstack([counts, start_counts]).tocsr()
            positives = positives + start_positives
            negatives = negatives + [set() for _ in start_positives]
            owners = owners + start_owners
    if themes is not None and not themes.knows(positives):
        positives = [themes.labels(p) for p in positives]
        negatives = [themes.labels(n) - p for n, p in zip(negatives, positives, strict=True)]
    return fit(counts, positives, negatives, owners)


def studies_key(studies: list[CodedStudy], themes: Themes | None = None) -> str:
    """A hash of all a model is built from: the code and the lexicon (:func:`.derived.key_of`), the examples,
    the bank, the codebook's themes (``themes``: which labels it learns) and each study's id, source text and
    coding as spans. A change to a study file that leaves these as they are (its metadata, a note, an
    unreviewed finding) keeps the model."""
    return key_of(
        "studies",
        themes.key() if themes is not None else None,
        hashlib.sha256(seed_bytes() + b"\0" + bank_bytes()).hexdigest(),
        [
            (
                s.study_id,
                text_digest(s.text),
                s.positives,
                s.negatives,
            )
            for s in studies
        ],
    )


def model_key(data_dir: Path, exclude=()) -> str:
    """The hash of what the model of ``data_dir`` without ``exclude`` is built from (:func:`studies_key`)."""
    return studies_key(coded_studies(data_dir, exclude), codebook_themes(data_dir))


_MODELS: dict[str, Model] = remember({})


def model_for(data_dir: Path, exclude=()) -> Model:
    """The model of the corpus without ``exclude``: from memory, else the cache, else trained (and cached)."""
    studies = coded_studies(data_dir, exclude)
    themes = codebook_themes(data_dir)
    key = studies_key(studies, themes)
    if key not in _MODELS:
        model = cached(
            cache_dir() / f"model-{key}.npz",
            Model.load,
            lambda: train(studies, themes=themes),
            Model.save,
            _KEEP_MODELS,
        )
        _MODELS.clear()  # one corpus at a time in memory
        _MODELS[key] = model
    return _MODELS[key]
