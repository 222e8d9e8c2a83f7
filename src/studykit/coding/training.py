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

from ..paths import PROJECT_ROOT, shown_path
from .bank import bank_bytes, bank_examples
from .clauses import Clause, Reading, read
from .cues import Lexicon, build_lexicon
from .learn import Doc, Model, counts_of, fit
from .seed import seed_bytes, seed_examples
from .words import find

LEARN_VERSION = "6"  # change when the features, labels or fitting change: old cached models are not reused
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
    from ..corpus.readers import parse_yaml, read_text
    from ..corpus.sources import check_size, confine, named_source, source_path

    out = []
    for path in sorted((data_dir / "studies").glob("*.yaml")):
        if path.stem in exclude:
            continue
        try:
            # bounded and confined: over the cap, or a link out of studies/, it is skipped
            study = parse_yaml(read_text(confine(data_dir, path, path.name), path.name), path.name)
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


@lru_cache(maxsize=1)
def reading_lexicon() -> Lexicon:
    """The lexicon's phrases and type and valence cues, without theme cues: all that reading a text needs."""
    return build_lexicon({})


@lru_cache(maxsize=4096)
def reading(text: str) -> Reading:
    """A text read into clauses once (training reads every coded source at every retrain)."""
    return read(text, reading_lexicon())


def doc(clause: Clause) -> Doc:
    """What the model reads of a clause: its words, without those about the study itself (*hasil penelitian
    menunjukkan bahwa*, *the results show*): they say where a finding is, not what it is about, and a model
    trained on published abstracts otherwise learns them as the overall result's (T15) words."""
    frame = reading_lexicon().phrases[("study_frame", clause.lang)]
    framed = {j for cue, i in find(frame, list(clause.toks)) for j in range(i, i + len(cue.words))}
    return Doc.of([t for k, t in enumerate(clause.toks) if k not in framed])


FEATURE_PROBES = (  # our own sentences, both languages: affixes, bigrams and a study frame to read
    "Hasil penelitian menunjukkan bahwa keterbatasan anggaran dan kurangnya sosialisasi menghambat program.",
    "The results show that limited funding and poor outreach hindered the programme in the villages.",
)


def feature_fingerprint() -> str:
    """A hash of what the learner reads of :data:`FEATURE_PROBES` (clauses, words, hashed counts): it changes
    when the reading, the stemming, the features or the hashing do, and a bank built with other features is
    refused (:mod:`.bank`)."""
    digest = hashlib.sha256()
    for text in FEATURE_PROBES:
        counts = clause_counts(text).tocsr()
        counts.sort_indices()
        for part in (counts.indptr, counts.indices, counts.data):
            digest.update(part.astype("<f8").tobytes())
    return digest.hexdigest()[:16]


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
    """The model of ``studies``, started from the bundled example findings (:mod:`.seed`) and the bank of
    coded published abstracts (:mod:`.bank`) unless ``seeded=False``."""
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
    digest.update(bank_bytes())
    for study_id, path, source, log in _files(data_dir, set(exclude)):
        digest.update(study_id.encode() + b"\0" + path.read_bytes())
        digest.update(b"\0" + (source.read_bytes() if source is not None else b"") + b"\0" + _log_bytes(log))
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
