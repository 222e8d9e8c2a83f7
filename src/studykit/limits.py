"""The caps on what studykit reads, in one place: each has a name, a default and an environment variable that
raises it.

Input is bounded before it is parsed or decompressed (a 7 KB file must not take
gigabytes), and a cap that is hit says which cap it was and how to raise it for a
file that is genuinely that large.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Cap:
    """One cap: ``name`` is also the environment variable ``STUDYKIT_<NAME>`` that overrides ``default``."""

    name: str
    default: int
    unit: str

    @property
    def variable(self) -> str:
        return f"STUDYKIT_{self.name}"

    @property
    def value(self) -> int:
        raw = os.environ.get(self.variable, "")
        return int(raw) if raw.strip().isdigit() else self.default

    def exceeded(self, what: str) -> str:
        """The message for input over the cap: what, the cap, and how to raise it."""
        return (
            f"{what} exceeds studykit's cap of {self.value:,} {self.unit} ({self.variable}); "
            f"if the file is genuine, raise it, e.g. {self.variable}={self.value * 4}"
        )


YAML_DEPTH = Cap("MAX_YAML_DEPTH", 64, "levels of nesting")
YAML_NODES = Cap("MAX_YAML_NODES", 1_000_000, "values (aliases expanded)")
YAML_BYTES = Cap("MAX_YAML_BYTES", 64 * 2**20, "bytes")
FILE_BYTES = Cap(
    "MAX_FILE_BYTES", 64 * 2**20, "bytes"
)  # any data file read whole (study file, codebook, CSV)
SOURCE_CHARS = Cap("MAX_SOURCE_CHARS", 1_000_000, "characters")
ARCHIVE_BYTES = Cap("MAX_ARCHIVE_BYTES", 512 * 2**20, "bytes uncompressed")
ARCHIVE_MEMBER_BYTES = Cap("MAX_ARCHIVE_MEMBER_BYTES", 64 * 2**20, "bytes uncompressed")
ARCHIVE_ENTRIES = Cap("MAX_ARCHIVE_ENTRIES", 10_000, "entries")
ARCHIVE_RATIO = Cap("MAX_ARCHIVE_RATIO", 100, "times compression ratio")
SHEET_ROWS = Cap("MAX_SHEET_ROWS", 200_000, "rows")
# rows of a codebook table (crosswalk, provinces, the gazetteer: 514 rows) or a REFI-QDA mapping file: a 60 MB
# gazetteer took 1.7 GB and 107 s to list 826,000 duplicate codes
TABLE_ROWS = Cap("MAX_TABLE_ROWS", 20_000, "rows")
SHEET_BYTES = Cap("MAX_SHEET_BYTES", 64 * 2**20, "bytes")
# problems of one sort a command prints (the rest are counted; 0: all); --format json lists every one
PROBLEMS_SHOWN = Cap("MAX_PROBLEMS_SHOWN", 10, "problems of one sort")
SHEET_COLUMNS = 100  # columns read of a spreadsheet row (a findings sheet has about 20)
QCA_LEVELS = Cap("MAX_QCA_LEVELS", 100, "levels of one multi-value condition")
QCA_ROWS = Cap("MAX_QCA_ROWS", 2**25, "truth-table rows (the product of the conditions' levels)")
