"""An agreement result as the text (in English or Bahasa Indonesia: ``agreement_text.*`` of the message
catalogue) and CSV that ``studykit agreement`` prints."""

from __future__ import annotations

import csv
import io
from typing import Any

from ...corpus.codebook import type_word
from ...corpus.messages import t
from ...corpus.numbers import number
from .measures import STATISTICS
from .merges import described

SCOPES = (("by_theme", "theme_id"), ("by_type", "finding_type"), ("by_study", "study_id"))


def digits(value: float | None, ci: tuple[float, float] | None = None, least: int = 3) -> int:
    """Decimals enough to show that a figure short of perfect agreement is short of it: 0.997 is never
    shown as 1.00 (nor its interval's bound 0.9996 as 1.000); at most 5."""
    shown = [v for v in (value, *(ci or ())) if v is not None]
    n = least
    while n < 5 and any(v != round(v) and abs(v - round(v)) < 0.5 * 10**-n for v in shown):
        n += 1
    return n


def _number(value: float | None, n: int = 3, lang: str = "en") -> str:
    """A figure as a reader of ``lang`` writes it (Bahasa Indonesia: ``0,969``); English as it always was."""
    if value is None:
        return "—"
    return number(value, lang, n) if lang == "id" else f"{value:.{n}f}"


def _count(value: int, lang: str) -> str:
    """A count as every text of studykit writes one (``{n:,}`` of the catalogue, :func:`number`): ``13,516``
    in English, ``13.516`` in Bahasa Indonesia."""
    return number(value, lang)


def _interval(ci: tuple[float, float] | None, n: int = 3, lang: str = "en") -> str:
    if ci is None:
        return ""
    between = "; " if lang == "id" else ", "  # a decimal comma inside: the bounds part with a semicolon
    return f" [{_number(ci[0], n, lang)}{between}{_number(ci[1], n, lang)}]"


def listed(ids: list[str], limit: int = 12) -> str:
    """A list of ids, a long one cut to its first ``limit`` and how many more."""
    return ", ".join(ids) if len(ids) <= limit else ", ".join(ids[:limit]) + f", … (+{len(ids) - limit})"


def _matched(row: dict[str, Any], lang: str) -> str:
    values = {
        k: _count(row[c], lang) for k, c in (("n", "matched"), ("a", "findings_a"), ("b", "findings_b"))
    }
    return t("agreement_text.matched", lang, **values)


def _counts(row: dict[str, Any], level: str, lang: str = "en") -> str:
    text = t(
        "agreement_text.counts",
        lang,
        both=_count(row["both"], lang),
        a=_count(row["a_only"], lang),
        b=_count(row["b_only"], lang),
        neither=_count(row["neither"], lang),
    )
    if level == "segment" and row.get("findings_a") is not None:
        text += f"; {_matched(row, lang)}"
    return text


def _table(rows: list[dict[str, Any]], key: str, level: str, lang: str = "en") -> list[str]:
    def name(row):
        return type_word(row[key], lang) if key == "finding_type" else str(row[key])

    column = t(f"agreement_text.key.{key}", lang)
    width = max([len(name(r)) for r in rows] + [len(column)])
    n = max([digits(r[s]) for r in rows for s in STATISTICS] + [3])
    short = [t(f"agreement_text.short.{s}", lang) for s in STATISTICS]
    head = "  ".join(f"{label:>{n + 3}}" for label in short)
    lines = [f"  {column.ljust(width)}  {head}  {t('agreement_text.counts_column', lang)}"]
    for r in rows:
        stats = "  ".join(f"{_number(r[s], n, lang):>{n + 3}}" for s in STATISTICS)
        counts = _counts(r, level, lang) if "both" in r else _matched(r, lang)
        lines.append(f"  {name(r).ljust(width)}  {stats}  {counts}")
    if any(r[s] is None for r in rows for s in STATISTICS):
        lines.append(t("agreement_text.undefined", lang))
    return lines


def rating_text(rating: str, lang: str) -> str:
    """A rating as a reader of ``lang`` reads it, with the value to type where the label differs."""
    try:
        label = t(f"outcome.{rating}", lang)
        return label if label == rating else f"{label} ({rating})"  # "mixed", not "mixed (mixed)"
    except Exception:  # noqa: BLE001 - a rating the codebook does not know is shown as written
        return rating


def _outcome(result, lang: str) -> list[str]:
    """The study-level agreement on the implementation outcome rating."""
    o = result.outcome
    if not o:
        return []
    lines = ["", t("agreement_text.outcome", lang, n=o["studies"])]
    for s in ("percent_agreement", "cohen_kappa"):
        ci = (o.get("ci95") or {}).get(s)
        n = digits(o[s], ci)
        lines.append(f"  {s:<20} {_number(o[s], n, lang):>6}{_interval(ci, n, lang)}")
    if o["studies"] < 2:
        lines.append(t("agreement_text.no_interval", lang))
    lines.append(t("agreement_text.outcome_differ", lang, n=len(o["differ"])))
    lines += [
        f"  {d['study_id']}: A {rating_text(d['a'], lang)}, B {rating_text(d['b'], lang)}"
        for d in o["differ"]
    ]
    return lines


