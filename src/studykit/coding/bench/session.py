"""A coding session on one study: the logic behind the workbench widget, without any UI.

The session holds the study file as opened (its bytes' SHA-256, its round-trip
document), the findings in it, the suggestions not yet in it, and the metadata with
the values suggested from the text. Every action (accept, reject, edit, create, delete,
a metadata value) changes only the session; :meth:`Session.save` validates the study in
memory, refuses to overwrite a file changed on disk since it was opened, writes the file
atomically keeping the analyst's comments and order (:mod:`studykit.coding.studyfile`),
and then appends the decisions to the audit log (:mod:`.decisions`).

Rejected suggestions are written as ``review_status: rejected``: never analysed, and
never proposed again (:func:`studykit.coding.decided.undecided`: nothing the file already has, nothing
on a passage already accepted or rejected for that theme).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...corpus.advice import advice
from ...corpus.drafts import classify, is_gap
from ...corpus.load import explain_error, load_corpus
from ...corpus.problems import Problem
from ...corpus.provenance import locate_quote, snap_to_words
from ...corpus.readers import parse_yaml
from ...corpus.schema import STUDY_ID
from ...paths import resolve_data_dir, shown_path
from .. import metadata as md
from .. import studyfile
from .. import suggest as sg
from ..decided import undecided
from ..publish import CodingError, publish
from . import decisions as log
from .fields import FieldSpec, form_fields, get, put
from .item import EDITABLE, Created, EmptySelection, Item

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


class Session:
    """One study being coded; see the module docstring."""

    def __init__(self, study_id: str, data_dir: str | Path | None = None, coder: str | None = None):
        if not re.fullmatch(STUDY_ID, str(study_id)):  # it names files: never a path
            raise ValueError(f"{study_id!r} is not a study id (lower-case words joined by hyphens)")
        self.study_id = study_id
        self.data_dir = resolve_data_dir(data_dir)
        self.coder = coder or os.environ.get("STUDYKIT_CODER") or os.environ.get("USER") or "analyst"
        self.path = self.data_dir / "studies" / f"{study_id}.yaml"
        self.shown = shown_path(self.path, self.data_dir)
        corpus = load_corpus(self.data_dir, include_drafts=True)
        self.themes = corpus.themes
        self.fields: list[FieldSpec] = form_fields(corpus.framework_ids, list(corpus.provinces["province"]))
        self.reload()

    # --- opening ---------------------------------------------------------------------
    def reload(self) -> None:
        """Read the study file as it is on disk now; every unsaved change is dropped."""
        raw = self.path.read_bytes()
        self.opened_hash = hashlib.sha256(raw).hexdigest()
        self.document = studyfile.load(raw.decode("utf-8"))
        self.text = sg.resolve(self.study_id, self.data_dir).text
        findings = [dict(values) for values in self.document.get("findings") or []]
        self.items: list[Item] = [Item.from_file(values, self.text) for values in findings]
        suggested = sg.suggest(self.text, self.data_dir, study_id=self.study_id)
        for n, c in enumerate(undecided(suggested, findings, self.text), start=1):  # the file's answers stand
            placeholder = sg.as_findings(self.study_id, [c], self.data_dir, 0)[0]
            self.items.append(Item.from_suggestion(f"s{n}", c, placeholder))
        self.decisions: list[log.Decision] = []
        self.values: dict[str, Any] = {f.name: get(self.document, f.path) for f in self.fields}
        self.confirmed: set[str] = set()
        self.suggested: dict[str, md.Suggestion | list[md.Suggestion]] = {}
        for s in md.suggest_metadata(self.text, self.data_dir):
            if s.field == "frameworks_declared":
                self.suggested.setdefault(s.field, []).append(s)
            elif s.field in self.values and s.field not in self.suggested:
                self.suggested[s.field] = s
        self.suggested = {k: v for k, v in self.suggested.items() if self.values.get(k) in (None, [], "")}

    # --- reading ---------------------------------------------------------------------
    def item(self, key: str) -> Item:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(f"no finding or suggestion {key!r}")

    def visible(self) -> list[Item]:
        return [it for it in self.items if not it.deleted]

    def next_pending(self, after: str | None = None, step: int = 1) -> str | None:
        """The next (step=1) or previous (-1) suggestion still to decide, after ``after``; wraps around."""
        rows = self.visible()
        keys = [it.key for it in rows]
        at = keys.index(after) if after in keys else (-1 if step > 0 else len(keys))
        for i in range(1, len(rows) + 1):
            it = rows[(at + step * i) % len(rows)]
            if it.pending:
                return it.key
        return None

    # --- decisions on findings -------------------------------------------------------
    def _number(self, it: Item) -> None:
        if it.finding_id is None:
            used = [{"finding_id": i.finding_id} for i in self.items if i.finding_id]
            it.finding_id = f"{self.study_id}-{studyfile.next_finding_number(used, self.study_id):02d}"

    def _decide(self, it: Item, action: str) -> None:
        self._number(it)
        self.decisions.append(
            log.Decision(
                log.now(),
                self.coder,
                action,
                it.finding_id,
                it.finding_type,
                it.theme_id,
                it.start,
                it.end,
                it.score,
                "manual" if it.origin == "manual" else "suggestion",
            )
        )

    def accept(self, key: str) -> Item:
        it = self.item(key)
        it.status = "reviewed"
        self._decide(it, "accept")
        return it

    def reject(self, key: str) -> Item:
        it = self.item(key)
        it.status = "rejected"
        self._decide(it, "reject")
        return it

    def edit(self, key: str, **changes: Any) -> Item:
        it = self.item(key)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"cannot edit {sorted(unknown)}; editable: {', '.join(EDITABLE)}")
        changed = {k: v for k, v in changes.items() if getattr(it, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(it, name, value or None if name == "secondary_theme_id" else value)
            self._decide(it, "edit")
        return it

    def delete(self, key: str) -> None:
        it = self.item(key)
        it.deleted = True
        if it.origin != "suggestion":
            self._decide(it, "delete")

    def create(
        self,
        start: int,
        end: int,
        finding_type: str,
        theme_id: str,
        summary_en: str = "",
        summary_id: str = "",
    ) -> Created:
        """A finding from a selection, snapped to whole words; the quote is exactly that text."""
        s, e, moved = snap_to_words(self.text, start, end)
        if s == e:
            raise EmptySelection("the selection holds no text; select the words of the quote")
        quote = self.text[s:e]
        located = locate_quote(self.text, quote)
        n = sum(1 for it in self.items if it.origin == "manual") + 1
        it = Item(
            f"m{n}", None, finding_type, theme_id, quote, s, e, "reviewed", "manual", summary_en, summary_id
        )
        if located is not None:
            it.start, it.end = located  # as validate computes it (the first occurrence)
        self.items.append(it)
        self._decide(it, "create")
        return Created(it, moved, located is not None and located[0] != s)

    # --- metadata ----------------------------------------------------------------------
    def set_value(self, name: str, value: Any) -> None:
        """An analyst's value for a metadata field: confirmed, written on save."""
        self.values[name] = value if value not in ("",) else None
        self.confirmed.add(name)

    def confirm(self, name: str) -> Any:
        """Take the suggested value of ``name`` (shown as a suggestion until then)."""
        found = self.suggested[name]
        value = [s.value for s in found] if isinstance(found, list) else found.value
        self.set_value(name, value)
        return value

    def suggestion_value(self, name: str) -> Any:
        found = self.suggested.get(name)
        if found is None:
            return None
        return [s.value for s in found] if isinstance(found, list) else found.value

    def apply_record(self, record: dict[str, Any]) -> list[str]:
        """Bibliographic fields (studykit.coding.bib.read_record) into the form; returns the fields set."""
        names = []
        for key, value in record.items():
            name = f"source.{key}"
            if name in self.values:
                self.set_value(name, value)
                names.append(name)
        return names

    # --- saving --------------------------------------------------------------------------
    def _content(self) -> tuple[str, list[dict[str, Any]]]:
        findings = [it.finding() for it in self.items if it.written]
        studyfile.set_findings(self.document, findings)
        for spec in self.fields:
            if spec.name in self.confirmed:
                put(self.document, spec.path, self.values[spec.name])
        return studyfile.dump(self.document), findings

    def check(self, text: str, findings: list[dict[str, Any]], lang: str = "en") -> list[Problem]:
        """What ``validate`` would call an error in the new study file, in ``lang`` (a gap still to fill, such
        as a summary still to write, is none)."""
        content = parse_yaml(text, self.shown)
        _, errors = classify(content)
        problems = [
            Problem(self.shown, None, ".".join(map(str, e["loc"])), explain_error(e, lang))
            for e in errors
            if not is_gap(e)
        ]
        findings = studyfile.summaries_as_gaps(findings)  # checked as gaps above
        for i, name, message in studyfile.finding_problems(
            self.study_id, findings, self.text, list(self.themes["theme_id"]), lang=lang
        ):
            problems.append(Problem(self.shown, None, f"findings.{i}.{name}", message))
        return sorted(set(problems), key=lambda p: (p.field, p.message))

    def changed_on_disk(self) -> bool:
        return hashlib.sha256(self.path.read_bytes()).hexdigest() != self.opened_hash

    def save(self, lang: str = "en") -> SaveResult:
        """Validate in memory, refuse a file changed on disk since it was opened, then write it and the
        decisions; problems are stated in ``lang``."""
        snapshot = studyfile.dump(self.document)
        text, findings = self._content()
        problems = self.check(text, findings, lang)
        if problems:
            self.document = studyfile.load(snapshot)  # nothing applied: the session stays as it was
            return SaveResult(False, tuple(problems))
        if self.changed_on_disk():
            self.document = studyfile.load(snapshot)
            problem = Problem(self.shown, None, "(file)", advice("changed_on_disk", lang))
            return SaveResult(False, (problem,), conflict=True)
        path, log_text, exists = log.appended(self.data_dir, self.study_id, self.decisions)
        created, replaced = {}, {self.path: text}
        if self.decisions:
            (replaced if exists else created)[path] = log_text
        try:  # the study file and its log: both or neither
            publish(created, replaced, shown=lambda p: shown_path(p, self.data_dir))
        except CodingError as exc:
            self.document = studyfile.load(snapshot)
            return SaveResult(False, tuple(exc.problems))
        except OSError as exc:  # a read-only folder, a full disk: nothing half-written (publish rolls back)
            self.document = studyfile.load(snapshot)
            error = exc.strerror or type(exc).__name__
            return SaveResult(
                False, (Problem(self.shown, None, "(file)", advice("cannot_write", lang, error=error)),)
            )
        to_write = sum(1 for it in self.items if it.written and it.summary_to_write)
        logged = len(self.decisions)
        self.reload()
        return SaveResult(
            True, summaries_to_write=to_write, logged=logged, log=shown_path(path, self.data_dir)
        )
