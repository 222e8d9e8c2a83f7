"""Numbers as a reader of each language writes them: the one number formatter of everything a reader or a
coder sees (the reports through :func:`studykit.reports.i18n.number`, the coding workbench, the command line).
It lives in the lowest wing that needs it, as the message catalogue's reader does."""

from __future__ import annotations

from typing import Any

from .messages import check_lang

MINUS = "\u2212"  # the minus sign of every report (heatmap cells −1, signed counts)
SEPARATORS = {
    "en": (",", "."),
    "id": (".", ","),
}  # (thousands, decimal) as each language's readers write them


def number(value: Any, lang: str, decimals: int | None = None, *, missing: str = "—") -> str:
    """A number as a reader of ``lang`` writes it: the one number formatter of every report (tables, text,
    figure annotations and colour bars).

    English: thousands comma, decimal point (50,000; 0.667). Bahasa Indonesia: thousands point, decimal
    comma (50.000; 0,667). ``decimals``: digits after the decimal sign (rounded); by default none for
    a whole number and as Python writes a float (0.8 → "0.8" / "0,8"; 1.0 → "1.0" / "1,0"). ``None`` and
    NaN read ``missing``. Use it wherever a number reaches a reader::

        number(3336, "id")           # '3.336'
        number(2 / 3, "id", 3)       # '0,667'
        number(1.0, "en", 3)         # '1.000'
        number(-0.08, "en", 2)       # '−0.08' (a minus sign, as the heatmaps' −1)
    """
    thousands, point = SEPARATORS[check_lang(lang)]
    if value is None or (isinstance(value, float) and value != value):
        return missing
    if hasattr(value, "item") and not isinstance(value, (int, float)):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:
        return missing
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{value:,}"
    if text.startswith("-"):  # the minus sign (U+2212) of every report's −1, never a hyphen; −0.00 is 0.00
        text = text[1:] if not text.strip("-0.,") else MINUS + text[1:]
    return text.translate(str.maketrans({",": thousands, ".": point}))
