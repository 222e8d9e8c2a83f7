"""A source text with every coded quote highlighted and labelled with its finding, as QDA document views show
it.

Quotes overlap and nest, so the text cannot be wrapped quote by quote: it is cut at
every quote boundary into segments (:func:`segments`), each knowing the quotes that
cover it. A segment is highlighted in the colour of its innermost quote's finding
type; text that several quotes share gets a darker underline, and its hover text
names the quotes covering it. Every quote gets its
own label where it starts: a link back to its finding's row (``#f-<finding_id>``)
that carries the quote's anchor (``id="q-<key>"``), so overlapping quotes still have
one anchor each. Offsets are the raw-text spans recorded by
:mod:`studykit.corpus.provenance`: ``text[start:end]`` is the passage as published,
with the source's own whitespace, which may differ from the quote as coded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from ...corpus.codebook import HIGHLIGHT_COLOURS

FINDING_COLOURS = HIGHLIGHT_COLOURS


@dataclass(frozen=True)
class Quote:
    """One highlighted span of the source and how it is labelled."""

    key: str  # anchor q-<key>: the finding id, or "<finding_id>-en" for an English parallel quote
    finding_id: str  # the row its label links back to
    start: int
    end: int
    finding_type: str
    label: str  # shown where the quote starts, in the report's language
    title: str = ""  # hover text of the label


@dataclass(frozen=True)
class Segment:
    """A piece of the text between two quote boundaries, with the quotes covering all of it, outermost
    first."""

    start: int
    end: int
    keys: tuple[str, ...]


def _ordered(quotes: Iterable[Quote]) -> list[Quote]:
    """Outermost first: earlier start, then longer, then key (a stable order for quotes with equal spans)."""
    return sorted(quotes, key=lambda q: (q.start, -q.end, q.key))


def segments(length: int, quotes: Iterable[Quote]) -> list[Segment]:
    """Cut ``[0, length)`` at every quote boundary; the segments partition the text in order.

    A segment outside every quote has no keys. A span outside the text or empty is
    an error: offsets come from the corpus, where every quote was located.
    """
    quotes = _ordered(quotes)
    for q in quotes:
        if not 0 <= q.start < q.end <= length:
            raise ValueError(
                f"quote {q.key}: span {q.start}–{q.end} is not inside a text of {length} characters"
            )
    cuts = sorted({0, length, *(q.start for q in quotes), *(q.end for q in quotes)})
    return [
        Segment(a, b, tuple(q.key for q in quotes if q.start <= a and b <= q.end))
        for a, b in zip(cuts, cuts[1:], strict=False)
        if a < b
    ]


def markup(text: str, quotes: Iterable[Quote]) -> str:
    """The text as HTML: quoted segments as ``<mark>``, each quote's label (its anchor) where it starts; all
    text escaped."""
    quotes = _ordered(quotes)
    by_key = {q.key: q for q in quotes}
    if len(by_key) != len(quotes):
        raise ValueError("two quotes share a key; each needs its own anchor")
    opening: dict[int, list[Quote]] = defaultdict(list)
    for q in quotes:
        opening[q.start].append(q)
    parts = []
    for seg in segments(len(text), quotes):
        parts += [_label(q) for q in opening.get(seg.start, ())]
        piece = escape(text[seg.start : seg.end], quote=False)
        if not seg.keys:
            parts.append(piece)
            continue
        inner = by_key[seg.keys[-1]]
        depth = f" sk-d{min(len(seg.keys), 3)}" if len(seg.keys) > 1 else ""
        parts.append(
            f'<mark class="sk-q sk-t-{escape(inner.finding_type)}{depth}" '
            f'title="{escape(" + ".join(seg.keys))}">{piece}</mark>'
        )
    return "".join(parts)


def _label(q: Quote) -> str:
    title = f' title="{escape(q.title)}"' if q.title else ""
    return (
        f'<a class="sk-ql sk-t-{escape(q.finding_type)}" id="q-{escape(q.key)}" '
        f'href="#f-{escape(q.finding_id)}"{title}>'
        f"{escape(q.label, quote=False)}</a>"
    )


def marked_text(text: str, quotes: Iterable[Quote]) -> str:
    """The text with ``⟦key `` … `` key⟧`` around every quote: a plain-text form for diffs and regression
    checks."""
    quotes = _ordered(quotes)
    inserts: dict[int, list[str]] = defaultdict(list)
    for q in reversed(quotes):  # closing: innermost first
        inserts[q.end].append(f" {q.key}⟧")
    for q in quotes:  # then opening: outermost first
        inserts[q.start].append(f"⟦{q.key} ")
    out, at = [], 0
    for cut in sorted(inserts):
        out += [text[at:cut], *inserts[cut]]
        at = cut
    return "".join(out) + text[at:]


def style() -> str:
    """The CSS of the document view and of a finding row targeted from it (class names prefixed ``sk-``)."""
    colours = "\n".join(f".sk-t-{t} {{ background: {c}; }}" for t, c in FINDING_COLOURS.items())
    return f"""<style>
.sk-source {{ max-width: 52em; }}
.sk-legend {{ display: flex; flex-wrap: wrap; gap: .3em 1.2em; margin: .4em 0 .8em; font-size: .9em; }}
.sk-swatch {{ display: inline-block; width: 1.4em; height: .95em; vertical-align: -.1em; margin-right: .35em; border-radius: 2px; }}
.sk-source-text {{ white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.9; font-size: 1rem;
  border-left: 3px solid #d0d7de; padding: .3em 0 .3em 1em; margin: 0; }}
mark.sk-q {{ color: inherit; padding: .12em 0; border-radius: 2px; }}
mark.sk-d2, .sk-swatch.sk-d2 {{ box-shadow: inset 0 -2px 0 #57606a; }}
mark.sk-d3 {{ box-shadow: inset 0 -4px 0 #24292f; }}
.sk-source-text a.sk-ql {{ font: 600 .72em/1.2 system-ui, sans-serif; color: #1f2328; text-decoration: none; white-space: nowrap;
  border: 1px solid #6e7781; border-radius: .8em; padding: .05em .5em; margin: 0 .3em 0 .15em; vertical-align: .15em; scroll-margin-top: 35vh; }}
.sk-source-text a.sk-ql:hover {{ text-decoration: underline; }}
.sk-source-text a.sk-ql:target {{ outline: 3px solid #0550ae; outline-offset: 2px; }}
a.sk-to-quote {{ white-space: nowrap; scroll-margin-top: 35vh; }}
tr:has(a.sk-to-quote:target) > * {{ background: #fff1b8 !important; }}
{colours}
</style>"""  # noqa: E501 - a text block (script, template or fixture) kept as written


class SourceView:
    """A display object: the document view as HTML for readers, the text with quote markers as its plain
    form."""

    def __init__(self, html: str, plain: str):
        self.html = html
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain
