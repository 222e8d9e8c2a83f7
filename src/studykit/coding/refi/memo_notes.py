"""Memos as REFI-QDA Notes: written by ``export --refi``, read back by ``import-refi``.

A memo becomes a ``Note`` (REFI-QDA 1.5: a TextSource-like element in ``Notes``) holding the
memo's Markdown as ``PlainTextContent``, its author as the note's ``creatingUser`` (a ``User`` per
author) and its date as ``creationDateTime``; the note is named ``Memo`` (``Memo (en)`` when its
language is stated). It is linked with a ``NoteRef`` from what it is about:

- the project memo from the ``Project`` itself;
- a study memo from the study's ``TextSource``;
- a theme memo from each code of the theme (the theme under every finding type, and as a
  secondary theme), so the tool shows it whichever code is opened;
- a finding memo from the finding's ``PlainTextSelection`` (beside the note with its summaries).

On import (:mod:`.project`, :mod:`.plan`), a note linked from the project, a source or a code is a
memo whatever its name (MAXQDA document and code memos, NVivo memos linked to files and codes,
QualCoder file and code memos); a note on a selection is a memo when it is named ``Memo…``,
otherwise it is the finding's summary, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .guids import canonical, guid
from .xmlio import element, xml_children

MEMO_NAME = "Memo"
LANGUAGE_IN_NAME = re.compile(r"\((en|id)\)\s*$")


def note_guid(level: str, target: str) -> str:
    return guid("note", "memo", level, target)


def user_guid(author: str) -> str:
    return guid("user", "memo", author)


def note_name(language) -> str:
    return f"{MEMO_NAME} ({language})" if isinstance(language, str) and language else MEMO_NAME


def language_of(name: str | None) -> str | None:
    """The memo language a note's name states (``Memo (id)``), else None."""
    match = LANGUAGE_IN_NAME.search(name or "")
    return match.group(1) if match else None


def is_memo_name(name: str | None) -> bool:
    return (name or "").strip().lower().startswith(MEMO_NAME.lower())


def refs(memos: pd.DataFrame, level: str) -> dict[str, list[str]]:
    """Target id -> the note GUIDs of its memos, for one level."""
    out: dict[str, list[str]] = {}
    for target in memos.loc[memos["level"] == level, "target"]:
        out.setdefault(target, [])
        if note_guid(level, target) not in out[target]:
            out[target].append(note_guid(level, target))
    return out


def unique(memos: pd.DataFrame) -> pd.DataFrame:
    """One memo per (level, target): a finding with a memo field and a memo file gets them joined."""
    rows = []
    for _, part in memos.groupby(["level", "target"], sort=False):
        first = part.iloc[0]
        rows.append({**first.to_dict(), "text": "\n\n".join(part["text"])})
    return pd.DataFrame(rows, columns=memos.columns)


def add_users(users, ns: str, memos: pd.DataFrame) -> None:
    for author in sorted(set(memos["author"])):
        element(users, ns, "User", {"guid": user_guid(author), "name": author})


def add_notes(notes, ns: str, memos: pd.DataFrame) -> None:
    for memo in unique(memos).itertuples():
        note = element(
            notes,
            ns,
            "Note",
            {
                "guid": note_guid(memo.level, memo.target),
                "name": note_name(memo.language),
                "creatingUser": user_guid(memo.author),
                "creationDateTime": f"{memo.date}T00:00:00Z",
            },
        )
        element(note, ns, "PlainTextContent", text=memo.text)


def add_refs(parent, ns: str, note_guids: list[str]) -> None:
    for g in note_guids:
        element(parent, ns, "NoteRef", {"targetGUID": g})


# --- reading (import-refi) ---------------------------------------------------------------------


@dataclass
class RefiMemo:
    """A note that is a memo: what it is about, its text, author, date and language."""

    kind: str  # project, source, code or selection
    ref: str  # GUID of the source, code or selection; '' for the project
    text: str
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    language: str | None = None


@dataclass
class NoteInfo:
    """A note as read: its name, text, and the memo details the standard gives it."""

    name: str | None
    text: str
    author: str | None
    date: str | None


def note_info(note, text: str, users: dict[str, str]) -> NoteInfo:
    """A Note element's text with its creating user's name and its date (creation, else modification)."""
    author = users.get(canonical(note.get("creatingUser"))) or None
    stamp = note.get("creationDateTime") or note.get("modifiedDateTime") or ""
    return NoteInfo(note.get("name"), text, author, stamp[:10] if len(stamp) >= 10 else None)


def linked(note: NoteInfo, kind: str, ref: str) -> RefiMemo:
    """The memo a note is when it is linked from ``kind`` (project, source, code, selection) ``ref``."""
    return RefiMemo(kind, ref, note.text, note.author, note.date, language_of(note.name))


def note_refs(node) -> list[str]:
    """The note GUIDs a node links to with its own NoteRef children."""
    return [g for g in (canonical(r.get("targetGUID")) for r in xml_children(node, "NoteRef")) if g]
