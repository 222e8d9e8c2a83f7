"""Intercoder agreement report: the corpus (coder A) against a second coding (coder B) of the same studies.

The second coding is the notebook's ``second_coding`` parameter: a data directory with the layout
of ``data/``, relative to the folder that holds the data directory (for ``data/``, the project folder;
the render sets it from ``second_coding:`` in ``reports.yaml``). Without one, the report says so and shows
nothing else. The figures are
:mod:`studykit.analysis.agreement`'s; this module only lays them out and shows every
disagreement with both coders' quotes side by side, highlighted in the source text with the
profile's document view (:mod:`.source_text`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from ...analysis import agreement as ag
from ...corpus.digest import data_hash
from ...corpus.load import load_corpus
from ...corpus.readable import readable
from ...corpus.segments import overlap_share
from ..params import ParameterError
from ..report import Block, Report, Text
from . import agreement_parts as parts
from . import source_text

SIDES = ("a", "b")


def second(r: Report):
    """The second coding's corpus, once per report; None without one."""

    def compute():
        path = r.params["second_coding"]
        if not path:
            return None
        where = Path(path) if Path(path).is_absolute() else r.corpus.data_dir.parent / path
        if not where.is_dir():
            raise ParameterError(
                "second_coding",
                path,
                "a data directory with the layout of data/ (relative to the folder that holds the data "
                "directory), or ''",
            )
        return load_corpus(where)

    return r.memo("second_coding", compute)


def pending(r: Report) -> list[str]:
    """The corpus's studies the second coding holds only as drafts when it has finished none of them (B has
    just started: nothing to compare yet, which the reports say instead of failing); else []."""
    b = second(r)
    if b is None or set(b.study_ids) & set(r.corpus.study_ids):
        return []
    return sorted({d.study_id for d in b.drafts} & set(r.corpus.study_ids))


def comparison(r: Report) -> tuple[ag.Codings, ag.AgreementResult, ag.AgreementResult] | None:
    """The paired codings with their presence and segment results, once per report; None without a second
    coding, or while it has finished none of the corpus's studies (:func:`pending`)."""

    def compute():
        b = second(r)
        if b is None or pending(r):
            return None
        codings = ag.independent(ag.pair(r.corpus, b, r.corpus.data_dir.name, str(r.params["second_coding"])))
        return codings, ag.presence_agreement(codings), ag.segment_agreement(codings)

    return r.memo("agreement", compute)


def title(r: Report) -> Text | Block:
    parts_ = [r.md("agreement.title", level=1).data]
    compared = comparison(r)
    if compared is None and pending(r):
        said = r.md("agreement.pending", path=r.params["second_coding"], n=len(pending(r)))
        return Text("\n\n".join([*parts_, said.data]))
    if compared is None:
        return Text("\n\n".join([*parts_, r.md("agreement.not_configured").data]))
    codings, presence, _ = compared
    coded_by = [", ".join(sorted(set(c.studies["coded_by"]))) for c in (codings.a, codings.b)]
    parts_.append(
        r.md(
            "agreement.intro",
            coder_a=coded_by[0],
            coder_b=coded_by[1],
            path=r.params["second_coding"],
            data_hash=data_hash(codings.b.data_dir),
            n_studies=len(presence.studies),
        ).data
    )
    return Block([Text("\n\n".join(parts_)), *parts.notes(r, codings), *parts.left_out(r, codings)])


def overall(r: Report) -> Block:
    """The five statistics at both levels with their intervals, the matched segments, and how to read them."""
    compared = comparison(r)
    if compared is None:
        return Block()
    _, presence, segment = compared
    table = pd.DataFrame(
        {
            "statistic": [r.t(f"agreement.stat.{s}") for s in ag.STATISTICS],
            "presence": [
                parts.value(r, presence.overall[s], presence.overall["ci95"][s]) for s in ag.STATISTICS
            ],
            "characters": [
                parts.value(r, segment.overall[s], segment.overall["ci95"][s]) for s in ag.STATISTICS
            ],
        }
    )
    o = segment.overall
    return Block(
        [
            r.md("agreement.overall", level=2),
            r.table(
                table,
                "agreement.overall_caption",
                precision=2,
                replicates=presence.bootstrap["replicates"],
                seed=str(presence.bootstrap["seed"]),  # an identifier (2022), not a quantity (2,022)
                n_presence=presence.units,
                n_chars=segment.units,
            ),
            r.md(
                "agreement.matched",
                matched=o["matched"],
                overlap=r.number(segment.overlap),
                share_a=parts.percent(r, o["matched_a"]),
                n_a=o["findings_a"],
                share_b=parts.percent(r, o["matched_b"]),
                n_b=o["findings_b"],
            ),
            *([r.md("agreement.no_interval", n=len(presence.studies))] if len(presence.studies) < 2 else []),
            r.md("agreement.reading"),
            *parts.outcome(r, presence),
        ]
    )


def _figures(r: Report, rows: list[dict[str, Any]], key: str, label, column: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            column: [label(row[key]) for row in rows],
            **{c: [row[c] for row in rows] for c in ("both", "a_only", "b_only", "neither")},
            **{
                s: [parts.value(r, row[s]) if row[s] is not None else "—" for row in rows]
                for s in ag.STATISTICS
            },
        }
    )


