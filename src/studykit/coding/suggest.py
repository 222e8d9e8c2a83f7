"""Coding suggestions for a study: the rules (:mod:`.rules`) and the learned layer (:mod:`.learn`), ranked.

What an analyst sees is a :class:`Candidate`: type, theme, verbatim quote with its
span, a score in [0, 1] and the cues behind it (the lexicon words that fired and
the n-grams that weighed most in the learned model).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..corpus.codebook import FINDING_TYPE_INFO, read_themes
from . import labels
from .calibrate import calibration_for
from .clauses import clauses
from .cues import Lexicon, build_lexicon, codebook_cues, find, learned_cues, lexicon_for, stem, tokens
from .decided import logged, undecided
from .rank import DEFAULT_LIMIT, DEFAULT_MIN_SCORE, rank
from .rules import MIN_SCORE, Candidate, suggest_text
from .themes import codebook_themes
from .training import coded_studies, model_for

__all__ = [
    "MIN_SCORE",
    "Candidate",
    "Lexicon",
    "build_lexicon",
    "clauses",
    "codebook_cues",
    "find",
    "learned_cues",
    "lexicon_for",
    "stem",
    "suggest",
    "suggest_text",
    "tokens",
]


def suggest(
    source_text: str,
    data_dir: Path,
    lexicon: Lexicon | None = None,
    study_id: str | None = None,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int | None = DEFAULT_LIMIT,
    learned: bool = True,
    calibrated: bool = True,
) -> list[Candidate]:
    """Suggestions for ``source_text``, best first: the rules with the codebook of ``data_dir`` and the
    suggestion lexicon, and the model learned from the corpus, both without the study being coded
    (``study_id``), whose rejected suggestions are never proposed again. ``learned=False``: the rules
    alone. Scores are calibrated on the corpus (:mod:`.calibrate`) unless ``calibrated=False``."""
    exclude = [study_id] if study_id else []
    lexicon = lexicon or lexicon_for(data_dir, exclude)
    model = model_for(data_dir, exclude) if learned else None
    calibration = calibration_for(data_dir, exclude) if learned and calibrated else None
    rejected = [
        (t, theme, a, b)
        for study in (coded_studies(data_dir, only=study_id) if study_id else [])
        if study.text == source_text
        for t, theme, a, b in study.negatives
    ]
    return rank(
        source_text,
        lexicon,
        model,
        rejected=rejected,
        min_score=min_score,
        limit=limit,
        calibration=calibration,
    )


JSON_FIELDS = ("finding_type", "theme_id", "quote", "start", "end", "score", "cues")


def to_json(candidates: list[Candidate]) -> list[dict]:
    """Candidates as `suggest --format json` prints them: the fields a script needs, in a stable order."""
    return [{k: c.as_dict()[k] for k in JSON_FIELDS} for c in candidates]


def table(candidates: list[Candidate], width: int = 70, lang: str = "en") -> str:
    """A plain-text table for a terminal, in ``lang`` (:func:`.labels.table`)."""
    return labels.table(candidates, lang, width)


# --- from candidates to unreviewed findings ----------------------------------------------


@dataclass(frozen=True)
class StudySource:
    """Where a study's text is: its id (None for a loose text file), study file and source text."""

    study_id: str | None
    study_path: Path | None
    text: str
    source_file: str  # as in the exported tables: data/sources/<id>.txt


def near_ids(target: str, data_dir: Path) -> str:
    """The study ids of ``data_dir`` closest to a mistyped ``target`` (``'a', 'b'``), or ""."""
    from ..corpus.advice import near

    ids = sorted(p.stem for p in (data_dir / "studies").glob("*.yaml"))
    return ", ".join(repr(i) for i in near(target, ids))


def resolve(target: str, data_dir: Path) -> StudySource:
    """A study id, or a path to a .txt source (a corpus source maps back to its study)."""
    from ..corpus.messages import problem
    from ..corpus.problems import ProblemError, Said
    from ..corpus.readers import parse_yaml, read_text
    from ..corpus.sources import check_length, confine, named_source, read_source
    from ..paths import shown_path
    from .intake import decode_text
    from .publish import CodingError
    from .sourcetext import read_source as read_text_of

    path = Path(target)
    try:
        is_file, is_dir = path.is_file(), "/" in target and path.is_dir()
    except (OSError, ValueError):  # a name too long for the file system, a NUL: no such file
        is_file = is_dir = False
    if path.suffix.lower() == ".txt" or is_file or is_dir:
        try:  # its text as new-study would take it, read by the same reader
            text = check_length(read_text_of(path, target, "problem.target_not_found").text, target)
        except ProblemError as exc:
            raise CodingError([exc.problem]) from None
        study_path = data_dir / "studies" / f"{path.stem}.yaml"
        owned = path.resolve().parent == (data_dir / "sources").resolve() and study_path.exists()
        return StudySource(
            path.stem if owned else None,
            study_path if owned else None,
            text,
            f"{data_dir.name}/sources/{path.name}" if owned else str(path),
        )
    from .intake import check_study_id

    if (why := check_study_id(target)) is not None:
        raise CodingError([problem(target, None, "study", "problem.target_invalid", why=why)])
    study_path = data_dir / "studies" / f"{target}.yaml"
    if not study_path.exists():
        raise CodingError(
            [
                problem(
                    shown_path(study_path, data_dir),
                    None,
                    "study",
                    "problem.no_such_study",
                    study_id=target,
                    close=Said("suggest.did_you_mean", {"ids": close})
                    if (close := near_ids(target, data_dir))
                    else "",
                )
            ]
        )
    shown = shown_path(study_path, data_dir)
    try:
        study = parse_yaml(read_text(confine(data_dir, study_path, shown), shown), shown)
        source = named_source(study, shown)
        if not source:
            raise ProblemError(problem(shown, None, "source.file", "problem.no_source_named"))
        text = decode_text(
            read_source(data_dir, source, shown)[0].encode("utf-8"), f"{data_dir.name}/{source}"
        )
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None
    return StudySource(target, study_path, text, f"{data_dir.name}/{source}")


