"""Benchmark: what hostile input costs before studykit refuses it (issue 19): wall time and peak memory.

Run:  .venv/bin/python benchmarks/bench_hostile.py   (see README.md)

Each case is built from code in a scratch copy of data/ (benchmarks/_work/hostile/) and run as a user
runs it, ``python -m studykit …`` under ``/usr/bin/time``, whose maximum resident set size is the
command's peak memory. Every refused case must end in exit 1 with the cap named, every read one in exit 0
with what it finds; the script exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "_work" / "hostile"
BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=False)]
)


def run(name: str, *args, expect: str, code: int = 1) -> bool:
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "PEAK %M", sys.executable, "-m", "studykit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=WORK,
    )
    seconds = time.perf_counter() - started
    lines = result.stderr.strip().splitlines()
    peak_mb = int(lines[-1].split()[1]) / 1024
    said = result.stderr if code else result.stdout
    ok = result.returncode == code and expect in said and "Traceback" not in result.stderr
    print(
        f"{name:44s} exit {result.returncode}  {seconds:5.1f} s  peak {peak_mb:4.0f} MB  "
        f"{'ok' if ok else 'FAILED'}"
    )
    return ok


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()  # no options; --help says so
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    data = WORK / "data"
    shutil.copytree(ROOT / "data", data)
    study = data / "studies" / "jambi-bantar.yaml"
    original = study.read_text(encoding="utf-8")
    results = []
    bomb = WORK / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w") as zf:
        zf.writestr("project.qde", b"<Project/>", compress_type=zipfile.ZIP_BZIP2)
        zf.writestr("sources/a.txt", b"\0" * (65 << 20), compress_type=zipfile.ZIP_BZIP2)
    results.append(
        run(
            f"import-refi: bzip2 bomb ({bomb.stat().st_size} B zip)",
            "import-refi",
            bomb,
            "--data",
            data,
            expect="STUDYKIT_MAX_ARCHIVE",
        )
    )
    docx = WORK / "bomb.docx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr(
            "word/document.xml", b" " * (65 << 20), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9
        )
    results.append(
        run(
            f"new-study: deflate bomb ({docx.stat().st_size // 1024} KB docx)",
            "new-study",
            docx,
            "--id",
            "bom",
            "--data",
            data,
            expect="STUDYKIT_MAX_ARCHIVE",
        )
    )
    study.write_text(original.replace("\nlabel: ", "\nlabel: " + "[" * 30_000 + "]" * 30_000 + "\nx: ", 1))
    results.append(
        run(
            "validate: 60 KB of nested brackets", "validate", "--data", data, expect="STUDYKIT_MAX_YAML_DEPTH"
        )
    )
    study.write_text(re.sub(r"(?m)^label: .*$", lambda _: BOMB + "\nlabel: *i", original, count=1))
    results.append(
        run(
            "render --list: alias-bombed label (0.7 KB)",
            "render",
            "--list",
            "--data",
            data,
            expect="STUDYKIT_MAX_YAML_NODES",
        )
    )
    study.write_text(original)
    sheet = WORK / "huge.csv"
    with open(sheet, "wb") as fh:
        fh.truncate(218 * 2**20)
    results.append(
        run(
            "import-findings: 218 MB CSV",
            "import-findings",
            sheet,
            "--data",
            data,
            expect="STUDYKIT_MAX_SHEET_BYTES",
        )
    )
    rows = WORK / "rows.csv"
    rows.write_text("study_id\n" + "x\n" * 1_048_575)
    results.append(
        run(
            "import-findings: 1,048,575-row CSV",
            "import-findings",
            rows,
            "--data",
            data,
            expect="STUDYKIT_MAX_SHEET_ROWS",
        )
    )
    text = WORK / "long.txt"
    text.write_text("kemiskinan " * 5_200_000)
    results.append(
        run(
            "new-study: 57 MB source",
            "new-study",
            text,
            "--id",
            "panjang",
            "--data",
            data,
            expect="STUDYKIT_MAX_SOURCE_CHARS",
        )
    )
    # texts under the caps that are read, not refused: the method statements' reading of them (session 12)
    negated = WORK / "negated.txt"
    negated.write_text(
        "Metode penelitian " + "kualitatif tetapi tidak wawancara " * 29_000 + "tetapi dengan observasi."
    )
    results.append(
        run(
            "suggest --metadata: 1 MB sentence, 29,000 negated parts",
            "suggest",
            negated,
            "--metadata",
            "--data",
            data,
            expect="observasi",
            code=0,
        )
    )
    unclosed = WORK / "unclosed.txt"
    unclosed.write_text("Metode penelitian kualitatif dengan wawancara (" + "tahun 2020 kata " * 62_000 + ".")
    results.append(
        run(
            "suggest --metadata: 1 MB after an unclosed '('",
            "suggest",
            unclosed,
            "--metadata",
            "--data",
            data,
            expect="wawancara",
            code=0,
        )
    )
    # session 13's surfaces (session 14): recode of a long study file, a journal made by hand
    themes, crosswalk = data / "codebook" / "themes.yaml", data / "codebook" / "crosswalk.csv"
    themes.write_text(
        re.sub(r"\n  - theme_id: T05\n.*?(?=\n  - theme_id: )", "\n", themes.read_text(), flags=re.S)
        + "\nmerged:\n  - {theme_id: T05, into: T04}\n"
    )
    table = crosswalk.read_text().splitlines(True)
    crosswalk.write_text("".join(row for row in table if not row.startswith("T05,")))
    long_study = data / "studies" / "jombang-poverty.yaml"
    text = long_study.read_text()
    at = text.index("\n  - finding_id: jombang-poverty-05")
    block = text[at : text.index("\n  - finding_id:", at + 1)]
    copies = "".join(block.replace("-05\n", f"-{100 + n}\n", 1) for n in range(1_000))
    long_study.write_text(text.replace(block, block + copies, 1))
    results.append(
        run(
            "recode --dry-run: 1,000 findings on a merged theme",
            "recode",
            "--dry-run",
            "--data",
            data,
            expect="would recode 1,002 findings",
            code=0,
        )
    )
    journal = data / ".studykit-publish.4194304.json"  # above Linux's default pid_max: no such process
    journal.symlink_to("/dev/zero")
    results.append(
        run("recode: a journal linked to /dev/zero", "recode", "--data", data, expect="recoded 1,002", code=0)
    )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
