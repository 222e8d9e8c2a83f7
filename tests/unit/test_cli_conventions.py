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
