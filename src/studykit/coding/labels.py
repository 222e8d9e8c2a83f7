"""What a coder reads of a suggestion, in English or Bahasa Indonesia: the `studykit suggest` table and
the cue labels.

Texts come from the one message catalogue (keys ``suggest.*``), read by
:mod:`studykit.corpus.messages`: the coding wing does not import the reports wing. A cue is
kept in one canonical form (English prefixes, as ``--format json`` prints it); the
words that fired are the source's own and are never translated, only the prefixes that
say where a cue comes from (:data:`CUE_PREFIXES`).
"""

from __future__ import annotations

import re

from ..corpus.codebook import type_word
from ..corpus.messages import LANGS as LANGS
from ..corpus.messages import catalogue as catalogue
from ..corpus.messages import t
from ..corpus.numbers import MINUS, number
from ..corpus.readable import readable
from ..corpus.schema import FINDING_TYPES

LIST_ITEM = "list item: "  # a list item's own words (rules)
MODEL = "model "  # an n-gram that weighed most in the learned model (rank)
LEARNED = "learned: "  # a study variable name analysts coded (cues.learned_cues)
CUE_PREFIXES = {
    LIST_ITEM: "suggest.cue.list_item",
    MODEL: "suggest.cue.model",
    LEARNED: "suggest.cue.learned",
}
TABLE_KEYS = (
    "suggest.col.type",
    "suggest.col.theme",
    "suggest.col.score",
    "suggest.col.start",
    "suggest.col.end",
    "suggest.col.quote",
    "suggest.cues",
    "suggest.none",
)


_WEIGHT = re.compile(r"(?<= )([+-])([0-9]+\.[0-9]+)$")  # a model n-gram's weight, as --format json writes it


def score(value: float, lang: str, decimals: int | None = None) -> str:
    """A suggestion's score as a reader of ``lang`` writes it (0,97 in Bahasa Indonesia), as
    written with ``:g`` when ``decimals`` is None."""
    return number(float(f"{value:g}"), lang, decimals)


def cue_text(cue: str, lang: str) -> str:
    """A cue in ``lang``: its prefix (list item, model n-gram, learned variable name) translated, a model
    n-gram's weight written as the language writes numbers (+4,99), its words as they are, read as a reader
    reads them: a word hyphenated at a line end whole, no soft hyphen or other invisible format character
    (:func:`~studykit.corpus.readable.readable`; the reading of the text the cue words come from marks a line
    end's hyphenation with a soft hyphen)."""
    cue = readable(cue)
    for prefix, key in CUE_PREFIXES.items():
        if cue.startswith(prefix):
            rest = cue[len(prefix) :]
            if prefix == MODEL and (m := _WEIGHT.search(rest)):
                sign = "+" if m.group(1) == "+" else MINUS
                rest = (
                    rest[: m.start()] + sign + number(float(m.group(2)), lang, len(m.group(2).split(".")[1]))
                )
            return t(key, lang, cue=rest)
    return cue


def cue_list(cues: list[str], lang: str) -> str:
    """The cues of a suggestion on one line, in ``lang`` (:func:`cue_text`)."""
    return ", ".join(cue_text(cue, lang) for cue in cues)


def table(candidates, lang: str = "en", width: int = 70) -> str:
    """The suggestions as a plain-text table for a terminal, in ``lang``."""
    head = [t(k, lang) for k in TABLE_KEYS[:6]]
    w = max(15, *(len(type_word(k, lang)) for k in FINDING_TYPES))  # "faktor penghambat": 17
    lines = [f"{head[0]:<{w}} {head[1]:<5} {head[2]:>5} {head[3]:>6} {head[4]:>6}  {head[5]}"]
    for c in candidates:
        quote = readable(c.quote)  # one line on screen, as the reports show it; the JSON keeps the exact span
        quote = quote if len(quote) <= width else quote[: width - 1] + "…"
        kind = type_word(c.finding_type, lang)
        lines.append(
            f"{kind:<{w}} {c.theme_id:<5} {score(c.score, lang, 2):>5} {c.start:>6} {c.end:>6}  {quote}"
        )
        lines.append(f"{'':<{w + 27}}{t('suggest.cues', lang, cues=cue_list(c.cues, lang))}")
    if not candidates:
        lines.append(t("suggest.none", lang))
    return "\n".join(lines)
