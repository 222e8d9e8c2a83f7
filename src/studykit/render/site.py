"""The site index, ``reports/index.html``: every report in both languages, and the drafts left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from ..files import write_atomic
from .manifest import Job
from .worker import TEMPLATES


def write_index(jobs: list[Job], reports_dir: Path, data_hash: str, drafts: tuple[str, ...] = ()) -> Path:
    """reports/index.html: every report in both languages, with its title and parameters, and the drafts left
    out."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "site"),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    from ..reports import i18n

    rows: dict[str, dict[str, Any]] = {}
    for job in jobs:
        key = job.output.split("/", 1)[1]
        row = rows.setdefault(key, {"group": job.group, "titles": job.titles, "parameters": {}, "links": {}})
        row["links"][job.lang] = job.output if (reports_dir / job.output).exists() else None
        row["parameters"] = {k: v for k, v in job.parameters.items() if k != "lang"}
        row["described"] = job.described
    html = env.get_template("index.html.j2").render(
        rows=list(rows.values()),
        t=lambda key, lang: i18n.t(key, lang),
        langs=i18n.LANGS,
        version=__version__,
        data_hash=data_hash,
        drafts=list(drafts),
        json=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True),
    )
    target = reports_dir / "index.html"
    if not target.exists() or target.read_text(encoding="utf-8") != html:
        write_atomic(target, html.encode("utf-8"))
    return target
