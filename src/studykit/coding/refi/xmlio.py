"""XML and zip plumbing shared by the REFI-QDA export and import: deterministic bytes out, safe parsing in."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"
XSD_FILES = {PROJECT_NS: XSD_DIR / "Project-mrt2019.xsd", CODEBOOK_NS: XSD_DIR / "Codebook.xsd"}


def element(parent, ns: str, tag: str, attrib: dict[str, str | None] | None = None, text: str | None = None):
    """A child (or root when ``parent`` is None) in ``ns``; attributes whose value is None are left out,
    order kept."""
    attrs = {k: v for k, v in (attrib or {}).items() if v is not None}
    node = (
        etree.Element(f"{{{ns}}}{tag}", attrs, nsmap={None: ns})
        if parent is None
        else etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    )
    if text is not None:
        node.text = text
    return node


def to_bytes(root) -> bytes:
    """UTF-8 bytes with an XML declaration (double-quoted, as the standard's examples), indented: same tree,
    same bytes."""
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="UTF-8", xml_declaration=False, pretty_print=True
    )


def parser() -> etree.XMLParser:
    """A parser for files from elsewhere: no entity expansion, no network, no DTD loading."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )


def schema_errors(data: bytes) -> list[str]:
    """Validate REFI-QDA XML bytes against the vendored XSD of its namespace; one line per error, [] if
    valid."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: not well-formed XML: {exc.msg}"]
    ns = etree.QName(root).namespace
    if ns not in XSD_FILES:
        return [f"root element {root.tag!r} is not in a REFI-QDA namespace ({PROJECT_NS} or {CODEBOOK_NS})"]
    schema = etree.XMLSchema(etree.parse(str(XSD_FILES[ns])))
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# --- reading, in any namespace version -----------------------------------------------------------


def xml_local(node) -> str:
    """An element's name without its namespace (any namespace version matches); "" for comments."""
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def xml_children(node, name: str):
    """The children of ``node`` named ``name`` in any namespace."""
    return [c for c in node if xml_local(c) == name]


def xml_child(node, name: str):
    """The first child of ``node`` named ``name``, or None."""
    found = xml_children(node, name)
    return found[0] if found else None


def xml_text(node) -> str:
    """All text inside ``node``, stripped; "" for no node."""
    return "".join(node.itertext()).strip() if node is not None else ""


def xml_where(node) -> str:
    """``Element/guid`` (or the element's name): where a problem is, in messages."""
    g = node.get("guid")
    return f"{xml_local(node)}/{g}" if g else xml_local(node)
