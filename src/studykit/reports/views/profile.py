"""Study profile: metadata, findings by type, quotes, and the study's own framework."""

from __future__ import annotations

from html import escape

import pandas as pd
from markupsafe import Markup

from ...analysis import compare
from ...corpus.readable import readable
from ...corpus.schema import FINDING_TYPES
from .. import i18n, memos, plots
from ..report import Block, Report, Text
from . import grouping as grp
from . import source_text
from .common import abstract_caveat, label_matrix


def _study(r: Report) -> pd.Series:
    return r.corpus.studies.set_index("study_id").loc[r.params["study_id"]]


def _label(r: Report) -> str:
    return r.study(r.params["study_id"])


def _findings(r: Report) -> pd.DataFrame:
    f = compare.distinct_findings(r.corpus.findings)
    return f[f["study_id"] == r.params["study_id"]]


def title(r: Report) -> Text:
    s = _study(r)
    heading = r.md("profile.title", level=1, label=_label(r)).data
    # a study of a whole kota or kabupaten names it once ("in Kota Kupang", not "in Kota Kupang, Kota Kupang")
    same = (
        " ".join(str(s["locality"] or "").split()).casefold()
        == " ".join(str(s["admin_unit"]).split()).casefold()
    )
    intro = r.md(
        "profile.intro_unit" if same else "profile.intro",
        programme=s["programme_name"],
        locality=s["locality"],
        admin_unit=s["admin_unit"],
        n_findings=len(_findings(r)),
    ).data
    return Text("\n\n".join([heading, intro, *abstract_caveat(r, r.params["study_id"])]))


def metadata(r: Report):
    """Study and source attributes, the name as written beside the official unit."""
    s = _study(r)
    missing, known = r.t("none_stated"), i18n.catalogue()

    def listed(values, empty=missing):
        return "; ".join(values) if values else empty

    programme = s["programme_name"] + (
        f" ({s['programme_acronym']})" if isinstance(s["programme_acronym"], str) else ""
    )
    declared = listed([r.framework_name(f) for f in s["frameworks_declared"]], r.t("none_declared"))
    if isinstance(s["framework_as_written"], str):
        declared += f" — “{s['framework_as_written']}”"
    rows = [
        ("city_as_written", s["city_as_written"]),
        ("admin_unit", _admin_unit(r, s["admin_unit"], s["admin_unit_type"])),
        ("province", _place(r, "province", s["province"])),
        ("level", _place(r, "level", s["level"])),
        ("locality", s["locality"]),
        ("programme", programme),
        ("programme_owner", r.t(f"owner.{s['programme_owner']}")),
        ("outcome", _outcome(r, s)),
        ("frameworks", declared),
        ("method", s["method"]),
        ("data_collection", listed(s["data_collection"])),
        ("sampling", s["sampling"] if isinstance(s["sampling"], str) else missing),
        ("title", s["title"] if isinstance(s["title"], str) else missing),
        ("author", s["author"] if isinstance(s["author"], str) else missing),
        ("year", missing if pd.isna(s["year"]) else str(s["year"])),
        (
            "source_type",
            r.t(kind) if (kind := f"source_type.{s['source_type']}") in known else s["source_type"],
        ),
        ("source", s["source_file"]),
    ]
    table = pd.DataFrame([(r.t(f"field.{k}"), v) for k, v in rows], columns=["field", "value"])
    shown = r.table(table, sortable=False)  # its heading names it on the page; `label`, to a screen reader
    shown.label = r.t("profile.metadata")
    return shown


def _outcome(r: Report, s: pd.Series) -> str:
    """The study's coded verdict on implementation: its rating, and the verbatim sentence that states it."""
    rating = s["outcome_rating"]
    shown = r.t(f"outcome.{rating}") if isinstance(rating, str) else r.t("none_stated")
    quote = s["outcome_quote"]
    return shown + (f" — “{readable(quote)}”" if isinstance(quote, str) else "")


