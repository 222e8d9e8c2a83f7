"""A report parameter refused: the value, the allowed ones and the one a mistyped value likely means, in both
languages (:mod:`.params` raises it; a notebook shows it instead of a traceback)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..corpus.problems import Said


class ParameterError(ValueError):
    """A report parameter with a value outside its allowed set; the message names both, in English (its
    ``str``) and Bahasa Indonesia (``indonesian``), with the allowed value a mistyped one likely means.

    ``allowed``: the allowed values, or a text of the catalogue (a ``Said``; a plain string is the same in
    both languages); ``guess_from``: the values a mistyped one may mean, when ``allowed`` is a text."""

    def __init__(self, name: str, value: Any, allowed: Sequence[Any] | str | Said, guess_from=None):
        from ..corpus.advice import loosely, near
        from ..corpus.messages import phrase, t

        self.name, self.value = name, value
        guess = ""
        if guess_from is None and isinstance(allowed, (list, tuple)):
            guess_from = (
                allowed  # ``guess_from``: the values a mistyped one may mean, when ``allowed`` is a text
            )
        if isinstance(value, str) and guess_from is not None and value:
            choices = [a for a in guess_from if isinstance(a, str) and a]
            same = [a for a in choices if loosely(a) == loosely(value)]  # 'T04' for 't04', 'T4', 'T04 '
            guess = ", ".join(
                repr(a) for a in same or _said_in_indonesian(value, choices) or near(value, choices)
            )
        texts = {}
        for lang in ("en", "id"):
            shown = (
                phrase(allowed, lang)
                if isinstance(allowed, (str, Said))
                else ", ".join(repr(a) for a in allowed)
            )
            texts[lang] = t("problem.parameter", lang, name=name, value=value, allowed=shown) + (
                t("render.did_you_mean", lang, guess=guess) if guess else ""
            )
        self.indonesian = texts["id"]
        super().__init__(texts["en"])

    def _render_traceback_(self) -> list[str]:
        """IPython (a notebook, JupyterLab) shows this instead of a traceback: the message is the whole story,
        in both languages (the notebook's ``lang`` may be the value that is wrong)."""
        return [f"ParameterError: {self}", f"ParameterError: {self.indonesian}"]


def _said_in_indonesian(value: str, choices: Sequence[str]) -> list[str]:
    """The finding type an Indonesian name means ('penghambat', 'Faktor penghambat' for 'barrier'), as an
    analyst of an Indonesian notebook writes it (the reports name them so)."""
    if not set(choices) & {"barrier", "enabler"}:
        return []
    from ..corpus.codebook import FINDING_TYPE_INFO

    names = {n.casefold(): k for k, info in FINDING_TYPE_INFO.items() for n in (info.label_id, info.word_id)}
    meant = names.get(" ".join(value.split()).casefold())
    return [meant] if meant in choices else []
