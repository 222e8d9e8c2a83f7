"""Numbers filled into a message with a format spec (``{size:,}``, ``{limit:g}``) follow the language's rule,
as every number a reader sees does (README, Numbers): Bahasa Indonesia writes ``1.234.567`` and ``0,5``.

Fails when an Indonesian text writes a thousands comma or a decimal point: *maksimal 20,000 karakter*,
*berkas (1,234,567 bita)*, *lebih dari 0.5 dtk* (20 texts, from `new-study`, the caps and the QCA limits).
"""

from __future__ import annotations

import re
import string

from studykit.corpus import messages
from studykit.reports import i18n


def _values(template: str) -> dict:
    """A value for every placeholder of ``template``: a big whole number for ``,``, a fraction for ``g``."""
    values = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if not name:
            continue
        spec = spec or ""
        if "," in spec:
            values[name] = 1234567
        elif spec == "g":
            values[name] = 0.5
        elif spec.endswith("x") or "|" in spec:
            values[name] = 10
        else:
            values[name] = values.get(name, "X")
    return values


def test_every_indonesian_text_writes_its_spec_numbers_with_a_thousands_point_and_a_decimal_comma():
    checked = 0
    for key, said in messages.catalogue().items():
        if not any(
            spec and ("," in spec or spec == "g") for _, _, spec, _ in string.Formatter().parse(said["id"])
        ):
            continue
        values = _values(said["id"])
        indonesian, english = messages.t(key, "id", **values), messages.t(key, "en", **_values(said["en"]))
        assert "1,234,567" not in indonesian and "0.5" not in indonesian, (key, indonesian)
        assert "1.234.567" in indonesian or "0,5" in indonesian, (key, indonesian)
        assert "1.234.567" not in english and "0,5" not in english, (key, english)  # English as it was
        checked += 1
    assert checked >= 20


def test_the_reports_fill_their_texts_the_same_way():
    assert i18n.t("cap.what.file_bytes", "id", size=1234567) == "berkas (1.234.567 bita)"
    assert i18n.t("cap.what.file_bytes", "en", size=1234567) == "the file (1,234,567 bytes)"
    assert (
        messages.t("qca_text.limit.max_seconds", "id", limit=0.5)
        == "minimisasi berlangsung lebih dari 0,5 dtk"
    )
    assert messages.t("problem.not_utf8", "id", byte="ff", offset=3).startswith("bita UTF-8 tidak sah 0xff")


def test_an_indonesian_percent_sign_is_written_against_its_number():
    """PUEBI writes the percent sign joined to the number (*interval bootstrap 95%*, not *95 %*)."""
    spaced = [key for key, said in messages.catalogue().items() if re.search(r"(\d|\}) %", said["id"])]
    assert spaced == []
