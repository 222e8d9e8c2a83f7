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

from ..corpus.problems import Problem, ProblemError
from ..limits import ARCHIVE_BYTES, ARCHIVE_ENTRIES, ARCHIVE_MEMBER_BYTES, ARCHIVE_RATIO

RATIO_FROM = 2**20  # members smaller than this may compress as well as they like (tiny XML parts do)


def _problem(shown: str, message: str) -> ProblemError:
    return ProblemError(Problem(shown, None, "file", message))


def open_zip(path: Path, shown: str, kind: str) -> zipfile.ZipFile:
    """The archive at ``path``, opened, if it is a zip within the caps; else a ProblemError naming the file
    and the cap.

    ``kind`` names what the file should be ("a .docx", "an .xlsx workbook") in the message.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise _problem(
            shown, f"cannot be read as {kind}: it is not a zip archive ({exc}); open it and save it again"
        ) from None
    except OSError as exc:
        raise _problem(shown, f"cannot be read ({exc.strerror or exc})") from None
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
        raise _problem(shown, ARCHIVE_ENTRIES.exceeded(f"the archive ({len(infos):,} entries)"))
    total = 0
    for info in infos:
        if info.file_size > ARCHIVE_MEMBER_BYTES.value:
            raise _problem(
                shown, ARCHIVE_MEMBER_BYTES.exceeded(f"{info.filename} ({info.file_size:,} bytes unzipped)")
            )
        if info.file_size > RATIO_FROM and info.file_size > ARCHIVE_RATIO.value * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _problem(
                shown,
                ARCHIVE_RATIO.exceeded(f"{info.filename} (compressed {ratio:,} times: a zip bomb?)"),
            )
        total += info.file_size
        if total > ARCHIVE_BYTES.value:
            raise _problem(shown, ARCHIVE_BYTES.exceeded(f"the archive (over {total:,} bytes unzipped)"))
