"""Write the corpus as CSV tables, an Excel workbook and a Frictionless data package.

Outputs are reproducible byte for byte: fixed row order, LF line endings, and
an .xlsx whose document properties and zip timestamps are pinned. Files are
written to a temporary folder first and moved into place only when all of them
are complete, so a failed export never leaves a half-written set.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._version import __version__
from ..files import folder_beside, mode_had, move_in, sweep_beside, zip_entry
from ..paths import PROJECT_ROOT, SCHEMA_DIR
from . import tables
from .cells import to_cell
from .load import Corpus
from .schema import Study

TABLE_FILES = {name: f"{name}.csv" for name in tables.TABLES}


@dataclass(frozen=True)
class DerivedTable:
    """A table computed from the corpus by a higher wing (``studykit.analysis.tidy``: quotes, cases, memos),
    passed in by the caller: the table, its Frictionless Table Schema and what one row is."""

    table: pd.DataFrame
    schema: dict[str, Any]
    description: str


Derived = Mapping[str, DerivedTable]  # table name -> the table
WORKBOOK = "studykit-corpus.xlsx"
_EPOCH = dt.datetime(2000, 1, 1)


# Every resource states its licence (Frictionless: a resource's ``licenses`` override the package's).
# The corpus's own tables are under DATA_LICENCE; a table taken from elsewhere keeps its source and
# licence (its provenance note beside it in data/codebook/, e.g. regencies.md: ODbL 1.0, share-alike).
DATA_LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
RESOURCE_ORIGIN = {
    "regencies": {
        "sources": [
            {
                "title": "idn-area-data 4.0.1 (Kepmendagri 300.2.2-2L38 Tahun 2025)",
                "path": "https://www.npmjs.com/package/idn-area-data",
            }
        ],
        "licenses": [{"name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/1-0/"}],
    }
}


def flat_table(corpus: Corpus, name: str) -> pd.DataFrame:
    """The table as exported: lists joined by '; ', in its canonical row order."""
    df = getattr(corpus, name).copy()
    for col in df.columns:
        if df[col].map(lambda v: isinstance(v, list)).any():
            df[col] = df[col].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
    return df


def datapackage(corpus: Corpus, derived: Derived | None = None) -> dict:
    """The Frictionless descriptor of the exported tables, built from the schema (and of ``derived``'s, with
    the schemas they come with)."""
    schemas = {name: tables.table_schema(name) for name in TABLE_FILES}
    schemas.update({name: d.schema for name, d in (derived or {}).items()})
    about = {name: {"description": d.description} for name, d in (derived or {}).items()}
    return {
        "name": "studykit-corpus",
        "title": "studykit evidence corpus: coded findings of Indonesian poverty-programme case studies",
        "version": __version__,
        "licenses": [DATA_LICENCE],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
                "licenses": [DATA_LICENCE],
                **about.get(name, {}),
                **RESOURCE_ORIGIN.get(name, {}),
            }
            for name, schema in schemas.items()
        ],
    }


def _pin_zip(path: Path) -> None:
    """Rewrite the workbook with fixed timestamps so that identical content gives identical bytes.

    openpyxl stamps ``dcterms:modified`` with the time of saving, whatever the
    properties say, and zip members carry their write time; both are pinned.
    """
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = [
        (
            name,
            re.sub(
                rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data
            )
            if name == "docProps/core.xml"
            else data,
        )
        for name, data in members
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            dst.writestr(zip_entry(name), data)


def _strings_stay_strings(sheet) -> None:
    """openpyxl makes every text that starts with '=' a formula cell; a text from data is a string cell."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def write_export(corpus: Corpus, out_dir: str | Path, derived: Derived | None = None) -> list[Path]:
    """Write every table (``derived``'s after the corpus's own), the workbook and datapackage.json into
    ``out_dir``; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = {name: flat_table(corpus, name) for name in TABLE_FILES}
    frames.update({name: d.table for name, d in (derived or {}).items()})
    sweep_beside(out_dir / "export")  # what an export killed while writing left
    with folder_beside(out_dir / "export") as tmp_dir:
        for name, df in frames.items():
            df.map(to_cell).to_csv(
                tmp_dir / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8"
            )
        with pd.ExcelWriter(tmp_dir / WORKBOOK, engine="openpyxl") as writer:
            for name, df in frames.items():
                df.to_excel(writer, sheet_name=name, index=False)
                _strings_stay_strings(writer.book[name])
            writer.book.properties.created = writer.book.properties.modified = _EPOCH
            writer.book.properties.creator = "studykit"
        _pin_zip(tmp_dir / WORKBOOK)
        (tmp_dir / "datapackage.json").write_text(
            json.dumps(datapackage(corpus, derived), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
            newline="",
        )
        written = []
        # datapackage.json names the set: gone while the set is moved in, back last (a set cut short by a kill
        # has none, rather than one that describes tables still of the export before)
        had = mode_had(out_dir / "datapackage.json")
        (out_dir / "datapackage.json").unlink(missing_ok=True)
        for path in sorted(tmp_dir.iterdir(), key=lambda p: (p.name == "datapackage.json", p.name)):
            target = out_dir / path.name
            move_in(path, target, had if path.name == "datapackage.json" else None)
            written.append(target)
    return written


def study_json_schema(corpus: Corpus | None = None) -> dict:
    """JSON Schema for ``data/studies/*.yaml``; with a corpus, theme and framework ids and provinces are
    enumerated for editors."""
    schema = Study.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "study.schema.json", **schema}
    if corpus is not None:
        themes = sorted(corpus.themes["theme_id"])
        frameworks = sorted(corpus.frameworks["framework_id"].unique())
        finding = schema["$defs"]["Finding"]["properties"]
        finding["theme_id"]["enum"] = themes
        for option in finding["secondary_theme_id"]["anyOf"]:
            if option.get("type") == "string":
                option["enum"] = themes
        schema["properties"]["frameworks_declared"]["items"]["enum"] = frameworks
        schema["properties"]["province"]["enum"] = list(corpus.provinces["province"])
    return schema


def data_dictionary(derived: Derived | None = None) -> str:
    """docs/data-dictionary.md: every exported table and field (``derived``'s after the corpus's own),
    generated from the same schema that validates the data."""
    lines = [
        "# Data dictionary",
        "",
        "Generated by `studykit schema` from `src/studykit/corpus/schema.py`, "
        "`src/studykit/corpus/tables.py` and `src/studykit/analysis/tidy.py`; do not edit by hand.",
        "The same definitions validate `data/`, describe `datapackage.json` and shape the exported tables.",
        "",
    ]
    described = [
        (name, (models[0].__doc__ or "").strip().splitlines()[0], tables.table_schema(name))
        for name, (_columns, models, _key, _foreign) in tables.TABLES.items()
    ] + [(name, d.description, d.schema) for name, d in (derived or {}).items()]
    for name, about, schema in described:
        lines += [f"## `{name}.csv`", "", about, ""]
        if schema.get("primaryKey"):
            lines.append(f"Primary key: `{', '.join(schema['primaryKey'])}`.")
        for fk in schema.get("foreignKeys", []):
            lines.append(
                f"`{', '.join(fk['fields'])}` → "
                f"`{fk['reference']['resource']}.{', '.join(fk['reference']['fields'])}`."
            )
        lines += [
            "",
            "| field | type | required | allowed values / pattern | description |",
            "|---|---|---|---|---|",
        ]
        for field in schema["fields"]:
            c = field.get("constraints", {})
            allowed = (
                ", ".join(f"`{v}`" for v in c["enum"])
                if "enum" in c
                else f"`{c['pattern']}`"
                if "pattern" in c
                else f"{c['minimum']}–{c['maximum']}"
                if "maximum" in c
                else ""
            )
            description = field.get("description", "").replace("|", "\\|")
            lines.append(
                f"| `{field['name']}` | {field['type']} | {'yes' if c.get('required') else ''} | "
                f"{allowed} | {description} |"
            )
        lines.append("")
    return "\n".join(lines)


def render_json(obj: dict) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def schema_files(corpus: Corpus | None = None, derived: Derived | None = None) -> dict[Path, str]:
    """What ``studykit schema`` publishes: path -> the text the file must have (both generated from the
    schema)."""
    return {
        SCHEMA_DIR / "study.schema.json": render_json(study_json_schema(corpus)),
        PROJECT_ROOT / "docs" / "data-dictionary.md": data_dictionary(derived),
    }


def stale_files(expected: dict[Path, str]) -> list[Path]:
    """The files of ``expected`` that are missing or differ from their expected text."""
    return [
        path
        for path, text in expected.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
