"""``--help`` and click's usage errors speak the language of the command line: ``--lang id`` anywhere on it,
else ``$STUDYKIT_LANG``; English stays click's and the catalogue's English, word for word.

Each help text lives once, in ``messages.yaml`` (``help.*``); click's own words are ``click.*`` keys whose
English is still a message click marks for translation. Each test fails when a text falls back to English
under ``id``, when English changes, or when a help text is written a second time in code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from helpers import invoke_studykit

from studykit.cli import argv_lang, cli
from studykit.cli.catalogued import Command
from studykit.cli.language import help_key
from studykit.corpus.messages import catalogue, t

COMMANDS = sorted(cli.commands)
WITHOUT_HELP: set[tuple[str, str]] = set()  # every option has a help text (qca --solution had none)


def _flat(text: str) -> str:
    """Help text as words: click wraps lines (and may break after a hyphen)."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def _options(name: str) -> list[click.Option]:
    command = cli if name == "studykit" else cli.commands[name]
    return [p for p in command.params if isinstance(p, click.Option) and not p.hidden]


def _help_keys(name: str) -> list[str]:
    """The catalogue keys of a command's help and of each of its options' help."""
    keys = [help_key(name)]
    for option in _options(name):
        key = help_key(name, option.name)
        assert key is not None or (name, option.name) in WITHOUT_HELP, f"{name} {option.opts}: no help.* key"
        keys += [key] if key else []
    return keys


@pytest.mark.parametrize("name", ["studykit", *COMMANDS])
def test_lang_id_help_says_every_help_text_in_indonesian(name):
    args = ["--help", "--lang", "id"] if name == "studykit" else [name, "--lang", "id", "--help"]
    shown = invoke_studykit(*args)
    assert shown.returncode == 0, shown.stderr
    text = _flat(shown.stdout)
    for key in _help_keys(name):
        english, indonesian = t(key, "en"), t(key, "id")
        assert english != indonesian, f"{key}: the Indonesian is the English"
        assert all(_flat(p) in text for p in indonesian.split("\n\n")), key
        assert _flat(english) not in text, f"{key} is still English under --lang id"
    assert shown.stdout.startswith(f"{t('click.usage', 'id')} studykit ")
    assert f"\n{t('click.options', 'id')}:\n" in shown.stdout and t("usage.options", "id") in shown.stdout
    assert _flat(t("click.show_help", "id")) in text
    for english in ("Usage:", "Options:", "[OPTIONS]", "[default:", "[required]", "Show this message"):
        assert english not in shown.stdout, english


def test_the_group_lists_each_commands_summary_in_indonesian():
    shown = invoke_studykit("--lang", "id", "--help").stdout
    assert f"\n{t('click.commands', 'id')}:\n" in shown and "Commands:" not in shown
    for name in COMMANDS:
        summary = cli.commands[name].get_short_help_str(limit=45)  # outside a command line: English
        line = next(line for line in shown.splitlines() if line.strip().startswith(name + " "))
        assert summary not in line and line.split(name, 1)[1].strip(), line
        assert line.split(name, 1)[1].strip().split()[0] == t(f"help.{name}", "id").split()[0], line


@pytest.mark.parametrize("name", ["studykit", *COMMANDS])
def test_english_help_is_the_catalogues_english_and_the_same_with_lang_en(name):
    args = ["--help"] if name == "studykit" else [name, "--help"]
    invoke_studykit(*args, "--lang", "id")  # an Indonesian help first: nothing of it may stay behind
    plain, en = invoke_studykit(*args), invoke_studykit(*args, "--lang", "en")
    assert plain.returncode == en.returncode == 0
    assert plain.stdout == en.stdout
    text = _flat(plain.stdout)
    for key in _help_keys(name):
        assert all(_flat(p) in text for p in t(key, "en").split("\n\n")), key
    assert plain.stdout.startswith("Usage: studykit ") and "\nOptions:\n" in plain.stdout
    assert "  --help " in plain.stdout and "Show this message and exit." in plain.stdout
    assert "Penggunaan" not in plain.stdout and "Opsi" not in plain.stdout and "bawaan" not in plain.stdout


def test_studykit_lang_in_the_environment_gives_indonesian_help_and_output():
    help_ = invoke_studykit("validate", "--help", env={"STUDYKIT_LANG": "id"})
    assert help_.returncode == 0 and _flat(t("help.validate.strict", "id")) in _flat(help_.stdout)
    done = invoke_studykit("validate", env={"STUDYKIT_LANG": "id"})
    assert done.returncode == 0 and done.stdout.startswith("korpus valid: ")
    english = invoke_studykit("validate", "--help", "--lang", "en", env={"STUDYKIT_LANG": "id"})
    assert "Usage: studykit validate" in english.stdout  # the command line wins over the environment


def test_a_wrong_studykit_lang_is_named_as_the_variable():
    refused = invoke_studykit("validate", env={"STUDYKIT_LANG": "fr"})
    assert refused.returncode == 2 and "$STUDYKIT_LANG is 'fr'" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_lang_before_the_command_is_the_commands_lang():
    assert invoke_studykit("--lang", "id", "validate").stdout.startswith("korpus valid: ")
    assert invoke_studykit("validate").stdout.startswith("valid: ")


def _no_such_option(lang):
    return t("click.no_such_option", lang).format(name="--bogus")


