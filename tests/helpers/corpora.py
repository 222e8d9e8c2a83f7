"""Corpora the tests build from data/: a second coding, study metadata as an analyst fills it, findings
frames, memos at every level."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from studykit.coding import studyfile
from studykit.corpus.provenance import locate_quote
from studykit.paths import DATA_DIR

SECOND_CODER = "second coding built by the tests (a deterministic perturbation of data/, not a real coding)"


def _themes(data_dir: Path) -> list[str]:
    from studykit.corpus.codebook import read_themes

    return [t.theme_id for t in read_themes(data_dir)]


def _extended(source: str, quote: str) -> str | None:
    """A quote that keeps the last quarter of ``quote`` and runs on as far again into the source (overlap
    1/4)."""
    span = locate_quote(source, quote)
    if span is None:
        return None
    start, end = span
    cut = start + 3 * (end - start) // 4
    while cut < end and not source[cut].isspace():  # start at a word
        cut += 1
    stop = min(len(source), end + (end - start))
    while stop < len(source) and not source[stop].isspace():  # end at a word
        stop += 1
    text = " ".join(source[cut:stop].split())
    return text if len(text.split()) >= 3 else None


def build_second_coding(target: Path, source_dir: Path = DATA_DIR) -> Path:
    """A copy of ``source_dir`` recoded by a made-up second coder; returns the copy's data directory.

    Deterministic: findings are numbered across the corpus in file and finding order (g = 0, 1, …)
    and the second coder
    - leaves out every finding with g % 7 == 3 (unless a later finding restates it),
    - codes every finding with g % 7 == 5 on the next theme of the codebook instead (T16 -> T01),
    - quotes every finding with g % 11 == 8 from three quarters into its quote on, running on as far
      again into the source (same type and theme, overlap 1/4 of the shorter quote: no segment match),
    - adds one finding per study: the study's first finding coded again as an ``effort`` (or, when it
      is one, as a ``context``) finding,
    and signs the files with :data:`SECOND_CODER`. The result validates like any corpus.
    """
    shutil.copytree(source_dir, target)
    themes = _themes(target)
    g = 0
    for path in sorted((target / "studies").glob("*.yaml")):
        text, document = studyfile.read_document(path)
        study_id = document["study_id"]
        source = (target / document["source"]["file"]).read_text(encoding="utf-8")
        findings = [dict(f) for f in document["findings"]]
        restated = {f.get("restates") for f in findings}
        kept = []
        for f in findings:
            if g % 7 == 3 and f["finding_id"] not in restated and len(findings) > 1:
                g += 1
                continue
            if g % 7 == 5:
                f["theme_id"] = themes[(themes.index(f["theme_id"]) + 1) % len(themes)]
                if f.get("secondary_theme_id") == f["theme_id"]:
                    f["secondary_theme_id"] = None
            if g % 11 == 8:
                longer = _extended(source, f["quote"])
                if longer:
                    f["quote"] = longer
            kept.append(f)
            g += 1
        first = dict(findings[0])
        first["finding_type"] = "context" if first["finding_type"] == "effort" else "effort"
        first["finding_id"] = f"{study_id}-{studyfile.next_finding_number(findings, study_id):02d}"
        first["restates"] = None
        kept.append(first)
        studyfile.set_findings(document, kept)
        document["coded_by"] = SECOND_CODER
        path.write_text(studyfile.dump(document), encoding="utf-8")
    return target


def findings_frame(*rows):
    """Findings from tuples (finding_id, finding_type, theme_id[, {other columns}]); the study id is the
    finding id minus its number."""
    from studykit.corpus.tables import FINDING_COLUMNS, frame

    records = []
    for finding_id, finding_type, theme_id, *extra in rows:
        record = dict.fromkeys(FINDING_COLUMNS)
        record.update(
            study_id=finding_id.rsplit("-", 1)[0],
            finding_id=finding_id,
            finding_type=finding_type,
            theme_id=theme_id,
            quote=f"quote of {finding_id}",
            summary_en=f"summary of {finding_id}",
            review_status="reviewed",
        )
        record.update(*extra)
        records.append(record)
    return frame(records, FINDING_COLUMNS)


FILLED_METADATA = {
    "label": "Kota Contoh · PKX",
    "label_id": "Kota Contoh · PKX",
    "city_as_written": "Kota Contoh",
    "admin_unit": "Kota Bandung",  # an admin_unit of the gazetteer (codebook/regencies.csv), in Jawa Barat
    "admin_unit_type": "kota",
    "province": "Jawa Barat",
    "level": "kota",
    "locality": "Kota Contoh",
    "programme_name": "Program Kemiskinan X",
    "programme_owner": "local",
    "programme_family": "local",
    "rating": "not_stated",
    "method": "kualitatif deskriptif",
    "coded_by": "test suite",
    "source_type": "abstract",
}


def fill_metadata(study_file: Path, values: dict | None = None) -> None:
    """Fill the null fields of a study file written by `studykit new-study`, as an analyst would, keeping the
    comments."""
    import re

    text = study_file.read_text(encoding="utf-8")
    for name, value in (values or FILLED_METADATA).items():
        text, n = re.subn(
            rf"^(\s*{name}): null(\s+#.*)?$",
            lambda m, value=value: f"{m.group(1)}: {value}{m.group(2) or ''}",
            text,
            count=1,
            flags=re.M,
        )
        assert n == 1, f"{name}: null not found in {study_file.name}"
    study_file.write_text(text, encoding="utf-8")


# --- memos at every level (memo tests) -----------------------------------------------------

SCRIPT_MEMO = "Studi ini <script>window.__xss = 1</script> dan [klik](javascript:window.__xss=2) menarik."


def memo(author: str, date: str, text: str, language: str | None = None) -> str:
    head = f"author: {author}\ndate: {date}\n" + (f"language: {language}\n" if language else "")
    return f"---\n{head}---\n{text}\n"


def write_memos(data_dir: Path, study_id: str = "jambi-bantar", theme_id: str = "T04") -> dict[str, str]:
    """A project, study, theme and finding memo (the finding's in its study file); level -> a phrase of its
    text."""
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
