"""The metadata form: one row per field of the study file, suggested values shown as suggestions until
confirmed."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .fields import FieldSpec
from .session import Session


def _shown(spec: FieldSpec, value: Any) -> Any:
    """A study-file value as its widget holds it."""
    if spec.kind == "choices":
        return tuple(v for v in (value or []) if v in spec.choices)
    if spec.kind == "list":
        return "; ".join(str(v) for v in (value or []))
    if spec.kind == "choice":  # "" for "not set": ipywidgets shows a None value as an empty box
        return value if value in spec.choices else ""
    return "" if value is None else str(value)


def _parsed(spec: FieldSpec, value: Any) -> Any:
    """A widget's value as the study file holds it."""
    if spec.kind == "choices":
        return list(value)
    if spec.kind == "list":
        return [v.strip() for v in str(value).split(";") if v.strip()]
    if spec.kind == "number":
        text = str(value).strip()
        return int(text) if text.isdigit() else (text or None)
    if spec.kind == "choice":
        return value or None
    return str(value).strip() or None


# the catalogue's labels of a choice field's values (messages.yaml keys <prefix>.<value>)
CHOICE_LABELS = {
    "admin_unit_type": "level",
    "level": "level",
    "programme_owner": "owner",
    "programme_family": "family",
    "implementation_outcome.rating": "outcome",
    "source.source_type": "source_type",
    "source.languages": "language",
}


