"""The REFI-QDA codebook (.qdc): studykit's themes under the finding types, for coding in another tool."""

from __future__ import annotations

from ..._version import __version__
from .codebook import Code
from .xmlio import CODEBOOK_NS, element, to_bytes

ORIGIN = f"studykit {__version__}"


def add_codes(
    parent, ns: str, codes: list[Code] | tuple[Code, ...], theme_notes: dict[str, list[str]] | None = None
) -> None:
    """Code elements (Description first, then children) in either namespace; the schemas agree on this part.

    ``theme_notes`` (project files only): theme id -> GUIDs of notes (memos) every code of the theme links to.
    """
    for code in codes:
        node = element(
            parent,
            ns,
            "Code",
            {
                "guid": code.guid,
                "name": code.name,
                "isCodable": "true" if code.codable else "false",
                "color": code.color,
            },
        )
        element(node, ns, "Description", text=code.description)
        theme = code.target.theme_id if code.target is not None else None
        for note in (theme_notes or {}).get(theme, []) if theme else []:
            element(node, ns, "NoteRef", {"targetGUID": note})
        add_codes(node, ns, code.children, theme_notes)


def codebook_xml(codes: list[Code]) -> bytes:
    """The .qdc document; no Sets element (an empty one is invalid, and studykit has no sets)."""
    root = element(None, CODEBOOK_NS, "CodeBook", {"origin": ORIGIN})
    add_codes(element(root, CODEBOOK_NS, "Codes"), CODEBOOK_NS, codes)
    return to_bytes(root)
