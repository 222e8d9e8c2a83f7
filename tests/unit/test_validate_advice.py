"""What ``validate`` prints for a study with no findings yet and for the corpus as a whole.

The advice named the command with a literal placeholder (``studykit suggest <study_id> --write``): it names
the study, and ``--data DIR`` when the corpus is not where a command finds it by itself. The summary line
wrote its counts as 1234 in both languages: it writes them as every other number (1,234 / 1.234)."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest
from click.testing import CliRunner

from studykit import load_corpus
from studykit.cli import cli


def _no_findings(data_dir):
    path = data_dir / "studies/jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nfindings:")] + "\nfindings: []\n", encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_no_findings_advice_names_the_study_and_the_data_directory(data_copy, monkeypatch, lang):
    _no_findings(data_copy)
    monkeypatch.chdir(data_copy.parent)
    result = CliRunner().invoke(cli, ["validate", "--data", data_copy.name, "--lang", lang])
    assert result.exit_code == 0, result.output
    assert f"`studykit suggest jambi-bantar --data {data_copy.name} --write`" in result.output
    assert "<study_id>" not in result.output


@pytest.mark.parametrize("lang", ["en", "id"])
def test_no_data_option_when_the_corpus_is_where_commands_find_it(data_copy, monkeypatch, lang):
    _no_findings(data_copy)
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(data_copy))
    result = CliRunner().invoke(cli, ["validate", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert "`studykit suggest jambi-bantar --write`" in result.output


@pytest.mark.parametrize(("lang", "sep"), [("en", ","), ("id", ".")])
def test_the_summary_line_writes_counts_with_thousands_separators(corpus, lang, sep):
    copies = 30  # well over a thousand findings
    many = replace(corpus, findings=pd.concat([corpus.findings] * copies, ignore_index=True))
    line = many.summary(lang)
    total = len(corpus.findings[corpus.findings["review_status"].ne("rejected")]) * copies
    assert f"{total // 1000}{sep}{total % 1000:03d}" in line, line
    assert not re.search(r"\d{4}", line), line  # no count of four digits or more without a separator
    assert load_corpus().summary(lang) == corpus.summary(lang)  # the bundled counts (< 1,000) as before
