"""Plan the memos of an imported REFI-QDA project: which memo files to write, and each finding's memo.

Notes linked from the project, a source or a code (:mod:`.memo_notes`) become the project memo, the
memo of the study the source becomes, and the memo of the theme the code maps to; notes named
``Memo…`` on a selection become the memo of the finding made from it. A memo keeps the note's
author (its creating user) and date; where the tool wrote none, the author says where it came from, in
the import's language (each memo is stated in both, :class:`~studykit.corpus.problems.Both`, and written
in the one of ``--lang``), and the date is the day of the import (UTC, as the workbench dates a memo). An
existing memo file is never overwritten (the plan says so).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ...corpus.memos import MEMOS_DIR, PROJECT_MEMO, document
from ...corpus.messages import LANGS, t
from ...corpus.problems import Both, Said
from .memo_notes import RefiMemo
from .project import RefiProject


def memo_text(memos: list[RefiMemo], origin: str | None) -> Both | None:
    """The memo document of one target from its notes (joined in order), in each language (its byline, when
    the tool named no author: ``refi.memo_author``), or None without notes."""
    if not memos:
        return None
    first = memos[0]
    date = first.date or datetime.datetime.now(datetime.UTC).date().isoformat()  # the workbench's clock: UTC
    text = "\n\n".join(dict.fromkeys(m.text for m in memos))

    def stated(lang: str) -> str:
        byline = t("refi.memo_author", lang, origin=origin or t("refi.a_project", lang))
        return document(first.author or byline, date, text, first.language)

    return Both(*(stated(lang) for lang in LANGS))


def memo_path(data_dir: Path, level: str, target: str) -> Path:
    if level == "project":
        return data_dir / MEMOS_DIR / PROJECT_MEMO
    return data_dir / MEMOS_DIR / {"study": "studies", "theme": "themes"}[level] / f"{target}.md"


def plan_memo_files(
    project: RefiProject, study_of: dict[str, str], theme_of: dict[str, str], data_dir: Path
) -> tuple[dict[Path, str], list[Said]]:
    """Memo files to write (path -> text) and what is left out, and why (``refi.skip.*``).

    ``study_of``: source GUID -> study id; ``theme_of``: code GUID -> theme id.
    """
    grouped: dict[tuple[str, str], list[RefiMemo]] = {}
    skipped = []
    for memo in project.memos:
        if memo.kind == "project":
            key = ("project", "")
        elif memo.kind == "source" and memo.ref in study_of:
            key = ("study", study_of[memo.ref])
        elif memo.kind == "code" and memo.ref in theme_of:
            key = ("theme", theme_of[memo.ref])
        else:
            kind = Said(f"refi.kind.{memo.kind}", {}) if memo.kind in ("source", "code") else memo.kind
            skipped.append(Said("refi.skip.memo", {"kind": kind, "ref": memo.ref}))
            continue
        grouped.setdefault(key, []).append(memo)
    files = {}
    for (level, target), memos in grouped.items():
        path = memo_path(data_dir, level, target)
        text = memo_text(memos, project.origin)
        if path.exists():
            if path.read_text(encoding="utf-8") not in text:  # as written in either language: the same
                shown = f"{MEMOS_DIR}/{path.relative_to(data_dir / MEMOS_DIR).as_posix()}"
                skipped.append(Said("refi.skip.memo_exists", {"memo": shown}))
            continue
        files[path] = text
    return files, skipped
