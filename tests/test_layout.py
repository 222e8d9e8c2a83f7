"""The package layout is the architecture: imports run one way, corpus ← analysis ← reports ← render ← cli.

Every import of every module (function-level ones included) is resolved to the wing it
reaches; a lower wing importing a higher one fails here, naming file, line and import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import studykit

PACKAGE_DIR = Path(studykit.__file__).resolve().parent
FOUNDATION = {"paths", "_version", "files", "limits"}
# wing -> the wings it may import (the foundation is allowed everywhere)
ALLOWED = {
    "corpus": {"corpus"},
    "analysis": {"corpus", "analysis"},
    "coding": {"corpus", "coding"},
    "reports": {"corpus", "analysis", "reports"},
    "render": {"corpus", "analysis", "reports", "render"},
    "cli": {"corpus", "analysis", "coding", "reports", "render", "cli", "__init__"},
    "__main__": {"cli"},
    "__init__": {"corpus"},
    "paths": set(),
    "_version": set(),
    "files": set(),
    "limits": set(),
}


def wing_of(module: str) -> str:
    """'studykit.corpus.load' -> 'corpus'; 'studykit' -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module) of every studykit import in ``source``, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from studykit.x import y` may name a submodule y: count it as studykit.x.y
            for alias in node.names:
                found.append((node.lineno, f"{target}.{alias.name}" if target.count(".") < 1 else target))
    return [(line, name) for line, name in found if name == "studykit" or name.startswith("studykit.")]


def upward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every import in ``source`` that leaves the wings ``module`` may use."""
    wing = wing_of(module)
    allowed = ALLOWED[wing] | FOUNDATION
    bad = []
    for line, target in imported_modules(source, module, is_package):
        if wing_of(target) not in allowed:
            bad.append(
                f"{module}:{line}: imports {target} (wing {wing_of(target)!r}); {wing!r} may import {sorted(allowed)}"
            )
    return bad


def package_modules():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        yield path, ".".join(["studykit", *parts]), is_package


def test_every_module_belongs_to_a_known_wing():
    wings = {wing_of(m) for _, m, _ in package_modules()}
    assert wings <= set(ALLOWED), wings - set(ALLOWED)
    assert {"corpus", "analysis", "reports", "render", "coding", "cli"} <= wings


def test_imports_run_one_way():
    problems = [
        p
        for path, module, pkg in package_modules()
        for p in upward_imports(path.read_text(encoding="utf-8"), module, pkg)
    ]
    assert problems == []


def test_the_layout_check_sees_the_imports_of_the_real_package():
    """Guard against a checker that finds nothing: known imports must be resolved."""
    load = (PACKAGE_DIR / "corpus" / "load.py").read_text(encoding="utf-8")
    targets = {t for _, t in imported_modules(load, "studykit.corpus.load", False)}
    assert "studykit.corpus.schema" in targets and "studykit.paths" in targets
    crosscase = (PACKAGE_DIR / "reports" / "views" / "crosscase.py").read_text(encoding="utf-8")
    assert "analysis" in {
        wing_of(t) for _, t in imported_modules(crosscase, "studykit.reports.views.crosscase", False)
    }


@pytest.mark.parametrize(
    "module, planted",
    [
        ("studykit.corpus.load", "from ..analysis.evidence import cerqual_profile"),
        ("studykit.corpus.export", "from .. import __version__"),
        ("studykit.analysis.compare", "    from ..reports import plots"),
        ("studykit.reports.views.common", "from ...render.manifest import data_hash"),
        ("studykit.coding.intake", "from studykit.analysis import compare"),
        ("studykit.render.engine", "import studykit.cli"),
    ],
)
def test_a_planted_upward_import_fails(module, planted):
    source = (
        "def f():\n    pass\n" + (planted if not planted.startswith(" ") else "def g():\n" + planted) + "\n"
    )
    assert upward_imports(source, module)


@pytest.mark.parametrize("wing", ["corpus", "analysis", "coding", "reports", "render"])
def test_every_wing_says_what_lives_there_and_what_it_may_import(wing):
    doc = ast.get_docstring(ast.parse((PACKAGE_DIR / wing / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc, f"{wing}/__init__.py needs a docstring naming what it may import"


def test_no_source_file_is_ignored_by_git():
    """A fresh clone must have every module: an unanchored `reports/` in .gitignore once hid reports/__init__.py."""
    import subprocess

    root = PACKAGE_DIR.parents[1]
    sources = [
        str(p.relative_to(root))
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert any(s.endswith("reports/__init__.py") for s in sources)
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *sources], cwd=root, capture_output=True, text=True
    )
    assert ignored.returncode in (0, 1), ignored.stderr
    assert ignored.stdout.split() == [], (
        f"git ignores these source files (fix .gitignore): {ignored.stdout.split()}"
    )
