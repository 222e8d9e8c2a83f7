"""An agreement result as the text and CSV that ``studykit agreement`` prints."""

from __future__ import annotations

import csv
import io
from typing import Any

from .measures import STATISTICS

SHORT = {
    "percent_agreement": "agree",
    "cohen_kappa": "kappa",
    "krippendorff_alpha": "alpha",
    "gwet_ac1": "AC1",
    "brennan_prediger": "BP",
}
SCOPES = (("by_theme", "theme_id"), ("by_type", "finding_type"), ("by_study", "study_id"))


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _interval(ci: tuple[float, float] | None) -> str:
    return "" if ci is None else f" [{ci[0]:.2f}, {ci[1]:.2f}]"


def _counts(row: dict[str, Any], level: str) -> str:
    text = f"A+B {row['both']}, A {row['a_only']}, B {row['b_only']}, neither {row['neither']}"
    if level == "segment" and row.get("findings_a") is not None:
        text += f"; matched {row['matched']} of A {row['findings_a']}, of B {row['findings_b']}"
    return text


def _table(rows: list[dict[str, Any]], key: str, level: str) -> list[str]:
    width = max([len(str(r[key])) for r in rows] + [len(key)])
    lines = [f"  {key.ljust(width)}  " + "  ".join(f"{SHORT[s]:>6}" for s in STATISTICS) + "  counts"]
    for r in rows:
        stats = "  ".join(f"{_number(r[s]):>6}" for s in STATISTICS)
        counts = (
            _counts(r, level)
            if "both" in r
            else f"matched {r['matched']} of A {r['findings_a']}, of B {r['findings_b']}"
        )
        lines.append(f"  {str(r[key]).ljust(width)}  {stats}  {counts}")
    return lines


def to_text(result) -> str:
    """A plain-text report: what was compared, the overall figures with their intervals, the breakdowns, the
    disagreements."""
    d = result.as_dict()
    unit = "study x finding type x theme" if result.level == "presence" else "character of the source x theme"
    lines = [
        f"{result.level} agreement of two codings over {len(result.studies)} studies "
        f"({', '.join(result.studies)}); "
        f"{result.units} units ({unit})"
    ]
    if result.overlap is not None:
        lines.append(
            f"segments match when they share type and theme and overlap >= {result.overlap:g} of the "
            "shorter quote"
        )
    for side, ids in (("A", result.only_a), ("B", result.only_b)):
        if ids:
            lines.append(f"coded by {side} only (not compared): {', '.join(ids)}")
    for side, ids in (("A", result.drafts_a), ("B", result.drafts_b)):
        if ids:
            lines.append(f"still a draft in {side} (not compared): {', '.join(ids)}")
    lines.append("")
    lines.append(
        f"overall (95 % bootstrap intervals over studies, {result.bootstrap['replicates']} resamples, "
        f"seed {result.bootstrap['seed']}):"
    )
    for s in STATISTICS:
        lines.append(f"  {s:<20} {_number(d['overall'][s]):>6}{_interval(result.overall['ci95'][s])}")
    lines.append(f"  counts: {_counts(result.overall, result.level)}")
    for scope, key in SCOPES:
        lines += ["", f"{scope.replace('_', ' ')}:", *_table(getattr(result, scope), key, result.level)]
    lines += ["", f"disagreements ({len(result.disagreements)}):"]
    for x in result.disagreements:
        lines.append(
            f"  {x['study_id']} {x['finding_type']} {x['theme_id']}: "
            f"A [{', '.join(x['coder_a']) or '-'}] B [{', '.join(x['coder_b']) or '-'}]"
        )
    return "\n".join(lines) + "\n"


def to_csv(result) -> str:
    """One row per figure row (overall, each theme, type, study): statistics, interval bounds, counts."""
    counts = ["units", "both", "a_only", "b_only", "neither"]
    segment = (
        ["findings_a", "findings_b", "matched", "matched_a", "matched_b"] if result.level == "segment" else []
    )
    header = ["level", "scope", "id", *STATISTICS, *[f"{s}_{b}" for s in STATISTICS for b in ("low", "high")]]
    header += counts + segment
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    rows = [("overall", "", result.overall)] + [
        (scope.removeprefix("by_"), r[key], r) for scope, key in SCOPES for r in getattr(result, scope)
    ]
    for scope, ident, r in rows:
        ci = r.get("ci95") or {}
        bounds = [(ci.get(s) or (None, None))[i] for s in STATISTICS for i in (0, 1)]
        values = [r.get(s) for s in STATISTICS] + bounds + [r.get(c) for c in counts + segment]
        writer.writerow([result.level, scope, ident, *("" if v is None else v for v in values)])
    return out.getvalue()
