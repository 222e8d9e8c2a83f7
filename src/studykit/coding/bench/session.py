"""A coding session on one study: the logic behind the workbench widget, without any UI.

The session holds the study file as opened (its bytes' SHA-256, its round-trip document), the findings
in it, the suggestions not yet in it, and the metadata with the values suggested from the text. Every
action (accept, reject, edit, create, delete, a metadata value) changes only the session; :meth:`Session.save`
validates the study in memory, refuses to overwrite a file changed on disk since it was opened, writes the
file keeping the analyst's comments and order (:mod:`studykit.coding.studyfile`), the decisions appended to
the audit log (:mod:`.decisions`) and the memos edited (:mod:`.memo`): all or nothing, even when the process
is killed mid-save (opening a study finishes a save cut short: :func:`..publish.recover`).

Without suggestions (a blind coding: ``suggestions=False``, or a blind start made with
``studykit second-coding --no-suggestions``) nothing is suggested, findings nor metadata values, and each
decision is logged with ``suggestions_shown: false``.

Rejected suggestions are written as ``review_status: rejected``: never analysed, and
never proposed again (:func:`studykit.coding.decided.undecided`: nothing the file already has, nothing
on a passage already accepted or rejected for that theme).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ...corpus import tables
from ...corpus.advice import advice
from ...corpus.codebook import read_parts
from ...corpus.messages import problem, t
from ...corpus.places import places_of, read_provinces, read_regencies
from ...corpus.problems import CorpusError, Problem, ProblemsError
from ...corpus.readers import read_bytes
from ...corpus.schema import STUDY_ID
from ...corpus.studies import Codes, StudyResult, check_study
from ...paths import resolve_data_dir, shown_path
from .. import studyfile
from .. import suggest as sg
from ..blindstart import suggestions_shown
from ..decided import logged as read_logged
from ..decided import undecided
from ..publish import ChangedOnDisk, CodingError, publish, recover
from . import decisions as log
from .fields import FieldSpec, form_fields
from .item import EDITABLE, Created, EmptySelection, Item
from .memo import SessionMemos
from .rows import Rows, moved_from, quote_at
from .values import MetadataValues

__all__ = ["EDITABLE", "Created", "EmptySelection", "Item", "SaveResult", "Session"]


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


class Session(MetadataValues, Rows, SessionMemos):
    """One study being coded; see the module docstring."""

    def __init__(
        self,
        study_id: str,
        data_dir: str | Path | None = None,
        coder: str | None = None,
        lang: str = "en",
        suggestions: bool | None = None,
    ):
        """``suggestions``: show the suggester's findings and metadata values (False: a blind coding, only the
        text to select from); None: as the data directory says (:func:`..blindstart.suggestions_shown`:
        ``studykit second-coding --no-suggestions`` starts coder B without them)."""
        if not re.fullmatch(STUDY_ID, str(study_id)):  # it names files: never a path
            raise ValueError(t("workbench.not_a_study_id", lang, study=study_id))
        self.study_id, self.lang = study_id, lang  # lang: the suggestions' notes written into the file
        self.data_dir = resolve_data_dir(data_dir)
        self.suggestions = suggestions_shown(self.data_dir) if suggestions is None else bool(suggestions)
        self.coder = coder or os.environ.get("STUDYKIT_CODER") or os.environ.get("USER") or "analyst"
        self.path = self.data_dir / "studies" / f"{study_id}.yaml"
        self.shown = shown_path(self.path, self.data_dir)
        if not self.path.is_file():  # said in the coder's language, not as an OSError
            said = problem(self.shown, None, "study_id", "workbench.no_such_study", study=study_id)
            raise CodingError([said], said.text(lang))
        # the codebook, not the whole corpus: a study with a problem still opens, to be put right
        themes, frameworks, _, problems = read_parts(self.data_dir)
        islands, provinces, more = read_provinces(self.data_dir)
        regencies, gazetteer_problems = read_regencies(self.data_dir, islands)
        if problems or more or gazetteer_problems:
            raise CorpusError(problems + more + gazetteer_problems)
        self.themes = tables.frame(tables.theme_rows(themes), tables.THEME_COLUMNS)
        self.frameworks = tables.frame(tables.variable_rows(frameworks), tables.VARIABLE_COLUMNS)
        framework_ids = list(dict.fromkeys(self.frameworks["framework_id"]))
        places = places_of(regencies) if regencies else None  # Save checks admin_unit as validate does
        merged = {m.theme_id: m.into for m in themes.merged}  # Save tells a merged theme where it went
        self.codes = Codes(
            frozenset(self.themes["theme_id"]), frozenset(framework_ids), islands, places, merged
        )
        self.fields: list[FieldSpec] = form_fields(framework_ids, [p.province for p in provinces])
        self.reload()

    # --- opening ---------------------------------------------------------------------
    def reload(self) -> None:
        """Read the study file as it is on disk now; every unsaved change is dropped. It is read as validate
        reads it first (bounded, no link out of studies/, UTF-8, the safe YAML loader: ``suggest.resolve``),
        so a broken file is a CodingError naming it, never ruamel's traceback or a billion laughs expanded."""
        recover(self.data_dir)  # a save cut short by a crash: finished (or swept away) first
        self.text = sg.resolve(self.study_id, self.data_dir).text
        raw = read_bytes(self.path, self.shown)
        self.opened_hash = hashlib.sha256(raw).hexdigest()
        self.document = studyfile.load(raw.decode("utf-8"))
        findings = [dict(values) for values in self.document.get("findings") or []]
        self.items: list[Item] = [Item.from_file(values, self.text) for values in findings]
        logged = read_logged(self.data_dir, self.study_id)  # a merged theme's decisions count for its new one
        suggested = sg.suggest(self.text, self.data_dir, study_id=self.study_id) if self.suggestions else []
        fresh = undecided(suggested, findings, self.text, logged)  # what the file and the log answered stands
        for n, c in enumerate(fresh, start=1):
            placeholder = sg.as_findings(self.study_id, [c], self.data_dir, 0, self.lang)[0]
            self.items.append(Item.from_suggestion(f"s{n}", c, placeholder))
        # ids never given twice: not those of the file, nor those the log has seen (a deleted finding's)
        self.last_number = studyfile.next_finding_number([*findings, *logged], self.study_id) - 1
        self.clock, self.made = 0, 0  # changes made, findings made from a selection
        self.open_metadata()
        self.open_memos()

    # --- reading ---------------------------------------------------------------------
    def item(self, key: str) -> Item:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(f"no finding or suggestion {key!r}")

    @property
    def unsaved(self) -> bool:
        """Whether it holds a change no save has written: a decision, an edit (what was typed for a suggestion
        not decided on too), a deletion, a metadata value or a memo."""
        return any(it.changed for it in self.items) or bool(self.confirmed) or self.memos_unsaved

    @property
    def decisions(self) -> list[log.Decision]:
        """What a save now would append to the decision log: one line per finding it writes anew or changes
        (:meth:`.Item.change`), in the order the analyst last changed them (a moved quote: where it was)."""
        return log.of_items(self.items, self.coder, lambda it: moved_from(it, self.text), self.suggestions)

    # --- decisions on findings -------------------------------------------------------
    def touch(self, it: Item, numbered: bool = False) -> Item:
        if numbered and it.finding_id is None:
            self.last_number += 1
            it.finding_id = f"{self.study_id}-{self.last_number:02d}"
        self.clock += 1
        it.changed, it.time = self.clock, log.now()
        return it

    def accept(self, key: str) -> Item:
        it = self.item(key)
        it.status = "reviewed"
        return self.touch(it, numbered=True)

    def reject(self, key: str) -> Item:
        """Turn a suggestion down as it was suggested (type, theme and quote as proposed: what was wrong)."""
        it = self.item(key)
        if it.proposed is not None and it.status != "rejected":
            it.finding_type, it.theme_id = it.proposed
            it.secondary_theme_id = None
            it.quote, it.start, it.end = it.proposed_quote or (it.quote, it.start, it.end)
        it.status = "rejected"
        return self.touch(it, numbered=True)

    def edit(self, key: str, **changes: Any) -> Item:
        it = self.item(key)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"cannot edit {sorted(unknown)}; editable: {', '.join(EDITABLE)}")
        changed = {k: v for k, v in changes.items() if getattr(it, k) != v}
        for name, value in changed.items():
            setattr(it, name, value or None if name == "secondary_theme_id" else value)
        return self.touch(it) if changed else it

    def delete(self, key: str) -> None:
        self.touch(self.item(key)).deleted = True

    def create(
        self,
        start: int,
        end: int,
        finding_type: str,
        theme_id: str,
        summary_en: str = "",
        summary_id: str = "",
    ) -> Created:
        """A finding from a selection, snapped to whole words; the quote is exactly that text, recorded at
        its first occurrence, as validate locates it (:func:`.rows.quote_at`)."""
        q = quote_at(self.text, start, end)
        self.made += 1
        values = (
            finding_type,
            theme_id,
            q.quote,
            q.start,
            q.end,
            "reviewed",
            "manual",
            summary_en,
            summary_id,
        )
        it = Item(f"m{self.made}", None, *values)
        self.items.append(self.touch(it, numbered=True))
        return Created(it, q.moved, q.first_elsewhere)

    # --- saving --------------------------------------------------------------------------
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
        still = {p.key for p in undecided(as_proposed, findings, self.text, log_now)}
        answered = {it.key for it in waiting} - still  # as a reopened study would no longer offer them
        self.items = [it for it in self.items if not it.deleted and it.key not in answered]
        for it in self.items:
            if it.written:
                it.saved, it.changed = it.state(), 0
        self.saved_metadata()
        self.saved_memos(findings)
