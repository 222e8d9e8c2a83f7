"""What README.md tells a newcomer to type, and where it says things live, checked against the code: every
`studykit COMMAND --option` it writes exists, every command of the CLI is in its list of commands that speak
`--lang`, every `make TARGET` is a target of the Makefile, every module of a wing is named in "What is
where", and its example problem lines are the lines `validate` prints. A renamed option, a new command or
module, or a changed problem text then fails here instead of misleading a reader."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.paths import DATA_DIR, PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
FLAT = " ".join(README.split())
SRC = PROJECT_ROOT / "src" / "studykit"


def _written_commands() -> list[tuple[str, str, str]]:
    """(command, what follows it, where) for each `studykit COMMAND …` of a code span or a shell line."""
    prose = re.sub(r"^```.*?^```", "", README, flags=re.M | re.S)  # fenced blocks: their lines below
    spans = [" ".join(s.split()) for s in re.findall(r"`([^`]+)`", prose) if "studykit " in s]
    spans += [line for line in README.splitlines() if line.startswith(".venv/bin/studykit ")]
    found = []
    for span in spans:
        for m in re.finditer(r"studykit (?:--lang \w+ )?([a-z][a-z-]+)(.*?)(?=studykit |$)", span):
            found.append((m.group(1), m.group(2).split("#")[0], span))
    return found


def test_every_command_the_readme_writes_exists_with_its_options():
    written = _written_commands()
    assert len(written) > 30  # the README's examples were found
    wrong = []
    for name, rest, span in written:
        if name not in cli.commands:
            wrong.append(f"{name}: no such command ({span})")
            continue
        options = {o for p in cli.commands[name].params for o in getattr(p, "opts", [])} | {"--help"}
        written_options = re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest)
        wrong += [f"{name} {o}: no such option ({span})" for o in written_options if o not in options]
    assert not wrong, "\n".join(wrong)


def test_every_option_of_every_command_is_in_the_readme():
    unnamed = [
        f"{name} {o}"
        for name, command in sorted(cli.commands.items())
        for p in command.params
        for o in getattr(p, "opts", [])
        if o.startswith("--") and not re.search(rf"{re.escape(o)}(?![\w-])", README)
    ]
    assert not unnamed, f"options the README never names: {unnamed}"


def test_the_languages_section_names_every_command():
    section = README.split("## Languages (`--lang`)", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z][a-z-]+)`", section.split("`--help`", 1)[0]))
    assert set(cli.commands) - named == set(), "commands the README's --lang list leaves out"


def test_every_make_target_the_readme_names_exists():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"(?:`|^)make ([a-z][a-z-]*)", README, re.M))
    assert named and named <= targets, named - targets


def _where_row(folder: str) -> str:
    row = re.search(rf"^\| `  {re.escape(folder)}/` \| (.*)$", README, re.M)
    assert row, f"no row for {folder}/ in What is where"
    return row.group(1)


@pytest.mark.parametrize("wing", ["corpus", "analysis", "coding", "reports", "render", "cli", "coding/bench"])
def test_what_is_where_names_every_module_of_a_wing(wing):
    row = _where_row(wing.split("/")[0])
    named = set(re.findall(r"`([\w/.]+)`", row))
    folder = SRC / wing
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    modules |= {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    modules -= {"xsd", "templates"} - named  # data folders, named where they are
    missing = sorted(m for m in modules if m not in named and f"{m}/" not in named)
    assert not missing, f"src/studykit/{wing}: modules the README's What is where does not name: {missing}"


def test_the_refi_package_lists_its_modules_as_the_readme_says():
    assert "its modules listed in `refi/__init__.py`" in FLAT
    doc = (SRC / "coding/refi/__init__.py").read_text(encoding="utf-8")
    modules = {p.stem for p in (SRC / "coding/refi").glob("*.py")} - {"__init__"}
    assert not sorted(m for m in modules if f"``{m}``" not in doc)


EXAMPLE = re.compile(
    r"data/studies/(?P<study>[\w-]+)\.yaml:(?P<line>\d+): findings\.(?P<index>\d+)\.(?P<field>\w+): "
    r"finding (?P<finding>[\w-]+): (?P<what>[^`\n]*)"
)
BREAK = {  # what makes the example's problem: the field's new value
    "theme_id": "T99",
    "summary_en": "x",
}


def test_the_readme_s_example_problems_are_what_validate_prints(tmp_path, monkeypatch):
    examples = list(EXAMPLE.finditer(README))
    assert len(examples) >= 2
    for example in examples:
        data = tmp_path / example["study"] / "data"
        shutil.copytree(DATA_DIR, data)
        study = data / "studies" / f"{example['study']}.yaml"
        lines = study.read_text(encoding="utf-8").split("\n")
        number = int(example["line"])
        field = example["field"]
        assert lines[number - 1].startswith(f"    {field}: "), (example[0], lines[number - 1])
        lines[number - 1] = f"    {field}: {BREAK[field]}"
        study.write_text("\n".join(lines), encoding="utf-8")
        monkeypatch.chdir(data.parent)
        shown = CliRunner().invoke(cli, ["validate", "--data", "data"])
        assert shown.exit_code == 1, shown.output
        printed = shown.output.splitlines()[0]
        stated = example[0].rstrip(" …")
        assert printed.startswith(stated), (printed, stated)
