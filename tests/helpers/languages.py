"""Words of the other language in a command's output: English function words in what should be Bahasa
Indonesia (and Indonesian ones in English). A leak of a text that never went through the catalogue shows as
such words, whatever the text says; names, ids and quoted data carry none (the tests choose their inputs)."""

from __future__ import annotations

import re

# words that are neither Indonesian nor a name or identifier studykit prints
ENGLISH = re.compile(
    r"\b(the|of|and|is|are|was|with|from|between|every|which|not|no|so|it|its|in|to|by|as|at|be|"
    r"counted|counting|detected|selections?|already|skipped|memo on|maps)\b"
)
INDONESIAN = re.compile(r"\b(yang|dan|tidak|dari|untuk|dengan|sudah|berkas|sebagai|dihitung|dilewati)\b")


def english_words(text: str) -> list[str]:
    """The English words in ``text`` (empty: none)."""
    return ENGLISH.findall(text)


def indonesian_words(text: str) -> list[str]:
    """The Indonesian words in ``text`` (empty: none)."""
    return INDONESIAN.findall(text)


# an English article before a finding type that takes the other one ("a enabler"): read aloud as written
WRONG_ARTICLE = re.compile(r"\b(a (enabler|outcome|effort)|an (barrier|recommendation|context))\b", re.I)


def wrong_articles(text: str) -> list[str]:
    """The places where ``text`` (English) writes "a enabler", "an barrier" and the like."""
    return [m.group(0) for m in WRONG_ARTICLE.finditer(text)]
