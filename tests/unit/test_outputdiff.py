"""The failure report of a notebook cell whose outputs differ from the committed baseline
(studykit.render.outputdiff, used by notebooks/conftest.py): a person reads which cell, what changed as rows
of a table, - committed and + this run, in both languages."""

from __future__ import annotations

from studykit.render import outputdiff

TABLE = (
    '<table class="studykit-table"><caption>Themes ranked</caption><thead><tr><th>Theme</th>'
    "<th>Barrier in</th><th>Enabler in</th></tr></thead>\n<tbody>\n"
    "<tr><td>Budget &amp; funds</td><td>3 / 5</td><td>0 / 5</td></tr>\n"
    "<tr><td>Design</td><td>{design}</td><td>1 / 5</td></tr>\n</tbody></table>"
)


def _display(html: str, plain: str = "table") -> dict:
    return {"output_type": "display_data", "data": {"text/html": html, "text/plain": plain}, "metadata": {}}


def _all(key: str) -> bool:
    return True


def test_a_table_is_a_line_per_row_with_its_header():
    lines = outputdiff.html_lines(TABLE.format(design="2 / 5"))
    assert [text for text, _ in lines] == [
        "Themes ranked",
        "Theme | Barrier in | Enabler in",
        "Budget & funds | 3 / 5 | 0 / 5",
        "Design | 2 / 5 | 1 / 5",
    ]
    assert lines[-1][1] == ("Theme", "Barrier in", "Enabler in")


def test_the_diff_marks_the_committed_line_minus_and_names_the_changed_cell():
    committed = [_display(TABLE.format(design="2 / 5"))]
    run = [_display(TABLE.format(design="1 / 5"))]
    lines = outputdiff.diff(committed, run, _all)
    assert "- Design | 2 / 5 | 1 / 5" in lines  # as git diff shows it after `make baseline`
    assert "+ Design | 1 / 5 | 1 / 5" in lines
    assert "      Barrier in: '2 / 5' → '1 / 5'" in lines
    assert not any("Budget" in line and line.startswith(("-", "+")) for line in lines)


def test_an_unchanged_cell_has_no_diff_and_markdown_is_compared_as_text():
    same = [_display(TABLE.format(design="2 / 5"))]
    assert outputdiff.diff(same, same, _all) == []
    md = {"output_type": "display_data", "data": {"text/markdown": "Corpus: 5 studies, 52 coded findings"}}
    changed = {"output_type": "display_data", "data": {"text/markdown": "Corpus: 5 studies, 51 coded"}}
    assert outputdiff.diff([md], [changed], _all)[1:] == [
        "- Corpus: 5 studies, 52 coded findings",
        "+ Corpus: 5 studies, 51 coded",
    ]


def test_only_what_nbval_compares_is_shown_and_sanitized_text_is_what_differs():
    figure = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "Bars: Barrier 3"}}
    other = {"output_type": "display_data", "data": {"image/png": "iVBOx", "text/plain": "Bars: Barrier 3"}}
    assert outputdiff.diff([figure], [other], lambda key: key != "image/png") == []
    stamp = {"output_type": "display_data", "data": {"text/markdown": "input data 0123456789ab"}}
    again = {"output_type": "display_data", "data": {"text/markdown": "input data ba9876543210"}}
    assert outputdiff.diff([stamp], [again], _all, lambda s: s[:10]) == []


def test_the_report_names_notebook_cell_and_how_to_accept_in_both_languages():
    cell = {"source": "display(table(r))", "execution_count": 5, "id": "cross-case-04"}
    text = outputdiff.explain(
        "notebooks/2-cross-case.ipynb",
        4,
        cell,
        [_display(TABLE.format(design="2 / 5"))],
        [_display(TABLE.format(design="1 / 5"))],
        _all,
    )
    assert text.startswith("notebooks/2-cross-case.ipynb, cell 4 (In [5], cell id cross-case-04)")
    assert "sel 4 (In [5], id sel cross-case-04)" in text
    assert "    display(table(r))" in text
    hint = outputdiff.accept_hint(["2-cross-case", "5-explore", "2-cross-case"])
    assert "2-cross-case, 5-explore" in hint[0] and "make baseline" in hint[0]
    assert "Jika perubahan itu disengaja" in hint[1] and "make baseline" in hint[1]


def test_links_that_lead_elsewhere_under_the_same_text_are_shown():
    # a finding renumbered (its text unchanged), or the Lab's links: the report said only "the difference is
    # in a representation not shown here"; it shows the links now, - committed, + this run
    row = '<table><tr><td><a href="study-profile/semarang-p2kp.html#f-semarang-p2kp-{n}">Structure</a></td>'
    row += "</tr>"
    cell = {"source": "display(meta_matrix(r))", "execution_count": 7, "id": "cross-case-07"}
    committed, run = [_display(row.format(n="04") + "</table>")], [_display(row.format(n="05") + "</table>")]
    assert outputdiff.diff(committed, run, _all) == []  # what a reader sees is the same
    text = outputdiff.explain("notebooks/2-cross-case.ipynb", 7, cell, committed, run, _all)
    lines = text.splitlines()
    assert "- Structure → study-profile/semarang-p2kp.html#f-semarang-p2kp-04" in lines, text
    assert "+ Structure → study-profile/semarang-p2kp.html#f-semarang-p2kp-05" in lines
    assert "(the text a reader sees is the same; links lead elsewhere: - committed, + this run)" in lines
    assert (
        "(teks yang dilihat pembaca sama; tautannya mengarah ke tempat lain: - yang di-commit, + hasil"
        in text
    )
    assert "not shown here" not in text


def test_many_changed_links_are_cut_with_how_many_more():
    links = "".join(f'<a href="p.html#f-{i}">x{i}</a>' for i in range(30))
    moved = "".join(f'<a href="q.html#f-{i}">x{i}</a>' for i in range(30))
    shown = outputdiff.link_diff([_display(links)], [_display(moved)], _all)
    assert len(shown) == 11 and shown[-1] == "  … (+50)", shown[-3:]
