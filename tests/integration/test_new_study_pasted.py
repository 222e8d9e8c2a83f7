"""`studykit new-study - --id ID`: an abstract pasted into the terminal (or piped) is a study's source, read
as a .txt file is; a text that cannot be one is refused naming <stdin>, and nothing is written. Our own
text."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from studykit.cli import cli
from studykit.coding.intake import new_study
from studykit.coding.publish import CodingError

ABSTRACT = (
    "Penelitian ini menganalisis implementasi program pemberdayaan ekonomi warga miskin di Kota Kupang.\r\n"
    "Faktor penghambatnya adalah keterbatasan anggaran operasional dan lemahnya koordinasi antar dinas.\r\n"
)


@pytest.mark.parametrize("lang, said", [("en", "created"), ("id", "dibuat")])
def test_a_pasted_abstract_becomes_a_study(data_copy, lang, said):
    result = CliRunner().invoke(
        cli,
        ["new-study", "-", "--id", f"kupang-tempel-{lang}", "--data", str(data_copy), "--lang", lang],
        input=ABSTRACT.encode("utf-8"),
        env={"STUDYKIT_LANG": None},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(said)
    source = (data_copy / f"sources/kupang-tempel-{lang}.txt").read_bytes()
    assert source == ABSTRACT.replace("\r\n", "\n").encode("utf-8")  # as a .txt file is read: LF
    study = (data_copy / f"studies/kupang-tempel-{lang}.yaml").read_text(encoding="utf-8")
    assert f"file: sources/kupang-tempel-{lang}.txt" in study and "seed_file: null" in study


@pytest.mark.parametrize(
    "raw, field", [(b"  \n", "file"), (b"\xff\xfeA\x00", "encoding"), (b"caf\xe9 sosial", "encoding")]
)
def test_a_pasted_text_that_cannot_be_a_source_is_refused_naming_stdin(data_copy, raw, field):
    before = sorted(p.name for p in (data_copy / "studies").iterdir())
    with pytest.raises(CodingError) as refused:
        new_study("-", "kupang-tempel", data_copy, stdin=io.BytesIO(raw))
    assert [(p.file, p.field) for p in refused.value.problems] == [("<stdin>", field)]
    assert sorted(p.name for p in (data_copy / "studies").iterdir()) == before
    assert not (data_copy / "sources/kupang-tempel.txt").exists()
