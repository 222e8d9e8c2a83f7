"""The audit trail of coding decisions: ``data/decisions/<study_id>.jsonl``, one JSON object per line.

Every accept, reject, edit, create and delete in the workbench is recorded with the coder and
the time (ISO 8601, UTC), for the audit trail and as training data for the suggester (the
contract of TEAM.md: keys ``time``, ``coder``, ``action``, ``finding_id``, ``finding_type``,
``theme_id``, ``quote_start``, ``quote_end``, ``score``, ``source``). The study file stays the
source of truth; the log only says who decided what, when. It is written with the study file,
both or neither, when a save succeeds, and it says exactly what that save wrote: one line per
finding the save changed (:func:`entries`), with the type and theme written and the finding id of
the file. A suggestion accepted with another type or theme than suggested also names what was
suggested (``suggested_type``, ``suggested_theme``), so that it is never proposed again
(:func:`studykit.coding.decided.logged_answers`). An edit that moved the finding's quote to other words of
the text names where it was (``old_quote_start``, ``old_quote_end``; ``quote_start``/``quote_end``: where it
is now). ``suggestions_shown`` says whether the session showed the suggester's findings and metadata
values (false in a blind coding: :func:`studykit.coding.blindstart.suggestions_shown`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

DECISIONS_DIR = "decisions"
ACTIONS = ("accept", "reject", "edit", "create", "delete")
KEYS = (
    "time",
    "coder",
    "action",
    "finding_id",
    "finding_type",
    "theme_id",
    "quote_start",
    "quote_end",
    "score",
    "source",
)


@dataclass(frozen=True)
class Decision:
    """One coding decision, a line of the log (keys and order of the TEAM contract)."""

    time: str
    coder: str
    action: str
    finding_id: str
    finding_type: str
    theme_id: str
    quote_start: int | None
    quote_end: int | None
    score: float | None
    source: str  # "suggestion" | "manual"
    suggested_type: str | None = None  # an accepted suggestion corrected by the analyst: what was suggested
    suggested_theme: str | None = None
    old_quote_start: int | None = None  # an edit that moved the quote (:mod:`.rows`): where it was
    old_quote_end: int | None = None
    suggestions_shown: bool | None = (
        None  # whether the session that made it showed suggestions (blind coding)
    )

    def line(self) -> str:
        values = {k: v for k, v in asdict(self).items() if k in KEYS or v is not None}
        return json.dumps(values, ensure_ascii=False, sort_keys=False)


def of_items(items, coder: str, moved, shown: bool | None = None) -> list[Decision]:
    """The decisions a save of these rows (:class:`.item.Item`) logs: one per row it writes anew or changes
    (:meth:`.item.Item.change`), in the order the analyst last changed them; ``moved(row)``: where its quote
    was before it was moved, (None, None) for a quote not moved; ``shown``: whether the session showed
    suggestions (``suggestions_shown``, which ``studykit agreement`` reports)."""
    out = []
    for it in sorted(items, key=lambda it: it.changed):
        action = it.change()
        if action is not None:
            suggested = (it.corrected() if action == "accept" else None) or (None, None)
            source = "manual" if it.origin == "manual" else "suggestion"
            values = (it.finding_type, it.theme_id, it.start, it.end, it.score, source)
            decision = Decision(it.time, coder, action, it.finding_id, *values, *suggested, *moved(it), shown)
            out.append(decision)
    return out


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def log_path(data_dir: Path, study_id: str) -> Path:
    return data_dir / DECISIONS_DIR / f"{study_id}.jsonl"


def appended(data_dir: Path, study_id: str, decisions: list[Decision]) -> tuple[Path, str, bool]:
    """The study's log with ``decisions`` added: (path, new content, whether the file exists), for a
    :func:`~studykit.coding.publish.publish` together with the study file (both or neither). A log that
    cannot be appended to as it stands (:func:`log_text`) is a CodingError naming it."""
    path = log_path(data_dir, study_id)
    old = log_text(data_dir, study_id)
    if old and not old.endswith("\n"):  # a last line cut by a crash stays a line of its own, passed over
        old += "\n"
    return path, old + "".join(d.line() + "\n" for d in decisions), path.exists()


def _raw(data_dir: Path, study_id: str) -> bytes | None:
    """The log's bytes (None when there is none), read within the cap on a file and confined to the data
    directory's ``decisions/`` (a link out, a folder or a pipe in its place is refused): a CodingError
    naming the log otherwise."""
    from ...corpus.problems import ProblemError
    from ...corpus.readers import read_bytes
    from ...corpus.sources import confine
    from ...paths import shown_path
    from ..publish import CodingError

    path = log_path(data_dir, study_id)
    if not path.exists() and not path.is_symlink():
        return None
    shown = shown_path(path, data_dir)
    try:
        return read_bytes(confine(data_dir, path, shown), shown)
    except ProblemError as exc:
        raise CodingError([exc.problem]) from None


def log_text(data_dir: Path, study_id: str) -> str:
    """The log's text as it stands ("" when there is none), to be appended to or carried: exactly its
    bytes, so a log that is not UTF-8 is a CodingError naming the line and what to do rather than text
    replaced (:func:`_raw` for the other refusals)."""
    from ...corpus.messages import problem
    from ...paths import shown_path
    from ..publish import CodingError

    raw = _raw(data_dir, study_id)
    if raw is None:
        return ""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = shown_path(log_path(data_dir, study_id), data_dir)
        line = raw[: exc.start].count(b"\n") + 1
        said = problem(
            shown, line, "encoding", "problem.not_utf8", byte=f"{raw[exc.start]:02x}", offset=exc.start
        )
        raise CodingError([said]) from None


def _entries(data_dir: Path, study_id: str) -> list[tuple[int, str, dict | None]]:
    """Each line of the log with its number and its JSON object (None for a line that is none)."""
    out: list[tuple[int, str, dict | None]] = []
    text = (_raw(data_dir, study_id) or b"").decode("utf-8", "replace")
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            entry = None
        out.append((number, line, entry if isinstance(entry, dict) else None))
    return out


def read(data_dir: Path, study_id: str) -> list[dict]:
    """The log's lines, each a dict, read as :func:`_raw` reads it (a CodingError naming the log when it
    cannot be); a line that is no JSON object (a log edited by hand, a last line cut by a crash) is passed
    over (:func:`unreadable` names them)."""
    return [entry for _, _, entry in _entries(data_dir, study_id) if entry is not None]


def unreadable(data_dir: Path, study_id: str) -> list[int]:
    """The numbers of the log's lines that are no JSON object, passed over by :func:`read` (the workbench says
    so when it opens the study); a blank line is none of them."""
    return [n for n, line, entry in _entries(data_dir, study_id) if entry is None and line.strip()]
