"""Read a REFI-QDA project (.qdpx) or codebook (.qdc) written by any tool into plain records.

Reading is lenient where tools differ and the meaning is clear: elements are matched by local
name (any namespace version), the .qde may have any name (ATLAS.ti: ``<name>.qde``), the sources
folder may be ``sources/`` or ``Sources/`` (NVivo), GUIDs may be bare or in braces and in any
case, and a BOM before a source text is dropped. Anything that cannot be read becomes a problem
``FILE: element/guid: what is wrong``; nothing here raises for bad input.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ...corpus.problems import Problem, ProblemError, Said, over_cap
from ...limits import ARCHIVE_MEMBER_BYTES
from ..archive import open_zip
from .guids import canonical
from .memo_notes import is_memo_name, linked, note_info, note_refs
from .records import RefiCode, RefiProject, RefiSelection, RefiSource
from .text_sources import VALUE_TAGS, member_text, read_cases, read_text_source
from .xmlio import parser, xml_child, xml_children, xml_local, xml_text, xml_where

__all__ = ["NON_TEXT", "VALUE_TAGS", "RefiCode", "RefiProject", "RefiSelection", "RefiSource", "read"]

NON_TEXT = {"PDFSource": "PDF", "PictureSource": "image", "AudioSource": "audio", "VideoSource": "video"}


def read(path: Path, shown: str) -> RefiProject:
    """Read ``path`` (.qdpx or .qdc); every problem is in the result's ``problems``."""
    project = RefiProject(shown)
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            size = os.fstat(fh.fileno()).st_size
            is_xml = path.suffix.lower() == ".qdc" or not head.startswith(b"PK")
            if is_xml and size > ARCHIVE_MEMBER_BYTES.value:
                project.problem("file", over_cap(ARCHIVE_MEMBER_BYTES, "cap.what.file_bytes", size=size))
                return project
            raw = head + fh.read() if is_xml else b""
    except OSError as exc:
        project.problem("file", "problem.refi_unreadable", error=exc.strerror or exc)
        return project
    if is_xml:
        if path.suffix.lower() not in (".qdc", ".qde", ".xml"):
            project.problem("file", "problem.refi_not_zip")
            return project
        root = _parse(project, raw, "")
        if root is not None:
            _read_root(project, root, {})
        return project
    try:
        with open_zip(path, shown, "a REFI-QDA project (.qdpx)") as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            qdes = [n for n in names if n.lower().endswith(".qde") and "/" not in n.strip("/")]
            if not qdes:
                project.problem("project.qde", "problem.refi_no_qde")
                return project
            qde = next((n for n in qdes if n.lower() == "project.qde"), qdes[0])
            if len(qdes) > 1 and qde.lower() != "project.qde":
                project.problem(qde, "problem.refi_many_qde", n=len(qdes), names=", ".join(qdes))
                return project
            members = {n.lower(): n for n in names}
            root = _parse(project, zf.read(qde), qde)
            if root is not None:
                _read_root(project, root, {"zip": zf, "members": members})
    except ProblemError as exc:
        said = exc.problem
        project.problems.append(Problem(project.file, None, "file", said.message, said.translations))
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error, ValueError) as exc:
        project.problem("file", "problem.refi_unzip", error=exc)
    return project


def _parse(project: RefiProject, data: bytes, member: str):
    try:
        return etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        project.problem(member or "xml", "problem.refi_xml", line=exc.lineno, error=exc.msg)
        return None


def _read_root(project: RefiProject, root, zip_ctx: dict) -> None:
    kind = xml_local(root)
    if kind not in ("Project", "CodeBook"):
        project.problem(kind or "root", "problem.refi_root")
        return
    project.is_codebook = kind == "CodeBook"
    project.origin = root.get("origin")
    codes_parent = (
        xml_child(root, "Codes")
        if project.is_codebook
        else xml_child(xml_child(root, "CodeBook"), "Codes")
        if xml_child(root, "CodeBook") is not None
        else None
    )
    code_notes: list[tuple[str, str]] = []  # (code guid, note guid)
    if codes_parent is not None:
        _read_codes(project, codes_parent, [], code_notes)
    if project.is_codebook:
        return
    variables = (
        {
            canonical(v.get("guid")): v.get("name") or ""
            for v in xml_children(xml_child(root, "Variables"), "Variable")
        }
        if xml_child(root, "Variables") is not None
        else {}
    )
    notes, memos = {}, {}
    users = {
        canonical(u.get("guid")): u.get("name") or ""
        for u in (
            xml_children(xml_child(root, "Users"), "User") if xml_child(root, "Users") is not None else []
        )
    }
    if xml_child(root, "Notes") is not None:
        for note in xml_children(xml_child(root, "Notes"), "Note"):
            notes[canonical(note.get("guid"))] = _note_text(note, zip_ctx)
            memos[canonical(note.get("guid"))] = note_info(note, notes[canonical(note.get("guid"))], users)
    project.memos += [
        linked(memos[n], "project", "") for n in note_refs(root) if n in memos and memos[n].text
    ]
    project.memos += [linked(memos[n], "code", c) for c, n in code_notes if n in memos and memos[n].text]
    notes = {g: t for g, t in notes.items() if not is_memo_name(memos[g].name)}  # summaries
    sources = xml_child(root, "Sources")
    for node in list(sources) if sources is not None else []:
        name = xml_local(node)
        if name == "TextSource":
            read_text_source(project, node, node.get("name"), zip_ctx, variables, notes, memos)
        elif name == "PDFSource" and xml_child(node, "Representation") is not None:
            read_text_source(
                project, xml_child(node, "Representation"), node.get("name"), zip_ctx, variables, notes, memos
            )
        elif name in NON_TEXT:
            has_codings = any(
                xml_local(c).endswith("Selection") or xml_local(c) == "Coding"
                for c in node.iter()
                if c is not node
            )
            coded = Said("problem.refi_has_codings", {}) if has_codings else ""
            kind = Said(f"refi.media.{NON_TEXT[name]}", {})
            project.problem(
                xml_where(node), "problem.refi_non_text", kind=kind, name=node.get("name"), coded=coded
            )
    read_cases(project, root, variables)


def _read_codes(project: RefiProject, parent, path: list[str], code_notes: list) -> None:
    for node in xml_children(parent, "Code"):
        g = canonical(node.get("guid"))
        name = node.get("name") or ""
        if g is None:
            project.problem(xml_where(node), "problem.refi_code_guid", name=name)
        else:
            codable = (node.get("isCodable") or "true").strip().lower() in ("true", "1")
            project.codes.append(
                RefiCode(g, name, list(path), codable, xml_text(xml_child(node, "Description")))
            )
            code_notes += [(g, n) for n in note_refs(node)]
        _read_codes(project, node, path + [name], code_notes)


def _note_text(note, zip_ctx: dict) -> str:
    content = xml_child(note, "PlainTextContent")
    if content is not None:
        return xml_text(content)
    url = note.get("plainTextPath")
    if url and url.startswith("internal://") and zip_ctx:
        quiet = RefiProject("")
        return (member_text(quiet, zip_ctx, url, "") or "").strip()
    return ""
