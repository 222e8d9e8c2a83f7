"""What an import of a REFI-QDA project would do: the planned studies, the plan, and its text for a reader.

The plan is made by :func:`.plan.plan_import` and written by :mod:`.write`; ``import-refi`` prints
:func:`plan_lines` (or :meth:`ImportPlan.as_json`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...corpus.messages import phrase, t
from ...corpus.problems import Problem, Said
from ...corpus.schema import Source, Study
from .positions import Counting, why_json
from .records import RefiSource


@dataclass
class PlannedStudy:
    """One study an import would write: new or existing, its findings and the metadata still to fill."""

    study_id: str
    source: RefiSource
    text: str  # as it will be stored (LF)
    sha256: str
    existing: bool
    study: dict = field(default_factory=dict)  # study attributes from variables (schema names)
    source_fields: dict = field(default_factory=dict)
    unused_variables: dict = field(default_factory=dict)  # name -> value, or a Said: value and why not
    findings: list[dict] = field(default_factory=list)  # new findings, without ids yet
    already_there: int = 0
    from_gazetteer: list[str] = field(default_factory=list)  # fields filled from the admin_unit's row

    @property
    def missing(self) -> list[str]:
        required = [
            f
            for f, info in Study.model_fields.items()
            if info.is_required() and f not in ("study_id", "source", "findings")
        ]
        missing = [f for f in required if f not in self.study]
        missing += [
            f"source.{f}"
            for f, info in Source.model_fields.items()
            if info.is_required() and f not in ("file", "sha256") and f not in self.source_fields
        ]
        return [] if self.existing else missing


@dataclass
class ImportPlan:
    """Everything an import would do, and every problem that stops it; printed by ``import-refi``."""

    file: str
    origin: str | None
    counting: Counting | None = None
    counting_why: Said | None = None  # why this counting (refi.why.*), stated where it is printed
    sources: list[dict] = field(default_factory=list)
    codes: list[dict] = field(default_factory=list)
    selections: list[dict] = field(default_factory=list)
    studies: list[PlannedStudy] = field(default_factory=list)
    skipped: list[Said] = field(default_factory=list)  # what is left out on purpose, and why (refi.skip.*)
    problems: list[Problem] = field(default_factory=list)
    memo_files: dict = field(default_factory=dict)  # path -> memo document (project, study and theme memos)

    def as_json(self, lang: str = "en") -> dict:
        """The plan as data; what it says in words (the counting's label and reason, the skipped items, the
        values kept out and the problems) in ``lang``, beside the machine-readable fields."""
        counting = None
        if self.counting is not None:
            why = {} if self.counting_why is None else why_json(self.counting_why)
            counting = {
                **self.counting.as_json(),
                **why,
                "label": phrase(self.counting.label, lang),
                "why": phrase(self.counting_why, lang) or "",
            }
        return {
            "origin": self.origin,
            "counting": counting,
            "sources": self.sources,
            "codes": self.codes,
            "selections": self.selections,
            "memo_files": sorted(
                "/".join(p.parts[p.parts.index("memos") :]) if "memos" in p.parts else p.name
                for p in self.memo_files
            ),
            "studies": [
                {
                    "study_id": s.study_id,
                    "source": s.source.guid,
                    "name": s.source.name,
                    "new": not s.existing,
                    "findings": len(s.findings),
                    "already_in_corpus": s.already_there,
                    "attributes": {
                        **{k: phrase(v, lang) for k, v in s.study.items()},
                        **{f"source.{k}": v for k, v in s.source_fields.items()},
                    },
                    "to_fill": s.missing,
                    "from_gazetteer": s.from_gazetteer,
                    "unused_variables": {k: phrase(v, lang) for k, v in s.unused_variables.items()},
                }
                for s in self.studies
            ],
            "skipped": [phrase(said, lang) for said in self.skipped],
            "problems": [p.text(lang) for p in self.problems],
        }


def plan_lines(
    plan: ImportPlan,
    written: list[Path],
    dry_run: bool,
    lang: str = "en",
    shown: Callable[[Path], str] | None = None,
    data_option: str = "",
) -> list[str]:
    """The plan as ``import-refi`` prints it, in ``lang``: origin, counting, codes and their mapping, what is
    (or would be) written and what is skipped; nothing when the file could not be read at all (the problems
    say why); the plan's own texts (the counting, its reason, the skipped items) are stated in ``lang`` too.
    ``shown`` prints a memo file's path (the CLI's: as it opens from where the command was run; else as in
    the data directory, ``memos/project.md``); ``data_option`` is the `` --data DIR`` that the next step
    carries on."""
    data = plan.as_json(lang)
    if not data["codes"] and not data["sources"] and plan.problems:
        return []
    kind = t("refi.codebook" if plan.counting is None else "refi.project", lang)
    origin = plan.origin or t("refi.unnamed_tool", lang)
    lines = [t("refi.head", lang, file=plan.file, kind=kind, origin=origin)]
    if plan.counting is not None:
        lines.append(t("refi.counting", lang, label=data["counting"]["label"], why=data["counting"]["why"]))
        names = ", ".join(s["name"] for s in data["sources"])
        n = {"sources": len(data["sources"]), "selections": len(data["selections"])}
        lines.append(t("refi.sources", lang, names=names, **n))
    mapped = [c for c in data["codes"] if c["mapped_to"]]
    lines.append(t("refi.codes", lang, n=len(data["codes"]), mapped=len(mapped)))
    for code in data["codes"]:
        if code["used"] or code["mapped_to"]:
            name = (code["path"] + "/" if code["path"] else "") + code["name"]
            target = code["mapped_to"] or t("refi.not_mapped", lang)
            lines.append(t("refi.code", lang, name=name, target=target, n=code["used"]))
    verb = t("refi.would_write" if dry_run or plan.problems else "refi.wrote", lang)
    for study in data["studies"]:
        what = t("refi.new_study" if study["new"] else "refi.study", lang)
        values = {"study_id": study["study_id"], "name": study["name"], "n": study["findings"]}
        line = t("refi.study_line", lang, verb=verb, what=what, **values)
        if study["from_gazetteer"]:
            line += t("refi.from_gazetteer", lang, fields=", ".join(study["from_gazetteer"]))
        if study["to_fill"]:
            line += t("refi.to_fill", lang, fields=", ".join(study["to_fill"]))
        if study["unused_variables"]:
            unused = ", ".join(f"{k}={v}" for k, v in study["unused_variables"].items())
            line += t("refi.unused_variables", lang, variables=unused)
        lines.append(line)
    memos = data["memo_files"] if shown is None else [shown(p) for p in sorted(plan.memo_files)]
    lines += [t("refi.memo", lang, verb=verb, memo=memo) for memo in memos]
    lines += [t("refi.skipped", lang, what=skipped) for skipped in data["skipped"]]
    if written:
        lines.append(t("refi.written", lang, n=len(written), data=data_option))
    return lines
