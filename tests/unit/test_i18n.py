"""Every reader-facing message exists in both languages, with the same placeholders."""

import re

import pytest

from studykit.paths import PROJECT_ROOT
from studykit.reports import i18n
from studykit.reports.params import ParameterError


def test_every_message_has_both_languages_and_the_same_placeholders():
    messages = i18n.catalogue()
    assert len(messages) > 50
    for key, texts in messages.items():
        assert set(texts) == set(i18n.LANGS), key
        assert all(texts[lang].strip() for lang in i18n.LANGS), key
        assert i18n.placeholders(texts["en"]) == i18n.placeholders(texts["id"]), key


def test_indonesian_is_a_translation_not_a_copy():
    messages = i18n.catalogue()
    same = [k for k, v in messages.items() if v["en"] == v["id"] and len(v["en"]) > 12]
    assert same == []


def test_every_message_key_used_in_code_or_notebooks_exists():
    used = set()
    prefixes = sorted({k.split(".")[0] for k in i18n.catalogue() if "." in k})
    pattern = re.compile(r"""["']((?:{})\.[a-z_]+)["']""".format("|".join(prefixes)))
    for path in [
        *(PROJECT_ROOT / "src/studykit").rglob("*.py"),
        *(PROJECT_ROOT / "notebooks").glob("*.ipynb"),
    ]:
        used |= {
            m
            for m in pattern.findall(path.read_text(encoding="utf-8"))
            if not m.endswith((".html", ".json", ".yaml", ".ipynb", ".css", ".js"))
        }
    assert len(used) > 40
    missing = sorted(used - set(i18n.catalogue()))
    assert missing == []


def test_translation_and_placeholder_filling():
    assert i18n.t("type.barrier", "id") == "Faktor penghambat"
    assert (
        i18n.t("cross.top_barrier", "en", theme="X", k=3, n=5)
        == "Most common barrier: X, a barrier in 3 of 5 studies."
    )


def test_unknown_language_is_a_parameter_error_naming_the_choices():
    with pytest.raises(ParameterError, match=r"lang='fr' is not allowed; allowed values: 'en', 'id'"):
        i18n.t("type.barrier", "fr")
