"""The hostile-input building blocks on their own, in process and fast (issue 19): the escaping of report
text, output paths, the zip reader's caps, the sweep of orphaned render folders, the spreadsheet cell rule
and the one YAML loader. The same cases through the real command, memory-capped:
tests/integration/test_hostile_*.py."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import ALIAS_BOMB
from nbconvert.filters.markdown_mistune import markdown2html_mistune as markdown

from studykit.coding.archive import open_zip
from studykit.corpus.cells import from_cell, to_cell
from studykit.corpus.problems import ProblemError
from studykit.corpus.safeyaml import load_yaml
from studykit.paths import confined
from studykit.render import lifetime
from studykit.reports.report import escape

PAYLOADS = [
    "[x](javascript:alert(1))",
    "![b](http://127.0.0.1:9/b.png)",
    "<http://127.0.0.1:9/c>",
    "http://127.0.0.1:9/d and www.example.org",
    "Jambi\n# injected heading",
    "- a list\n1. item",
    "*emphasis* _under_ `code` ~~struck~~ | a | b |",
    "<script>alert(1)</script> & <img src=x onerror=alert(2)>",
    "$x^$ and $$\\frac{1}{0}$$",
    "back\\slash \\[not a link\\](x)",
]


@pytest.mark.parametrize("value", PAYLOADS)
def test_escaped_data_renders_as_its_own_text(value):
    for template in ("{}", "# Study: {}", "Intro {} end"):
        html = markdown(template.format(escape(value)))
        links = re.findall(r'<a [^>]*href="([^"]*)"', html)
        assert all(href.startswith("#") for href in links), html  # only a heading's own anchor
        assert "<img" not in html and "<script" not in html and "<li" not in html, html
        assert "<h1" not in html or template.startswith("#"), html
        assert "<em" not in html and "<code" not in html and "<del" not in html and "<table" not in html, html
    text = " ".join(value.split())  # line breaks become spaces, nothing else changes
    shown = markdown(f"Intro {escape(value)} end")
    assert text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in shown


@pytest.mark.parametrize(
    "output, ok",
    [
        ("en/study-profile/a.html", True),
        ("en/../../x.html", False),
        ("/x.html", False),  # absolute
        ("en//x", False),
        ("en/./x", False),
    ],
)
def test_confined_output_paths(output, ok):
    assert (confined(output) is None) == ok


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    buf.seek(0)
    return buf


def test_open_zip_refuses_entries_ratio_and_non_zips(tmp_path, monkeypatch):
    many = tmp_path / "many.zip"
    many.write_bytes(_zip({f"f{i}": b"" for i in range(12)}).getvalue())
    monkeypatch.setenv("STUDYKIT_MAX_ARCHIVE_ENTRIES", "10")
    with pytest.raises(ProblemError, match="STUDYKIT_MAX_ARCHIVE_ENTRIES"):
        open_zip(many, "many.zip", "a test archive")
    ratio = tmp_path / "ratio.zip"
    ratio.write_bytes(_zip({"a": b"\0" * (3 << 20)}).getvalue())
    with pytest.raises(ProblemError, match="STUDYKIT_MAX_ARCHIVE_RATIO"):
        open_zip(ratio, "ratio.zip", "a test archive")
    monkeypatch.setenv("STUDYKIT_MAX_ARCHIVE_RATIO", "100000")
    open_zip(ratio, "ratio.zip", "a test archive").close()  # raised as the message says: accepted
    text = tmp_path / "text.zip"
    text.write_text("no zip")
    with pytest.raises(
        ProblemError, match="text.zip: file: cannot be read as a test archive: it is not a zip"
    ):
        open_zip(text, "text.zip", "a test archive")


def test_sweep_removes_only_folders_of_dead_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(lifetime.tempfile, "gettempdir", lambda: str(tmp_path))
    dead = subprocess.Popen(["true"])  # a process that has exited: its pid is nobody's
    dead.wait()
    for name, owner in (("dead", str(dead.pid)), ("alive", str(os.getpid())), ("foreign", None)):
        folder = tmp_path / f"{lifetime.PREFIX}{name}"
        folder.mkdir()
        if owner:
            (folder / lifetime.OWNER).write_text(owner)
    made = lifetime.make_temp_dir()  # sweeps first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{lifetime.PREFIX}alive", f"{lifetime.PREFIX}foreign", made.name]
    )
    assert (made / lifetime.OWNER).read_text() == str(os.getpid())
    assert Path(made).parent == tmp_path


def test_cells_rule_is_reversible_for_every_text():
    for text in ["", "'", "''", "=", "'=", "a=b", "-", "x", "'x", "\t1", "@", "''@x", "+"]:
        assert from_cell(to_cell(text)) == text, text
    assert to_cell(5) == 5 and to_cell("=1") == "'=1" and to_cell("plain") == "plain"
    assert list(csv.reader(io.StringIO(str(to_cell("-1+2")))))[0] == ["'-1+2"]


def test_the_loader_names_file_and_line_and_equals_pyyaml_on_plain_documents():
    with pytest.raises(ProblemError, match=r"f.yaml:3: yaml: duplicate key 'a' \(first on line 1\)"):
        load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    with pytest.raises(ProblemError, match="STUDYKIT_MAX_YAML_NODES"):
        load_yaml(ALIAS_BOMB + "\nz: *i\n", "f.yaml")
    with pytest.raises(ProblemError, match="tag .*python/object.* is not allowed"):
        load_yaml("a: !!python/object/apply:os.system [echo]\n", "f.yaml")
    with pytest.raises(ProblemError, match="second YAML document"):
        load_yaml("a: 1\n---\nb: 2\n", "f.yaml")
    plain = "a: &x [1, 2.5, null, yes, '3']\nb: *x\nc: {d: 2020-01-02}\n<<: {e: 1}\n"
    assert load_yaml(plain, "f.yaml") == yaml.safe_load(plain)
