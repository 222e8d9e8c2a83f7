"""The metadata section's record upload: a bibliographic record (``.bib``, ``.ris``, CSL ``.json``) read as
``new-study --bib`` reads it (:func:`studykit.coding.bib.read_record`) and its fields put into the metadata
form (:meth:`~.session.Session.apply_record`: unsaved, as a typed value). What it did, or why the record
cannot be read, is said in the status line in the coder's language."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ...corpus.advice import advice
from ..bib import read_record
from ..publish import CodingError
from .editor import classed
from .metadata_form import MetadataForm
from .session import Session
from .status import StatusLine


class BibUpload:
    """The upload button with its label (``box``); a record given fills ``form``."""

    def __init__(
        self, session: Session, form: MetadataForm, t: Callable[..., str], lang: str, status: StatusLine
    ):
        self.session, self.form, self.t, self.lang, self.status = session, form, t, lang, status
        upload = classed(w.FileUpload(accept=".bib,.ris,.json", multiple=False), "sk-bib")
        upload.description = t("workbench.upload")  # ipywidgets' own label is English
        upload.observe(lambda change: self.load(change["new"]), "value")
        self.box = w.HBox([w.Label(t("workbench.bib")), upload])

    def load(self, files: list[dict[str, Any]]) -> None:
        """The first of the uploaded ``files`` (``name`` and ``content``, as the FileUpload gives them)."""
        if not files:
            return
        item = files[0]
        suffix = Path(item["name"]).suffix
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"record{suffix}"
            try:
                path.write_bytes(bytes(item["content"]))
            except OSError as exc:  # a full temporary folder: said, never a traceback under the cell
                said = advice("cannot_write", self.lang, error=exc.strerror or type(exc).__name__)
                return self.status.say("workbench.error", "error", message=said)
            try:
                record, _ = read_record(path, self.lang)
            except CodingError as exc:
                found = exc.problems[0]  # a reader's refusal may be stated in English with its translations
                said = dict(found.translations).get(self.lang, found.message)
                return self.status.say("workbench.error", "error", message=said)
        names = self.session.apply_record(record)
        self.form.refresh()
        shown = ", ".join(self.t(f"workbench.field.{name}") for name in names)  # as the form names them
        self.status.say("workbench.bib_loaded", "ok", fields=shown)
