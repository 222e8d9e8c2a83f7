"""`studykit validate`: a summary when valid; one `file:line: field: message` per problem, never a traceback.

The real executable runs for a valid corpus and a missing folder; the many broken-input cases run the same
command in this process (``invoke_studykit``: an uncaught exception fails the test).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import invoke_studykit, run_studykit

BENGKULU = "studies/bengkulu-samisake.yaml"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_valid_corpus_prints_one_summary_line_and_exits_0():
    result = run_studykit("validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("valid: 5 studies, 54 findings (barrier ")


def _yaml_syntax(d):
    edit(d / BENGKULU, "label: Bengkulu · SAMISAKE", "label: [Bengkulu")


def _csv_syntax(d):
    with (d / "codebook/crosswalk.csv").open("a", encoding="utf-8") as fh:
        fh.write('T01,ED,ED-COMM,"direct,unterminated\n')


def _truncated(d):
    path = d / BENGKULU
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - finding_id: bengkulu-samisake-03") + 30], encoding="utf-8")


def _bad_utf8(d):
    path = d / BENGKULU
    path.write_bytes(path.read_bytes().replace("Bengkulu · SAMISAKE".encode(), b"Bengkulu \xb7 SAMISAKE"))


def _empty(d):
    (d / BENGKULU).write_text("", encoding="utf-8")


def _missing_field(d):
    edit(d / BENGKULU, "province: Bengkulu\n", "")


def _not_allowed(d):
    edit(d / BENGKULU, "finding_type: barrier", "finding_type: obstacle")


def _unknown_theme(d):
    edit(d / BENGKULU, "theme_id: T08", "theme_id: T99")


def _quote_not_in_source(d):
    edit(
        d / BENGKULU,
        "ketidaksesuaian visi antara eksekutif dan legislatif",
        "perbedaan visi antara eksekutif dan legislatif",
    )


def _duplicate_study(d):
    text = (d / BENGKULU).read_text(encoding="utf-8")
    (d / "studies/bengkulu-copy.yaml").write_text(text, encoding="utf-8")


def _duplicate_finding(d):
    edit(d / BENGKULU, "finding_id: bengkulu-samisake-02", "finding_id: bengkulu-samisake-01")


def _finding_of_other_study(d):
    edit(d / BENGKULU, "finding_id: bengkulu-samisake-02", "finding_id: jakarta-kjp-02")


def _missing_source(d):
    (d / "sources/bengkulu-samisake.txt").unlink()


def _edited_source(d):
    with (d / "sources/bengkulu-samisake.txt").open("a", encoding="utf-8") as fh:
        fh.write("edited\n")


def _unknown_province(d):
    edit(d / BENGKULU, "province: Bengkulu\n", "province: Bengkulu Raya\n")


def _outcome_quote_not_in_source(d):
    edit(d / BENGKULU, "belum berjalan dengan maksimal\n", "belum berjalan dengan optimal\n")


def _outcome_rating_without_quote(d):
    edit(d / "studies/semarang-p2kp.yaml", "rating: not_stated", "rating: successful")


def _not_stated_with_quote(d):
    edit(d / BENGKULU, "rating: poor", "rating: not_stated")


def _unknown_programme_family(d):
    edit(d / BENGKULU, "programme_family: local", "programme_family: PNPM")


def _duplicate_province(d):
    with (d / "codebook/provinces.csv").open("a", encoding="utf-8") as fh:
        fh.write("Bengkulu,Bengkulu,Bengkulu,sumatera\n")


CASES = [
    # (breakage, file named in the message, field named, words of the message, line expected)
    (_yaml_syntax, BENGKULU, "yaml", "invalid YAML syntax", 4),
    (_csv_syntax, "codebook/crosswalk.csv", "csv", "invalid CSV syntax", 145),
    (_truncated, BENGKULU, "findings.2.finding_type", "required field is missing", None),
    (_bad_utf8, BENGKULU, "encoding", "invalid UTF-8", 3),
    (_empty, BENGKULU, "file", "file is empty", None),
    (_missing_field, BENGKULU, "province", "required field is missing", None),
    (_not_allowed, BENGKULU, "findings.3.finding_type", "'obstacle' is not allowed", 67),
    (_unknown_theme, BENGKULU, "findings.5.theme_id", "unknown theme id 'T99'", 87),
    (
        _quote_not_in_source,
        BENGKULU,
        "findings.5.quote",
        "quote not found in data/sources/bengkulu-samisake.txt",
        90,
    ),
    (
        _duplicate_study,
        BENGKULU,
        "study_id",
        "duplicate study id 'bengkulu-samisake', already used in data/studies/bengkulu-copy.yaml",
        2,
    ),
    (
        _duplicate_finding,
        BENGKULU,
        "findings.1.finding_id",
        "duplicate finding id 'bengkulu-samisake-01'",
        50,
    ),
    (
        _finding_of_other_study,
        BENGKULU,
        "findings.1.finding_id",
        "does not belong to study 'bengkulu-samisake'",
        50,
    ),
    (_missing_source, BENGKULU, "source.file", "file not found", 29),
    (_edited_source, BENGKULU, "source.sha256", "has changed since it was recorded", 31),
    (_unknown_province, BENGKULU, "province", "unknown province 'Bengkulu Raya'", 8),
    (
        _outcome_quote_not_in_source,
        BENGKULU,
        "implementation_outcome.quote",
        "quote not found in data/sources/bengkulu-samisake.txt",
        23,
    ),
    (
        _outcome_rating_without_quote,
        "studies/semarang-p2kp.yaml",
        "implementation_outcome.quote",
        "rating 'successful' needs the verbatim sentence",
        25,
    ),
    (
        _not_stated_with_quote,
        BENGKULU,
        "implementation_outcome.quote",
        "rating not_stated takes no quote",
        23,
    ),
    (_unknown_programme_family, BENGKULU, "programme_family", "'PNPM' is not allowed", 14),
    (_duplicate_province, "codebook/provinces.csv", "province", "duplicate province 'Bengkulu'", 40),
]


@pytest.mark.parametrize(
    "breakage, file, field, words, line", CASES, ids=[c[0].__name__.strip("_") for c in CASES]
)
def test_broken_input_gives_one_clear_line_and_exit_1(data_copy, breakage, file, field, words, line):
    breakage(data_copy)
    result = invoke_studykit("validate", "--data", data_copy)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    where = f"data/{file}:{line}: " if line else f"data/{file}"
    matching = [
        text
        for text in result.stderr.splitlines()
        if text.startswith(where) and f" {field}: " in text and words in text
    ]
    assert matching, output


def test_every_problem_is_reported_not_only_the_first(data_copy):
    _unknown_theme(data_copy)
    edit(data_copy / "studies/jambi-bantar.yaml", "theme_id: T15", "theme_id: T42")
    result = invoke_studykit("validate", "--data", data_copy)
    assert "T99" in result.stderr and "T42" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "2 problem(s); the corpus is not valid."


def test_missing_data_dir_is_a_clear_error(tmp_path):
    result = run_studykit("validate", "--data", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "not a directory" in result.stderr and "Traceback" not in result.stderr


def test_load_corpus_raises_corpus_error_listing_problems(data_copy):
    from studykit import CorpusError, load_corpus

    _unknown_theme(data_copy)
    with pytest.raises(CorpusError) as info:
        load_corpus(data_copy)
    assert [p.field for p in info.value.problems] == ["findings.5.theme_id"]


def test_broken_cerqual_judgements_are_reported_with_line_and_field(data_copy):
    edit(data_copy / "synthesis/cerqual.yaml", "concern: serious", "concern: grave")
    edit(
        data_copy / "synthesis/cerqual.yaml",
        "review_finding_id: T13-barrier",
        "review_finding_id: T77-barrier",
    )
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/synthesis/cerqual.yaml:" in result.stderr and "judgements.2.concern" in result.stderr


def test_cerqual_judgement_of_an_unknown_theme_is_reported(data_copy):
    edit(
        data_copy / "synthesis/cerqual.yaml",
        "review_finding_id: T02-barrier\n    component: coherence",
        "review_finding_id: T77-barrier\n    component: coherence",
    )
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1
    assert (
        "unknown theme in 'T77-barrier'" in result.stderr
        and "judgements.8.review_finding_id" in result.stderr
    )
