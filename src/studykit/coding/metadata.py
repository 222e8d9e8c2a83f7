"""Metadata suggestions: study fields read from the source text, each with the span it came from.

A new study file starts with every metadata field empty. Most of them are stated in
the abstract itself: the kota or kabupaten (whose type and province an official
gazetteer gives: ``data/codebook/regencies.csv``), the desa/kelurahan studied, the
programme's name and acronym, the framework the study declares, the year of a
copyright line. Each suggestion carries the span of the text it was read from, so
that a coder can check it before confirming it; nothing here is written without one.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from ..corpus.codebook import read_frameworks
from ..corpus.readable import readable
from ..corpus.schema import Regency
from .methods import data_collection, method_phrases, statements
from .placenames import REGENCIES_FILE, admin_units, gazetteer, lookup, regency, unknown_unit
from .sampling import sampling
from .segment import reflow

__all__ = ["REGENCIES_FILE", "Regency", "Suggestion", "gazetteer", "lookup", "regency", "unknown_unit"]

_PLACE = r"[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)*?"  # words in title case, not a title in capitals
# the kecamatan as Indonesian writes it (Kecamatan Sumbang) or English (Oebobo District, Oebobo Sub-district)
_DISTRICT = (
    rf"(?i:kecamatan)\s+(?P<district>{_PLACE})|(?P<district_en>{_PLACE})\s+(?i:sub-?district|district)\b"
)
# a desa/kelurahan (and its kecamatan) just before the kota or kabupaten, named in either language: "Desa X,
# Kecamatan Y, Kabupaten Z", "Kelurahan X, Y District, Z City", "…, the City of Z", "…, Z Regency"
_LOCALITY = re.compile(
    rf"\b(?P<level>(?i:desa|kelurahan))\s+(?P<place>{_PLACE})(?:,?\s+(?:{_DISTRICT}))?,?\s+(?:(?i:the)\s+)?"
    rf"(?=(?i:kota|kabupaten|kab\.)\s|(?i:city|regency)\s+(?i:of)\s|{_PLACE}\s+(?i:city|regency|district)\b)"
)
_NAMED_LOCALITY = re.compile(rf"\b(?i:desa|kelurahan)\s+{_PLACE}\b")  # one named, not in a title in capitals
_PROGRAMME = re.compile(
    r"\b(?P<kind>Program|Proyek)\b(?P<words>(?:(?!\b(?:program|proyek)\b)[^()\n.;:“”\"]){3,90}?)\s*"
    r"\((?P<inner>[^()\n]{2,40})\)",
    re.IGNORECASE,
)
# English: the name before its kind word, "the Urban Livelihood Assistance Programme (ULAP)"
_PROGRAMME_EN = re.compile(
    r"\b(?P<words>(?:[A-Z][\w'’\-]*\s+){1,8}?)(?P<kind>Programme|Program|Project)\s*\((?P<inner>[^()\n]{2,40})\)"
)
_ACRONYM = re.compile(r"^(?=.{2,12}$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")  # PKH, P2KP, BLT-DD, PNPM-MP
# a name before its acronym without the kind word, "implementasi Bantuan Langsung Tunai Dana Desa (BLT-DD)":
# a programme's only where the text calls the same words a Program elsewhere (its title)
_NAMED = re.compile(r"(?P<words>(?:[A-Z][\w'’\-]*\s+){1,8}?)\((?P<inner>[^()\n]{2,40})\)")
_YEAR = re.compile(r"(?:©|\(c\)|copyrights?)\s*(?:©\s*)?(?P<year>(?:19|20)[0-9]{2})", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    """A value for a study field, read from ``text[start:end]`` (the evidence, as written)."""

    field: str  # a study field; source fields as source.<name>
    value: str | int
    start: int
    end: int
    evidence: str

    def as_dict(self) -> dict:
        return asdict(self)


def _place_suggestions(text: str, data_dir: Path) -> list[Suggestion]:
    mentions = admin_units(text, data_dir)
    if not mentions:
        return []
    counts = Counter(r.code for r, _, _ in mentions)
    best = max(counts.values())
    regency = next(r for r, _, _ in mentions if counts[r.code] == best)  # most mentioned, first on a tie
    own = [(at, w) for r, at, w in mentions if r.code == regency.code]
    start, written = next(
        ((at, w) for at, w in own if not w.isupper()), own[0]
    )  # as written, not a title in capitals
    end = start + len(written)
    out = [
        Suggestion("city_as_written", written, start, end, written),
        Suggestion("admin_unit", regency.admin_unit, start, end, written),
        Suggestion("admin_unit_type", regency.admin_unit_type, start, end, written),
        Suggestion("province", regency.province, start, end, written),
    ]
    locality = next((lm for lm in _LOCALITY.finditer(text) if lm.end() in {at for at, _ in own}), None)
    if locality is not None:
        place = f"{locality.group('level').title()} {locality.group('place')}"
        if district := locality.group("district") or locality.group("district_en"):
            place += f", Kecamatan {district}"
        evidence = re.sub(r"(?:[,\s]+(?i:the))?[,\s]*$", "", text[locality.start() : locality.end()])
        out += [
            Suggestion(
                "level",
                locality.group("level").lower(),
                locality.start(),
                locality.start() + len(evidence),
                evidence,
            ),
            Suggestion("locality", place, locality.start(), locality.start() + len(evidence), evidence),
        ]
    elif _NAMED_LOCALITY.search(text) is None:  # a desa/kelurahan named elsewhere: no guess of the level
        out += [
            Suggestion("level", regency.admin_unit_type, start, end, written),
            Suggestion("locality", regency.admin_unit, start, end, written),
        ]
    return out


def _programme_suggestions(text: str) -> list[Suggestion]:
    # read where a PDF copy's line wraps are spaces ("Program\nPemberdayaan Ekonomi …"; same offsets), a
    # word hyphenated at a wrap whole again
    flat = reflow(text)
    english = list(_PROGRAMME_EN.finditer(flat))
    for m in [*_PROGRAMME.finditer(flat), *english]:
        words = readable(m.group("words"))
        inner = m.group("inner").strip()
        if not words or not _ACRONYM.match(inner) or not any(c.isupper() for c in inner):
            continue
        start, end = m.start(), m.start("words") + len(m.group("words").rstrip())
        if m in english:  # its words and kind word, without a sentence's leading "The"
            lead = re.match(r"(?:The|This|That)\s+", m.group("words"))
            start += lead.end() if lead else 0
            end = m.end("kind")
            name = readable(flat[start:end])
            if lead and lead.end() == len(m.group("words")):
                continue  # "The Programme (P)": no name
        else:
            name = f"{m.group('kind')} {words}"
        name = name[0].upper() + name[1:]
        spellings = Counter(s for s in re.findall(rf"\b{re.escape(inner)}\b", text, re.IGNORECASE))
        acronym = max(spellings, key=lambda s: (spellings[s], s.isupper()))
        evidence = text[m.start() : m.end()]
        return [
            Suggestion("programme_name", name, start, end, evidence),
            Suggestion("programme_acronym", acronym, m.start("inner"), m.end("inner"), evidence),
        ]
    for m in _NAMED.finditer(flat):
        words, inner = " ".join(m.group("words").split()), m.group("inner").strip()
        spaced = r"\s+".join(map(re.escape, words.split()))
        kind = re.search(rf"\b(Program|Proyek)\s+{spaced}\b", flat, re.IGNORECASE)
        if kind is None or not _ACRONYM.match(inner) or not any(c.isupper() for c in inner):
            continue
        name = readable(flat[kind.start() : kind.end()])  # where the text calls it a Program
        evidence = text[m.start() : m.end()]
        return [
            Suggestion("programme_name", name[0].upper() + name[1:], *kind.span(), text[slice(*kind.span())]),
            Suggestion("programme_acronym", inner, m.start("inner"), m.end("inner"), evidence),
        ]
    return []


def _framework_suggestions(text: str, data_dir: Path) -> list[Suggestion]:
    out, folded = [], text.casefold()
    for fw in read_frameworks(data_dir):
        spans = [
            (at, at + len(alias))
            for alias in sorted(fw.aliases, key=len, reverse=True)
            if (at := folded.find(alias.casefold())) >= 0
        ]
        if spans:
            start, end = min(spans)
            out.append(Suggestion("frameworks_declared", fw.framework_id, start, end, text[start:end]))
    if out:
        first = min(out, key=lambda s: s.start)
        out.append(Suggestion("framework_as_written", first.evidence, first.start, first.end, first.evidence))
    return out


def _year_suggestions(text: str) -> list[Suggestion]:
    m = _YEAR.search(text)
    if m is None:
        return []
    return [Suggestion("source.year", int(m.group("year")), m.start(), m.end(), text[m.start() : m.end()])]


def _method_suggestions(text: str) -> list[Suggestion]:
    """The method the study states (its first statement that names one, with the statements right after
    it: "Jenis penelitian ini deskriptif. … dengan pendekatan kualitatif."), every data-collection technique
    it names (:mod:`.methods`) and how it chose its informants (:mod:`.sampling`), each with the sentences
    it was read from."""
    out = []
    said = [s for s in statements(text) if s.method and s.methods]
    run, last = said[:1], said[0].end if said else 0
    for s in said[1:]:
        if text[last : s.start].strip():  # not the very next sentence: another part of the text
            break
        if {t.concept for t in s.methods} - {t.concept for r in run for t in r.methods}:
            run.append(s)  # a sentence that only says again what the run said is not its evidence
        last = s.end
    found = method_phrases(text, [t for s in run for t in s.methods]) if run else None
    if found is not None and len(found[0]) <= 200:  # the schema's length
        out.append(Suggestion("method", found[0], found[1], found[2], text[run[0].start : run[-1].end]))
    for words, start, end, s in data_collection(text):
        if len(words) <= 200:
            out.append(Suggestion("data_collection", words, start, end, text[s.start : s.end]))
    if (how := sampling(text)) is not None:
        out.append(Suggestion("sampling", *how))
    return out


def suggest_metadata(text: str, data_dir: Path) -> list[Suggestion]:
    """Every metadata value the text states, each with its evidence span, in field order."""
    return (
        _place_suggestions(text, data_dir)
        + _programme_suggestions(text)
        + _framework_suggestions(text, data_dir)
        + _method_suggestions(text)
        + _year_suggestions(text)
    )


def to_json(suggestions: list[Suggestion]) -> str:
    import json

    return json.dumps([s.as_dict() for s in suggestions], ensure_ascii=False, indent=1)


def table(suggestions: list[Suggestion], lang: str = "en") -> str:
    """A plain-text table for a terminal, its header in ``lang`` (the fields keep their schema names)."""
    from ..corpus.messages import t

    field, value, start, end, evidence = (
        t(f"metadata.col.{c}", lang) for c in ("field", "value", "start", "end", "evidence")
    )
    out = io.StringIO()
    out.write(f"{field:<22} {value:<40} {start:>6} {end:>6}  {evidence}\n")
    for s in suggestions:
        out.write(
            f"{s.field:<22} {str(s.value):<40} {s.start:>6} {s.end:>6}  {' '.join(s.evidence.split())}\n"
        )
    return out.getvalue().rstrip("\n")
