"""Memos in a coding session: the study's memo, the memo of each coded finding and the memo of a theme.

A memo is read when the workbench first shows it (:meth:`SessionMemos.memo`: its file's bytes hashed, as
the study file's are when opened), edited in the session only, and written by Save together with the
study file and the decision log, all or nothing (:func:`~studykit.coding.publish.publish`, whose backstop
:mod:`studykit.coding.written` reads every memo as ``validate`` will). The front matter written is the
workbench's coder (after the memo's earlier author, when someone else started it), the date of the
decision log's clock (:func:`.decisions.now`) and the workbench's language.

Where a finding memo goes follows the rules of ``docs/codebook.md`` (Memos): a memo that lives in the
finding's ``memo`` field stays there; any other goes to ``memos/findings/<finding_id>.md``. A finding that
has both is shown as one memo (the field's text first, as the REFI-QDA export joins them) and, once
edited, saved as the file alone: never both, and neither text lost. A memo file is never removed here:
emptying one, or deleting a finding that has one, is refused with the file to delete named (a memo only
typed for a finding deleted, or in its ``memo`` field, goes with it, as its summaries do).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ...corpus.layout import MEMOS_DIR
from ...corpus.memos import document, parse
from ...corpus.messages import problem
from ...corpus.problems import Problem, ProblemError
from ...corpus.readers import decode_utf8, read_bytes
from ...corpus.sources import confine
from ...paths import shown_path
from . import decisions as log

FOLDERS = {"study": "studies", "theme": "themes", "finding": "findings"}  # memo level -> its folder


@dataclass
class MemoDraft:
    """One memo as the session holds it: what was read (file and, for a finding, its ``memo`` field) and
    the text in the workbench now. ``problem``: a memo that does not read as a memo (shown, not edited)."""

    level: str  # study | theme | finding
    target: str
    path: Path
    shown: str
    opened_hash: str | None  # the memo file's bytes when read; None: no file
    file_body: str = ""
    field_body: str = ""
    author: str | None = None  # who wrote it so far (its front matter)
    body: str = ""
    problem: Problem | None = None

    @property
    def opened(self) -> str:
        return "\n\n".join(b for b in (self.field_body, self.file_body) if b.strip())

    @property
    def changed(self) -> bool:
        return self.problem is None and self.body.strip() != self.opened.strip()

    @property
    def in_field(self) -> bool:
        """Saved in the finding's ``memo`` field (it lives there only), else in the memo file."""
        return self.level == "finding" and bool(self.field_body.strip()) and self.opened_hash is None


def _hash(path: Path, shown: str, data_dir: Path) -> str | None:
    """The memo file's SHA-256 (None: there is none); read bounded and confined to the data directory."""
    if not path.exists() and not path.is_symlink():
        return None
    return hashlib.sha256(read_bytes(confine(data_dir, path, shown), shown)).hexdigest()


