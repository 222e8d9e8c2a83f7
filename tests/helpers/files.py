"""Files and documents: snapshots and hashes of a data directory, PDFs and Word files made from text."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

TEST_DATA = Path(__file__).resolve().parents[1] / "data"  # fixtures kept as files (QCA reference tables)


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
