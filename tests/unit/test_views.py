"""The report sections show what the data say: checked against the findings table, not against stored
output."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from studykit.reports import report
from studykit.reports.views import crosscase, explore, lens, profile


@pytest.fixture(scope="module")
def barrier_report():
    return report.start("2-cross-case", finding_types=["barrier"], min_studies=1, framework="ED", lang="en")


def test_cross_case_counts_show_exactly_the_barrier_themes_coded_for_each_study(barrier_report, corpus):
    r = barrier_report
    shown = crosscase.count_table(r).data  # rows: theme labels, columns: study labels
    f = corpus.findings
    f = f[(f["finding_type"] == "barrier") & f["restates"].isna()]
    for study in corpus.studies.itertuples():
        coded = {r.theme(t) for t in f.loc[f["study_id"] == study.study_id, "theme_id"]}
        in_table = set(shown.index[shown[study.label] > 0])
        assert in_table == coded, study.study_id


def test_min_studies_drops_themes_reported_by_fewer_studies(corpus):
    r = report.start("2-cross-case", finding_types=["barrier"], min_studies=2, framework="ED", lang="en")
    f = corpus.findings
    f = f[(f["finding_type"] == "barrier") & f["restates"].isna()]
    per_theme = f.groupby("theme_id")["study_id"].nunique()
    expected = {r.theme(t) for t in per_theme[per_theme >= 2].index}
    assert set(crosscase.count_table(r).data.index) == expected and expected


def test_headline_names_the_theme_most_studies_report_as_barrier(barrier_report, corpus):
    f = corpus.findings
    f = f[(f["finding_type"] == "barrier") & f["restates"].isna()]
    per_theme = f.groupby("theme_id")["study_id"].nunique()
    top = sorted(per_theme[per_theme == per_theme.max()].index)[0]
    headline = crosscase.commonality_table(barrier_report)[0].data
    assert (
        html.escape(barrier_report.theme(top), quote=False) in headline
        and f"{per_theme.max()} of {len(corpus.studies)}" in headline
    )


def test_study_profile_lists_every_distinct_finding_of_the_study(corpus):
    r = report.start("1-study-profile", study_id="semarang-p2kp", lang="id")
    table = profile.findings(r).data
    expected = corpus.findings[
        (corpus.findings["study_id"] == "semarang-p2kp") & corpus.findings["restates"].isna()
    ]
    assert sorted(table[r.t("col.finding_id")]) == sorted(expected["finding_id"])
    assert set(table[r.t("col.summary")]) == set(
        expected["summary_id"]
    )  # Indonesian summaries in an Indonesian report


def test_explore_filters_combine(corpus):
    r = report.start("5-explore", study_id="jambi-bantar", finding_type="barrier", lang="en")
    f = corpus.findings
    expected = f[(f["study_id"] == "jambi-bantar") & (f["finding_type"] == "barrier")]
    assert list(explore.filtered(r)["finding_id"]) == sorted(expected["finding_id"])


def test_figures_carry_alt_text_caption_and_their_data(barrier_report):
    figure = crosscase.signed_figure(barrier_report)
    assert figure.png.startswith(b"\x89PNG") and figure.alt and figure.caption
    assert (figure.data.to_numpy() <= 0).all()  # barriers only: every signed cell is ≤ 0


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_bar_chart_says_its_bars_in_its_alt_text(lang):
    """What a bar chart shows, for a reader who cannot see it: each bar's label and number, in the report's
    language (the alt text only named the kind of chart)."""
    from studykit.reports.views import methods

    r = report.start("1-study-profile", study_id="jambi-bantar", lang=lang)
    figure = profile.by_type(r)
    said = [f"{r.finding_type(t)} {r.number(n)}" for t, n in figure.data["n_findings"].items()]
    assert len(said) >= 2 and all(bar in figure.alt for bar in said), (figure.alt, said)
    r = report.start("9-methods", lang=lang)
    figure = methods.characteristics_figure(r)
    said = [f"{label} {r.number(n)}" for label, n in figure.data["n_studies"].items()]
    assert len(said) >= 2 and all(bar in figure.alt for bar in said), (figure.alt, said)


def _without_default(data_dir, component):
    import yaml

    path = data_dir / "synthesis/cerqual.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["judgements"] = [
        j
        for j in content["judgements"]
        if not (j["review_finding_id"] == "*" and j["component"] == component)
    ]
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_evidence_profile_shows_not_judged_for_an_incomplete_cerqual_judgement(data_copy):
    """A review finding without all four component judgements once crashed the report (TypeError: boolean
    value of NA is ambiguous)."""
    from studykit.analysis.evidence import cerqual_profile
    from studykit.reports.views import evidence_profile

    _without_default(data_copy, "coherence")
    r = report.start("4-evidence-profile", data_dir=str(data_copy), lang="en")
    raw = cerqual_profile(r.corpus)
    unjudged = raw["coherence"].isna()
    assert (
        unjudged.any() and (~unjudged).any()
    )  # some findings have their own coherence judgement, others now have none
    profile = evidence_profile.profile_table(r).data
    soqf = evidence_profile.soqf_table(r).data
    assert len(profile) == len(soqf) == len(raw)
    assert (profile[r.t("col.coherence")] == "not judged").sum() == unjudged.sum()
    assert (soqf[r.t("col.confidence")] == r.t("confidence.not_judged")).sum() == unjudged.sum()
    assert set(soqf[r.t("col.confidence")]) - {r.t("confidence.not_judged")} <= {
        r.t(f"confidence.{c}") for c in ("high", "moderate", "low", "very_low")
    }


def test_evidence_profile_without_any_judgements_file_lists_every_finding_as_not_judged(data_copy):
    from studykit.reports.views import evidence_profile

    (data_copy / "synthesis/cerqual.yaml").unlink()
    r = report.start("4-evidence-profile", data_dir=str(data_copy), lang="id")
    soqf = evidence_profile.soqf_table(r).data
    assert len(soqf) >= 10 and set(soqf[r.t("col.confidence")]) == {
        "belum dinilai (ada komponen yang belum dinilai)"
    }


@pytest.mark.parametrize("lang, column", [("en", "label"), ("id", "label_id")])
def test_study_labels_on_figure_axes_and_tables_are_in_the_report_language(corpus, lang, column):
    r = report.start("2-cross-case", finding_types=["barrier"], min_studies=1, framework="ED", lang=lang)
    expected = list(corpus.studies[column])
    assert list(crosscase.count_table(r).data.columns) == expected
    assert [r.study(s) for s in corpus.studies["study_id"]] == expected


def test_framework_lens_by_island_shares_are_studies_with_direct_evidence_over_group_size(corpus):
    r = report.start("3-framework-lens", framework="ED", group_by="island", lang="en")
    barrier_share = lens.group_figures(r)[0].data  # variables × island groups, barriers first
    cw = corpus.crosswalk
    direct = cw[(cw["framework_id"] == "ED") & (cw["strength"] == "direct")]
    f = corpus.findings
    f = f[(f["finding_type"] == "barrier") & f["restates"].isna() & (f["review_status"] == "reviewed")]
    island = dict(zip(corpus.studies["study_id"], corpus.studies["island"], strict=False))
    sizes = corpus.studies["island"].value_counts()
    assert set(barrier_share.columns) == set(sizes.index) and len(sizes) > 1
    for variable, themes in direct.groupby("variable_id")["theme_id"]:
        reporting = set(f.loc[f["theme_id"].isin(themes), "study_id"])
        for group, n in sizes.items():
            k = sum(1 for s in reporting if island[s] == group)
            assert barrier_share.loc[variable, group] == pytest.approx(k / n), (variable, group)


def test_every_nonzero_count_links_to_a_finding_of_that_study_and_theme_in_its_profile(
    barrier_report, corpus
):
    r = barrier_report
    table = crosscase.count_table(r)
    f = corpus.findings.set_index("finding_id")
    label_to_study = dict(zip(corpus.studies["label"], corpus.studies["study_id"], strict=False))
    theme_of = {r.theme(t): t for t in corpus.themes["theme_id"]}
    markup = table._repr_html_()
    checked = 0
    for theme_label, row in table.data.iterrows():
        for study_label, count in row.items():
            href = table.hrefs.at[theme_label, study_label]
            if not count:
                assert pd.isna(href), (theme_label, study_label)
                continue
            study = label_to_study[study_label]
            page, finding = href.split("#f-")
            assert page == f"study-profile/{study}.html" and f.at[finding, "study_id"] == study
            assert (
                f.at[finding, "theme_id"] == theme_of[theme_label]
                and f.at[finding, "finding_type"] == "barrier"
            )
            assert f'<a href="{href}">{count}</a>' in markup
            checked += 1
    assert checked == int((table.data > 0).sum().sum()) > 0


@pytest.mark.parametrize("framework", ["VMVH", "ED"])
def test_variables_said_to_have_no_evidence_have_no_barrier_or_enabler_mapped_to_them(corpus, framework):
    # Purbayan reports T06 (disposition) both as a barrier and as an enabler: they balance in the signed
    # matrix, yet are evidence
    r = report.start("3-framework-lens", framework=framework, lang="en")
    said = lens.gaps(r).data
    cw = corpus.crosswalk
    direct = cw[(cw["framework_id"] == framework) & (cw["strength"] == "direct")]
    f = corpus.findings
    f = f[
        f["finding_type"].isin(["barrier", "enabler"])
        & f["restates"].isna()
        & (f["review_status"] == "reviewed")
    ]
    variables = corpus.frameworks.loc[corpus.frameworks["framework_id"] == framework, "variable_id"]
    evidenced = {
        v for v in variables if f["theme_id"].isin(direct.loc[direct["variable_id"] == v, "theme_id"]).any()
    }
    assert evidenced
    for v in variables:
        assert (f"{v} {r.variable(v)}" in said) == (v not in evidenced), v


def test_a_report_memo_computes_once_and_belongs_to_its_report():
    """Views share derived data (grouping, kept themes) through Report.memo: once per report, never across
    reports."""
    first, second = report.start("2-cross-case", lang="en"), report.start("2-cross-case", lang="en")
    calls = []
    assert first.memo("k", lambda: calls.append("a") or "a") == "a"
    assert first.memo("k", lambda: calls.append("b") or "b") == "a"
    assert second.memo("k", lambda: calls.append("c") or "c") == "c"
    assert calls == ["a", "c"]
