"""The report stylesheet and browser scripts, inlined into every report so that it works alone, offline, with
no CDN.

The files live in ``templates/studykit/static/`` (vendored libraries with their
licence and version in its README.md). They are read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "templates" / "studykit" / "static"
CSS_FILES = ("report.css", "tablesort.css")
JS_FILES = (
    "tablesort.min.js",
    "tablesort.number.min.js",
    "tables.js",
)  # tablesort before its extension and its caller


@lru_cache(maxsize=1)
def assets() -> dict[str, str]:
    """{"css": ..., "js": ...}: the files' text, joined in order."""

    def joined(names):
        return "\n".join((STATIC / name).read_text(encoding="utf-8").strip() for name in names)

    return {"css": joined(CSS_FILES), "js": joined(JS_FILES)}
