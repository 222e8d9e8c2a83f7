"""The pre-commit hooks run the ruff that `make lint` and CI run: one pin, in pyproject.toml."""

from __future__ import annotations

import tomllib

import yaml

from studykit.paths import PROJECT_ROOT


def test_pre_commit_ruff_is_the_pinned_ruff():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [p for p in pyproject["project"]["optional-dependencies"]["test"] if p.startswith("ruff==")]
    assert len(pins) == 1, pins
    hooks = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (ruff,) = [r for r in hooks["repos"] if r["repo"].endswith("/ruff-pre-commit")]
    assert ruff["rev"] == "v" + pins[0].removeprefix("ruff==")
    assert {h["id"] for h in ruff["hooks"]} == {"ruff-check", "ruff-format"}


def test_no_rule_issue_18_cleared_is_ignored_again():
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert not {"E501", "B905", "E741"} & set(lint.get("ignore", []) + lint.get("extend-ignore", []))
    assert {"E", "B"} <= set(lint["select"])
