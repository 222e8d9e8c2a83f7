"""How a comparison report lays out its cases: a column per study while they fit the page, else groups of
studies.

The ``group_by`` parameter names a study attribute (:data:`studykit.analysis.groups.ATTRIBUTES`);
"study" keeps one column per study. Figures never shrink their text, so when the
columns would not fit (:func:`studykit.reports.plots.max_columns`) the report groups
instead, and says so: too many studies are grouped by :data:`SCALE_FALLBACK`; an
attribute with too many groups (38 provinces) keeps its largest groups and combines
the rest as "other". Long study lists collapse behind a count ("24 of 40 studies"),
with every entry a link to the study's profile at the finding behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ...analysis import compare, groups
from .. import html, links, plots
from ..report import Report

SCALE_FALLBACK = "programme_family"
OTHER = "(other)"
LIST_INLINE = (
    5  # a list of up to this many studies is shown as it is; longer ones collapse behind their count
)
LIST_CAP = 40  # a collapsed list writes out at most this many entries and counts the rest


@dataclass(frozen=True)
class Grouping:
    """The columns of a report's comparison: studies, or groups of studies with their members."""

    asked: str  # the group_by parameter
    by: str  # the attribute actually grouped by ("study": one column per study)
    members: pd.DataFrame  # study_id, group (after combining small groups into OTHER)
    groups: list[str]  # group keys in display order
    sizes: dict[str, int]  # n per group
    combined: tuple[int, int] = (0, 0)  # (groups, studies) combined into OTHER

    @property
    def per_study(self) -> bool:
        return self.by == "study"

    @property
    def fell_back(self) -> bool:
        return self.by != self.asked


def _order(r: Report, by: str) -> list[str] | None:
    if by == "province":
        return list(r.corpus.provinces["province"])
    if by == "framework":
        return list(r.corpus.framework_ids)
    return None


def column_limit(r: Report) -> int:
    """How many columns a theme × column figure of this corpus can show at full text size."""
    return plots.max_columns([r.theme(t) for t in r.corpus.theme_ids])


def grouping(r: Report) -> Grouping:
    """The report's grouping (computed once per report)."""
    return r.memo("grouping", lambda: _grouping(r))


def _grouping(r: Report) -> Grouping:
    asked = r.params.get("group_by", "study")
    limit = column_limit(r)
    by = SCALE_FALLBACK if asked == "study" and len(r.corpus.studies) > limit else asked
    members = groups.memberships(r.corpus.studies, by, order=_order(r, by))
    keys = groups.group_order(members["group"], by, order=_order(r, by), studies=r.corpus.studies)
    sizes = groups.group_sizes(members).to_dict()
    combined = (0, 0)
    if by != "study" and len(keys) > limit:
        kept = sorted(keys, key=lambda g: (-sizes[g], keys.index(g)))[: limit - 1]
        rest = [g for g in keys if g not in kept]
        members = members.assign(
            group=members["group"].where(members["group"].isin(kept), OTHER)
        ).drop_duplicates()
        combined = (len(rest), int(members.loc[members["group"] == OTHER, "study_id"].nunique()))
        keys = [g for g in keys if g in kept] + [OTHER]
        sizes = groups.group_sizes(members).to_dict()
    return Grouping(asked, by, members, keys, {k: int(sizes[k]) for k in keys}, combined)


def attribute_name(r: Report, by: str) -> str:
    return r.t(f"group_by.{by}")


def group_label(r: Report, by: str, key: str) -> str:
    """A group's name in the report's language."""
    if key == groups.MISSING:
        return r.t("none_declared" if by == "framework" else "group.missing")
    if key == OTHER:
        return r.t("group.other")
    if by == "study":
        return r.study(key)
    if by == "province":
        p = r.corpus.provinces
        return str(p.loc[p["province"] == key, f"label_{r.lang}"].iloc[0])
    if by == "framework":
        return r.framework_name(key)
    if by == "year":
        return key
    prefix = {
        "admin_unit_type": "unit_type",
        "level": "level",
        "island": "island",
        "programme_family": "family",
        "source_type": "source_type",
        "outcome": "outcome",
    }[by]
    return r.t(f"{prefix}.{key}")


def column_labels(r: Report, g: Grouping) -> dict[str, str]:
    """Group key -> label with its size, e.g. 'kabupaten (n = 8)'; studies by their label alone."""
    if g.per_study:
        return {k: r.study(k) for k in g.groups}
    return {
        k: f"{group_label(r, g.by, k)} (n\u00a0=\u00a0{g.sizes[k]})" for k in g.groups
    }  # no line break inside "n = 8"


