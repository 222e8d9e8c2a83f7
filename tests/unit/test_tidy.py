"""The analysis-ready tables of the export (quotes: one row per coded quote with its study's attributes and
its code path; cases: one row per study with 0/1 per finding type and theme) count what the reports count."""

from __future__ import annotations

import pandas as pd

from studykit import load_corpus
from studykit.analysis import codebook, compare, tidy
from studykit.analysis.cases import case_table
from studykit.corpus.memos import document


def test_quotes_join_each_finding_to_its_study_and_theme(corpus):
    quotes = tidy.quotes(corpus)
    assert list(quotes.columns) == tidy.QUOTE_COLUMNS
    assert list(quotes["finding_id"]) == list(corpus.findings["finding_id"])  # findings.csv's rows, its order
    studies = corpus.studies.set_index("study_id")
    themes = corpus.themes.set_index("theme_id")
    for row in quotes.itertuples():
        study = studies.loc[row.study_id]
        assert (row.study_label, row.province, row.programme_family, row.outcome_rating) == (
            study["label"],
            study["province"],
            study["programme_family"],
            study["outcome_rating"],
        )
        assert row.frameworks_declared == "; ".join(study["frameworks_declared"])
        assert (row.theme_label_en, row.theme_label_id, row.theme_group) == tuple(
            themes.loc[row.theme_id, ["label_en", "label_id", "group"]]
        )


def test_counted_quotes_give_the_reports_counts(corpus):
    quotes = tidy.quotes(corpus)
    restating = set(corpus.findings.loc[corpus.findings["restates"].notna(), "finding_id"])
    assert restating  # the bundled corpus has restatements: they are rows, but not counted
    assert set(quotes.loc[quotes["counted"] == 0, "finding_id"]) == restating
    counted = quotes[quotes["counted"] == 1]
    by_type = counted.groupby(["theme_id", "finding_type"]).size().unstack(fill_value=0)
    report8 = codebook.counts_by_type(corpus.findings, corpus.theme_ids)  # the codebook report's table
    for theme_id, finding_type in report8.drop(columns=["total", "n_studies"]).stack().index:
        expected = report8.at[theme_id, finding_type]
        assert by_type.get(finding_type, pd.Series(dtype=int)).get(theme_id, 0) == expected
    by_study = counted.groupby(["theme_id", "study_id"]).size()
    report2 = compare.theme_matrix(corpus.findings, None, corpus.studies)  # the cross-case count table
    for (theme_id, study_id), n in report2.stack().items():
        assert by_study.get((theme_id, study_id), 0) == n


def test_a_rejected_suggestion_is_no_quote_and_no_presence(data_copy):
    path = data_copy / "studies/jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    quote = (
        "    quote: rendahnya partisipasi masyarakat terhadap program ini meskipun telah disosialisasikan\n"
    )
    assert text.count(quote) == 1
    before = load_corpus(data_copy)
    rejected = before.findings.loc[before.findings["quote"].str.startswith("rendahnya partisipasi")].iloc[0]
    column = tidy.code_column(rejected["theme_id"], rejected["finding_type"])
    assert tidy.cases(before).set_index("study_id").at["jambi-bantar", column] == 1
    path.write_text(text.replace(quote, quote + "    review_status: rejected\n"), encoding="utf-8")
    after = load_corpus(data_copy)
    assert rejected["finding_id"] not in set(tidy.quotes(after)["finding_id"])
    assert len(tidy.quotes(after)) == len(after.findings) - 1
    others = after.findings[
        (after.findings["study_id"] == "jambi-bantar")
        & (after.findings["theme_id"] == rejected["theme_id"])
        & (after.findings["finding_type"] == rejected["finding_type"])
        & (after.findings["review_status"] == "reviewed")
        & after.findings["restates"].isna()
    ]
    assert others.empty  # it was the study's only such finding: the study no longer reports it
    assert tidy.cases(after).set_index("study_id").at["jambi-bantar", column] == 0


def test_cases_are_report_6_s_case_table_for_every_condition(corpus):
    cases = tidy.cases(corpus)
    assert list(cases["study_id"]) == list(corpus.studies["study_id"])
    assert list(cases.columns) == tidy.CASE_HEAD + tidy.code_columns(corpus.theme_ids)
    conditions = [f"{t}-{ft}" for ft in ("barrier", "enabler", "outcome") for t in corpus.theme_ids]
    for outcome in ("shortfall", "success"):
        qca = case_table(corpus.findings, corpus.studies, conditions, outcome)  # what report 6 analyses
        rated = cases[cases[outcome].notna()].set_index("study_id")
        assert list(rated.index) == sorted(qca.data["case"]) and sorted(qca.excluded) == sorted(
            set(cases["study_id"]) - set(rated.index)
        )
        for name, condition in qca.conditions.items():
            theme_id, finding_type = condition.split("-")
            expected = qca.data.set_index("case")[name]
            assert (
                rated.loc[expected.index, tidy.code_column(theme_id, finding_type)].tolist()
                == expected.tolist()
            )
        assert rated.loc[qca.data["case"], outcome].tolist() == qca.data[qca.outcome].tolist()


