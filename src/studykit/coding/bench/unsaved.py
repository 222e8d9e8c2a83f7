"""The recovery record of a coding session's unsaved work: a JSON file that outlives the kernel.

The workbench keeps unsaved work in the kernel; a kernel that dies, restarts or is shut down with the laptop
took an hour of coding with it. Each session therefore writes what it holds unsaved (:func:`.rebase.held`)
to a record whenever that changes (:mod:`.autosave`), and a session opened later offers a record whose
writer is gone. The record is not the study file: Save stays its only writer, all or nothing.

Where: ``.studykit-unsaved.<study_id>.<pid>-<hex>.json`` in the data directory, beside the publish journal
(``.studykit-publish.PID.json``). A file of the data directory survives a kernel or machine restart (a
temporary folder may not), and its name says which study; the name begins with a dot and is one
:func:`studykit.files.is_stray` knows, so the data hash, the reports' inputs and the memo index pass over it
(``validate``, ``export`` and ``export --refi`` read only the studies, sources, memos and codebook). One
record per session (its process id and a random token), so two kernels never write over each other's. It
names its data directory, study and studykit's record format inside, and is read bounded, never through a
link, never executed; anything else is :class:`Unusable`, said with what to do, and never removed unasked.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..._version import __version__
from ...files import UNSAVED, alive, started
from ...limits import Cap
from .item import Item
from .memo import FOLDERS, MemoDraft
from .rebase import Held

FORMAT = 1  # the record's layout: a record of another format is not read (said, with what to do)
KIND = "studykit unsaved work"
UNSAVED_BYTES = Cap("MAX_UNSAVED_BYTES", 32 * 2**20, "bytes")
NAME = UNSAVED  # .studykit-unsaved.<study_id>.<pid>-<hex>.json: a name studykit.files.is_stray knows
OFFERED = 10  # records of one study looked at when it opens (newest first); the rest are counted
ID = r"^[A-Za-z0-9][A-Za-z0-9-]{0,250}$"  # a memo's target: a study, theme or finding id (it names a file)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Row(_Strict):
    key: str = Field(max_length=300)
    finding_id: str | None = Field(default=None, pattern=ID)
    finding_type: Any = None
    theme_id: Any = None
    quote: str
    start: int | None = None
    end: int | None = None
    status: Literal["reviewed", "unreviewed", "rejected"]
    origin: Literal["file", "suggestion", "manual"]
    summary_en: Any = ""
    summary_id: Any = ""
    secondary_theme_id: Any = None
    deleted: bool = False
    proposed: tuple[str, str] | None = None
    proposed_quote: tuple[str, int | None, int | None] | None = None
    saved: dict[str, Any] | None = None
    changed: int = 0
    time: str = Field(default="", max_length=40)


class _Memo(_Strict):
    level: Literal["study", "theme", "finding"]
    target: str = Field(pattern=ID)
    opened_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    field_body: str = ""
    body: str


class _Record(_Strict):
    kind: Literal["studykit unsaved work"]
    format: int
    studykit: str = Field(max_length=100)
    study_id: str = Field(max_length=250)
    data_dir: str
    written: str = Field(max_length=40)
    coder: str = Field(max_length=300)
    writer: dict[str, int | str | None]
    rows: list[_Row]
    values: dict[str, Any]
    opened: dict[str, Any]
    gazetteer: list[str]
    memos: list[_Memo]


@dataclass(frozen=True)
class Record:
    """A record read from disk: its file (``shown`` as messages name it), when and by whom it was written,
    and the work it holds."""

    path: Path
    shown: str
    written: str
    coder: str
    pid: int
    work: Held


@dataclass(frozen=True)
class Unusable:
    """A record that cannot be restored: its file, as shown, and why (a message key of the catalogue
    ``workbench.unsaved_<why>`` with its values)."""

    path: Path
    shown: str
    why: str
    values: tuple[tuple[str, Any], ...] = ()


def record_path(data_dir: Path, study_id: str, token: str) -> Path:
    """This process's record of ``study_id`` (``token``: the session's 8 hex digits)."""
    return data_dir / f".studykit-unsaved.{study_id}.{os.getpid()}-{token}.json"


def encode(s, work: Held, written: str) -> bytes:
    """The record of ``work``, the unsaved work of session ``s``, as written at ``written`` (UTC)."""
    rows = [{k: getattr(it, k) for k in _Row.model_fields} for it in work.items]  # not score, cues
    memos = [{k: getattr(d, k) for k in _Memo.model_fields} for d in work.memos]
    record = {
        "kind": KIND,
        "format": FORMAT,
        "studykit": __version__,
        "study_id": s.study_id,
        "data_dir": str(s.data_dir),
        "written": written,
        "coder": s.coder,
        "writer": {"pid": os.getpid(), "started": started(os.getpid()), "host": socket.gethostname()},
        "rows": rows,
        "values": work.values,
        "opened": work.opened,
        "gazetteer": sorted(work.gazetteer),
        "memos": memos,
    }
    return json.dumps(record, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def records(data_dir: Path, study_id: str) -> tuple[list[Path], int]:
    """The records of ``study_id`` in ``data_dir``, newest first (at most :data:`OFFERED`), and how many
    more there are."""
    found = []
    for path in data_dir.glob(f".studykit-unsaved.{study_id}.*.json") if data_dir.is_dir() else []:
        named = NAME.fullmatch(path.name)
        if named is not None and named["study"] == study_id:
            try:
                found.append((path.lstat().st_mtime, path))
            except OSError:
                continue
    found.sort(reverse=True)
    return [p for _, p in found[:OFFERED]], max(0, len(found) - OFFERED)


def writer_alive(record: dict[str, Any] | None, path: Path, live_tokens: set[str]) -> bool:
    """Whether the session that writes the record at ``path`` still runs: a session of this process (its
    token is live), or another process of this machine started when the record's writer started."""
    named = NAME.fullmatch(path.name)
    pid = int(named["pid"]) if named else -1
    if pid == os.getpid():
        return named["token"] in live_tokens
    writer = (record or {}).get("writer") or {}
    if writer.get("host") not in (None, socket.gethostname()) or not alive(pid):
        return False  # another machine's process cannot be asked: its record is offered
    now = started(pid)
    return not (isinstance(writer.get("started"), int) and now is not None and now != writer["started"])


