"""The one table type (studykit.reports.table.Table), in both its markups: text from data stays text, trusted
links and fragments stay links, and the column formats each markup promises."""

from __future__ import annotations

from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from markupsafe import Markup

from studykit.reports import html
from studykit.reports.table import Table

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "a & b < c",
    "</td></tr></table><b>out</b>",
]
MARKUPS = {"compact": {}, "styler": {"styler_id": "test"}}


class Parsed(HTMLParser):
    """Elements (tag, attributes) and the text of every cell, header and caption."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {"td": [], "th": [], "caption": []}
        self._open: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.texts:
            self._open.append(tag)
            self.texts[tag].append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self.texts[self._open[-1]][-1] += data


def frame_of(values) -> pd.DataFrame:
    return pd.DataFrame({"label": values, "n": range(len(values))})


@pytest.mark.parametrize("markup", MARKUPS)
def test_hostile_text_in_cells_headers_and_caption_stays_text(markup):
    df = frame_of(HOSTILE).rename(columns={"label": "<i>col</i>"})
    page = Table(df, caption="<script>cap</script> javascript:x", **MARKUPS[markup])._repr_html_()
    parsed = Parsed(page)
    tags = {tag for tag, _ in parsed.elements}
    assert {"script", "img", "b", "i", "a"}.isdisjoint(tags), tags
    assert not any(any(k.startswith("on") for k in attrs) for _, attrs in parsed.elements)
    assert parsed.texts["caption"] == ["<script>cap</script> javascript:x"]
    assert "<i>col</i>" in parsed.texts["th"]
    cells = parsed.texts["td"]
    assert [cells[2 * i] for i in range(len(HOSTILE))] == HOSTILE  # each value reads exactly as written


@pytest.mark.parametrize("markup", MARKUPS)
def test_trusted_links_and_fragments_stay_markup_in_both_markups(markup):
    df = pd.DataFrame(
        {
            "link": [html.link("#f-1", "<first>"), "plain"],
            "fragment": [html.details("more", "<em>x</em>"), Markup("<a href='#q-{}'>q</a>").format("<2>")],
        }
    )
    table = Table(df, **MARKUPS[markup])
    page = table._repr_html_()
    parsed = Parsed(page)
    hrefs = [attrs.get("href") for tag, attrs in parsed.elements if tag == "a"]
    assert hrefs == ["#f-1", "#q-<2>"] and "#q-&lt;2&gt;" in page  # Markup.format escaped what it inserted
    assert "details" in {tag for tag, _ in parsed.elements}
    assert parsed.texts["td"][0] == "<first>"  # the link's text is escaped
    assert "<first>" in repr(table) and "<a" not in repr(table)  # plain text shows links as their text
    assert table.data.equals(df)  # the data is kept as given


def test_styler_markup_formats_floats_to_two_decimals_and_missing_as_empty():
    df = pd.DataFrame({"share": [2 / 3, np.nan], "n": [3, 4], "label": ["x", None]})
    parsed = Parsed(Table(df, caption="c", styler_id="t1")._repr_html_())
    assert parsed.texts["td"] == ["0.67", "3", "x", "", "4", ""]
    assert parsed.texts["th"] == ["share", "n", "label"]  # index hidden
    assert all(
        attrs.get("id", "").startswith("T_t1") for tag, attrs in parsed.elements if tag in ("td", "table")
    )


def test_compact_markup_sorts_numbers_links_counts_and_leaves_missing_empty():
    df = pd.DataFrame({"theme": ["a", "b"], "n": [3, 0], "note": [None, "y"]})
    hrefs = pd.DataFrame({"n": ["#a", None]})
    table = Table(df, numeric=["n"], hrefs=hrefs, anchor="t-1", filterable=True, filter_label="Filter")
    page = table._repr_html_()
    parsed = Parsed(page)
    (attrs,) = [a for tag, a in parsed.elements if tag == "table"]
    assert attrs["id"] == "t-1" and "data-sortable" in attrs and attrs["data-filter"] == "Filter"
    heads = [a for tag, a in parsed.elements if tag == "th"]
    assert [h.get("data-sort-method") for h in heads] == [None, "number", None]
    assert [a.get("data-sort") for tag, a in parsed.elements if tag == "td"] == [
        None,
        "3",
        None,
        None,
        "0",
        None,
    ]
    assert '<td data-sort="3"><a href="#a">3</a></td>' in page and "<td></td>" in page
    assert parsed.texts["td"] == ["a", "3", "", "b", "0", "y"]
    assert "id=" not in page.replace('id="t-1"', "")  # no per-cell ids: a 500-study table stays small


def test_a_table_of_one_row_is_not_sortable_and_an_index_is_a_first_column():
    df = pd.DataFrame({"n": [1]}, index=pd.Index(["row"], name="theme"))
    parsed = Parsed(Table(df, index=True)._repr_html_())
    (attrs,) = [a for tag, a in parsed.elements if tag == "table"]
    assert "data-sortable" not in attrs
    assert parsed.texts["th"] == ["theme", "n"] and parsed.texts["td"] == ["row", "1"]


def test_the_styler_markup_refuses_what_only_the_compact_markup_can_do():
    df = frame_of(["x"])
    for option in ({"filterable": True}, {"anchor": "a"}, {"numeric": ["n"]}, {"hrefs": df}):
        with pytest.raises(ValueError, match="compact markup"):
            Table(df, styler_id="t", **option)
    with pytest.raises(AttributeError):
        Table(df).styler  # noqa: B018 - the property is the test
