"""The memo index of the methods appendix: every memo (project, studies, themes, findings) with its author,
date, language, first words and a link to the report that shows it.

It is a section of the appendix (:mod:`.methods` re-exports it for the notebook) because memos are the
analysts' reflexive record, which is what an appendix reports; ENTREQ has no item of its own for them.
"""

from __future__ import annotations

import pandas as pd

from .. import html, links, markdown, memos
from ..report import Block, Report, Text

MEMO_ROWS = 200  # memos listed in the index before the rest are counted
EXCERPT = 120  # characters of a memo shown in the index


def _memo_target(r: Report, memo) -> tuple[str, str | None]:
    """What a memo is about, and where it is shown (a link from this report)."""
    if memo.level == "project":
        return r.t("memo.level.project"), f"#{memos.anchor('project', '')}"
    if memo.level == "study":
        return r.study(memo.target), links.profile(
            r.notebook, memo.target
        ) + f"#{memos.anchor('study', memo.target)}"
    if memo.level == "theme":
        return (
            f"{memo.target} {r.theme(memo.target)}",
            f"{links.to_root(r.notebook)}codebook.html#{memos.anchor('theme', memo.target)}",
        )
    return memo.target, links.profile(r.notebook, memo.study_id) + f"#{memos.anchor('finding', memo.target)}"


def memo_index(r: Report) -> Block:
    """Every memo (project, studies, themes, findings) with its byline, its first words and a link to where
    it is shown."""
    all_memos = r.corpus.memos
    out = Block([r.md("methods.memos", level=2)])
    if all_memos.empty:
        out.append(r.md("methods.no_memos"))
        return out
    out.append(r.md("methods.memos_text", n_memos=len(all_memos)))
    rows = []
    for memo in all_memos.head(MEMO_ROWS).itertuples():
        about, href = _memo_target(r, memo)
        first = markdown.to_text(memo.text)  # the words, not their Markdown
        rows.append(
            {
                "memo_on": r.t(f"memo.level.{memo.level}"),
                "memo_about": html.link(href, about) if href else about,
                "memo_author": memo.author,
                "memo_date": memo.date,
                "memo_language": r.t(f"memo.language.{memo.language}")
                if memo.language in memos.LANGUAGE_NAMES
                else r.t("memo.language_none"),
                "memo_excerpt": first[:EXCERPT] + ("…" if len(first) > EXCERPT else ""),
            }
        )
    out.append(r.table(pd.DataFrame(rows), "methods.memos_caption", filterable=len(rows) > 12))
    if len(all_memos) > MEMO_ROWS:
        out.append(Text(html.escape(r.t("list.more", n=len(all_memos) - MEMO_ROWS))))
    return out
