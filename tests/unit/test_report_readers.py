"""What a reader of either language reads: numbers written as that language writes them, heatmap cells that
tell a contradiction from nothing, labels instead of ids, titles that name their variant, places named alike,
empty states said in words, and figures whose texts do not collide."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from studykit.analysis import compare
from studykit.reports import i18n, markdown, plots, report, titles
from studykit.reports.table import Table
from studykit.reports.views import common, crosscase, evidence_profile, explore, lens, profile, qca

ENGLISH_DECIMAL = re.compile(r"\d\.\d")  # "0.667", "1.0": on an Indonesian page a thousands separator


@pytest.mark.parametrize(
    "value, lang, decimals, shown",
    [
        (3336, "id", None, "3.336"),
        (3336, "en", None, "3,336"),
        (2 / 3, "id", 3, "0,667"),
        (2 / 3, "en", 3, "0.667"),
        (1234567.25, "id", 2, "1.234.567,25"),
        (1234567.25, "en", 2, "1,234,567.25"),
        (0.8, "id", None, "0,8"),
        (float("nan"), "id", 3, "—"),
        (None, "en", None, "—"),
    ],
)
def test_one_number_rule_per_language(value, lang, decimals, shown):
    assert i18n.number(value, lang, decimals) == shown


def test_tables_write_numbers_in_their_language_and_sort_by_the_value():
    frame = pd.DataFrame({"share": [2 / 3, 1.0], "n": [1200, 3]})
    html_id = Table(frame, precision=3, lang="id")._repr_html_()
    assert ">0,667<" in html_id and ">1,000<" in html_id and ">1.200<" in html_id
    assert 'data-sort="1200"' in html_id
    assert ">1,200<" in Table(frame, precision=3, lang="en")._repr_html_()


@pytest.fixture(scope="module")
def qca_id():
    return report.start(
        "6-qca", conditions=["T04-barrier", "T07-barrier", "T13-barrier"], incl_cut=0.8, lang="id"
    )


def test_indonesian_qca_page_writes_fit_values_and_cut_off_with_a_decimal_comma(qca_id):
    shown = [qca.truth_table(qca_id), *qca.solutions(qca_id), qca.necessity_table(qca_id)]
    text = "\n".join(
        item.data if hasattr(item, "data") and isinstance(item.data, str) else repr(item) for item in shown
    )
    assert "0,8" in text
    assert not ENGLISH_DECIMAL.search(text), ENGLISH_DECIMAL.findall(text)[:5]


def test_signed_labels_tell_both_reported_from_nothing_reported():
    enablers = pd.DataFrame([[1, 0], [0, 2]], index=["T01", "T02"], columns=["a", "b"])
    barriers = pd.DataFrame([[1, 0], [3, 0]], index=["T01", "T02"], columns=["a", "b"])
    labels = compare.signed_labels(enablers, barriers)
    assert labels.loc["T01", "a"] == "+1/\u22121"  # balances to 0, and says so
    assert labels.loc["T01", "b"] == ""  # nothing reported
    assert labels.loc["T02", "a"] == "\u22123" and labels.loc["T02", "b"] == "+2"


def test_headline_heatmap_writes_the_contradiction_a_study_reports_on_one_theme(corpus):
    r = report.start("2-cross-case", lang="id")
    figure = crosscase.signed_figure(r)
    f = compare.distinct_findings(corpus.findings, ("barrier", "enabler"))
    kinds = f.groupby(["theme_id", "study_id"])["finding_type"].agg(set)
    both = [cell for cell, k in kinds.items() if k == {"barrier", "enabler"}]
    assert both  # the corpus has one (a theme reported as barrier and as enabler by one study)
    for theme, study in both:
        if theme in figure.labels.index:
            assert figure.data.loc[theme, study] == 0 and figure.labels.loc[theme, study] == "+1/\u22121"
    nothing = figure.data.eq(0) & figure.labels.eq("")
    for theme, study in zip(*nothing.to_numpy().nonzero(), strict=True):
        assert (figure.labels.index[theme], figure.labels.columns[study]) not in kinds.index
    assert "+1/−1" in figure.caption and "kosong" in figure.caption


def test_lens_heatmap_cells_write_what_their_colour_adds_up():
    r = report.start("3-framework-lens", framework="ED", lang="en")
    figure = lens.matrix_figure(r)
    assert figure.labels.shape == figure.data.shape

    def total(label: str) -> int:
        return sum(int(part.replace("\u2212", "-")) for part in label.split("/") if part)

    assert (figure.labels.map(total) == figure.data).all().all()
    assert figure.labels.map(lambda v: "/" in v).to_numpy().any()  # a contradiction is written, not a 0


def test_lens_without_barriers_or_enablers_says_so_and_names_what_it_leaves_out():
    """Ripley & Franklin maps only outcome themes directly: no all-zero figure, no empty quotes section."""
    for lang in ("en", "id"):
        r = report.start("3-framework-lens", framework="RF", lang=lang)
        block = lens.matrix_block(r)
        assert not any(isinstance(item, plots.Figure) for item in block)
        assert block[0].data == r.md("lens.empty", framework=r.framework_name("RF")).data
        assert r.finding_type("outcome").lower() in lens.gaps(r).data
        assert repr(lens.quotes_by_variable(r)) == r.t("lens.no_quotes", framework=r.framework_name("RF"))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_evidence_explanations_name_components_by_their_labels(lang):
    r = report.start("4-evidence-profile", lang=lang)
    explained = " ".join(evidence_profile.profile_table(r).data[r.t("col.explanation")].dropna())
    assert r.t("col.methodological_limitations") in explained
    assert "methodological_limitations" not in explained and "coherence:" not in explained


def test_titles_and_index_say_what_each_variant_shows():
    from studykit.render.manifest import load_plan

    plan = {job.output: job for job in load_plan()}
    barriers = plan["en/cross-case-common-barriers.html"]
    assert "enabler" not in barriers.titles["en"] and "barriers" in barriers.titles["en"]
    assert "pendukung" not in barriers.titles["id"]
    assert plan["en/qca.html"].titles != plan["en/qca-structure-barriers.html"].titles
    for job in plan.values():
        for lang in ("en", "id"):
            assert "{" not in job.described[lang] and "T04-barrier" not in job.described[lang]
    r = report.start("2-cross-case", **{k: v for k, v in barriers.parameters.items()})
    assert crosscase.title(r).data.startswith("# " + report.escape(barriers.titles["en"]))
    footer = common.footer(r).data
    assert (
        "finding types: barriers" in footer and "&quot;finding_types&quot;" in footer
    )  # readable, and exact


@pytest.mark.parametrize(
    "lang, province, level", [("en", "East Java", "kabupaten (regency)"), ("id", "Jawa Timur", "kabupaten")]
)
def test_profiles_name_places_and_levels_as_every_report_does(lang, province, level):
    r = report.start("1-study-profile", study_id="jombang-poverty", lang=lang)
    fields = dict(profile.metadata(r).data.itertuples(index=False))
    assert fields[r.t("field.province")] == province
    assert fields[r.t("field.level")] == level
    assert "(kabupaten)" not in fields[r.t("field.admin_unit")]


def test_memo_first_words_are_plain_text():
    written = "The **kota** follows [the codebook](https://example.org/c) and `T04`.\n\n- one\n- two"
    assert markdown.to_text(written) == "The kota follows the codebook and T04. one two"


def test_explore_says_why_it_lists_more_findings_than_the_other_reports_count(corpus):
    r = report.start("5-explore", lang="en")
    counted = len(compare.distinct_findings(corpus.findings))
    listed = len(explore.filtered(r))
    said = explore.title(r).data
    assert f"{listed} findings match" in said
    assert listed == counted or f"count {counted} of them" in said
    assert "JupyterLab" in said and "studykit render" in said  # for both kinds of reader


@pytest.mark.parametrize("lang", ["en", "id"])
def test_grouped_heatmap_title_and_colour_bar_do_not_overlap(lang):
    """Figures 3-4 of cross-case-common-barriers: the two-line title ran into the colour bar's "100%"."""
    r = report.start(
        "2-cross-case", finding_types=["barrier"], group_by="admin_unit_type", framework="ED", lang=lang
    )
    shares = pd.DataFrame(
        [[0.0, 0.5], [1 / 3, 1.0], [0.0, 0.5], [2 / 3, 0.0]], columns=["kota (n = 3)", "kabupaten (n = 2)"]
    )
    shares.index = [r.variable(v) for v in ("ED-COMM", "ED-RES", "ED-DISP", "ED-STRUCT")]
    title = r.t(
        "lens.group_title",
        type=r.a_finding_type("barrier"),
        framework="Edwards III",
        attribute=r.t("group_by.admin_unit_type"),
    )
    fig = plots.heatmap(
        shares,
        title=title,
        xlabel="",
        ylabel="",
        cbar_label=r.t("cross.group_cbar"),
        scale="share",
        lang=lang,
    )
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert not fig.axes[0].title.get_window_extent(renderer).overlaps(fig.axes[1].get_tightbbox(renderer))
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_readable_parameters_use_labels_and_numbers_of_the_language():
    names = titles.Names(themes={"T04": {"en": "Funds", "id": "Dana"}})
    params = {"conditions": ["T04-barrier"], "incl_cut": 0.8, "outcome": "shortfall", "lang": "id"}
    shown = titles.readable(params, "id", names)
    assert "T04 Dana" in shown and "0,8" in shown and "shortfall" not in shown and "lang" not in shown


