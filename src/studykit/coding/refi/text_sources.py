"""The text sources of a REFI-QDA project as read on import: each ``TextSource`` (or a PDF's text
representation) with its text, its coded selections (codes, summaries, attached memos) and its
document variables, then the variables of the cases it belongs to.

The text is inline (``PlainTextContent``) or a file inside the .qdpx (``plainTextPath``, an
``internal://`` URL). Anything that cannot be read becomes a problem of the project; nothing here
raises for bad input.
"""

from __future__ import annotations

from ...corpus.problems import Said
from .guids import canonical
from .memo_notes import is_memo_name, linked, note_refs
from .records import RefiProject, RefiSelection, RefiSource
from .xmlio import xml_child, xml_children, xml_local, xml_text, xml_where

VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


def member_text(project: RefiProject, zip_ctx: dict, url: str, where: str) -> str | None:
    """The decoded text of an ``internal://`` file in the zip; None (and a problem) if it is absent or
    unreadable."""
    if not url.startswith("internal://"):
        scheme = url.split("://")[0] if "://" in url else Said("refi.a_path", {})
        project.problem(where, "problem.refi_external", scheme=scheme, url=url)
        return None
    name = url[len("internal://") :].lstrip("/")
    members = zip_ctx.get("members", {})
    member = members.get(f"sources/{name}".lower()) or members.get(name.lower())
    if member is None:
        project.problem(where, "problem.refi_missing_text", name=name)
        return None
    raw = zip_ctx["zip"].read(member)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        project.problem(where, "problem.refi_not_utf8", member=member, byte=raw[exc.start], at=exc.start)
        return None


def variable_values(node, variables: dict[str, str]) -> dict[str, str]:
    out = {}
    for vv in xml_children(node, "VariableValue"):
        ref = xml_child(vv, "VariableRef")
        name = variables.get(canonical(ref.get("targetGUID"))) if ref is not None else None
        value = next((c for c in vv if xml_local(c) in VALUE_TAGS), None)
        if name:
            out[name] = xml_text(value)
    return out


def read_text_source(
    project: RefiProject, node, name: str | None, zip_ctx: dict, variables: dict, notes: dict, memos: dict
) -> None:
    g = canonical(node.get("guid"))
    where = xml_where(node)
    if g is None:
        project.problem(where, "problem.refi_source_guid")
        return
    content = xml_child(node, "PlainTextContent")
    if content is not None and content.text is not None:
        text = content.text
    elif node.get("plainTextPath"):
        text = member_text(project, zip_ctx, node.get("plainTextPath"), where)
    else:
        project.problem(where, "problem.refi_no_text")
        text = None
    source = RefiSource(g, (name or node.get("name") or g).strip(), text, variable_values(node, variables))
    for sel in xml_children(node, "PlainTextSelection"):
        sg = canonical(sel.get("guid")) or ""
        try:
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        except (TypeError, ValueError):
            given = {"start": sel.get("startPosition"), "end": sel.get("endPosition")}
            project.problem(xml_where(sel), "problem.refi_positions", **given)
            continue
        codes = []
        for coding in xml_children(sel, "Coding"):
            ref = xml_child(coding, "CodeRef")
            target = canonical(ref.get("targetGUID")) if ref is not None else None
            if target is None:
                project.problem(xml_where(coding), "problem.refi_coderef")
            else:
                codes.append(target)
        texts = [notes.get(canonical(r.get("targetGUID")), "") for r in xml_children(sel, "NoteRef")]
        texts.append(xml_text(xml_child(sel, "Description")))
        attached = [
            linked(memos[n], "selection", sg)
            for n in note_refs(sel)
            if n in memos and is_memo_name(memos[n].name) and memos[n].text
        ]
        source.selections.append(RefiSelection(sg, g, start, end, codes, [t for t in texts if t], attached))
    project.memos += [linked(memos[n], "source", g) for n in note_refs(node) if n in memos and memos[n].text]
    project.sources.append(source)


def read_cases(project: RefiProject, root, variables: dict) -> None:
    """Case variables onto their sources: a source's own values win, then a case of that one source, then a
    case of several."""
    cases = xml_child(root, "Cases")
    if cases is None:
        return
    by_guid = {s.guid: s for s in project.sources}
    ranked = []
    for case in xml_children(cases, "Case"):
        refs = [canonical(r.get("targetGUID")) for r in xml_children(case, "SourceRef")]
        ranked.append((0 if len(refs) == 1 else 1, case, refs))
    for _, case, refs in sorted(ranked, key=lambda item: item[0]):
        values = variable_values(case, variables)
        if case.get("name"):
            values.setdefault("case", case.get("name"))
        for ref in refs:
            source = by_guid.get(ref)
            if source is not None:
                for key, value in values.items():
                    source.variables.setdefault(key, value)
