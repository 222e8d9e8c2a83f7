"""One CLI grammar: every command's --help is walked, so a new command that breaks it fails here.

`--data DIR` on every command that reads the corpus, `--out PATH` for every output location,
`--format` named `text` for the human format (`json`/`csv` where they apply), and the old
positional forms still accepted with a deprecation note.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import studykit.cli
from studykit.cli import cli

NO_CORPUS = {  # commands whose input is named on the command line, not the corpus of --data
    "qca",  # a case table (CSV)
    "agreement",  # two codings A and B (data directories or study files)
    "consensus",  # two codings A and B (data directories)
}
FORMATS = {"text", "json", "csv"}
COMMANDS = sorted(cli.commands)


def _help(name: str) -> str:
    result = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _options(name: str) -> dict[str, click.Option]:
    return {
        opt: param
        for param in cli.commands[name].params
        if isinstance(param, click.Option)
        for opt in param.opts
    }


def test_there_are_commands_to_check():
    assert {"validate", "render", "export", "qca"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_corpus_commands_take_data(name):
    text = _help(name)
    if name in NO_CORPUS:
        assert "--data" not in text
    else:
        assert re.search(r"^\s+--data PATH\s+Data directory \(default: \$STUDYKIT_DATA_DIR", text, re.M), text


@pytest.mark.parametrize("name", COMMANDS)
def test_format_is_text_json_csv(name):
    options = _options(name)
    if "--format" not in options:
        return
    choices = list(options["--format"].type.choices)
    assert choices[0] == "text" and set(choices) <= FORMATS, choices
    assert options["--format"].default == "text"
    assert "table" not in _help(name).split("--format", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("name", COMMANDS)
def test_outputs_are_named_out(name):
    outputs = [o for o in _options(name) if re.fullmatch(r"--(out|output|out-dir|output-dir|dest|target)", o)]
    assert outputs in ([], ["--out"]), outputs
    usage = _help(name).splitlines()[0]
    assert not re.search(r"\b(DATA_DIR|OUT_DIR)\b", usage), usage  # positional forms are hidden aliases


def test_every_command_has_a_help_line():
    for name in COMMANDS:
        assert cli.commands[name].get_short_help_str().strip(), name


def test_old_positional_forms_still_work_with_a_note(tmp_path):
    from studykit.paths import DATA_DIR

    result = CliRunner().invoke(cli, ["validate", str(DATA_DIR)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.startswith("valid: ")
    assert "deprecated" in result.stderr and "--data" in result.stderr


def test_export_needs_out():
    result = CliRunner().invoke(cli, ["export"], catch_exceptions=False)
    assert result.exit_code == 2 and "--out DIR" in result.output


def test_table_is_an_alias_of_text():
    new = CliRunner().invoke(cli, ["render", "--list", "--format", "text"], catch_exceptions=False)
    old = CliRunner().invoke(cli, ["render", "--list", "--format", "table"], catch_exceptions=False)
    assert new.exit_code == old.exit_code == 0
    assert old.stdout == new.stdout and "<-" in new.stdout
    assert "deprecated" in old.stderr and "deprecated" not in new.stderr


def test_conflicting_alias_and_option_are_refused(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path), "elsewhere"])
    assert result.exit_code == 2 and "--data once" in result.output


# --- the package behind the grammar: shared options defined once, modules of one family each ------------

CLI_DIR = Path(studykit.cli.__file__).parent
SHARED = (
    "--data",
    "--out",
    "--format",
    "--isolation",
    "--overlap",
    "--lang",
    "--not-a-duplicate",
)  # defined in studykit/cli/options.py


def shared_options_written_outside(sources: dict[str, str]) -> list[str]:
    """``module: --flag`` for every shared option spelled out in a module other than options.py."""
    return [
        f"{name}: {flag}"
        for name, source in sources.items()
        if name != "options.py"
        for flag in SHARED
        if re.search(rf"""click\.(option|argument)\(\s*["']{flag}["']""", source)
    ]


def test_shared_options_are_defined_once():
    sources = {p.name: p.read_text("utf-8") for p in sorted(CLI_DIR.glob("*.py"))}
    assert "options.py" in sources and len(sources) > 2
    assert shared_options_written_outside(sources) == []
    planted = {**sources, "corpus.py": sources["corpus.py"] + '\n@click.option(\n    "--data", "d")\n'}
    assert shared_options_written_outside(planted) == ["corpus.py: --data"]


def test_every_command_module_is_short():
    """One family of commands per module, ~300 lines at most (the project's module size)."""
    sizes = {p.name: len(p.read_text("utf-8").splitlines()) for p in CLI_DIR.glob("*.py")}
    assert sizes and {n: s for n, s in sizes.items() if s > 300} == {}


# --- option markers: what click marks, the text does not say again ------------------------------------------


def _option_help(name: str, option: click.Option, lang: str) -> str:
    from studykit.cli.language import help_key
    from studykit.corpus.messages import t

    key = help_key(name, option.name)
    return t(key, lang) if key else ""


@pytest.mark.parametrize("name", COMMANDS)
def test_required_and_defaults_follow_one_convention(name):
    """Required: click's ``[required]`` marker, never "(required)" in the text (a requirement with an
    exception says "unless …" in words). A fixed default: click's ``[default: x]``; a default computed
    when the command runs (None to click): "(default: …)" in the text, and then no marker."""
    for option in cli.commands[name].params:
        if not isinstance(option, click.Option) or option.hidden or option.is_flag:
            continue
        for lang in ("en", "id"):
            text = _option_help(name, option, lang)
            assert not re.search(r"\((required|wajib)\b", text), (name, option.opts, text)
            says_default = bool(re.search(r"\((default|bawaan):", text))
            if option.default in (None, getattr(click.core, "UNSET", None)):  # computed, or required
                assert option.show_default is not True, (name, option.opts)
            else:
                assert option.show_default and not says_default, (name, option.opts, text)


@pytest.mark.parametrize(
    "environ, shown",
    [
        ({}, "[env var: STUDYKIT_LANG; default: en]"),
        ({"STUDYKIT_LANG": "id"}, "[variabel lingkungan: STUDYKIT_LANG; bawaan: id]"),
    ],
)
@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_lang_shows_the_default_that_applies(name, environ, shown):
    """The group lists --lang too (``studykit --lang id --help`` works), and every --lang shows the default in
    effect: $STUDYKIT_LANG's when set."""
    args = ["--help"] if name is None else [name, "--help"]
    result = CliRunner().invoke(cli, args, env={"STUDYKIT_LANG": None, **environ}, catch_exceptions=False)
    text = " ".join(result.stdout.split())
    assert "--lang [en|id]" in text and shown in text, text


def test_a_usage_error_s_hint_keeps_the_language():
    from click.testing import CliRunner as Runner

    for args in (["--lang", "id", "validate", "--bogus"], ["validate", "--bogus", "--lang", "id"]):
        wrong = Runner().invoke(cli, args, env={"STUDYKIT_LANG": None})
        assert wrong.exit_code == 2
        hint = re.search(r"'(studykit [^']*--help[^']*)'", wrong.stderr).group(1)
        followed = Runner().invoke(cli, hint.split()[1:], env={"STUDYKIT_LANG": None}, catch_exceptions=False)
        assert followed.exit_code == 0 and followed.stdout.startswith("Penggunaan:"), hint


def test_a_format_that_does_not_apply_is_refused_not_ignored():
    for lang, words in (("en", "applies to --list only"), ("id", "hanya berlaku untuk --list")):
        result = CliRunner().invoke(
            cli, ["render", "--format", "json", "--lang", lang], catch_exceptions=False
        )
        assert result.exit_code == 2 and words in result.stderr, result.stderr
