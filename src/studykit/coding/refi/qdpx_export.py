"""The REFI-QDA project (.qdpx) of the corpus: sources, findings as coded selections, studies as cases.

Inside the zip: ``project.qde`` and ``sources/<guid>.txt``, one per study, holding the source text
exactly as studykit reads it (UTF-8, no BOM), so that the selections' positions, which are
studykit's own quote offsets, count Unicode code points from 0 with an exclusive end
(REFI-QDA 1.5 §10.2). Each finding becomes a PlainTextSelection over its quote with a Coding to
its type/theme code (and one to its secondary theme), and a Note holding its summaries. Each
study becomes a Case whose variables are the study's attributes.
"""

from __future__ import annotations

import math

import pandas as pd

from ...corpus import tables
from ...corpus.load import Corpus
from . import memo_notes
from .codebook import SECONDARY, studykit_codes
from .guids import guid
from .qdc import ORIGIN, add_codes
from .xmlio import PROJECT_NS, element, to_bytes

PROJECT_NAME = "studykit corpus"
USER = guid("user", "studykit")
SKIPPED_VARIABLES = {"source_file"}  # a path on the exporting machine; the source travels inside the zip
LIST_SEPARATOR = "; "


def present(value) -> bool:
    """False for the missing values pandas uses (None, NaN, NA) and for empty lists."""
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    return True


def variable_fields() -> list[dict]:
    """The study attributes exported as case variables, with their types and descriptions from the schema."""
    return [f for f in tables.table_schema("studies")["fields"] if f["name"] not in SKIPPED_VARIABLES]


def variable_text(value) -> str:
    return LIST_SEPARATOR.join(value) if isinstance(value, (list, tuple)) else str(value)


def note_text(finding: dict) -> str:
    """A finding's note: its summaries in both languages (and the coder's note), one labelled line each."""
    lines = [f"EN: {finding['summary_en']}", f"ID: {finding['summary_id']}"]
    if present(finding.get("note")):
        lines.append(f"Note: {finding['note']}")
    return "\n".join(lines)


def source_texts(corpus: Corpus) -> dict[str, str]:
    """Each study's source text as studykit located its quotes in it."""
    texts = {}
    for study_id in corpus.studies["study_id"]:
        texts[study_id] = corpus.source_text(study_id)  # through the one source resolver
    return texts


