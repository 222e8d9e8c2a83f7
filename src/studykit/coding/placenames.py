"""Where a text names a kota or kabupaten of the gazetteer (``data/codebook/regencies.csv``), in Bahasa
Indonesia ("Kota Semarang", "Kab. Sukoharjo") and English ("Semarang City", "the Regency of Sukoharjo"), and
the gazetteer's row of a name as a study file writes it (validate's one rule)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from ..corpus.places import REGENCIES_FILE, near_units, official_unit, places_of, read_regencies
from ..corpus.problems import Said
from ..corpus.schema import Regency

__all__ = ["REGENCIES_FILE", "admin_units", "gazetteer", "lookup", "regency", "unknown_unit"]

_NAME_WORD = r"(?!(?i:kota|kabupaten|kab)\b)[A-Za-z][A-Za-z'\-]*"  # a name ends before the next unit
_UNIT = re.compile(
    rf"\b(?P<kind>kota|kabupaten|kab\.)\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})", re.IGNORECASE
)
# English forms: "Semarang City", "Sukoharjo Regency", "Jombang District"; "the City of Semarang", "Regency of
# Sukoharjo". The name is one to three capitalised words (of which the gazetteer's name is the longest that
# is one); the type word in any case ("Semarang city")
_CAP = r"[A-Z][A-Za-z'\-]*"
_EN_KIND = r"(?i:city|municipality|regency|district)"
_EN_AFTER = re.compile(rf"\b(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<kind>{_EN_KIND})\b")
_EN_BEFORE = re.compile(rf"\b(?P<kind>{_EN_KIND})\s+(?i:of)\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})")
# what each English word says: a city is a kota (or, like "Kota Jombang", the one unit of that name), a
# regency a kabupaten; "district" is a kabupaten in many English abstracts but also a kecamatan: a regency or
# district is taken only for a kabupaten of that name
_EN_TYPE = {"city": "kota", "municipality": "kota", "regency": "kabupaten", "district": "kabupaten"}
# a compass word before a name is part of it, after it in the gazetteer ("North Minahasa": Minahasa Utara)
_COMPASS = {
    "north": "Utara",
    "south": "Selatan",
    "east": "Timur",
    "west": "Barat",
    "central": "Tengah",
    "southeast": "Tenggara",
    "southwest": "Barat Daya",
}


class _Index(NamedTuple):
    """The gazetteer read once per file version: its rows, by official name and by lower-case name."""

    rows: tuple[Regency, ...]
    by_unit: dict[str, Regency]
    by_name: dict[str, tuple[Regency, ...]]


@lru_cache(maxsize=8)
def _index(data_dir: str, version: tuple[int, int] | None) -> _Index:
    rows = tuple(read_regencies(Path(data_dir), {})[0]) if version else ()  # problems: validate's to state
    by_name: dict[str, list[Regency]] = {}
    for r in rows:
        by_name.setdefault(r.name.lower(), []).append(r)
    return _Index(rows, {r.admin_unit: r for r in rows}, {k: tuple(v) for k, v in by_name.items()})


def _indexed(data_dir: Path) -> _Index:
    """The gazetteer's index; empty without a ``regencies.csv`` (an optional file) or for one no regular
    file. Keyed by the file's modification time and size, so an edit is read again."""
    try:
        stat = (data_dir / REGENCIES_FILE).stat()
    except OSError:
        stat = None
    version = (stat.st_mtime_ns, stat.st_size) if stat is not None and S_ISREG(stat.st_mode) else None
    return _index(str(data_dir), version)


def gazetteer(data_dir: Path) -> tuple[Regency, ...]:
    """The 514 kota and kabupaten of ``data/codebook/regencies.csv`` (source and licence in regencies.md),
    read by the one reader validate uses (:func:`studykit.corpus.places.read_regencies`); none without the
    file."""
    return _indexed(data_dir).rows


def regency(data_dir: Path, admin_unit: object) -> Regency | None:
    """The gazetteer's row of an ``admin_unit`` as a study file writes it (Kota Semarang) by validate's one
    rule (:func:`studykit.corpus.places.official_unit`: exact name, case and type word included); None for
    a name validate refuses (or no gazetteer)."""
    rows = _indexed(data_dir).by_unit
    official = official_unit(admin_unit, rows)
    return None if official is None else rows[official]


