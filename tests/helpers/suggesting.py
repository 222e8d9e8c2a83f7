"""Our own example sentences run through the suggester's rules: the openings that put a sentence in the
results, and what the rules suggest for a text (the unit tests of themes and finding types)."""

from __future__ import annotations

from studykit.coding.suggest import suggest_text

RESULTS_ID = "Hasil penelitian menunjukkan bahwa "
RESULTS_EN = "The results show that "


def kinds(text: str, lexicon) -> set[tuple[str, str]]:
    """(finding type, theme) of every suggestion for ``text``, context included."""
    return {(c.finding_type, c.theme_id) for c in suggest_text(text, lexicon)}


def themes(text: str, lexicon) -> set[str]:
    """The themes suggested for ``text`` as findings (context left out)."""
    return {c.theme_id for c in suggest_text(text, lexicon) if c.finding_type != "context"}


def assert_kinds(text: str, lexicon, expected: tuple[str, str] | None, unexpected: tuple[str, str]) -> None:
    """``text`` gets the (type, theme) ``expected`` (unless None) and never ``unexpected``: one case of the
    type tables."""
    found = kinds(text, lexicon)
    if expected is not None:
        assert expected in found, found
    assert unexpected not in found, found
