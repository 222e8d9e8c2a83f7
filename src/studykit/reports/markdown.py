"""Safe Markdown → HTML for text an analyst wrote (memos): hostile text stays text.

CommonMark by markdown-it-py with raw HTML off (a ``<script>`` in a memo is
shown as the characters ``<script>``), links only to ``http``, ``https``,
``mailto`` or a relative address (``javascript:``, ``data:``, ``file:`` and every
other scheme is left as plain text), and images never fetched: an image is shown
as a link with its alt text, so a report stays offline. Headings of a memo are
moved below the report's own (``#`` becomes ``<h4>``). Plain data text such as
labels and names is escaped elsewhere (``html.escape``); this is only for Markdown.
"""

from __future__ import annotations

import html
import re
from functools import cache
from urllib.parse import unquote

from markdown_it import MarkdownIt

from .html import Html, escape

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
SCHEME = re.compile(r"^([^/?#]*):")  # anything before a colon that comes before any / ? #
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
HEADING_SHIFT = 3  # a memo's '#' is a level-4 heading inside a report section


def safe_link(url: str) -> bool:
    """Whether ``url`` may be a link: http, https, mailto, or relative (no scheme).

    Checked after decoding entities and percent-escapes and dropping invisible characters,
    so that ``java&#9;script:`` or ``java%0ascript:`` counts as the scheme it spells. A protocol-relative
    ``//host/x`` and a backslash form (``\\\\host\\share``, ``/\\host``; browsers read ``\\`` as ``/``) name
    another host without a scheme: they are not relative, and stay text.
    """
    bare = INVISIBLE.sub("", unquote(html.unescape(url))).lower()
    if bare.startswith("\\") or bare.replace("\\", "/").startswith("//"):
        return False
    match = SCHEME.match(bare)
    return match is None or match.group(1) in ALLOWED_SCHEMES


def _image(renderer, tokens, idx, options, env) -> str:
    """An image as a link to it (never loaded), its alt text as the link text."""
    token = tokens[idx]
    alt = "".join(child.content for child in token.children or []) or token.attrGet("src") or ""
    return f'<a class="sk-memo-image" href="{escape(token.attrGet("src") or "")}">[{escape(alt)}]</a>'


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_SHIFT)}"


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.validateLink = safe_link  # links and images with another scheme stay text
    md.add_render_rule("image", _image)
    md.core.ruler.push("studykit_headings", _shift_headings)
    return md


def to_html(text: str) -> Html:
    """The Markdown ``text`` as trusted HTML: raw HTML escaped, only safe links, no image fetched."""
    return Html(_parser().render(str(text)))


def to_text(text: str) -> str:
    """The words of the Markdown ``text`` as a reader sees them, on one line: no ``**``, ``#`` or link
    syntax ("[the codebook](https://…)" reads "the codebook"); code and image alt text kept as text."""
    words: list[str] = []
    for token in _parser().parse(str(text)):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
                elif child.type == "image":
                    words.append(child.content)
            words.append(" ")
        elif token.type in ("code_block", "fence"):
            words.append(token.content + " ")
    return " ".join("".join(words).split())
