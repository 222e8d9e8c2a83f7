"""One reader of the message catalogue, and problems of bad input stated in both languages.

Fails when a module reads ``messages.yaml`` on its own again, when a check of the corpus wing states a
problem in English only (a ``Problem`` made without its Indonesian translation), or when stating a YAML
refusal or a cap through the catalogue changes its English words.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import studykit
from studykit.coding import labels
from studykit.corpus import advice, messages
from studykit.corpus.problems import ProblemError, over_cap
from studykit.corpus.readers import parse_yaml
from studykit.corpus.safeyaml import load_yaml
from studykit.limits import FILE_BYTES, SOURCE_CHARS, YAML_DEPTH
from studykit.reports import i18n

PACKAGE = Path(studykit.__file__).resolve().parent


def _readers_of_the_catalogue() -> list[str]:
    """Modules that name the catalogue's path (``paths.MESSAGES``) or its file name in code."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            named = (isinstance(node, ast.Name) and node.id == "MESSAGES") or (
                isinstance(node, ast.alias) and node.name == "MESSAGES"
            )
            literal = (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.endswith("messages.yaml")
                and " " not in node.value  # a path, not a sentence naming the file
                and id(node) not in docstrings
            )
            if named or literal:
                found.append(str(path.relative_to(PACKAGE)))
                break
    return sorted(set(found))


def test_one_module_reads_the_catalogue_and_the_others_look_texts_up_through_it():
    assert _readers_of_the_catalogue() == ["corpus/messages.py", "paths.py"]
    assert labels.catalogue is messages.catalogue
    assert advice.catalogue is messages.catalogue
    assert set(messages.catalogue()) <= set(i18n.catalogue())
    key = "problem.missing"
    for lang in messages.LANGS:
        assert (
            i18n.t(key, lang)
            == labels.t(key, lang)
            == advice.advice("missing", lang)
            == messages.t(key, lang)
        )


def test_every_key_of_the_catalogue_has_both_languages_with_the_same_placeholders():
    texts = messages.catalogue()
    assert len(texts) > 500
    families = {key.split(".")[0] for key in texts}
    assert {"help", "click", "usage", "cli"} <= families  # the command line's own text (--help, click's) too
    for key, said in texts.items():
        assert set(said) == set(messages.LANGS), f"{key}: a language is missing"
        assert all(said[lang].strip() for lang in messages.LANGS), f"{key}: a language is empty"
        assert messages.placeholders(said["en"]) == messages.placeholders(said["id"]), key


def _english_only_problems(source: str) -> list[int]:
    """Lines of ``Problem(...)`` calls made without translations (fewer than five arguments), unless handed
    to ``YamlRefused``, which carries the catalogue key instead."""
    tree = ast.parse(source)
    refused = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "YamlRefused"
        for arg in node.args
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "Problem"
        and len(node.args) + len(node.keywords) < 5
        and id(node) not in refused
    ]


# besides the corpus wing: what a coder meets adding, coding, comparing and merging studies, and rendering
STATED = (
    "coding/intake.py",
    "coding/sourcetext.py",
    "coding/spreadsheet.py",
    "coding/suggest.py",
    "coding/consensus.py",
    "coding/publish.py",
    "coding/archive.py",
    "coding/refi/plan.py",
    "coding/refi/records.py",
    "coding/refi/project.py",
    "coding/refi/newstudy.py",
    "coding/refi/mapping.py",
    "coding/refi/importer.py",
    "coding/refi/write.py",
    "analysis/agreement/pairing.py",
    "render/manifest.py",
)


def test_every_problem_the_corpus_wing_and_intake_state_has_its_indonesian_translation():
    paths = [*sorted((PACKAGE / "corpus").glob("*.py")), *(PACKAGE / name for name in STATED)]
    english_only = {
        path.name: lines
        for path in paths
        if (lines := _english_only_problems(path.read_text(encoding="utf-8")))
    }
    assert english_only == {}, "state these with studykit.corpus.messages.problem(..., key, ...)"


def test_the_check_sees_a_planted_english_only_problem():
    assert _english_only_problems('p = Problem(shown, 1, "field", "English only")\n') == [1]
    assert _english_only_problems('p = Problem(shown, 1, "f", "English", (("id", "Indonesia"),))\n') == []
    assert _english_only_problems('raise YamlRefused(Problem(s, 1, "yaml", m), said)\n') == []


