"""Quotes in context: the source text with every coded quote highlighted, labelled and linked, read back from
its HTML."""

from __future__ import annotations

from collections import defaultdict

import lxml.html
import pytest
from helpers import LONG_ID, long_study

from studykit import load_corpus
from studykit.corpus.provenance import normalize_whitespace
from studykit.reports import report
from studykit.reports.views import profile
from studykit.reports.views.source_text import Quote, marked_text, markup, segments


def q(key, start, end, kind="barrier", finding_id=None, label=None):
    return Quote(key, finding_id or key, start, end, kind, label or f"label {key}")


def read_view(html: str):
    """What a reader gets from the view: the text (labels left out), each key's highlighted pieces, each
    label's place and link."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    container = (root.find_class("sk-source-text") or [root])[0]
    text, pieces, labels = container.text or "", defaultdict(list), {}
    for node in container:
        if node.tag == "a" and "sk-ql" in node.get("class", ""):
            labels[node.get("id")] = (len(text), node.get("href"), node.text_content())
        elif node.tag == "mark":
            for key in node.get("title").split(" + "):
                pieces[key].append((len(text), len(text) + len(node.text_content())))
            text += node.text_content()
        else:
            raise AssertionError(f"unexpected element {node.tag} in the source text")
        text += node.tail or ""
    return text, pieces, labels


def spans(pieces):
    """Each key's highlighted pieces as one span, checking that they are contiguous."""
    out = {}
    for key, parts in pieces.items():
        assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False)), (
            f"{key}: highlighted in pieces with gaps {parts}"
        )
        out[key] = (parts[0][0], parts[-1][1])
    return out


# --- segments: the text cut at every quote boundary ------------------------------------------------


def test_segments_partition_the_text_and_list_the_covering_quotes_outermost_first():
    quotes = [
        q("outer", 2, 20),
        q("nested", 5, 10),
        q("overlap", 15, 25),
        q("twin", 5, 10),
        q("alone", 27, 29),
    ]
    got = [(s.start, s.end, s.keys) for s in segments(30, quotes)]
    assert got == [
        (0, 2, ()),
        (2, 5, ("outer",)),
        (5, 10, ("outer", "nested", "twin")),
        (10, 15, ("outer",)),
        (15, 20, ("outer", "overlap")),
        (20, 25, ("overlap",)),
        (25, 27, ()),
        (27, 29, ("alone",)),
        (29, 30, ()),
    ]


def test_segments_of_adjacent_and_whole_text_quotes():
    assert [(s.start, s.end, s.keys) for s in segments(6, [q("a", 0, 3), q("b", 3, 6)])] == [
        (0, 3, ("a",)),
        (3, 6, ("b",)),
    ]
    assert [(s.start, s.end, s.keys) for s in segments(4, [q("all", 0, 4)])] == [(0, 4, ("all",))]
    assert segments(0, []) == []


@pytest.mark.parametrize("start, end", [(-1, 3), (2, 11), (4, 4), (5, 3)])
def test_a_span_outside_the_text_or_empty_is_an_error(start, end):
    with pytest.raises(ValueError, match="not inside a text of 10 characters"):
        segments(10, [q("x", start, end)])


# --- markup: HTML a reader can trust -----------------------------------------------------------------


def test_markup_keeps_every_character_highlights_each_quote_whole_and_labels_it_where_it_starts():
    text = "Awal. <b>Dana</b> & dukungan\n\nkurang; partisipasi rendah. Akhir."
    quotes = [
        q("f-01", 6, 28),
        q("f-02", 13, 36, "enabler"),
        q("f-03", 13, 36, "outcome"),
        q("f-04", 38, 56, "effort"),
    ]
    html = markup(text, quotes)
    shown, pieces, labels = read_view(html)
    assert shown == text  # nothing lost or added, markup and line breaks included
    assert spans(pieces) == {x.key: (x.start, x.end) for x in quotes}
    assert labels == {
        f"q-{x.key}": (x.start, f"#f-{x.finding_id}", x.label) for x in quotes
    }  # one anchor per quote, even for twins
    assert "<b>" not in html and "&lt;b&gt;Dana" in html and "&lt;/b&gt; &amp; dukungan" in html
    assert html.count('class="sk-q sk-t-outcome sk-d3"') == 1  # innermost colour; three quotes deep
    assert marked_text(text, quotes) == (
        "Awal. ⟦f-01 <b>Dana⟦f-02 ⟦f-03 </b> & dukungan f-01⟧\n\nkurang f-03⟧ f-02⟧; "
        "⟦f-04 partisipasi rendah f-04⟧. Akhir."
    )


