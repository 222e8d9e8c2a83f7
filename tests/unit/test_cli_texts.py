"""The command line writes no words of its own: every text it prints, and every refusal it raises, is a key
of the message catalogue (``say(key, lang, ...)``), so it exists in both languages. A string literal with
words in an ``echo`` or a click error of ``studykit.cli`` would be printed in English whatever ``--lang``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from studykit.cli import cli

CLI = Path(__file__).resolve().parents[2] / "src/studykit/cli"
SPEAKING = {
    "echo",
    "secho",
    "print",
    "UsageError",
    "BadParameter",
    "ClickException",
    "fail",
    "Problem",
    "problem",
}
# the REFI-QDA importer, whose plan and problems import-refi prints, speaks the same way
REFI = CLI.parent / "coding/refi"
# names the command line may print beside a text of the catalogue: its own and its commands'
NAMES = re.compile(r"\bstudykit\b|\b(" + "|".join(map(re.escape, sorted(cli.commands))) + r")\b")
PROSE = re.compile(r"[A-Za-z]{2,}[,;:]?\s+[A-Za-z]{2,}")  # two words in a row (a key has none)


def _literal_words(source: str) -> list[tuple[int, str]]:
    """(line, text) of each literal with two words in a row given to a call that prints or refuses."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in SPEAKING:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            text = "".join(  # a formatted value reads as a gap between the words around it
                p.value if isinstance(p, ast.Constant) and isinstance(p.value, str) else " " for p in parts
            )
            if any(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
                if PROSE.search(NAMES.sub(" ", text)):
                    found.append((node.lineno, text))
    return found


def test_the_command_line_prints_no_words_of_its_own():
    modules = [*sorted(CLI.glob("*.py")), *sorted(REFI.glob("*.py"))]
    assert len(modules) >= 25
    own = {p.name: words for p in modules if (words := _literal_words(p.read_text(encoding="utf-8")))}
    assert own == {}, "say these through the catalogue: say(key, lang, ...)"


def test_the_check_sees_a_planted_text():
    planted = (
        'click.echo(f"wrote {n} files")\nraise click.UsageError("give an --out")\nclick.echo(f"  {x}")\n'
    )
    planted += 'project.problem("file", f"cannot be read ({exc.strerror}); check the path")\n'
    assert [line for line, _ in _literal_words(planted)] == [1, 2, 4]
    assert _literal_words('click.echo(f"studykit qca: {message}", err=True)\n') == []


def test_the_render_progress_line_follows_lang(capsys):
    from types import SimpleNamespace

    from studykit.cli.render import PlainProgress

    result = SimpleNamespace(ok=True, seconds=1.25, job=SimpleNamespace(output="id/qca.html"))
    for lang in ("en", "id"):
        PlainProgress(lang)(result, 1, 3)
    assert capsys.readouterr().err.splitlines() == [
        "[1/3] ok 1.2s id/qca.html",
        "[1/3] oke 1,2 dtk id/qca.html",
    ]
