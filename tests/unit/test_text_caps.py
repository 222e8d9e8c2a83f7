"""Free text that every report shows has a cap no analyst writing sentences meets (a summary, a memo), so
that a whole paper pasted by mistake is named by validate instead of stalling the render; notes stay
uncapped (measured: benchmarks/README.md). Every text here is our own."""

from __future__ import annotations

import pytest
import yaml
from helpers import memo

from studykit import validate_corpus
from studykit.corpus.schema import MEMO_TEXT, SUMMARY_TEXT

SENTENCE = "Dana operasional kader terbatas sehingga pendampingan tidak rutin. "


def sized(n: int) -> str:
    """Sentences of ours, exactly ``n`` characters long."""
    text = (SENTENCE * (n // len(SENTENCE) + 1))[:n]
    return text[:-1] + "." if text.endswith(" ") else text


def edit_first_finding(data_dir, **fields) -> None:
    path = data_dir / "studies/jambi-bantar.yaml"
    study = yaml.safe_load(path.read_text(encoding="utf-8"))
    study["findings"][0].update(fields)
    path.write_text(yaml.safe_dump(study, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("field", ["summary_en", "summary_id"])
def test_a_summary_over_the_cap_is_named_with_its_field_and_the_limit_in_both_languages(data_copy, field):
    edit_first_finding(data_copy, **{field: sized(SUMMARY_TEXT + 1)})
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None and len(problems) == 1, problems
    [found] = problems
    assert found.field == f"findings.0.{field}" and found.line
    said = f"too long: at most {SUMMARY_TEXT:,} characters (it has {SUMMARY_TEXT + 1:,}); shorten it"
    assert found.message == said
    said = f"terlalu panjang: maksimal {SUMMARY_TEXT:,} karakter (isinya {SUMMARY_TEXT + 1:,}); persingkat"
    said = said.replace(",", ".")  # 20.000 in Bahasa Indonesia
    assert found.text("id").endswith(said)


def test_a_summary_at_the_cap_and_a_long_note_are_valid(data_copy):
    edit_first_finding(data_copy, summary_en=sized(SUMMARY_TEXT), note=sized(5 * SUMMARY_TEXT))
    corpus, problems = validate_corpus(data_copy)
    assert problems == [] and corpus is not None


def test_a_finding_memo_over_the_cap_is_named_with_the_limit(data_copy):
    edit_first_finding(data_copy, memo=memo("C. Coder", "2026-12-04", sized(MEMO_TEXT + 1), "id"))
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None and len(problems) == 1, problems
    [found] = problems
    assert found.file == "data/studies/jambi-bantar.yaml" and found.field == "memo"
    assert f"{MEMO_TEXT + 1:,} characters, over the cap of {MEMO_TEXT:,}" in found.message
    assert f"melebihi batas {MEMO_TEXT:,}".replace(",", ".") in found.text("id")  # 100.000


def test_a_memo_file_over_the_cap_is_named_and_one_at_the_cap_is_read(data_copy):
    folder = data_copy / "memos/studies"
    folder.mkdir(parents=True)
    (folder / "jambi-bantar.md").write_text(memo("B. Peneliti", "2026-12-02", sized(MEMO_TEXT), "id"))
    corpus, problems = validate_corpus(data_copy)
    assert problems == [] and len(corpus.memos.loc[0, "text"]) == MEMO_TEXT
    (data_copy / "memos/project.md").write_text(memo("A. Analyst", "2026-12-01", sized(MEMO_TEXT + 5)))
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None and [(p.file, p.line, p.field) for p in problems] == [
        ("data/memos/project.md", 1, "memo")
    ]