def _place(r: Report, by: str, key) -> str:
    """A province or level as every report names it (:func:`.grouping.group_label`: "East Java", "kabupaten
    (regency)" in English); a value the codebook does not know, as written."""
    if not isinstance(key, str) or not key:
        return r.t("none_stated")
    try:
        return grp.group_label(r, by, key)
    except (IndexError, KeyError, i18n.UnknownMessage):
        return key


def _admin_unit(r: Report, name: str, unit_type: str) -> str:
    """ "Kabupaten Jombang (regency)" in English, "Kabupaten Jombang" in Bahasa Indonesia: the official name,
    its type glossed in the report's language where the name does not already say it."""
    gloss = r.t(f"unit_gloss.{unit_type}") if f"unit_gloss.{unit_type}" in i18n.catalogue() else unit_type
    if gloss.lower() in str(name).lower():
        return str(name)
    return f"{name} ({gloss})"


def study_memos(r: Report) -> Block:
    """The analysts' memos on the study (``data/memos/studies/<study_id>.md``); nothing when there are
    none."""
    shown = memos.section(r, memos.of(r, "study", r.params["study_id"]), "memo.study_heading")
    return Block([shown] if shown is not None else [])


def by_type(r: Report) -> plots.Figure:
    counts = _findings(r)["finding_type"].value_counts().reindex(FINDING_TYPES, fill_value=0)
    counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
    shown = counts.rename(index=r.finding_type)
    fig = plots.barh(
        shown, title=r.t("profile.by_type_title", label=_label(r)), xlabel=r.t("col.n_findings"), lang=r.lang
    )
    return r.figure(
        fig,
        counts.rename("n_findings").to_frame(),
        "profile.by_type_alt",
        "profile.by_type_caption",
        label=_label(r),
        bars=r.bars(shown),
    )


def findings(r: Report):
    """Every distinct finding of the study, grouped by type, with the verbatim quote and its position."""
    s = _study(r)
    f = _findings(r).copy()
    restated = _restatements(r)
    order = {t: i for i, t in enumerate(FINDING_TYPES)}
    f = f.sort_values(
        ["finding_type", "finding_id"], key=lambda c: c.map(order) if c.name == "finding_type" else c
    )
    table = pd.DataFrame(
        {
            "finding_id": f["finding_id"],
            "finding_type": f["finding_type"].map(r.finding_type),
            "theme": f["theme_id"].map(r.theme),
            "study_variable": f["study_variable"],
            "summary": f[f"summary_{r.lang}"],
            "quote": f["quote"],
            "quote_en": f["quote_en"],
            "position": [_position_links(r, row, restated.get(row.finding_id, [])) for row in f.itertuples()],
        }
    )
    if table["quote_en"].isna().all():
        table = table.drop(columns="quote_en")
    finding_memos = memos.by_target(r, "finding")
    if any(
        fid in finding_memos for fid in f["finding_id"]
    ):  # the column only when the study has finding memos
        table["memo"] = [Markup(memos.cell(r, finding_memos.get(fid, []))) for fid in f["finding_id"]]
    return r.table(table, "profile.findings_caption", label=_label(r), source=s["source_file"])


def _restatements(r: Report) -> dict[str, list]:
    """Reviewed findings of the study that restate another, by the finding they (ultimately) restate."""
    f = r.corpus.findings
    own = f[(f["study_id"] == r.params["study_id"]) & f["review_status"].eq("reviewed")]
    roots = compare.restated_roots(own)
    out: dict[str, list] = {}
    for row in own[own["restates"].notna()].sort_values("finding_id").itertuples():
        out.setdefault(roots[row.finding_id], []).append(row)
    return out


def _to_quote(r: Report, key: str, start, end, anchor: bool = False) -> Markup:
    """A link to the quote's place in the source text below; the finding's own link carries the row's anchor
    f-<id>."""
    own_id = Markup(' id="f-{}"').format(key) if anchor else ""
    return Markup('<a class="sk-to-quote"{} href="#q-{}" title="{}">{}–{}</a>').format(
        own_id, key, r.t("profile.to_quote"), start, end
    )


