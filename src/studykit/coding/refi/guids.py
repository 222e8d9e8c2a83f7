"""Stable REFI-QDA GUIDs: derived from studykit ids, so that repeated exports are byte-identical.

Every element studykit exports (code, case, source, selection, coding, note, variable) gets
``uuid5(NAMESPACE, "<kind>:<id>")``. Importing tools keep these GUIDs or make their own; on import
GUIDs are compared in one canonical form (lower case, no braces), since tools write both.
"""

from __future__ import annotations

import re
import uuid

NAMESPACE = uuid.UUID("ceead3a1-3c52-4f4c-834b-8c545660f160")  # fixed for studykit; never change it
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


def guid(kind: str, *ids: str) -> str:
    """The GUID of a studykit element, e.g. ``guid("selection", "jambi-bantar-03")``."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *ids))))


def canonical(value: str | None) -> str | None:
    """A GUID as written by any tool (bare or in braces, any case) in one form; None if it is not a GUID."""
    if value is None:
        return None
    match = _GUID.match(value.strip())
    return match.group(1).lower() if match else None
