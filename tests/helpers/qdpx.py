"""A small REFI-QDA project (.qdpx) written by a test: one or more text sources, codes named as studykit's
exported codebook names them ('barrier (Faktor penghambat)' / 'T04 Budget'), codings on phrases, and
document variables."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

FOLDER_NAMES = {"barrier": "barrier (Faktor penghambat)", "enabler": "enabler (Faktor pendukung)"}


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "studykit-test/" + "/".join(parts)))


@dataclass
class Doc:
    """A text source: its name, text, codings (phrase, finding type, theme code name) and variables."""

    name: str
    text: str
    coded: list[tuple[str, str, str]] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


def write_qdpx(path: Path, docs: list[Doc], origin: str = "Test QDA 1.0") -> Path:
    """``docs`` as a .qdpx at ``path`` (positions: code points, as the text is written)."""
    folders: dict[str, dict[str, str]] = {}  # finding type -> theme code name -> guid
    for doc in docs:
        for _, ftype, theme in doc.coded:
            folders.setdefault(ftype, {})[theme] = _guid("code", ftype, theme)
    codes = "".join(
        f'<Code guid="{_guid("folder", ftype)}" name={quoteattr(FOLDER_NAMES.get(ftype, ftype))} '
        'isCodable="true">'
        + "".join(f'<Code guid="{g}" name={quoteattr(name)} isCodable="true"/>' for name, g in themes.items())
        + "</Code>"
        for ftype, themes in folders.items()
    )
    names = sorted({name for doc in docs for name in doc.variables})
    variables = "".join(
        f'<Variable guid="{_guid("var", n)}" name={quoteattr(n)} typeOfVariable="Text"/>' for n in names
    )
    sources, files = [], {}
    for doc in docs:
        sg = _guid("source", doc.name)
        selections = []
        for phrase, ftype, theme in doc.coded:
            start, key = doc.text.index(phrase), (doc.name, phrase, theme)
            selections.append(
                f'<PlainTextSelection guid="{_guid("sel", *key)}" startPosition="{start}" '
                f'endPosition="{start + len(phrase)}"><Coding guid="{_guid("coding", *key)}">'
                f'<CodeRef targetGUID="{folders[ftype][theme]}"/></Coding></PlainTextSelection>'
            )
        values = "".join(
            f'<VariableValue><VariableRef targetGUID="{_guid("var", n)}"/><TextValue>{escape(v)}</TextValue>'
            "</VariableValue>"
            for n, v in doc.variables.items()
        )
        sources.append(
            f'<TextSource guid="{sg}" name={quoteattr(doc.name)} plainTextPath="internal://{sg}.txt">'
            + "".join(selections)
            + values
            + "</TextSource>"
        )
        files[f"sources/{sg}.txt"] = doc.text.encode("utf-8")
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project name="Test" origin={quoteattr(origin)} '
        f'xmlns="urn:QDA-XML:project:1.0"><CodeBook><Codes>{codes}</Codes></CodeBook>'
        f"<Variables>{variables}</Variables><Sources>{''.join(sources)}</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        for name, data in files.items():
            zf.writestr(name, data)
    return path
