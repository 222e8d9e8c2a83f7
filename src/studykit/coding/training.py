"""What the learned layer learns from: the analyst's coded studies, as labelled clauses; and the model,
cached.

A clause of a coded source is labelled with the type and theme of every reviewed
finding whose quote covers it (half the clause or half the quote), and marked
negative for the (type, theme) of every finding with ``review_status: rejected``
and every suggestion rejected in the workbench's decision log
(``data/decisions/<study_id>.jsonl``, action ``reject``; ``accept`` counts as a
positive). Unreviewed findings teach nothing. The model is rebuilt when any of
this changes and cached, by a hash of everything it was built from, outside
``data/`` (see :func:`cache_dir`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..paths import PROJECT_ROOT
from .clauses import Clause, Reading, read
from .cues import Lexicon, build_lexicon
from .learn import Doc, Model, counts_of, fit
from .seed import seed_bytes, seed_examples

LEARN_VERSION = "4"  # change when the features, labels or fitting change: old cached models are not reused
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
    from ..corpus.readers import parse_yaml
    from ..corpus.sources import check_size, source_path

    out = []
    for path in sorted((data_dir / "studies").glob("*.yaml")):
        if path.stem in exclude:
            continue
        try:
            study = parse_yaml(path.read_text(encoding="utf-8"), path.name)
            # through the one resolver: never a file outside sources/, never one over the length cap
            source = check_size(
                source_path(data_dir, (study.get("source") or {}).get("file"), path.name), path.name
            )
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
    source."""
    from ..corpus.provenance import locate_quote
    from ..corpus.readers import parse_yaml

    out = []
    for study_id, path, source, log in _files(data_dir, set(exclude)):
        if source is None or (only is not None and study_id != only):
            continue
        text = source.read_text(encoding="utf-8", errors="replace")
        study = CodedStudy(study_id, text)
        for f in parse_yaml(path.read_text(encoding="utf-8"), path.name).get("findings") or []:
            if not isinstance(f, dict) or not f.get("quote") or not f.get("theme_id"):
                continue
            span = locate_quote(text, str(f["quote"]))
            status = f.get("review_status", "reviewed")
            if span and status in ("reviewed", "rejected"):
                target = study.positives if status == "reviewed" else study.negatives
                target.append((str(f.get("finding_type")), str(f["theme_id"]), *span))
        for decision in _decisions(log):
            target = study.positives if decision["action"] == "accept" else study.negatives
            target.append(
                (
                    decision["finding_type"],
                    decision["theme_id"],
                    decision["quote_start"],
                    decision["quote_end"],
                )
            )
        out.append(study)
    return out


def _decisions(log: Path) -> list[dict]:
    """The accept and reject decisions of a decision log with a type, a theme and a span; other lines are
    skipped."""
    if not log.is_file():
        return []
    out = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            d = json.loads(line)
            if d.get("action") in ("accept", "reject") and all(
                isinstance(d.get(k), str) for k in ("finding_type", "theme_id")
            ):
                if isinstance(d.get("quote_start"), int) and isinstance(d.get("quote_end"), int):
                    out.append(d)
        except (ValueError, AttributeError):
            continue
    return out


@lru_cache(maxsize=1)
def reading_lexicon() -> Lexicon:
    """The lexicon's phrases and type and valence cues, without theme cues: all that reading a text needs."""
    return build_lexicon({})


@lru_cache(maxsize=4096)
def reading(text: str) -> Reading:
    """A text read into clauses once (training reads every coded source at every retrain)."""
    return read(text, reading_lexicon())


def doc(clause: Clause) -> Doc:
    return Doc.of(clause.toks)


def _covers(a: int, b: int, qa: int, qb: int) -> bool:
    overlap = min(b, qb) - max(a, qa)
    return overlap > 0 and (overlap >= 0.5 * (b - a) or overlap >= 0.5 * (qb - qa))


