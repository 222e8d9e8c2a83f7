"""Bibliographic fields of a study's source from a record the analyst already has: BibTeX, RIS or CSL-JSON.

The record fills ``source.title``, ``source.author``, ``source.year`` and
``source.institution`` of a study file (``studykit new-study SOURCE --id ID --bib FILE``,
or the workbench's metadata form). Parsing is left to bibtexparser (2.x) and rispy;
CSL-JSON is plain JSON. A file that holds several records must say which is meant:
the first is taken, and the caller is told how many there were.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..corpus.advice import advice
from ..corpus.problems import Problem, ProblemError
from ..corpus.readers import read_bytes
from .publish import CodingError

FIELDS = ("title", "author", "year", "institution")
# between two authors: BibTeX's own "and" is a separator, not a word, and showed as English in an Indonesian
# profile (*Penulis: Pratama, Rizky Adi and Lestari, Dewi*)
AUTHORS = "; "
ETAL = "et al."  # BibTeX's "and others", RIS's and CSL's "others": written as citations write it
FIELD_CHARS = 5_000  # the longest value a record may give a field the schema sets no max_length for
# what a study file cannot hold: C0/C1 controls and DEL (validate refuses them), lone surrogates and
# non-characters (YAML cannot hold them at all)
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# where a record starts: a BibTeX entry (not a @string, @preamble or @comment, which the first may need),
# a RIS record. Only the first record is parsed, the others counted: a whole library exported (50 MB, 400,000
# entries) took bibtexparser 27 s and 1.1 GB to give the first
_BIBTEX_START = re.compile(r"^[ \t]*@[ \t]*(?!(?:string|preamble|comment)\b)[a-z]+[ \t]*[{(]", re.M | re.I)
_RIS_START = re.compile(r"^TY  - ", re.M)


def _first(text: str, start: re.Pattern) -> str:
    """``text`` up to where its second record starts (all of it if it holds one)."""
    starts = start.finditer(text)
    next(starts, None)
    second = next(starts, None)
    return text[: second.start()] if second else text


def _year(value: Any) -> int | None:
    m = re.search(r"(1[89][0-9]{2}|2[01][0-9]{2})", str(value or ""))
    return int(m.group(1)) if m else None


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).replace("{", "").replace("}", "").split()) if value else ""
    return text or None


def _names(value: str) -> list[str]:
    """BibTeX's authors: apart where ``and`` (any case) stands between spaces outside braces, so
    ``{Barnes and Noble}`` is one (a corporate name); ``others`` is *et al.*, as BibTeX styles write it."""
    names, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", value, re.IGNORECASE):
        if m.group() in "{}":
            depth = max(0, depth + (1 if m.group() == "{" else -1))
        elif depth == 0:
            names.append(value[start : m.start()])
            start = m.end()
    names.append(value[start:])
    return [ETAL if n.strip().lower() == "others" else n.strip() for n in names if n.strip()]


def _latex(value: Any) -> Any:
    """A BibTeX value's LaTeX as text: accents (``G{\\"o}del`` is *Gödel*), ``\\&``, ``--``; one too long
    for any field (refused below) or nested too deep to parse is left as written."""
    if not isinstance(value, str) or not re.search(r"[\\~$]|--", value) or len(value) > 4 * FIELD_CHARS:
        return value
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return LatexNodes2Text().latex_to_text(value)
    except (RecursionError, ValueError, IndexError):
        return value


class _Broken(ValueError):
    """A BibTeX record bibtexparser gave up on, at ``line`` (1-based) of the file."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _bibtex(text: str) -> list[dict[str, Any]]:
    import logging

    import bibtexparser

    # bibtexparser logs each block it gives up on, in English; the problem below says so in the user's
    # language
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    if library.failed_blocks and not library.entries:
        raise _Broken(library.failed_blocks[0].start_line + 1)
    out = []
    for entry in library.entries:
        f = {k.lower(): v.value for k, v in entry.fields_dict.items()}
        out.append(
            {
                "title": _latex(f.get("title")),
                "author": _latex(AUTHORS.join(_names(str(f.get("author", ""))))),
                "year": f.get("year") or f.get("date"),
                "institution": _latex(
                    f.get("school") or f.get("institution") or f.get("publisher") or f.get("journal")
                ),
            }
        )
    return out


