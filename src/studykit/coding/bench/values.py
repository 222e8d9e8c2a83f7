"""The study's metadata in a coding session: the values of the form, the values suggested from the text
(shown as suggestions until confirmed), and what a save writes of them."""

from __future__ import annotations

from typing import Any

from .. import metadata as md
from ..metafill import by_field, get, put, value_of
from .fields import FieldSpec

PLACE_FIELDS = ("admin_unit_type", "province")  # what the gazetteer's row of an admin_unit decides


class MetadataValues:
    """The metadata part of :class:`~.session.Session` (which sets ``fields``, ``document``, ``text`` and
    ``data_dir``)."""

    fields: list[FieldSpec]
    suggestions: bool  # False: a blind coding, no value suggested

    def open_metadata(self) -> None:
        """The values of the study file as opened, and the suggestions for the fields it leaves empty."""
        self.values: dict[str, Any] = {f.name: get(self.document, f.path) for f in self.fields}
        self.confirmed: set[str] = set()
        self.from_gazetteer: set[str] = set()  # fields set to the gazetteer's row of the admin_unit chosen
        found = by_field(md.suggest_metadata(self.text, self.data_dir)) if self.suggestions else {}  # blind
        self.suggested: dict[str, md.Suggestion | list[md.Suggestion]] = {
            k: v for k, v in found.items() if k in self.values
        }
        self._unfilled()
        self._place_hint()

    def _unfilled(self) -> None:
        self.suggested = {k: v for k, v in self.suggested.items() if self.values.get(k) in (None, [], "")}

    def put_metadata(self, document: Any) -> list[str]:
        """The confirmed values into the study ``document``; the names of the fields it changed."""
        changed = []
        for spec in self.fields:
            if spec.name in self.confirmed:
                before = get(document, spec.path)
                put(document, spec.path, self.values[spec.name])
                if get(document, spec.path) != before:
                    changed.append(spec.name)
        return changed

    def saved_metadata(self) -> None:
        """After a save: the confirmed values are the file's; suggestions stay for the fields still empty."""
        self.confirmed = set()
        self.from_gazetteer = set()
        self._unfilled()

    def set_value(self, name: str, value: Any) -> None:
        """An analyst's value for a metadata field: confirmed, written on save. An admin_unit of the gazetteer
        brings its type and province (``codebook/regencies.csv``), as ``validate`` will require them."""
        self.values[name] = value if value not in ("",) else None
        self.confirmed.add(name)
        self.from_gazetteer.discard(name)
        if name != "admin_unit":
            return
        row = md.regency(self.data_dir, self.values[name])  # validate's rule: exact name, case and type word
        for field in PLACE_FIELDS:
            if row is not None:  # the name as the gazetteer writes it (spaces around it dropped)
                self.values[field] = getattr(row, field)
                self.confirmed.add(field)
                self.from_gazetteer.add(field)
            elif field in self.from_gazetteer:  # the row of the unit before: no longer this unit's
                self.values[field] = None
                self.from_gazetteer.discard(field)
        if row is not None:
            self.values[name] = row.admin_unit
        self._place_hint()

    def _place_hint(self) -> None:
        """validate's advice on the admin_unit as it is now (a name the gazetteer has not, with the names it
        may mean), shown beside the field at once; None for a name it has or none."""
        self.admin_unit_hint = md.unknown_unit(
            self.data_dir, self.values.get("admin_unit"), self.values.get("admin_unit_type")
        )

    def admin_units(self) -> list[str]:
        """The gazetteer's kota and kabupaten by their official names, the admin_unit field's choices (none
        without ``codebook/regencies.csv``)."""
        if not (self.data_dir / md.REGENCIES_FILE).is_file():
            return []
        return [r.admin_unit for r in md.gazetteer(self.data_dir)]

    def confirm(self, name: str) -> Any:
        """Take the suggested value of ``name`` (shown as a suggestion until then)."""
        value = value_of(self.suggested[name])
        self.set_value(name, value)
        return value

    def suggestion_value(self, name: str) -> Any:
        found = self.suggested.get(name)
        return None if found is None else value_of(found)

    def apply_record(self, record: dict[str, Any]) -> list[str]:
        """Bibliographic fields (studykit.coding.bib.read_record) into the form; returns the fields set."""
        names = []
        for key, value in record.items():
            name = f"source.{key}"
            if name in self.values:
                self.set_value(name, value)
                names.append(name)
        return names
