"""Memos as data: read at every level, checked by validate (file, line, what to do), and rendered safely."""

from __future__ import annotations

import pytest
from helpers import memo, write_memos

from studykit import load_corpus, validate_corpus
from studykit.reports.markdown import safe_link, to_html


def test_memos_at_all_four_levels_are_read_with_author_date_and_language(data_copy):
    texts = write_memos(data_copy)
    memos = load_corpus(data_copy).memos
    assert list(memos["level"]) == ["project", "study", "theme", "finding"]
    assert list(memos["target"]) == ["", "jambi-bantar", "T04", texts["finding_id"]]
    assert list(memos["study_id"].fillna("")) == ["", "jambi-bantar", "", "jambi-bantar"]
    assert list(memos["language"].fillna("")) == ["en", "id", "", "en"]
    assert list(memos["date"]) == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]
    for level in ("project", "study", "theme", "finding"):
        assert memos.loc[memos["level"] == level, "text"].iloc[0] == texts[level]
    assert "4 memos" in load_corpus(data_copy).summary()


def test_a_memo_on_a_deleted_finding_is_an_error_naming_the_memo_and_the_finding(data_copy):
    (data_copy / "memos/findings").mkdir(parents=True)
    (data_copy / "memos/findings/jambi-bantar-99.md").write_text(memo("A. Analyst", "2026-12-01", "Gone."))
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None
    [problem] = problems
    assert problem.file == "data/memos/findings/jambi-bantar-99.md" and problem.line == 1
    assert "finding 'jambi-bantar-99'" in problem.message and "not in any study file" in problem.message


@pytest.mark.parametrize(
    ("where", "content", "line", "field", "says"),
    [
        ("studies/nowhere.md", memo("A. Analyst", "2026-12-01", "x"), 1, "memo", "study 'nowhere'"),
        ("themes/T99.md", memo("A. Analyst", "2026-12-01", "x"), 1, "memo", "theme 'T99'"),
        ("themes/T04.md", "Just text, no front matter.\n", 1, "memo", "no front matter"),
        ("themes/T04.md", "---\nauthor: A. Analyst\n---\ntext\n", 1, "memo.date", "required"),
        ("themes/T04.md", "---\nauthor: A. Analyst\ndate: soon\n---\nx\n", 3, "memo.date", "date"),
        ("themes/T04.md", memo("A. Analyst", "2026-12-01", "x", "fr"), 4, "memo.language", "'id' or 'en'"),
        ("themes/T04.md", memo("A. Analyst", "2026-12-01", ""), 1, "memo", "no text"),
        ("notes.txt", "x", None, "memo", "not a memo location"),
    ],
)
def test_a_broken_memo_is_a_problem_with_file_line_and_what_to_do(
    data_copy, where, content, line, field, says
):
    path = data_copy / "memos" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None
    [problem] = problems
    assert (problem.file, problem.line, problem.field) == (f"data/memos/{where}", line, field)
    assert says in problem.message


def test_a_broken_memo_field_of_a_finding_names_the_study_file_and_line(data_copy):
    path = data_copy / "studies/jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - finding_id: jambi-bantar-01\n", "  - finding_id: jambi-bantar-01\n    memo: no front matter\n", 1
    )
    path.write_text(text, encoding="utf-8")
    corpus, problems = validate_corpus(data_copy)
    assert corpus is None
    [problem] = problems
    line = text.splitlines().index("    memo: no front matter") + 1
    assert (problem.file, problem.line) == ("data/studies/jambi-bantar.yaml", line)
    assert "no front matter" in problem.message


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java&#9;script:alert(1)",
        "java%0ascript:x",
        " javascript:x",
        "data:text/html,<script>x</script>",
        "vbscript:x",
        "file:///etc/passwd",
    ],
)
def test_only_http_https_mailto_and_relative_links_are_links(url):
    assert not safe_link(url)
    assert "<a " not in to_html(f"[click]({url})")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=1",
        "http://x.org",
        "mailto:a@b.org",
        "../study-profile/x.html#f-1",
        "#memo-project",
    ],
)
def test_safe_links_stay_links(url):
    assert safe_link(url)
    assert to_html(f"[click]({url})").count("<a href=") == 1


def test_raw_html_is_text_images_are_links_never_loaded_and_headings_sit_below_the_report():
    out = to_html(
        '# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n![a chart](https://x.org/c.png)'
    )
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert '<a class="sk-memo-image" href="https://x.org/c.png">[a chart]</a>' in out
    assert out.startswith("<h4>Title</h4>")


def test_a_long_theme_memo_collapses_behind_its_byline_in_the_cross_case_report(data_copy):
    from studykit.reports import report
    from studykit.reports.views import crosscase

    (data_copy / "memos/themes").mkdir(parents=True)
    long_text = "A long reflection on budgets. " * 30
    (data_copy / "memos/themes/T04.md").write_text(
        memo("A. Analyst", "2026-12-01", long_text), encoding="utf-8"
    )
    (data_copy / "memos/themes/T07.md").write_text(
        memo("A. Analyst", "2026-12-01", "Short."), encoding="utf-8"
    )
    r = report.start("2-cross-case", data_dir=str(data_copy), lang="en")
    table = crosscase.commonality_table(r)[-1]
    cells = dict(zip(table.data[r.t("col.theme")].map(str), table.data[r.t("col.memo")], strict=False))
    t04, t07 = cells[r.theme("T04")], cells[r.theme("T07")]
    assert (
        t04.count("<details") == 1
        and "<summary>Memo by A. Analyst, 2026-12-01, language not stated</summary>" in t04
    )
    assert "<details" not in t07 and "Short." in t07
