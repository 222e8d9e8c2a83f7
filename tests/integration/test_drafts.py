"""Drafts never block the corpus: validate lists them (and --strict fails), render leaves them out and names
them."""

from __future__ import annotations

import re

from helpers import invoke_studykit

from studykit import load_corpus, validate_corpus


def _new_draft(data_copy, tmp_path, study_id="surabaya-draft"):
    source = tmp_path / f"{study_id}.txt"
    source.write_text(
        "Penelitian di Kota Surabaya. Hambatan utama adalah keterbatasan dana program.\n", "utf-8"
    )
    assert invoke_studykit("new-study", source, "--id", study_id, "--data", data_copy).returncode == 0
    return data_copy / f"studies/{study_id}.yaml"


def test_a_new_study_is_a_draft_listed_with_what_it_needs_and_strict_fails(data_copy, tmp_path):
    before = load_corpus(data_copy)
    _new_draft(data_copy, tmp_path)
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert f"draft {data_copy}/studies/surabaya-draft.yaml (surabaya-draft)" in result.stdout
    assert re.search(r"surabaya-draft\.yaml:\d+: admin_unit: empty; fill it in", result.stdout)
    assert "findings: no findings yet" in result.stdout and "1 draft left out" in result.stdout
    strict = invoke_studykit("validate", "--strict", "--data", data_copy)
    assert strict.returncode == 1 and "--strict" in strict.stderr
    corpus = load_corpus(data_copy)
    assert corpus.study_ids == before.study_ids and [d.study_id for d in corpus.drafts] == ["surabaya-draft"]


def test_a_draft_with_a_real_error_still_fails(data_copy, tmp_path):
    path = _new_draft(data_copy, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("admin_unit_type: null", "admin_unit_type: city"), encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1 and "'city' is not allowed" in result.stderr


def test_unreviewed_findings_make_a_draft_rejected_ones_do_not(data_copy, corpus):
    study_id = corpus.study_ids[0]
    path = data_copy / f"studies/{study_id}.yaml"
    original = path.read_text(encoding="utf-8")
    first = re.search(r"^  - finding_id: .*$", original, re.M)
    path.write_text(
        original[: first.end()] + "\n    review_status: unreviewed" + original[first.end() :], "utf-8"
    )
    draft, problems = validate_corpus(data_copy)
    assert problems == [] and study_id not in draft.study_ids
    assert [(d.study_id, d.unreviewed) for d in draft.drafts] == [(study_id, 1)]
    kept = load_corpus(data_copy, include_drafts=True)
    assert study_id in kept.study_ids and kept.findings["review_status"].eq("unreviewed").sum() == 1
    path.write_text(
        original[: first.end()] + "\n    review_status: rejected" + original[first.end() :], "utf-8"
    )
    rejected = load_corpus(data_copy)
    assert rejected.drafts == () and study_id in rejected.study_ids
    from studykit.analysis import compare

    fid = first.group(0).split(": ")[1]
    assert fid not in set(compare.distinct_findings(rejected.findings, include_unreviewed=True)["finding_id"])
    assert fid in set(compare.distinct_findings(corpus.findings)["finding_id"])


def test_render_plans_no_report_for_a_draft_and_names_it_on_the_index_and_in_the_cross_case_note(
    data_copy, tmp_path
):
    from studykit.corpus.digest import data_hash
    from studykit.render import engine
    from studykit.render.manifest import load_plan
    from studykit.reports import start
    from studykit.reports.views import common

    before = load_plan(data_copy)
    _new_draft(data_copy, tmp_path)
    jobs = load_plan(data_copy)
    assert [j.output for j in jobs] == [j.output for j in before] and jobs.drafts == ("surabaya-draft",)
    reports = tmp_path / "reports"
    engine.write_index(jobs, reports, data_hash(data_copy), jobs.drafts)
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert 'id="drafts"' in index and "surabaya-draft" in index
    for lang in ("en", "id"):
        r = start("2-cross-case", data_dir=str(data_copy), lang=lang)
        note = common.corpus_note(r).data
        assert "surabaya-draft" in note and str(len(r.corpus.studies)) in note
    clean = start("2-cross-case", lang="en")
    assert "draft" not in common.corpus_note(clean).data


def test_a_corpus_with_a_draft_renders_and_the_cross_case_report_names_it(data_copy, tmp_path):
    from studykit.render import engine
    from studykit.render.manifest import load_plan

    _new_draft(data_copy, tmp_path)
    jobs = load_plan(data_copy)
    chosen = [j for j in jobs if j.notebook == "2-cross-case" and j.lang == "id"][:1]
    reports = tmp_path / "reports"
    results, _ = engine.render(chosen, reports_dir=reports, data_dir=data_copy, force=True, workers=1)
    assert [engine.failure_line(r, reports) for r in results if not r.ok] == []
    page = (reports / chosen[0].output).read_text(encoding="utf-8")
    assert "surabaya-draft" in page and "Tidak disertakan" in page


def test_an_accepted_finding_whose_summary_is_still_a_placeholder_is_a_draft(data_copy, corpus):
    """`suggest --write` puts placeholders in the summaries; set to reviewed without writing them, the
    study is a draft ("summary to write"), never a profile showing the placeholder."""
    from studykit.coding import studyfile

    study_id = corpus.study_ids[0]
    path = data_copy / f"studies/{study_id}.yaml"
    document = studyfile.load(path.read_text(encoding="utf-8"))
    findings = [dict(f) for f in document["findings"]]
    findings[0]["summary_id"] = "[usulan; tulis ringkasannya] penghambat: Dana"
    studyfile.set_findings(document, findings)
    path.write_text(studyfile.dump(document), encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert f"draft {data_copy}/studies/{study_id}.yaml ({study_id}): 1 summary to write" in result.stdout
    finding_id = findings[0]["finding_id"]  # named as the coder sees it, not only by its position
    named = rf"findings\.0\.summary_id: finding {finding_id}: summary to write"
    assert re.search(rf"{study_id}\.yaml:\d+: {named}", result.stdout), result.stdout
    assert study_id not in load_corpus(data_copy).study_ids
