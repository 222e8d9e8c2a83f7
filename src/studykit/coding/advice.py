"""Recommendations that go on past a comma: the items of one recommendation cut into clauses of their own.

"The study recommends strengthening the capacity of officers, clear procedures, and active participation":
the clauses after the one with the recommendation word, joined to it by a comma only (no contrast, no
semicolon), are recommendations too, whatever their own valence ("clear", "active"); a problem named after
it is none ("karena harus pergi jauh, kurangnya pemahaman …": *harus* states no advice there). Likewise the
acts listed before the recommendation word ("strengthening A, ensuring B, and enhancing C are required").
"""

from __future__ import annotations

import re
from dataclasses import replace

ADVICE = "recommendation"
_ACT = re.compile(r"[a-z]{3,}ing$|pe[a-z]{4,}an$|(me|di)[a-z]{4,}$")  # "strengthening", "penguatan"


def advice_items(text: str, clauses: list, head_of) -> list:
    """``clauses`` with the items of a recommendation made recommendations with its cues (``head_of(clause)``:
    its type and cues): each results clause after it in its sentence after a bare comma that names no
    problem, and each before it that opens with an act (*strengthening*, *penguatan*, *meningkatkan*)."""
    out = list(clauses)
    for n in range(1, len(out)):
        before, c = out[n - 1], out[n]
        if _joined(text, before, c) and before.base == ADVICE and c.base not in (ADVICE, "barrier"):
            out[n] = replace(c, base=ADVICE, head=before.head or head_of(before))
    for n in range(len(out) - 2, -1, -1):
        c, after = out[n], out[n + 1]
        act = bool(c.toks) and bool(_ACT.match(c.toks[0].surface))
        if act and _joined(text, c, after) and after.base == ADVICE and c.base in (None, "enabler"):
            out[n] = replace(c, base=ADVICE, head=after.head or head_of(after))
    return out


def _joined(text: str, a, b) -> bool:
    """Whether clause b follows clause a of the same sentence in the results after a bare comma."""
    return a.sentence == b.sentence and a.in_results and b.in_results and text[a.end : b.start].strip() == ","
