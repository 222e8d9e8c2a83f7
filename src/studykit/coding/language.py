"""Which language a stretch of text is in: Bahasa Indonesia or English, by their commonest function words.

Abstracts of Indonesian theses are Indonesian, often followed by an English
version. Function words separate the two reliably on a sentence or more, with
no model to download.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
FUNCTION_WORDS = {
    "id": frozenset(
        "yang dan di dengan ini dari dalam untuk pada adalah tidak akan oleh serta atau juga ke bahwa "
        "karena sebagai telah sudah belum masih merupakan tersebut".split()
    ),
    "en": frozenset(
        "the of and to in is was are were this that with by for on as be it its from which have has not "
        "been an at".split()
    ),
}


def guess_language(text: str) -> str | None:
    """'id' or 'en' for the language with more function words in ``text``; None when neither has any."""
    counts = {lang: 0 for lang in FUNCTION_WORDS}
    for word in _WORD.findall(text.lower()):
        for lang, words in FUNCTION_WORDS.items():
            if word in words:
                counts[lang] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def languages_of(text: str, min_words: int = 8, min_share: float = 0.2) -> list[str]:
    """The languages of a document, Indonesian first: each sentence of ``min_words`` words or more votes for
    one;
    a language counts with at least ``min_share`` of the votes (a stray English sentence is not a
    translation)."""
    votes = {lang: 0 for lang in FUNCTION_WORDS}
    for sentence in re.split(r"\n\s*\n|(?<=[.!?])\s+", text):
        if len(_WORD.findall(sentence)) >= min_words and (lang := guess_language(sentence)):
            votes[lang] += 1
    total = sum(votes.values())
    if not total:
        lang = guess_language(text)
        return [lang] if lang else []
    return [lang for lang, n in votes.items() if n and n / total >= min_share]
