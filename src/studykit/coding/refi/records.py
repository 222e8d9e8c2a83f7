"""What a REFI-QDA project or codebook holds, as plain records: codes, sources, their coded selections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...corpus.messages import problem
from ...corpus.problems import Problem, Said
from .memo_notes import RefiMemo


@dataclass
class RefiCode:
    """A code of a REFI-QDA codebook, as read (GUID, name, path of parent codes, colour)."""

    guid: str
    name: str
    path: list[str]  # names of the ancestors, outermost first
    codable: bool
    description: str = ""


@dataclass
class RefiSelection:
    """A coded text selection of a REFI-QDA project: its source, positions and codes."""

    guid: str
    source: str  # source guid
    start: int
    end: int
    codes: list[str]  # code guids
    notes: list[str]  # text of the notes attached to it, and its description
    memos: list[RefiMemo] = field(default_factory=list)  # notes named "Memo…" attached to it


@dataclass
class RefiSource:
    """A text source of a REFI-QDA project, its text and the selections coded in it."""

    guid: str
    name: str
    text: str | None  # decoded, BOM dropped, line ends as in the file; None if it could not be read
    variables: dict[str, str] = field(default_factory=dict)
    selections: list[RefiSelection] = field(default_factory=list)


@dataclass
class RefiProject:
    """What a .qdpx or .qdc holds, as far as studykit can use it, and what could not be read."""

    file: str  # as shown in messages
    origin: str | None = None
    codes: list[RefiCode] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    is_codebook: bool = False
    memos: list[RefiMemo] = field(default_factory=list)  # on the project, sources and codes

    def problem(self, where: str, key: str | Said, /, **values: Any) -> None:
        """A problem at ``where`` (an element, ``file``), stated by the message catalogue's ``key``."""
        self.problems.append(problem(self.file, None, where, key, **values))
