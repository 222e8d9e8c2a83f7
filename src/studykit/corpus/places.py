"""The closed lists of places a study is checked against: the 38 provinces (with their island group) and the
gazetteer of kota and kabupaten."""

from __future__ import annotations

from pathlib import Path

from ..paths import shown_path
from . import tables
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