def unknown_unit(data_dir: Path, admin_unit: object, admin_unit_type: object) -> Said | None:
    """What validate says of an ``admin_unit`` the gazetteer has not (with the names it may mean); None for
    one it has, an empty value or no gazetteer."""
    if not isinstance(admin_unit, str) or not admin_unit.strip() or regency(data_dir, admin_unit) is not None:
        return None
    if not (data_dir / REGENCIES_FILE).is_file():
        return None
    close = near_units(admin_unit, admin_unit_type, places_of(list(gazetteer(data_dir))))
    said = Said("suggest.did_you_mean", {"ids": close}) if close else ""
    return Said("problem.unknown_admin_unit", {"value": admin_unit, "close": said, "file": REGENCIES_FILE})


def lookup(data_dir: Path, kind: str, name: str) -> Regency | None:
    """The regency a text means by "<kind> <name>" (kind: kota, kabupaten or kab.); None if the gazetteer has
    none.

    A text that writes "Kota Jombang" where only a Kabupaten Jombang exists means the kabupaten
    (the seat of a regency is often called its kota): the other type is taken when the name is unique.
    """
    wanted = "kota" if kind.lower() == "kota" else "kabupaten"
    same = _indexed(data_dir).by_name.get(name.lower(), ())  # one look-up, whatever the gazetteer's size
    exact = [r for r in same if r.admin_unit_type == wanted]
    if len(exact) == 1:
        return exact[0]
    return same[0] if len(same) == 1 else None


def admin_units(text: str, data_dir: Path) -> list[tuple[Regency, int, str]]:
    """Every mention of a kota/kabupaten the gazetteer knows, in text order: (regency, where it starts, the
    words as written), in Indonesian ("Kota Semarang") and in English ("Semarang City", "the City of
    Semarang")."""
    found = []
    for m in _UNIT.finditer(text):
        words = m.group("name").split()
        for n in range(
            len(words), 0, -1
        ):  # the longest name that is a regency: "Tanjung Balai" before "Tanjung"
            regency = lookup(data_dir, m.group("kind"), " ".join(words[:n]))
            if regency is not None:
                found.append((regency, m.start(), text[m.start() : _end_of_words(m, n)]))
                break
    taken = [(start, start + len(written)) for _, start, written in found]
    english = [hit for hit in _english_units(text, data_dir) if not _overlaps(hit, taken)]
    return sorted(found + english, key=lambda hit: hit[1])


def _english_units(text: str, data_dir: Path) -> list[tuple[Regency, int, str]]:
    """The English mentions: the name before its type word (the longest run of its last words that names a
    unit: "In Semarang City" is Semarang) or after "<type word> of" (the longest run of its first words)."""
    found = []
    for pattern, after in ((_EN_AFTER, True), (_EN_BEFORE, False)):
        for m in pattern.finditer(text):
            kind, spans = m.group("kind").lower(), [w.span() for w in re.finditer(r"\S+", m.group("name"))]
            tails = (
                [spans[i:] for i in range(len(spans))]
                if after
                else [spans[:n] for n in range(len(spans), 0, -1)]
            )
            for words in tails:
                first, last = m.start("name") + words[0][0], m.start("name") + words[-1][1]
                name = text[first:last].split()
                compass = _COMPASS.get(name[0].lower()) if len(name) > 1 else None
                regency = _english_lookup(data_dir, kind, name[1:] + [compass] if compass else name)
                if regency is not None:
                    start, end = (first, m.end()) if after else (m.start(), last)
                    found.append((regency, start, text[start:end]))
                    break
                if compass:  # "West Semarang District" is no unit, and not Semarang either (a kecamatan)
                    break
    return found


def _english_lookup(data_dir: Path, kind: str, name: list[str]) -> Regency | None:
    """The unit an English type word and name mean, as :func:`lookup`; a regency or district only a
    kabupaten."""
    wanted = _EN_TYPE[kind]
    regency = lookup(data_dir, wanted, " ".join(name))
    if regency is None or (wanted == "kabupaten" and regency.admin_unit_type != wanted):
        return None
    return regency


def _overlaps(hit: tuple[Regency, int, str], spans: list[tuple[int, int]]) -> bool:
    start, end = hit[1], hit[1] + len(hit[2])
    return any(start < b and a < end for a, b in spans)


def _end_of_words(m: re.Match, n: int) -> int:
    """Where the ``n``-th word of the match's name ends (its words, never the punctuation after them)."""
    ends = [w.end() for w in re.finditer(r"\S+", m.group("name"))]
    return m.start("name") + ends[n - 1]
