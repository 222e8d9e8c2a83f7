"""The methods appendix: its numbers recomputed from the data, the memo index, the agreement seam."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from helpers import write_memos

from studykit.reports import report
from studykit.reports.html import Linked


@pytest.fixture(scope="module")
def appendix_en():
    return report.start("9-methods", lang="en")


def _rows(block, caption_start: str):
    table = next(x for x in block if getattr(x, "caption", None) and x.caption.startswith(caption_start))
    return table.data


def test_study_characteristics_equal_an_independent_count_of_the_studies(appendix_en):
    from studykit.reports.views import methods

    r = appendix_en
    shown = _rows(methods.characteristics(r), "Studies by year")
    studies = r.corpus.studies
    by_attribute = {
        a: dict(zip(p[r.t("col.group")], p[r.t("col.n_studies")], strict=False))
        for a, p in shown.groupby(r.t("col.attribute"))
    }
    years = Counter("not stated" if pd.isna(y) else str(int(y)) for y in studies["year"])
    assert by_attribute["year"] == dict(years)
    provinces = dict(zip(r.corpus.provinces["province"], r.corpus.provinces["label_en"], strict=False))
    assert by_attribute["province"] == dict(Counter(provinces[p] for p in studies["province"]))
    assert sum(by_attribute["island group"].values()) == len(studies)
    assert sum(by_attribute["source type"].values()) == len(studies)
    declared = Counter(f for fs in studies["frameworks_declared"] for f in fs)
    for fid, n in declared.items():
        assert by_attribute["declared framework"][r.framework_name(fid)] == n
    assert by_attribute["declared framework"].get("none declared", 0) == sum(
        not fs for fs in studies["frameworks_declared"]
    )


def test_extraction_and_coder_figures_equal_an_independent_count_of_the_findings(appendix_en):
    from studykit.reports.views import methods

    r = appendix_en
    f = r.corpus.findings
    text = repr(methods.extraction(r)[1])
    counted = f[(f["review_status"] == "reviewed") & f["restates"].isna()]
    assert f"{len(f)} findings were coded" in text
    assert f"{f['quote_start'].notna().sum()} of {len(f)} located" in text
    assert f"{len(counted)} findings count in the analyses" in text
    assert f"{f['restates'].notna().sum()} restate an earlier finding" in text
    coders = _rows(methods.coders(r), "Studies and counted findings")
    assert coders["Studies"].sum() == len(r.corpus.studies)
    assert coders["Findings"].sum() == len(counted)
    assert "No second coding is configured" in repr(methods.coders(r)[-1])


def test_memo_index_lists_every_memo_with_a_link_to_where_it_is_shown(data_copy):
    from studykit.reports.views import methods

    texts = write_memos(data_copy)
    r = report.start("9-methods", data_dir=str(data_copy), lang="id")
    index = methods.memo_index(r)
    rows = index[-1].data
    assert len(rows) == len(r.corpus.memos) == 4
    hrefs = [cell.href for cell in rows[r.t("col.memo_about")] if isinstance(cell, Linked)]
    assert hrefs == [
        "#memo-project",
        "study-profile/jambi-bantar.html#memo-study-jambi-bantar",
        "codebook.html#memo-theme-T04",
        f"study-profile/jambi-bantar.html#memo-finding-{texts['finding_id']}",
    ]
    assert list(rows[r.t("col.memo_language")]) == [
        "ditulis dalam bahasa Inggris",
        "ditulis dalam bahasa Indonesia",
        "bahasa tidak disebutkan",
        "ditulis dalam bahasa Inggris",
    ]
    project = methods.title(r)[1]
    assert 'id="memo-project"' in project.markup and "<strong>these</strong>" in project.markup


def test_the_appendix_reports_the_second_coding_the_manifest_names(data_copy):
    """The methods appendix and the agreement report get one second coding from the render's plan: a
    folder named by ``second_coding:`` in reports.yaml (not data/second-coding/), with the agreement
    report's own figures."""
    import shutil

    import yaml

    from studykit.analysis import agreement
    from studykit.corpus.load import load_corpus
    from studykit.paths import NOTEBOOKS_DIR
    from studykit.render.manifest import Catalog, plan, read_manifest
    from studykit.reports.views import methods

    second = data_copy.parent / "coder-b"
    second.mkdir()
    for sub in ("codebook", "sources", "studies"):
        shutil.copytree(data_copy / sub, second / sub)
    path = second / "studies/jambi-bantar.yaml"
    study = yaml.safe_load(path.read_text(encoding="utf-8"))
    study["findings"] = study["findings"][1:]  # the second coder left one finding out
    path.write_text(yaml.safe_dump(study, allow_unicode=True, sort_keys=False), encoding="utf-8")
    manifest = {
        "notebooks": str(NOTEBOOKS_DIR),
        "languages": ["en"],
        "second_coding": "coder-b",
        "reports": [{"notebook": "9-methods", "title": "methods.title", "output": "methods"}],
    }
    manifest_path = data_copy.parent / "reports.yaml"
    manifest_path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    jobs = plan(read_manifest(manifest_path), Catalog.read(data_copy), manifest_path, data_copy)
    named = {job.notebook: job.parameters["second_coding"] for job in jobs}
    assert named == {"9-methods": "coder-b", "7-agreement": "coder-b"}
    paired = agreement.independent(agreement.pair(load_corpus(data_copy), load_corpus(second)))
    expected = agreement.presence_agreement(paired)  # the copied study files left out
    methods_job = next(job for job in jobs if job.notebook == "9-methods")
    r = report.start("9-methods", data_dir=str(data_copy), **methods_job.parameters)
    text = repr(methods.coders(r)[-1])
    assert f"percent agreement {expected.overall['percent_agreement']:.2f}" in text
    assert f"Cohen's kappa {expected.overall['cohen_kappa']:.2f}" in text
    assert f"{len(expected.studies)} studies (coder-b)" in text
    assert expected.overall["percent_agreement"] < 1
    plain = report.start("9-methods", data_dir=str(data_copy), lang="en")  # no second coding given
    assert "No second coding is configured" in repr(methods.coders(plain)[-1])
