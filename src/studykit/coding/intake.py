"""Study intake: a source document in, ``sources/<id>.txt`` and ``studies/<id>.yaml`` out.

Building blocks, for ``studykit new-study`` and for every other importer
(REFI-QDA, spreadsheets):

* :func:`decode_text` turns bytes into source text: UTF-8 with or without BOM,
  line endings normalised to LF, nothing else changed; any other encoding is
  refused with the command that converts it.
* :func:`read_source` extracts the text of a ``.txt``, a ``.pdf`` with a text
  layer (pypdf) or a ``.docx`` (python-docx), refusing a scanned PDF.
* :func:`study_template` writes the study file to fill: every metadata field of
  the schema, its allowed values as a comment, the recorded SHA-256.
* :func:`create_study` validates everything (id, existing files, empty text,
  metadata values, findings and their quotes) and then writes the source and the
  study file together, both or neither (:mod:`.publish`).

Problems are raised as :class:`~studykit.coding.publish.CodingError`, each a
``file: field: what to do`` line.
"""

from __future__ import annotations

import hashlib
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..corpus.codebook import read_frameworks, read_themes
from ..corpus.load import STUDIES_DIR
from ..corpus.problems import CorpusError, Problem, ProblemError
from ..corpus.schema import STUDY_ID, STUDY_ID_MAX, Source, Study
from ..corpus.sources import check_size
from ..corpus.validation import explain_error
from ..limits import SOURCE_CHARS
from ..paths import resolve_data_dir, shown_path
from .archive import open_zip
from .language import languages_of
from .publish import CodingError, publish
from .studyfile import dump, finding_problems, load, set_findings

SOURCES_DIR = "sources"
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
STUDY_FIXED = ("study_id", "source", "findings")  # set by intake, not metadata
SOURCE_FIXED = ("file", "sha256")