@pytest.mark.parametrize("key", ["cross.title", "qca.title", "lens.title"])
@pytest.mark.parametrize("notebook", ["2-cross-case", "3-framework-lens", "5-explore", "6-qca"])
def test_any_title_key_fills_for_any_notebook(key, notebook):
    """reports.yaml may give a notebook another notebook's title: every placeholder gets a value."""
    said = titles.title(key, notebook, {"lang": "en"}, "en", titles.Names(), framework="X", label="")
    assert "{" not in said


@pytest.mark.parametrize(
    "lang, study_id, shown",
    [
        ("en", "jambi-bantar", "mixed — “program kampung bantar di Kelurahan Eka Jaya"),
        ("id", "jambi-bantar", "sebagian berhasil — “program kampung bantar di Kelurahan Eka Jaya"),
        ("en", "semarang-p2kp", "not stated"),
        ("id", "semarang-p2kp", "tidak disebutkan"),
    ],
)
def test_a_profile_states_the_studys_coded_implementation_outcome(lang, study_id, shown):
    """The rating and verdict the coder filled in (the QCA and the meta-matrix use them) are on the study's
    own profile, in its language, with the verbatim sentence."""
    r = report.start("1-study-profile", study_id=study_id, lang=lang)
    fields = dict(profile.metadata(r).data.itertuples(index=False))
    assert fields[r.t("field.outcome")].startswith(shown)
