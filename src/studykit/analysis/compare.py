"""Cross-case comparison of coded findings: pure functions over the corpus DataFrames.

Every function counts by the rules of :mod:`.counting` (restatements never, unreviewed suggestions only when
asked, a finding under its primary theme only). Rows and columns are sorted by id (theme ids, study ids), or
follow the ``studies`` table when one is passed, so every result is deterministic. The theme matrix through a
framework's lens is in :mod:`.lens`, study similarity and clusters in :mod:`.similarity`; their functions are
re-exported here, where the reports have always found them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .counting import VALENCE as VALENCE
from .counting import distinct_findings as distinct_findings
from .counting import indexed_frame, study_ids
from .counting import restated_roots as restated_roots
from .lens import framework_gaps as framework_gaps
from .lens import framework_lens as framework_lens
from .similarity import cluster_order as cluster_order
from .similarity import cluster_profiles as cluster_profiles
from .similarity import cluster_similarity as cluster_similarity
from .similarity import jaccard_similarity as jaccard_similarity
from .similarity import similarity_clusters as similarity_clusters

QUOTE_LANGS = ("both", "id", "en")
COMMONALITY_COLUMNS = [
    "n_barrier",
    "n_enabler",
    "n_reporting",
    "n_studies",
    "barrier_studies",
    "enabler_studies",
]
CONTRADICTION_COLUMNS = [
    "enabler_studies",
    "barrier_studies",
    "across_studies",
    "same_study",
    "same_study_ids",
]


def _grid(cells: pd.Series, columns: list[str], all_themes: Iterable[str] | None) -> pd.DataFrame:
    """Theme × study int frame from a Series indexed by (theme_id, study_id); absent cells are 0."""
    present = sorted(set(cells.index.get_level_values(0)))
    rows = present if all_themes is None else list(all_themes)
    missing = sorted(set(present) - set(rows))
    if missing:
        raise ValueError(f"themes with findings are missing from all_themes: {', '.join(missing)}")
    grid = cells.unstack(fill_value=0) if len(cells) else pd.DataFrame()
    grid = grid.reindex(index=rows, columns=columns, fill_value=0).astype("int64")
    grid.index = pd.Index(rows, dtype="str", name="theme_id")
    grid.columns = pd.Index(columns, dtype="str", name="study_id")
    return grid


def theme_matrix(
    findings: pd.DataFrame,
    types: str | Iterable[str] | None = None,
    studies: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
    all_themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Theme × study counts of distinct findings (of ``types``, default all types).

    Columns are every study of ``findings`` (sorted), or the ``studies`` table in
    its order; rows are the themes with at least one count in theme-id order,
    or exactly ``all_themes`` (zeros added) when given. A theme with findings
    that is not in ``all_themes`` raises ``ValueError`` rather than vanish.
    """
    kept = distinct_findings(findings, types, include_unreviewed)
    return _grid(kept.groupby(["theme_id", "study_id"]).size(), study_ids(findings, studies), all_themes)