@dataclass(frozen=True)
class SourceText:
    """A source's text as it will be stored, and what the document says about itself."""

    text: str
    seed_file: str  # the file name it was received under
    kind: str  # text, pdf or docx
    properties: dict[str, str] = field(
        default_factory=dict
    )  # title/author from document properties, unchecked


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(raw: bytes, shown: str) -> str:
    """Source text from bytes: UTF-8 (a BOM is dropped), LF line endings; other encodings are refused with
    advice."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "encoding",
                    "is UTF-16 text; studykit takes UTF-8: convert it first, e.g. iconv -f utf-16 -t "
                    f"utf-8 {shown} > {Path(shown).stem}-utf8.txt",
                )
            ]
        )
    if b"\x00" in raw:
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "encoding",
                    "is a binary file, not text; give a .txt (UTF-8), a .pdf with a text layer or a .docx",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CodingError(
            [
                Problem(
                    shown,
                    line,
                    "encoding",
                    (
                        f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); studykit takes UTF-8 "
                        "text. If it is Latin-1 "
                        "(ISO-8859-1) or Windows-1252, convert it first: iconv -f latin1 -t utf-8 "
                        f"{shown} > {Path(shown).stem}-utf8.txt"
                    ),
                )
            ]
        ) from None
    return normalise_newlines(text)


def _pdf_text(path: Path, shown: str) -> tuple[str, dict[str, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CodingError(
                [Problem(shown, None, "pdf", "is password-protected; save an unprotected copy and try again")]
            )
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        info = reader.metadata or {}
        properties = {
            key: str(value).strip()
            for key, value in (("title", info.get("/Title")), ("author", info.get("/Author")))
            if value and str(value).strip()
        }
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "pdf",
                    f"cannot be read as a PDF ({exc}); check the file, or save its text as UTF-8 .txt",
                )
            ]
        ) from None
    if not text.strip():
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "pdf",
                    (
                        "has no text layer (a scanned PDF?): there is no text to quote. Run OCR first "
                        "(e.g. ocrmypdf), "
                        "or type or paste the text into a UTF-8 .txt file and give that"
                    ),
                )
            ]
        )
    return normalise_newlines(text), properties


def _docx_text(path: Path, shown: str) -> tuple[str, dict[str, str]]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        open_zip(path, shown, "a .docx").close()  # bounded before python-docx inflates anything
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None
    try:
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
        core = document.core_properties
        properties = {
            key: value.strip()
            for key, value in (("title", core.title), ("author", core.author))
            if value and value.strip()
        }
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, PackageNotFoundError, LxmlError) as exc:
        raise CodingError(
            [
                Problem(
                    shown,
                    None,
                    "docx",
                    f"cannot be read as a .docx ({exc}); open it in Word or LibreOffice and save it as "
                    ".docx again",
                )
            ]
        ) from None
    return normalise_newlines(text), properties


def read_source(path: str | Path) -> SourceText:
    """The text of a .txt (UTF-8), .pdf (text layer) or .docx file, normalised to LF; refuses anything else
    clearly."""
    path = Path(path)
    shown = str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CodingError([Problem(shown, None, "file", "not found; check the path")])
    if suffix == ".pdf":
        text, properties = _pdf_text(path, shown)
        kind = "pdf"
    elif suffix == ".docx":
        text, properties = _docx_text(path, shown)
        kind = "docx"
    elif suffix in (".doc", ".rtf", ".odt"):
        raise CodingError(
            [Problem(shown, None, "file", f"{suffix} is not supported; save it as .docx or as UTF-8 .txt")]
        )
    else:
        try:
            check_size(path, shown)
        except ProblemError as exc:
            raise CodingError([exc.problem]) from None
        text, properties, kind = decode_text(path.read_bytes(), shown), {}, "text"
    if not text.strip():
        raise CodingError(
            [Problem(shown, None, "file", "has no text; give the file that holds the abstract or article")]
        )
    return SourceText(text, path.name, kind, properties)


# --- the study file to fill -----------------------------------------------------


def _scalar(value: Any) -> str:
    """One YAML value on one line (flow style)."""
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
        .removesuffix("\n...\n")
        .rstrip("\n")
    )


def _allowed(annotation: Any) -> list[str]:
    """The allowed values of a Literal field (also inside Optional or list)."""
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return list(typing.get_args(arg))
        for inner in typing.get_args(arg):
            if typing.get_origin(inner) is typing.Literal:
                return list(typing.get_args(inner))
    return []


def _comment(model, name: str, choices: dict[str, list[str]]) -> str:
    info = model.model_fields[name]
    allowed = choices.get(name) or _allowed(info.annotation)
    parts = []
    if allowed:
        parts.append(
            ("list of: " if typing.get_origin(info.annotation) is list else "one of: ") + ", ".join(allowed)
        )
    if not info.is_required():
        parts.append("optional")
    parts.append(info.description or "")
    return " — ".join(p for p in parts if p)


def _lines(
    model,
    values: dict[str, Any],
    skip: Iterable[str],
    choices: dict[str, list[str]],
    indent: str,
    notes: dict[str, str],
) -> list[str]:
    lines = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        if isinstance(info.annotation, type) and issubclass(
            info.annotation, BaseModel
        ):  # a nested record: its own block
            lines.append(f"{indent}{name}:  # {info.description or ''}")
            lines += _lines(info.annotation, dict(values.get(name) or {}), (), {}, indent + "  ", {})
            continue
        if name in values:
            value = values[name]
        else:
            value = [] if typing.get_origin(info.annotation) is list and name != "languages" else None
        comment = _comment(model, name, choices)
        if name in notes:
            comment = f"{notes[name]}; {comment}"
        lines.append(f"{indent}{name}: {_scalar(value)}  # {comment}")
    return lines


def study_template(
    study_id: str,
    source_file: str,
    sha256: str,
    *,
    seed_file: str | None,
    metadata: dict[str, Any] | None = None,
    languages: list[str] | None = None,
    properties: dict[str, str] | None = None,
    framework_ids: Iterable[str] = (),
) -> str:
    """The text of a new study file: every metadata field (given values filled, the rest null), allowed
    values as comments, no findings.

    ``properties`` (title/author from the document's properties) are shown as
    comments only: they are often a file name or the typist, not the study.
    """
    metadata = dict(metadata or {})
    source_values = dict(metadata.pop("source", None) or {})
    source_values.update(file=source_file, sha256=sha256)
    if seed_file is not None:
        source_values.setdefault("seed_file", seed_file)
    notes: dict[str, str] = {}
    if languages and "languages" not in source_values:
        source_values["languages"] = languages
        notes["languages"] = "detected from the text: check"
    for key, value in (properties or {}).items():
        if source_values.get(key) is None:
            notes[key] = f"the document's properties say {_scalar(value)}: check before copying"
    choices = {"frameworks_declared": sorted(framework_ids)}
    header = [
        "# yaml-language-server: $schema=../schema/study.schema.json",
        f"# Created by `studykit new-study` from {seed_file or source_file}. Fill in every null field; "
        "the comment beside",
        "# each says what it holds and the values allowed (delete the comments when done if you like).",
        f"# Then code findings (`studykit suggest {study_id} --write`, or `studykit import-findings`) and "
        "run `studykit validate`.",
        f"study_id: {study_id}",
    ]
    body = _lines(Study, metadata, STUDY_FIXED, choices, "", {})
    source = ["source:"] + _lines(Source, source_values, (), {}, "  ", notes)
    return "\n".join(header + body + source + ["findings: []", ""])


# --- checks and writing -----------------------------------------------------------


def check_study_id(study_id: str) -> str | None:
    """What is wrong with a study id, or None."""
    if len(study_id or "") > STUDY_ID_MAX:
        return (
            f"is {len(study_id)} characters long; a study id has at most {STUDY_ID_MAX} (file names "
            "are limited)"
        )
    if not re.fullmatch(STUDY_ID.strip("^$"), study_id or ""):
        return (
            f"{study_id!r} is not a valid study id: lower-case letters and digits in words joined by "
            "hyphens, starting with a letter (e.g. surabaya-pkh)"
        )
    return None


def metadata_problems(metadata: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for every metadata value that is not a field of the schema or not allowed there; null
    values are left to fill."""
    problems = []

    def check(model, values: dict[str, Any], fixed: Iterable[str], prefix: str) -> None:
        for name, value in values.items():
            if name in fixed:
                problems.append((prefix + name, "set by studykit; leave it out"))
            elif name not in model.model_fields:
                problems.append(
                    (
                        prefix + name,
                        "unknown field; use one of "
                        f"{', '.join(f for f in model.model_fields if f not in fixed)}",
                    )
                )
            elif value is not None and not (model is Study and name == "source"):
                info = model.model_fields[name]
                try:
                    TypeAdapter(
                        typing.Annotated[info.annotation, *info.metadata]
                        if info.metadata
                        else info.annotation
                    ).validate_python(value)
                except ValidationError as exc:
                    problems.extend((prefix + name, explain_error(err)) for err in exc.errors())

    source = metadata.get("source") or {}
    check(Study, {k: v for k, v in metadata.items() if k != "source"}, ("study_id", "findings"), "")
    if not isinstance(source, dict):
        problems.append(("source", "must be a mapping of source fields"))
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
) -> CreatedStudy:
    """Validate, then write ``sources/<study_id>.txt`` (``text`` as UTF-8) and ``studies/<study_id>.yaml``,
    both or neither.

    ``text`` must already be source text (see :func:`decode_text`). ``metadata``
    holds study fields (and ``source``: source fields) known to the importer;
    the rest are left null to fill. ``findings`` are dicts of finding fields,
    checked like ``studykit validate`` checks them (their quotes must be found
    in ``text``). ``origin`` names the input in problems (a file name). Raises
    CodingError listing every problem; nothing is written then.
    """
    data_dir = resolve_data_dir(data_dir)
    source_path = data_dir / SOURCES_DIR / f"{study_id}.txt"
    study_path = data_dir / STUDIES_DIR / f"{study_id}.yaml"
    shown = lambda path: shown_path(path, data_dir)  # noqa: E731
    problems: list[Problem] = []
    if (why := check_study_id(study_id)) is not None:
        raise CodingError([Problem(origin, None, "--id", why)])
    raw = normalise_newlines(text).encode("utf-8")
    # a source with no study file, holding exactly this text: left by an interrupted run of this same command
    leftover = not study_path.exists() and _same_bytes(source_path, raw)
    for path in (study_path, source_path):
        if path.exists() and not (leftover and path == source_path):
            problems.append(
                Problem(
                    shown(path),
                    None,
                    "file",
                    f"already exists: study {study_id!r} is taken; choose another --id (studies and "
                    "sources are never overwritten)",
                )
            )
    if len(text) > SOURCE_CHARS.value:
        problems.append(
            Problem(origin, None, "text", SOURCE_CHARS.exceeded(f"the text ({len(text):,} characters)"))
        )
    if not text.strip():
        problems.append(Problem(origin, None, "text", "is empty; there is nothing to quote"))
    if "\r" in text:
        problems.append(Problem(origin, None, "text", "has CR line endings; pass it through decode_text()"))
    sha256 = hashlib.sha256(raw).hexdigest()
    for other in sorted((data_dir / SOURCES_DIR).glob("*.txt")):
        if (
            other != source_path
            and other.stat().st_size == len(raw)
            and hashlib.sha256(other.read_bytes()).hexdigest() == sha256
        ):
            problems.append(
                Problem(
                    origin,
                    None,
                    "text",
                    f"is already in the corpus as {shown(other)} (same SHA-256); add a study only once",
                )
            )
    problems.extend(
        Problem(origin, None, name, message) for name, message in metadata_problems(metadata or {})
    )
    try:
        theme_ids, framework_ids = codebook_ids(data_dir)
    except CorpusError as exc:  # the codebook itself is broken: its problems say where
        raise CodingError(exc.problems) from None
    findings = list(findings or [])
    for i, name, message in finding_problems(study_id, findings, text, theme_ids):
        problems.append(Problem(origin, None, f"findings.{i}.{name}", message))
    if problems:
        raise CodingError(problems)
    template = study_template(
        study_id,
        f"{SOURCES_DIR}/{study_id}.txt",
        sha256,
        seed_file=seed_file,
        metadata=metadata,
        languages=languages_of(text),
        properties=properties,
        framework_ids=framework_ids,
    )
    if findings:
        document = load(template)
        set_findings(document, findings)
        template = dump(document)
    created = {study_path: template} if leftover else {source_path: raw.decode("utf-8"), study_path: template}
    publish(created, shown=shown)
    return CreatedStudy(study_id, source_path, study_path, sha256, len(text))


def new_study(
    source: str | Path,
    study_id: str,
    data_dir: str | Path | None = None,
    metadata: dict[str, Any] | None = None,
) -> CreatedStudy:
    """``studykit new-study``: read a .txt/.pdf/.docx and create the study from it (``metadata``: fields
    already known, e.g. from --bib)."""
    document = read_source(source)
    return create_study(
        study_id,
        document.text,
        data_dir=data_dir,
        metadata=metadata,
        seed_file=document.seed_file,
        properties=document.properties,
        origin=str(source),
    )
