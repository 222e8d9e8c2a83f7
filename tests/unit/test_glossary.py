"""One Indonesian term per domain concept: the glossary (``src/studykit/reports/glossary.yaml``) checked
against every Indonesian text a reader or coder sees.

Fails when an ``id`` text of the message catalogue, a finding type's Indonesian name or definition, an
Indonesian field of the bundled codebook (themes, frameworks) or the Indonesian comment of a blind start
uses a variant the glossary lists under ``avoid`` (``hambatan`` for a barrier, ``kodebuku``, ``dikodekan``,
``analisa`` …) or an English domain word (``finding``, ``codebook``, ``workbench`` …) outside code: a
`backticked` command, a ``{placeholder}``, ``studykit COMMAND``, a path, an id or an option stay as they are.
"""

from __future__ import annotations

import re

import pytest

from studykit.coding.blindstart import NO_SUGGESTIONS
from studykit.corpus import messages
from studykit.corpus.codebook import FINDING_TYPE_INFO
from studykit.corpus.safeyaml import load_yaml
from studykit.paths import DATA_DIR, MESSAGES

GLOSSARY = MESSAGES.with_name("glossary.yaml")

_CODE = re.compile(r"`[^`]*`|\{[^{}]*\}|\bstudykit(?: [a-z][a-z-]*)?")  # commands, placeholders
_EDGE = "()[],;:«»\"'“”‘’!?…"
_NOT_A_WORD = re.compile(r"[_/.=@$<>*~\\\-0-9+]|[a-z][A-Z]")  # ids, paths, options, numbers, XML names


def glossary() -> dict:
    return load_yaml(GLOSSARY.read_text(encoding="utf-8"), str(GLOSSARY))


def _rules(terms: list[dict]) -> tuple[dict[str, re.Pattern], dict[str, str]]:
    """The ``avoid`` variants as whole-word patterns (each naming its term), and the English words."""
    avoid = {}
    english = {}
    for term in terms:
        for variant in term.get("avoid") or []:
            pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, variant.split())) + r"(?![\w-])"
            avoid[variant] = (re.compile(pattern, re.IGNORECASE), term["id"])
        for word in term.get("en_words") or []:
            english[word.lower()] = term["id"]
    return avoid, english


def violations(text: str, terms: list[dict]) -> list[str]:
    """What in the Indonesian ``text`` the glossary forbids: each as "variant → term to use"."""
    avoid, english = _rules(terms)
    prose = _CODE.sub(" ", text)
    found = [f"{v!r} → {use}" for v, (pattern, use) in avoid.items() if pattern.search(prose)]
    for token in prose.split():
        word = token.strip(_EDGE)
        if word and not _NOT_A_WORD.search(word) and word.lower() in english:
            found.append(f"English {word!r} → {english[word.lower()]}")
    return found


def indonesian_texts() -> dict[str, str]:
    """Every Indonesian text the product ships, by where it lives."""
    texts = {f"messages.yaml {key}": said["id"] for key, said in messages.catalogue().items()}
    for name, info in FINDING_TYPE_INFO.items():
        texts[f"finding type {name}"] = f"{info.label_id}. {info.word_id}. {info.definition_id}"
    themes = load_yaml((DATA_DIR / "codebook" / "themes.yaml").read_text(encoding="utf-8"), "themes.yaml")
    for theme in themes["themes"]:
        for field in ("label_id", "short_id", "definition_id", "include_id", "exclude_id"):
            if theme.get(field):
                texts[f"themes.yaml {theme['theme_id']} {field}"] = theme[field]
    frameworks = load_yaml((DATA_DIR / "codebook" / "frameworks.yaml").read_text(encoding="utf-8"), "fw")
    for framework in frameworks["frameworks"]:
        _fields_id(framework, f"frameworks.yaml {framework['framework_id']}", texts)
    comment = [line for line in NO_SUGGESTIONS.splitlines()[1:] if line.startswith("#")]  # Indonesian lines
    texts["blind-start.yaml comment"] = " ".join(comment)
    return texts


def _fields_id(node: object, where: str, texts: dict[str, str]) -> None:
    """The Indonesian text fields (``…_id`` holding prose, not an identifier) of a YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_id") and isinstance(value, str) and " " in value.strip():
                texts[f"{where} {key}"] = value
            else:
                _fields_id(value, f"{where} {key}" if isinstance(value, dict | list) else where, texts)
    elif isinstance(node, list):
        for item in node:
            _fields_id(item, where, texts)


def test_the_glossary_names_each_concept_once_with_its_indonesian_term_and_variants():
    terms = glossary()["terms"]
    assert len(terms) >= 30
    seen_en = set()
    for term in terms:
        assert term["en"] and term["id"], term
        assert term["en"] not in seen_en, f"{term['en']}: listed twice"
        seen_en.add(term["en"])
        own = term["id"].lower().split(" / ")
        for variant in term.get("avoid") or []:
            assert variant.lower() not in own, f"{term['en']}: avoids its own term"


def test_no_indonesian_text_uses_a_variant_to_avoid_or_an_english_domain_word():
    terms = glossary()["terms"]
    texts = indonesian_texts()
    assert len(texts) > 1400  # the catalogue, the finding types, the codebook: nothing was left unread
    bad = {where: found for where, text in texts.items() if (found := violations(text, terms))}
    assert not bad, "\n".join(f"{where}: {', '.join(found)}" for where, found in sorted(bad.items()))


@pytest.mark.parametrize(
    "planted, caught",
    [
        ("Hambatan yang ditangani upaya", "'hambatan' → penghambat (faktor penghambat)"),
        ("Tema dalam kodebuku", "'kodebuku' → buku kode"),
        ("{n} temuan dikodekan oleh analis", "'dikodekan' → mengode / dikode"),
        ("Simpulan analisa studi", "'analisa' → analisis"),
        ("Kasus diurutkan dalam meta-matriks", "'meta-matriks' → metamatriks berurutan kasus"),
        ("Peringkat hasil implementasi", "'peringkat' → penilaian"),
        ("Buka workbench lalu simpan", "English 'workbench' → meja kerja (meja kerja pengodean)"),
        ("Jumlah findings per tema", "English 'findings' → temuan"),
        ("Tema terpetakan (crosswalk)", "English 'crosswalk' → tabel padanan"),
    ],
)
def test_a_planted_bad_text_is_caught(planted, caught):
    assert any(said.startswith(caught) for said in violations(planted, glossary()["terms"]))


@pytest.mark.parametrize(
    "code",
    [
        "jalankan `studykit agreement data coder-b` lalu baca",
        "isi {finding} dan theme_id di codebook/themes.yaml",
        "sisa studykit consensus; --no-suggestions; suggestions=False",
        "menghambat, sasaran, karakter kendali, antarpengode",
    ],
)
def test_code_ids_paths_and_words_that_only_contain_a_variant_pass(code):
    assert violations(code, glossary()["terms"]) == []
