"""What a report depends on, hashed: one fingerprint per job, and one run key for the whole manifest.

A job is re-rendered when its fingerprint (studykit's version and source, the
files of data/ its report reads, the versions of the rendering libraries, its
notebook, its parameters, title and output) differs from the one recorded in
``reports/.studykit-render.json`` at its last successful render. Which files a
report reads is :mod:`studykit.reports.reads`: a study's profile reads its own
study (file, source, memos) and not the others, so editing one study re-renders
its profiles and the reports about the whole corpus, and a memo re-renders only
the reports that show it.

The run key answers "is there anything to do at all?" without planning: it hashes
everything the plan and the fingerprints are computed from (the manifest file, its
notebooks folder, data/, studykit's source, the installed distributions,
``--show-code``) and is recorded only after a render in which every job succeeded.
While it matches and every report and the index exist, ``studykit render`` stops
before importing the planner (pydantic), pandas or jinja2, so a no-op costs a few
file hashes. The key is deliberately coarser than the fingerprints (any installed
distribution changing, not just the rendering libraries): a false "changed" only
sends the run through the normal per-job check.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__
from ..corpus.digest import digest_files, digest_tree
from ..paths import resolve_data_dir

if TYPE_CHECKING:
    from .manifest import Job

SOURCE_DIR = Path(__file__).resolve().parents[1]  # the whole studykit package
LIBRARIES = ("papermill", "nbconvert", "nbclient", "ipykernel", "pandas", "matplotlib", "seaborn", "scipy")
STATE_FILE = ".studykit-render.json"
RUN_KEY = "_run"  # the state file's entry for the run key; report entries are "<lang>/…html"


@dataclass
class Inputs:
    """Everything a report depends on: what every report shares, and the data files each one reads."""

    data_dir: Path
    _digests: dict[Path, bytes] = field(default_factory=dict, repr=False)  # data file -> its digest

    @cached_property
    def digest(self) -> str:
        """What every report depends on: studykit's version and source, the rendering libraries."""
        from importlib import metadata  # here: the no-op check never needs it

        digest = hashlib.sha256(__version__.encode())
        digest_tree(SOURCE_DIR, digest)
        for name in LIBRARIES:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        return digest.hexdigest()

    @cached_property
    def data(self):
        from ..reports.reads import DataFiles  # here: the no-op check never needs it

        return DataFiles(self.data_dir)

    def _file(self, path: Path) -> bytes:
        """The digest of one data file (its path and bytes), computed once per render."""
        if path not in self._digests:
            digest = hashlib.sha256()
            digest_files(self.data_dir, [path], digest)
            self._digests[path] = digest.digest()
        return self._digests[path]

    def fingerprint(self, job: Job, show_code: bool) -> str:
        digest = hashlib.sha256(self.digest.encode())
        for path in self.data.of(job.notebook, job.parameters):
            digest.update(self._file(path))
        digest.update(job.notebook_path.read_bytes())
        # the agreement report also reads a second coding, given relative to the data directory's folder
        second = job.parameters.get("second_coding")
        if second:
            digest_tree(self.data_dir.parent / second, digest)
        recorded = {  # what the report's HTML and notebook say besides the notebook's outputs
            "parameters": job.parameters,
            "show_code": show_code,
            "titles": job.titles,
            "source": job.source,
            "output": job.output,
        }
        digest.update(json.dumps(recorded, sort_keys=True).encode())
        return digest.hexdigest()


def load_state(reports_dir: Path) -> dict:
    try:
        state = json.loads((reports_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _distributions() -> list[str]:
    """The names of the installed distributions' metadata folders (they carry the versions): one listdir per
    path entry."""
    names = []
    for entry in sys.path:
        try:
            names += sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return names


def run_key(manifest_path: Path, data_dir: str | Path | None, show_code: bool) -> str | None:
    """One hash over every input of the plan and of all fingerprints; None if the manifest cannot be read."""
    from ..corpus.readers import parse_yaml  # yaml only, no pydantic

    manifest_path = Path(manifest_path).resolve()
    data_dir = resolve_data_dir(data_dir).resolve()
    try:
        text = manifest_path.read_bytes()
        manifest = parse_yaml(text.decode("utf-8"), manifest_path.name)
        notebooks = manifest.get("notebooks", "notebooks")
        second = manifest.get("second_coding")
    except Exception:  # noqa: BLE001 - any problem is reported by the normal path, which plans
        return None
    digest = hashlib.sha256(
        json.dumps([__version__, str(manifest_path), str(data_dir), show_code, _distributions()]).encode()
    )
    digest.update(text)
    trees = [manifest_path.parent / str(notebooks), data_dir, SOURCE_DIR]
    if second:
        trees.append((manifest_path.parent / str(second)).resolve())
    for tree in trees:
        digest.update(f"\0{tree}\0".encode())
        if tree.is_dir():
            digest_tree(tree, digest)
    return digest.hexdigest()


def unchanged_reports(
    reports_dir: Path, manifest_path: Path, data_dir: str | Path | None, show_code: bool
) -> int | None:
    """How many reports the last complete render made, if nothing it depends on has changed since; else
    None."""
    recorded = load_state(reports_dir).get(RUN_KEY)
    if not isinstance(recorded, dict) or not (reports_dir / "index.html").exists():
        return None
    outputs = recorded.get("outputs", [])
    if recorded.get("key") != run_key(manifest_path, data_dir, show_code) or not all(
        (reports_dir / o).exists() for o in outputs
    ):
        return None
    return len(outputs)