USAGE_ERRORS = [  # (command line, the click.* key of its message, how it is filled)
    (["validate", "--bogus"], "click.no_such_option", {"name": "--bogus"}),
    (["new-study"], "click.missing_argument", {}),
    (["new-study", "x.txt"], "click.missing_option", {}),
    (
        ["agreement", "a", "b", "--level", "x"],
        "click.not_one_of",
        {"value": "x", "choices": "'presence', 'segment'"},
    ),
    (["render", "--timeout", "-3"], "click.not_in_range", {"value": -3.0, "range": "x>=0"}),
    (["validate", "a", "b"], "click.extra_argument", {"args": "b"}),
    (["nope"], "click.no_such_command", {"name": "nope"}),
]


@pytest.mark.parametrize("args, key, values", USAGE_ERRORS, ids=[k for _, k, _ in USAGE_ERRORS])
@pytest.mark.parametrize("where", ["after", "before", "environment"])
def test_a_usage_error_is_indonesian_under_lang_id(args, key, values, where):
    if where == "environment":
        refused = invoke_studykit(*args, env={"STUDYKIT_LANG": "id"})
    else:
        lang = ["--lang", "id"]
        refused = invoke_studykit(*(args + lang if where == "after" else lang + args))
    english = invoke_studykit(*args)
    assert refused.returncode == english.returncode == 2
    said, error = refused.stderr, t("click.error", "id").format(message="")
    assert t(key, "id").format(**values) in said, said
    assert said.startswith(f"{t('click.usage', 'id')} studykit") and f"\n{error}" in said
    assert t("click.try_help", "id").split("'")[0] in said
    assert "Traceback" not in said and "Error:" not in said and "Usage:" not in said
    assert t(key, "en").format(**values) in english.stderr and english.stderr.startswith("Usage: studykit")
    assert "\nError: " in english.stderr and "Try 'studykit" in english.stderr


def test_a_missing_command_is_said_in_indonesian():
    refused = invoke_studykit("--lang", "id")
    assert refused.returncode == 2 and t("click.missing_command", "id") in refused.stderr
    assert invoke_studykit("--lang", "en").stderr.endswith("Error: Missing command.\n")


def test_the_command_lines_language_is_its_last_lang_else_the_environment():
    assert argv_lang(["validate", "--lang", "en", "--lang=id"], {}) == "id"
    assert argv_lang(["--lang", "id", "validate", "--lang", "en"], {}) == "en"
    assert argv_lang(["validate", "--lang", "fr"], {"STUDYKIT_LANG": "id"}) == "id"
    assert argv_lang(["validate"], {"STUDYKIT_LANG": "fr"}) == "en"
    assert argv_lang(["validate"], {}) == "en"


def test_version_and_the_deprecated_table_format_speak_the_language_too():
    assert invoke_studykit("--version").stdout.startswith("studykit, version ")
    assert invoke_studykit("--version", "--lang", "id").stdout.startswith("studykit, versi ")
    note = invoke_studykit("render", "--list", "--format", "table", "--lang", "id").stderr
    assert t("cli.format_table", "id") in note and "deprecated" not in note


# --- one source: help texts in the catalogue only; click's words still click's -----------------------------


def test_no_help_text_is_written_in_code():
    for name in ["studykit", *COMMANDS]:
        command = cli if name == "studykit" else cli.commands[name]
        assert command.callback.__doc__ is None, f"{name}: its docstring would be a second help text"
        assert [o.opts for o in command.params if isinstance(o, click.Option) and o.help] == [], name
    with pytest.raises(TypeError, match="messages.yaml"):
        Command("planted", help="An English help written in code.")


def test_every_help_key_belongs_to_a_command_or_an_option():
    used = {key for name in ["studykit", *COMMANDS] for key in _help_keys(name)}
    assert sorted(k for k in catalogue() if k.startswith("help.") and k not in used) == []


def _click_messages() -> set[str]:
    """Every message the installed click marks for translation (``_("…")``, ``ngettext("…", "…", n)``)."""
    found = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                found |= {
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    return found | {"required"}  # click translates its "required" marker through a variable


def test_each_click_key_is_still_a_message_click_translates():
    ours = {key: texts["en"] for key, texts in catalogue().items() if key.startswith("click.")}
    assert len(ours) > 40
    messages = _click_messages()  # parse click's sources once, not once per key
    assert {key: en for key, en in ours.items() if en not in messages} == {}


@pytest.mark.parametrize(
    "name, said",
    [
        ("codebook", "studykit export --codebook --out codebook.docx"),
        ("memos", "studykit export writes them to memos.csv"),
        ("lab", "make lab"),
        ("reports", "studykit render --study ID"),
    ],
)
def test_a_command_looked_for_under_another_name_is_told_where_that_is_done(name, said):
    # walk 15: an analyst looking for the codebook typed `studykit codebook`: "No such command 'codebook'."
    refused = invoke_studykit(name)
    assert refused.returncode == 2 and said in " ".join(refused.stderr.split()), refused.stderr
    assert f"No such command '{name}'" in refused.stderr
    indonesian = invoke_studykit(name, "--lang", "id")
    assert f"Tidak ada perintah '{name}'" in indonesian.stderr and "No such" not in indonesian.stderr
    assert "Did you mean 'validate'?" in invoke_studykit("validat").stderr  # click's guess stays