class MetadataForm:
    """Rows of label, input, suggestion note and confirm button. A choice goes to the session at once; a
    typed value when the field is left (Tab, Enter or a click elsewhere): never while it is typed, so that
    its spaces and ``;`` stay as typed until then."""

    def __init__(self, session: Session, t: Callable[..., str]):
        self.session, self.t = session, t
        frameworks = session.frameworks.drop_duplicates("framework_id")
        self.framework_names = {  # the codebook's names (the authors'), as the coder reads them
            f.framework_id: f"{f.framework_name} ({f.framework_year})" for f in frameworks.itertuples()
        }
        self.inputs: dict[str, w.Widget] = {}
        self.notes: dict[str, w.HTML] = {}
        self.confirms: dict[str, w.Button] = {}
        self.rows: dict[str, w.HBox] = {}
        self._quiet = False
        rows = []
        for spec in session.fields:
            rows.append(self._row(spec))
        confirm_all = w.Button(description=t("workbench.confirm_all"))
        confirm_all.layout.width = "auto"
        confirm_all.add_class("sk-confirm-all")
        confirm_all.on_click(lambda _: self._confirm_all())
        self.box = w.VBox([confirm_all, *rows])
        self.refresh()

    def _row(self, spec: FieldSpec) -> w.HBox:
        # the field's name in the coder's language; on hover its key and what to write, in that language too
        shown, hint = self.t(f"workbench.field.{spec.name}"), self.t(f"workbench.hint.{spec.name}")
        label = w.HTML(
            f'<span class="sk-hint" title="{html.escape(spec.name)}: {html.escape(hint)}">'
            f"{html.escape(shown)}{' *' if spec.required else ''}</span>",
            layout=w.Layout(width="16em", flex="0 0 auto"),  # one column of labels, with a suggestion or not
        )
        options = [(self._choice(spec, c), c) for c in spec.choices]
        if spec.kind == "choice":
            box = w.Dropdown(options=[(self.t("workbench.not_set"), ""), *options])
        elif spec.kind == "choices":  # a row more than a short list needs: never a cut-off box
            box = w.SelectMultiple(options=options, rows=min(6, len(spec.choices) + (len(spec.choices) < 4)))
        elif spec.name == "admin_unit":  # typed, or picked from the gazetteer's names as they are typed
            units = self.session.admin_units()
            box = w.Combobox(options=units, ensure_option=False, continuous_update=False, placeholder="")
        else:
            hint = self.t("workbench.list_hint") if spec.kind == "list" else ""
            box = w.Text(placeholder=hint, continuous_update=False)
        box.layout.width, box.layout.flex = "24em", "0 0 auto"
        box.tooltip = shown  # its accessible name (the label beside it is another widget): the input's title
        box.add_class("sk-field-" + spec.name.replace(".", "-").replace("_", "-"))
        box.observe(lambda change, spec=spec: self._changed(spec, change["new"]), "value")
        note = w.HTML(layout=w.Layout(width="28em"))
        # never narrower than its label ("✓ konfirmasi" was cut to "✓ konfir…" beside a long note), nor are
        # the field's name and box (their column moved): the note wraps instead
        whole = w.Layout(width="auto", flex="0 0 auto")
        confirm = w.Button(description=self.t("workbench.confirm"), layout=whole)
        confirm.tooltip = self.t("workbench.confirm_field", field=shown)  # which of the many ✓ buttons
        confirm.add_class("sk-confirm-" + spec.name.replace(".", "-").replace("_", "-"))
        confirm.on_click(lambda _, spec=spec: self._confirm(spec))
        self.inputs[spec.name], self.notes[spec.name], self.confirms[spec.name] = box, note, confirm
        row = w.HBox([label, box, confirm, note])
        self.rows[spec.name] = row
        return row

    def _choice(self, spec: FieldSpec, value: str) -> str:
        """An allowed value as the coder reads it: the value as the file holds it, and its label in the
        coder's language where the catalogue has one (``central · pemerintah pusat``)."""
        if spec.name == "frameworks_declared" and value in self.framework_names:
            return f"{value} · {self.framework_names[value]}"
        prefix = CHOICE_LABELS.get(spec.name)
        return f"{value} · {self.t(f'{prefix}.{value}')}" if prefix else value

    def refresh(self) -> None:
        """Show the session's values; an empty field with a suggestion shows it, marked as a suggestion."""
        s = self.session
        self._quiet = True
        try:
            for spec in s.fields:
                name = spec.name
                suggested = name in s.suggested and name not in s.confirmed
                value = s.suggestion_value(name) if suggested else s.values.get(name)
                self.inputs[name].value = _shown(spec, value)
                self.confirms[name].layout.display = "" if suggested else "none"
                row = self.rows[name]
                if suggested:
                    row.add_class("sk-suggested")
                    found = s.suggested[name]
                    evidence = (
                        "; ".join(dict.fromkeys(f.evidence for f in found))
                        if isinstance(found, list)
                        else found.evidence
                    )
                    self.notes[name].value = (
                        '<span style="background:#fef3c7">'
                        + html.escape(
                            self.t("workbench.suggested_from", evidence=" ".join(evidence.split())[:80])
                        )
                        + "</span>"
                    )
                else:
                    row.remove_class("sk-suggested")
                    self.notes[name].value = html.escape(self._note(name))
        finally:
            self._quiet = False

    def _note(self, name: str) -> str:
        """Beside a field that is not a suggestion: where its value came from."""
        s = self.session
        if name == "admin_unit" and s.admin_unit_hint is not None:  # validate's advice, before any Save
            return self.t(s.admin_unit_hint.key, **s.admin_unit_hint.values)
        if name in s.from_gazetteer:
            return self.t("workbench.from_gazetteer", unit=s.values.get("admin_unit"))
        return self.t("workbench.confirmed") if name in s.confirmed else ""

    def _changed(self, spec: FieldSpec, value: Any) -> None:
        if self._quiet:
            return
        self.session.set_value(spec.name, _parsed(spec, value))
        self.refresh()

    def _confirm(self, spec: FieldSpec) -> None:
        self.session.confirm(spec.name)
        self.refresh()

    def _confirm_all(self) -> None:
        for name in list(self.session.suggested):
            if name not in self.session.confirmed:
                self.session.confirm(name)
        self.refresh()
