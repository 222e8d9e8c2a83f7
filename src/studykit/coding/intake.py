"""Study intake: a source document in, ``sources/<id>.txt`` and ``studies/<id>.yaml`` out.

Building blocks, for ``studykit new-study`` and for every other importer
(REFI-QDA, spreadsheets):

* :func:`decode_text` turns bytes into source text: UTF-8 with or without BOM,
  line endings normalised to LF, nothing else changed; any other encoding is
  refused with the command that converts it (:mod:`.sourcetext`).
* :func:`read_source` extracts the text of a ``.txt``, a ``.pdf`` with a text
  layer (pypdf) or a ``.docx`` (python-docx), refusing a scanned PDF (:mod:`.sourcetext`).
* :func:`study_template` writes the study file to fill: every metadata field of
  the schema, its allowed values as a comment, the recorded SHA-256 (:mod:`.template`).
* :func:`create_study` validates everything (id, existing files, empty text,
  a text already in the corpus (:mod:`.duplicates`), metadata values, findings
  and their quotes) and then writes the source and the study file together,
  both or neither (:mod:`.publish`).

Problems are raised as :class:`~studykit.coding.publish.CodingError`, each a
``file: field: what to do`` line.
"""

from __future__ import annotations

import hashlib
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..corpus.codebook import read_frameworks, read_merged, read_themes
from ..corpus.load import STUDIES_DIR
from ..corpus.messages import problem, t
from ..corpus.problems import CorpusError, Problem, ProblemError, Said, over_cap
from ..corpus.schema import STUDY_ID, STUDY_ID_MAX, Source, Study
from ..corpus.sources import check_characters
from ..corpus.validation import explain_error
from ..limits import SOURCE_CHARS
from ..paths import resolve_data_dir, shown_path
from .duplicates import already_in_corpus
from .language import languages_of
from .publish import CodingError, publish, recover
from .sourcetext import (  # noqa: F401 - PASTED, STDIN and pasted_source are also this module's names
    PASTED,
    STDIN,
    TEXT_SUFFIXES,
    SourceText,
    decode_text,
    normalise_newlines,
    pasted_source,
    read_source,
)
from .studyfile import dump, load, set_findings, stated_finding_problems
from .template import STUDY_FIXED, study_template

__all__ = [  # the source-text and template blocks are re-exported: importers take them from here
    "SOURCES_DIR",
    "SOURCE_FIXED",
    "STUDY_FIXED",
    "TEXT_SUFFIXES",
    "CreatedStudy",
    "SourceText",
    "check_study_id",
    "codebook_ids",
    "create_study",
    "decode_text",
    "metadata_problems",
    "new_study",
    "normalise_newlines",
    "read_source",
    "study_template",
]

SOURCES_DIR = "sources"
SOURCE_FIXED = ("file", "sha256")


def check_study_id(study_id: str) -> Said | None:
    """What is wrong with a study id (a text of the message catalogue, to state in either language), or
    None."""
    if len(study_id or "") > STUDY_ID_MAX:
        return Said("problem.study_id_length", {"n": len(study_id), "limit": STUDY_ID_MAX})
    if not re.fullmatch(STUDY_ID.strip("^$"), study_id or ""):
        return Said("problem.study_id_invalid", {"study_id": study_id})
    return None