def signed_matrix(
    findings: pd.DataFrame,
    studies: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
    all_themes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Theme × study net valence: +1 per distinct enabler, −1 per distinct barrier.

    As in a CFIR construct rating, the sign says whether a theme helped or
    hindered in a study. A 0 in a row that is present means enablers and
    barriers balance; read it next to :func:`theme_matrix`. Rows are themes with
    at least one enabler or barrier; layout as in :func:`theme_matrix`.
    """
    kept = distinct_findings(findings, tuple(VALENCE), include_unreviewed)
    cells = (
        kept.assign(value=kept["finding_type"].map(VALENCE)).groupby(["theme_id", "study_id"])["value"].sum()
    )
    return _grid(cells, study_ids(findings, studies), all_themes)


def valence_counts(
    findings: pd.DataFrame,
    studies: pd.DataFrame | None = None,
    *,
    include_unreviewed: bool = False,
    all_themes: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(enablers, barriers)``: theme × study counts of distinct enablers and of distinct barriers, on the
    rows and columns of :func:`signed_matrix` (their difference is it). What a signed cell of 0 cannot
    say: whether both were reported or neither (:func:`signed_labels`)."""
    rows = signed_matrix(
        findings, studies, include_unreviewed=include_unreviewed, all_themes=all_themes
    ).index
    enablers, barriers = (
        theme_matrix(findings, kind, studies, include_unreviewed=include_unreviewed, all_themes=rows)
        for kind in ("enabler", "barrier")
    )
    return enablers, barriers


def signed_labels(enablers: pd.DataFrame, barriers: pd.DataFrame) -> pd.DataFrame:
    """What a signed cell shows: "" where nothing was reported, "+2" (enablers only), "−1" (barriers only)
    and "+1/−1" where both were: a contradiction is never written as the 0 of an empty cell."""

    def label(e: int, b: int) -> str:
        return "/".join(([f"+{e}"] if e else []) + ([f"\u2212{b}"] if b else []))

    return pd.DataFrame(
        [
            [label(int(e), int(b)) for e, b in zip(er, br, strict=True)]
            for er, br in zip(enablers.to_numpy(), barriers.to_numpy(), strict=True)
        ],
        index=enablers.index,
        columns=enablers.columns,
    )


def quote_matrix(
    findings: pd.DataFrame,
    types: str | Iterable[str] | None = None,
    lang: str = "both",
    *,
    include_unreviewed: bool = False,
) -> pd.DataFrame:
    """The evidence behind each theme × study cell, one row per distinct finding.

    Columns: theme_id, study_id, finding_id, finding_type, then ``quote`` (the
    verbatim quote in the source's language, Bahasa Indonesia here) for
    ``lang`` "id" or "both", and ``quote_en`` (the source's own English
    parallel, NA when it has none) for "en" or "both". The rows of a cell are
    exactly the findings counted by :func:`theme_matrix`. Sorted by theme_id,
    study_id, finding_id.
    """
    if lang not in QUOTE_LANGS:
        raise ValueError(f"unknown lang {lang!r}; use one of {', '.join(QUOTE_LANGS)}")
    quotes = {"both": ["quote", "quote_en"], "id": ["quote"], "en": ["quote_en"]}[lang]
    kept = distinct_findings(findings, types, include_unreviewed)
    columns = ["theme_id", "study_id", "finding_id", "finding_type", *quotes]
    return kept[columns].sort_values(["theme_id", "study_id", "finding_id"]).reset_index(drop=True)


def quote_grid(quotes: pd.DataFrame, studies: pd.DataFrame | None = None, sep: str = "\n") -> pd.DataFrame:
    """Pivot :func:`quote_matrix` output into a theme × study grid of joined strings.

    Each entry reads ``finding_id (type): "quote" | en: "quote_en"``; entries of a
    cell are joined with ``sep`` in finding-id order; empty cells are "".
    """

    def entry(row) -> str:
        parts = [f'"{row["quote"]}"'] if "quote" in row else []
        if "quote_en" in row and pd.notna(row["quote_en"]):
            parts.append(f'en: "{row["quote_en"]}"')
        return f"{row['finding_id']} ({row['finding_type']}): " + (
            " | ".join(parts) or "(no English version)"
        )

    texts = quotes.apply(entry, axis=1) if len(quotes) else pd.Series([], dtype="str")
    cells = (
        texts.groupby([quotes["theme_id"], quotes["study_id"]]).agg(sep.join)
        if len(quotes)
        else pd.Series([], dtype="str")
    )
    rows = sorted(set(quotes["theme_id"]))
    columns = study_ids(quotes, studies)
    grid = (cells.unstack(fill_value="") if len(cells) else pd.DataFrame()).reindex(
        index=rows, columns=columns, fill_value=""
    )
    grid.index = pd.Index(rows, dtype="str", name="theme_id")
    grid.columns = pd.Index(columns, dtype="str", name="study_id")
    return grid.astype("str")


def _valence_sets(findings: pd.DataFrame, include_unreviewed: bool) -> dict[str, dict[str, list[str]]]:
    """theme_id -> {"barrier": sorted study ids, "enabler": sorted study ids}."""
    kept = distinct_findings(findings, tuple(VALENCE), include_unreviewed)
    sets: dict[str, dict[str, list[str]]] = {}
    for (theme, ftype), group in kept.groupby(["theme_id", "finding_type"]):
        sets.setdefault(theme, {"barrier": [], "enabler": []})[ftype] = sorted(set(group["study_id"]))
    return dict(sorted(sets.items()))


def commonality(
    findings: pd.DataFrame, n_studies: int | None = None, *, include_unreviewed: bool = False
) -> pd.DataFrame:
    """How many studies report each theme as a barrier and as an enabler.

    One row per theme with at least one distinct barrier or enabler, indexed by
    theme_id: ``n_barrier`` / ``n_enabler`` (studies, not findings),
    ``n_reporting`` (studies with either), ``n_studies`` (the denominator:
    ``n_studies`` or the number of distinct studies in ``findings``) and the
    sorted study ids, so one can say "a barrier in 3 of 5 studies". Ranked by
    n_barrier descending, then theme_id.
    """
    total = findings["study_id"].nunique() if n_studies is None else int(n_studies)
    rows = [
        {
            "theme_id": theme,
            "n_barrier": len(s["barrier"]),
            "n_enabler": len(s["enabler"]),
            "n_reporting": len(set(s["barrier"]) | set(s["enabler"])),
            "n_studies": total,
            "barrier_studies": s["barrier"],
            "enabler_studies": s["enabler"],
        }
        for theme, s in _valence_sets(findings, include_unreviewed).items()
    ]
    if rows and max(r["n_reporting"] for r in rows) > total:
        raise ValueError(f"n_studies={total} is smaller than the number of studies reporting a theme")
    rows.sort(key=lambda r: (-r["n_barrier"], r["theme_id"]))
    return indexed_frame(
        rows, COMMONALITY_COLUMNS, "theme_id", ints=("n_barrier", "n_enabler", "n_reporting", "n_studies")
    )


def contradictions(findings: pd.DataFrame, *, include_unreviewed: bool = False) -> pd.DataFrame:
    """Themes reported as an enabler somewhere and as a barrier somewhere.

    One row per such theme (theme-id order) with the study ids on each side;
    ``across_studies`` is True when an enabler study differs from a barrier
    study (a refutational contrast between cases), ``same_study`` flags a study
    that reports the theme both ways, listed in ``same_study_ids``.
    """
    rows = []
    for theme, s in _valence_sets(findings, include_unreviewed).items():
        enablers, barriers = s["enabler"], s["barrier"]
        if enablers and barriers:
            both = sorted(set(enablers) & set(barriers))
            across = any(e != b for e in enablers for b in barriers)
            rows.append(
                {
                    "theme_id": theme,
                    "enabler_studies": enablers,
                    "barrier_studies": barriers,
                    "across_studies": across,
                    "same_study": bool(both),
                    "same_study_ids": both,
                }
            )
    return indexed_frame(rows, CONTRADICTION_COLUMNS, "theme_id").astype(
        {"across_studies": bool, "same_study": bool}
    )


def cooccurrence(
    findings: pd.DataFrame, types: str | Iterable[str] = ("barrier",), *, include_unreviewed: bool = False
) -> pd.DataFrame:
    """Symmetric theme × theme count of studies in which both themes occur (among ``types``).

    The diagonal is the number of studies with the theme. Counts are studies,
    not findings: two barriers of one study on a theme count once.
    """
    present = (theme_matrix(findings, types, include_unreviewed=include_unreviewed) > 0).astype("int64")
    values = present.to_numpy() @ present.to_numpy().T
    themes = pd.Index(present.index, dtype="str", name="theme_id")
    return pd.DataFrame(values, index=themes, columns=themes.copy(), dtype="int64")