def _ris(text: str) -> list[dict[str, Any]]:
    import rispy

    out = []
    for entry in rispy.loads(text):
        authors = entry.get("authors") or entry.get("first_authors") or []
        out.append(
            {
                "title": entry.get("title") or entry.get("primary_title"),
                "author": AUTHORS.join(authors),
                "year": entry.get("year") or entry.get("publication_year") or entry.get("date"),
                "institution": entry.get("publisher")
                or entry.get("secondary_title")
                or entry.get("journal_name"),
            }
        )
    return out


def _csl(text: str) -> list[dict[str, Any]]:
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        names = [
            ", ".join(p for p in (a.get("family"), a.get("given")) if p) or a.get("literal", "")
            for a in item.get("author", [])
            if isinstance(a, dict)
        ]
        parts = (item.get("issued") or {}).get("date-parts") or [[None]]
        out.append(
            {
                "title": item.get("title"),
                "author": AUTHORS.join(n for n in names if n),
                "year": parts[0][0] if parts and parts[0] else None,
                "institution": item.get("publisher") or item.get("container-title"),
            }
        )
    return out


def read_record(path: str | Path, lang: str = "en") -> tuple[dict[str, Any], int]:
    """The source fields of the first record in ``path`` (.bib, .ris, .json), and how many records it holds.

    Raises CodingError naming the file when it cannot be read or holds no record (its advice in ``lang``).
    """
    path = Path(path)
    shown = str(path)
    try:
        raw = read_bytes(path, shown)  # bounded: over the cap on a file, refused before it is read
    except ProblemError as exc:
        raise CodingError([replace(exc.problem, field="--bib")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodingError(
            [Problem(shown, None, "--bib", advice("record_unreadable", lang, error=exc))]
        ) from None
    suffix = path.suffix.lower()
    try:
        if suffix in (".json", ".csl", ".csljson") or text.lstrip()[:1] in "[{":
            records = _csl(text)
            count = len(records)
        elif suffix == ".ris" or re.match(r"\s*TY  - ", text):
            count = len(_RIS_START.findall(text))
            records = _ris(_first(text, _RIS_START))
        else:
            count = len(_BIBTEX_START.findall(text))
            records = _bibtex(_first(text, _BIBTEX_START))
    except _Broken as exc:
        raise CodingError([Problem(shown, exc.line, "--bib", advice("record_broken", lang))]) from None
    except Exception as exc:  # a parser's own error: say which file, never a traceback
        raise CodingError(
            [Problem(shown, None, "--bib", advice("record_invalid", lang, error=exc))]
        ) from None
    if not records:
        raise CodingError([Problem(shown, None, "--bib", advice("record_empty", lang))])
    first = records[0]
    values = {
        "title": _clean(first.get("title")),
        "author": _clean(first.get("author")),
        "year": _year(first.get("year")),
        "institution": _clean(first.get("institution")),
    }
    problems = [p for name, value in values.items() for p in _field_problems(shown, name, value, lang)]
    if problems:
        raise CodingError(problems)
    return {k: v for k, v in values.items() if v is not None}, max(count, 1)


def field_limit(name: str) -> int:
    """The schema's max_length of ``source.<name>``, else :data:`FIELD_CHARS`."""
    from ..corpus.schema import Source

    lengths = [m.max_length for m in Source.model_fields[name].metadata if getattr(m, "max_length", None)]
    return min(lengths, default=FIELD_CHARS)


def _field_problems(shown: str, name: str, value: Any, lang: str) -> list[Problem]:
    """Why a record's value cannot become ``source.<name>`` of a study file: a character it cannot hold, or
    more characters than the field takes."""
    if not isinstance(value, str):
        return []
    if (found := _UNWRITABLE.search(value)) is not None:
        said = advice("record_character", lang, code=f"{ord(found.group()):04X}")
        return [Problem(shown, None, name, said)]
    if len(value) > (limit := field_limit(name)):
        return [Problem(shown, None, name, advice("record_too_long", lang, n=len(value), limit=limit))]
    return []
