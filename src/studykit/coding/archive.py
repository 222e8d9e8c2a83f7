"""The one reader of zip archives (``.qdpx``, ``.docx``, ``.xlsx``): bounded before anything is inflated.

A 3.7 KB bzip2 member can inflate to 4 GiB. :func:`open_zip` checks the central
directory first: the number of entries, each member's and the total uncompressed
size, and the compression ratio of large members, against the caps of
:mod:`studykit.limits`. ``zipfile`` itself never returns more than a member's
declared size (a member that lies about it fails its CRC check), so checking the
declared sizes bounds what any later reader (python-docx, openpyxl, lxml) inflates.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..corpus.messages import problem
from ..corpus.problems import ProblemError, Said, over_cap
from ..limits import ARCHIVE_BYTES, ARCHIVE_ENTRIES, ARCHIVE_MEMBER_BYTES, ARCHIVE_RATIO

RATIO_FROM = 2**20  # members smaller than this may compress as well as they like (tiny XML parts do)


# what a file should be, as callers name it, and its key in the message catalogue
KINDS = {
    "a .docx": "archive.docx",
    "an .xlsx workbook": "archive.xlsx",
    "a REFI-QDA project (.qdpx)": "archive.qdpx",
}


def _problem(shown: str, said: Said) -> ProblemError:
    return ProblemError(problem(shown, None, "file", said))


def open_zip(path: Path, shown: str, kind: str) -> zipfile.ZipFile:
    """The archive at ``path``, opened, if it is a zip within the caps; else a ProblemError naming the file
    and the cap.

    ``kind`` names what the file should be ("a .docx", "an .xlsx workbook") in the message.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        what = Said(KINDS[kind], {}) if kind in KINDS else kind
        raise _problem(shown, Said("problem.not_a_zip", {"kind": what, "error": exc})) from None
    except OSError as exc:
        raise _problem(shown, Said("problem.file_unreadable", {"error": exc.strerror or exc})) from None
    try:
        check(archive, shown)
    except BaseException:
        archive.close()
        raise
    return archive


def check(archive: zipfile.ZipFile, shown: str) -> None:
    """Refuse an archive over the caps on entries, member size, total size or compression ratio."""
    infos = archive.infolist()
    if len(infos) > ARCHIVE_ENTRIES.value:
        raise _problem(shown, over_cap(ARCHIVE_ENTRIES, "cap.what.archive_entries", n=len(infos)))
    total = 0
    for info in infos:
        if info.file_size > ARCHIVE_MEMBER_BYTES.value:
            what = {"name": info.filename, "size": info.file_size}
            raise _problem(shown, over_cap(ARCHIVE_MEMBER_BYTES, "cap.what.member_bytes", **what))
        if info.file_size > RATIO_FROM and info.file_size > ARCHIVE_RATIO.value * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _problem(
                shown, over_cap(ARCHIVE_RATIO, "cap.what.member_ratio", name=info.filename, ratio=ratio)
            )
        total += info.file_size
        if total > ARCHIVE_BYTES.value:
            raise _problem(shown, over_cap(ARCHIVE_BYTES, "cap.what.archive_bytes", size=total))
