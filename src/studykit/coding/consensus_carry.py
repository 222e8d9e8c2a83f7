"""What a consensus merge carries over from coder B besides the study files: memos and decision logs.

The merged directory starts as a copy of A's. Then each of B's memos (``memos/project.md``,
``memos/studies/<id>.md``, ``memos/themes/<id>.md``, ``memos/findings/<id>.md``) is carried to
the same place, a finding memo to the finding's merged id (B's findings are renumbered). A target
has one memo file, so where A has a memo on the same target too, the two are joined into one
(:func:`joined_memo`): each text under its author's name and date, A's first, separated by a
rule, with valid front matter (both authors, the later date, the language when both state the
same). A memo identical to A's is kept once.

B's decision log of a study (``decisions/<id>.jsonl``, written by the workbench) is appended to
A's, each entry marked ``merged_from`` (B's name) with B's finding id in ``finding_id_b`` and
``finding_id`` the finding's merged id; an entry on a finding B has since deleted keeps
``<id>@B`` there, so that it never names a finding of A. A log identical to A's is kept once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..corpus.layout import MEMOS_DIR, memo_place
from ..corpus.memos import document, parse
from ..corpus.messages import LANGS, t
from .bench.decisions import DECISIONS_DIR, log_text


@dataclass(frozen=True)
class Carried:
    """One file of B carried into the merged coding: its kind (memo or decisions), B's path and the
    merged path (relative to the data directory), and how: copied, joined (with A's), same (as A's,
    kept once) or appended (a decision log added to A's)."""

    kind: str
    source: str
    target: str
    how: str


def _part(head, body: str, coder: str) -> str:
    """One coder's memo in a joined memo: "**Ani (coding A), 2026-12-01:**" then its text, in the memo's own
    language (English when it states none)."""
    lang = head.language if head.language in LANGS else "en"
    said = t("consensus.memo_part", lang, author=head.author, coder=coder, date=head.date)
    return f"**{said}**\n\n{body.strip()}"


def joined_memo(text_a: str | None, text_b: str, authors: tuple[str, str]) -> str:
    """One memo of two on the same target: each body under its author and date, A's first."""
    if not text_a or not text_a.strip():
        return text_b
    if text_a.strip() == text_b.strip():
        return text_a
    (head_a, body_a), (head_b, body_b) = parse(text_a, "A"), parse(text_b, "B")
    language = head_a.language if head_a.language == head_b.language else None
    author = head_a.author if head_a.author == head_b.author else f"{head_a.author} + {head_b.author}"
    if len(author) > 200:
        author = author[:199] + "…"
    parts = [_part(head, body, coder) for head, body, coder in ((head_a, body_a, "A"), (head_b, body_b, "B"))]
    return document(author, str(max(head_a.date, head_b.date)), "\n\n* * *\n\n".join(parts), language)


def carry_memos(b_dir: Path, out: Path, b_ids: dict[str, str], authors: tuple[str, str]) -> list[Carried]:
    """Carry B's memo files into ``out`` (finding memos to their merged ids: ``b_ids``)."""
    root, carried = b_dir / MEMOS_DIR, []
    if not root.is_dir():
        return carried
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        place = memo_place(path.relative_to(root).parts)
        if place is None:
            continue
        level, target = place
        rel = path.relative_to(b_dir).as_posix()
        if level == "finding":
            target = b_ids.get(target, target)
            rel_out = f"{MEMOS_DIR}/findings/{target}.md"
        else:
            rel_out = rel
        there = out / rel_out
        text_b = path.read_text(encoding="utf-8")
        if there.exists():
            text_a = there.read_text(encoding="utf-8")
            how = "same" if text_a.strip() == text_b.strip() else "joined"
            text = text_a if how == "same" else joined_memo(text_a, text_b, authors)
        else:
            how, text = "copied", text_b
        there.parent.mkdir(parents=True, exist_ok=True)
        there.write_text(text, encoding="utf-8", newline="")
        carried.append(Carried("memo", rel, rel_out, how))
    return carried


def carry_decisions(
    b_dir: Path, out: Path, study: str, b_ids: dict[str, str] | None, coder_b: str
) -> Carried | None:
    """Carry B's decision log of ``study``: copied (a study only B coded: ``b_ids`` None) or appended to
    A's with B's finding ids mapped to the merged ones."""
    rel = f"{DECISIONS_DIR}/{study}.jsonl"
    there = out / rel
    # each read bounded, confined to its decisions/ and as it is (not UTF-8: a CodingError naming the log)
    text_b = log_text(b_dir, study)
    if not text_b:
        return None
    text_a = log_text(out, study)
    if text_a == text_b:
        return Carried("decisions", rel, rel, "same")
    there.parent.mkdir(parents=True, exist_ok=True)
    if b_ids is None and not text_a:
        there.write_text(text_b, encoding="utf-8", newline="")
        return Carried("decisions", rel, rel, "copied")
    lines = []
    for line in text_b.splitlines():
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(entry, dict):
            continue
        old = entry.get("finding_id")
        if isinstance(old, str) and b_ids is not None:
            entry["finding_id"] = b_ids.get(old, f"{old}@B")
            entry["finding_id_b"] = old
        entry["merged_from"] = coder_b
        lines.append(json.dumps(entry, ensure_ascii=False) + "\n")
    head = text_a if not text_a or text_a.endswith("\n") else text_a + "\n"
    there.write_text(head + "".join(lines), encoding="utf-8", newline="")
    return Carried("decisions", rel, rel, "appended" if text_a else "copied")
