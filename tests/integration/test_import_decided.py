"""`studykit import-findings` never quietly undoes an analyst's work: rows meet the study's findings by id,
a suggestion sheet adds to the reviewed ones, an old sheet cannot undo later review (unless --replace), and an
empty summary keeps the study a draft as it does in YAML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import invoke_studykit, rows_of, snapshot, write_rows

from studykit.coding import studyfile

STUDY = "purbayan-p2kp"


def findings_of(data: Path, study_id: str = STUDY) -> dict[str, dict]:
    text = (data / f"studies/{study_id}.yaml").read_text(encoding="utf-8")
    return {f["finding_id"]: dict(f) for f in studyfile.load(text)["findings"]}


def edit_study(data: Path, change, study_id: str = STUDY) -> None:
    """Change the study file (its round-trip document) as an analyst would in an editor."""
    path = data / f"studies/{study_id}.yaml"
    document = studyfile.load(path.read_text(encoding="utf-8"))
    change(document, (data / f"sources/{study_id}.txt").read_text(encoding="utf-8"))
    path.write_text(studyfile.dump(document), encoding="utf-8")


def decided_work(document, source: str) -> None:
    """A rejected finding and one coded by hand, its quote words of the source."""
    document["findings"][1]["review_status"] = "rejected"
    number = studyfile.next_finding_number(document["findings"], STUDY)
    hand_made = {
        "finding_id": f"{STUDY}-{number:02d}",
        "finding_type": "effort",
        "theme_id": "T03",
        "summary_en": "Coded by hand in the editor.",
        "summary_id": "Dikodekan dengan tangan di editor.",
        "quote": " ".join(source.split()[30:38]),
        "note": "added by hand",
    }
    studyfile.append_findings(document, [hand_made])


def older_than_the_study(sheet: Path, data: Path, study_id: str = STUDY) -> Path:
    saved = (data / f"studies/{study_id}.yaml").stat().st_mtime
    os.utime(sheet, (saved - 60, saved - 60))
    return sheet


def test_a_suggestion_sheet_adds_to_the_reviewed_rejected_and_hand_made_findings(data_copy, tmp_path):
    edit_study(data_copy, decided_work)
    path = data_copy / f"studies/{STUDY}.yaml"
    before_text, before = path.read_text(encoding="utf-8"), findings_of(data_copy)
    suggested = invoke_studykit("suggest", STUDY, "--format", "csv", "--data", data_copy)
    assert suggested.returncode == 0, suggested.stderr
    sheet = tmp_path / "m.csv"
    sheet.write_text(suggested.stdout, encoding="utf-8")
    _, rows = rows_of(sheet)
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert result.returncode == 0, result.stderr
    assert "1 study file written" in result.stdout
    assert f"{len(before)} findings of these studies have no row in the sheet and were kept" in result.stdout
    after = findings_of(data_copy)
    assert path.read_text(encoding="utf-8").startswith(before_text)  # every finding and comment as it was
    assert {k: after[k] for k in before} == before
    new = [after[k] for k in after if k not in before]
    assert [f["finding_id"] for f in new] == [r["finding_id"] for r in rows]
    assert new and {f["review_status"] for f in new} == {"unreviewed"}


def test_a_sheet_that_would_make_decided_findings_unreviewed_again_is_refused(data_copy, tmp_path):
    edit_study(data_copy, decided_work)
    decided = list(findings_of(data_copy))[:2]  # one reviewed, one rejected
    out = tmp_path / "out"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    header, rows = rows_of(out / "findings.csv")
    numbers = {}
    for number, row in enumerate(rows, start=2):
        if row["finding_id"] in decided:
            row["review_status"], numbers[row["finding_id"]] = "unreviewed", number
    sheet = write_rows(tmp_path / "suggested-long-ago.csv", header, rows)
    before = snapshot(data_copy)
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert result.returncode == 1 and result.stderr.strip().endswith("nothing was written.")
    for (finding_id, number), status in zip(numbers.items(), ["reviewed", "rejected"], strict=True):
        assert (
            f"{sheet}:{number}: review_status: {finding_id} is {status} in data/studies/{STUDY}.yaml; "
            "this row would make it unreviewed again" in result.stderr
        ), result.stderr
    assert snapshot(data_copy) == before
    replaced = invoke_studykit("import-findings", sheet, "--replace", "--data", data_copy)
    assert replaced.returncode == 0, replaced.stderr
    assert {findings_of(data_copy)[k]["review_status"] for k in decided} == {"unreviewed"}


def test_an_older_export_keeps_later_findings_and_cannot_undo_later_edits(data_copy, tmp_path):
    out = tmp_path / "out"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    sheet = out / "findings.csv"
    edit_study(data_copy, decided_work)  # later work: a rejection and a finding coded by hand
    older_than_the_study(sheet, data_copy)
    header, rows = rows_of(sheet)
    [rejected_row] = [n for n, r in enumerate(rows, start=2) if r["finding_id"] == f"{STUDY}-02"]
    later = findings_of(data_copy)
    before = snapshot(data_copy)
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert result.returncode == 1, result.stdout
    assert (
        f"{sheet}:{rejected_row}: review_status: {STUDY}-02 is rejected and data/studies/{STUDY}.yaml "
        "was saved after this sheet; the row would change its review_status" in result.stderr
    ), result.stderr
    assert snapshot(data_copy) == before
    rows = [r for r in rows if r["finding_id"] != f"{STUDY}-02"]  # the older sheet without that finding
    older = older_than_the_study(write_rows(sheet, header, rows), data_copy)
    kept = invoke_studykit("import-findings", older, "--data", data_copy)
    assert kept.returncode == 0 and findings_of(data_copy) == later  # nothing of the later work is lost
    replaced = invoke_studykit("import-findings", sheet, "--replace", "--data", data_copy)
    assert replaced.returncode == 0, replaced.stderr
    assert "--replace: 2 findings without a row in the sheet were deleted" in replaced.stdout
    assert set(findings_of(data_copy)) == set(later) - {f"{STUDY}-02", max(later)}


@pytest.mark.parametrize("status", ["", "reviewed", "unreviewed"])
def test_an_empty_summary_keeps_the_study_a_draft_as_in_yaml(data_copy, tmp_path, status):
    out = tmp_path / "out"
    assert invoke_studykit("export", "--out", out, "--data", data_copy).returncode == 0
    header, rows = rows_of(out / "findings.csv")
    rows = [r for r in rows if r["study_id"] == STUDY]
    number = studyfile.next_finding_number(rows, STUDY)
    row = {**rows[0], "finding_id": f"{STUDY}-{number:02d}", "summary_en": "", "summary_id": " "}
    sheet = write_rows(tmp_path / "coded.csv", header, [*rows, {**row, "review_status": status}])
    result = invoke_studykit("import-findings", sheet, "--data", data_copy)
    assert result.returncode == 0, result.stderr
    written = findings_of(data_copy)[row["finding_id"]]
    assert written["summary_en"] is None and written["summary_id"] is None
    validate = invoke_studykit("validate", "--data", data_copy)
    assert validate.returncode == 0 and f"draft {data_copy}/studies/{STUDY}.yaml" in validate.stdout
    index = len(rows)
    assert (
        f"findings.{index}.summary_en" in validate.stdout
        and f"findings.{index}.summary_id" in validate.stdout
    )
    assert invoke_studykit("validate", "--strict", "--data", data_copy).returncode == 1
