"""`studykit validate`: a summary when valid; one `file:line: field: message` per problem, never a traceback.

The real executable runs for a valid corpus and a missing folder; the many broken-input cases run the same
command in this process (``invoke_studykit``: an uncaught exception fails the test).
"""

from __future__ import annotations

import pytest
from helpers import BREAKAGES, invoke_studykit, replace_in, run_studykit, unknown_theme


def test_valid_corpus_prints_one_summary_line_and_exits_0():
    result = run_studykit("validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("valid: 5 studies, 54 findings (barrier ")


@pytest.mark.parametrize(
    "breakage, file, field, words, line", BREAKAGES, ids=[c[0].__name__.strip("_") for c in BREAKAGES]
)
def test_broken_input_gives_one_clear_line_and_exit_1(data_copy, breakage, file, field, words, line):
    breakage(data_copy)
    result = invoke_studykit("validate", "--data", data_copy)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    # shown from where the command runs: the data copy lies outside it, so the whole path
    where = f"{data_copy}/{file}:{line}: " if line else f"{data_copy}/{file}"
    matching = [
        text
        for text in result.stderr.splitlines()
        if text.startswith(where) and f" {field}: " in text and words in text
    ]
    assert matching, output


def test_every_problem_is_reported_not_only_the_first(data_copy):
    unknown_theme(data_copy)
    replace_in(data_copy / "studies/jambi-bantar.yaml", "theme_id: T15", "theme_id: T42")
    result = invoke_studykit("validate", "--data", data_copy)
    assert "T99" in result.stderr and "T42" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "2 problems; the corpus is not valid."


def test_missing_data_dir_is_a_clear_error(tmp_path):
    result = run_studykit("validate", "--data", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "not a directory" in result.stderr and "Traceback" not in result.stderr


def test_load_corpus_raises_corpus_error_listing_problems(data_copy):
    from studykit import CorpusError, load_corpus

    unknown_theme(data_copy)
    with pytest.raises(CorpusError) as info:
        load_corpus(data_copy)
    assert [p.field for p in info.value.problems] == ["findings.5.theme_id"]


def test_broken_cerqual_judgements_are_reported_with_line_and_field(data_copy):
    replace_in(data_copy / "synthesis/cerqual.yaml", "concern: serious", "concern: grave")
    replace_in(
        data_copy / "synthesis/cerqual.yaml",
        "review_finding_id: T13-barrier",
        "review_finding_id: T77-barrier",
    )
    result = invoke_studykit("validate", "--data", data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/synthesis/cerqual.yaml:" in result.stderr and "judgements.2.concern" in result.stderr


def test_cerqual_judgement_of_an_unknown_theme_is_reported(data_copy):
    replace_in(
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


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "a record of unsaved workbench work on study kota-lama, which has no study file"),
        (
            "id",
            "cadangan pekerjaan meja kerja yang belum disimpan pada studi kota-lama, yang tidak lagi punya",
        ),
    ],
)
def test_a_record_of_unsaved_work_on_a_study_that_is_gone_is_said_with_how_to_remove_it(
    data_copy, lang, said
):
    """Walk 15: the workbench offers a record of unsaved work only when its study opens, so the record of a
    study removed since stayed in data/ for ever, unsaid. validate names it (as it names a source no study
    uses) and says to delete it; a record of a study that is there is the workbench's to offer, not said."""
    gone = data_copy / ".studykit-unsaved.kota-lama.4242-0badf00d.json"
    kept = data_copy / ".studykit-unsaved.jambi-bantar.4242-0badf00d.json"
    for record in (gone, kept):
        record.write_text("{}", encoding="utf-8")
    result = invoke_studykit("validate", "--data", data_copy, "--lang", lang)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if said in line]
    assert len(lines) == 1 and lines[0].startswith(f"{gone}: "), result.stdout
    assert ("delete the file" if lang == "en" else "hapus berkasnya") in lines[0]
    assert "jambi-bantar.4242" not in result.stdout + result.stderr
    strict = invoke_studykit("validate", "--data", data_copy, "--strict")  # git-ignored: no corpus problem
    assert strict.returncode == 0 and "kota-lama" in strict.stderr, strict.stderr