def metadata_problems(metadata: dict[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    """(field, message in ``lang``) for every metadata value that is not a field of the schema or not allowed
    there; null values are left to fill."""
    problems = []

    def check(model, values: dict[str, Any], fixed: Iterable[str], prefix: str) -> None:
        for name, value in values.items():
            if name in fixed:
                problems.append((prefix + name, t("problem.set_by_studykit", lang)))
            elif name not in model.model_fields:
                allowed = ", ".join(f for f in model.model_fields if f not in fixed)
                problems.append((prefix + name, t("problem.unknown_field_of", lang, allowed=allowed)))
            elif value is not None and not (model is Study and name == "source"):
                info = model.model_fields[name]
                try:
                    TypeAdapter(
                        typing.Annotated[info.annotation, *info.metadata]
                        if info.metadata
                        else info.annotation
                    ).validate_python(value)
                except ValidationError as exc:
                    problems.extend((prefix + name, explain_error(err, lang)) for err in exc.errors())

    source = metadata.get("source") or {}
    check(Study, {k: v for k, v in metadata.items() if k != "source"}, ("study_id", "findings"), "")
    if not isinstance(source, dict):
        problems.append(("source", t("problem.source_not_a_mapping", lang)))
    else:
        check(Source, source, SOURCE_FIXED, "source.")
    return problems


def codebook_ids(data_dir: Path) -> tuple[list[str], list[str]]:
    """Theme ids and framework ids of the codebook.

    Each file is read on its own: intake must not depend on the whole corpus being valid.
    """
    return [t.theme_id for t in read_themes(data_dir)], [f.framework_id for f in read_frameworks(data_dir)]


def _same_bytes(path: Path, raw: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``raw``."""
    try:
        return (
            path.is_file()
            and not path.is_symlink()
            and path.stat().st_size == len(raw)
            and path.read_bytes() == raw
        )
    except OSError:
        return False


def _taken(paths: list[Path], study_id: str, shown) -> list[Problem]:
    return [problem(shown(path), None, "file", "problem.study_taken", study_id=study_id) for path in paths]


@dataclass(frozen=True)
class CreatedStudy:
    """What ``new_study``/``create_study`` wrote: the two files, the source's SHA-256 and length."""

    study_id: str
    source_path: Path
    study_path: Path
    sha256: str
    characters: int


def create_study(
    study_id: str,
    text: str,
    *,
    data_dir: str | Path | None = None,
    metadata: dict[str, Any] | None = None,
    findings: list[dict[str, Any]] | None = None,
    seed_file: str | None = None,
    properties: dict[str, str] | None = None,
    origin: str = "source",
    lang: str = "en",
    not_a_duplicate: bool = False,
) -> CreatedStudy:
    """Validate, then write ``sources/<study_id>.txt`` (``text`` as UTF-8) and ``studies/<study_id>.yaml``,
    both or neither.

    ``text`` must already be source text (see :func:`decode_text`). ``metadata``
    holds study fields (and ``source``: source fields) known to the importer;
    the rest are left null to fill. ``findings`` are dicts of finding fields,
    checked like ``studykit validate`` checks them (their quotes must be found
    in ``text``). ``origin`` names the input in problems (a file name); ``lang``, the language of the
    study file's comments. A text already in the corpus is refused: the same bytes always, the same text
    after normalisation or nearly the same text unless ``not_a_duplicate`` (:mod:`.duplicates`). Raises
    CodingError listing every problem; nothing is written then.
    """
    data_dir = resolve_data_dir(data_dir)
    source_path = data_dir / SOURCES_DIR / f"{study_id}.txt"
    study_path = data_dir / STUDIES_DIR / f"{study_id}.yaml"
    shown = lambda path: shown_path(path, data_dir)  # noqa: E731
    problems: list[Problem] = []
    if (why := check_study_id(study_id)) is not None:
        raise CodingError([problem(origin, None, "--id", why)])
    raw = normalise_newlines(text).encode("utf-8")
    recover(data_dir)  # a run of this command killed mid-write is finished first (its journal)
    # a source with no study file, holding exactly this text: left by an interrupted run of this same command
    leftover = not study_path.exists() and _same_bytes(source_path, raw)
    finished = study_path.exists() and _same_bytes(source_path, raw)  # maybe that run, finished: see below
    taken = [
        path for path in (study_path, source_path) if path.exists() and not (leftover and path == source_path)
    ]
    if len(text) > SOURCE_CHARS.value:
        problems.append(
            problem(origin, None, "text", over_cap(SOURCE_CHARS, "cap.what.text_characters", size=len(text)))
        )
    if not text.strip():
        problems.append(problem(origin, None, "text", "problem.text_empty"))
    if "\r" in text:
        problems.append(problem(origin, None, "text", "problem.text_cr"))
    try:  # the one rule of a usable source text, as validate and suggest read it
        check_characters(text, origin, "text")
    except ProblemError as exc:
        problems.append(exc.problem)
    sha256 = hashlib.sha256(raw).hexdigest()
    problems += already_in_corpus(text, sha256, data_dir, origin, source_path, not_a_duplicate)
    problems.extend(
        Problem(origin, None, name, en, (("id", id_),))
        for (name, en), (_, id_) in zip(
            metadata_problems(metadata or {}), metadata_problems(metadata or {}, "id"), strict=True
        )
    )
    try:
        theme_ids, framework_ids = codebook_ids(data_dir)
    except CorpusError as exc:  # the codebook itself is broken: its problems say where
        raise CodingError(exc.problems) from None
    findings = list(findings or [])
    problems += stated_finding_problems(
        origin,
        lambda i: None,
        lambda i, name: f"findings.{i}.{name}",
        study_id,
        findings,
        text,
        theme_ids,
        merged=read_merged(data_dir),
    )
    if problems or (taken and not finished):
        raise CodingError([*_taken(taken, study_id, shown), *problems])
    template = study_template(
        study_id,
        f"{SOURCES_DIR}/{study_id}.txt",
        sha256,
        seed_file=seed_file,
        metadata=metadata,
        languages=languages_of(text),
        properties=properties,
        framework_ids=framework_ids,
        lang=lang,
    )
    if findings:
        document = load(template)
        set_findings(document, findings)
        template = dump(document)
    if taken and not _same_bytes(study_path, template.encode("utf-8")):  # not what this run writes
        raise CodingError(_taken(taken, study_id, shown))
    created = {study_path: template} if leftover else {source_path: raw.decode("utf-8"), study_path: template}
    if not taken:  # else the very files this run writes are there: a run killed mid-write, finished
        publish(created, shown=shown, root=data_dir)
    return CreatedStudy(study_id, source_path, study_path, sha256, len(text))


def new_study(
    source: str | Path,
    study_id: str,
    data_dir: str | Path | None = None,
    metadata: dict[str, Any] | None = None,
    lang: str = "en",
    not_a_duplicate: bool = False,
    stdin: typing.BinaryIO | None = None,
) -> CreatedStudy:
    """``studykit new-study``: read a .txt/.pdf/.docx and create the study from it (``metadata``: fields
    already known, e.g. from --bib; ``lang``: the language of the study file's comments;
    ``not_a_duplicate``: add it even if a study's source holds the same or nearly the same text). A source
    ``-`` is the text on ``stdin`` (an abstract pasted into the terminal, ended with Ctrl-D)."""
    if str(source) == PASTED:
        import sys

        document = pasted_source(stdin if stdin is not None else getattr(sys.stdin, "buffer", None))
        source = STDIN
    else:
        document = read_source(source)
    return create_study(
        study_id,
        document.text,
        data_dir=data_dir,
        metadata=metadata,
        seed_file=document.seed_file,
        properties=document.properties,
        origin=str(source),
        lang=lang,
        not_a_duplicate=not_a_duplicate,
    )
