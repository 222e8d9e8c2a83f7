"""Files and documents: snapshots and hashes of a data directory, findings sheets as CSV rows, PDFs and Word
files made from text."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

TEST_DATA = Path(__file__).resolve().parents[1] / "data"  # fixtures kept as files (QCA reference tables)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


def rows_of(path: Path) -> tuple[list[str], list[dict]]:
    """The header and rows of a CSV (a findings sheet)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict], delimiter: str = ",") -> Path:
    """``rows`` as a CSV with ``header``, as a spreadsheet saves it."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


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


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``root`` (symlinks as their target's name, never
    followed)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
