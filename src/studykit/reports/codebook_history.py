"""How the codebook changed while coding, as one plain line per change in a report's language: themes added
(with an ``added`` date, or emergent), merged, split and retired (:mod:`studykit.corpus.themechanges`), each
with the themes concerned, its date and why. The codebook report and methods appendix show these lines (HTML
escaped), the Word codebook writes them as they are."""

from __future__ import annotations

from ..corpus.load import Corpus
from . import i18n


def change_lines(corpus: Corpus, lang: str) -> list[str]:
    """One line per change of ``corpus.changes`` (dated ones in date order, then the undated)."""
    t = lambda key, **v: i18n.t(key, lang, **v)  # noqa: E731
    origins = dict(zip(corpus.themes["theme_id"], corpus.themes["origin"], strict=True))
    lines = []
    for change in corpus.changes:
        shown = [change.theme_id] if change.kind == "added" else change.into  # a retired one has no label
        into = "; ".join(f"{t_id} {i18n.label(corpus.themes, 'theme_id', t_id, lang)}" for t_id in shown)
        origin = t(f"codebook.origin.{origins[change.theme_id]}") if change.kind == "added" else ""
        lines.append(
            t(
                f"codebook.change.{change.kind}",
                theme=change.theme_id,
                into=into,
                origin=origin,
                date=change.date or t("codebook.change.undated"),
                note=change.note or t("codebook.change.no_note"),
            )
        )
    return lines
