"""GRADE-CERQual evidence profiles and the traceability of efforts to barriers.

A *review finding* is a theme × finding-type pair, barrier or enabler, that
occurs in at least one study, e.g. ``T03-barrier`` ("human resources hinder
implementation"). Counting follows :mod:`studykit.analysis.compare`: distinct, reviewed
findings only, by primary theme.
"""

from __future__ import annotations

import pandas as pd

from ..corpus.judgements import CERQUAL_FILE, JUDGEMENT_COLUMNS, expand_judgements, read_judgements
from ..corpus.provenance import normalize_whitespace
from .compare import distinct_findings

COMPONENTS = ("methodological_limitations", "coherence", "adequacy", "relevance")
CONCERNS = ("no_or_very_minor", "minor", "moderate", "serious")
CONFIDENCE = ("high", "moderate", "low", "very_low")
PROFILE_COLUMNS = [
    "theme_id",
    "finding_type",
    "studies",
    "n_studies",
    "n_findings",
    "n_quotes",
    "abstract_share",
    "adequacy_indicator",
    *COMPONENTS,
    "components_judged",
    "confidence",
    "explanation_en",
    "explanation_id",
]
TRACE_COLUMNS = [
    "study_id",
    "finding_id",
    "finding_type",
    "theme_id",
    "secondary_theme_id",
    "barrier_ids",
    "barrier_themes",
]
UNADDRESSED_COLUMNS = ["study_id", "finding_id", "theme_id", "secondary_theme_id", "summary_en"]


def adequacy_indicator(n_studies: int, n_quotes: int, abstract_share: float) -> str:
    """A suggested concern about adequacy of data, from quantity and richness.

    Quantity: 3+ studies and 3+ distinct quotes → no_or_very_minor; 2+ studies →
    minor; 1 study with 2+ quotes → moderate; 1 study, 1 quote → serious.
    Richness: when more than half of the contributing studies are abstracts,
    the concern is raised one level (capped at serious), since an abstract
    gives little data. An indicator for the reviewer, not a judgement.
    """
    level = 0 if n_studies >= 3 and n_quotes >= 3 else 1 if n_studies >= 2 else 2 if n_quotes >= 2 else 3
    if abstract_share > 0.5:
        level = min(level + 1, 3)
    return CONCERNS[level]


def overall_confidence(concerns: dict[str, str]) -> str | None:
    """Overall CERQual confidence from the four component concerns (None unless all four are judged).

    CERQual leaves the overall judgement to the reviewers; this is a
    transparent default rule: start at high, go down one level per moderate
    concern and two per serious concern; minor concerns do not downgrade
    alone, but two or more of them together downgrade one level; floor
    very_low.
    """
    if set(concerns) != set(COMPONENTS):
        return None
    values = list(concerns.values())
    drop = values.count("moderate") + 2 * values.count("serious") + (values.count("minor") >= 2)
    return CONFIDENCE[min(drop, len(CONFIDENCE) - 1)]


def _check_judgements(judgements: pd.DataFrame, review_ids: set[str]) -> pd.DataFrame:
    missing = [c for c in JUDGEMENT_COLUMNS[:3] if c not in judgements.columns]
    if missing:
        raise ValueError(
            f"judgements lack column(s) {', '.join(missing)}; expected {', '.join(JUDGEMENT_COLUMNS)}"
        )
    j = judgements.reindex(columns=JUDGEMENT_COLUMNS)
    for column, allowed in (("component", COMPONENTS), ("concern", CONCERNS)):
        bad = sorted({str(v) if pd.notna(v) else "(empty)" for v in j[column]} - set(allowed))
        if bad:
            raise ValueError(
                f"judgements: {column} {', '.join(map(str, bad))} not allowed; use one of "
                f"{', '.join(allowed)}"
            )
    unknown = sorted(set(j["review_finding_id"]) - review_ids)
    if unknown:
        raise ValueError(
            f"judgements for review findings that the findings do not support: {', '.join(map(str, unknown))}"
        )
    dupes = j[j.duplicated(["review_finding_id", "component"])]
    if len(dupes):
        pairs = ", ".join(
            f"{r}/{c}" for r, c in dupes[["review_finding_id", "component"]].itertuples(index=False)
        )
        raise ValueError(f"judgements: more than one row for {pairs}")
    return j


