"""The closed lists of places a study is checked against: the 38 provinces (with their island group) and the
gazetteer of kota and kabupaten."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ..paths import shown_path
from . import tables
from .advice import near
from .messages import problem
from .problems import Problem
from .schema import Province, Regency
from .validation import read_table

PROVINCES_FILE = "codebook/provinces.csv"
REGENCIES_FILE = "codebook/regencies.csv"


def read_provinces(data_dir: Path) -> tuple[dict[str, str], list[Province], list[Problem]]:
    """The closed list of provinces: province -> island, the rows in file order, and problems (duplicates
    included)."""
    rows, problems, _ = read_table(data_dir, PROVINCES_FILE, tables.PROVINCE_COLUMNS, Province)
    shown = shown_path(data_dir / PROVINCES_FILE, data_dir)
    seen: dict[str, int] = {}
    for line, row in rows:
        if row.province in seen:
            problems.append(
                problem(
                    shown,
                    line,
                    "province",
                    "problem.duplicate_province",
                    value=row.province,
                    first=seen[row.province],
                )
            )
        seen.setdefault(row.province, line)
    return {p.province: p.island for _, p in rows}, [p for _, p in rows], problems


def read_regencies(data_dir: Path, provinces: dict[str, str]) -> tuple[list[Regency], list[Problem]]:
    """The gazetteer of the 514 kota and kabupaten (optional file); each must lie in a province of
    provinces.csv."""
    if not (data_dir / REGENCIES_FILE).exists():
        return [], []
    rows, problems, _ = read_table(data_dir, REGENCIES_FILE, tables.REGENCY_COLUMNS, Regency)
    shown = shown_path(data_dir / REGENCIES_FILE, data_dir)
    seen: set[str] = set()
    for line, row in rows:
        if provinces and row.province not in provinces:
            problems.append(
                problem(
                    shown,
                    line,
                    "province",
                    "problem.regency_province",
                    value=row.province,
                    file=PROVINCES_FILE,
                )
            )
        if row.code in seen:
            problems.append(problem(shown, line, "code", "problem.duplicate_code", value=row.code))
        seen.add(row.code)
    return [r for _, r in rows], problems


class Place(NamedTuple):
    """What the gazetteer says of one admin_unit: its type, its province, its name without the type."""

    admin_unit_type: str
    province: str
    name: str


Places = dict[str, Place]  # admin_unit (official name, as in a study file) -> its gazetteer row
# the words before a name: its type and, in DKI Jakarta, "Administrasi" (Kota Administrasi Jakarta Selatan)
_TYPE_WORD = re.compile(r"^(kota|kabupaten|kab\.?)\s", re.IGNORECASE)
_TYPE_WORDS = re.compile(r"^(?:(?:kota|kabupaten|kab\.?)\s+)?(?:administrasi\s+)?", re.IGNORECASE)


def places_of(regencies: list[Regency]) -> Places:
    """The gazetteer as study checks look it up (plain tuples: cheap to send to worker processes)."""
    return {r.admin_unit: Place(r.admin_unit_type, r.province, r.name) for r in regencies}


def official_unit(value: object, units: Places | dict) -> str | None:
    """The one rule by which a study's ``admin_unit`` names a row of the gazetteer (validate, Save, metafill
    and the workbench's form read it so): the row's official name exactly, its case, its type word and its
    "Administrasi" included (``Kota Kediri``, never ``kota kediri``: Kabupaten Kediri exists too), the
    spaces around it aside. The official name, or None for any other value (:func:`near_units` says what it
    may mean)."""
    if not isinstance(value, str):
        return None
    unit = value.strip()
    return unit if unit in units else None


def near_units(value: str, admin_unit_type: object, places: Places) -> str:
    """The admin_units closest to an unknown ``value`` (``'Kota A', 'Kabupaten B'``), or "": compared by
    name without the type word and case (``kab. sukoharjoo`` → Kabupaten Sukoharjo), where a name is both a
    kota and a kabupaten those of the type ``value`` writes first (``kota kediri`` → 'Kota Kediri'), else
    those of the study's ``admin_unit_type``."""
    typed = _TYPE_WORD.match(" ".join(value.split()))
    if typed:
        admin_unit_type = "kota" if typed.group(1).lower() == "kota" else "kabupaten"
    by_name: dict[str, list[tuple[bool, str]]] = {}
    for unit, place in places.items():
        by_name.setdefault(_bare(place.name), []).append((place.admin_unit_type != admin_unit_type, unit))
    wanted = _bare(value)
    units = [unit for name in near(wanted, by_name) for _, unit in sorted(by_name[name])]
    return ", ".join(repr(unit) for unit in units[:3])


def _bare(name: str) -> str:
    """A place's name as did-you-mean compares it: no type word, no "Administrasi", no case."""
    return _TYPE_WORDS.sub("", " ".join(name.split())).casefold()
