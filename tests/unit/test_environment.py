"""environment.yml (conda) must agree with pyproject.toml (pip), the single list of dependencies."""

import tomllib

import yaml

from studykit.paths import PROJECT_ROOT


def test_environment_yml_delegates_to_pyproject():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    version = python.split("=", 1)[1]
    assert project["requires-python"] == f">={version},<3.{int(version.split('.')[1]) + 1}"
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert pip == ["-e .[test,lab]"], "list dependencies in pyproject.toml only"
    extras = set(project["optional-dependencies"])
    assert {"test", "lab"} <= extras
    conda_only = [d for d in deps if isinstance(d, str) and not d.startswith(("python=", "pip"))]
    assert conda_only == [], "conda-only packages would drift from pyproject.toml"


def test_core_libraries_are_pinned():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pins = {d.split("==")[0].lower() for d in project["dependencies"] if "==" in d}
    assert {"pandas", "seaborn", "matplotlib", "papermill", "nbconvert", "pydantic"} <= pins
