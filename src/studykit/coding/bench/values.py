"""The study's metadata in a coding session: the values of the form, the values suggested from the text
(shown as suggestions until confirmed), and what a save writes of them."""

from __future__ import annotations

from typing import Any

from .. import metadata as md
from .fields import FieldSpec, get, put

PLACE_FIELDS = ("admin_unit_type", "province")  # what the gazetteer's row of an admin_unit decides


class MetadataValues:
    """The metadata part of :class:`~.session.Session` (which sets ``fields``, ``document``, ``text`` and
    ``data_dir``)."""

    fields: list[FieldSpec]

    def open_metadata(self) -> None:
        """The values of the study file as opened, and the suggestions for the fields it leaves empty."""
        self.values: dict[str, Any] = {f.name: get(self.document, f.path) for f in self.fields}
        self.confirmed: set[str] = set()
        self.from_gazetteer: set[str] = set()  # fields set to the gazetteer's row of the admin_unit chosen
        self.suggested: dict[str, md.Suggestion | list[md.Suggestion]] = {}
        for s in md.suggest_metadata(self.text, self.data_dir):
            if s.field == "frameworks_declared":
                self.suggested.setdefault(s.field, []).append(s)
            elif s.field in self.values and s.field not in self.suggested:
                self.suggested[s.field] = s
        self._unfilled()

    def _unfilled(self) -> None:
        self.suggested = {k: v for k, v in self.suggested.items() if self.values.get(k) in (None, [], "")}

    def put_metadata(self, document: Any) -> None:
        """The confirmed values into the study ``document``."""
        for spec in self.fields:
            if spec.name in self.confirmed:
                put(document, spec.path, self.values[spec.name])

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
        if name == "admin_unit" and (row := md.regency(self.data_dir, self.values[name])) is not None:
            for field in PLACE_FIELDS:
                self.values[field] = getattr(row, field)
                self.confirmed.add(field)
                self.from_gazetteer.add(field)

    def admin_units(self) -> list[str]:
        """The gazetteer's kota and kabupaten by their official names, the admin_unit field's choices (none
        without ``codebook/regencies.csv``)."""
        if not (self.data_dir / md.REGENCIES_FILE).is_file():
            return []
        return [r.admin_unit for r in md.gazetteer(self.data_dir)]

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
