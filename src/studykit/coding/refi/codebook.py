"""studykit's codebook as REFI-QDA codes, and how a code maps back to a finding type and theme.

The exported tree has one (not codable) folder per finding type, each holding the 16 themes as
codable codes, so that one coding carries both halves of a finding ("barrier > T04 Financial
resources"). A separate folder "secondary theme" holds the themes again; coding a segment with
one of them as well gives the finding its ``secondary_theme_id``. On import a code is recognised
by its GUID, else by its name (tools may change GUIDs on export), else through a mapping file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ...corpus.codebook import FINDING_TYPE_INFO
from ...corpus.schema import FINDING_TYPES
from .guids import guid

# views of the codebook's finding types (studykit.corpus.codebook), in the shapes the REFI code tree uses
TYPE_NAMES_ID = {t: info.label_id for t, info in FINDING_TYPE_INFO.items()}
TYPE_DEFINITIONS = {t: (info.definition_en, info.definition_id) for t, info in FINDING_TYPE_INFO.items()}
TYPE_COLORS = {t: info.colour for t, info in FINDING_TYPE_INFO.items()}
SECONDARY = "secondary"
SECONDARY_NAME = "secondary theme (tema sekunder)"
SECONDARY_COLOR = "#9E9E9E"
THEME_NAME = re.compile(r"^\s*(T[0-9]{2})\b")


@dataclass(frozen=True)
class Target:
    """What a code stands for: a finding type, a theme, or both; ``secondary`` marks the secondary-theme
    codes."""

    finding_type: str | None = None
    theme_id: str | None = None
    secondary: bool = False

    def __str__(self) -> str:
        if self.secondary:
            return f"secondary {self.theme_id}"
        return "/".join(x for x in (self.finding_type, self.theme_id) if x) or "ignored"


@dataclass(frozen=True)
class Code:
    """One REFI code: the same tree goes into the .qdc and into the project's CodeBook."""

    guid: str
    name: str
    description: str
    color: str
    codable: bool
    target: Target | None = None
    children: tuple[Code, ...] = field(default=())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def type_code_name(finding_type: str) -> str:
    return f"{finding_type} ({TYPE_NAMES_ID[finding_type]})"


def theme_code_name(theme: dict) -> str:
    return f"{theme['theme_id']} {theme['label_en']}"


def _theme_description(theme: dict, changes: tuple = ()) -> str:
    """Label and definition in both languages, then how the theme came to be while coding (added or emergent,
    themes merged into it or split into it: the codebook's history, as report 8 gives it), in both."""
    from ...corpus.messages import t

    text = f"{theme['label_en']}: {theme['definition_en']}\n\n{theme['label_id']}: {theme['definition_id']}"
    for change in changes:
        concerned = [change.theme_id] if change.kind == "added" else change.into
        if theme["theme_id"] not in concerned:
            continue
        values = {"theme": change.theme_id, "date": change.date or "—", "note": change.note or "—"}
        origin = {lang: t(f"codebook.origin.{theme['origin']}", lang) for lang in ("en", "id")}
        said = [t(f"refi.history.{change.kind}", lang, origin=origin[lang], **values) for lang in origin]
        text += "\n\n" + "\n".join(said)
    return text


def studykit_codes(themes: pd.DataFrame, changes: tuple = ()) -> list[Code]:
    """The code tree of the themes table: one folder per finding type, then the secondary-theme folder;
    ``changes`` (``corpus.changes``) go into the descriptions of the themes they concern."""
    rows = themes.sort_values("theme_id").to_dict("records")
    tree = []
    for ftype in FINDING_TYPES:
        en, id_ = TYPE_DEFINITIONS[ftype]
        children = tuple(
            Code(
                guid("code", ftype, t["theme_id"]),
                theme_code_name(t),
                _theme_description(t, changes),
                TYPE_COLORS[ftype],
                True,
                Target(ftype, t["theme_id"]),
            )
            for t in rows
        )
        tree.append(
            Code(
                guid("code", ftype),
                type_code_name(ftype),
                f"{en}\n\n{id_}",
                TYPE_COLORS[ftype],
                False,
                Target(ftype),
                children,
            )
        )
    children = tuple(
        Code(
            guid("code", SECONDARY, t["theme_id"]),
            theme_code_name(t),
            _theme_description(t, changes),
            SECONDARY_COLOR,
            True,
            Target(None, t["theme_id"], True),
        )
        for t in rows
    )
    tree.append(
        Code(
            guid("code", SECONDARY),
            SECONDARY_NAME,
            "Code a segment with one of these as well to give its finding a second theme.\n\n"
            "Kodekan segmen juga dengan salah satu kode ini untuk memberi temuannya tema kedua.",
            SECONDARY_COLOR,
            False,
            None,
            children,
        )
    )
    return tree


def target_by_guid(themes: pd.DataFrame) -> dict[str, Target]:
    """Codable studykit codes by their (stable) GUID."""
    return {c.guid: c.target for root in studykit_codes(themes) for c in root.walk() if c.codable}


def target_by_name(name: str, parent_names: list[str], theme_ids: set[str]) -> Target | None:
    """Recognise a studykit code by name when its GUID changed: 'T04 …' under a finding-type or secondary
    folder.

    A theme code outside such a folder stands for its theme only; a folder named after a finding
    type stands for that type only (its codings then need a theme code on the same segment).
    """
    match = THEME_NAME.match(name)
    first = name.strip().split(" ")[0].lower() if name.strip() else ""
    if match and match.group(1) in theme_ids:
        theme_id = match.group(1)
        parent = parent_names[-1].strip().lower() if parent_names else ""
        parent_type = parent.split(" ")[0] if parent else ""
        if parent.startswith(SECONDARY):
            return Target(None, theme_id, True)
        if parent_type in FINDING_TYPES:
            return Target(parent_type, theme_id)
        return Target(None, theme_id)
    if first in FINDING_TYPES and not match:
        return Target(first)
    return None