@pytest.mark.parametrize(
    "document",
    [
        "a: [1,\n",  # syntax
        "a: 1\na: 2\n",  # duplicate key
        "a: !!python/object:os.system x\n",  # a tag
        "a: *nowhere\n",  # an alias without anchor
        "a: 1\n---\nb: 2\n",  # a second document
        "[" * 100 + "]" * 100 + "\n",  # nesting over the cap
    ],
)
def test_a_refused_yaml_document_keeps_its_english_and_is_stated_in_indonesian(document):
    with pytest.raises(ProblemError) as plain:
        load_yaml(document, "f.yaml")
    with pytest.raises(ProblemError) as stated:
        parse_yaml(document, "f.yaml")
    english, said = plain.value.problem, stated.value.problem
    assert said.text("en") == str(english)  # the English words unchanged
    assert said.text("id") != said.text("en") and said.text("id").startswith("f.yaml")


def test_a_cap_stated_through_the_catalogue_keeps_the_words_of_cap_exceeded():
    for cap, what, english in [
        (FILE_BYTES, "cap.what.file_bytes", "the file (1,234 bytes)"),
        (SOURCE_CHARS, "cap.what.text_characters", "the text (1,234 characters)"),
        (YAML_DEPTH, "cap.what.nesting", "the nesting of lists and mappings"),
    ]:
        said = over_cap(cap, what, size=1234)
        assert messages.t(said.key, "en", **said.values) == cap.exceeded(english)
        indonesian = messages.t(said.key, "id", **said.values)
        assert cap.variable in indonesian and "exceeds" not in indonesian


def test_the_qca_case_table_is_refused_in_both_languages():
    """``studykit qca``'s checks of its input raise errors stated by the catalogue (``QCAError.said``) or
    with their translation."""
    for name in ("casefile.py", "data.py", "truthtable.py", "minimize.py", "expectations.py"):
        tree = ast.parse((PACKAGE / "analysis" / "qca" / name).read_text(encoding="utf-8"))
        bare = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "QCAError"
            and len(node.args) < 2
        ]
        assert bare == [], f"{name}: raise QCAError.said(key, ...) instead, lines {bare}"


# what reports.i18n formats with str.format, which has no count spec: the one "(s)" left, in a report
REPORT_COUNTS = {"report.drafts_left_out"}


def test_a_count_s_noun_agrees_with_the_count_one_way():
    """``{n} {n:finding|findings}``: "1 finding", "2 findings"; no English text writes "finding(s)"."""
    said = {
        n: messages.t("import.done", "en", n=n, studies=n, file="s.csv", written=n, unchanged=0, data="")
        for n in (1, 2)
    }
    assert said[1].startswith("imported 1 finding of 1 study from s.csv: 1 study file written")
    assert said[2].startswith("imported 2 findings of 2 studies from s.csv: 2 study files written")
    assert messages.t("import.kept", "en", n=1).startswith("1 finding of these studies has no row")
    assert messages.t("cli.problems", "id", n=2, what="x") == "2 masalah; x."  # Indonesian: one form
    counted = re.compile(r"\{[a-z_]+\}\s+[\w ]*?\w\((s|es|ies)\)")
    left = {key for key, said in messages.catalogue().items() if counted.search(said["en"])}
    assert left == REPORT_COUNTS


def test_one_indonesian_term_for_the_parsimonious_solution():
    """The CLI's and the QCA report's texts name it alike: "solusi parsimoni" (the noun as a modifier, as
    in "solusi antara"), never a second spelling."""
    texts = messages.catalogue()
    naming = {key: said["id"] for key, said in texts.items() if "parsimonious" in said["en"].lower()}
    assert {"qca.solution.parsimonious", "qca_text.solution.parsimonious", "qca.limits"} <= set(naming)
    for key, indonesian in naming.items():
        assert "parsimoni " in indonesian.lower() and "parsimonius" not in indonesian.lower(), key


def test_the_methods_aim_reads_right_with_a_count_of_one():
    values = {"n_themes": 2, "n_framework": 1, "n_extension": 1, "n_frameworks": 1}
    said = messages.t("methods.aim_text", "en", **values)
    assert not re.search(r"\b1 (extend|derive)\b", said), said
