"""Memos at every level written into a data directory, for the memo tests (unit and integration)."""

from __future__ import annotations

from pathlib import Path

import yaml

SCRIPT_MEMO = "Studi ini <script>window.__xss = 1</script> dan [klik](javascript:window.__xss=2) menarik."


def memo(author: str, date: str, text: str, language: str | None = None) -> str:
    head = f"author: {author}\ndate: {date}\n" + (f"language: {language}\n" if language else "")
    return f"---\n{head}---\n{text}\n"


def write_memos(data_dir: Path, study_id: str = "jambi-bantar", theme_id: str = "T04") -> dict[str, str]:
    """A project, study, theme and finding memo (the finding's in its study file); level -> a phrase of its text."""
    root = data_dir / "memos"
    (root / "studies").mkdir(parents=True, exist_ok=True)
    (root / "themes").mkdir(exist_ok=True)
    texts = {
        "project": "Project memo: why **these** studies were chosen.",
        "study": SCRIPT_MEMO,
        "theme": "Theme memo: budget barriers recur in every kota.",
        "finding": "Finding memo: coded as context although the abstract hedges.",
    }
    (root / "project.md").write_text(
        memo("A. Analyst", "2026-12-01", texts["project"], "en"), encoding="utf-8"
    )
    (root / "studies" / f"{study_id}.md").write_text(
        memo("B. Peneliti", "2026-12-02", texts["study"], "id"), encoding="utf-8"
    )
    (root / "themes" / f"{theme_id}.md").write_text(
        memo("A. Analyst", "2026-12-03", texts["theme"]), encoding="utf-8"
    )
    path = data_dir / "studies" / f"{study_id}.yaml"
    study = yaml.safe_load(path.read_text(encoding="utf-8"))
    study["findings"][0]["memo"] = memo("C. Coder", "2026-12-04", texts["finding"], "en")
    path.write_text(yaml.safe_dump(study, allow_unicode=True, sort_keys=False), encoding="utf-8")
    texts["finding_id"] = study["findings"][0]["finding_id"]
    return texts