def group_matrix(r: Report, types, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`studykit.analysis.groups.group_matrix` over the report's grouping (members as combined);
    ``findings`` default: the corpus's."""
    g = grouping(r)
    studies = r.corpus.studies
    findings = r.corpus.findings if findings is None else findings
    matrix = groups.group_matrix(findings, studies, "study", types)  # per study, then re-grouped below
    per = matrix.merge(g.members.rename(columns={"group": "_group"}), left_on="group", right_on="study_id")
    rows = []
    for (theme, ftype, group), part in per.groupby(["theme_id", "finding_type", "_group"], sort=False):
        ids = list(dict.fromkeys(s for ids in part.loc[part["k"] > 0, "study_ids"] for s in ids))
        rows.append(
            {
                "theme_id": theme,
                "finding_type": ftype,
                "group": group,
                "k": len(ids),
                "n": g.sizes[group],
                "share": len(ids) / g.sizes[group],
                "study_ids": ids,
            }
        )
    out = pd.DataFrame(rows, columns=groups.GROUP_COLUMNS)
    rank = {k: i for i, k in enumerate(g.groups)}
    type_rank = {t: i for i, t in enumerate(types)}
    return (
        out.assign(_t=out["finding_type"].map(type_rank), _g=out["group"].map(rank))
        .sort_values(["theme_id", "_t", "_g"])
        .drop(columns=["_t", "_g"])
        .reset_index(drop=True)
    )


def notes(r: Report) -> list[str]:
    """Sentences that say how the report groups its cases (and why, when it had to)."""
    g = grouping(r)
    notes = []
    if g.fell_back:
        notes.append(
            r.md(
                "cross.fallback",
                n=len(r.corpus.studies),
                limit=column_limit(r),
                attribute=attribute_name(r, g.by),
            ).data
        )
    if not g.per_study:
        labels = column_labels(r, g)
        notes.append(
            r.md(
                "cross.grouped",
                attribute=attribute_name(r, g.by),
                groups="; ".join(labels[k] for k in g.groups),
            ).data
        )
    if g.combined[0]:
        notes.append(
            r.md(
                "cross.combined",
                attribute=attribute_name(r, g.by),
                shown=len(g.groups) - 1,
                rest=g.combined[0],
                studies=g.combined[1],
            ).data
        )
    return notes


# --- study lists with links ----------------------------------------------------------------------


def first_findings(r: Report) -> dict[tuple[str, str, str], str]:
    """(study, theme, type) -> the study's first distinct finding of that type on that theme (what a list
    entry links to)."""

    def compute():
        f = compare.distinct_findings(r.corpus.findings)
        return dict(f.groupby(["study_id", "theme_id", "finding_type"])["finding_id"].first())

    return r.memo("first_findings", compute)


def study_link(
    r: Report,
    study_id: str,
    theme: str | None = None,
    finding_type: str | None = None,
    finding_id: str | None = None,
) -> html.Html:
    """The study's label, linked to its profile (at the finding behind the entry when there is one)."""
    if finding_id is None and theme is not None and finding_type is not None:
        finding_id = first_findings(r).get((study_id, theme, finding_type))
    return html.link(links.profile(r.notebook, study_id, finding_id), r.study(study_id))


def anchored_finding(r: Report, finding_id: str) -> str | None:
    """The finding whose row in its study's profile has the anchor: itself, or the first finding it restates;
    None if unreviewed."""

    def compute():
        f = r.corpus.findings
        reviewed = set(f.loc[f["review_status"] == "reviewed", "finding_id"])
        return {fid: root if root in reviewed else None for fid, root in compare.restated_roots(f).items()}

    return r.memo("anchored", compute).get(finding_id)


def study_list(
    r: Report, study_ids, n: int | None = None, *, theme: str | None = None, finding_type: str | None = None
) -> html.Html:
    """Studies as profile links; more than LIST_INLINE collapse behind "k of n studies", at most LIST_CAP
    written out."""
    ids = list(study_ids)
    n = len(r.corpus.studies) if n is None else n
    items = [study_link(r, s, theme, finding_type) for s in ids[:LIST_CAP]]
    return html.collapsed_list(
        items,
        r.t("list.summary", k=len(ids), n=n),
        inline=LIST_INLINE,
        total=len(ids),
        more=r.t("list.more", n=len(ids) - len(items)),
    )


def k_of_n(k: int, n: int) -> html.Html:
    """ "k / n" that sorts by its share in the browser."""
    return html.sort_key(f"{k} / {n}", round(k / n, 4) if n else 0)


def share_figure(
    r: Report,
    share: pd.DataFrame,
    k: pd.DataFrame,
    n: pd.DataFrame,
    *,
    rows: Callable[[str], str],
    columns: list[str],
    keys: tuple[str, str, str],
    **values,
) -> plots.Figure:
    """A heatmap of the share of studies in each column group (colour) with "k / n" written in its cells.

    ``share``, ``k`` and ``n`` have the same rows (ids, labelled by ``rows``) and columns (labelled
    ``columns``); ``keys`` are the messages of its title, alt text and caption, filled with ``values``.
    The figure's data is ``share`` as given.
    """
    shown = share.copy()
    shown.index = [rows(i) for i in share.index]
    shown.columns = columns
    fig = plots.heatmap(
        shown,
        lang=r.lang,
        title=r.t(keys[0], **values),
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.group_cbar"),
        annotations=k.astype(int).astype(str) + " / " + n.astype(int).astype(str),
        scale="share",
    )
    return r.figure(fig, share, keys[1], keys[2], **values)
