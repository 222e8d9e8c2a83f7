"""What changed between a notebook cell's committed outputs (the nbval baseline) and a new run, written for
the person who reads the failed test: which notebook and cell, and a diff of what a reader sees.

nbval's own report compares the first differing output as a Python string: a pandas table is one line of
HTML (``Skipping 2790 identical leading characters``), the comparison is cut after a few lines, and pytest
marks the new run ``-`` and the committed baseline ``+``, the reverse of ``git diff notebooks/`` after
``make baseline``. Here a table is one line per row (cells between ``|``), Markdown is its text, ``-`` is
the committed baseline and ``+`` this run, as git shows it, and each changed row also says which cells
changed, by column. The hook that puts this in place of nbval's report is ``notebooks/conftest.py``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import Any

# the representation of an output a person reads, best first; images are compared through their alt text
READABLE = ("text/html", "text/markdown", "text/plain", "text/latex", "image/svg+xml")
_BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "section", "caption", "hr"}
CELL = " | "


class _Lines(HTMLParser):
    """HTML as lines of text: a table row per line (its cells between ``|``), a block element per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, tuple[str, ...] | None]] = []  # (text, header of the line's table)
        self.text: list[str] = []
        self.row: list[str] | None = None
        self.header: tuple[str, ...] | None = None
        self.in_head = False

    def _flush(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if self.row is not None:
            self.row.append(text)
        elif text:
            self.lines.append((text, None))

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.header = None
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.text = []
        elif tag in _BLOCKS:
            self.text.append(" ")
            if self.row is None:
                self._flush()

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self.row is not None:
            self._flush()
        elif tag == "tr" and self.row is not None:
            row, self.row = tuple(self.row), None
            if self.in_head:
                self.header = row
            self.lines.append((CELL.join(row), None if self.in_head else self.header))
        elif tag == "thead":
            self.in_head = False
        elif tag in _BLOCKS or tag == "table":
            if self.row is None:
                self._flush()
            else:
                self.text.append(" ")

    def handle_data(self, data) -> None:
        self.text.append(data)


def html_lines(html: str) -> list[tuple[str, tuple[str, ...] | None]]:
    parser = _Lines()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.lines


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_lines(
    outputs: Sequence[dict], compared: Callable[[str], bool], sanitize: Callable[[str], str] = str
) -> list[tuple[str, tuple[str, ...] | None]]:
    """The outputs of a cell as lines a person reads, each with the header of the table it is a row of (or
    None): per output its most readable representation among those nbval compares (``compared(key)``)."""
    lines: list[tuple[str, tuple[str, ...] | None]] = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream" and compared(output.get("name", "")):  # nbval compares a stream by its name
            text = sanitize(_text(output.get("text", "")))
            lines += [(f"[{output.get('name')}] {line}", None) for line in text.splitlines()]
        elif kind == "error":
            lines.append((f"{output.get('ename')}: {output.get('evalue')}", None))
        data = output.get("data", {})
        mime = next((m for m in READABLE if m in data and compared(m)), None)
        if mime is None:
            continue
        text = sanitize(_text(data[mime]))
        lines += html_lines(text) if mime == "text/html" else [(line, None) for line in text.splitlines()]
    return lines


def _cells_changed(old: str, new: str, header: tuple[str, ...] | None) -> list[str]:
    """For a table row changed in place: which cells, by column name where the table has a header."""
    before, after = old.split(CELL), new.split(CELL)
    if len(before) != len(after) or len(before) < 2:
        return []
    names = header if header and len(header) == len(after) else [f"cell {i + 1}" for i in range(len(after))]
    return [
        f"      {name or f'cell {i + 1}'}: {a!r} → {b!r}"
        for i, (name, a, b) in enumerate(zip(names, before, after, strict=True))
        if a != b
    ]


def diff(
    committed: Sequence[dict],
    run: Sequence[dict],
    compared: Callable[[str], bool],
    sanitize: Callable[[str], str] = str,
    context: int = 1,
) -> list[str]:
    """A unified diff (``-`` committed baseline, ``+`` this run) of what a reader sees in the two output
    lists; under each row of a table changed in place, the cells that changed."""
    old = output_lines(committed, compared, sanitize)
    new = output_lines(run, compared, sanitize)
    headers = [h for _, h in new]
    matcher = difflib.SequenceMatcher(None, [t for t, _ in old], [t for t, _ in new], autojunk=False)
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@")
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                out += [f"  {t}" for t, _ in old[i1:i2]]
                continue
            out += [f"- {t}" for t, _ in old[i1:i2]]
            out += [f"+ {t}" for t, _ in new[j1:j2]]
            if op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    out += _cells_changed(old[i1 + k][0], new[j1 + k][0], headers[j1 + k])
    return out


def explain(
    notebook: str,
    cell_number: int,
    cell: dict,
    committed: Sequence[dict],
    run: Sequence[dict],
    compared: Callable[[str], bool],
    sanitize: Callable[[str], str] = str,
) -> str:
    """The failure report of one cell whose outputs differ from the committed baseline, in English and Bahasa
    Indonesia (the catalogue's ``baseline.differs``), then the diff and what to do about it."""
    from ..corpus.messages import t

    where = {
        "notebook": notebook,
        "cell": cell_number,
        "count": cell.get("execution_count") or "-",
        "id": cell.get("id") or "-",
    }
    lines = [t("baseline.differs", lang, **where) for lang in ("en", "id")]
    lines += ["", *("    " + line for line in _text(cell.get("source", "")).splitlines()), ""]
    changed = diff(committed, run, compared, sanitize)
    if not changed and (changed := link_diff(committed, run, compared, sanitize)):  # same text, other targets
        changed = [t("baseline.differs_links", lang) for lang in ("en", "id")] + changed
    lines += changed or [t("baseline.differs_unseen", lang) for lang in ("en", "id")]
    return "\n".join(lines)


class _Links(HTMLParser):
    """The links of HTML as ``text → target`` lines, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.href: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.href, self.text = dict(attrs)["href"], []

    def handle_endtag(self, tag) -> None:
        if tag == "a" and self.href is not None:
            self.links.append(f"{' '.join(''.join(self.text).split())} → {self.href}")
            self.href = None

    def handle_data(self, data) -> None:
        if self.href is not None:
            self.text.append(data)


def _links(
    outputs: Sequence[dict], compared: Callable[[str], bool], sanitize: Callable[[str], str]
) -> list[str]:
    found: list[str] = []
    for output in outputs:
        html = output.get("data", {}).get("text/html")
        if html is not None and compared("text/html"):
            parser = _Links()
            parser.feed(sanitize(_text(html)))
            found += parser.links
    return found


def link_diff(
    committed: Sequence[dict],
    run: Sequence[dict],
    compared: Callable[[str], bool],
    sanitize: Callable[[str], str] = str,
    shown: int = 10,
) -> list[str]:
    """Where the text a reader sees is the same: the links whose target differs (``-`` committed, ``+`` this
    run), the first ``shown`` changes and how many more."""
    old, new = _links(committed, compared, sanitize), _links(run, compared, sanitize)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out += [f"- {link}" for link in old[i1:i2]] + [f"+ {link}" for link in new[j1:j2]]
    more = len(out) - shown
    return out[:shown] + ([f"  … (+{more})"] if more > 0 else [])


def accept_hint(notebooks: Sequence[str]) -> list[str]:
    """What to do when a committed notebook's outputs differ from this run, in both languages."""
    from ..corpus.messages import t

    names = ", ".join(sorted(set(notebooks)))
    return [t("baseline.accept", lang, notebooks=names) for lang in ("en", "id")]
