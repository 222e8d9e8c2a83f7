"""A source document's text as studykit stores it: UTF-8, LF line endings, nothing else changed.

:func:`decode_text` turns bytes into source text (any other encoding is refused with the
command that converts it); :func:`read_source` extracts the text of a ``.txt``, a ``.pdf``
with a text layer (pypdf) or a ``.docx`` (python-docx), refusing a scanned PDF. Problems are
raised as :class:`~studykit.coding.publish.CodingError`, each a ``file: field: what to do`` line.
"""

from __future__ import annotations

import io
import typing
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import ProblemError, over_cap
from ..corpus.readers import no_file, read_bytes
from ..corpus.sources import check_size, most_source_bytes
from ..limits import FILE_BYTES, SOURCE_CHARS
from .archive import open_zip
from .publish import CodingError

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


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


def decode_text(raw: bytes, shown: str, sheet: bool = False, piped: bool = False) -> str:
    """Source text (or, ``sheet``, a CSV sheet's text) from bytes: UTF-8 (a BOM is dropped), LF line endings;
    other encodings are refused with advice for that kind of file (``piped``: text on standard input, whose
    advice converts it on its way in rather than naming a file)."""
    suffix = ".csv" if sheet else ".txt"
    piped_key = "_piped" if piped else ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CodingError(
            [
                problem(
                    shown,
                    None,
                    "encoding",
                    f"problem.utf16{piped_key}",
                    file=shown,
                    stem=Path(shown).stem,
                    suffix=suffix,
                )
            ]
        )
    if b"\x00" in raw:
        raise CodingError(
            [problem(shown, None, "encoding", "problem.binary_sheet" if sheet else "problem.binary")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CodingError(
            [
                problem(
                    shown,
                    line,
                    "encoding",
                    f"problem.latin1{piped_key}",
                    byte=f"{raw[exc.start]:02x}",
                    line=line,
                    file=shown,
                    stem=Path(shown).stem,
                    suffix=suffix,
                )
            ]
        ) from None
    return normalise_newlines(text)


def _pdf_text(path: Path, shown: str) -> tuple[str, dict[str, str]]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings ("EOF marker not found") are not ours

    try:
        raw = read_bytes(path, shown)  # pypdf reads the file whole: bounded like every data file
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CodingError([problem(shown, None, "pdf", "problem.pdf_password")])
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        info = reader.metadata or {}
        properties = {
            key: str(value).strip()
            for key, value in (("title", info.get("/Title")), ("author", info.get("/Author")))
            if value and str(value).strip()
        }
    except (LimitReachedError, RecursionError) as exc:  # a page tree nested deep, a stream inflating far
        raise CodingError([problem(shown, None, "pdf", "problem.pdf_too_complex", error=exc)]) from None
    except NotImplementedError as exc:  # an encryption or filter pypdf does not implement
        raise CodingError([problem(shown, None, "pdf", "problem.pdf_unsupported", error=exc)]) from None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CodingError([problem(shown, None, "pdf", "problem.pdf_unreadable", error=exc)]) from None
    if not text.strip():
        raise CodingError([problem(shown, None, "pdf", "problem.pdf_no_text")])
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
        raise CodingError([problem(shown, None, "docx", "problem.docx_unreadable", error=exc)]) from None
    return normalise_newlines(text), properties


# Files of studykit's own or of reference managers and spreadsheets: never a study's text, whatever they hold.
NOT_SOURCES = frozenset(
    {".yaml", ".yml", ".bib", ".ris", ".json", ".csv", ".tsv", ".xlsx", ".xls", ".qdpx", ".qdc", ".jsonl"}
)


def not_a_source(path: Path, shown: str):
    """The problem with giving ``path`` as a study's text because it is a data file (by its suffix), or None;
    a folder, a pipe or a missing file is :func:`~studykit.corpus.readers.no_file`'s to name."""
    suffix = path.suffix.lower()
    if suffix in NOT_SOURCES:
        return problem(shown, None, "file", "problem.not_a_source", suffix=suffix)
    return None


def read_source(path: str | Path, shown: str | None = None, missing: str = "problem.not_found") -> SourceText:
    """The text of a .txt (UTF-8), .pdf (text layer) or .docx file, normalised to LF, every file read
    bounded; refuses anything else clearly (``shown``: the file as problems name it, default ``path``;
    ``missing``: the catalogue key saying what to give instead of a missing file). The one reader of a
    document given as a study's text: ``new-study`` and ``suggest FILE`` alike."""
    path = Path(path)
    shown = str(path) if shown is None else shown
    suffix = path.suffix.lower()
    if (why := not_a_source(path, shown)) is not None:
        raise CodingError([why])
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL: no such file
        is_file = False
    if not is_file:
        raise CodingError([no_file(path, shown, missing)])
    if suffix == ".pdf":
        text, properties = _pdf_text(path, shown)
        kind = "pdf"
    elif suffix == ".docx":
        text, properties = _docx_text(path, shown)
        kind = "docx"
    elif suffix in (".doc", ".rtf", ".odt"):
        raise CodingError([problem(shown, None, "file", "problem.unsupported_suffix", suffix=suffix)])
    else:
        try:  # bounded by the cap on a source's length, and no pipe or device read
            raw = read_bytes(check_size(path, shown), shown)
        except ProblemError as exc:
            raise CodingError([exc.problem]) from None
        text, properties, kind = decode_text(raw, shown), {}, "text"
    if not text.strip():
        raise CodingError([problem(shown, None, "file", "problem.no_text")])
    return SourceText(text, path.name, kind, properties)


PASTED = "-"  # new-study's SOURCE for a text given on standard input: an abstract pasted, or piped
STDIN = "<stdin>"  # how problems name it


def pasted_source(stream: typing.BinaryIO | None) -> SourceText:
    """A source text given on standard input (``stream``; None: standard input is closed), read as a .txt
    file is: UTF-8, LF, and no more bytes than a .txt file may have (:func:`most_source_bytes`, and the cap
    on a file), so a stream of gigabytes costs no more memory
    than a file refused by its size; its seed file is none."""
    if stream is None:
        raise CodingError([problem(STDIN, None, "file", "problem.stdin_closed")])
    limit = min(most_source_bytes(), FILE_BYTES.value)
    cap = SOURCE_CHARS if limit < FILE_BYTES.value else FILE_BYTES
    try:
        raw = stream.read(limit + 1)
    except OSError as exc:  # a folder or a device as standard input
        said = problem(STDIN, None, "file", "problem.stdin_unreadable", error=exc.strerror or str(exc))
        raise CodingError([said]) from None
    if len(raw) > limit:
        raise CodingError([problem(STDIN, None, "file", over_cap(cap, "cap.what.stdin_bytes", size=limit))])
    text = decode_text(raw, STDIN, piped=True)
    if not text.strip():
        raise CodingError([problem(STDIN, None, "file", "problem.stdin_empty")])
    return SourceText(text, None, "text", {})
