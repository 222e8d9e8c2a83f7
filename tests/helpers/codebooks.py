"""A codebook changed as a team changes it: themes merged, a theme added, each so that `validate` passes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import yaml


def merge_theme(data_dir: Path, old: str, into: str, *, declare: bool = True) -> None:
    """Delete theme ``old`` from themes.yaml, recode its findings to ``into``, drop its crosswalk rows and its
    CERQual judgements; with ``declare``, list it under ``merged:`` (into ``into``)."""
    path = data_dir / "codebook" / "themes.yaml"
    text = re.sub(
        rf"\n  - theme_id: {old}\n.*?(?=\n  - theme_id: )", "\n", path.read_text(encoding="utf-8"), flags=re.S
    )
    if declare:
        text += f"\nmerged:\n  - theme_id: {old}\n    into: {into}\n    note: merged by the team\n"
    path.write_text(text, encoding="utf-8")
    crosswalk = data_dir / "codebook" / "crosswalk.csv"
    lines = crosswalk.read_text(encoding="utf-8").splitlines(keepends=True)
    crosswalk.write_text("".join(line for line in lines if not line.startswith(f"{old},")), encoding="utf-8")
    for study in (data_dir / "studies").glob("*.yaml"):
        recoded = re.sub(rf"(theme_id: ){old}\b", rf"\g<1>{into}", study.read_text(encoding="utf-8"))
        study.write_text(recoded, encoding="utf-8")
    cerqual = data_dir / "synthesis" / "cerqual.yaml"
    if cerqual.exists():
        data = yaml.safe_load(cerqual.read_text(encoding="utf-8"))
        data["judgements"] = [
            j for j in data["judgements"] if not str(j["review_finding_id"]).startswith(f"{old}-")
        ]
        cerqual.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def add_theme(
    data_dir: Path,
    theme_id: str,
    cue_words: list[str],
    *,
    group: str = "determinant",
    label: str = "New theme",
    origin: str = "extension",
    added: str | None = None,
) -> None:
    """Append a theme with ``cue_words`` to themes.yaml and a 'none' crosswalk row for every framework."""
    path = data_dir / "codebook" / "themes.yaml"
    entry = {
        "theme_id": theme_id,
        "label_en": label,
        "label_id": f"Tema baru {theme_id}",
        "short_en": label[:24],
        "short_id": f"Tema {theme_id}",
        "group": group,
        "origin": origin,
        "definition_en": f"{label}, as the team defined it.",
        "definition_id": f"Tema {theme_id}, sebagaimana didefinisikan tim.",
        "cue_words": cue_words,
        "note": "Added by the team.",
    }
    if added:
        entry["added"] = added
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=200)
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\nmerged:")
    block = "\n".join("  " + line if line else line for line in block.splitlines())
    path.write_text(head.rstrip("\n") + "\n\n" + block + "\n" + (sep + tail if sep else ""), encoding="utf-8")
    crosswalk = data_dir / "codebook" / "crosswalk.csv"
    with crosswalk.open(encoding="utf-8") as f:
        frameworks = sorted({row["framework_id"] for row in csv.DictReader(f)})
    with crosswalk.open("a", encoding="utf-8") as f:
        f.writelines(f"{theme_id},{fw},,none,\n" for fw in frameworks)


def retire_theme(
    data_dir: Path, old: str, *, split_into: tuple[str, ...] = (), date: str | None = None
) -> None:
    """Delete theme ``old`` from themes.yaml and its crosswalk rows and list it under ``retired:`` (split into
    ``split_into``, themes already added, when given); its findings, judgements and memos are left as they
    are, for `validate` to name."""
    path = data_dir / "codebook" / "themes.yaml"
    text = re.sub(
        rf"\n  - theme_id: {old}\n.*?(?=\n  - theme_id: )", "\n", path.read_text(encoding="utf-8"), flags=re.S
    )
    text += ("" if "\nretired:\n" in text else "\nretired:\n") + f"  - theme_id: {old}\n"  # the last section
    if split_into:
        text += f"    split_into: [{', '.join(split_into)}]\n"
    if date:
        text += f"    date: {date}\n"
    path.write_text(text + "    note: retired by the team\n", encoding="utf-8")
    crosswalk = data_dir / "codebook" / "crosswalk.csv"
    lines = crosswalk.read_text(encoding="utf-8").splitlines(keepends=True)
    crosswalk.write_text("".join(line for line in lines if not line.startswith(f"{old},")), encoding="utf-8")


def recode_by_hand(data_dir: Path, old: str, into: str) -> None:
    """What a team does after retiring ``old`` without splitting it: its findings recoded to ``into`` in every
    study file, its CERQual judgements deleted (a corpus that validates again)."""
    for study in (data_dir / "studies").glob("*.yaml"):
        text = study.read_text(encoding="utf-8")
        study.write_text(text.replace(f"theme_id: {old}", f"theme_id: {into}"), encoding="utf-8")
    cerqual = data_dir / "synthesis/cerqual.yaml"
    data = yaml.safe_load(cerqual.read_text(encoding="utf-8"))
    data["judgements"] = [j for j in data["judgements"] if not j["review_finding_id"].startswith(f"{old}-")]
    cerqual.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def import_edited_theme(data_dir: Path, tmp_path: Path, old: str, new: str, *options: str):
    """A coder's sheet round trip: the findings exported, the first row on ``old`` put on ``new``, the sheet
    imported again (with ``options``). Returns that row's line in the sheet and the import's result."""
    from .cli import invoke_studykit
    from .files import rows_of, write_rows

    out = tmp_path / "out"
    assert invoke_studykit("export", "--out", out, "--data", data_dir).returncode == 0
    header, rows = rows_of(out / "findings.csv")
    at = next(i for i, r in enumerate(rows) if r["theme_id"] == old)
    rows[at]["theme_id"] = new
    sheet = write_rows(tmp_path / "edited.csv", header, rows)
    return at + 2, invoke_studykit("import-findings", sheet, "--data", data_dir, *options)