def _rejected(ids: list[str] | None, lang: str) -> str:
    """What a side without a coding on a unit did there: '-', or the findings it rejected (a decision)."""
    return t("agreement_text.rejected", lang, ids=", ".join(ids)) if ids else "-"


def how_coded(result, lang: str) -> list[str]:
    """The studies a side rejected every finding of (a warning), whether each side coded with the
    suggestions shown (:mod:`.coded`), and a note where both did."""
    lines, rejected, shown = [], getattr(result, "all_rejected", {}), getattr(result, "suggestions", {})
    for side in ("A", "B"):
        if ids := rejected.get(side.lower()):
            lines.append(t("agreement_text.all_rejected", lang, side=side, n=len(ids), studies=listed(ids)))
    if shown and not any(shown[s].get(k) for s in shown for k in ("with", "without")):
        return [*lines, t("agreement_text.shown_none", lang)]
    for side in ("A", "B"):
        for kind, ids in (shown.get(side.lower()) or {}).items():
            if ids:
                lines.append(
                    t(f"agreement_text.shown_{kind}", lang, side=side, n=len(ids), studies=listed(ids))
                )
    both = [
        s for s in (shown.get("a") or {}).get("with", []) if s in set((shown.get("b") or {}).get("with", []))
    ]
    if both:
        lines.append(t("agreement_text.shown_both", lang, n=len(both), studies=listed(both)))
    return lines


def to_text(result, lang: str = "en") -> str:
    """A plain-text report in ``lang``: what was compared, the overall figures with their intervals, the
    breakdowns, the disagreements."""
    d = result.as_dict()
    unit = t(f"agreement_text.unit.{result.level}", lang)
    studies = listed(result.studies)
    level = t(f"agreement_text.level.{result.level}", lang)
    lines = [
        t(
            "agreement_text.head",
            lang,
            level=level,
            n=len(result.studies),
            studies=studies,
            units=_count(result.units, lang),
            unit=unit,
        )
    ]
    if result.overlap is not None:
        overlap = number(result.overlap, lang) if lang == "id" else f"{result.overlap:g}"
        lines.append(t("agreement_text.overlap", lang, overlap=overlap))
    for side, ids in (("A", result.only_a), ("B", result.only_b)):
        if ids:
            lines.append(t("agreement_text.only", lang, side=side, studies=listed(ids)))
    for side, ids in (("A", result.drafts_a), ("B", result.drafts_b)):
        if ids:
            lines.append(t("agreement_text.draft", lang, side=side, studies=listed(ids)))
    if result.identical:
        key = (
            "agreement_text.identical_all"
            if result.identical == result.studies
            else "agreement_text.identical"
        )
        lines.append(t(key, lang, n=len(result.identical), studies=listed(result.identical)))
    if result.merged:
        key = "agreement_text.merged_all" if result.merged == result.studies else "agreement_text.merged"
        lines.append(t(key, lang, n=len(result.merged), studies=listed(result.merged)))
    if result.worded:
        lines.append(t("agreement_text.worded", lang, themes=", ".join(result.worded)))
    for side, moved in described(result.recoded).items():
        lines.append(t("agreement_text.recoded", lang, side=side.upper(), themes=moved))
    lines += how_coded(result, lang)
    lines.append("")
    boot = result.bootstrap
    lines.append(
        t("agreement_text.overall", lang, replicates=_count(boot["replicates"], lang), seed=boot["seed"])
    )
    for s in STATISTICS:
        ci = result.overall["ci95"][s]
        n = digits(d["overall"][s], ci)
        lines.append(f"  {s:<20} {_number(d['overall'][s], n, lang):>6}{_interval(ci, n, lang)}")
    lines.append(
        f"  {t('agreement_text.counts_column', lang)}: {_counts(result.overall, result.level, lang)}"
    )
    if len(result.studies) < 2:  # the header promised intervals: say why there are none
        lines.append(t("agreement_text.no_interval", lang))
    for scope, key in SCOPES:
        title = t(f"agreement_text.{scope}", lang)
        lines += ["", f"{title}:", *_table(getattr(result, scope), key, result.level, lang)]
    lines += _outcome(result, lang)
    lines += ["", t("agreement_text.disagreements", lang, n=len(result.disagreements))]
    for x in result.disagreements:
        sides = [
            f"{side} [{', '.join(x[f'coder_{s}']) or _rejected(x.get(f'rejected_{s}'), lang)}]"
            for side, s in (("A", "a"), ("B", "b"))
        ]
        lines.append(
            f"  {x['study_id']} {type_word(x['finding_type'], lang)} {x['theme_id']}: {' '.join(sides)}"
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
    if result.outcome:
        o = result.outcome
        rows.append(("outcome", "implementation_outcome.rating", {**o, "units": o["studies"]}))
    for scope, ident, r in rows:
        ci = r.get("ci95") or {}
        bounds = [(ci.get(s) or (None, None))[i] for s in STATISTICS for i in (0, 1)]
        values = [r.get(s) for s in STATISTICS] + bounds + [r.get(c) for c in counts + segment]
        writer.writerow([result.level, scope, ident, *("" if v is None else v for v in values)])
    return out.getvalue()