def read(path: Path, shown: str, data_dir: Path, study_id: str) -> tuple[dict | None, Record | Unusable]:
    """The record at ``path`` (its raw JSON too, for :func:`writer_alive`), or why it cannot be restored."""
    try:  # never through a link, never from a pipe or device, never more than the cap
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        why = "link" if path.is_symlink() else "unreadable"
        return None, Unusable(path, shown, why, (("error", exc.strerror or type(exc).__name__),))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, Unusable(path, shown, "not_a_file")
        raw = fh.read(UNSAVED_BYTES.value + 1)
    if len(raw) > UNSAVED_BYTES.value:
        values = (("cap", UNSAVED_BYTES.value), ("variable", UNSAVED_BYTES.variable))
        return None, Unusable(path, shown, "too_big", values)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # cut short (a full disk), damaged, not UTF-8, nested too deep
        return None, Unusable(path, shown, "damaged", (("detail", "JSON"),))
    if not isinstance(value, dict) or value.get("kind") != KIND:
        return None, Unusable(path, shown, "foreign")
    if (half := _half_character(value)) is not None:  # "\ud800" of a hand edit: no file can hold it
        return value, Unusable(path, shown, "damaged", (("detail", half),))
    made = (("version", str(value.get("studykit"))[:100]), ("format", str(value.get("format"))[:20]))
    if value.get("format") != FORMAT:
        return value, Unusable(path, shown, "other_version", (*made, ("ours", __version__)))
    try:
        got = _Record.model_validate(value)
    except ValidationError as exc:
        if _release(value.get("studykit")) > _release(__version__):  # a newer studykit's field, not damage
            return value, Unusable(path, shown, "other_version", (*made, ("ours", __version__)))
        where = ".".join(str(x) for x in exc.errors()[0]["loc"])
        return value, Unusable(path, shown, "damaged", (("detail", where),))
    if got.study_id != study_id or os.path.realpath(got.data_dir) != os.path.realpath(data_dir):
        return value, Unusable(path, shown, "elsewhere", (("study", got.study_id), ("folder", got.data_dir)))
    pid = got.writer.get("pid")
    return value, Record(path, shown, got.written, got.coder, pid if isinstance(pid, int) else -1, _work(got))


def _release(version: Any) -> tuple[int, ...]:
    """``"0.15.2"`` -> (0, 15, 2), to tell a newer studykit's record (anything else: ())."""
    return tuple(int(n) for n in re.findall(r"\d+", str(version))[:4]) if isinstance(version, str) else ()


def _half_character(value: Any) -> str | None:
    """Where ``value`` (JSON) holds half of a character (a lone surrogate, written ``\\udXXX``): restored,
    the record's next write raised UnicodeEncodeError under the buttons. Walked without recursion."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{where}.{k}".lstrip("."), x) for k, x in v.items())
            texts = v.keys()
        elif isinstance(v, list):
            stack.extend((f"{where}.{i}".lstrip("."), x) for i, x in enumerate(v))
            texts = ()
        else:
            texts = (v,) if isinstance(v, str) else ()
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                return f"{where or 'JSON'}: U+{ord(text[exc.start]):04X}"
    return None


def _work(got: _Record) -> Held:
    items = []
    for row in got.rows:
        values = row.model_dump()
        proposed_quote = values.pop("proposed_quote")
        it = Item(**{k: values[k] for k in values if k != "proposed"})
        it.proposed = tuple(row.proposed) if row.proposed else None  # type: ignore[assignment]
        it.proposed_quote = tuple(proposed_quote) if proposed_quote else None  # type: ignore[assignment]
        it.finding_type, it.theme_id = str(it.finding_type or ""), str(it.theme_id or "")
        it.summary_en, it.summary_id = str(it.summary_en or ""), str(it.summary_id or "")
        items.append(it)
    memos = []
    for m in got.memos:
        folder = FOLDERS[m.level]
        shown = f"{Path(got.data_dir).name}/memos/{folder}/{m.target}.md"
        memos.append(
            MemoDraft(m.level, m.target, Path(), shown, m.opened_hash, "", m.field_body, body=m.body)
        )
    return Held(items, got.values, got.opened, set(got.gazetteer), memos)


def unusable_text(t, found: Unusable) -> str:
    """What to say of a record that cannot be restored, with ``t`` (the workbench's language)."""
    return t(f"workbench.unsaved_{found.why}", file=found.shown, **dict(found.values))


__all__ = ["Record", "Unusable", "encode", "read", "record_path", "records", "writer_alive"]