class SessionMemos:
    """The memo part of :class:`~.session.Session` (which sets ``data_dir``, ``study_id``, ``coder``,
    ``lang``, ``items`` and ``shown``)."""

    def open_memos(self) -> None:
        self.memos: dict[tuple[str, str], MemoDraft] = {}

    def memo_path(self, level: str, target: str) -> Path:
        return self.data_dir / MEMOS_DIR / FOLDERS[level] / f"{target}.md"

    def _finding(self, finding_id: str):
        return next((it for it in self.items if it.finding_id == finding_id), None)

    def memo(self, level: str, target: str) -> MemoDraft:
        """The memo on the study (target: its id), a theme or a finding, read the first time it is asked
        for."""
        key = (level, target)
        if key not in self.memos:
            self.memos[key] = self._read_memo(level, target)
        return self.memos[key]

    def _read_memo(self, level: str, target: str) -> MemoDraft:
        path = self.memo_path(level, target)
        draft = MemoDraft(level, target, path, shown_path(path, self.data_dir), None)
        try:
            draft.opened_hash = _hash(path, draft.shown, self.data_dir)
            if draft.opened_hash is not None:
                head, draft.file_body = parse(
                    decode_utf8(read_bytes(path, draft.shown), draft.shown), draft.shown
                )
                draft.author = head.author
            it = self._finding(target) if level == "finding" else None
            field = it.values.get("memo") if it is not None else None
            if isinstance(field, str) and field.strip():
                head, draft.field_body = parse(field, self.shown)
                draft.author = draft.author or head.author
        except ProblemError as exc:
            draft.problem = exc.problem
        draft.body = draft.opened
        return draft

    def memo_editable(self, finding_id: str | None) -> bool:
        """A finding memo is written on a coded finding: one with its id, accepted (or made), not deleted."""
        it = self._finding(finding_id) if finding_id else None
        return it is not None and it.status == "reviewed" and not it.deleted

    def set_memo(self, level: str, target: str, text: str) -> MemoDraft:
        """The memo's new text, in the session only (Save writes it)."""
        if (level == "study" and target != self.study_id) or (
            level == "theme" and target not in self.codes.theme_ids
        ):  # another study's memo, a theme the codebook lacks: a record of unsaved work edited by hand
            raise ValueError(f"the memo on {level} {target} is not one of this study's workbench")
        draft = self.memo(level, target)
        if draft.problem is not None or (level == "finding" and not self.memo_editable(target)):
            raise ValueError(f"the memo on {level} {target} cannot be edited here")
        draft.body = text
        return draft

    def has_memo(self, finding_id: str) -> bool:
        """Whether the finding has a memo (as the workbench holds it now): the row's sign."""
        if ("finding", finding_id) in self.memos:
            return bool(self.memos[("finding", finding_id)].body.strip())
        it = self._finding(finding_id)
        field = it.values.get("memo") if it is not None else None
        return (
            bool(isinstance(field, str) and field.strip()) or self.memo_path("finding", finding_id).exists()
        )

    @property
    def memos_unsaved(self) -> bool:
        return any(d.changed for d in self.memos.values())

    # --- saving ---------------------------------------------------------------------------
    @property
    def memos_to_write(self) -> int:
        """How many memos a save now writes (files and memo fields)."""
        return len(self._to_write())

    def _to_write(self) -> list[MemoDraft]:
        return [
            d for d in self.memos.values() if d.changed and (d.level != "finding" or self._kept(d.target))
        ]

    def _kept(self, finding_id: str) -> bool:
        it = self._finding(finding_id)
        return it is not None and not it.deleted

    def _memo_document(self, draft: MemoDraft, date: str) -> str:
        parts = draft.author.split(" + ") if draft.author else []  # who wrote it before stays named
        author = draft.author if self.coder in parts else " + ".join([*parts, self.coder])[:200]
        return document(author, date, draft.body, self.lang)

    def memo_problems(self, lang: str = "en") -> list[Problem]:
        """Why the memos cannot be saved as they are, stated in ``lang``: a memo file emptied (it is not
        removed here), a memo's folder linked out of the data directory, a finding deleted that keeps a memo
        file (a memo only typed, or in its ``memo`` field, goes with the finding, as its summaries do)."""
        found = []
        for d in self.memos.values():
            if d.changed and not d.body.strip() and d.opened_hash is not None:
                found.append(problem(d.shown, None, "memo", "workbench.memo_emptied", file=d.shown))
        for d in self._to_write():
            try:  # never written through a link out of memos/ (validate would refuse it there)
                confine(self.data_dir, d.path, d.shown)
            except ProblemError as exc:
                found.append(exc.problem)
        for it in self.items:
            if it.deleted and it.finding_id:
                path = self.memo_path("finding", it.finding_id)
                if path.exists() or path.is_symlink():
                    shown = shown_path(path, self.data_dir)
                    found.append(
                        problem(
                            shown, None, "memo", "workbench.memo_deleted", finding=it.finding_id, file=shown
                        )
                    )
        return [replace(p, message=dict(p.translations).get(lang, p.message)) for p in found]

    def memo_conflicts(self) -> list[str]:
        """The memo files to be written that changed on disk since they were read (as shown)."""
        return [d.shown for d in self.conflicted_memos()]

    def conflicted_memos(self) -> list[MemoDraft]:
        """The memos to be written whose file changed on disk since it was read."""
        out = []
        for d in self._to_write():
            if d.in_field:
                continue  # in the study file: its own conflict rule
            try:
                now = _hash(d.path, d.shown, self.data_dir)
            except ProblemError:
                now = "?"  # a folder or a link out now: changed all the same
            if now != d.opened_hash:
                out.append(d)
        return out

    def memo_bases(self) -> dict[Path, str | None]:
        """What each memo file a save writes held when read (its hash; None: there was none), which it must
        still hold when written (``base`` of :func:`..publish.publish`): a memo saved meanwhile is kept."""
        return {d.path: d.opened_hash for d in self._to_write() if not d.in_field}

    def memo_on_disk(self, level: str, target: str) -> MemoDraft:
        """The memo as its file (and the finding's ``memo`` field) hold it now, read afresh; the session's
        draft stays as it is."""
        return self._read_memo(level, target)

    def resolve_memo(self, level: str, target: str, keep: bool) -> MemoDraft:
        """A memo whose file changed on disk, settled: ``keep``, the text typed stays and Save writes it over
        the file as it is now (whose author stays named before the coder); else the file's text now
        replaces it. ValueError: the file cannot be read now (its text is not known, so not overwritten)."""
        now = self._read_memo(level, target)
        if keep:
            if now.problem is not None:
                raise ValueError(f"the memo file {now.shown} cannot be read: {now.problem}")
            now.body = self.memo(level, target).body
        self.memos[(level, target)] = now
        return now

    def memo_files(self) -> tuple[dict[Path, str], dict[Path, str]]:
        """The memo files a save writes: (created, replaced), for one publish with the study file."""
        created, replaced = {}, {}
        date = log.now()[:10]  # the decision log's clock: the date of the save that writes it
        for d in self._to_write():
            if not d.in_field:
                (replaced if d.opened_hash is not None else created)[d.path] = self._memo_document(d, date)
        return created, replaced

    def memo_fields(self, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The findings a save writes, their ``memo`` field as edited (dropped when the memo moves to its file
        or is emptied)."""
        date = log.now()[:10]
        edited = {d.target: d for d in self._to_write() if d.level == "finding"}
        out = []
        for values in findings:
            d = edited.get(values.get("finding_id"))
            if d is not None:
                values = {k: v for k, v in values.items() if k != "memo"}
                if d.in_field and d.body.strip():
                    values["memo"] = _block(self._memo_document(d, date))
            out.append(values)
        return out

    def saved_memos(self, findings: list[dict[str, Any]]) -> None:
        """After a save: what was written is what the memos were opened with."""
        memo_of = {f.get("finding_id"): f.get("memo") for f in findings}
        for it in self.items:
            if it.finding_id in memo_of and it.written:
                if memo_of[it.finding_id]:
                    it.values["memo"] = memo_of[it.finding_id]
                else:
                    it.values.pop("memo", None)
        for key, d in list(self.memos.items()):
            if d.changed:
                self.memos[key] = self._read_memo(d.level, d.target)


def _block(text: str):
    """A memo written as a YAML block (``memo: |``), as an analyst writes it."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text)