def by_theme(r: Report) -> Block:
    compared = comparison(r)
    if compared is None:
        return Block()
    presence = compared[1]
    return Block(
        [
            r.md("agreement.by_theme", level=2),
            r.table(
                _figures(r, presence.by_theme, "theme_id", r.theme, "theme"),
                "agreement.by_theme_caption",
                precision=2,
            ),
            r.md("agreement.by_type", level=2),
            r.table(
                _figures(r, presence.by_type, "finding_type", r.finding_type, "finding_type"),
                "agreement.by_type_caption",
                precision=2,
            ),
        ]
    )


def _findings(codings: ag.Codings, side: str, study: str) -> pd.DataFrame:
    f = (codings.a if side == "a" else codings.b).findings
    return f[(f["study_id"] == study) & f["review_status"].eq("reviewed")].set_index("finding_id", drop=False)


def _key(side: str, finding_id: str) -> str:
    return f"{side}-{finding_id}"


def _short(r: Report, side: str, f) -> str:
    return (
        f"{side.upper()} {f.finding_id.rsplit('-', 1)[1]} {r.finding_type(f.finding_type)} · "
        f"{r.theme(f.theme_id, short=True)}"
    )


class _Cells:
    """Table cells that name findings and link to their highlighted quotes; each finding's row anchor is set
    once."""

    def __init__(self, r: Report, findings: dict[str, pd.DataFrame]):
        self.r = r
        self.all = findings  # each side's reviewed findings of the study, by finding id
        self.anchored: set[str] = set()
        self.quotes: dict[str, source_text.Quote] = {}

    def finding(self, side: str, f, with_quote: bool = True) -> Markup:
        key = _key(side, f.finding_id)
        anchor = Markup(' id="f-{}"').format(key) if key not in self.anchored else ""
        self.anchored.add(key)
        self.quotes[key] = source_text.Quote(
            key,
            key,
            int(f.quote_start),
            int(f.quote_end),
            f.finding_type,
            _short(self.r, side, f),
            f"{f.finding_id}: {getattr(f, f'summary_{self.r.lang}')}",
        )
        link = Markup('<a class="sk-to-quote"{} href="#q-{}" title="{}">{}</a>').format(
            anchor, key, self.r.t("profile.to_quote"), _short(self.r, side, f)
        )
        return link + (Markup(": “{}”").format(readable(f.quote)) if with_quote else "")

    def side(self, side: str, found: pd.DataFrame, other: pd.DataFrame, rejected: list[str]) -> Markup:
        """This side's findings of the unit; when it has none, the findings it rejected there (a decision, not
        an oversight) and what it coded on the other side's passages."""
        if len(found):
            return Markup("<br>").join(self.finding(side, f) for f in found.itertuples())
        if rejected:
            ids = ", ".join(f"{side.upper()} {i.rsplit('-', 1)[1]}" for i in rejected)
            said = Markup("— <em>{}</em><br>").format(self.r.t("agreement.rejected_there", ids=ids))
            return said + self.side(side, found, other, [])
        spans = [(int(f.quote_start), int(f.quote_end)) for f in other.itertuples()]
        there = [
            f
            for f in self.all[side].itertuples()
            if any(overlap_share((int(f.quote_start), int(f.quote_end)), s) > 0 for s in spans)
        ]
        if not there:
            return Markup("— <em>{}</em>").format(self.r.t("agreement.nothing_there"))
        return Markup("— <em>{}</em><br>").format(self.r.t("agreement.at_passage")) + Markup("<br>").join(
            self.finding(side, f, with_quote=False) for f in there
        )


def disagreements(r: Report) -> Block:
    """Every presence unit coded by one coder only: both coders' findings side by side, then each study's
    source text."""
    compared = comparison(r)
    if compared is None:
        return Block()
    codings, presence, _ = compared
    out = Block([r.md("agreement.disagreements", level=2)])
    if not presence.disagreements:
        out.append(r.md("agreement.no_disagreements"))
        return out
    out.append(r.md("agreement.disagreements_intro", n=len(presence.disagreements)))
    for study in dict.fromkeys(d["study_id"] for d in presence.disagreements):
        cells = _Cells(r, {s: _findings(codings, s, study) for s in SIDES})
        rows = []
        for d in (d for d in presence.disagreements if d["study_id"] == study):
            found = {s: cells.all[s].loc[d[f"coder_{s}"]] for s in SIDES}
            rows.append(
                {
                    "unit": r.t(
                        "agreement.unit", type=r.finding_type(d["finding_type"]), theme=r.theme(d["theme_id"])
                    ),
                    "coder_a": cells.side("a", found["a"], found["b"], d.get("rejected_a", [])),
                    "coder_b": cells.side("b", found["b"], found["a"], d.get("rejected_b", [])),
                }
            )
        out.append(r.table(pd.DataFrame(rows), "agreement.study_caption", precision=2, label=r.study(study)))
        out.append(_source(r, codings, study, list(cells.quotes.values())))
    return out


def _source(
    r: Report, codings: ag.Codings, study: str, quotes: list[source_text.Quote]
) -> source_text.SourceView:
    text = codings.a.source_text(study)
    shown = codings.a.studies.loc[codings.a.studies["study_id"] == study, "source_file"].iloc[0]
    intro = r.t("agreement.source_intro", source=shown)
    html = (
        f'{source_text.style()}<section class="sk-source"><p>{escape(intro)}</p>'
        f'<div class="sk-source-text">{source_text.markup(text, quotes)}</div></section>'
    )
    return source_text.SourceView(html, f"{intro}\n\n{source_text.marked_text(text, quotes)}")
