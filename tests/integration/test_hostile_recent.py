"""Hostile input to what session 11 added (session 12's independent check): a source on standard input
(`new-study -`), memo files, and the method suggester on pathological text. Our own texts."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from helpers.files import tree_hashes

from studykit.coding.intake import new_study
from studykit.coding.publish import CodingError
from studykit.limits import SOURCE_CHARS


class _Endless(io.RawIOBase):
    """A stream of text that never ends (`yes | studykit new-study -`), counting what was read of it."""

    def __init__(self):
        self.given = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = len(buffer)
        buffer[:n] = (b"Abstrak penelitian kemiskinan. " * (n // 31 + 1))[:n]
        self.given += n
        return n


def test_a_stream_of_gigabytes_on_stdin_is_read_no_further_than_a_txt_file_may_be(data_copy):
    """A .txt file over 4 bytes a character of the length cap is refused by its size; standard input was read
    to the 64 MiB cap on a file, decoded and checked (a 60 MB text: 976 MB peak RSS; now 90 MB)."""
    before = tree_hashes(data_copy)
    stream = _Endless()
    with pytest.raises(CodingError) as refused:
        new_study("-", "kupang-aliran", data_copy, stdin=io.BufferedReader(stream))
    assert stream.given <= 4 * SOURCE_CHARS.value + 2 * io.DEFAULT_BUFFER_SIZE
    (said,) = refused.value.problems
    assert (said.file, said.field) == ("<stdin>", "file") and "STUDYKIT_MAX_SOURCE_CHARS" in said.message
    assert "standard input (more than 4,000,000 bytes)" in said.message
    assert tree_hashes(data_copy) == before


def test_a_closed_stdin_is_said_not_an_internal_error(data_copy):
    command = [
        sys.executable,
        "-m",
        "studykit",
        "new-study",
        "-",
        "--id",
        "kupang-tutup",
        "--data",
        data_copy,
    ]
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *map(str, command)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and "internal error" not in result.stderr, result.stderr
    assert result.stderr.startswith("<stdin>: file: standard input is closed"), result.stderr
    assert not (data_copy / "studies/kupang-tutup.yaml").exists()


@pytest.mark.parametrize("raw", [b"\xff\xfeA\x00", b"caf\xe9 sosial"])
def test_the_advice_for_piped_text_in_another_encoding_converts_it_on_its_way_in(data_copy, raw):
    with pytest.raises(CodingError) as refused:
        new_study("-", "kupang-tempel", data_copy, stdin=io.BytesIO(raw))
    (said,) = refused.value.problems
    for lang in ("en", "id"):  # it named a file "<stdin>" to convert into "<stdin>-utf8.txt"
        text = said.text(lang)
        assert "| studykit new-study - --id ID" in text and "<stdin>-utf8" not in text, text


def _memo(text: str) -> str:
    return f"---\nauthor: A. Analyst\ndate: 2026-12-01\n---\n{text}\n"


def test_a_memo_with_a_control_character_is_refused_by_validate_and_by_the_workbench_save(data_copy, corpus):
    """It passed validate, then `export --refi` ended in an internal error (XML holds no such character)."""
    from helpers import invoke_studykit

    from studykit.coding.bench import Session

    study = corpus.study_ids[0]
    memo = data_copy / f"memos/studies/{study}.md"
    memo.parent.mkdir(parents=True)
    memo.write_text(_memo("Budget barriers recur.\nSee \x1b[31mthe red note."), encoding="utf-8")
    for command in (("validate",), ("export", "--refi", "--out", data_copy.parent / "out")):
        done = invoke_studykit(*command, "--data", data_copy)
        assert done.returncode == 1 and "internal error" not in done.stderr, done.stderr
        assert f"data/memos/studies/{study}.md:6: memo: contains the control character U+001B" in done.stderr
    memo.write_text(_memo("Budget barriers recur."), encoding="utf-8")
    session = Session(study, data_copy, "Memo Tester")
    session.set_memo("study", study, "Budget barriers recur.\x00")
    before = tree_hashes(data_copy)
    result = session.save()
    assert not result.ok and "U+0000" in " ".join(p.message for p in result.problems)
    assert tree_hashes(data_copy) == before


@pytest.mark.parametrize("kind", ["folder", "pipe", "project folder"])
def test_a_folder_or_a_pipe_in_a_memo_place_is_named_not_passed_over(data_copy, kind):
    """validate said the corpus was valid (the memo was silently not there)."""
    import os

    from helpers import invoke_studykit

    place = data_copy / ("memos/project.md" if kind == "project folder" else "memos/themes/T01.md")
    place.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(place) if kind == "pipe" else place.mkdir()
    shown = place.relative_to(data_copy.parent)
    said = {  # a folder is said to be one (it was "not a regular file", as a pipe is), in both languages
        "en": "is not a regular file" if kind == "pipe" else "is a folder, not a file",
        "id": "bukan berkas biasa" if kind == "pipe" else "adalah folder, bukan berkas",
    }
    for lang in ("en", "id"):
        done = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"{shown}: file: {said[lang]}" in done.stderr, done.stderr


def test_a_duplicate_key_of_a_memo_names_both_lines_of_the_file():
    """The problem's line was the file's, but "first on line N" counted from the front matter (one short)."""
    from studykit.corpus.memos import parse
    from studykit.corpus.problems import ProblemError

    text = "---\nauthor: A. Analyst\ndate: 2026-12-01\nlanguage: en\ndate: 2026-12-02\n---\nText\n"
    with pytest.raises(ProblemError) as refused:
        parse(text, "memos/studies/x.md")
    said = refused.value.problem
    assert said.line == 5 and "(first on line 3)" in said.message, said


@pytest.mark.parametrize(
    "start, end", [(-(10**30), 10**30), (-5, 10**9), (True, 10**9), (0, 1e308), ("0", "999999"), (500, 20)]
)
def test_a_hand_edited_moved_quote_span_outside_the_text_answers_nothing(data_copy, corpus, start, end):
    """A decision log's old_quote_start/old_quote_end that is no span of the text (negative, huge, a bool, a
    float, text, reversed) hid every suggestion of its theme from `suggest` and the workbench alike."""
    import json

    from helpers import invoke_studykit

    study = corpus.study_ids[0]

    def suggested():
        done = invoke_studykit("suggest", study, "--data", data_copy, "--format", "json", "--min-score", "0")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    before = suggested()
    assert before
    line = {"time": "2026-01-01T00:00:00Z", "coder": "X", "action": "edit", "finding_id": f"{study}-01"}
    lines = [
        {**line, "finding_type": "barrier", "theme_id": s["theme_id"], "quote_start": None, "quote_end": None}
        | {"old_quote_start": start, "old_quote_end": end}
        for s in before
    ]
    (data_copy / "decisions").mkdir(exist_ok=True)
    (data_copy / f"decisions/{study}.jsonl").write_text("".join(json.dumps(d) + "\n" for d in lines))
    assert suggested() == before


def test_a_memo_author_written_with_a_yaml_escape_for_a_control_character_is_refused(data_copy, corpus):
    """`author: "An\\e[2J"` (YAML's escape for ESC) passed validate; export --refi then ended in an internal
    error."""
    from helpers import invoke_studykit

    study = corpus.study_ids[0]
    memo = data_copy / f"memos/studies/{study}.md"
    memo.parent.mkdir(parents=True)
    memo.write_text('---\nauthor: "An\\e[2J"\ndate: 2026-12-01\n---\nText\n', encoding="utf-8")
    for command in (("validate",), ("export", "--refi", "--out", data_copy.parent / "out")):
        done = invoke_studykit(*command, "--data", data_copy)
        assert done.returncode == 1 and "internal error" not in done.stderr, done.stderr
        assert f"{study}.md:2: memo.author: contains the control character U+001B" in done.stderr, done.stderr


def test_a_file_name_with_control_characters_is_shown_on_one_line_never_sent_to_the_terminal(data_copy):
    """A memo named with an escape sequence (set the terminal's title, clear the screen) and a line break: its
    problem sent them to the terminal, over two lines."""
    from helpers import invoke_studykit

    (data_copy / "memos/studies").mkdir(parents=True)
    name = "x\x1b]0;PWNED\x07\x1b[2Jy\nz.md"
    (data_copy / "memos/studies" / name).write_text(_memo("Text"), encoding="utf-8")
    done = invoke_studykit("validate", "--data", data_copy)
    assert done.returncode == 1
    assert not any(c in done.stderr for c in "\x1b\x07"), repr(done.stderr)
    assert len(done.stderr.strip().splitlines()) == 2, done.stderr  # the problem, then the count
    assert "studies/x\\x1b]0;PWNED\\x07\\x1b[2Jy\\x0az.md:1: memo:" in done.stderr, done.stderr
