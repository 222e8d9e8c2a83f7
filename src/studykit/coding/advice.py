"""Recommendations that go on past a comma: the items of one recommendation cut into clauses of their own.

"The study recommends strengthening the capacity of officers, clear procedures, and active participation":
the clauses after the one with the recommendation word, joined to it by a comma only (no contrast, no
semicolon), are recommendations too, whatever their own valence ("clear", "active"); a problem named after
it is none ("karena harus pergi jauh, kurangnya pemahaman …": *harus* states no advice there).
"""

from __future__ import annotations

from dataclasses import replace

ADVICE = "recommendation"


def advised_runs(text: str, clauses: list, head_of) -> list:
    """``clauses`` with each results clause that follows a recommendation of its sentence after a bare comma
    and names no problem made a recommendation with that recommendation's cues (``head_of(clause)``: its
    type and cues)."""
    out = list(clauses)
    for n in range(1, len(out)):
        before, c = out[n - 1], out[n]
        if (
            c.sentence == before.sentence
            and c.in_results
            and before.base == ADVICE
            and c.base not in (ADVICE, "barrier")
            and text[before.end : c.start].strip() == ","
        ):
            out[n] = replace(c, base=ADVICE, head=before.head or head_of(before))
    return out
