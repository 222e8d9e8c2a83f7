"""A coding session on one study: the logic behind the workbench widget, without any UI.

The session holds the study file as opened (its bytes' SHA-256, its round-trip
document), the findings in it, the suggestions not yet in it, and the metadata with
the values suggested from the text. Every action (accept, reject, edit, create, delete,
a metadata value) changes only the session; Save writes them (:mod:`.save`: validated in memory, never
over a file changed on disk, the study file, its decision log and the memos all or nothing). What the session
holds unsaved is kept in a recovery record as it changes (:mod:`.autosave`), so a kernel that dies loses none
of it: the next session on the study offers it back.

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
from pathlib import Path
from typing import Any

from ...corpus import tables
from ...corpus.codebook import gone, read_parts
from ...corpus.messages import problem, t
from ...corpus.places import places_of, read_provinces, read_regencies
from ...corpus.problems import CorpusError, Problem
from ...corpus.readers import read_bytes
from ...corpus.schema import STUDY_ID
from ...corpus.studies import Codes
from ...paths import resolve_data_dir, shown_path
from .. import studyfile
from .. import suggest as sg
from ..blindstart import suggestions_shown
from ..decided import logged as read_logged
from ..decided import undecided
from ..publish import CodingError, recover
from . import decisions as log
from .autosave import Autosave, records_changes
from .fields import FieldSpec, form_fields
from .item import EDITABLE, Created, EmptySelection, Item
from .memo import SessionMemos
from .rows import Rows, moved_from, quote_at
from .save import SaveResult, Saving
from .values import MetadataValues

__all__ = ["EDITABLE", "Created", "EmptySelection", "Item", "SaveResult", "Session"]


@records_changes
class Session(MetadataValues, Rows, SessionMemos, Saving, Autosave):
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
        problems, book = _codebook(self.data_dir)
        if problems:
            raise CorpusError(problems)
        self.themes, self.frameworks, self.codes, self.fields = book
        self.open_record()  # a record of its own, written once there is unsaved work
        self.reload(codebook=False)  # just read

    def codes_now(self) -> list[Problem]:
        """The codebook's themes and ids as they are on disk now, for Save's check (a theme merged or retired
        while the workbench was open is refused as ``validate`` refuses it) and the editor's choices (a theme
        added meanwhile); its problems, if any (the codebook as read before kept then)."""
        problems, book = _codebook(self.data_dir)
        if not problems:
            self.themes, self.codes = book[0], book[2]
        return problems

    # --- opening ---------------------------------------------------------------------
    def reload(self, codebook: bool = True) -> None:
        """Read the study file as it is on disk now; every unsaved change is dropped. It is read as validate
        reads it first (bounded, no link out of studies/, UTF-8, the safe YAML loader: ``suggest.resolve``),
        so a broken file is a CodingError naming it, never ruamel's traceback or a billion laughs expanded.
        The codebook is read again first, as Save reads it (:meth:`codes_now`: a theme added meanwhile is
        offered, one merged or retired is not suggested); a broken one is a CorpusError, nothing changed."""
        if codebook and (problems := self.codes_now()):
            raise CorpusError(problems)
        recover(self.data_dir)  # a save cut short by a crash: finished (or swept away) first
        self.text = sg.resolve(self.study_id, self.data_dir).text
        raw = read_bytes(self.path, self.shown)
        self.opened_hash = hashlib.sha256(raw).hexdigest()
        self.document = studyfile.load(raw.decode("utf-8"))
        findings = [dict(values) for values in self.document.get("findings") or []]
        self.items: list[Item] = [Item.from_file(values, self.text) for values in findings]
        logged = read_logged(self.data_dir, self.study_id)  # a merged theme's decisions count for its new one
        suggested = sg.suggest(self.text, self.data_dir, study_id=self.study_id) if self.suggestions else []
        # what the file and the log answered stands (a finding on a merged theme for the theme it went into)
        fresh = undecided(suggested, findings, self.text, logged, self.codes.merged)
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


def _codebook(data_dir: Path) -> tuple[list[Problem], tuple[Any, Any, Codes, list[FieldSpec]]]:
    """The codebook, not the whole corpus (a study with a problem still opens, to be put right): the themes
    and framework variables as tables, the ids a study may use, the form's fields; or its problems."""
    themes, frameworks, _, problems = read_parts(data_dir)
    islands, provinces, more = read_provinces(data_dir)
    regencies, gazetteer_problems = read_regencies(data_dir, islands)
    if problems or more or gazetteer_problems:
        return problems + more + gazetteer_problems, ()  # type: ignore[return-value]
    theme_table = tables.frame(tables.theme_rows(themes), tables.THEME_COLUMNS)
    variables = tables.frame(tables.variable_rows(frameworks), tables.VARIABLE_COLUMNS)
    framework_ids = list(dict.fromkeys(variables["framework_id"]))
    places = places_of(regencies) if regencies else None  # Save checks admin_unit as validate does
    merged, retired = gone(themes)  # Save tells a merged, retired or split theme where it went
    codes = Codes(
        frozenset(theme_table["theme_id"]), frozenset(framework_ids), islands, places, merged, retired
    )
    return [], (theme_table, variables, codes, form_fields(framework_ids, [p.province for p in provinces]))
