"""Saving a coding session: what a save writes, the checks before it, and the session after it.

:class:`Saving` is a part of :class:`~.session.Session` (it reads the session's ``document``, ``items``,
``text``, ``codes`` and paths, and its metadata and memo parts). :meth:`Saving.save` validates the study in
memory (the very check of ``validate``: :meth:`Saving.check`), refuses to overwrite a file changed on disk
since it was opened, writes the file atomically keeping the analyst's comments and order
(:mod:`studykit.coding.studyfile`), and then appends the decisions to the audit log (:mod:`.decisions`);
the memos edited (:mod:`.memo`) are written with it, all or nothing, even when the process is killed mid-save
(opening a study finishes a save cut short: :func:`..publish.recover`). After a save the session is as a
reload would make it, without reading the file again or running the suggester.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ...corpus.advice import advice
from ...corpus.problems import Problem, ProblemsError
from ...corpus.readers import read_bytes
from ...corpus.studies import Codes, StudyResult, check_study
from ...paths import shown_path
from .. import studyfile
from ..decided import logged as read_logged
from ..decided import undecided
from ..publish import ChangedOnDisk, CodingError, publish
from . import decisions as log
from .item import Item


@dataclass(frozen=True)
class SaveResult:
    """What a save did: written (ok), or refused with its problems (conflict: changed on disk)."""

    ok: bool
    problems: tuple[Problem, ...] = ()
    conflict: bool = False
    summaries_to_write: int = 0  # accepted findings saved without their summaries (the study stays a draft)
    logged: int = 0  # decisions appended to the log
    log: str = ""  # the log file, as shown
    needs: int = 0  # what the study still needs (validate's list of a draft); 0: complete
    fields: tuple[str, ...] = ()  # the metadata fields whose value it wrote anew (form order)
    memos: int = 0  # the memos it wrote (files and memo fields)


class Saving:
    """The save of :class:`~.session.Session`; see the module docstring. The session brings ``study_id``,
    ``data_dir``, ``path``, ``shown``, ``codes``, ``text``, ``document``, ``items``, ``opened_hash`` and
    ``decisions``, and its metadata (:class:`.values.MetadataValues`) and memo (:class:`.memo.SessionMemos`)
    parts."""

    study_id: str
    data_dir: Path
    path: Path
    shown: str
    codes: Codes
    text: str
    document: Any
    items: list[Item]
    opened_hash: str

    def codes_now(self) -> list[Problem]:  # the session's (:meth:`.session.Session.codes_now`)
        raise NotImplementedError

    def _content(self) -> tuple[str, list[str]]:
        """The study file a save writes, and the metadata fields whose value it changes."""
        findings = self.memo_fields([it.finding() for it in self.items if it.written])
        studyfile.set_findings(self.document, findings)
        fields = self.put_metadata(self.document)
        return studyfile.dump(self.document), fields

    def check(self, text: str, lang: str = "en") -> StudyResult:
        """What ``validate`` says of the study file if it held ``text``: the very same check
        (:func:`studykit.corpus.studies.check_study`); its problems stated in ``lang``."""
        result = check_study(text, self.path, self.data_dir, self.codes)
        stated = [replace(p, message=dict(p.translations).get(lang, p.message)) for p in result.problems]
        return result._replace(problems=sorted(set(stated), key=lambda p: (p.field, p.message)))

    def changed_on_disk(self) -> bool:
        try:  # bounded, and never waiting on a pipe put in its place
            return hashlib.sha256(read_bytes(self.path, self.shown)).hexdigest() != self.opened_hash
        except ProblemsError:  # deleted, or a folder or pipe now: changed all the same
            return True

    def save(self, lang: str = "en") -> SaveResult:
        """Validate in memory, refuse a file changed on disk since it was opened, then write it and the
        decisions; problems are stated in ``lang``."""
        broken = self.codes_now()  # the codebook as it is now (changed while the workbench was open, or not)
        if broken:
            return SaveResult(
                False, tuple(replace(p, message=dict(p.translations).get(lang, p.message)) for p in broken)
            )
        snapshot = studyfile.dump(self.document)
        text, fields = self._content()
        self.document = studyfile.load(snapshot)  # written below only if all is well
        checked = self.check(text, lang)
        if checked.problems or (memo_problems := self.memo_problems(lang)):
            return SaveResult(False, tuple(checked.problems or memo_problems))
        changed = [self.shown] if self.changed_on_disk() else []
        if changed := changed + self.memo_conflicts():
            said = advice("changed_on_disk", lang)
            return SaveResult(False, tuple(Problem(f, None, "(file)", said) for f in changed), conflict=True)
        decisions, memos = self.decisions, self.memos_to_write
        try:  # the study file, its log and the memos: all or none
            path, log_text, exists = log.appended(self.data_dir, self.study_id, decisions)
            created, replaced = self.memo_files()
            replaced[self.path] = text
            if decisions:
                (replaced if exists else created)[path] = log_text
            base = {self.path: self.opened_hash, **self.memo_bases()}  # as read: a write meanwhile is kept
            at = self.data_dir
            publish(created, replaced, shown=lambda p: shown_path(p, at), base=base, root=at)
        except CodingError as exc:  # ChangedOnDisk: written meanwhile, after the check above
            return SaveResult(False, tuple(exc.problems), conflict=isinstance(exc, ChangedOnDisk))
        except OSError as exc:  # a read-only folder, a full disk: nothing half-written (publish rolls back)
            said = advice("cannot_write", lang, error=exc.strerror or type(exc).__name__)
            return SaveResult(False, (Problem(self.shown, None, "(file)", said),))  # kept: Save again
        self._saved(text)
        needs = len(checked.draft.missing) if checked.draft is not None else 0
        to_write = sum(1 for it in self.items if it.written and it.summary_to_write)
        shown_log = shown_path(path, self.data_dir)
        return SaveResult(True, (), False, to_write, len(decisions), shown_log, needs, tuple(fields), memos)

    def _saved(self, text: str) -> None:
        """The session after a save: as a reload would make it, without reading the file again or running the
        suggester (the suggestions not decided on stay as they are, with what was typed for them)."""
        self.opened_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.document = studyfile.load(text)
        findings = [dict(values) for values in self.document.get("findings") or []]
        waiting = [it for it in self.items if it.pending and it.origin == "suggestion"]
        as_proposed = [  # the rule reads the suggestions as the suggester made them
            SimpleNamespace(
                key=it.key, proposed=it.proposed, quoted=it.proposed_quote or (it.quote, it.start, it.end)
            )
            for it in waiting
        ]
        for proxy in as_proposed:
            proxy.finding_type, proxy.theme_id = proxy.proposed
            proxy.quote, proxy.start, proxy.end = proxy.quoted
        log_now = read_logged(self.data_dir, self.study_id)
        still = {p.key for p in undecided(as_proposed, findings, self.text, log_now, self.codes.merged)}
        answered = {it.key for it in waiting} - still  # as a reopened study would no longer offer them
        self.items = [it for it in self.items if not it.deleted and it.key not in answered]
        for it in self.items:
            if it.written:
                it.saved, it.changed = it.state(), 0
        self.saved_metadata()
        self.saved_memos(findings)
