"""Methods appendix, ordered by the ENTREQ items (Tong et al. 2012), and the index of the analysts' memos.

Every number comes from :mod:`studykit.analysis.appendix` (or the analysis module
named there) over the corpus the report was rendered from; the words around the
numbers are messages. Items the data does not record (the search strategy) are
named as such, so the reader knows what to add by hand. The appendix ends with the memo
index (:mod:`.memo_index`, re-exported here for the notebook).
"""

from __future__ import annotations

import platform

import pandas as pd

from ..._version import __version__
from ...analysis import appendix
from ...analysis.evidence import CONCERNS, CONFIDENCE, cerqual_profile
from ...corpus.digest import data_hash
from .. import memos, plots
from ..report import Block, Report, Text
from . import agreement, codebook
from . import grouping as grp
from .memo_index import memo_index

__all__ = [
    "aim",
    "appraisal",
    "characteristics",
    "characteristics_figure",
    "coders",
    "coding_frame",
    "extraction",
    "intake",
    "memo_index",
    "software",
    "synthesis",
    "title",
]

PROVINCE_BARS = 25  # provinces in the figure; the rest are combined


def _item(r: Report, items: str, key: str) -> Text:
    return r.md("methods.item", level=2, items=items, name=r.t(key))


def title(r: Report) -> Block:
    heading = r.md("methods.title", level=1).data
    out = Block([Text(f"{heading}\n\n{r.md('methods.intro').data}")])
    project = memos.section(r, memos.of(r, "project"), "methods.project_memo")
    if project is not None:
        out.append(project)
    return out


def aim(r: Report) -> Block:
    origin = r.corpus.themes["origin"]
    text = r.md(
        "methods.aim_text",
        n_themes=len(r.corpus.themes),
        n_framework=int(origin.eq("framework").sum()),
        n_extension=int(origin.ne("framework").sum()),  # emergent too
        n_frameworks=len(r.corpus.framework_ids),
    )
    return Block([_item(r, "1–2", "methods.aim"), text])


def _group_table(r: Report, by: str) -> pd.DataFrame:
    order = list(r.corpus.provinces["province"]) if by == "province" else r.corpus.framework_ids
    counts = appendix.characteristics(r.corpus.studies, by, order=order)
    return pd.DataFrame(
        {
            "attribute": grp.attribute_name(r, by),
            "group": [grp.group_label(r, by, g) for g in counts["group"]],
            "n_studies": counts["n_studies"],
        }
    )


def intake(r: Report) -> Block:
    """ENTREQ 3–7 and 9: how the studies entered: source type and language."""
    studies = r.corpus.studies
    languages = studies["source_languages"].map(lambda ls: ", ".join(r.t(f"language.{x}") for x in ls))
    lang_rows = languages.value_counts().sort_index()
    shown = pd.concat(
        [
            _group_table(r, "source_type"),
            pd.DataFrame(
                {
                    "attribute": r.t("methods.source_language"),
                    "group": list(lang_rows.index),
                    "n_studies": list(lang_rows),
                }
            ),
        ],
        ignore_index=True,
    )
    return Block(
        [
            _item(r, "3–7, 9", "methods.intake"),
            r.md("methods.intake_text", n_studies=len(studies)),
            r.table(shown, "methods.intake_caption", numeric=["n_studies"]),
        ]
    )


def characteristics(r: Report) -> Block:
    """ENTREQ 8: the studies by year, province, island, programme family, framework and source type."""
    shown = pd.concat([_group_table(r, by) for by in appendix.CHARACTERISTICS], ignore_index=True)
    return Block(
        [
            _item(r, "8", "methods.characteristics"),
            r.table(
                shown, "methods.characteristics_caption", numeric=["n_studies"], filterable=len(shown) > 12
            ),
        ]
    )


def characteristics_figure(r: Report) -> plots.Figure:
    """Studies per province (the largest groups; the rest combined), labelled with the island group: a
    map-free view."""
    counts = appendix.characteristics(
        r.corpus.studies, "province", order=list(r.corpus.provinces["province"])
    )
    counts = counts.sort_values("n_studies", ascending=False, kind="stable")
    islands = dict(zip(r.corpus.provinces["province"], r.corpus.provinces["island"], strict=False))
    labels = [
        f"{grp.group_label(r, 'province', p)} ({grp.group_label(r, 'island', islands[p])})"
        if p in islands
        else grp.group_label(r, "province", p)
        for p in counts["group"]
    ]
    series = pd.Series(list(counts["n_studies"]), index=labels, name="n_studies")
    if len(series) > PROVINCE_BARS:
        rest = series.iloc[PROVINCE_BARS - 1 :].sum()
        series = pd.concat([series.iloc[: PROVINCE_BARS - 1], pd.Series({r.t("group.other"): rest})])
    fig = plots.barh(
        series, title=r.t("methods.characteristics_title"), xlabel=r.t("col.n_studies"), lang=r.lang
    )
    return r.figure(
        fig,
        series.rename("n_studies").to_frame(),
        "methods.characteristics_alt",
        "methods.characteristics_fig_caption",
        bars=r.bars(series),
    )


