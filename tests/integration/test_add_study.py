"""End to end: a study added from a PDF (new-study, suggest, import-findings) validates, renders, and joins
every comparison.

Nothing but the new study's two files is edited: not reports.yaml, not the codebook.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from helpers import fill_metadata, invoke_studykit, make_pdf, snapshot

ABSTRACT = (
    "Implementasi Program Kemiskinan X di Kota Contoh\n"
    "Penelitian ini bertujuan untuk mengetahui implementasi Program Kemiskinan X di Kota Contoh. "
    "Metode penelitian adalah kualitatif deskriptif dengan wawancara dan observasi.\n"
    "Hasil penelitian menunjukkan bahwa implementasi program belum berjalan dengan optimal. "
    "Faktor penghambat pelaksanaan program yaitu keterbatasan dana, lemahnya koordinasi antar dinas dan "
    "rendahnya partisipasi masyarakat. "
    "Diharapkan pemerintah daerah meningkatkan sosialisasi kepada masyarakat.\n"
)
LABEL = "Kota Contoh · PKX"


def test_a_study_added_from_a_pdf_validates_renders_and_appears_in_every_cross_case_table_and_the_index(
    data_copy, tmp_path, monkeypatch
):
    from studykit import load_corpus
    from studykit.analysis import compare, evidence
    from studykit.corpus.digest import data_hash
    from studykit.render import engine
    from studykit.render.manifest import load_plan

    before = snapshot(data_copy)
    pdf = make_pdf(tmp_path / "abstrak.pdf", ABSTRACT)
    assert invoke_studykit("new-study", pdf, "--id", "contoh-pkx", "--data", data_copy).returncode == 0
    fill_metadata(data_copy / "studies/contoh-pkx.yaml")

    # the analyst codes in a spreadsheet: the suggestions, accepted with their summaries written
    suggested = invoke_studykit("suggest", "contoh-pkx", "--format", "csv", "--data", data_copy)
    assert suggested.returncode == 0, suggested.stderr
    rows = list(csv.DictReader(io.StringIO(suggested.stdout)))
    assert {(r["finding_type"], r["theme_id"]) for r in rows} >= {
        ("outcome", "T15"),
        ("barrier", "T04"),
        ("barrier", "T07"),
        ("barrier", "T09"),
    }
    for r in rows:
        r.update(
            review_status="reviewed",
            note="",
            summary_en=f"Accepted {r['finding_type']} on {r['theme_id']}.",
            summary_id=f"Diterima: {r['finding_type']} {r['theme_id']}.",
        )
    sheet = tmp_path / "contoh-pkx.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    imported = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert imported.returncode == 0, imported.stderr

    validated = invoke_studykit("validate", "--data", data_copy)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith(f"valid: 6 studies, {54 + len(rows)} findings")
    after = snapshot(data_copy)
    assert sorted(k for k in after if before.get(k) != after[k]) == [
        "sources/contoh-pkx.txt",
        "studies/contoh-pkx.yaml",
    ]

    # every cross-case table counts the new study
    corpus = load_corpus(data_copy)
    f, s = corpus.findings, corpus.studies
    assert "contoh-pkx" in compare.theme_matrix(f, studies=s).columns
    assert "contoh-pkx" in compare.signed_matrix(f, studies=s).columns
    assert "contoh-pkx" in compare.jaccard_similarity(f, studies=s).columns
    common = compare.commonality(f)
    assert (
        "contoh-pkx" in common.loc["T04", "barrier_studies"]
        and "contoh-pkx" in common.loc["T09", "barrier_studies"]
    )
    assert "contoh-pkx" in evidence.evidence_profile(f, s).loc["T09-barrier", "studies"]

    # render its profile and the cross-case reports (English), then the index of the full plan
    reports = tmp_path / "reports"
    jobs = load_plan(data_copy)
    assert {j.output for j in jobs} >= {
        "en/study-profile/contoh-pkx.html",
        "id/study-profile/contoh-pkx.html",
    }
    chosen = [
        j
        for j in jobs
        if j.lang == "en" and (j.output == "en/study-profile/contoh-pkx.html" or j.notebook == "2-cross-case")
    ]
    monkeypatch.setenv(
        "STUDYKIT_DATA_DIR", str(data_copy)
    )  # render() sets it for its kernels; restored after the test
    monkeypatch.chdir(
        data_copy.parent
    )  # `studykit render --data data`: a relative data directory must reach the kernels
    results, _ = engine.render(chosen, reports_dir=reports, data_dir=Path("data"), force=True, workers=2)
    assert [engine.failure_line(r, reports) for r in results if not r.ok] == []
    profile = (reports / "en/study-profile/contoh-pkx.html").read_text(encoding="utf-8")
    assert LABEL in profile and "keterbatasan dana" in profile
    for job in chosen:
        if job.notebook == "2-cross-case":
            assert LABEL in (reports / job.output).read_text(encoding="utf-8"), job.output
    engine.write_index(jobs, reports, data_hash(data_copy))
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert 'href="en/study-profile/contoh-pkx.html"' in index and LABEL in index
