"""The figures of one intercoder-agreement comparison, and their JSON, text and CSV forms (see the package
docstring for every field)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .measures import REPLICATES, SEED


@dataclass(frozen=True)
class AgreementResult:
    """The figures of one comparison; see the module docstring for every field."""

    level: str
    studies: list[str]
    only_a: list[str]
    only_b: list[str]
    units: int
    overall: dict[str, Any]
    by_theme: list[dict[str, Any]]
    by_type: list[dict[str, Any]]
    by_study: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    overlap: float | None = None
    drafts_a: list[str] = field(default_factory=list)
    drafts_b: list[str] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    bootstrap: dict[str, int] = field(default_factory=lambda: {"replicates": REPLICATES, "seed": SEED})
    outcome: dict[str, Any] = field(default_factory=dict)  # study-level: the implementation outcome rating
    identical: list[str] = field(default_factory=list)  # studies whose two study files are byte-identical
    worded: list[str] = field(default_factory=list)  # themes whose codebook text differs (a note)
    recoded: dict[str, dict[str, str]] = field(default_factory=dict)  # side -> merged theme -> its theme now
    merged: list[str] = field(default_factory=list)  # studies one side holds as a consensus of both
    suggestions: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # side -> with/without/unknown
    all_rejected: dict[str, list[str]] = field(default_factory=dict)  # side -> studies it rejected all of

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``studykit agreement --format json`` (intervals as [low, high] lists)."""

        def plain(row: dict[str, Any]) -> dict[str, Any]:
            out = dict(row)
            if "ci95" in out:
                out["ci95"] = {k: (list(v) if v is not None else None) for k, v in out["ci95"].items()}
            return out

        out: dict[str, Any] = {"level": self.level, "studies": self.studies}
        out |= {
            "only_a": self.only_a,
            "only_b": self.only_b,
            "drafts_a": self.drafts_a,
            "drafts_b": self.drafts_b,
        }
        out["units"] = self.units
        if self.overlap is not None:
            out["overlap"] = self.overlap
        out |= {
            "overall": plain(self.overall),
            "by_theme": [plain(r) for r in self.by_theme],
            "by_type": [plain(r) for r in self.by_type],
            "by_study": [plain(r) for r in self.by_study],
            "disagreements": self.disagreements,
        }
        if self.level == "segment":
            out["matches"] = self.matches
        if self.outcome:
            ci = self.outcome.get("ci95") or {}
            out["outcome"] = {**self.outcome, "ci95": {k: list(v) if v else None for k, v in ci.items()}}
        out["identical_files"] = self.identical
        out["consensus_of_both"] = self.merged
        out["themes_worded_differently"] = self.worded
        out["recoded_for_merges"] = self.recoded
        out["suggestions_shown"] = self.suggestions
        out["all_rejected"] = self.all_rejected
        out["bootstrap"] = self.bootstrap
        return out

    def to_text(self, lang: str = "en") -> str:
        from .output import to_text

        return to_text(self, lang)

    def to_csv(self) -> str:
        from .output import to_csv

        return to_csv(self)