@lru_cache(maxsize=4096)
def clause_counts(text: str):
    """The hashed n-gram counts of every clause of ``text``, computed once per text."""
    return counts_of([doc(c) for c in reading(text).clauses])


def examples(studies: list[CodedStudy]):
    """Hashed n-gram counts (one row per clause), positive labels (``theme:T04``, ``type:barrier``), rejected
    labels and study ids, one per clause."""
    from scipy import sparse

    positives, negatives, owners = [], [], []
    for study in studies:
        for clause in reading(study.text).clauses:
            yes = {
                label
                for t, theme, qa, qb in study.positives
                if _covers(clause.start, clause.end, qa, qb)
                for label in (f"theme:{theme}", f"type:{t}")
            }
            no = {
                label
                for t, theme, qa, qb in study.negatives
                if _covers(clause.start, clause.end, qa, qb)
                for label in (f"theme:{theme}", f"type:{t}")
            } - yes
            positives.append(yes)
            negatives.append(no)
            owners.append(study.study_id)
    blocks = [clause_counts(study.text) for study in studies]
    counts = sparse.vstack(blocks).tocsr() if blocks else counts_of([])
    return counts, positives, negatives, owners


def train(studies: list[CodedStudy], seeded: bool = True) -> Model:
    """The model of ``studies``, started from the bundled example findings (:mod:`.seed`) unless
    ``seeded=False``."""
    counts, positives, negatives, owners = examples(studies)
    if seeded:
        from scipy import sparse

        seed_counts, seed_positives, seed_owners = seed_examples()
        counts = sparse.vstack([counts, seed_counts]).tocsr()
        positives = positives + seed_positives
        negatives = negatives + [set() for _ in seed_positives]
        owners = owners + seed_owners
    return fit(counts, positives, negatives, owners)


def cache_dir() -> Path:
    """Where models are cached: ``$STUDYKIT_CACHE_DIR``, else ``.cache/`` of a source checkout (git-ignored),
    else ``~/.cache/studykit``; never the data directory."""
    if os.environ.get("STUDYKIT_CACHE_DIR"):
        return Path(os.environ["STUDYKIT_CACHE_DIR"])
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / ".cache" / "suggest"
    return Path.home() / ".cache" / "studykit" / "suggest"


def model_key(data_dir: Path, exclude=()) -> str:
    """A hash of everything the model is built from: the code's version, the lexicon, and every study not
    excluded (its file, its source, its decision log)."""
    digest = hashlib.sha256(LEARN_VERSION.encode())
    digest.update(resources.files("studykit.coding").joinpath("lexicon.yaml").read_bytes())
    digest.update(seed_bytes())
    for study_id, path, source, log in _files(data_dir, set(exclude)):
        digest.update(study_id.encode() + b"\0" + path.read_bytes())
        for extra in (source, log):
            digest.update(b"\0" + (extra.read_bytes() if extra is not None and extra.is_file() else b""))
    return digest.hexdigest()[:20]


_MODELS: dict[str, Model] = {}


def model_for(data_dir: Path, exclude=()) -> Model:
    """The model of the corpus without ``exclude``: from memory, else the cache, else trained (and cached)."""
    key = model_key(data_dir, exclude)
    if key in _MODELS:
        return _MODELS[key]
    path = cache_dir() / f"model-{key}.npz"
    model = None
    if path.is_file():
        try:
            model = Model.load(path)
        except (OSError, ValueError, KeyError):  # a damaged cache is rebuilt
            model = None
    if model is None:
        model = train(coded_studies(data_dir, exclude))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            model.save(path)
            for old in sorted(path.parent.glob("model-*.npz"), key=lambda p: p.stat().st_mtime)[
                :-_KEEP_MODELS
            ]:
                old.unlink(missing_ok=True)
        except OSError:  # a read-only place: the model still serves this run
            pass
    _MODELS.clear()  # one corpus at a time in memory
    _MODELS[key] = model
    return model