def as_findings(
    study_id: str, candidates: list[Candidate], data_dir: Path, first_number: int, lang: str = "en"
) -> list[dict]:
    """Candidates as unreviewed findings with generated ids; summaries say they are still to be written; the
    note (score and cues) in ``lang``."""
    themes = {t.theme_id: t for t in read_themes(data_dir)}
    out = []
    for n, c in enumerate(candidates, start=first_number):
        theme = themes.get(c.theme_id)
        short_en, short_id = (theme.short_en, theme.short_id) if theme else (c.theme_id, c.theme_id)
        out.append(
            {
                "finding_id": f"{study_id}-{n:02d}",
                "finding_type": c.finding_type,
                "theme_id": c.theme_id,
                "summary_en": f"[suggested; write the summary] {c.finding_type}: {short_en}",
                "summary_id": f"[usulan; tulis ringkasannya] {FINDING_TYPE_INFO[c.finding_type].word('id')}: "
                f"{short_id}",
                "quote": c.quote,
                "review_status": "unreviewed",
                "note": labels.t(
                    "suggest.note",
                    lang,
                    score=labels.score(c.score, lang),
                    cues=labels.cue_list(c.cues, lang),
                ),
            }
        )
    return out


def answered(source: StudySource, candidates: list[Candidate]) -> tuple[list[Candidate], int]:
    """The candidates the study file has not answered yet (:func:`.decided.undecided`) and the number of the
    first finding id they would take (after every id of the file); a loose text has no file: all, from 1."""
    from .studyfile import next_finding_number

    if source.study_path is None:
        return list(candidates), 1
    from ..corpus.readers import parse_yaml, read_text

    content = parse_yaml(read_text(source.study_path, source.study_path.name), source.study_path.name)
    findings = [
        f for f in ((content if isinstance(content, dict) else {}).get("findings") or []) if hasattr(f, "get")
    ]
    log = logged(source.study_path.parent.parent, source.study_id)  # data/studies/ID.yaml: data/
    first = next_finding_number([*findings, *log], source.study_id)  # never an id the log has seen
    return undecided(candidates, findings, source.text, log, _merged(source.study_path.parent.parent)), first


def _merged(data_dir: Path) -> dict[str, str] | None:
    """The codebook's merged themes (a finding on one answers for the theme it went into)."""
    themes = codebook_themes(data_dir)
    return dict(themes.merged) if themes is not None else None


def write_suggestions(
    source: StudySource, candidates: list[Candidate], data_dir: Path, lang: str = "en"
) -> list[dict]:
    """Append the candidates the study has not answered yet (:func:`answered`) to the study file as
    unreviewed findings (their notes in ``lang``); atomic."""
    from ..corpus.readers import read_text_and_sha256
    from ..paths import shown_path
    from .publish import CodingError, publish
    from .studyfile import (
        append_findings,
        dump,
        findings_shape,
        load,
        next_finding_number,
        stated_finding_problems,
    )

    shown = shown_path(source.study_path, data_dir)
    text, read_hash = read_text_and_sha256(source.study_path, shown)
    document = load(text)
    if shape := findings_shape(document, shown):
        raise CodingError(shape)
    existing = [dict(f) for f in (document.get("findings") or [])]
    log = logged(data_dir, source.study_id)
    new = undecided(candidates, existing, source.text, log, _merged(data_dir))
    number = next_finding_number([*existing, *log], source.study_id)
    findings = as_findings(source.study_id, new, data_dir, number, lang)
    theme_ids = list(codebook_cues(data_dir))
    taken = {f.get("finding_id") for f in existing}
    field_of = lambda i, field: f"findings.{len(existing) + i}.{field}"  # noqa: E731
    problems = stated_finding_problems(
        shown, lambda i: None, field_of, source.study_id, findings, source.text, theme_ids, taken
    )
    if problems:
        raise CodingError(problems)
    if findings:
        append_findings(document, findings)
        shown_in = lambda p: shown_path(p, data_dir)  # noqa: E731
        base = {source.study_path: read_hash}  # a save made meanwhile (the workbench's) is never lost
        publish({}, {source.study_path: dump(document)}, shown=shown_in, base=base, root=data_dir)
    return findings


def to_csv(source: StudySource, candidates: list[Candidate], data_dir: Path, first_number: int = 1) -> str:
    """Candidates as rows of the exported findings table (`studykit export`'s findings.csv), for coding in a
    spreadsheet; their finding ids from ``first_number`` on (:func:`answered` gives the study's next)."""
    import csv
    import io

    from ..corpus.cells import to_cell
    from ..corpus.tables import FINDING_COLUMNS

    study_id = source.study_id or "study-id"
    out = io.StringIO()
    writer = csv.DictWriter(out, FINDING_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for finding, c in zip(
        as_findings(study_id, candidates, data_dir, first_number), candidates, strict=False
    ):
        row = {
            **dict.fromkeys(FINDING_COLUMNS, ""),
            **finding,
            "study_id": study_id,
            "quote_start": c.start,
            "quote_end": c.end,
            "source_file": source.source_file,
        }
        writer.writerow({k: to_cell(v) for k, v in row.items()})  # no cell a spreadsheet would run
    return out.getvalue()
