"""A study file changed line by line, so that every line a program did not change stays as written.

ruamel's round trip keeps comments, key order and block scalars, but it writes every scalar again:
a file wrapped at another width, or with lists at the key's column (the synthetic generator's
style, or another editor's), comes back re-wrapped and re-indented throughout, though only a few
keys changed. :func:`spliced` instead edits A's text where the merge changed it: the ``coded_by``
line, the keys set in each of A's findings (``coders``, ``review_status``, ``memo``), a line each,
at its place in schema order, B's findings appended after A's, in the house style, and the comments
above the study-level fields the coders coded differently (``to settle (studykit consensus): …``). The result
is parsed and compared with what the round trip writes; any difference (or a layout it does not
handle: findings not the file's last key, a flow-style list) returns None, and the caller writes
the round trip's text instead.
"""

from __future__ import annotations

from typing import Any

from ..corpus.readers import parse_yaml
from . import studyfile

FIELDS = studyfile.FINDING_FIELDS


def _fragment(key: str, value: Any, col: int) -> list[str]:
    """``key: value`` as YAML lines indented to ``col``."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    mapping[key] = value
    return [" " * col + line for line in studyfile.dump(mapping).splitlines()]


def _edit_finding(lines: list[str], start: int, end: int, old: Any, new: Any) -> list[str]:
    """The lines ``start:end`` of one finding of A (``old`` as read, ``new`` as merged) with the keys the
    merge set or changed written at their places."""
    block = lines[start:end]
    while block and not block[-1].strip():  # blank lines after a finding stay after it
        block.pop()
    tail = lines[start + len(block) : end]
    keys = [k for k in old if k in FIELDS]
    at = {k: old.lc.key(k)[0] - start for k in keys}
    col = old.lc.key(keys[0])[1]
    spans = {k: (at[k], ([at[j] for j in keys if at[j] > at[k]] or [len(block)])[0]) for k in keys}
    edits: list[tuple[int, int, list[str]]] = []  # (from, to, lines) on the block
    for key in new:
        if key in old and old[key] == new[key]:
            continue
        if key in old:
            edits.append((*spans[key], _fragment(key, new[key], col)))
            continue
        later = [at[k] for k in keys if FIELDS.index(k) > FIELDS.index(key)] if key in FIELDS else []
        here = min(later) if later else len(block)
        edits.append((here, here, _fragment(key, new[key], col)))
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for begin, stop, text in (edits[i] for i in order):  # from the end, so that earlier places hold
        block[begin:stop] = text
    return block + tail


def _comment_at(old: Any, anchor: str) -> tuple[int, int]:
    """The line and column of the key a comment of ``anchor`` (``note``, ``source.title``) goes above."""
    key, _, sub = anchor.partition(".")
    return old[key].lc.key(sub) if sub else (old.lc.key(key)[0], 0)


def spliced(text_a: str, merged: Any, n_a: int, comments: dict[str, str] | None = None) -> str | None:
    """A's study file text with the merge's changes: ``merged`` is the merged round-trip document whose
    first ``n_a`` findings are A's (set in place), the rest B's; ``comments`` go above the study-level keys
    they name (dotted for a key of a mapping). None when the layout is not one this edits line by line,
    or the result would not read as ``merged``."""
    try:
        old = studyfile.load(text_a)
        found = old.get("findings")
        keys = list(old.keys())
        if not found or keys[-1] != "findings" or len(found) != n_a or found.fa.flow_style():
            return None
        lines = text_a.splitlines()
        top = {k: old.lc.key(k)[0] for k in keys}
        starts = [found.lc.item(i)[0] for i in range(n_a)] + [len(lines)]
        dash = found.lc.item(0)[1] - 2
        out = lines[: starts[0]]
        for i in range(n_a):
            out += _edit_finding(lines, starts[i], starts[i + 1], found[i], merged["findings"][i])
        added = list(merged["findings"])[n_a:]
        if added:
            from ruamel.yaml.comments import CommentedMap, CommentedSeq

            seq = CommentedSeq(added)
            seq.fa.set_block_style()
            holder = CommentedMap()
            holder["findings"] = seq
            out += studyfile.dump(holder, (4096, max(dash, 0))).splitlines()[1:]
        header: list[tuple[int, int, list[str]]] = []  # (from, to, lines) above the findings, as in A
        if merged.get("coded_by") != old.get("coded_by"):
            line = top["coded_by"]
            stop = min([v for v in top.values() if v > line] or [len(lines)])
            header.append((line, stop, _fragment("coded_by", merged["coded_by"], 0)))
        for anchor, comment in (comments or {}).items():
            line, col = _comment_at(old, anchor)
            header.append((line, line, [" " * col + "# " + c for c in comment.splitlines()]))
        for begin, stop, text in sorted(header, key=lambda e: (e[0], e[1]), reverse=True):
            out[begin:stop] = text  # from the end, so that earlier places hold
        text = "\n".join(out) + "\n"
        if parse_yaml(text, "merged") != parse_yaml(studyfile.dump(merged), "merged"):
            return None
        return text
    except Exception:  # noqa: BLE001 - any layout this does not handle: the round trip writes the file
        return None