def project_files(corpus: Corpus) -> dict[str, bytes]:
    """Every member of the .qdpx zip by name: ``project.qde`` and the source texts."""
    texts = source_texts(corpus)
    fields = variable_fields()
    root = element(None, PROJECT_NS, "Project", {"name": PROJECT_NAME, "origin": ORIGIN})
    users = element(root, PROJECT_NS, "Users")
    element(users, PROJECT_NS, "User", {"guid": USER, "name": "studykit"})
    memos = corpus.memos
    memo_notes.add_users(users, PROJECT_NS, memos)
    add_codes(
        element(element(root, PROJECT_NS, "CodeBook"), PROJECT_NS, "Codes"),
        PROJECT_NS,
        studykit_codes(corpus.themes, corpus.changes),
        memo_notes.refs(memos, "theme"),
    )

    variables = element(root, PROJECT_NS, "Variables")
    for f in fields:
        var = element(
            variables,
            PROJECT_NS,
            "Variable",
            {
                "guid": guid("variable", f["name"]),
                "name": f["name"],
                "typeOfVariable": "Integer" if f["type"] == "integer" else "Text",
            },
        )
        element(var, PROJECT_NS, "Description", text=f.get("description", ""))

    studies = corpus.studies.sort_values("study_id").to_dict("records")
    cases = element(root, PROJECT_NS, "Cases")
    for study in studies:
        case = element(
            cases, PROJECT_NS, "Case", {"guid": guid("case", study["study_id"]), "name": study["study_id"]}
        )
        element(case, PROJECT_NS, "Description", text=study["label"])
        for f in fields:
            value = study[f["name"]]
            if not present(value) and not isinstance(value, list):  # an empty list is a value: "none stated"
                continue
            vv = element(case, PROJECT_NS, "VariableValue")
            element(vv, PROJECT_NS, "VariableRef", {"targetGUID": guid("variable", f["name"])})
            element(
                vv,
                PROJECT_NS,
                "IntegerValue" if f["type"] == "integer" else "TextValue",
                text=variable_text(value) or None,
            )
        element(case, PROJECT_NS, "SourceRef", {"targetGUID": guid("source", study["study_id"])})

    # a rejected suggestion is no finding: REFI-QDA has no review status, so a tool would show it as a coding
    # and an import would bring it back as one
    coded = corpus.findings[corpus.findings["review_status"] != "rejected"]
    findings = coded.sort_values(["study_id", "quote_start", "quote_end", "finding_id"]).to_dict("records")
    by_study: dict[str, list[dict]] = {}
    for f in findings:
        by_study.setdefault(f["study_id"], []).append(f)
    members: dict[str, bytes] = {}
    study_notes, finding_notes = memo_notes.refs(memos, "study"), memo_notes.refs(memos, "finding")
    sources = element(root, PROJECT_NS, "Sources")
    for study in studies:
        sid = study["study_id"]
        source_guid = guid("source", sid)
        members[f"sources/{source_guid}.txt"] = texts[sid].encode("utf-8")
        source = element(
            sources,
            PROJECT_NS,
            "TextSource",
            {"guid": source_guid, "name": sid, "plainTextPath": f"internal://{source_guid}.txt"},
        )
        if present(study.get("title")):
            element(source, PROJECT_NS, "Description", text=study["title"])
        for f in by_study.get(sid, []):
            selection = element(
                source,
                PROJECT_NS,
                "PlainTextSelection",
                {
                    "guid": guid("selection", f["finding_id"]),
                    "name": f["finding_id"],
                    "startPosition": str(int(f["quote_start"])),
                    "endPosition": str(int(f["quote_end"])),
                    "creatingUser": USER,
                },
            )
            coding = element(
                selection,
                PROJECT_NS,
                "Coding",
                {"guid": guid("coding", f["finding_id"]), "creatingUser": USER},
            )
            element(
                coding, PROJECT_NS, "CodeRef", {"targetGUID": guid("code", f["finding_type"], f["theme_id"])}
            )
            if present(f["secondary_theme_id"]):
                coding = element(
                    selection,
                    PROJECT_NS,
                    "Coding",
                    {"guid": guid("coding", f["finding_id"], SECONDARY), "creatingUser": USER},
                )
                element(
                    coding,
                    PROJECT_NS,
                    "CodeRef",
                    {"targetGUID": guid("code", SECONDARY, f["secondary_theme_id"])},
                )
            element(selection, PROJECT_NS, "NoteRef", {"targetGUID": guid("note", f["finding_id"])})
            memo_notes.add_refs(selection, PROJECT_NS, finding_notes.get(f["finding_id"], []))
        memo_notes.add_refs(source, PROJECT_NS, study_notes.get(sid, []))

    notes = (
        element(root, PROJECT_NS, "Notes") if findings or len(memos) else None
    )  # an empty Notes is invalid
    for f in findings:
        note = element(
            notes,
            PROJECT_NS,
            "Note",
            {
                "guid": guid("note", f["finding_id"]),
                "name": f"{f['finding_id']} summary",
                "creatingUser": USER,
            },
        )
        element(note, PROJECT_NS, "PlainTextContent", text=note_text(f))
    if len(memos):
        memo_notes.add_notes(notes, PROJECT_NS, memos)
    memo_notes.add_refs(root, PROJECT_NS, memo_notes.refs(memos, "project").get("", []))
    members["project.qde"] = to_bytes(root)
    return members