def appraisal(r: Report) -> Block:
    """ENTREQ 10–13: the GRADE-CERQual judgements, counted."""
    profile = cerqual_profile(r.corpus)
    components, confidence = appendix.cerqual_summary(profile)
    shown = pd.DataFrame(
        {
            "cerqual_component": [r.t(f"col.{c}") for c in components["component"]],
            **{r.t(f"concern.{c}"): components[c] for c in CONCERNS},
            "not_judged": components["not_judged"],
        }
    )
    levels = pd.DataFrame(
        {
            "confidence_level": [r.t(f"confidence.{c}") for c in CONFIDENCE] + [r.t("concern.not_judged")],
            "n_review_findings": [int(confidence[c]) for c in (*CONFIDENCE, "not_judged")],
        }
    )
    numeric = [r.t(f"concern.{c}") for c in CONCERNS] + ["not_judged"]
    return Block(
        [
            _item(r, "10–13", "methods.appraisal"),
            r.md("methods.appraisal_text", n_review=len(profile)),
            r.table(shown, "methods.appraisal_caption", numeric=numeric, sortable=False),
            r.table(levels, "methods.confidence_caption", numeric=["n_review_findings"], sortable=False),
        ]
    )


def extraction(r: Report) -> Block:
    """ENTREQ 14 and 20: extraction and quotations."""
    return Block(
        [
            _item(r, "14, 20", "methods.extraction"),
            r.md("methods.extraction_text", **appendix.extraction(r.corpus.findings)),
        ]
    )


def software(r: Report) -> Block:
    """ENTREQ 15: studykit's version, Python and pandas, and the data hash."""
    text = r.md(
        "methods.software_text",
        version=__version__,
        python=platform.python_version(),
        pandas=pd.__version__,
        data_hash=data_hash(r.corpus.data_dir),
    )
    return Block([_item(r, "15", "methods.software"), text])


def coders(r: Report) -> Block:
    """ENTREQ 16: who coded what, and the agreement with a second coding where one is configured."""
    shown = appendix.coders(r.corpus.studies, r.corpus.findings)
    out = Block(
        [
            _item(r, "16", "methods.coders"),
            r.table(
                shown,
                "methods.coders_caption",
                numeric=["n_studies", "n_findings"],
                filterable=len(shown) > 12,
            ),
        ]
    )
    compared = agreement.comparison(r)  # the second coding the agreement report reads (``second_coding``)
    if compared is None and agreement.pending(r):
        said = r.md("agreement.pending", path=r.params["second_coding"], n=len(agreement.pending(r)))
        out.append(said)
    elif compared is None:
        out.append(r.md("methods.no_second_coding"))
    else:
        codings, presence, _ = compared
        figures = {"n_studies": len(presence.studies), "units": presence.units, **presence.overall}

        def number(key):
            value = figures.get(key)
            return "—" if value is None else str(agreement.parts.value(r, value))

        def outcome(key):
            value = presence.outcome.get(key)
            return "—" if value is None else str(agreement.parts.value(r, value))

        out.append(
            r.md(
                "methods.agreement_text",
                n_studies=figures["n_studies"],
                path=r.params["second_coding"],
                units=figures["units"],
                percent=number("percent_agreement"),
                kappa=number("cohen_kappa"),
                outcome_percent=outcome("percent_agreement"),
                outcome_kappa=outcome("cohen_kappa"),
            )
        )
        if codings.merged and codings.merged == codings.studies:  # a consensus compared with its input
            out.append(r.md("agreement.merged_all", n=len(codings.merged)))
    return out


def coding_frame(r: Report) -> Block:
    """ENTREQ 17 and 19: the themes (by group and origin) and the crosswalk (by framework and strength)."""
    origins = appendix.theme_origins(r.corpus.themes)
    origins = pd.DataFrame(
        {
            "group": [r.t(f"codebook.group.{g}") for g in origins["group"]],
            "theme_origin": [r.t(f"codebook.origin.{o}") for o in origins["origin"]],
            "n_themes_frame": origins["n_themes"],
        }
    )
    frame = appendix.coding_frame(r.corpus.themes, r.corpus.crosswalk)
    frame = pd.DataFrame(
        {
            "framework_name": [r.framework_name(f) for f in frame["framework_id"]],
            "strength_direct": frame["direct"],
            "strength_partial": frame["partial"],
            "strength_none": frame["none"],
        }
    )
    origin = r.corpus.themes["origin"]
    text = r.md(
        "methods.frame_text",
        n_themes=len(r.corpus.themes),
        n_framework=int(origin.eq("framework").sum()),
        n_extension=int(origin.ne("framework").sum()),  # emergent too
        n_variables=len(r.corpus.frameworks),
        n_frameworks=len(r.corpus.framework_ids),
    )
    changed = codebook.changes(r)
    if changed:
        text = Text(f"{text.data}\n\n{changed}")
    return Block(
        [
            _item(r, "17, 19", "methods.frame"),
            text,
            r.table(origins, "methods.origins_caption", numeric=["n_themes_frame"], sortable=False),
            r.table(
                frame,
                "methods.crosswalk_caption",
                numeric=["strength_direct", "strength_partial", "strength_none"],
                sortable=False,
            ),
        ]
    )


def synthesis(r: Report) -> Block:
    """ENTREQ 18 and 21: how studies are compared and what the synthesis produces."""
    return Block([_item(r, "18, 21", "methods.synthesis"), r.md("methods.synthesis_text")])
