"""The corpus as a QCA case table: one row per study, crisp conditions from coded findings.

A condition is a review finding, ``T04-barrier`` ("the study reports T04 as a barrier"),
named ``BT04`` in QCA notation (``ET04`` for an enabler) so expressions stay short.
Membership is 1 when the study has a distinct reviewed finding of that type with that
primary theme (the same counting as :mod:`studykit.analysis.compare`), else 0.
The outcome is the coded ``implementation_outcome`` rating: ``shortfall`` (poor or mixed)
or ``success`` (successful). Studies whose rating is ``not_stated`` have no outcome and
are left out of the table, and listed, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .compare import distinct_findings

OUTCOMES = {  # outcome -> rating -> membership; ratings missing here have no outcome
    "shortfall": {"poor": 1, "mixed": 1, "successful": 0},
    "success": {"successful": 1, "mixed": 0, "poor": 0},
}


def qca_name(condition_id: str) -> str:
    """``T04-barrier`` -> ``BT04``: a short name that QCA notation (``~``, ``*``, ``+``) can carry."""
    theme_id, _, finding_type = condition_id.partition("-")
    return finding_type[0].upper() + theme_id


@dataclass(frozen=True)
class CaseTable:
    """The crisp-set table QCA reads, and what was left out of it."""

    data: pd.DataFrame  # columns: case (study_id), one per condition (QCA name), the outcome (upper case)
    conditions: dict[str, str]  # QCA name -> condition id
    outcome: str  # QCA name of the outcome column
    excluded: list[str]  # study ids without an outcome rating

    @property
    def n_configurations_observed(self) -> int:
        return len(self.data.drop_duplicates(subset=list(self.conditions))) if len(self.data) else 0

    @property
    def n_configurations_possible(self) -> int:
        return 2 ** len(self.conditions)


def case_table(
    findings: pd.DataFrame, studies: pd.DataFrame, conditions: list[str], outcome: str = "shortfall"
) -> CaseTable:
    """Studies × crisp conditions + outcome, in study-id order; studies without a stated outcome are
    excluded."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
    if not conditions:
        raise ValueError("no conditions: name at least one, e.g. 'T04-barrier'")
    if len(set(conditions)) != len(conditions):
        raise ValueError(f"a condition is named twice in {conditions}")
    kept = distinct_findings(findings)
    present = set(zip(kept["study_id"], kept["theme_id"] + "-" + kept["finding_type"], strict=False))
    names = {qca_name(c): c for c in conditions}
    studies = studies.sort_values("study_id", kind="stable")
    rated = studies["outcome_rating"].map(OUTCOMES[outcome])
    table = pd.DataFrame({"case": studies["study_id"].to_numpy()})
    for name, cid in names.items():
        table[name] = [int((sid, cid) in present) for sid in table["case"]]
    out_name = outcome.upper()
    table[out_name] = rated.to_numpy()
    excluded = table.loc[table[out_name].isna(), "case"].tolist()
    table = table.dropna(subset=[out_name]).astype({out_name: int}).reset_index(drop=True)
    return CaseTable(table, names, out_name, excluded)
