"""An agreement result as the text (in English or Bahasa Indonesia: ``agreement_text.*`` of the message
catalogue) and CSV that ``studykit agreement`` prints."""

from __future__ import annotations

import csv
import io
from typing import Any

from ...corpus.messages import t
from .measures import STATISTICS

SCOPES = (("by_theme", "theme_id"), ("by_type", "finding_type"), ("by_study", "study_id"))


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _interval(ci: tuple[float, float] | None) -> str:
    return "" if ci is None else f" [{ci[0]:.2f}, {ci[1]:.2f}]"


def _matched(row: dict[str, Any], lang: str) -> str:
    return t("agreement_text.matched", lang, n=row["matched"], a=row["findings_a"], b=row["findings_b"])


def _counts(row: dict[str, Any], level: str, lang: str = "en") -> str:
    text = t(
        "agreement_text.counts",
        lang,
        both=row["both"],
        a=row["a_only"],
        b=row["b_only"],
        neither=row["neither"],
    )
    if level == "segment" and row.get("findings_a") is not None:
        text += f"; {_matched(row, lang)}"
    return text


def _table(rows: list[dict[str, Any]], key: str, level: str, lang: str = "en") -> list[str]:
    width = max([len(str(r[key])) for r in rows] + [len(key)])
    short = [t(f"agreement_text.short.{s}", lang) for s in STATISTICS]
    head = "  ".join(f"{name:>6}" for name in short)
    lines = [f"  {key.ljust(width)}  {head}  {t('agreement_text.counts_column', lang)}"]
    for r in rows:
        stats = "  ".join(f"{_number(r[s]):>6}" for s in STATISTICS)
        counts = _counts(r, level, lang) if "both" in r else _matched(r, lang)
        lines.append(f"  {str(r[key]).ljust(width)}  {stats}  {counts}")
    return lines


def to_text(result, lang: str = "en") -> str:
    """A plain-text report in ``lang``: what was compared, the overall figures with their intervals, the
    breakdowns, the disagreements."""
    d = result.as_dict()
    unit = t(f"agreement_text.unit.{result.level}", lang)
    studies = ", ".join(result.studies)
    level = t(f"agreement_text.level.{result.level}", lang)
    lines = [
        t(
            "agreement_text.head",
            lang,
            level=level,
            n=len(result.studies),
            studies=studies,
            units=result.units,
            unit=unit,
        )
    ]
    if result.overlap is not None:
        lines.append(t("agreement_text.overlap", lang, overlap=f"{result.overlap:g}"))
    for side, ids in (("A", result.only_a), ("B", result.only_b)):
        if ids:
            lines.append(t("agreement_text.only", lang, side=side, studies=", ".join(ids)))
    for side, ids in (("A", result.drafts_a), ("B", result.drafts_b)):
        if ids:
            lines.append(t("agreement_text.draft", lang, side=side, studies=", ".join(ids)))
    lines.append("")
    boot = result.bootstrap
    lines.append(t("agreement_text.overall", lang, replicates=boot["replicates"], seed=boot["seed"]))
    for s in STATISTICS:
        lines.append(f"  {s:<20} {_number(d['overall'][s]):>6}{_interval(result.overall['ci95'][s])}")
    lines.append(
        f"  {t('agreement_text.counts_column', lang)}: {_counts(result.overall, result.level, lang)}"
    )
    for scope, key in SCOPES:
        title = t(f"agreement_text.{scope}", lang)
        lines += ["", f"{title}:", *_table(getattr(result, scope), key, result.level, lang)]
    lines += ["", t("agreement_text.disagreements", lang, n=len(result.disagreements))]
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
