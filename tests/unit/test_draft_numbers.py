"""The drafts line of ``validate`` writes its totals as every other number a reader sees (corpus.numbers):
1,234 in English, 1.234 in Bahasa Indonesia; it printed 1234 in both."""

from __future__ import annotations

import pytest

from studykit.cli.output import bounded_drafts
from studykit.corpus.drafts import UNREVIEWED, Draft, needs
from studykit.corpus.problems import Problem


def _draft(n: int, fields: int, unreviewed: int) -> Draft:
    gaps = [Problem(f"studies/d{n}.yaml", None, f"field_{i}", "empty") for i in range(fields)]
    gaps += [
        Problem(f"studies/d{n}.yaml", None, "findings", f"{UNREVIEWED} suggestion") for _ in range(unreviewed)
    ]
    return Draft(f"d{n}", f"studies/d{n}.yaml", tuple(gaps))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "1,234 fields to fill in, 1,001 findings to review"),
        ("id", "1.234 kolom perlu diisi, 1.001 temuan perlu ditinjau"),
    ],
)
def test_what_drafts_need_has_thousands_separators(lang, expected):
    assert needs([_draft(0, 1000, 1), _draft(1, 234, 1000)], lang) == expected
    assert needs([_draft(0, 1, 0)], lang) == {"en": "1 field to fill in", "id": "1 kolom perlu diisi"}[lang]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_line_of_drafts_not_listed_counts_them_with_separators(monkeypatch, lang):
    monkeypatch.delenv("STUDYKIT_MAX_PROBLEMS_SHOWN", raising=False)
    drafts = [_draft(n, 2, 0) for n in range(1210)]
    listed, more = bounded_drafts(drafts, lang)
    assert len(listed) == 10
    expected = {
        "en": "… and 1,200 more drafts, left out of the reports until finished, with 2,400 fields to fill in",
        "id": "… dan 1.200 draf lagi, tidak dimasukkan ke laporan sampai selesai, dengan total 2.400 kolom",
    }[lang]
    assert more.startswith(expected), more
