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
    results.extend(session15())
    return 0 if all(results) else 1


# hostile15: the record of unsaved work, --bib, the cue words' slashes; each measured in a process of its own
RECORDS = """
import json, os, shutil, sys, time
from pathlib import Path
from studykit.coding.bench import Session
from studykit.coding.bench.unsaved import read
data, case = Path(sys.argv[1]), sys.argv[2]
s = Session("bengkulu-samisake", data, "kept")
s.accept(s.next_pending())
s.set_memo("study", s.study_id, "m" * 100_000)
record = json.loads(s.record.read_bytes())
for path in list(data.glob(".studykit-unsaved.*.json")):
    path.unlink()
if case == "many":  # 10,000 records of kernels gone
    for n in range(10_000):
        (data / f".studykit-unsaved.bengkulu-samisake.4194304-{n:08x}.json").write_text(json.dumps(record))
elif case == "big":  # one record just under the cap, 300 memos of 100,000 characters
    record["memos"] = [dict(record["memos"][0], target=f"bengkulu-samisake-{n:02d}", level="finding")
                       for n in range(300)]
    (data / ".studykit-unsaved.bengkulu-samisake.4194304-0000000b.json").write_text(json.dumps(record))
else:  # values nested 900 deep, a lone surrogate in the last memo
    record["values"] = {"coded_by": json.loads("[" * 900 + "]" * 900)}
    record["memos"][0]["body"] = "\\ud800"
    (data / ".studykit-unsaved.bengkulu-samisake.4194304-0000000c.json").write_text(json.dumps(record))
started = time.perf_counter()
t = Session("bengkulu-samisake", data, "restoring")
offered, _, more = t.offers()
kind = type(offered[0]).__name__
if kind == "Record":
    t.restore(offered[0])
print(f"opened and offered in {time.perf_counter() - started:.1f} s: {kind} ({more} more)")
"""


def session15() -> list[bool]:
    data = WORK / "data15"
    shutil.copytree(ROOT / "data", data)
    source = WORK / "source15.txt"
    source.write_text(
        "Penelitian ini mengkaji dana desa. Hasilnya, anggaran yang terbatas menghambat program.\n"
    )
    authors = " and ".join(f"Pr{{\\'e}}vost{n}, Anne" for n in range(10_000))
    many = WORK / "authors.bib"
    many.write_text(f"@book{{k, title={{Dana Desa}}, author={{{authors}}}, year=2020}}\n")
    library = WORK / "library.bib"
    entry = (
        "@article{{k{0}, title={{Dana Desa {0}}}, author={{Pratama, Rizky and Lestari, Dewi}}, year=2020}}\n"
    )
    library.write_text("".join(entry.format(n) for n in range(408_148)))  # 50 MB
    out = [
        run(
            "new-study --bib: 10,000 authors",
            "new-study",
            source,
            "--id",
            "uji-a",
            "--bib",
            many,
            "--data",
            data,
            expect="author: is ",
        ),
        run(
            "new-study --bib: a 50 MB library, first taken",
            "new-study",
            source,
            "--id",
            "uji-b",
            "--bib",
            library,
            "--data",
            data,
            expect="created",
            code=0,
        ),
    ]
    study = data / "studies" / "jambi-bantar.yaml"
    slashes = " ".join(
        f"{a}/{b}"
        for a, b in zip(
            "abcdefghijklmnopqrstuvwxy" * 2,
            "zyxwvutsrqponmlkjihgfedcb" * 2,
            strict=True,
        )
    )
    text = study.read_text(encoding="utf-8")
    study.write_text(text.replace("study_variable: sumber daya", f"study_variable: {slashes}", 1))
    out.append(
        run(
            "suggest: a study_variable of 50 slashed words",
            "suggest",
            "bengkulu-samisake",
            "--data",
            data,
            expect="barrier",
            code=0,
        )
    )
    study.write_text(text)
    for case in ("many", "big", "deep"):
        out.append(run_py(f"workbench: records of unsaved work ({case})", RECORDS, data, case))
    return out


def run_py(name: str, code: str, *args) -> bool:
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "PEAK %M", sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=WORK,
    )
    peak_mb = int(result.stderr.strip().splitlines()[-1].split()[1]) / 1024
    ok = result.returncode == 0 and "Traceback" not in result.stderr
    seconds = time.perf_counter() - started
    print(
        f"{name:44s} exit {result.returncode}  {seconds:5.1f} s  peak {peak_mb:4.0f} MB  "
        f"{'ok' if ok else 'FAILED'}  {result.stdout.strip()}"
    )
    return ok


if __name__ == "__main__":
    sys.exit(main())
