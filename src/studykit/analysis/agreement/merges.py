"""Two codings of one codebook, one of them coded before a merge the other's codebook declares.

When A's ``themes.yaml`` declares ``merged: [{theme_id: T05, into: T04}]`` and B still has T05 as a theme
(B coded before the merge, or was given the old codebook), B's T05 findings are compared as T04, which is
what they are in today's codebook: like with like, in memory only (B's files are not touched). The same the
other way round. Retired and split themes have no one theme to go to: they still make the codebooks differ
(:func:`.pairing.pair` refuses, saying what to recode).
"""

from __future__ import annotations

import dataclasses

from ...corpus.load import Corpus


def along_merges(a: Corpus, b: Corpus) -> tuple[Corpus, Corpus, dict[str, dict[str, str]]]:
    """(A, B, side -> {old theme id: the theme it went into}) with each side's findings on a theme the other
    side's codebook merged recoded to the theme it went into, and that theme gone from its codebook."""
    recoded: dict[str, dict[str, str]] = {}
    sides = {"a": a, "b": b}
    for side, other in (("a", "b"), ("b", "a")):
        older, newer = sides[side], sides[other]
        ids = set(older.theme_ids)
        moved = {old: into for old, into in newer.merged.items() if old in ids and into in ids}
        if moved:
            sides[side] = recode(older, moved)
            recoded[side] = dict(sorted(moved.items()))
    return sides["a"], sides["b"], recoded


def disagreeing(a: Corpus, b: Corpus) -> list[tuple[str, str, str]]:
    """(theme, the theme A's codebook merged it into, B's) for each theme the two codebooks merged into
    different themes: a finding both coded on it would be compared as two themes, the codebooks' difference
    counted as the coders'."""
    return sorted(
        (old, a.merged[old], b.merged[old])
        for old in set(a.merged) & set(b.merged)
        if a.merged[old] != b.merged[old]
    )


def recode(corpus: Corpus, moved: dict[str, str]) -> Corpus:
    """``corpus`` with the findings on the themes of ``moved`` on the themes they went into (a secondary theme
    that becomes the finding's theme is left out, as ``validate`` asks of a merge), and those themes gone."""
    findings = corpus.findings.copy()
    findings["theme_id"] = findings["theme_id"].replace(moved)
    secondary = findings["secondary_theme_id"].replace(moved)
    findings["secondary_theme_id"] = secondary.where(secondary != findings["theme_id"], None)
    themes = corpus.themes[~corpus.themes["theme_id"].isin(list(moved))].reset_index(drop=True)
    merged = {**corpus.merged, **moved}
    return dataclasses.replace(corpus, findings=findings, themes=themes, merged=merged)


def described(recoded: dict[str, dict[str, str]]) -> dict[str, str]:
    """Side -> 'T05 → T04, T07 → T06', as the notes print it."""
    return {side: ", ".join(f"{k} → {v}" for k, v in pairs.items()) for side, pairs in recoded.items()}
