"""``studykit export --refi``: write the codebook (.qdc) and the project (.qdpx), both or neither."""

from __future__ import annotations

from pathlib import Path

from ...corpus.load import Corpus
from ...files import folder_beside, move_in, sweep_beside, write_zip
from .codebook import studykit_codes
from .qdc import codebook_xml
from .qdpx_export import project_files

CODEBOOK_FILE = "studykit-codebook.qdc"
PROJECT_FILE = "studykit-corpus.qdpx"


def write_refi(corpus: Corpus, out_dir: str | Path) -> list[Path]:
    """Write both files into ``out_dir`` through a temporary folder; return their paths."""
    out_dir = Path(out_dir)
    codebook = codebook_xml(studykit_codes(corpus.themes, corpus.changes))
    members = project_files(corpus)
    out_dir.mkdir(parents=True, exist_ok=True)
    sweep_beside(out_dir / "refi")  # what an export killed while writing left
    with folder_beside(out_dir / "refi") as tmp_dir:
        (tmp_dir / CODEBOOK_FILE).write_bytes(codebook)
        write_zip(tmp_dir / PROJECT_FILE, members)
        written = []
        for name in (CODEBOOK_FILE, PROJECT_FILE):
            move_in(tmp_dir / name, out_dir / name)
            written.append(out_dir / name)
    return written
