"""Helpers shared by several test modules (import them from here, never from another test module)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import yaml

from studykit.coding import studyfile
from studykit.corpus.provenance import locate_quote
from studykit.paths import DATA_DIR, PROJECT_ROOT

TEST_DATA = Path(__file__).resolve().parent / "data"  # fixtures kept as files (QCA reference tables)
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


# --- the CLI, as a user runs it ------------------------------------------------------------------


def run_studykit(
    *args: str, cwd: Path | None = None, python: tuple[str, ...] = (), umask: int = -1
) -> subprocess.CompletedProcess:
    """Run the installed CLI as a user would, from a directory that is not the project.

    ``python``: interpreter options; ``umask``: the user's umask (-1 = ours).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("STUDYKIT_DEBUG", "STUDYKIT_DATA_DIR")}
    return subprocess.run(
        [sys.executable, *python, "-m", "studykit", *map(str, args)],
        cwd=cwd or PROJECT_ROOT.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        umask=umask,
    )


class Invoked(typing.NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def invoke_studykit(*args: str) -> Invoked:
    """Run a studykit command in this process (fast; for the many refusal cases); run_studykit runs the real
    executable."""
    from click.testing import CliRunner

    from studykit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return Invoked(result.exit_code, result.stdout, result.stderr)


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
    "admin_unit": "Kota Contoh",
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


# --- files and documents ---------------------------------------------------------------------------


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def make_pdf(path: Path, text: str | None) -> Path:
    """A PDF with ``text`` as its text layer, or (text=None) a scanned page: one image, no text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF()
    pdf.add_page()
    if text is None:
        image = Image.new("RGB", (600, 200), "white")
        ImageDraw.Draw(image).text((10, 80), "Penelitian ini bertujuan ...", fill="black")
        pdf.image(image, x=10, y=10, w=180)
    else:
        pdf.set_font("helvetica", size=11)
        for paragraph in filter(None, text.split("\n")):
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = "Implementasi Program X"
    document.save(str(path))
    return path


# --- the browser ---------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (`make test` installs it when it can)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def open_page(browser, path: Path):
    """A page of ``browser`` at ``path``, and the console errors, network requests and dialogs it causes."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    events = {"console": [], "network": [], "dialogs": []}
    page.on("console", lambda m: events["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: events["console"].append(str(e)))
    page.on(
        "request",
        lambda r: events["network"].append(r.url) if not r.url.startswith(("file://", "data:")) else None,
    )
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    return page, events


def chromium_pages():
    """A generator fixture body: yields a function that opens a file in Debian's Chromium (Playwright) and
    returns the page and the console errors and network requests it made; skips without Chromium."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it with apt-get when it can)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def open_page(path: Path):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            events = {"console": [], "network": []}
            page.on("console", lambda m: events["console"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: events["console"].append(str(e)))
            page.on(
                "request",
                lambda r: (
                    events["network"].append(r.url) if not r.url.startswith(("file://", "data:")) else None
                ),
            )
            page.goto(path.as_uri(), wait_until="load")
            return page, events

        yield open_page
        browser.close()


# --- memos at every level (memo tests) ---------------------------------------------------------

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


def clustered_cases(conditions=10, cases=200, clusters=6, flip=0.05, seed=2):
    """A crisp QCA case table with many tied parsimonious models (issue 19, item 11).

    ``cases`` noisy copies (each condition flipped with probability ``flip``) of ``clusters``
    random prototypes; the outcome ``Y`` is the prototype's. The same generator as
    ``benchmarks/bench_qca_clustered.py`` (its defaults there: 14 conditions, 300 cases, 8
    clusters, flip 0.08, seed 2: 610 tied models). Indexed by case name ``k1``, ``k2``, ...
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    prototypes = rng.integers(0, 2, size=(clusters, conditions))
    positive = rng.random(clusters) < 0.5
    member = rng.integers(0, clusters, size=cases)
    X = prototypes[member] ^ (rng.random((cases, conditions)) < flip)
    frame = pd.DataFrame(X.astype(int), columns=[f"C{i + 1}" for i in range(conditions)])
    frame["Y"] = positive[member].astype(int)
    frame.index = pd.Index([f"k{i + 1}" for i in range(cases)], name="case")
    return frame


def duplicate_ids(page: str) -> dict[str, int]:
    """The element ids that occur more than once in an HTML page (invalid HTML: an anchor to one is
    ambiguous), with their counts."""
    from collections import Counter
    from html.parser import HTMLParser

    class Ids(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.ids: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.ids += [value for name, value in attrs if name == "id"]

    parser = Ids()
    parser.feed(page)
    return {i: n for i, n in Counter(parser.ids).items() if n > 1}