def test_markup_escapes_labels_titles_and_keys():
    hostile = Quote('x"><script>1</script>', "f-01", 0, 4, "barrier", "<img src=x onerror=alert(1)>", 'a"b')
    html = markup("teks", [hostile])
    assert "<script>" not in html and "<img" not in html and 'title="a&quot;b"' in html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [a.text_content() for a in root.iter("a")] == ["<img src=x onerror=alert(1)>"]


def test_two_quotes_with_one_key_are_refused():
    with pytest.raises(ValueError, match="share a key"):
        markup("teks panjang", [q("a", 0, 4), q("a", 5, 12)])


# --- the study profile over real and synthetic studies -----------------------------------------------


def check_profile(r, corpus):
    """Every finding of the profile's table has its quote highlighted exactly at its recorded span, and the
    two link each other."""
    study_id = r.params["study_id"]
    text = corpus.source_text(study_id)
    view = profile.source(r)
    shown, pieces, labels = read_view(view.html)
    assert shown == text
    highlighted = spans(pieces)
    table = profile.findings(r)._repr_html_()
    rows = corpus.findings[
        (corpus.findings["study_id"] == study_id) & corpus.findings["review_status"].eq("reviewed")
    ]
    for f in rows.itertuples():
        assert highlighted[f.finding_id] == (f.quote_start, f.quote_end)
        assert normalize_whitespace(text[f.quote_start : f.quote_end]) == normalize_whitespace(f.quote)
        target = f.finding_id if not isinstance(f.restates, str) else f.restates
        assert labels[f"q-{f.finding_id}"][:2] == (f.quote_start, f"#f-{target}")
        assert f'href="#q-{f.finding_id}"' in table
        if not isinstance(f.restates, str):
            assert f'id="f-{f.finding_id}" href="#q-{f.finding_id}"' in table
        if isinstance(f.quote_en, str):
            assert highlighted[f"{f.finding_id}-en"] == (f.quote_en_start, f.quote_en_end)
    assert len(labels) == len(rows) + rows["quote_en"].notna().sum()
    return view


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_real_study_shows_its_quotes_in_context(corpus, lang):
    for study_id in corpus.study_ids:
        r = report.start("1-study-profile", study_id=study_id, lang=lang)
        view = check_profile(r, corpus)
        assert r.t("profile.source_overlap") in view.html and r.finding_type("barrier") in view.html


def test_a_full_paper_with_200_findings_and_overlapping_quotes(tmp_path):
    data_dir = long_study(200, 50_000)
    corpus = load_corpus(data_dir)
    r = report.start("1-study-profile", data_dir=str(data_dir), study_id=LONG_ID, lang="id")
    text = corpus.source_text(LONG_ID)
    assert len(text) >= 50_000
    f = corpus.findings[corpus.findings["study_id"] == LONG_ID]
    assert len(f) == 200 and f["restates"].notna().sum() == 4
    across_paragraphs = f[
        [("\n\n" in text[a:b]) for a, b in zip(f["quote_start"], f["quote_end"], strict=False)]
    ]
    assert (
        len(across_paragraphs) >= 10
        and (
            across_paragraphs["quote"].str.len()
            < across_paragraphs["quote_end"] - across_paragraphs["quote_start"]
        ).all()
    )
    check_profile(r, corpus)
    pairs = list(zip(f["quote_start"], f["quote_end"], strict=False))
    nested = sum(a < c and d < b for a, b in pairs for c, d in pairs)
    overlapping = sum(a < c < b < d for a, b in pairs for c, d in pairs)
    same_start = sum(a == c and b > d for a, b in pairs for c, d in pairs)
    assert min(nested, overlapping, same_start) >= 40  # the hard cases really occur
    assert sum(len(s.keys) >= 2 for s in segments(len(text), profile.source_quotes(r))) >= 100


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_profiles_intro_names_a_whole_kota_once_and_a_locality_beside_its_unit(lang):
    """A study of a whole kota (locality = admin_unit, as the workbench suggests them) read "in Kota Bengkulu,
    Kota Bengkulu"; a desa or kelurahan is still named beside its kabupaten or kota."""
    whole = report.start("1-study-profile", study_id="bengkulu-samisake", lang=lang)
    intro = profile.title(whole).data.split("\n\n")[1]
    assert intro.count("Kota Bengkulu") == 1, intro
    part = report.start("1-study-profile", study_id="purbayan-p2kp", lang=lang)
    intro = profile.title(part).data.split("\n\n")[1]
    assert "Desa Purbayan, Kecamatan Baki, Kabupaten Sukoharjo" in intro, intro