def test_cases_presence_is_the_cross_case_matrix_and_counts_its_findings(corpus):
    cases = tidy.cases(corpus).set_index("study_id")
    for finding_type in ("barrier", "enabler", "effort"):
        matrix = compare.theme_matrix(corpus.findings, finding_type, all_themes=corpus.theme_ids)  # report 2
        for theme_id in corpus.theme_ids:
            column = cases[tidy.code_column(theme_id, finding_type)]
            expected = (matrix.loc[theme_id].reindex(cases.index, fill_value=0) > 0).astype(int)
            assert column.tolist() == expected.tolist()
    barriers = cases[[tidy.code_column(t, "barrier") for t in corpus.theme_ids]].to_numpy()
    together = compare.cooccurrence(
        corpus.findings, ("barrier",)
    )  # report 2's "Barriers that occur together"
    index = [corpus.theme_ids.index(t) for t in together.index]
    assert (barriers.T @ barriers)[index][:, index].tolist() == together.to_numpy().tolist()
    n = compare.distinct_findings(corpus.findings)["study_id"].value_counts()
    assert cases["n_findings"].tolist() == [n.get(s, 0) for s in cases.index]


def test_every_column_is_described_and_zero_one_columns_are_bounded(corpus):
    quotes, cases = tidy.quotes_schema(), tidy.cases_schema(corpus)
    assert [f["name"] for f in quotes["fields"]] == tidy.QUOTE_COLUMNS
    assert [f["name"] for f in cases["fields"]] == list(tidy.cases(corpus).columns)
    for field in quotes["fields"] + cases["fields"]:
        assert field.get("description"), field["name"]
    t04 = next(f for f in cases["fields"] if f["name"] == "T04_barrier")
    assert t04["constraints"] == {"required": True, "minimum": 0, "maximum": 1}
    assert "T04 (Financial resources & budget)" in t04["description"]


def _with_memos(data_copy):
    """The bundled data with a memo at every level: a finding's in its memo field, another finding's in the
    field and in a file."""
    path = data_copy / "studies/jambi-bantar.yaml"
    text = path.read_text(encoding="utf-8")
    for fid, body in (("jambi-bantar-01", "Field memo one."), ("jambi-bantar-02", "Field memo two.")):
        at = text.index(f"finding_id: {fid}")
        indent = " " * (at - text.rindex("\n", 0, at) - 1)
        block = "".join(
            f"{indent}  {line}\n" for line in document("Rina", "2026-12-01", body, "en").splitlines()
        )
        text = text[:at] + f"memo: |\n{block}{indent}" + text[at:]
    path.write_text(text, encoding="utf-8")
    memos = data_copy / "memos"
    for place, body, language in (
        ("project.md", "Hanya abstrak.", "id"),
        ("studies/purbayan-p2kp.md", "A desa, not a city.", "en"),
        ("themes/T04.md", "Anggaran tumpang tindih dengan T05.", "id"),
        ("findings/jambi-bantar-02.md", "File memo two.", None),
    ):
        (memos / place).parent.mkdir(parents=True, exist_ok=True)
        (memos / place).write_text(document("Budi", "2026-12-02", body, language), encoding="utf-8")
    return load_corpus(data_copy)


def test_every_memo_is_a_row_with_what_it_is_about(data_copy):
    corpus = _with_memos(data_copy)
    memos = tidy.memos(corpus)
    assert list(memos.columns) == tidy.MEMO_COLUMNS
    rows = {(r.level, r.target, r.text): r for r in memos.itertuples()}
    assert len(rows) == len(memos) == 6
    assert rows["project", "", "Hanya abstrak."].language == "id"
    assert pd.isna(rows["project", "", "Hanya abstrak."].study_id)
    assert rows["study", "purbayan-p2kp", "A desa, not a city."].study_id == "purbayan-p2kp"
    theme = rows["theme", "T04", "Anggaran tumpang tindih dengan T05."]
    assert (theme.theme_id, theme.author, theme.date) == ("T04", "Budi", "2026-12-02")
    findings = corpus.findings.set_index("finding_id")
    for fid, body in (("jambi-bantar-01", "Field memo one."), ("jambi-bantar-02", "File memo two.")):
        row = rows["finding", fid, body]
        assert (row.study_id, row.theme_id, row.finding_type) == (
            "jambi-bantar",
            findings.at[fid, "theme_id"],
            findings.at[fid, "finding_type"],
        )
    assert rows["finding", "jambi-bantar-01", "Field memo one."].file.endswith("studies/jambi-bantar.yaml")
    assert rows["finding", "jambi-bantar-02", "File memo two."].file.endswith(
        "memos/findings/jambi-bantar-02.md"
    )


def test_a_quote_carries_its_finding_s_memo_wherever_it_is_written(data_copy):
    quotes = tidy.quotes(_with_memos(data_copy)).set_index("finding_id")["memo"]
    assert quotes["jambi-bantar-01"] == "Field memo one."  # the field's text, no front matter
    assert (
        quotes["jambi-bantar-02"] == "Field memo two.\n\nFile memo two."
    )  # both, as the workbench shows them
    assert quotes.drop(["jambi-bantar-01", "jambi-bantar-02"]).isna().all()