def _position_links(r: Report, row, restated: list) -> Markup:
    links = [_to_quote(r, row.finding_id, row.quote_start, row.quote_end, anchor=True)]
    if not pd.isna(row.quote_en_start):
        links.append(
            Markup("EN ") + _to_quote(r, f"{row.finding_id}-en", row.quote_en_start, row.quote_en_end)
        )
    links += [Markup("↺ ") + _to_quote(r, g.finding_id, g.quote_start, g.quote_end) for g in restated]
    return Markup(" · ").join(links)


def _number(finding_id: str) -> str:
    return finding_id.rsplit("-", 1)[1]


def source_quotes(r: Report) -> list[source_text.Quote]:
    """Every quote of the findings in the profile's tables: the quote, its English parallel, and restatements
    of it."""
    quotes = []
    restated = _restatements(r)
    for row in _findings(r).itertuples():
        kind = r.finding_type(row.finding_type)
        label = f"{_number(row.finding_id)} {kind} · {r.theme(row.theme_id, short=True)}"
        title = f"{row.finding_id}: {getattr(row, f'summary_{r.lang}')}"
        quotes.append(
            source_text.Quote(
                row.finding_id,
                row.finding_id,
                int(row.quote_start),
                int(row.quote_end),
                row.finding_type,
                label,
                title,
            )
        )
        if not pd.isna(row.quote_en_start):
            quotes.append(
                source_text.Quote(
                    f"{row.finding_id}-en",
                    row.finding_id,
                    int(row.quote_en_start),
                    int(row.quote_en_end),
                    row.finding_type,
                    f"{_number(row.finding_id)} EN",
                    title,
                )
            )
        for g in restated.get(row.finding_id, []):
            quotes.append(
                source_text.Quote(
                    g.finding_id,
                    row.finding_id,
                    int(g.quote_start),
                    int(g.quote_end),
                    row.finding_type,
                    f"{_number(g.finding_id)} ↺ {_number(row.finding_id)}",
                    r.t("profile.restates", finding=row.finding_id),
                )
            )
    return quotes


def source(r: Report) -> source_text.SourceView:
    """The study's source text with every quote of its findings highlighted, labelled, and linked to and from
    its row."""
    s = _study(r)
    text = r.corpus.source_text(r.params["study_id"])
    quotes = source_quotes(r)
    present = [t for t in FINDING_TYPES if t in {q.finding_type for q in quotes}]
    legend = "".join(
        f'<span><span class="sk-swatch sk-t-{t}"></span>{escape(r.finding_type(t))}</span>' for t in present
    )
    legend += f'<span><span class="sk-swatch sk-d2"></span>{escape(r.t("profile.source_overlap"))}</span>'
    intro = r.t(
        "profile.source_intro",
        source=s["source_file"],
        n_chars=i18n.number(len(text), r.lang),
        n_quotes=len(quotes),
    )
    languages = list(s["source_languages"])
    lang = f' lang="{escape(languages[0])}"' if len(languages) == 1 else ""
    html = (
        f'{source_text.style()}<section class="sk-source"><p>{escape(intro)}</p>'
        f'<p class="sk-legend" role="note" aria-label="{escape(r.t("profile.source_legend"))}">{legend}</p>'
        f'<div class="sk-source-text"{lang}>{source_text.markup(text, quotes)}</div></section>'
    )
    return source_text.SourceView(html, f"{intro}\n\n{source_text.marked_text(text, quotes)}")


def framework(r: Report):
    """The study's findings on the variables of the framework it declares (signed, direct mappings)."""
    s = _study(r)
    declared = list(s["frameworks_declared"])
    if not declared:
        return Block([r.md("profile.framework_none")])
    out = Block()
    own = _findings(r)
    for fid in declared:
        signed = compare.signed_matrix(own, all_themes=r.corpus.themes["theme_id"])
        lens = compare.framework_lens(signed, r.corpus.crosswalk, fid, r.corpus.frameworks)
        out.append(r.md("profile.framework_intro", framework=r.framework_name(fid)))
        shown = label_matrix(r, lens, rows="variable")
        shown.index.name = "variable"
        out.append(r.table(shown, "profile.framework_caption", index=True))
    return out