def evidence_profile(
    findings: pd.DataFrame,
    studies: pd.DataFrame,
    judgements: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
    component_labels: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """CERQual evidence profile: one row per review finding, indexed by ``review_finding_id`` (e.g.
    ``T03-barrier``).

    Counted per review finding: the contributing ``studies`` (sorted ids),
    ``n_studies``, ``n_findings`` (distinct findings), ``n_quotes`` (distinct
    quotes after whitespace normalisation: list items often share one),
    ``abstract_share`` (share of contributing studies whose source_type is
    "abstract") and :func:`adequacy_indicator`. ``judgements`` (columns
    review_finding_id, component, concern, rationale_en, rationale_id; one row
    per finding × component) fill the four component columns, the
    ``explanation_*`` columns ("component: rationale; ...", the component named by
    ``component_labels[lang][component]`` where given, else by its id) and
    ``confidence`` by :func:`overall_confidence`; without them these are NA.
    Judgements of a review finding the data do not support raise ``ValueError``.
    """
    kept = distinct_findings(findings, ("barrier", "enabler"), include_unreviewed)
    source_type = dict(zip(studies["study_id"], studies["source_type"], strict=False))
    unknown = sorted(set(kept["study_id"]) - set(source_type))
    if unknown:
        raise ValueError(f"findings of study ids missing from the studies table: {', '.join(unknown)}")
    rows = []
    for (theme, ftype), group in kept.groupby(["theme_id", "finding_type"], sort=True):
        ids = sorted(set(group["study_id"]))
        share = sum(source_type[s] == "abstract" for s in ids) / len(ids)
        n_quotes = len({normalize_whitespace(q) for q in group["quote"]})
        rows.append(
            {
                "review_finding_id": f"{theme}-{ftype}",
                "theme_id": theme,
                "finding_type": ftype,
                "studies": ids,
                "n_studies": len(ids),
                "n_findings": len(group),
                "n_quotes": n_quotes,
                "abstract_share": share,
                "adequacy_indicator": adequacy_indicator(len(ids), n_quotes, share),
            }
        )
    j = (
        _check_judgements(judgements, {r["review_finding_id"] for r in rows})
        if judgements is not None
        else None
    )
    for row in rows:
        mine = (
            j[j["review_finding_id"].eq(row["review_finding_id"])]
            if j is not None
            else pd.DataFrame(columns=JUDGEMENT_COLUMNS)
        )
        mine = mine.set_index("component").reindex([c for c in COMPONENTS if c in set(mine["component"])])
        concerns = mine["concern"].to_dict()
        row.update({c: concerns.get(c, pd.NA) for c in COMPONENTS})
        row["components_judged"] = len(concerns)
        row["confidence"] = overall_confidence(concerns) or pd.NA
        for lang in ("en", "id"):
            names = (component_labels or {}).get(lang, {})
            notes = [f"{names.get(c, c)}: {t}" for c, t in mine[f"rationale_{lang}"].items() if pd.notna(t)]
            row[f"explanation_{lang}"] = "; ".join(notes) if notes else pd.NA
    out = pd.DataFrame(rows, columns=["review_finding_id", *PROFILE_COLUMNS])
    out = out.astype(
        {c: "int64" for c in ("n_studies", "n_findings", "n_quotes", "components_judged")}
    ).astype({"abstract_share": "float64"})
    return out.set_index(pd.Index(out.pop("review_finding_id"), dtype="str", name="review_finding_id"))


def recommendation_traceability(findings: pd.DataFrame, *, include_unreviewed: bool = False) -> pd.DataFrame:
    """For each distinct effort or recommendation, the barriers of its own study that it addresses.

    A barrier is addressed when its ``theme_id`` equals the effort's
    ``theme_id`` or ``secondary_theme_id`` (efforts are coded by instrument,
    with the targeted determinant as secondary theme). ``barrier_ids`` and
    ``barrier_themes`` are sorted lists, empty when nothing matches. Sorted by
    study_id, finding_id; fresh index.
    """
    barriers = distinct_findings(findings, "barrier", include_unreviewed)
    efforts = distinct_findings(findings, ("effort", "recommendation"), include_unreviewed)
    rows = []
    for e in efforts.itertuples(index=False):
        targets = {t for t in (e.theme_id, e.secondary_theme_id) if pd.notna(t)}
        hit = barriers[barriers["study_id"].eq(e.study_id) & barriers["theme_id"].isin(targets)]
        rows.append(
            {
                "study_id": e.study_id,
                "finding_id": e.finding_id,
                "finding_type": e.finding_type,
                "theme_id": e.theme_id,
                "secondary_theme_id": e.secondary_theme_id,
                "barrier_ids": sorted(hit["finding_id"]),
                "barrier_themes": sorted(set(hit["theme_id"])),
            }
        )
    return pd.DataFrame(rows, columns=TRACE_COLUMNS)


def unaddressed_barriers(findings: pd.DataFrame, *, include_unreviewed: bool = False) -> pd.DataFrame:
    """Distinct barriers that no effort or recommendation of the same study addresses (rule of
    :func:`recommendation_traceability`).

    Sorted by study_id, finding_id; fresh index.
    """
    barriers = distinct_findings(findings, "barrier", include_unreviewed)
    trace = recommendation_traceability(findings, include_unreviewed=include_unreviewed)
    addressed = {b for ids in trace["barrier_ids"] for b in ids}
    return barriers.loc[~barriers["finding_id"].isin(addressed), UNADDRESSED_COLUMNS].reset_index(drop=True)


def cerqual_profile(corpus, component_labels: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """The evidence profile of the corpus with the reviewers' judgements merged in (explanations name the
    components by ``component_labels``, see :func:`evidence_profile`)."""
    base = evidence_profile(corpus.findings, corpus.studies)
    if not (corpus.data_dir / CERQUAL_FILE).exists():
        return base  # no judgements yet: counts only, components and confidence empty
    judgements = expand_judgements(read_judgements(corpus.data_dir), base.index)
    return evidence_profile(corpus.findings, corpus.studies, judgements, component_labels=component_labels)
